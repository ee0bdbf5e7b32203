// ONNX: the top-level fields of ModelProto, including metadata_props, read with a minimal
// bounded protobuf wire-format walker (the graph and its initializers are skipped, not read).
#ifndef OPENNESS_ONNX_H_
#define OPENNESS_ONNX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

struct OnnxModel {
  std::optional<int64_t> ir_version;
  std::string producer_name;
  std::string producer_version;
  std::string domain;
  std::optional<int64_t> model_version;
  std::string doc_string;  ///< cut to limits.gguf_value_keep_bytes
  std::vector<std::pair<std::string, std::string>> metadata_props;
  std::vector<std::pair<std::string, int64_t>> opset_imports;  ///< domain, version
};

/// Reads the ModelProto fields through src. Fails with Corruption when the bytes are not a
/// plausible ModelProto (so a random .onnx-named file is reported, not misread).
Status ParseOnnx(ByteSource* src, const Limits& limits, OnnxModel* out);

}  // namespace openness

#endif  // OPENNESS_ONNX_H_
