// safetensors header and shard index parsing.
//
// Both JSON documents are read with nlohmann's SAX interface rather than into a DOM: the SAX
// parser is iterative (no recursion on deep nesting), it lets us reject duplicate keys (a DOM
// silently keeps the last one), and it lets us stop at the first bad entry of a header that
// declares a million tensors instead of building the whole tree first.
#include "openness/safetensors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <iterator>
#include <new>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_set>
#include <utility>

namespace openness {
namespace {

using Json = nlohmann::json;

// Where the JSON header starts inside a safetensors file; errors name file offsets.
constexpr uint64_t kHeaderStart = 8;
// huggingface.js bounds for hostile index files (docs: formats.md 4.1).
constexpr uint64_t kMaxIndexEntries = 200'000;
constexpr uint64_t kMaxIndexShards = 10'000;
// Dimensions kept for error messages; the rank itself is unbounded.
constexpr size_t kShownDims = 16;

struct DtypeInfo {
  std::string_view name;
  uint32_t bits;
};

// The reference reader's Dtype enum (safetensors/src/tensor.rs) with its bit sizes.
constexpr std::array<DtypeInfo, 22> kDtypes = {{
    {"BOOL", 8},        {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
    {"I8", 8},          {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8},
    {"F8_E5M2FNUZ", 8}, {"I16", 16},    {"U16", 16},    {"F16", 16},    {"BF16", 16},
    {"I32", 32},        {"U32", 32},    {"F32", 32},    {"C64", 64},    {"F64", 64},
    {"I64", 64},        {"U64", 64},
}};

uint32_t DtypeBits(std::string_view name) {
  for (const DtypeInfo& d : kDtypes) {
    if (d.name == name) return d.bits;
  }
  return 0;
}

std::string Num(uint64_t v) { return std::to_string(v); }

// Quotes untrusted text for an error message: control bytes (and, when the text may not be
// UTF-8, every non-ASCII byte) are escaped, and long text is cut.
std::string Quote(std::string_view s, bool ascii_only = false, size_t max = 80) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  size_t i = 0;
  for (; i < s.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || (ascii_only && c >= 0x80)) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (i < s.size()) {
    // Do not leave half a UTF-8 sequence behind.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xc0) out.pop_back();
    out += "...";
  }
  out += "'";
  return out;
}

// An input iterator over the JSON text that publishes how far the lexer has read, so the SAX
// handler can name byte offsets (nlohmann's SAX events carry no position).
class CountingIter {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIter(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  CountingIter& operator++() {
    *cursor_ = ++p_;
    return *this;
  }
  CountingIter operator++(int) {
    CountingIter before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIter& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIter& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** cursor_;
};

enum class Ev {
  kNull,
  kBool,
  kInt,
  kUint,
  kFloat,
  kString,
  kKey,
  kStartObject,
  kEndObject,
  kStartArray,
  kEndArray,
};

// The payload of one SAX event (only the member matching the event is set).
struct Val {
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
  const std::string* s = nullptr;
};

std::string Describe(Ev ev, const Val& v) {
  switch (ev) {
    case Ev::kNull:
      return "null";
    case Ev::kBool:
      return "a boolean";
    case Ev::kInt:
      return "the number " + std::to_string(v.i);
    case Ev::kUint:
      return "the number " + std::to_string(v.u);
    case Ev::kFloat:
      return "a non-integer number";
    case Ev::kString:
      return "a string";
    case Ev::kStartObject:
      return "an object";
    case Ev::kStartArray:
      return "an array";
    default:
      return "something else";
  }
}

bool IsScalar(Ev ev) {
  return ev == Ev::kNull || ev == Ev::kBool || ev == Ev::kInt || ev == Ev::kUint ||
         ev == Ev::kFloat || ev == Ev::kString;
}

// A non-negative integer from a JSON integer event. Shape dims and offsets must be JSON integers
// (the reference reader deserializes them as usize), so floats never pass here.
bool AsUnsigned(Ev ev, const Val& v, uint64_t* out) {
  if (ev == Ev::kUint) {
    *out = v.u;
    return true;
  }
  if (ev == Ev::kInt && v.i >= 0) {
    *out = static_cast<uint64_t>(v.i);
    return true;
  }
  return false;
}

// Base SAX handler: turns nlohmann's callbacks into On(Ev, Val), enforces the nesting limit,
// skips ignored values, records parse errors with their byte offset.
class JsonWalker : public nlohmann::json_sax<Json> {
 public:
  JsonWalker(std::string_view text, uint64_t base, uint32_t max_depth, std::string_view what)
      : text_(text), cursor_(text.data()), base_(base), max_depth_(max_depth), what_(what) {}

  // Runs the parse. No exception escapes: nlohmann reports syntax errors through parse_error()
  // and only allocation failure can throw.
  Status Run() {
    // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0<anything>" would pass.
    // A raw NUL is never valid JSON (inside strings control bytes must be escaped).
    if (const size_t nul = text_.find('\0'); nul != std::string_view::npos) {
      return Status::Corruption(std::string(what_) + " is not valid JSON at byte " +
                                Num(base_ + nul) + ": it contains a NUL byte");
    }
    try {
      CountingIter first(text_.data(), &cursor_);
      CountingIter last(text_.data() + text_.size(), &cursor_);
      const bool ok = Json::sax_parse(first, last, this, nlohmann::json::input_format_t::json,
                                      /*strict=*/true, /*ignore_comments=*/false);
      if (!ok && error_.ok()) {
        error_ = Status::Corruption(std::string(what_) + " could not be parsed (at byte " +
                                    Num(Offset()) + ")");
      }
    } catch (const std::bad_alloc&) {
      error_ = Status::TooLarge(std::string(what_) + ": out of memory while parsing");
    } catch (const std::exception& e) {
      error_ = Status::Corruption(std::string(what_) + " could not be parsed: " + e.what());
    }
    return error_;
  }

  bool null() override { return Dispatch(Ev::kNull, {}); }
  bool boolean(bool) override { return Dispatch(Ev::kBool, {}); }
  bool number_integer(number_integer_t v) override {
    Val x;
    x.i = v;
    return Dispatch(Ev::kInt, x);
  }
  bool number_unsigned(number_unsigned_t v) override {
    Val x;
    x.u = v;
    return Dispatch(Ev::kUint, x);
  }
  bool number_float(number_float_t v, const string_t&) override {
    Val x;
    x.f = v;
    return Dispatch(Ev::kFloat, x);
  }
  bool string(string_t& v) override {
    Val x;
    x.s = &v;
    return Dispatch(Ev::kString, x);
  }
  bool binary(binary_t&) override { return Dispatch(Ev::kNull, {}); }  // not produced for JSON
  bool key(string_t& v) override {
    Val x;
    x.s = &v;
    return Dispatch(Ev::kKey, x);
  }
  bool start_object(std::size_t) override { return Dispatch(Ev::kStartObject, {}); }
  bool end_object() override { return Dispatch(Ev::kEndObject, {}); }
  bool start_array(std::size_t) override { return Dispatch(Ev::kStartArray, {}); }
  bool end_array() override { return Dispatch(Ev::kEndArray, {}); }

  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
    // keep the part after the location; the position already says where.
    std::string_view msg = ex.what();
    if (const size_t p = msg.find(": "); p != std::string_view::npos) msg.remove_prefix(p + 2);
    // position counts characters read; the offending one is the last of them.
    const uint64_t at = base_ + (position > 0 ? position - 1 : 0);
    error_ = Status::Corruption(std::string(what_) + " is not valid JSON at byte " + Num(at) +
                                ": " + Quote(msg, /*ascii_only=*/true, 200));
    return false;
  }

 protected:
  virtual bool On(Ev ev, const Val& v) = 0;

  bool Fail(Status s) {
    error_ = std::move(s);
    return false;
  }

  // Ignores the next value whatever its shape (unknown fields).
  void SkipValue() {
    skipping_ = true;
    skip_depth_ = 0;
  }

  // File offset of the byte after what the lexer has read.
  uint64_t Offset() const { return base_ + static_cast<uint64_t>(cursor_ - text_.data()); }

  // File offset of the opening quote of the key just reported: the lexer stands right after the
  // closing quote, so walk back to the first quote not escaped by an odd run of backslashes.
  uint64_t KeyOffset() const {
    size_t end = static_cast<size_t>(cursor_ - text_.data());
    if (end < 2) return base_;
    size_t i = end - 2;  // last byte inside the string
    while (i > 0) {
      if (text_[i] == '"') {
        size_t slashes = 0;
        while (slashes < i && text_[i - 1 - slashes] == '\\') ++slashes;
        if (slashes % 2 == 0) break;
      }
      --i;
    }
    return base_ + i;
  }

 private:
  bool Dispatch(Ev ev, const Val& v) {
    if (ev == Ev::kStartObject || ev == Ev::kStartArray) {
      if (++depth_ > max_depth_) {
        return Fail(Status::TooLarge(std::string(what_) + " nests deeper than " + Num(max_depth_) +
                                     " levels (at byte " + Num(Offset() - 1) + ")"));
      }
    } else if (ev == Ev::kEndObject || ev == Ev::kEndArray) {
      --depth_;
    }
    if (skipping_) {
      if (ev == Ev::kStartObject || ev == Ev::kStartArray) {
        ++skip_depth_;
      } else if (ev == Ev::kEndObject || ev == Ev::kEndArray) {
        if (--skip_depth_ == 0) skipping_ = false;
      } else if (IsScalar(ev) && skip_depth_ == 0) {
        skipping_ = false;
      }
      return true;
    }
    return On(ev, v);
  }

  std::string_view text_;
  const char* cursor_;
  uint64_t base_;
  uint32_t max_depth_;
  uint32_t depth_ = 0;
  std::string_view what_;
  bool skipping_ = false;
  uint32_t skip_depth_ = 0;
  Status error_;
};

// ---------------------------------------------------------------------------------------------
// safetensors header

struct TensorEntry {
  std::string name;
  uint64_t key_offset;
  uint64_t begin;
  uint64_t end;
};

std::string TensorWhere(std::string_view name, uint64_t key_offset) {
  return "tensor " + Quote(name) + " (at byte " + Num(key_offset) + ")";
}

class HeaderWalker final : public JsonWalker {
 public:
  HeaderWalker(std::string_view text, const Limits& limits)
      : JsonWalker(text, kHeaderStart, limits.nesting_depth, "header"), limits_(limits) {}

