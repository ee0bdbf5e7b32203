#include "openness/gguf.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <functional>
#include <limits>
#include <utility>

namespace openness {
namespace {

constexpr uint64_t kHeaderBytes = 24;   // magic, version, tensor_count, kv_count
constexpr uint32_t kMaxDims = 4;        // GGML_MAX_DIMS
constexpr uint64_t kMaxNameBytes = 64;  // GGML_MAX_NAME: gguf.cpp wants names shorter than this
constexpr uint32_t kLastType = static_cast<uint32_t>(GgufType::kFloat64);
// The smallest encodings of one metadata entry (empty key, type, 1-byte value) and one tensor
// info (empty name, no dims, type, offset): declared counts are checked against the bytes left
// with these before anything is allocated.
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 4 + 8;
constexpr uint64_t kInt64Max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// std::byteswap is C++23.
uint32_t ByteSwap(uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

std::string Num(uint64_t v) { return std::to_string(v); }
std::string At(uint64_t offset) { return " (at byte " + Num(offset) + ")"; }

// Untrusted bytes for an error message: printable ASCII kept, the rest escaped, long text cut.
std::string Quote(std::string_view s) {
  constexpr size_t kMaxShown = 80;
  std::string out = "'";
  for (size_t i = 0; i < s.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '\'') {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  if (s.size() > kMaxShown) out += "...";
  out += "'";
  return out;
}

// Bytes of one value of a fixed-size type; 0 for strings and arrays.
uint64_t FixedSize(GgufType type) {
  switch (type) {
    case GgufType::kUint8:
    case GgufType::kInt8:
    case GgufType::kBool:
      return 1;
    case GgufType::kUint16:
    case GgufType::kInt16:
      return 2;
    case GgufType::kUint32:
    case GgufType::kInt32:
    case GgufType::kFloat32:
      return 4;
    case GgufType::kUint64:
    case GgufType::kInt64:
    case GgufType::kFloat64:
      return 8;
    case GgufType::kString:
    case GgufType::kArray:
      return 0;
  }
  return 0;
}

// Shortest text that reads back to the same value ("0.5", "1e-05", "nan"), like %g but exact.
template <typename F>
std::string FormatFloat(F v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

// Open-addressing set of entry indices for duplicate checks. It stores a hash and an index per
// entry, never a copy of the key: with std::unordered_set<std::string> the node allocations and
// key copies were most of the parse time on files with tens of thousands of keys.
class SeenKeys {
 public:
  // Sizes the table for n entries up front, saving the rehashes on the way.
  void Reserve(uint64_t n) {
    uint64_t slots = 64;
    while (slots < 2 * n) slots *= 2;
    if (slots > slots_.size()) Grow(slots);
  }

  // Records key as entry `index` and returns true, or returns false if an equal key was recorded
  // before. key_at(i) returns the key of an earlier entry i.
  template <typename KeyAt>
  bool Insert(std::string_view key, uint64_t index, const KeyAt& key_at) {
    if ((used_ + 1) * 2 > slots_.size()) Grow(std::max<uint64_t>(64, slots_.size() * 2));
    const uint64_t hash = std::hash<std::string_view>{}(key);
    const uint64_t mask = slots_.size() - 1;
    for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.index == kEmpty) {
        slot = Slot{hash, index};
        ++used_;
        return true;
      }
      if (slot.hash == hash && key_at(slot.index) == key) return false;
    }
  }

 private:
  struct Slot {
    uint64_t hash;
    uint64_t index;
  };
  static constexpr uint64_t kEmpty = ~uint64_t{0};

  void Grow(uint64_t slots) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(slots, Slot{0, kEmpty});
    const uint64_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.index == kEmpty) continue;
      uint64_t i = slot.hash & mask;
      while (slots_[i].index != kEmpty) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;
  uint64_t used_ = 0;
};

class Parser {
 public:
  Parser(ByteSource* src, const Limits& limits, GgufFile* out)
      : cur_(src), limits_(limits), out_(out) {}

  Status Run() {
    uint64_t kv_count = 0;
    if (Status s = ReadHeader(&kv_count); !s.ok()) return s;
    // The count was checked against the file size, but a large file could still declare
    // millions: beyond 64Ki entries the containers grow as entries are actually read.
    const uint64_t expected = std::min<uint64_t>(kv_count, 1 << 16);
    out_->metadata.reserve(expected);
    SeenKeys seen;
    seen.Reserve(expected);
    for (uint64_t i = 0; i < kv_count; ++i) {
      if (Status s = ReadKeyValue(&seen); !s.ok()) return s;
    }
    return ReadTensorInfos();
  }

