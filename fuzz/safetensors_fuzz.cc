// libFuzzer target: the safetensors header parser and the shard index parser over the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/safetensors.h"
#include "openness/status.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const openness::Limits& limits = openness::DefaultLimits();

  auto src = openness::MemorySource(bytes);
  openness::SafetensorsHeader header;
  const openness::Status s = openness::ParseSafetensors(src.get(), limits, &header);
  // Whatever the input, the parser must never read tensor data.
  if (s.ok() && src->bytes_read() != 8 + header.header_bytes) __builtin_trap();
  if (src->bytes_read() > size) __builtin_trap();

  // The same bytes as a header without its file, and as a shard index.
  openness::SafetensorsHeader loose;
  (void)openness::ParseSafetensorsHeaderJson(bytes, 0, limits, &loose);
  openness::ShardIndex index;
  (void)openness::ParseShardIndex(bytes, limits, &index);
  return 0;
}