  std::vector<TensorEntry>& tensors() { return tensors_; }
  std::map<std::string, uint64_t>& by_dtype() { return by_dtype_; }
  std::map<std::string, std::string>& metadata() { return metadata_; }
  uint64_t parameters() const { return parameters_; }

 private:
  enum class State {
    kRoot,          // before the top-level value
    kTop,           // in the top-level object: a key or its end
    kMetaValue,     // the value of __metadata__
    kMeta,          // in __metadata__: a key or its end
    kMetaEntry,     // the value of one metadata key
    kTensorValue,   // the value of a tensor key
    kTensor,        // in a tensor object: a field name or its end
    kDtype,         // the value of "dtype"
    kShapeStart,    // the value of "shape"
    kShape,         // inside the shape array
    kOffsetsStart,  // the value of "data_offsets"
    kOffsets,       // inside the data_offsets array
    kDone,
  };

  bool On(Ev ev, const Val& v) override {
    switch (state_) {
      case State::kRoot:
        if (ev != Ev::kStartObject) {
          return Fail(Status::Corruption("header is " + Describe(ev, v) +
                                         ", not a JSON object (at byte " + Num(kHeaderStart) +
                                         ")"));
        }
        state_ = State::kTop;
        return true;

      case State::kTop:
        if (ev == Ev::kEndObject) {
          state_ = State::kDone;
          return true;
        }
        if (*v.s == "__metadata__") {
          if (seen_metadata_) {
            return Fail(Status::Corruption("duplicate key '__metadata__' (at byte " +
                                           Num(KeyOffset()) + ")"));
          }
          seen_metadata_ = true;
          meta_offset_ = KeyOffset();
          state_ = State::kMetaValue;
          return true;
        }
        return StartTensor(*v.s);

      case State::kMetaValue:
        if (ev == Ev::kNull) {  // serde reads null as an absent Option
          state_ = State::kTop;
          return true;
        }
        if (ev != Ev::kStartObject) {
          return Fail(Status::Corruption("__metadata__ (at byte " + Num(meta_offset_) +
                                         ") must be an object of strings, found " +
                                         Describe(ev, v)));
        }
        state_ = State::kMeta;
        return true;

      case State::kMeta:
        if (ev == Ev::kEndObject) {
          state_ = State::kTop;
          return true;
        }
        meta_key_ = *v.s;
        meta_key_offset_ = KeyOffset();
        state_ = State::kMetaEntry;
        return true;

      case State::kMetaEntry: {
        const std::string where =
            "__metadata__ key " + Quote(meta_key_) + " (at byte " + Num(meta_key_offset_) + ")";
        if (ev != Ev::kString) {
          return Fail(Status::Corruption(where + ": value must be a string, found " +
                                         Describe(ev, v) +
                                         " (__metadata__ is a string-to-string map)"));
        }
        if (!metadata_.emplace(std::move(meta_key_), *v.s).second) {
          return Fail(Status::Corruption(where + ": duplicate key"));
        }
        state_ = State::kMeta;
        return true;
      }

      case State::kTensorValue:
        if (ev != Ev::kStartObject) {
          return TensorFail("value must be an object with dtype, shape and data_offsets, found " +
                            Describe(ev, v));
        }
        state_ = State::kTensor;
        return true;

      case State::kTensor:
        if (ev == Ev::kEndObject) return FinishTensor();
        return TensorField(*v.s);

      case State::kDtype:
        if (ev != Ev::kString)
          return TensorFail("dtype must be a string, found " + Describe(ev, v));
        dtype_ = *v.s;
        bits_ = DtypeBits(dtype_);
        if (bits_ == 0) return TensorFail("unknown dtype " + Quote(dtype_));
        state_ = State::kTensor;
        return true;

      case State::kShapeStart:
        if (ev != Ev::kStartArray) {
          return TensorFail("shape must be an array of non-negative integers, found " +
                            Describe(ev, v));
        }
        state_ = State::kShape;
        return true;

      case State::kShape: {
        if (ev == Ev::kEndArray) {
          if (overflow_) {
            return TensorFail("shape " + ShapeText() + " has more elements than fit in 64 bits");
          }
          state_ = State::kTensor;
          return true;
        }
        uint64_t dim = 0;
        if (!AsUnsigned(ev, v, &dim)) {
          return TensorFail("shape element " + Num(rank_) + " is " + Describe(ev, v) +
                            ", not a non-negative integer");
        }
        if (shown_.size() < kShownDims) shown_.push_back(dim);
        ++rank_;
        // Multiply in order with overflow checks, as the reference reader does.
        if (!overflow_ && __builtin_mul_overflow(elements_, dim, &elements_)) overflow_ = true;
        return true;
      }

      case State::kOffsetsStart:
        if (ev != Ev::kStartArray) {
          return TensorFail("data_offsets must be an array [begin, end], found " + Describe(ev, v));
        }
        state_ = State::kOffsets;
        return true;

      case State::kOffsets: {
        if (ev == Ev::kEndArray) {
          if (offsets_count_ != 2) {
            return TensorFail("data_offsets must have exactly 2 elements [begin, end], found " +
                              Num(offsets_count_));
          }
          state_ = State::kTensor;
          return true;
        }
        uint64_t x = 0;
        if (!AsUnsigned(ev, v, &x)) {
          return TensorFail("data_offsets element " + Num(offsets_count_) + " is " +
                            Describe(ev, v) + ", not a non-negative integer");
        }
        if (offsets_count_ >= 2) {
          return TensorFail("data_offsets must have exactly 2 elements [begin, end]");
        }
        offsets_[offsets_count_++] = x;
        return true;
      }

      case State::kDone:
        break;
    }
    return Fail(Status::Corruption("unexpected JSON after the header object (at byte " +
                                   Num(Offset()) + ")"));
  }

