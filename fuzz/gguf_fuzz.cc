// libFuzzer target for ParseGguf over an in-memory file. Each input is parsed twice: with the
// default limits, and with tiny keep limits so short inputs also reach the truncation and skip
// paths. Besides crashes and sanitizer reports it checks the invariants the report relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/byte_source.h"
#include "openness/gguf.h"
#include "openness/limits.h"

using openness::fuzz::Check;

namespace {

void ParseAndCheck(std::string_view bytes, const openness::Limits& limits) {
  auto src = openness::MemorySource(bytes);
  openness::GgufFile file;
  const openness::Status s = openness::ParseGguf(src.get(), limits, &file);
  // Errors must say something; successes must come with parsed tensor infos.
  Check(s.ok() ? file.parameters.has_value() : !s.message().empty());
  Check(file.metadata.size() <= bytes.size() / 13);  // every entry takes at least 13 bytes
  // One read-ahead (64 KiB) covers a small file: nothing is read twice.
  Check(bytes.size() > 65536 || src->bytes_read() <= bytes.size());
  for (const openness::GgufKeyValue& kv : file.metadata) {
    Check(kv.offset >= 24 && kv.offset < bytes.size());
    if (kv.value.type == openness::GgufType::kString) {
      Check(kv.value.text.size() <= limits.gguf_value_keep_bytes);
    }
    Check(kv.value.elements.size() <= limits.gguf_array_keep);
    Check(kv.value.elements.size() <= kv.value.element_count);
    if (kv.value.element_type == openness::GgufType::kString) {
      for (const std::string& e : kv.value.elements) {
        Check(e.size() <= limits.gguf_value_keep_bytes);
      }
    }
    Check(file.Find(kv.key) == &kv);  // keys are unique, so Find returns this entry
  }
  if (s.ok()) {
    Check(file.version == 2 || file.version == 3);
    Check(file.alignment != 0 && (file.alignment & (file.alignment - 1)) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ParseAndCheck(bytes, openness::DefaultLimits());
  openness::Limits tiny;
  tiny.gguf_value_keep_bytes = 3;
  tiny.gguf_array_keep = 2;
  tiny.gguf_kv_count = 64;
  tiny.gguf_string_bytes = 1024;
  ParseAndCheck(bytes, tiny);
  return 0;
}
