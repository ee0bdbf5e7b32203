// safetensors: the 8-byte header length, the JSON header and the shard index, never tensor data.
//
// Layout: uint64 LE N, N bytes of JSON ({"name": {"dtype", "shape", "data_offsets"}, ...,
// "__metadata__": {string: string}}), then the tensor bytes. The header is validated as the
// reference reader does (size limit, contiguous offsets, shape x dtype == byte span, file size).
#ifndef OPENNESS_SAFETENSORS_H_
#define OPENNESS_SAFETENSORS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

struct SafetensorsHeader {
  uint64_t header_bytes = 0;   ///< N, the JSON header length
  uint64_t tensor_count = 0;
  uint64_t parameters = 0;     ///< sum over tensors of prod(shape)
  uint64_t data_bytes = 0;     ///< end offset of the last tensor
  std::map<std::string, uint64_t> parameters_by_dtype;  ///< "BF16" -> count
  std::map<std::string, std::string> metadata;           ///< __metadata__
};

/// Reads the header of a safetensors file through src (reads 8 + N bytes, nothing more).
/// Errors name the byte offset: "header length 9000 exceeds file size 120 (at byte 0)".
Status ParseSafetensors(ByteSource* src, const Limits& limits, SafetensorsHeader* out);

/// Validates and summarises the JSON header text alone. file_size is the whole file's size, used
/// for the trailing-bytes check; pass 0 to skip that check (a header read without its file).
Status ParseSafetensorsHeaderJson(std::string_view json, uint64_t file_size, const Limits& limits,
                                  SafetensorsHeader* out);

/// model.safetensors.index.json (also pytorch_model.bin.index.json and diffusers' variants).
struct ShardIndex {
  std::optional<uint64_t> total_size;        ///< metadata.total_size: tensor bytes, not file sizes
  std::optional<uint64_t> total_parameters;  ///< metadata.total_parameters, when present
  uint64_t tensor_count = 0;                 ///< entries in weight_map
  std::vector<std::string> shards;           ///< distinct shard file names, sorted
};

Status ParseShardIndex(std::string_view json, const Limits& limits, ShardIndex* out);

}  // namespace openness

#endif  // OPENNESS_SAFETENSORS_H_