 private:
  Status ReadHeader(uint64_t* kv_count) {
    const uint64_t size = cur_.remaining();
    std::string magic;
    if (size < 4 || !cur_.ReadBytes(4, &magic).ok()) {
      return Status::Corruption("file is " + Num(size) + " bytes: too short for a GGUF header");
    }
    if (magic != "GGUF")
      return Status::Corruption("bad magic " + Quote(magic) + At(0) + ": not a GGUF file");
    if (size < kHeaderBytes) {
      return Status::Corruption("GGUF header is truncated: it needs " + Num(kHeaderBytes) +
                                " bytes and the file has " + Num(size));
    }
    uint32_t version = 0;
    if (Status s = cur_.ReadU32(&version); !s.ok()) return s;
    // There is no endianness flag: a big-endian writer's small version number reads as a
    // little-endian value with the low 16 bits clear (the huggingface.js heuristic).
    if ((version & 0xFFFF) == 0 && version != 0) {
      out_->big_endian = true;
      cur_.set_big_endian(true);
      version = ByteSwap(version);
    }
    if (version == 1) return Status::Unsupported("GGUF v1 is no longer supported" + At(4));
    if (version != 2 && version != 3) {
      return Status::Unsupported("GGUF version " + Num(version) + At(4) +
                                 " is not supported: only versions 2 and 3 are read");
    }
    out_->version = version;
    uint64_t tensor_count = 0;
    if (Status s = cur_.ReadU64(&tensor_count); !s.ok()) return s;
    if (Status s = cur_.ReadU64(kv_count); !s.ok()) return s;
    const uint64_t left = cur_.remaining();
    if (*kv_count > left / kMinKvBytes) {
      return Status::Corruption("metadata count " + Num(*kv_count) + At(16) +
                                " cannot fit: each entry takes at least " + Num(kMinKvBytes) +
                                " bytes and " + Num(left) + " bytes are left in the file");
    }
    if (*kv_count > limits_.gguf_kv_count) {
      return Status::TooLarge("metadata count " + Num(*kv_count) + At(16) +
                              " exceeds the limit of " + Num(limits_.gguf_kv_count));
    }
    // No overflow: kv_count * kMinKvBytes <= left was checked above.
    const uint64_t left_for_tensors = left - *kv_count * kMinKvBytes;
    if (tensor_count > left_for_tensors / kMinTensorInfoBytes) {
      return Status::Corruption("tensor count " + Num(tensor_count) + At(8) +
                                " cannot fit: each tensor info takes at least " +
                                Num(kMinTensorInfoBytes) + " bytes and at most " +
                                Num(left_for_tensors) + " bytes are left after the metadata");
    }
    if (tensor_count > limits_.gguf_tensor_count) {
      return Status::TooLarge("tensor count " + Num(tensor_count) + At(8) +
                              " exceeds the limit of " + Num(limits_.gguf_tensor_count));
    }
    out_->tensor_count = tensor_count;
    return Status::Ok();
  }

  // Reads a gguf_string: the length is checked against the bytes left (Corruption) and max_bytes
  // (TooLarge) before anything is read. At most keep_bytes are kept in *text (cut back to a UTF-8
  // boundary, *truncated set); the rest is skipped. text may be null to skip the whole string.
  Status ReadString(std::string_view what, uint64_t max_bytes, uint64_t keep_bytes,
                    std::string* text, bool* truncated) {
    const uint64_t at = cur_.offset();
    uint64_t len = 0;
    if (Status s = cur_.ReadU64(&len); !s.ok()) return s;
    const uint64_t left = cur_.remaining();
    if (len > left) {
      return Status::Corruption(std::string(what) + " length " + Num(len) + " at byte " + Num(at) +
                                " exceeds the " + Num(left) + " bytes left in the file");
    }
    if (len > max_bytes) {
      return Status::TooLarge(std::string(what) + " length " + Num(len) + " at byte " + Num(at) +
                              " exceeds the limit of " + Num(max_bytes) + " bytes");
    }
    if (text == nullptr) return cur_.Skip(len);
    if (len <= keep_bytes) return cur_.ReadBytes(len, text);
    // Read one byte past the cut so a code point split by it can be dropped whole.
    if (Status s = cur_.ReadBytes(keep_bytes + 1, text); !s.ok()) return s;
    size_t cut = keep_bytes;
    for (int back = 0;
         back < 3 && cut > 0 && (static_cast<unsigned char>((*text)[cut]) & 0xC0) == 0x80; ++back) {
      --cut;
    }
    text->resize(cut);
    if (truncated != nullptr) *truncated = true;
    return cur_.Skip(len - keep_bytes - 1);
  }