  bool StartTensor(const std::string& name) {
    if (tensor_keys_ >= limits_.safetensors_tensors) {
      return Fail(Status::TooLarge("header declares more than " + Num(limits_.safetensors_tensors) +
                                   " tensors (at byte " + Num(KeyOffset()) + ")"));
    }
    ++tensor_keys_;
    name_ = name;
    key_offset_ = KeyOffset();
    dtype_.clear();
    bits_ = 0;
    seen_dtype_ = seen_shape_ = seen_offsets_ = false;
    shown_.clear();
    rank_ = 0;
    elements_ = 1;
    overflow_ = false;
    offsets_count_ = 0;
    state_ = State::kTensorValue;
    return true;
  }

  bool TensorField(const std::string& field) {
    bool* seen = nullptr;
    State next = State::kTensor;
    if (field == "dtype") {
      seen = &seen_dtype_;
      next = State::kDtype;
    } else if (field == "shape") {
      seen = &seen_shape_;
      next = State::kShapeStart;
    } else if (field == "data_offsets") {
      seen = &seen_offsets_;
      next = State::kOffsetsStart;
    } else {
      SkipValue();  // the reference reader ignores unknown fields
      return true;
    }
    if (*seen) return TensorFail("duplicate field " + Quote(field));
    *seen = true;
    state_ = next;
    return true;
  }

