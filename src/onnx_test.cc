#include "openness/onnx.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "test_util.h"

namespace openness {
namespace {

// ---- A small protobuf encoder for ModelProto fixtures ----

std::string Varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  s.push_back(static_cast<char>(v));
  return s;
}

std::string Tag(uint64_t field, int wire) {
  return Varint((field << 3) | static_cast<uint64_t>(wire));
}
std::string VarintField(uint64_t field, uint64_t v) { return Tag(field, 0) + Varint(v); }
std::string BytesField(uint64_t field, std::string_view bytes) {
  return Tag(field, 2) + Varint(bytes.size()) + std::string(bytes);
}
std::string Opset(std::string_view domain, uint64_t version) {
  return BytesField(8, BytesField(1, domain) + VarintField(2, version));
}
std::string Prop(std::string_view key, std::string_view value) {
  return BytesField(14, BytesField(1, key) + BytesField(2, value));
}
// A GraphProto-shaped payload: a name and one initializer of raw bytes.
std::string Graph(size_t weight_bytes) {
  const std::string tensor = BytesField(8, "w") + BytesField(9, std::string(weight_bytes, 'w'));
  return BytesField(7, BytesField(2, "main_graph") + BytesField(5, tensor));
}

// The fields in the order the ONNX serializer writes them (by field number).
std::string TypicalModel(size_t weight_bytes) {
  return VarintField(1, 8) + BytesField(2, "pytorch") + BytesField(3, "2.1.0") +
         BytesField(4, "ai.example") + VarintField(5, 3) + BytesField(6, "A tiny test model.") +
         Graph(weight_bytes) + Opset("", 17) + Opset("com.microsoft", 1) +
         Prop("license", "apache-2.0") + Prop("author", "Example Lab");
}

Status Parse(std::string_view bytes, OnnxModel* out, const Limits& limits = DefaultLimits()) {
  auto src = MemorySource(bytes);
  return ParseOnnx(src.get(), limits, out);
}

TEST(OnnxTest, ReadsTopLevelFields) {
  OnnxModel m;
  ASSERT_OK(Parse(TypicalModel(64), &m));
  EXPECT_EQ(m.ir_version, 8);
  EXPECT_EQ(m.producer_name, "pytorch");
  EXPECT_EQ(m.producer_version, "2.1.0");
  EXPECT_EQ(m.domain, "ai.example");
  EXPECT_EQ(m.model_version, 3);
  EXPECT_EQ(m.doc_string, "A tiny test model.");
  ASSERT_EQ(m.opset_imports.size(), 2u);
  EXPECT_EQ(m.opset_imports[0], (std::pair<std::string, int64_t>{"", 17}));
  EXPECT_EQ(m.opset_imports[1], (std::pair<std::string, int64_t>{"com.microsoft", 1}));
  ASSERT_EQ(m.metadata_props.size(), 2u);
  EXPECT_EQ(m.metadata_props[0], (std::pair<std::string, std::string>{"license", "apache-2.0"}));
  EXPECT_EQ(m.metadata_props[1], (std::pair<std::string, std::string>{"author", "Example Lab"}));
}

TEST(OnnxTest, MetadataAfterALargeGraphIsReachedWithoutReadingTheGraph) {
  const std::string bytes = TypicalModel(3 << 20);
  Limits limits;
  limits.onnx_scan_bytes = 1 << 20;  // the graph alone is bigger than the scan budget
  auto src = MemorySource(bytes);
  OnnxModel m;
  ASSERT_OK(ParseOnnx(src.get(), limits, &m));
  EXPECT_EQ(m.ir_version, 8);
  EXPECT_EQ(m.producer_name, "pytorch");
  ASSERT_EQ(m.metadata_props.size(), 2u);
  EXPECT_EQ(m.metadata_props[0].first, "license");
  EXPECT_EQ(m.metadata_props[0].second, "apache-2.0");
  EXPECT_EQ(m.opset_imports.size(), 2u);
  EXPECT_LT(src->bytes_read(), 256u * 1024);
}

TEST(OnnxTest, ScanBudgetBoundsReadsAcrossManyJumps) {
  // Each skipped field forces a refill at the next tag; the budget stops the walk quietly.
  std::string bytes = VarintField(1, 8) + BytesField(2, "pytorch");
  for (int i = 0; i < 64; ++i) bytes += BytesField(25, std::string(64 * 1024, 'f'));
  bytes += Prop("license", "mit");
  Limits limits;
  limits.onnx_scan_bytes = 64 * 1024;
  auto src = MemorySource(bytes);
  OnnxModel m;
  ASSERT_OK(ParseOnnx(src.get(), limits, &m));
  EXPECT_EQ(m.producer_name, "pytorch");
  EXPECT_TRUE(m.metadata_props.empty());
  EXPECT_LT(src->bytes_read(), 96u * 1024);
}

TEST(OnnxTest, UnknownFieldsAreSkipped) {
  const std::string bytes = VarintField(1, 9) + VarintField(99, 5) + Tag(98, 5) + "abcd" +
                            Tag(97, 1) + "abcdefgh" + BytesField(96, "xyz") +
                            BytesField(20, "training") + Prop("k", "v");
  OnnxModel m;
  ASSERT_OK(Parse(bytes, &m));
  EXPECT_EQ(m.ir_version, 9);
  ASSERT_EQ(m.metadata_props.size(), 1u);
  EXPECT_EQ(m.metadata_props[0].second, "v");
}

TEST(OnnxTest, LongStringsAreCut) {
  Limits limits;
  limits.gguf_value_keep_bytes = 16;
  const std::string bytes = VarintField(1, 7) + BytesField(6, std::string(5000, 'd')) +
                            Prop("license", std::string(100, 'L'));
  OnnxModel m;
  ASSERT_OK(Parse(bytes, &m, limits));
  EXPECT_EQ(m.doc_string, std::string(16, 'd'));
  ASSERT_EQ(m.metadata_props.size(), 1u);
  EXPECT_EQ(m.metadata_props[0].second, std::string(16, 'L'));
}

TEST(OnnxTest, NonOnnxBytesAreRejected) {
  for (std::string_view bytes :
       {std::string_view("{\"not\": \"onnx\"}"), std::string_view("GGUF\x03\x00\x00\x00", 8),
        std::string_view("PK\x03\x04", 4), std::string_view("\x0a\x05hello", 7)}) {
    OnnxModel m;
    const Status s = Parse(bytes, &m);
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << bytes;
    EXPECT_NE(s.message().find("not an ONNX ModelProto (at byte 0)"), std::string::npos)
        << s.message();
  }
}

TEST(OnnxTest, MissingIrVersionIsRejected) {
  OnnxModel m;
  const Status s = Parse(BytesField(2, "pytorch") + Prop("a", "b"), &m);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("not an ONNX ModelProto"), std::string::npos) << s.message();
}

