#include "openness/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace openness {
namespace {

std::string PastEnd(uint64_t offset, uint64_t n, uint64_t size) {
  return "need " + std::to_string(n) + " bytes at byte " + std::to_string(offset) +
         " but the file has " + std::to_string(size) + " bytes";
}

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  uint64_t size() const override { return size_; }
  uint64_t bytes_read() const override { return bytes_read_; }

  Status Read(uint64_t offset, uint64_t n, std::string* out) override {
    if (offset > size_ || n > size_ - offset) return Status::Corruption(PastEnd(offset, n, size_));
    out->resize(n);
    uint64_t done = 0;
    while (done < n) {
      ssize_t got = ::pread(fd_, out->data() + done, n - done, static_cast<off_t>(offset + done));
      if (got < 0) {
        if (errno == EINTR) continue;
        return Status::IOError(std::string("read failed: ") + std::strerror(errno));
      }
      if (got == 0) return Status::Corruption(PastEnd(offset + done, n - done, offset + done));
      done += static_cast<uint64_t>(got);
    }
    bytes_read_ += n;
    return Status::Ok();
  }

 private:
  int fd_;
  uint64_t size_;
  uint64_t bytes_read_ = 0;
};

class MemSource final : public ByteSource {
 public:
  explicit MemSource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  uint64_t bytes_read() const override { return bytes_read_; }
  Status Read(uint64_t offset, uint64_t n, std::string* out) override {
    if (offset > bytes_.size() || n > bytes_.size() - offset) {
      return Status::Corruption(PastEnd(offset, n, bytes_.size()));
    }
    out->assign(bytes_.substr(offset, n));
    bytes_read_ += n;
    return Status::Ok();
  }

 private:
  std::string_view bytes_;
  uint64_t bytes_read_ = 0;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::IOError(path + ": not a regular file");
  }
  return std::unique_ptr<ByteSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<ByteSource> MemorySource(std::string_view bytes) {
  return std::make_unique<MemSource>(bytes);
}

ByteCursor::ByteCursor(ByteSource* source, uint64_t start, uint64_t buffer_bytes)
    : source_(source), offset_(start), buffer_bytes_(buffer_bytes), buffer_start_(start) {}

Status ByteCursor::Fill(uint64_t n) {
  const uint64_t size = source_->size();
  if (offset_ > size || n > size - offset_) return Status::Corruption(PastEnd(offset_, n, size));
  const uint64_t have_end = buffer_start_ + buffer_.size();
  if (offset_ >= buffer_start_ && offset_ + n <= have_end) return Status::Ok();
  const uint64_t want = std::min(std::max(n, buffer_bytes_), size - offset_);
  buffer_start_ = offset_;
  return source_->Read(offset_, want, &buffer_);
}

Status ByteCursor::ReadBytes(uint64_t n, std::string* out) {
  if (n > buffer_bytes_) {  // Large reads bypass the buffer.
    if (offset_ > source_->size() || n > source_->size() - offset_) {
      return Status::Corruption(PastEnd(offset_, n, source_->size()));
    }
    Status s = source_->Read(offset_, n, out);
    if (s.ok()) offset_ += n;
    return s;
  }
  Status s = Fill(n);
  if (!s.ok()) return s;
  out->assign(buffer_, offset_ - buffer_start_, n);
  offset_ += n;
  return Status::Ok();
}

Status ByteCursor::Skip(uint64_t n) {
  if (offset_ > source_->size() || n > source_->size() - offset_) {
    return Status::Corruption(PastEnd(offset_, n, source_->size()));
  }
  offset_ += n;
  return Status::Ok();
}

template <typename T>
Status ByteCursor::ReadInt(T* v) {
  Status s = Fill(sizeof(T));
  if (!s.ok()) return s;
  const auto* b = reinterpret_cast<const unsigned char*>(buffer_.data() + (offset_ - buffer_start_));
  T r = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    const size_t k = big_endian_ ? i : sizeof(T) - 1 - i;
    r = static_cast<T>((static_cast<uint64_t>(r) << 8) | b[k]);
  }
  *v = r;
  offset_ += sizeof(T);
  return Status::Ok();
}

Status ByteCursor::ReadU8(uint8_t* v) { return ReadInt(v); }
Status ByteCursor::ReadU16(uint16_t* v) { return ReadInt(v); }
Status ByteCursor::ReadU32(uint32_t* v) { return ReadInt(v); }
Status ByteCursor::ReadU64(uint64_t* v) { return ReadInt(v); }

}  // namespace openness