  // Reads one fixed-size value and renders it as text.
  Status ReadScalar(GgufType type, std::string* text, std::optional<int64_t>* integer) {
    const uint64_t at = cur_.offset();
    switch (type) {
      case GgufType::kUint8:
      case GgufType::kInt8:
      case GgufType::kBool: {
        uint8_t v = 0;
        if (Status s = cur_.ReadU8(&v); !s.ok()) return s;
        if (type == GgufType::kBool) {
          if (v > 1) {
            return Status::Corruption("bool value " + Num(v) + At(at) + " is neither 0 nor 1");
          }
          *text = v ? "true" : "false";
          *integer = v;
        } else {
          *integer = type == GgufType::kInt8 ? static_cast<int8_t>(v) : int64_t{v};
          *text = std::to_string(**integer);
        }
        return Status::Ok();
      }
      case GgufType::kUint16:
      case GgufType::kInt16: {
        uint16_t v = 0;
        if (Status s = cur_.ReadU16(&v); !s.ok()) return s;
        *integer = type == GgufType::kInt16 ? static_cast<int16_t>(v) : int64_t{v};
        *text = std::to_string(**integer);
        return Status::Ok();
      }
      case GgufType::kUint32:
      case GgufType::kInt32:
      case GgufType::kFloat32: {
        uint32_t v = 0;
        if (Status s = cur_.ReadU32(&v); !s.ok()) return s;
        if (type == GgufType::kFloat32) {
          *text = FormatFloat(std::bit_cast<float>(v));
        } else {
          *integer = type == GgufType::kInt32 ? static_cast<int32_t>(v) : int64_t{v};
          *text = std::to_string(**integer);
        }
        return Status::Ok();
      }
      case GgufType::kUint64:
      case GgufType::kInt64:
      case GgufType::kFloat64: {
        uint64_t v = 0;
        if (Status s = cur_.ReadU64(&v); !s.ok()) return s;
        if (type == GgufType::kFloat64) {
          *text = FormatFloat(std::bit_cast<double>(v));
        } else if (type == GgufType::kInt64) {
          *integer = static_cast<int64_t>(v);
          *text = std::to_string(**integer);
        } else {
          if (v <= kInt64Max) *integer = static_cast<int64_t>(v);
          *text = std::to_string(v);
        }
        return Status::Ok();
      }
      case GgufType::kString:
      case GgufType::kArray:
        break;
    }
    return Status::Corruption("value type " + Num(static_cast<uint32_t>(type)) + At(at) +
                              " is not a scalar");
  }

  // Checks n bool bytes without keeping them, a buffer-full at a time.
  Status SkipBools(uint64_t n) {
    std::string chunk;
    while (n > 0) {
      const uint64_t at = cur_.offset();
      const uint64_t take = std::min<uint64_t>(n, 64 * 1024);
      if (Status s = cur_.ReadBytes(take, &chunk); !s.ok()) return s;
      for (size_t i = 0; i < chunk.size(); ++i) {
        const auto b = static_cast<unsigned char>(chunk[i]);
        if (b > 1)
          return Status::Corruption("bool value " + Num(b) + At(at + i) + " is neither 0 nor 1");
      }
      n -= take;
    }
    return Status::Ok();
  }