  bool FinishTensor() {
    state_ = State::kTop;
    if (!seen_dtype_ || !seen_shape_ || !seen_offsets_) {
      std::string missing;
      for (auto [seen, field] : {std::pair{seen_dtype_, "dtype"}, std::pair{seen_shape_, "shape"},
                                 std::pair{seen_offsets_, "data_offsets"}}) {
        if (seen) continue;
        if (!missing.empty()) missing += ", ";
        missing += field;
      }
      return TensorFail("missing " + missing);
    }
    const uint64_t begin = offsets_[0], end = offsets_[1];
    const std::string offsets = "data_offsets [" + Num(begin) + ", " + Num(end) + "]";
    if (end < begin) return TensorFail(offsets + ": end is before begin");
    uint64_t nbits = 0;
    if (__builtin_mul_overflow(elements_, uint64_t{bits_}, &nbits)) {
      return TensorFail("shape " + ShapeText() + " of " + dtype_ +
                        " is too large (its bit count overflows 64 bits)");
    }
    if (nbits % 8 != 0) {
      return TensorFail("shape " + ShapeText() + " of " + dtype_ + " is " + Num(nbits) +
                        " bits, not a whole number of bytes");
    }
    if (end - begin != nbits / 8) {
      return TensorFail(offsets + " span " + Num(end - begin) + " bytes but shape " + ShapeText() +
                        " of " + dtype_ + " needs " + Num(nbits / 8) + " bytes");
    }
    if (__builtin_add_overflow(parameters_, elements_, &parameters_)) {
      return TensorFail("the total parameter count overflows 64 bits");
    }
    by_dtype_[dtype_] += elements_;  // cannot overflow: bounded by parameters_
    tensors_.push_back({std::move(name_), key_offset_, begin, end});
    return true;
  }

