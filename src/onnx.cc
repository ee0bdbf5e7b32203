// ONNX ModelProto top-level fields, read with a bounded protobuf wire-format walker.
//
// Fields are walked by tag and length through a buffered cursor; only the fields we keep are
// read, and the graph (which holds the weights) is jumped over, so metadata_props written after
// a large graph is reached without reading the graph.
#include "openness/onnx.h"

#include <algorithm>
#include <string_view>

namespace openness {
namespace {

// Small read-ahead: every jump over a skipped field costs one refill at the new offset.
constexpr uint64_t kCursorBuffer = 16 * 1024;
constexpr uint64_t kMaxTopFields = 1 << 16;
constexpr size_t kMaxMetadataProps = 4096;
constexpr size_t kMaxOpsets = 1024;
// Sub-messages (opset entries, metadata entries) are read at most this far; a longer one is
// parsed from its prefix and its strings kept cut.
constexpr uint64_t kMaxSubmessageRead = 1 << 20;
// IR versions run from 1 (2017) to the low tens; a wildly larger one is not an ONNX model.
constexpr uint64_t kMaxIrVersion = 1000;

enum WireType : int {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

enum ModelField : uint64_t {
  kIrVersion = 1,
  kProducerName = 2,
  kProducerVersion = 3,
  kDomain = 4,
  kModelVersion = 5,
  kDocString = 6,
  kGraph = 7,
  kOpsetImport = 8,
  kMetadataProps = 14,
  kTrainingInfo = 20,
  kFunctions = 25,
  kConfiguration = 26,
};

std::string At(uint64_t offset) { return " (at byte " + std::to_string(offset) + ")"; }

// The wire type a known ModelProto field must have, or -1 for fields we do not know.
int ExpectedWire(uint64_t number) {
  switch (number) {
    case kIrVersion:
    case kModelVersion:
      return kVarint;
    case kProducerName:
    case kProducerVersion:
    case kDomain:
    case kDocString:
    case kGraph:
    case kOpsetImport:
    case kMetadataProps:
    case kTrainingInfo:
    case kFunctions:
    case kConfiguration:
      return kLengthDelimited;
    default:
      return -1;
  }
}

Status NotOnnx(uint64_t offset) {
  return Status::Corruption("not an ONNX ModelProto" + At(offset));
}

Status CheckWire(int wire, uint64_t offset) {
  if (wire == kStartGroup || wire == kEndGroup) {
    return Status::Corruption("protobuf group (wire type " + std::to_string(wire) +
                              ") is not used by ONNX" + At(offset));
  }
  if (wire > kFixed32) {
    return Status::Corruption("invalid protobuf wire type " + std::to_string(wire) + At(offset));
  }
  return Status::Ok();
}

// Reads a varint of at most 10 bytes through the cursor.
Status ReadVarint(ByteCursor* cur, uint64_t* v) {
  const uint64_t start = cur->offset();
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (cur->remaining() == 0) return Status::Corruption("truncated varint" + At(start));
    uint8_t b = 0;
    Status s = cur->ReadU8(&b);
    if (!s.ok()) return s;
    if (i == 9 && b > 1) return Status::Corruption("varint overflows 64 bits" + At(start));
    result |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      *v = result;
      return Status::Ok();
    }
  }
  return Status::Corruption("varint longer than 10 bytes" + At(start));
}

// An in-memory sub-message, possibly only a prefix of it (then running off its end is not an
// error: the walk stops and a string cut by the end is kept as far as it goes).
class SubDecoder {
 public:
  SubDecoder(std::string_view data, uint64_t base, bool prefix_only)
      : data_(data), base_(base), prefix_only_(prefix_only) {}

  bool done() const { return pos_ >= data_.size() || stopped_; }

