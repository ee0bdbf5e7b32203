// ByteSource: random access to the bytes of one file, local or remote.
//
// Parsers read only the headers they need through this interface, so the same parser serves a
// local file (pread) and, later, a Hub file (HTTP Range requests). Every source counts the bytes
// it has delivered, which the benchmarks and tests use to prove tensor data is never read.
#ifndef OPENNESS_BYTE_SOURCE_H_
#define OPENNESS_BYTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "openness/status.h"

namespace openness {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Total size in bytes.
  virtual uint64_t size() const = 0;
  /// Reads exactly n bytes at offset into *out (replacing its contents). Reading past the end is
  /// a Corruption error that names the offset.
  virtual Status Read(uint64_t offset, uint64_t n, std::string* out) = 0;
  /// Bytes delivered by Read so far.
  virtual uint64_t bytes_read() const = 0;
};

/// Opens a local file for positional reads.
Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);

/// A source over bytes held in memory (tests, fuzzers). The bytes must outlive the source.
std::unique_ptr<ByteSource> MemorySource(std::string_view bytes);

/// Sequential reader over a ByteSource with a read-ahead buffer, for formats read front to back
/// (GGUF metadata, pickle streams). Never reads past the source size.
class ByteCursor {
 public:
  explicit ByteCursor(ByteSource* source, uint64_t start = 0, uint64_t buffer_bytes = 64 * 1024);
  uint64_t offset() const { return offset_; }
  uint64_t remaining() const { return source_->size() - offset_; }
  Status ReadBytes(uint64_t n, std::string* out);
  Status Skip(uint64_t n);
  Status ReadU8(uint8_t* v);
  Status ReadU16(uint16_t* v);
  Status ReadU32(uint32_t* v);
  Status ReadU64(uint64_t* v);
  /// Little-endian by default; big_endian swaps every multi-byte read.
  void set_big_endian(bool big) { big_endian_ = big; }

 private:
  Status Fill(uint64_t n);
  template <typename T>
  Status ReadInt(T* v);
  ByteSource* source_;
  uint64_t offset_;
  uint64_t buffer_bytes_;
  std::string buffer_;
  uint64_t buffer_start_ = 0;
  bool big_endian_ = false;
};

}  // namespace openness

#endif  // OPENNESS_BYTE_SOURCE_H_