  bool TensorFail(const std::string& what) {
    return Fail(Status::Corruption(TensorWhere(name_, key_offset_) + ": " + what));
  }

  std::string ShapeText() const {
    std::string s = "[";
    for (size_t i = 0; i < shown_.size(); ++i) {
      if (i > 0) s += ",";
      s += Num(shown_[i]);
    }
    if (rank_ > shown_.size()) s += ",... (" + Num(rank_) + " dims)";
    return s + "]";
  }

  const Limits& limits_;
  State state_ = State::kRoot;
  // Results.
  std::vector<TensorEntry> tensors_;
  std::map<std::string, uint64_t> by_dtype_;
  std::map<std::string, std::string> metadata_;
  uint64_t parameters_ = 0;
  uint64_t tensor_keys_ = 0;
  bool seen_metadata_ = false;
  uint64_t meta_offset_ = 0;
  std::string meta_key_;
  uint64_t meta_key_offset_ = 0;
  // The tensor being read.
  std::string name_;
  uint64_t key_offset_ = 0;
  std::string dtype_;
  uint32_t bits_ = 0;
  bool seen_dtype_ = false, seen_shape_ = false, seen_offsets_ = false;
  std::vector<uint64_t> shown_;
  uint64_t rank_ = 0;
  uint64_t elements_ = 1;
  bool overflow_ = false;
  uint64_t offsets_[2] = {0, 0};
  uint64_t offsets_count_ = 0;
};

// The whole-header checks: unique names, contiguous offsets from 0.
Status CheckLayout(const std::vector<TensorEntry>& tensors, uint64_t* data_end) {
  // Sort indices, not the entries: moving a million names around costs more than the parse.
  std::vector<size_t> order(tensors.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(tensors[a].name, a) < std::tie(tensors[b].name, b);
  });
  for (size_t i = 1; i < order.size(); ++i) {
    const TensorEntry& a = tensors[order[i - 1]];
    const TensorEntry& b = tensors[order[i]];
    if (a.name == b.name) {
      return Status::Corruption("duplicate tensor name " + Quote(b.name) + " at byte " +
                                Num(b.key_offset) + " (first at byte " + Num(a.key_offset) + ")");
    }
  }
  // Sorted by (begin, end) like the reference reader, so zero-size tensors sit before others
  // starting at the same offset.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(tensors[a].begin, tensors[a].end, a) <
           std::tie(tensors[b].begin, tensors[b].end, b);
  });
  uint64_t start = 0;
  const TensorEntry* prev = nullptr;
  for (const size_t i : order) {
    const TensorEntry& t = tensors[i];
    if (t.begin != start) {
      const std::string where = TensorWhere(t.name, t.key_offset) + ": data_offsets [" +
                                Num(t.begin) + ", " + Num(t.end) + "]";
      if (t.begin > start) {
        return Status::Corruption(
            where + " leave bytes " + Num(start) + ".." + Num(t.begin) +
            " of the data unused (tensors must be contiguous from 0, " +
            (prev ? "the previous tensor " + Quote(prev->name) + " ends at " + Num(start)
                  : std::string("and this is the first tensor")) +
            ")");
      }
      return Status::Corruption(where + " overlap tensor " + Quote(prev->name) +
                                ", which ends at " + Num(start));
    }
    start = t.end;
    prev = &t;
  }
  *data_end = start;
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// Shard index

// Why a weight_map value is not a plain file name beside the index, or empty when it is.
std::string BadShardName(std::string_view s) {
  if (s.empty()) return "is empty";
  if (s.front() == '/' || s.front() == '\\') return "is an absolute path";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "contains a control character";
  }
  if (s == "." || s == "..") return "names a folder, not a file";
  const bool has_sep = s.find_first_of("/\\") != std::string_view::npos;
  if (has_sep) {
    // Look for a ".." component, splitting on both separators.
    size_t start = 0;
    while (start <= s.size()) {
      size_t stop = s.find_first_of("/\\", start);
      if (stop == std::string_view::npos) stop = s.size();
      if (s.substr(start, stop - start) == "..") return "climbs out of the folder with '..'";
      start = stop + 1;
    }
    if (s.find('\\') != std::string_view::npos) return "contains a backslash";
    return "is a path, not a plain file name";
  }
  if (s.find(':') != std::string_view::npos) return "contains ':' (a drive or stream name)";
  return {};
}

