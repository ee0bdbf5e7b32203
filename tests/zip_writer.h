// A small ZIP writer for tests (stored or deflated members, optional ZIP64 records, lying sizes
// and counts): PyTorch checkpoints and zip bombs without Python.
#ifndef OPENNESS_TESTS_ZIP_WRITER_H_
#define OPENNESS_TESTS_ZIP_WRITER_H_

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openness::testing {

inline std::string Le(uint64_t v, int width) {
  std::string s;
  for (int i = 0; i < width; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}

inline std::string Deflate(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

inline uint32_t Crc(std::string_view data) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool deflate = false;
  std::optional<uint64_t> declared_size;  // a lying uncompressed size
};

struct ZipOptions {
  bool zip64 = false;
  std::optional<uint64_t> declared_count;  // a lying entry count in the end record
};

inline std::string BuildZip(const std::vector<ZipEntry>& entries, const ZipOptions& opts = {}) {
  std::string zip;
  std::string central;
  for (const ZipEntry& e : entries) {
    const std::string payload = e.deflate ? Deflate(e.data) : e.data;
    const uint64_t usize = e.declared_size.value_or(e.data.size());
    const uint16_t method = e.deflate ? 8 : 0;
    const uint64_t offset = zip.size();
    zip += "PK\x03\x04" + Le(20, 2) + Le(0, 2) + Le(method, 2) + Le(0, 4) + Le(Crc(e.data), 4) +
           Le(payload.size(), 4) + Le(usize, 4) + Le(e.name.size(), 2) + Le(0, 2) + e.name +
           payload;
    std::string extra;
    if (opts.zip64)
      extra = Le(1, 2) + Le(24, 2) + Le(usize, 8) + Le(payload.size(), 8) + Le(offset, 8);
    const uint64_t sat = 0xffffffffu;
    central += "PK\x01\x02" + Le(20, 2) + Le(20, 2) + Le(0, 2) + Le(method, 2) + Le(0, 4) +
               Le(Crc(e.data), 4) + Le(opts.zip64 ? sat : payload.size(), 4) +
               Le(opts.zip64 ? sat : usize, 4) + Le(e.name.size(), 2) + Le(extra.size(), 2) +
               Le(0, 2) + Le(0, 2) + Le(0, 2) + Le(0, 4) + Le(opts.zip64 ? sat : offset, 4) +
               e.name + extra;
  }
  const uint64_t cd_offset = zip.size();
  zip += central;
  const uint64_t count = opts.declared_count.value_or(entries.size());
  if (opts.zip64) {
    const uint64_t z64 = zip.size();
    zip += "PK\x06\x06" + Le(44, 8) + Le(45, 2) + Le(45, 2) + Le(0, 4) + Le(0, 4) + Le(count, 8) +
           Le(count, 8) + Le(central.size(), 8) + Le(cd_offset, 8);
    zip += "PK\x06\x07" + Le(0, 4) + Le(z64, 8) + Le(1, 4);
    zip += "PK\x05\x06" + Le(0, 2) + Le(0, 2) + Le(0xffff, 2) + Le(0xffff, 2) + Le(0xffffffffu, 4) +
           Le(0xffffffffu, 4) + Le(0, 2);
  } else {
    zip += "PK\x05\x06" + Le(0, 2) + Le(0, 2) + Le(count, 2) + Le(count, 2) +
           Le(central.size(), 4) + Le(cd_offset, 4) + Le(0, 2);
  }
  return zip;
}

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_ZIP_WRITER_H_
