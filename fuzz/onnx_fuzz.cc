// libFuzzer target for ParseOnnx: the bounded protobuf walker on arbitrary bytes. Besides
// crashes and sanitizer reports it checks that an accepted model has an ir_version and that
// every kept string respects the keep limit.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/onnx.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  openness::Limits limits = openness::DefaultLimits();
  limits.gguf_value_keep_bytes = 64;  // small, so cutting is exercised
  limits.onnx_scan_bytes = 4096;
  auto src = openness::MemorySource(bytes);
  openness::OnnxModel model;
  const openness::Status s = openness::ParseOnnx(src.get(), limits, &model);
  if (!s.ok()) return 0;
  Check(model.ir_version.has_value());
  const uint64_t keep = limits.gguf_value_keep_bytes;
  Check(model.producer_name.size() <= keep && model.producer_version.size() <= keep);
  Check(model.domain.size() <= keep && model.doc_string.size() <= keep);
  for (const auto& [key, value] : model.metadata_props) {
    Check(key.size() <= keep && value.size() <= keep);
  }
  for (const auto& opset : model.opset_imports) Check(opset.first.size() <= keep);
  return 0;
}