  Status ReadArray(GgufValue* v) {
    const uint64_t at = cur_.offset();
    uint32_t raw_type = 0;
    if (Status s = cur_.ReadU32(&raw_type); !s.ok()) return s;
    if (raw_type == static_cast<uint32_t>(GgufType::kArray)) {
      // The spec allows nesting, but gguf.cpp rejects it and no writer produces it.
      return Status::Corruption("array of arrays" + At(at) +
                                ": nested arrays are rejected by the reference reader");
    }
    if (raw_type > kLastType) {
      return Status::Corruption("invalid array element type " + Num(raw_type) + At(at));
    }
    const auto type = static_cast<GgufType>(raw_type);
    v->element_type = type;
    uint64_t count = 0;
    if (Status s = cur_.ReadU64(&count); !s.ok()) return s;
    const uint64_t min_size = type == GgufType::kString ? 8 : FixedSize(type);
    const uint64_t left = cur_.remaining();
    if (count > left / min_size) {
      return Status::Corruption("array of " + Num(count) + " " + std::string(GgufTypeName(type)) +
                                " elements" + At(at + 4) + " cannot fit in the " + Num(left) +
                                " bytes left in the file");
    }
    if (count > limits_.gguf_array_elements) {
      return Status::TooLarge("array of " + Num(count) + " elements" + At(at + 4) +
                              " exceeds the limit of " + Num(limits_.gguf_array_elements));
    }
    v->element_count = count;
    const uint64_t keep = std::min(count, limits_.gguf_array_keep);
    v->elements.reserve(keep);
    for (uint64_t i = 0; i < keep; ++i) {
      std::string text;
      if (type == GgufType::kString) {
        if (Status s = ReadString("string", limits_.gguf_string_bytes,
                                  limits_.gguf_value_keep_bytes, &text, &v->truncated);
            !s.ok()) {
          return s;
        }
      } else {
        std::optional<int64_t> ignored;
        if (Status s = ReadScalar(type, &text, &ignored); !s.ok()) return s;
      }
      v->elements.push_back(std::move(text));
    }
    const uint64_t rest = count - keep;
    if (rest == 0) return Status::Ok();
    v->truncated = true;
    // Walk the rest without storing it: tokenizer vocabularies hold 100k+ strings.
    if (type == GgufType::kString) {
      for (uint64_t i = 0; i < rest; ++i) {
        if (Status s = ReadString("string", limits_.gguf_string_bytes, 0, nullptr, nullptr);
            !s.ok()) {
          return s;
        }
      }
      return Status::Ok();
    }
    if (type == GgufType::kBool) return SkipBools(rest);
    return cur_.Skip(rest * min_size);  // cannot overflow: count * min_size <= left
  }

  Status ReadKeyValue(SeenKeys* seen) {
    GgufKeyValue kv;
    kv.offset = cur_.offset();
    if (Status s =
            ReadString("key", limits_.gguf_key_bytes, limits_.gguf_key_bytes, &kv.key, nullptr);
        !s.ok()) {
      return s;
    }
    const auto key_at = [this](uint64_t i) { return std::string_view(out_->metadata[i].key); };
    if (!seen->Insert(kv.key, out_->metadata.size(), key_at)) {
      return Status::Corruption("key " + Quote(kv.key) + " repeats" + At(kv.offset));
    }
    const uint64_t type_at = cur_.offset();
    uint32_t raw_type = 0;
    if (Status s = cur_.ReadU32(&raw_type); !s.ok()) return s;
    if (raw_type > kLastType) {
      return Status::Corruption("key " + Quote(kv.key) + " has invalid value type " +
                                Num(raw_type) + At(type_at));
    }
    GgufValue& v = kv.value;
    v.type = static_cast<GgufType>(raw_type);
    Status s;
    if (v.type == GgufType::kString) {
      s = ReadString("string", limits_.gguf_string_bytes, limits_.gguf_value_keep_bytes, &v.text,
                     &v.truncated);
    } else if (v.type == GgufType::kArray) {
      s = ReadArray(&v);
    } else {
      s = ReadScalar(v.type, &v.text, &v.integer);
    }
    if (!s.ok()) return s.WithContext("value of key " + Quote(kv.key));
    if (kv.key == "general.alignment") {
      // gguf.cpp reads it with gguf_get_val_u32 (asserting the type) and requires a power of 2.
      if (v.type != GgufType::kUint32) {
        return Status::Corruption("general.alignment" + At(kv.offset) + " must be a uint32, not " +
                                  std::string(GgufTypeName(v.type)));
      }
      const auto alignment = static_cast<uint32_t>(*v.integer);
      if (!std::has_single_bit(alignment)) {
        return Status::Corruption("general.alignment " + Num(alignment) + At(kv.offset) +
                                  " is not a nonzero power of 2");
      }
      out_->alignment = alignment;
    }
    out_->metadata.push_back(std::move(kv));
    return Status::Ok();
  }

