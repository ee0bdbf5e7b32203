#include "openness/gguf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "test_util.h"

namespace openness {
namespace {

using ::testing::HasSubstr;

// Builds GGUF files in memory: metadata entries and tensor infos are appended in order, Build()
// puts the header in front (with the real counts unless overridden) and pads to the alignment.
class GgufWriter {
 public:
  explicit GgufWriter(uint32_t version = 3, bool big_endian = false)
      : version_(version), big_endian_(big_endian) {}

  // Raw encoders, to write broken values after Key().
  GgufWriter& U8(uint8_t v) { return Int(v, 1); }
  GgufWriter& U16(uint16_t v) { return Int(v, 2); }
  GgufWriter& U32(uint32_t v) { return Int(v, 4); }
  GgufWriter& U64(uint64_t v) { return Int(v, 8); }
  GgufWriter& Str(std::string_view s) {
    U64(s.size());
    kvs_.append(s);
    return *this;
  }

  // A key and its value type, counted as one entry; the caller writes the value.
  GgufWriter& Key(std::string_view key, GgufType type) {
    ++kv_count_;
    Str(key);
    return U32(static_cast<uint32_t>(type));
  }
  GgufWriter& String(std::string_view key, std::string_view value) {
    return Key(key, GgufType::kString).Str(value);
  }
  GgufWriter& Uint32(std::string_view key, uint32_t v) {
    return Key(key, GgufType::kUint32).U32(v);
  }
  GgufWriter& Uint32Array(std::string_view key, const std::vector<uint32_t>& values) {
    Key(key, GgufType::kArray).U32(static_cast<uint32_t>(GgufType::kUint32)).U64(values.size());
    for (uint32_t v : values) U32(v);
    return *this;
  }
  GgufWriter& StringArray(std::string_view key, const std::vector<std::string>& values) {
    Key(key, GgufType::kArray).U32(static_cast<uint32_t>(GgufType::kString)).U64(values.size());
    for (const std::string& v : values) Str(v);
    return *this;
  }
  GgufWriter& Alignment(uint32_t alignment) {
    alignment_ = alignment;
    return Uint32("general.alignment", alignment);
  }

  GgufWriter& Tensor(std::string_view name, const std::vector<uint64_t>& dims, uint64_t offset,
                     uint32_t ggml_type = 0) {
    ++tensor_count_;
    Put(name.size(), 8, &tensors_);
    tensors_.append(name);
    Put(dims.size(), 4, &tensors_);
    for (uint64_t d : dims) Put(d, 8, &tensors_);
    Put(ggml_type, 4, &tensors_);
    Put(offset, 8, &tensors_);
    return *this;
  }

  GgufWriter& set_kv_count(uint64_t n) {
    kv_count_override_ = n;
    return *this;
  }
  GgufWriter& set_tensor_count(uint64_t n) {
    tensor_count_override_ = n;
    return *this;
  }

  // The whole file, followed by data_bytes of zero tensor data.
  std::string Build(uint64_t data_bytes = 0) const {
    std::string out = HeaderAndInfos();
    out.resize(DataStart(), '\0');
    out.append(data_bytes, '\0');
    return out;
  }
  // Header, metadata and tensor infos, without padding or data.
  std::string HeaderAndInfos() const {
    std::string out = "GGUF";
    Put(version_, 4, &out);
    Put(tensor_count_override_.value_or(tensor_count_), 8, &out);
    Put(kv_count_override_.value_or(kv_count_), 8, &out);
    return out + kvs_ + tensors_;
  }
  uint64_t DataStart() const {
    const uint64_t end = 24 + kvs_.size() + tensors_.size();
    return (end + alignment_ - 1) / alignment_ * alignment_;
  }

 private:
  void Put(uint64_t v, int bytes, std::string* to) const {
    for (int i = 0; i < bytes; ++i) {
      const int shift = 8 * (big_endian_ ? bytes - 1 - i : i);
      to->push_back(static_cast<char>((v >> shift) & 0xFF));
    }
  }
  GgufWriter& Int(uint64_t v, int bytes) {
    Put(v, bytes, &kvs_);
    return *this;
  }

