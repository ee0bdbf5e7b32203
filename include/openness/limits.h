// Limits: every bound the parsers enforce on untrusted input, in one place.
//
// Model files, cards and Hub responses are written by strangers. Each parser checks declared
// lengths and counts against these limits and against the bytes actually present before it
// allocates anything. docs/limits.md explains each number.
#ifndef OPENNESS_LIMITS_H_
#define OPENNESS_LIMITS_H_

#include <cstdint>

namespace openness {

struct Limits {
  /// safetensors JSON header; the reference reader's MAX_HEADER_SIZE.
  uint64_t safetensors_header_bytes = 100'000'000;
  /// Tensors in one safetensors header.
  uint64_t safetensors_tensors = 1'000'000;
  /// model.safetensors.index.json and other JSON side files (huggingface.js uses 250 MB).
  uint64_t json_file_bytes = 64ull << 20;
  /// JSON / YAML nesting depth.
  uint32_t nesting_depth = 64;
  /// GGUF: metadata key/value pairs and tensors declared in the header.
  uint64_t gguf_kv_count = 1'000'000;
  uint64_t gguf_tensor_count = 10'000'000;
  /// GGUF: one string (the reference reader allows 1 GiB; keys are at most 65,535 bytes).
  uint64_t gguf_string_bytes = 1ull << 30;
  uint64_t gguf_key_bytes = 65'535;
  /// GGUF: elements in one array value (the reference reader's GGUF_MAX_ARRAY_ELEMENTS).
  uint64_t gguf_array_elements = 1ull << 30;
  /// GGUF: string values longer than this are kept truncated in the report model.
  uint64_t gguf_value_keep_bytes = 4096;
  /// GGUF: array elements kept in the report model (the rest are counted, not stored).
  uint64_t gguf_array_keep = 16;
  /// Bytes of pickle stream scanned for imports.
  uint64_t pickle_scan_bytes = 64ull << 20;
  /// ZIP: central directory entries, and uncompressed size of the pickle member we inflate.
  uint64_t zip_entries = 100'000;
  uint64_t zip_member_bytes = 64ull << 20;
  /// ONNX: bytes read from the start of the file looking for metadata_props.
  uint64_t onnx_scan_bytes = 16ull << 20;
  /// Model card (README.md) and YAML front matter.
  uint64_t card_bytes = 4ull << 20;
  uint64_t front_matter_bytes = 1ull << 20;
  uint64_t yaml_nodes = 100'000;
  /// License and other text files read whole.
  uint64_t text_file_bytes = 4ull << 20;
  /// Policy file of `openness check` (TOML), read whole; a policy is a few hundred bytes.
  uint64_t policy_bytes = 256ull << 10;
  /// Files walked in one release folder, and directory depth.
  uint64_t release_files = 100'000;
  uint32_t release_depth = 16;
};

/// The defaults above; the CLI may override some of them.
const Limits& DefaultLimits();

}  // namespace openness

#endif  // OPENNESS_LIMITS_H_