  Status ReadTensorInfos() {
    const uint64_t count = out_->tensor_count;
    std::vector<std::string> names;
    names.reserve(std::min<uint64_t>(count, 1 << 16));
    SeenKeys seen;
    seen.Reserve(std::min<uint64_t>(count, 1 << 16));
    const auto name_at = [&names](uint64_t i) { return std::string_view(names[i]); };
    uint64_t parameters = 0;
    uint64_t max_offset = 0;
    uint64_t max_offset_tensor = 0;
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t at = cur_.offset();
      uint64_t len = 0;
      if (Status s = cur_.ReadU64(&len); !s.ok()) return s;
      if (len > cur_.remaining()) {
        return Status::Corruption("tensor name length " + Num(len) + " at byte " + Num(at) +
                                  " exceeds the " + Num(cur_.remaining()) +
                                  " bytes left in the file");
      }
      if (len >= kMaxNameBytes) {
        return Status::Corruption("tensor name length " + Num(len) + " at byte " + Num(at) +
                                  " is too long: names must be shorter than " + Num(kMaxNameBytes) +
                                  " bytes");
      }
      std::string read;
      if (Status s = cur_.ReadBytes(len, &read); !s.ok()) return s;
      if (!seen.Insert(read, names.size(), name_at)) {
        return Status::Corruption("tensor name " + Quote(read) + " repeats" + At(at));
      }
      names.push_back(std::move(read));
      const std::string& name = names.back();
      const uint64_t dims_at = cur_.offset();
      uint32_t n_dims = 0;
      if (Status s = cur_.ReadU32(&n_dims); !s.ok()) return s;
      if (n_dims > kMaxDims) {
        return Status::Corruption("tensor " + Quote(name) + " has " + Num(n_dims) + " dimensions" +
                                  At(dims_at) + ": at most " + Num(kMaxDims) + " are allowed");
      }
      uint64_t elements = 1;
      for (uint32_t d = 0; d < n_dims; ++d) {
        const uint64_t dim_at = cur_.offset();
        uint64_t dim = 0;
        if (Status s = cur_.ReadU64(&dim); !s.ok()) return s;
        // gguf.cpp keeps dimensions and element counts in int64_t.
        if (dim > kInt64Max || (dim != 0 && elements > kInt64Max / dim)) {
          return Status::Corruption("tensor " + Quote(name) + " dimension " + Num(dim) +
                                    At(dim_at) + " makes its element count overflow int64");
        }
        elements *= dim;
      }
      uint32_t ggml_type = 0;
      if (Status s = cur_.ReadU32(&ggml_type); !s.ok()) return s;
      const uint64_t offset_at = cur_.offset();
      uint64_t offset = 0;
      if (Status s = cur_.ReadU64(&offset); !s.ok()) return s;
      if (offset % out_->alignment != 0) {
        return Status::Corruption("tensor " + Quote(name) + " data offset " + Num(offset) +
                                  At(offset_at) + " is not a multiple of the alignment " +
                                  Num(out_->alignment));
      }
      if (offset >= max_offset) {
        max_offset = offset;
        max_offset_tensor = i;
      }
      if (parameters > std::numeric_limits<uint64_t>::max() - elements) {
        return Status::Corruption("the parameter count overflows at tensor " + Quote(name) +
                                  At(at));
      }
      parameters += elements;
    }
    if (count > 0) {
      // Tensor data starts at the next multiple of the alignment after the infos.
      const uint64_t end = cur_.offset();
      const uint64_t pad = (out_->alignment - end % out_->alignment) % out_->alignment;
      const uint64_t size = end + cur_.remaining();
      if (pad > size - end || max_offset > size - end - pad) {
        return Status::Corruption("tensor " + Quote(names[max_offset_tensor]) + " data offset " +
                                  Num(max_offset) + " points past the end of the file (" +
                                  Num(size) + " bytes, tensor data starts at byte " +
                                  Num(end + pad) + ")");
      }
    }
    out_->parameters = parameters;
    return Status::Ok();
  }

  ByteCursor cur_;
  const Limits& limits_;
  GgufFile* out_;
};

}  // namespace

std::string_view GgufTypeName(GgufType type) {
  switch (type) {
    case GgufType::kUint8:
      return "uint8";
    case GgufType::kInt8:
      return "int8";
    case GgufType::kUint16:
      return "uint16";
    case GgufType::kInt16:
      return "int16";
    case GgufType::kUint32:
      return "uint32";
    case GgufType::kInt32:
      return "int32";
    case GgufType::kFloat32:
      return "float32";
    case GgufType::kBool:
      return "bool";
    case GgufType::kString:
      return "string";
    case GgufType::kArray:
      return "array";
    case GgufType::kUint64:
      return "uint64";
    case GgufType::kInt64:
      return "int64";
    case GgufType::kFloat64:
      return "float64";
  }
  return "unknown";
}

const GgufKeyValue* GgufFile::Find(std::string_view key) const {
  for (const GgufKeyValue& kv : metadata) {
    if (kv.key == key) return &kv;
  }
  return nullptr;
}

std::optional<std::string> GgufFile::GetString(std::string_view key) const {
  const GgufKeyValue* kv = Find(key);
  if (kv == nullptr || kv->value.type != GgufType::kString) return std::nullopt;
  return kv->value.text;
}

Status ParseGguf(ByteSource* src, const Limits& limits, GgufFile* out) {
  *out = GgufFile();
  return Parser(src, limits, out).Run();
}

}  // namespace openness