class IndexWalker final : public JsonWalker {
 public:
  explicit IndexWalker(std::string_view text, const Limits& limits)
      : JsonWalker(text, 0, limits.nesting_depth, "shard index") {}

  ShardIndex& index() { return index_; }
  std::set<std::string>& shards() { return shards_; }
  bool seen_weight_map() const { return seen_weight_map_; }

 private:
  enum class State {
    kRoot,
    kTop,
    kMetaValue,
    kMeta,
    kTotal,  // the value of total_size or total_parameters
    kMapValue,
    kMap,
    kMapEntry,
    kDone,
  };

  bool On(Ev ev, const Val& v) override {
    switch (state_) {
      case State::kRoot:
        if (ev != Ev::kStartObject) {
          return Fail(Status::Corruption("shard index is " + Describe(ev, v) +
                                         ", not a JSON object (at byte 0)"));
        }
        state_ = State::kTop;
        return true;

      case State::kTop: {
        if (ev == Ev::kEndObject) {
          state_ = State::kDone;
          return true;
        }
        bool* seen = nullptr;
        if (*v.s == "metadata") {
          seen = &seen_metadata_;
          state_ = State::kMetaValue;
        } else if (*v.s == "weight_map") {
          seen = &seen_weight_map_;
          state_ = State::kMapValue;
        } else {
          SkipValue();
          return true;
        }
        if (*seen) {
          return Fail(Status::Corruption("duplicate key " + Quote(*v.s) + " (at byte " +
                                         Num(KeyOffset()) + ")"));
        }
        *seen = true;
        return true;
      }

      case State::kMetaValue:
        if (ev == Ev::kNull) {
          state_ = State::kTop;
          return true;
        }
        if (ev != Ev::kStartObject) {
          return Fail(Status::Corruption("metadata must be an object, found " + Describe(ev, v) +
                                         " (at byte " + Num(Offset() - 1) + ")"));
        }
        state_ = State::kMeta;
        return true;

      case State::kMeta:
        if (ev == Ev::kEndObject) {
          state_ = State::kTop;
          return true;
        }
        if (*v.s == "total_size") {
          total_ = &index_.total_size;
        } else if (*v.s == "total_parameters") {
          total_ = &index_.total_parameters;
        } else {
          SkipValue();
          return true;
        }
        if (total_->has_value()) {
          return Fail(Status::Corruption("duplicate key metadata." + *v.s + " (at byte " +
                                         Num(KeyOffset()) + ")"));
        }
        total_key_ = *v.s;
        total_offset_ = KeyOffset();
        state_ = State::kTotal;
        return true;

      case State::kTotal: {
        uint64_t n = 0;
        bool ok = AsUnsigned(ev, v, &n);
        // Some writers emit sizes as floats ("24.0"); accept those when integral.
        if (!ok && ev == Ev::kFloat && std::isfinite(v.f) && v.f >= 0 &&
            v.f < 18446744073709551616.0 && std::floor(v.f) == v.f) {
          n = static_cast<uint64_t>(v.f);
          ok = true;
        }
        if (!ok) {
          return Fail(Status::Corruption("metadata." + total_key_ + " (at byte " +
                                         Num(total_offset_) + ") must be a non-negative " +
                                         "integer, found " + Describe(ev, v)));
        }
        *total_ = n;
        state_ = State::kMeta;
        return true;
      }

      case State::kMapValue:
        if (ev != Ev::kStartObject) {
          return Fail(
              Status::Corruption("weight_map must be an object of tensor name to shard "
                                 "file, found " +
                                 Describe(ev, v) + " (at byte " + Num(Offset() - 1) + ")"));
        }
        state_ = State::kMap;
        return true;

      case State::kMap:
        if (ev == Ev::kEndObject) {
          state_ = State::kTop;
          return true;
        }
        if (index_.tensor_count >= kMaxIndexEntries) {
          return Fail(Status::TooLarge("weight_map has more than " + Num(kMaxIndexEntries) +
                                       " entries (at byte " + Num(KeyOffset()) + ")"));
        }
        entry_offset_ = KeyOffset();
        if (!names_.insert(*v.s).second) {
          return Fail(Status::Corruption("weight_map entry " + Quote(*v.s) + " (at byte " +
                                         Num(entry_offset_) + "): duplicate tensor name"));
        }
        entry_ = *v.s;
        ++index_.tensor_count;
        state_ = State::kMapEntry;
        return true;

      case State::kMapEntry: {
        const std::string where =
            "weight_map entry " + Quote(entry_) + " (at byte " + Num(entry_offset_) + ")";
        if (ev != Ev::kString) {
          return Fail(Status::Corruption(where + ": shard must be a file name string, found " +
                                         Describe(ev, v)));
        }
        if (const std::string why = BadShardName(*v.s); !why.empty()) {
          return Fail(Status::Corruption(where + ": shard " + Quote(*v.s) + " " + why +
                                         " (shards must be plain file names beside the index)"));
        }
        if (shards_.insert(*v.s).second && shards_.size() > kMaxIndexShards) {
          return Fail(Status::TooLarge(where + ": more than " + Num(kMaxIndexShards) +
                                       " distinct shard files"));
        }
        state_ = State::kMap;
        return true;
      }

      case State::kDone:
        break;
    }
    return Fail(Status::Corruption("unexpected JSON after the index object (at byte " +
                                   Num(Offset()) + ")"));
  }