  // Reads the next field: varint fields set *value, length-delimited ones set *bytes.
  Status Next(uint64_t* number, int* wire, uint64_t* value, std::string_view* bytes) {
    const uint64_t field_pos = base_ + pos_;
    uint64_t tag = 0;
    Status s = Varint(&tag);
    if (!s.ok() || stopped_) return s;
    *number = tag >> 3;
    *wire = static_cast<int>(tag & 7);
    if (*number == 0) return Status::Corruption("protobuf field number 0" + At(field_pos));
    s = CheckWire(*wire, field_pos);
    if (!s.ok()) return s;
    *value = 0;
    *bytes = {};
    switch (*wire) {
      case kVarint:
        return Varint(value);
      case kFixed64:
      case kFixed32: {
        const size_t width = *wire == kFixed64 ? 8 : 4;
        if (data_.size() - pos_ < width) return End("fixed-width field");
        pos_ += width;
        return Status::Ok();
      }
      default: {
        uint64_t len = 0;
        s = Varint(&len);
        if (!s.ok() || stopped_) return s;
        if (len > data_.size() - pos_) {
          if (!prefix_only_) {
            return Status::Corruption("field " + std::to_string(*number) + " length " +
                                      std::to_string(len) + " runs past its message" +
                                      At(field_pos));
          }
          *bytes = data_.substr(pos_);
          pos_ = data_.size();
          stopped_ = true;
          return Status::Ok();
        }
        *bytes = data_.substr(pos_, len);
        pos_ += len;
        return Status::Ok();
      }
    }
  }

  bool stopped() const { return stopped_; }

 private:
  Status End(const char* what) {
    if (prefix_only_) {
      stopped_ = true;
      return Status::Ok();
    }
    return Status::Corruption(std::string("truncated ") + what + At(base_ + pos_));
  }

  Status Varint(uint64_t* v) {
    const uint64_t start = base_ + pos_;
    uint64_t result = 0;
    for (int i = 0; i < 10; ++i) {
      if (pos_ >= data_.size()) return End("varint");
      const uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      if (i == 9 && b > 1) return Status::Corruption("varint overflows 64 bits" + At(start));
      result |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        *v = result;
        return Status::Ok();
      }
    }
    return Status::Corruption("varint longer than 10 bytes" + At(start));
  }

  std::string_view data_;
  uint64_t base_;
  bool prefix_only_;
  size_t pos_ = 0;
  bool stopped_ = false;
};

std::string Keep(std::string_view s, uint64_t keep) {
  return std::string(s.substr(0, std::min<uint64_t>(s.size(), keep)));
}

