// GGUF (versions 2 and 3): the header, every metadata key/value and the tensor infos, never
// tensor data.
//
// Every declared length and count is checked against the bytes left in the file before anything
// is allocated. Long strings and arrays (tokenizer vocabularies) are walked, not stored: values
// are kept up to the limits in limits.h and marked truncated.
#ifndef OPENNESS_GGUF_H_
#define OPENNESS_GGUF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

enum class GgufType : uint32_t {
  kUint8 = 0, kInt8 = 1, kUint16 = 2, kInt16 = 3, kUint32 = 4, kInt32 = 5, kFloat32 = 6,
  kBool = 7, kString = 8, kArray = 9, kUint64 = 10, kInt64 = 11, kFloat64 = 12,
};

/// Lower-case name of a value type: "uint32", "string", "array", ...
std::string_view GgufTypeName(GgufType type);

struct GgufValue {
  GgufType type = GgufType::kUint8;
  /// Scalars rendered as text ("32", "true", "0.5"); strings as read (cut to the keep limit).
  std::string text;
  std::optional<int64_t> integer;   ///< set for integer and bool types that fit int64
  bool truncated = false;           ///< a string or array longer than the keep limit
  // Arrays only:
  GgufType element_type = GgufType::kUint8;
  uint64_t element_count = 0;
  std::vector<std::string> elements;  ///< the first gguf_array_keep elements, rendered as text
};

struct GgufKeyValue {
  std::string key;
  GgufValue value;
  uint64_t offset = 0;  ///< byte offset of the key in the file
};

struct GgufFile {
  uint32_t version = 0;
  bool big_endian = false;
  uint64_t tensor_count = 0;
  uint32_t alignment = 32;
  std::vector<GgufKeyValue> metadata;  ///< in file order
  std::optional<uint64_t> parameters;  ///< sum of tensor element counts, when tensor infos parse

  const GgufKeyValue* Find(std::string_view key) const;
  /// The value of a string key, if present and a string.
  std::optional<std::string> GetString(std::string_view key) const;
};

/// Reads the GGUF header, metadata and tensor infos through src. Errors name the byte offset.
/// On error, *out holds what was read before the error (e.g. all metadata when only a tensor info
/// is bad); parameters is set only when every tensor info parsed. A string value or array element
/// longer than gguf_value_keep_bytes is cut (at a UTF-8 boundary) and marks the value truncated;
/// so does an array longer than gguf_array_keep. Array values leave text empty.
Status ParseGguf(ByteSource* src, const Limits& limits, GgufFile* out);

}  // namespace openness

#endif  // OPENNESS_GGUF_H_
