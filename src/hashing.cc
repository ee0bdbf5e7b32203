// SHA-256 of files: OpenSSL EVP (loaded on first use, src/crypto_api.h), large sequential
// reads, one thread per file in flight.
#include "openness/hashing.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

#include "crypto_api.h"

namespace openness {
namespace {

// A SHA-256 in progress. Not ok() when libcrypto cannot be loaded or refuses (out of memory);
// the reason is in error().
class Digest {
 public:
  Digest() {
    api_ = LoadCrypto(&error_);
    if (api_ == nullptr) return;
    ctx_ = api_->md_ctx_new();
    if (ctx_ != nullptr && api_->digest_init_ex(ctx_, api_->sha256(), nullptr) != 1) {
      api_->md_ctx_free(ctx_);
      ctx_ = nullptr;
    }
    if (ctx_ == nullptr) error_ = "SHA-256 could not be set up";
  }
  ~Digest() {
    if (ctx_ != nullptr) api_->md_ctx_free(ctx_);
  }
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  bool ok() const { return ctx_ != nullptr; }
  const std::string& error() const { return error_; }
  bool Update(const void* bytes, size_t n) { return api_->digest_update(ctx_, bytes, n) == 1; }
  Status Finish(std::string* hex);

 private:
  const CryptoApi* api_ = nullptr;
  EVP_MD_CTX* ctx_ = nullptr;
  std::string error_;
};

std::string Hex(const unsigned char* digest, unsigned len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size_t{len} * 2, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = kDigits[digest[i] >> 4];
    out[2 * i + 1] = kDigits[digest[i] & 0xf];
  }
  return out;
}

Status Digest::Finish(std::string* hex) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (api_->digest_final_ex(ctx_, digest, &len) != 1) return Status::IOError("SHA-256 failed");
  *hex = Hex(digest, len);
  return Status::Ok();
}

size_t ClampBlock(size_t block_bytes) {
  return std::clamp<size_t>(block_bytes, size_t{4} << 10, size_t{256} << 20);
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  Digest digest;
  std::string hex;
  if (!digest.ok() || !digest.Update(bytes.data(), bytes.size()) || !digest.Finish(&hex).ok()) {
    return {};
  }
  return hex;
}

Status Sha256Source(ByteSource* source, size_t block_bytes, std::string* hex) {
  Digest digest;
  if (!digest.ok()) return Status::IOError(digest.error());
  const uint64_t block = ClampBlock(block_bytes);
  const uint64_t size = source->size();
  std::string buffer;
  for (uint64_t offset = 0; offset < size;) {
    const uint64_t n = std::min(block, size - offset);
    Status s = source->Read(offset, n, &buffer);
    if (!s.ok()) return s;
    if (!digest.Update(buffer.data(), buffer.size())) return Status::IOError("SHA-256 failed");
    offset += n;
  }
  return digest.Finish(hex);
}

Status Sha256File(const std::string& path, size_t block_bytes, std::string* hex) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Tell the kernel the whole file is read once, front to back: a larger read-ahead window.
  (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Digest digest;
  if (!digest.ok()) return Status::IOError(digest.error());
  const size_t block = ClampBlock(block_bytes);
  std::unique_ptr<unsigned char[]> buffer(new (std::nothrow) unsigned char[block]);
  if (!buffer) return Status::IOError("out of memory for the read buffer");
  for (;;) {
    const ssize_t got = ::read(fd, buffer.get(), block);
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(path + ": read failed: " + std::strerror(errno));
    }
    if (got == 0) break;
    if (!digest.Update(buffer.get(), static_cast<size_t>(got))) {
      return Status::IOError("SHA-256 failed");
    }
  }
  return digest.Finish(hex);
}

std::vector<FileDigest> Sha256Files(ReleaseStore* store, const std::vector<std::string>& paths,
                                    const HashOptions& options) {
  std::vector<FileDigest> out(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) out[i].path = paths[i];
  if (paths.empty()) return out;

  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      FileDigest& d = out[i];
      Result<std::unique_ptr<ByteSource>> src = store->Open(paths[i]);
      d.status = src.ok() ? Sha256Source(src->get(), options.block_bytes, &d.sha256) : src.status();
      if (!d.status.ok()) d.sha256.clear();
    }
  };

  unsigned threads = options.threads != 0 ? options.threads : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1, HashOptions::kMaxThreads);
  threads = static_cast<unsigned>(std::min<size_t>(threads, paths.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(work);
    } catch (...) {  // no more threads: the ones running (and this one) share the rest
      break;
    }
  }
  work();
  for (std::thread& t : pool) t.join();
  return out;
}

void HashWeights(const Release& release, const HashOptions& options, Report* report,
                 std::vector<Problem>* problems) {
  if (release.source == SourceKind::kHub) return;
  std::vector<WeightsFile*> todo;
  for (WeightsFile& f : report->weights.files) {
    if (f.present && !f.sha256) todo.push_back(&f);
  }
  if (todo.empty()) return;
  if (!release.store) {
    problems->push_back({"", Status::InvalidArgument("the release has no store to hash from")});
    return;
  }
  // Largest first, so that one big file does not start last and keep the others waiting.
  std::stable_sort(todo.begin(), todo.end(),
                   [](const WeightsFile* a, const WeightsFile* b) { return a->bytes > b->bytes; });
  std::vector<std::string> paths;
  for (const WeightsFile* f : todo) paths.push_back(f->path);
  std::vector<FileDigest> digests = Sha256Files(release.store.get(), paths, options);
  for (size_t i = 0; i < todo.size(); ++i) {
    if (digests[i].status.ok()) {
      todo[i]->sha256 = digests[i].sha256;
      continue;
    }
    const Status s = digests[i].status.WithContext("hashing");
    problems->push_back({paths[i], s});
    Evidence e = Evidence::InFile(paths[i]);
    e.WithExcerpt(s.message());
    report->findings.push_back(
        {"unreadable-file", Severity::kWarning, paths[i] + ": " + s.ToString(), {std::move(e)}});
  }
}

}  // namespace openness