  State state_ = State::kRoot;
  ShardIndex index_;
  std::set<std::string> shards_;
  std::unordered_set<std::string> names_;
  bool seen_metadata_ = false;
  bool seen_weight_map_ = false;
  std::optional<uint64_t>* total_ = nullptr;
  std::string total_key_;
  uint64_t total_offset_ = 0;
  std::string entry_;
  uint64_t entry_offset_ = 0;
};

}  // namespace

Status ParseSafetensors(ByteSource* src, const Limits& limits, SafetensorsHeader* out) {
  const uint64_t size = src->size();
  if (size < 8) {
    return Status::Corruption("file is " + Num(size) +
                              " bytes, too short for the 8-byte header length (at byte 0)");
  }
  std::string buf;
  Status s = src->Read(0, 8, &buf);
  if (!s.ok()) return s;
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(buf[i]);
  // Check the declared length before allocating anything for it.
  if (n > limits.safetensors_header_bytes) {
    return Status::TooLarge("header length " + Num(n) + " exceeds the limit of " +
                            Num(limits.safetensors_header_bytes) + " bytes (at byte 0)");
  }
  if (n > size - 8) {
    return Status::Corruption("header length " + Num(n) + " exceeds file size " + Num(size) +
                              " (at byte 0)");
  }
  s = src->Read(kHeaderStart, n, &buf);
  if (!s.ok()) return s;
  return ParseSafetensorsHeaderJson(buf, size, limits, out);
}