TEST(OnnxTest, ImplausibleIrVersionIsRejected) {
  OnnxModel m;
  EXPECT_EQ(Parse(VarintField(1, 0), &m).code(), Status::Code::kCorruption);
  EXPECT_EQ(Parse(VarintField(1, 123456789), &m).code(), Status::Code::kCorruption);
}

TEST(OnnxTest, TruncatedVarint) {
  OnnxModel m;
  const Status s = Parse(std::string("\x08\x80\x80", 3), &m);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("truncated varint (at byte 1)"), std::string::npos) << s.message();
}

TEST(OnnxTest, OverlongVarint) {
  OnnxModel m;
  const Status s = Parse(VarintField(1, 8) + "\x28" + std::string(11, '\xff'), &m);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
}

TEST(OnnxTest, LengthPastEndOfFile) {
  OnnxModel m;
  const std::string bytes = VarintField(1, 8) + Tag(7, 2) + Varint(100000) + "short";
  const Status s = Parse(bytes, &m);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("runs past the end of the file"), std::string::npos) << s.message();
}

TEST(OnnxTest, SubmessageLengthPastItsEnd) {
  OnnxModel m;
  // A metadata entry whose key claims 50 bytes inside a 4-byte entry.
  const std::string bytes = VarintField(1, 8) + BytesField(14, Tag(1, 2) + Varint(50) + "ab");
  EXPECT_EQ(Parse(bytes, &m).code(), Status::Code::kCorruption);
}

TEST(OnnxTest, GroupWireTypeIsRejected) {
  OnnxModel m;
  const Status s = Parse(VarintField(1, 8) + Tag(30, 3) + Tag(30, 4), &m);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("group"), std::string::npos) << s.message();
}

TEST(OnnxTest, KnownFieldWithWrongWireType) {
  OnnxModel m;
  EXPECT_EQ(Parse(VarintField(1, 8) + VarintField(14, 3), &m).code(), Status::Code::kCorruption);
}

TEST(OnnxTest, EmptyFile) {
  OnnxModel m;
  EXPECT_EQ(Parse("", &m).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace openness