  uint32_t version_;
  bool big_endian_;
  uint32_t alignment_ = 32;
  uint64_t kv_count_ = 0;
  uint64_t tensor_count_ = 0;
  std::optional<uint64_t> kv_count_override_;
  std::optional<uint64_t> tensor_count_override_;
  std::string kvs_;
  std::string tensors_;
};

Status Parse(std::string_view bytes, GgufFile* out, const Limits& limits = DefaultLimits()) {
  auto src = MemorySource(bytes);
  return ParseGguf(src.get(), limits, out);
}

// A huge file of which only the first bytes are stored; the rest reads as zeros (a sparse file).
class SparseSource final : public ByteSource {
 public:
  SparseSource(std::string head, uint64_t size) : head_(std::move(head)), size_(size) {}
  uint64_t size() const override { return size_; }
  uint64_t bytes_read() const override { return bytes_read_; }
  Status Read(uint64_t offset, uint64_t n, std::string* out) override {
    if (offset > size_ || n > size_ - offset) return Status::Corruption("read past the end");
    out->assign(n, '\0');
    if (offset < head_.size()) {
      const uint64_t take = std::min<uint64_t>(n, head_.size() - offset);
      std::memcpy(out->data(), head_.data() + offset, take);
    }
    bytes_read_ += n;
    return Status::Ok();
  }