Status ParseSafetensorsHeaderJson(std::string_view json, uint64_t file_size, const Limits& limits,
                                  SafetensorsHeader* out) {
  const uint64_t n = json.size();
  if (n > limits.safetensors_header_bytes) {
    return Status::TooLarge("header length " + Num(n) + " exceeds the limit of " +
                            Num(limits.safetensors_header_bytes) + " bytes (at byte 0)");
  }
  // The reference reader demands '{' first (no leading whitespace, no BOM).
  if (json.empty() || json.front() != '{') {
    return Status::Corruption(
        "header does not start with '{' (" +
        (json.empty() ? std::string("it is empty") : "found " + Quote(json.substr(0, 1), true)) +
        " at byte " + Num(kHeaderStart) + ")");
  }
  try {
    HeaderWalker walker(json, limits);
    Status s = walker.Run();
    if (!s.ok()) return s;
    uint64_t data_end = 0;
    s = CheckLayout(walker.tensors(), &data_end);
    if (!s.ok()) return s;
    if (file_size != 0) {
      // 8 + N + last end must be the file size exactly: no truncation, no trailing bytes
      // (a polyglot file could hide another format there).
      uint64_t expected = 0;
      const bool overflow = __builtin_add_overflow(kHeaderStart + n, data_end, &expected);
      if (overflow || expected > file_size) {
        return Status::Corruption("tensor data should end at byte " +
                                  (overflow ? std::string("2^64 or beyond") : Num(expected)) +
                                  " but the file has only " + Num(file_size) +
                                  " bytes (truncated: the header declares " + Num(data_end) +
                                  " data bytes after byte " + Num(kHeaderStart + n) + ")");
      }
      if (expected < file_size) {
        return Status::Corruption("file has " + Num(file_size - expected) +
                                  " trailing bytes after the tensor data, which ends at byte " +
                                  Num(expected));
      }
    }
    SafetensorsHeader h;
    h.header_bytes = n;
    h.tensor_count = walker.tensors().size();
    h.parameters = walker.parameters();
    h.data_bytes = data_end;
    h.parameters_by_dtype = std::move(walker.by_dtype());
    h.metadata = std::move(walker.metadata());
    *out = std::move(h);
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::TooLarge("header: out of memory while summarising tensors");
  }
}

Status ParseShardIndex(std::string_view json, const Limits& limits, ShardIndex* out) {
  if (json.size() > limits.json_file_bytes) {
    return Status::TooLarge("shard index is " + Num(json.size()) + " bytes, over the limit of " +
                            Num(limits.json_file_bytes));
  }
  try {
    IndexWalker walker(json, limits);
    Status s = walker.Run();
    if (!s.ok()) return s;
    if (!walker.seen_weight_map()) {
      return Status::Corruption("shard index has no weight_map object");
    }
    ShardIndex idx = std::move(walker.index());
    idx.shards.assign(walker.shards().begin(), walker.shards().end());  // std::set: sorted
    *out = std::move(idx);
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return Status::TooLarge("shard index: out of memory while reading weight_map");
  }
}

}  // namespace openness