// OperatorSetIdProto{domain=1, version=2} or StringStringEntryProto{key=1, value=2}.
Status ParsePair(std::string_view data, uint64_t base, bool prefix_only, uint64_t keep,
                 bool int_value, std::string* first, std::string* second_str, int64_t* second_int) {
  SubDecoder dec(data, base, prefix_only);
  while (!dec.done()) {
    uint64_t number = 0;
    int wire = 0;
    uint64_t value = 0;
    std::string_view bytes;
    Status s = dec.Next(&number, &wire, &value, &bytes);
    if (!s.ok()) return s;
    if (number == 1 && wire == kLengthDelimited) {
      *first = Keep(bytes, keep);
    } else if (number == 2 && int_value && wire == kVarint) {
      *second_int = static_cast<int64_t>(value);
    } else if (number == 2 && !int_value && wire == kLengthDelimited) {
      *second_str = Keep(bytes, keep);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ParseOnnx(ByteSource* src, const Limits& limits, OnnxModel* out) {
  *out = OnnxModel{};
  const uint64_t size = src->size();
  if (size == 0) return NotOnnx(0);
  const uint64_t keep = limits.gguf_value_keep_bytes;
  ByteCursor cur(src, 0, std::min(kCursorBuffer, std::max<uint64_t>(limits.onnx_scan_bytes, 1)));
  // Bytes taken from the file for tags, lengths and kept fields; skipped fields are not read.
  // The source's own count bounds the read-ahead too.
  uint64_t scanned = 0;
  const uint64_t read_at_start = src->bytes_read();
  uint64_t fields = 0;
  std::string buf;
  while (cur.remaining() > 0 && fields < kMaxTopFields && scanned < limits.onnx_scan_bytes &&
         src->bytes_read() - read_at_start < limits.onnx_scan_bytes) {
    const uint64_t field_pos = cur.offset();
    uint64_t tag = 0;
    Status s = ReadVarint(&cur, &tag);
    if (!s.ok()) return fields == 0 ? NotOnnx(field_pos) : s;
    const uint64_t number = tag >> 3;
    const int wire = static_cast<int>(tag & 7);
    const int expected = ExpectedWire(number);
    // No magic number: the first field has to look like a ModelProto field.
    if (fields == 0 && expected != wire) return NotOnnx(field_pos);
    if (number == 0) return Status::Corruption("protobuf field number 0" + At(field_pos));
    s = CheckWire(wire, field_pos);
    if (!s.ok()) return s;
    if (expected >= 0 && expected != wire) {
      return Status::Corruption("ModelProto field " + std::to_string(number) + " has wire type " +
                                std::to_string(wire) + ", expected " + std::to_string(expected) +
                                At(field_pos));
    }
    ++fields;
    switch (wire) {
      case kVarint: {
        uint64_t v = 0;
        s = ReadVarint(&cur, &v);
        if (!s.ok()) return s;
        if (number == kIrVersion) {
          if (v == 0 || v > kMaxIrVersion) {
            return Status::Corruption("not an ONNX ModelProto: ir_version " + std::to_string(v) +
                                      " is implausible" + At(field_pos));
          }
          out->ir_version = static_cast<int64_t>(v);
        } else if (number == kModelVersion) {
          out->model_version = static_cast<int64_t>(v);
        }
        scanned += cur.offset() - field_pos;
        break;
      }
      case kFixed64:
      case kFixed32: {
        const uint64_t width = wire == kFixed64 ? 8 : 4;
        if (cur.remaining() < width) {
          return Status::Corruption("truncated fixed-width field " + std::to_string(number) +
                                    At(field_pos));
        }
        s = cur.Skip(width);
        if (!s.ok()) return s;
        scanned += cur.offset() - field_pos;
        break;
      }
      default: {
        uint64_t len = 0;
        s = ReadVarint(&cur, &len);
        if (!s.ok()) return s;
        const uint64_t data_pos = cur.offset();
        if (len > cur.remaining()) {
          return Status::Corruption("field " + std::to_string(number) + " length " +
                                    std::to_string(len) + " at byte " + std::to_string(data_pos) +
                                    " runs past the end of the file (" + std::to_string(size) +
                                    " bytes)" + At(field_pos));
        }
        scanned += data_pos - field_pos;
        uint64_t take = 0;  // bytes of the payload we read; the rest is skipped
        switch (number) {
          case kProducerName:
          case kProducerVersion:
          case kDomain:
          case kDocString:
            take = std::min(len, keep);
            break;
          case kOpsetImport:
            if (out->opset_imports.size() < kMaxOpsets) take = std::min(len, kMaxSubmessageRead);
            break;
          case kMetadataProps:
            if (out->metadata_props.size() < kMaxMetadataProps) {
              take = std::min(len, kMaxSubmessageRead);
            }
            break;
          default:
            break;  // graph, training_info, functions and unknown fields are jumped over
        }
        // Kept fields count against the scan budget; stop when it runs out.
        if (take > 0 && take > limits.onnx_scan_bytes - std::min(scanned, limits.onnx_scan_bytes)) {
          scanned = limits.onnx_scan_bytes;
          break;
        }
        // A zero-byte read would still fill the cursor's buffer at a jumped-to offset.
        buf.clear();
        if (take > 0) {
          s = cur.ReadBytes(take, &buf);
          if (!s.ok()) return s;
        }
        s = cur.Skip(len - take);
        if (!s.ok()) return s;
        scanned += take;
        const bool prefix_only = take < len;
        switch (number) {
          case kProducerName:
            out->producer_name = buf;
            break;
          case kProducerVersion:
            out->producer_version = buf;
            break;
          case kDomain:
            out->domain = buf;
            break;
          case kDocString:
            out->doc_string = buf;
            break;
          case kOpsetImport:
            if (take > 0) {
              std::pair<std::string, int64_t> opset{"", 0};
              std::string unused;
              s = ParsePair(buf, data_pos, prefix_only, keep, true, &opset.first, &unused,
                            &opset.second);
              if (!s.ok()) return s;
              out->opset_imports.push_back(std::move(opset));
            }
            break;
          case kMetadataProps:
            if (take > 0) {
              std::pair<std::string, std::string> prop;
              int64_t unused = 0;
              s = ParsePair(buf, data_pos, prefix_only, keep, false, &prop.first, &prop.second,
                            &unused);
              if (!s.ok()) return s;
              out->metadata_props.push_back(std::move(prop));
            }
            break;
          default:
            break;
        }
        break;
      }
    }
  }
  if (!out->ir_version) {
    return Status::Corruption("not an ONNX ModelProto: no ir_version field" + At(cur.offset()));
  }
  return Status::Ok();
}

}  // namespace openness