 private:
  std::string head_;
  uint64_t size_;
  uint64_t bytes_read_ = 0;
};

TEST(GgufTest, ParsesEveryScalarType) {
  GgufWriter w;
  w.Key("u8", GgufType::kUint8).U8(200);
  w.Key("i8", GgufType::kInt8).U8(0xFB);  // -5
  w.Key("u16", GgufType::kUint16).U16(60000);
  w.Key("i16", GgufType::kInt16).U16(static_cast<uint16_t>(-300));
  w.Key("u32", GgufType::kUint32).U32(4'000'000'000u);
  w.Key("i32", GgufType::kInt32).U32(static_cast<uint32_t>(-2'000'000'000));
  w.Key("f32", GgufType::kFloat32).U32(std::bit_cast<uint32_t>(0.5f));
  w.Key("f32b", GgufType::kFloat32).U32(std::bit_cast<uint32_t>(1e-5f));
  w.Key("bool_t", GgufType::kBool).U8(1);
  w.Key("bool_f", GgufType::kBool).U8(0);
  w.Key("u64", GgufType::kUint64).U64(42);
  w.Key("u64_big", GgufType::kUint64).U64(std::numeric_limits<uint64_t>::max());
  w.Key("i64", GgufType::kInt64).U64(static_cast<uint64_t>(int64_t{-1} << 40));
  w.Key("f64", GgufType::kFloat64).U64(std::bit_cast<uint64_t>(0.1));
  const std::string bytes = w.Build();
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  ASSERT_EQ(f.metadata.size(), 14u);

  struct Want {
    const char* key;
    GgufType type;
    const char* text;
    std::optional<int64_t> integer;
  };
  const Want want[] = {
      {"u8", GgufType::kUint8, "200", 200},
      {"i8", GgufType::kInt8, "-5", -5},
      {"u16", GgufType::kUint16, "60000", 60000},
      {"i16", GgufType::kInt16, "-300", -300},
      {"u32", GgufType::kUint32, "4000000000", 4'000'000'000},
      {"i32", GgufType::kInt32, "-2000000000", -2'000'000'000},
      {"f32", GgufType::kFloat32, "0.5", std::nullopt},
      {"f32b", GgufType::kFloat32, "1e-05", std::nullopt},
      {"bool_t", GgufType::kBool, "true", 1},
      {"bool_f", GgufType::kBool, "false", 0},
      {"u64", GgufType::kUint64, "42", 42},
      {"u64_big", GgufType::kUint64, "18446744073709551615", std::nullopt},
      {"i64", GgufType::kInt64, "-1099511627776", int64_t{-1} << 40},
      {"f64", GgufType::kFloat64, "0.1", std::nullopt},
  };
  for (const Want& w2 : want) {
    SCOPED_TRACE(w2.key);
    const GgufKeyValue* kv = f.Find(w2.key);
    ASSERT_NE(kv, nullptr);
    EXPECT_EQ(kv->value.type, w2.type);
    EXPECT_EQ(kv->value.text, w2.text);
    EXPECT_EQ(kv->value.integer, w2.integer);
    EXPECT_FALSE(kv->value.truncated);
  }
  EXPECT_EQ(f.metadata[0].offset, 24u);  // the first key starts right after the header
}

TEST(GgufTest, StringsAndLookups) {
  GgufWriter w;
  w.String("general.name", "Tiny").Uint32("general.file_type", 1).String("empty", "");
  const std::string bytes = w.Build();
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  EXPECT_EQ(f.GetString("general.name"), "Tiny");
  EXPECT_EQ(f.GetString("empty"), "");
  EXPECT_EQ(f.GetString("general.file_type"), std::nullopt);  // not a string
  EXPECT_EQ(f.GetString("missing"), std::nullopt);
  EXPECT_EQ(f.Find("missing"), nullptr);
  EXPECT_EQ(f.alignment, 32u);
  EXPECT_EQ(f.parameters, 0u);  // no tensors: zero parameters, and the infos parsed
}

TEST(GgufTest, TypeNames) {
  EXPECT_EQ(GgufTypeName(GgufType::kUint8), "uint8");
  EXPECT_EQ(GgufTypeName(GgufType::kFloat32), "float32");
  EXPECT_EQ(GgufTypeName(GgufType::kBool), "bool");
  EXPECT_EQ(GgufTypeName(GgufType::kString), "string");
  EXPECT_EQ(GgufTypeName(GgufType::kArray), "array");
  EXPECT_EQ(GgufTypeName(GgufType::kInt64), "int64");
  EXPECT_EQ(GgufTypeName(GgufType::kFloat64), "float64");
  EXPECT_EQ(GgufTypeName(static_cast<GgufType>(99)), "unknown");
}

TEST(GgufTest, ArraysOfIntsAndStrings) {
  GgufWriter w;
  w.Uint32Array("ints", {1, 2, 3}).StringArray("general.tags", {"text-generation", "gguf"});
  w.StringArray("none", {});
  const std::string bytes = w.Build();
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  const GgufKeyValue* ints = f.Find("ints");
  ASSERT_NE(ints, nullptr);
  EXPECT_EQ(ints->value.type, GgufType::kArray);
  EXPECT_EQ(ints->value.element_type, GgufType::kUint32);
  EXPECT_EQ(ints->value.element_count, 3u);
  EXPECT_THAT(ints->value.elements, ::testing::ElementsAre("1", "2", "3"));
  EXPECT_FALSE(ints->value.truncated);
  const GgufKeyValue* tags = f.Find("general.tags");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->value.element_type, GgufType::kString);
  EXPECT_THAT(tags->value.elements, ::testing::ElementsAre("text-generation", "gguf"));
  EXPECT_EQ(f.Find("none")->value.element_count, 0u);
  EXPECT_TRUE(f.Find("none")->value.elements.empty());
}

TEST(GgufTest, LongArraysKeepTheFirstElementsAndSkipTheRest) {
  std::vector<uint32_t> ints;
  std::vector<std::string> tokens;
  for (uint32_t i = 0; i < 1000; ++i) {
    ints.push_back(i);
    tokens.push_back("tok" + std::to_string(i));
  }
  GgufWriter w;
  w.Uint32Array("ints", ints).StringArray("tokenizer.ggml.tokens", tokens);
  w.Key("bools", GgufType::kArray).U32(static_cast<uint32_t>(GgufType::kBool)).U64(100);
  for (int i = 0; i < 100; ++i) w.U8(static_cast<uint8_t>(i % 2));
  w.String("after", "still read");  // proves the skips landed on the next entry
  const std::string bytes = w.Build();
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  const GgufValue& iv = f.Find("ints")->value;
  EXPECT_EQ(iv.element_count, 1000u);
  ASSERT_EQ(iv.elements.size(), 16u);
  EXPECT_EQ(iv.elements[15], "15");
  EXPECT_TRUE(iv.truncated);
  const GgufValue& tv = f.Find("tokenizer.ggml.tokens")->value;
  EXPECT_EQ(tv.element_count, 1000u);
  ASSERT_EQ(tv.elements.size(), 16u);
  EXPECT_EQ(tv.elements[0], "tok0");
  EXPECT_TRUE(tv.truncated);
  EXPECT_EQ(f.Find("bools")->value.elements[1], "true");
  EXPECT_EQ(f.GetString("after"), "still read");

  Limits small;
  small.gguf_array_keep = 2;
  ASSERT_OK(Parse(bytes, &f, small));
  EXPECT_THAT(f.Find("ints")->value.elements, ::testing::ElementsAre("0", "1"));
  EXPECT_EQ(f.GetString("after"), "still read");
}

TEST(GgufTest, LongStringsAreCutAtTheKeepLimit) {
  GgufWriter w;
  w.String("general.description", "h\xC3\xA9llo world");  // "héllo world"
  w.StringArray("general.languages", {"english", "fr"});
  w.String("after", "x");
  const std::string bytes = w.Build();
  Limits small;
  small.gguf_value_keep_bytes = 2;  // would split the two-byte 'é': back off to "h"
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f, small));
  const GgufValue& d = f.Find("general.description")->value;
  EXPECT_EQ(d.text, "h");
  EXPECT_TRUE(d.truncated);
  const GgufValue& langs = f.Find("general.languages")->value;
  EXPECT_THAT(langs.elements, ::testing::ElementsAre("en", "fr"));
  EXPECT_TRUE(langs.truncated);
  EXPECT_EQ(f.GetString("after"), "x");
  EXPECT_FALSE(f.Find("after")->value.truncated);

  small.gguf_value_keep_bytes = 3;
  ASSERT_OK(Parse(bytes, &f, small));
  EXPECT_EQ(f.GetString("general.description"), "h\xC3\xA9");
}

TEST(GgufTest, ReadsVersionsTwoAndThree) {
  for (uint32_t version : {2u, 3u}) {
    GgufWriter w(version);
    w.String("general.architecture", "llama").Tensor("t", {2, 3}, 0);
    const std::string bytes = w.Build(32);
    GgufFile f;
    ASSERT_OK(Parse(bytes, &f));
    EXPECT_EQ(f.version, version);
    EXPECT_FALSE(f.big_endian);
    EXPECT_EQ(f.GetString("general.architecture"), "llama");
    EXPECT_EQ(f.parameters, 6u);
  }
}

TEST(GgufTest, ReadsBigEndianFiles) {
  GgufWriter w(3, /*big_endian=*/true);
  w.String("general.name", "BE").Uint32("llama.block_count", 32);
  w.Key("f32", GgufType::kFloat32).U32(std::bit_cast<uint32_t>(2.5f));
  w.Uint32Array("ints", {7, 8});
  w.Tensor("a", {4, 5}, 0).Tensor("b", {3}, 96);
  const std::string bytes = w.Build(128);
  ASSERT_EQ(bytes.substr(0, 8), std::string("GGUF\0\0\0\3", 8));
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  EXPECT_TRUE(f.big_endian);
  EXPECT_EQ(f.version, 3u);
  EXPECT_EQ(f.tensor_count, 2u);
  EXPECT_EQ(f.GetString("general.name"), "BE");
  EXPECT_EQ(f.Find("llama.block_count")->value.integer, 32);
  EXPECT_EQ(f.Find("f32")->value.text, "2.5");
  EXPECT_THAT(f.Find("ints")->value.elements, ::testing::ElementsAre("7", "8"));
  EXPECT_EQ(f.parameters, 23u);
}

TEST(GgufTest, ReadsProvenanceKeys) {
  GgufWriter w;
  w.String("general.architecture", "llama")
      .String("general.name", "Tiny Audit")
      .String("general.license", "MIT OR Apache-2.0")
      .String("general.license.name", "MIT or Apache 2.0")
      .String("general.license.link", "https://example.org/LICENSE")
      .Uint32("general.base_model.count", 1)
      .String("general.base_model.0.name", "Base")
      .String("general.base_model.0.organization", "Example-Org")
      .String("general.base_model.0.repo_url", "https://huggingface.co/example-org/base")
      .Uint32("general.dataset.count", 1)
      .String("general.dataset.0.name", "Corpus")
      .String("general.dataset.0.repo_url", "https://huggingface.co/datasets/example-org/corpus")
      .String("general.source.url", "https://huggingface.co/example-org/tiny");
  const std::string bytes = w.Build();
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  EXPECT_EQ(f.GetString("general.name"), "Tiny Audit");
  EXPECT_EQ(f.GetString("general.license"), "MIT OR Apache-2.0");
  EXPECT_EQ(f.GetString("general.license.name"), "MIT or Apache 2.0");
  EXPECT_EQ(f.GetString("general.license.link"), "https://example.org/LICENSE");
  EXPECT_EQ(f.Find("general.base_model.count")->value.integer, 1);
  EXPECT_EQ(f.GetString("general.base_model.0.name"), "Base");
  EXPECT_EQ(f.GetString("general.base_model.0.organization"), "Example-Org");
  EXPECT_EQ(f.GetString("general.base_model.0.repo_url"),
            "https://huggingface.co/example-org/base");
  EXPECT_EQ(f.Find("general.dataset.count")->value.integer, 1);
  EXPECT_EQ(f.GetString("general.dataset.0.name"), "Corpus");
  EXPECT_EQ(f.GetString("general.dataset.0.repo_url"),
            "https://huggingface.co/datasets/example-org/corpus");
  EXPECT_EQ(f.GetString("general.source.url"), "https://huggingface.co/example-org/tiny");
  ASSERT_EQ(f.metadata.size(), 13u);
  EXPECT_EQ(f.metadata[1].key, "general.name");  // file order is kept
}

TEST(GgufTest, TensorInfosGiveTheParameterCount) {
  GgufWriter w;
  w.String("general.architecture", "llama");
  w.Tensor("token_embd.weight", {4096, 32000}, 0, 1);
  w.Tensor("output_norm.weight", {4096}, 4096ull * 32000 * 2, 0);
  w.Tensor("scalar", {}, 4096ull * 32000 * 2 + 4096 * 4, 0);
  const std::string head = w.HeaderAndInfos();
  SparseSource src(head, w.DataStart() + 4096ull * 32000 * 2 + 4096 * 4 + 32);
  GgufFile f;
  ASSERT_OK(ParseGguf(&src, DefaultLimits(), &f));
  EXPECT_EQ(f.tensor_count, 3u);
  EXPECT_EQ(f.parameters, 4096u * 32000 + 4096 + 1);
}

TEST(GgufTest, CustomAlignment) {
  GgufWriter w;
  w.Alignment(64).Tensor("a", {8}, 0).Tensor("b", {8}, 64);
  const std::string bytes = w.Build(128);
  GgufFile f;
  ASSERT_OK(Parse(bytes, &f));
  EXPECT_EQ(f.alignment, 64u);
  EXPECT_EQ(f.parameters, 16u);
}

void ExpectError(const std::string& bytes, Status::Code code, std::string_view text,
                 const Limits& limits = DefaultLimits()) {
  GgufFile f;
  const Status s = Parse(bytes, &f, limits);
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr(std::string(text)));
}

TEST(GgufTest, RejectsBadMagic) {
  std::string bytes = GgufWriter().String("general.name", "x").Build();
  bytes[3] = 'X';
  ExpectError(bytes, Status::Code::kCorruption, "bad magic 'GGUX' (at byte 0): not a GGUF file");
  ExpectError(std::string("\x89PNG\r\n\x1a\n", 8), Status::Code::kCorruption,
              "bad magic '\\x89PNG'");
  ExpectError("", Status::Code::kCorruption, "too short");
  ExpectError("GG", Status::Code::kCorruption, "too short");
}

TEST(GgufTest, RejectsUnsupportedVersions) {
  ExpectError(GgufWriter(1).Build(), Status::Code::kUnsupported, "GGUF v1 is no longer supported");
  ExpectError(GgufWriter(4).Build(), Status::Code::kUnsupported, "GGUF version 4 (at byte 4)");
  ExpectError(GgufWriter(0).Build(), Status::Code::kUnsupported, "GGUF version 0");
  ExpectError(GgufWriter(4, true).Build(), Status::Code::kUnsupported, "GGUF version 4");
}

TEST(GgufTest, RejectsTruncatedFiles) {
  GgufWriter w;
  w.String("general.name", "Tiny").Uint32Array("ints", {1, 2}).Tensor("t", {2}, 0);
  const std::string bytes = w.Build(32);
  GgufFile f;
  ExpectError(bytes.substr(0, 10), Status::Code::kCorruption, "header is truncated");
  ExpectError(bytes.substr(0, 23), Status::Code::kCorruption, "header is truncated");
  // Every cut inside the metadata or tensor infos is an error, never a crash or a success.
  const uint64_t infos_end = w.HeaderAndInfos().size();
  for (size_t n = 24; n < infos_end; ++n) {
    const std::string cut = bytes.substr(0, n);
    EXPECT_FALSE(Parse(cut, &f).ok()) << n;
  }
}

TEST(GgufTest, RejectsStringLengthPastTheEnd) {
  GgufWriter w;
  w.Key("general.name", GgufType::kString).U64(std::numeric_limits<uint64_t>::max());
  w.U64(0).U64(0);
  const std::string bytes = w.Build();
  const uint64_t left = bytes.size() - (24 + 8 + 12 + 4 + 8);
  ExpectError(bytes, Status::Code::kCorruption,
              "string length 18446744073709551615 at byte 48 exceeds the " + std::to_string(left) +
                  " bytes left in the file");

  GgufWriter key;
  key.U64(1000).Str("abc");
  key.set_kv_count(1);
  ExpectError(key.Build(), Status::Code::kCorruption, "key length 1000 at byte 24 exceeds");
}

TEST(GgufTest, EnforcesStringAndKeyLimits) {
  const std::string bytes =
      GgufWriter().String("general.description", std::string(100, 'a')).Build();
  Limits limits;
  limits.gguf_string_bytes = 99;
  ExpectError(bytes, Status::Code::kTooLarge, "exceeds the limit of 99 bytes", limits);
  limits = Limits();
  limits.gguf_key_bytes = 10;
  ExpectError(bytes, Status::Code::kTooLarge, "key length 19 at byte 24", limits);
}

TEST(GgufTest, RejectsHugeCounts) {
  GgufWriter w;
  w.String("general.name", "x").set_kv_count(uint64_t{1} << 40);
  ExpectError(w.Build(), Status::Code::kCorruption, "metadata count 1099511627776 (at byte 16)");
  GgufWriter t;
  t.String("general.name", "x").set_tensor_count(std::numeric_limits<uint64_t>::max());
  ExpectError(t.Build(), Status::Code::kCorruption,
              "tensor count 18446744073709551615 (at byte 8)");

  GgufWriter three;
  three.String("a", "1").String("b", "2").String("c", "3");
  Limits limits;
  limits.gguf_kv_count = 2;
  ExpectError(three.Build(), Status::Code::kTooLarge, "exceeds the limit of 2", limits);
  limits = Limits();
  limits.gguf_tensor_count = 0;
  three.Tensor("t", {1}, 0);
  ExpectError(three.Build(32), Status::Code::kTooLarge, "tensor count 1", limits);
}

TEST(GgufTest, RejectsHugeArrayCounts) {
  GgufWriter w;
  w.Key("tokenizer.ggml.scores", GgufType::kArray)
      .U32(static_cast<uint32_t>(GgufType::kFloat32))
      .U64(uint64_t{1} << 62);
  w.U64(0);
  ExpectError(w.Build(), Status::Code::kCorruption,
              "array of 4611686018427387904 float32 elements (at byte 61) cannot fit");

  GgufWriter s;
  s.Key("tokenizer.ggml.tokens", GgufType::kArray)
      .U32(static_cast<uint32_t>(GgufType::kString))
      .U64(100);
  for (int i = 0; i < 100; ++i) s.U64(0);  // fits (empty strings), but over the limit below
  Limits limits;
  limits.gguf_array_elements = 99;
  ExpectError(s.Build(), Status::Code::kTooLarge, "exceeds the limit of 99", limits);
}

TEST(GgufTest, RejectsNestedArraysAndBadTypes) {
  GgufWriter w;
  w.Key("nested", GgufType::kArray).U32(static_cast<uint32_t>(GgufType::kArray)).U64(1);
  w.U32(static_cast<uint32_t>(GgufType::kUint8)).U64(1).U8(0);
  ExpectError(w.Build(), Status::Code::kCorruption, "nested arrays are rejected");

  GgufWriter bad_type;
  bad_type.Key("k", static_cast<GgufType>(13)).U64(0);
  ExpectError(bad_type.Build(), Status::Code::kCorruption, "key 'k' has invalid value type 13");

  GgufWriter bad_elem;
  bad_elem.Key("k", GgufType::kArray).U32(200).U64(0);
  ExpectError(bad_elem.Build(), Status::Code::kCorruption, "invalid array element type 200");
}

TEST(GgufTest, RejectsInvalidBools) {
  GgufWriter w;
  w.Key("flag", GgufType::kBool).U8(2);
  ExpectError(w.Build(), Status::Code::kCorruption, "bool value 2 (at byte 40) is neither 0 nor 1");

  // A bad bool beyond the kept elements of an array is still found.
  GgufWriter a;
  a.Key("flags", GgufType::kArray).U32(static_cast<uint32_t>(GgufType::kBool)).U64(40);
  for (int i = 0; i < 39; ++i) a.U8(1);
  a.U8(7);
  ExpectError(a.Build(), Status::Code::kCorruption, "bool value 7");
}

TEST(GgufTest, RejectsDuplicateKeys) {
  GgufWriter w;
  w.String("general.name", "a").String("general.name", "b");
  ExpectError(w.Build(), Status::Code::kCorruption, "key 'general.name' repeats (at byte 57)");
}

TEST(GgufTest, RejectsBadAlignment) {
  for (uint32_t bad : {0u, 3u, 48u}) {
    GgufWriter w;
    w.Uint32("general.alignment", bad);
    ExpectError(w.Build(), Status::Code::kCorruption, "is not a nonzero power of 2");
  }
  GgufWriter w;
  w.String("general.alignment", "32");
  ExpectError(w.Build(), Status::Code::kCorruption, "must be a uint32, not string");
}

TEST(GgufTest, RejectsBadTensorInfosButKeepsTheMetadata) {
  GgufWriter w;
  w.String("general.license", "MIT").Tensor(std::string(64, 'n'), {1}, 0);
  GgufFile f;
  const std::string bytes = w.Build(32);
  const Status s = Parse(bytes, &f);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("tensor name length 64"));
  EXPECT_EQ(f.GetString("general.license"), "MIT");  // what was read before the error
  EXPECT_EQ(f.parameters, std::nullopt);

  GgufWriter ok;
  ok.Tensor(std::string(63, 'n'), {1}, 0);
  EXPECT_OK(Parse(ok.Build(32), &f));

  GgufWriter dims;
  dims.Tensor("t", {1, 1, 1, 1, 1}, 0);
  ExpectError(dims.Build(32), Status::Code::kCorruption, "tensor 't' has 5 dimensions");

  GgufWriter dup;
  dup.Tensor("t", {1}, 0).Tensor("t", {1}, 32);
  ExpectError(dup.Build(64), Status::Code::kCorruption, "tensor name 't' repeats");

  GgufWriter overflow;
  overflow.Tensor("t", {uint64_t{1} << 32, uint64_t{1} << 32}, 0);
  ExpectError(overflow.Build(32), Status::Code::kCorruption, "overflow");

  GgufWriter misaligned;
  misaligned.Tensor("t", {1}, 4);
  ExpectError(misaligned.Build(64), Status::Code::kCorruption, "not a multiple of the alignment");

  GgufWriter past_end;
  past_end.Tensor("t", {1}, 1024);
  ExpectError(past_end.Build(32), Status::Code::kCorruption, "points past the end of the file");
}

// A 40 GB file with 30,000 metadata entries and a 100k-token vocabulary: only the header,
// metadata and tensor infos are read, and fast.
TEST(GgufTest, ReadsOnlyTheHeaderOfAHugeFile) {
  GgufWriter w;
  w.String("general.architecture", "llama").String("general.license", "apache-2.0");
  std::vector<std::string> tokens;
  for (int i = 0; i < 100'000; ++i) tokens.push_back("token" + std::to_string(i));
  w.StringArray("tokenizer.ggml.tokens", tokens);
  for (int i = 0; i < 30'000 - 3; ++i) {
    if (i % 2) {
      w.Uint32("custom.u32." + std::to_string(i), static_cast<uint32_t>(i));
    } else {
      w.String("custom.str." + std::to_string(i), "value " + std::to_string(i));
    }
  }
  const uint64_t tensor_bytes = 10ull << 30;
  for (uint64_t i = 0; i < 4; ++i) {
    w.Tensor("blk." + std::to_string(i) + ".weight", {65536, 40960}, i * tensor_bytes);
  }
  const std::string head = w.HeaderAndInfos();
  SparseSource src(head, w.DataStart() + 4 * tensor_bytes);
  ASSERT_GT(src.size(), 40ull << 30);

  GgufFile f;
  ASSERT_OK(ParseGguf(&src, DefaultLimits(), &f));
  EXPECT_EQ(f.metadata.size(), 30'000u);
  EXPECT_EQ(f.Find("tokenizer.ggml.tokens")->value.element_count, 100'000u);
  EXPECT_EQ(f.parameters, uint64_t{4} * 65536 * 40960);
  // The read-ahead buffer may run up to 64 KiB past the last tensor info, no further.
  EXPECT_LE(src.bytes_read(), head.size() + (64u << 10) + 4096);
  // Speed is measured in bench/scan_bench.cc, not asserted here (timed tests flake under load).
}

// The shared synthetic files, checked against the reference reader when they were made.
TEST(GgufCorpusTest, SyntheticFiles) {
  SKIP_WITHOUT_SHARED(shared);
  const std::filesystem::path dir = shared / "corpus/formats/synthetic";
  auto parse = [&](const char* name, GgufFile* f) {
    auto src = OpenFileSource((dir / name).string());
    if (!src.ok()) return src.status();
    return ParseGguf(src->get(), DefaultLimits(), f);
  };
  GgufFile f;
  ASSERT_OK(parse("tiny-provenance.gguf", &f));
  EXPECT_EQ(f.version, 3u);
  EXPECT_EQ(f.metadata.size(), 35u);
  EXPECT_EQ(f.tensor_count, 2u);
  EXPECT_EQ(f.parameters, 12u);
  EXPECT_EQ(f.GetString("general.architecture"), "llama");
  EXPECT_EQ(f.GetString("general.name"), "Tiny Audit Test Model");
  EXPECT_EQ(f.GetString("general.license"), "Apache-2.0");
  EXPECT_EQ(f.GetString("general.license.name"), "Apache License 2.0");
  EXPECT_EQ(f.GetString("general.license.link"), "https://www.apache.org/licenses/LICENSE-2.0");
  EXPECT_EQ(f.GetString("general.source.url"), "https://huggingface.co/example-org/tiny-audit");
  EXPECT_EQ(f.Find("general.base_model.count")->value.integer, 1);
  EXPECT_EQ(f.GetString("general.base_model.0.name"), "Tiny Audit Base");
  EXPECT_EQ(f.GetString("general.base_model.0.organization"), "Example-Org");
  EXPECT_EQ(f.GetString("general.base_model.0.repo_url"),
            "https://huggingface.co/example-org/tiny-audit-base");
  EXPECT_EQ(f.GetString("general.dataset.0.name"), "Example Corpus");
  EXPECT_THAT(f.Find("general.tags")->value.elements,
              ::testing::ElementsAre("text-generation", "synthetic"));
  EXPECT_EQ(f.alignment, 32u);

  ASSERT_OK(parse("tiny-no-license.gguf", &f));
  EXPECT_EQ(f.GetString("general.license"), std::nullopt);
  EXPECT_EQ(f.GetString("general.architecture"), "llama");

  Status s = parse("bad-magic.gguf", &f);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("bad magic"));
  s = parse("truncated.gguf", &f);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
  s = parse("huge-string-len.gguf", &f);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("length 4611686018427387904"));
  s = parse("unsupported-version.gguf", &f);
  EXPECT_EQ(s.code(), Status::Code::kUnsupported) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("version 99"));
}

}  // namespace
}  // namespace openness
