#include "openness/safetensors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"
#include "test_util.h"

namespace openness {
namespace {

using ::testing::HasSubstr;

// Builds a safetensors file: 8-byte LE length, the header padded with spaces to a multiple of 8
// (as the reference writer does), then data_bytes zero bytes of tensor data.
std::string MakeSafetensors(std::string_view header, uint64_t data_bytes, bool pad = true) {
  std::string h(header);
  while (pad && h.size() % 8 != 0) h += ' ';
  std::string out;
  const uint64_t n = h.size();
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  out += h;
  out.append(data_bytes, '\0');
  return out;
}

// Only the 8-byte length, with whatever follows.
std::string LengthPrefix(uint64_t n) {
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
  return out;
}

Status Parse(std::string_view bytes, SafetensorsHeader* out,
             const Limits& limits = DefaultLimits()) {
  auto src = MemorySource(bytes);
  return ParseSafetensors(src.get(), limits, out);
}

Status ParseBytes(std::string_view bytes, const Limits& limits = DefaultLimits()) {
  SafetensorsHeader h;
  return Parse(bytes, &h, limits);
}

constexpr std::string_view kValidHeader =
    R"({"__metadata__":{"format":"pt","license":"apache-2.0"},)"
    R"("bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
    R"("weight":{"dtype":"BF16","shape":[2,3],"data_offsets":[8,20]},)"
    R"("emb":{"dtype":"BF16","shape":[4],"data_offsets":[20,28]}})";

TEST(SafetensorsTest, ParsesValidFile) {
  const std::string file = MakeSafetensors(kValidHeader, 28);
  SafetensorsHeader h;
  ASSERT_OK(Parse(file, &h));
  EXPECT_EQ(h.header_bytes, file.size() - 8 - 28);
  EXPECT_EQ(h.header_bytes % 8, 0u);
  EXPECT_EQ(h.tensor_count, 3u);
  EXPECT_EQ(h.parameters, 2u + 6u + 4u);
  EXPECT_EQ(h.data_bytes, 28u);
  EXPECT_EQ(h.parameters_by_dtype.size(), 2u);
  EXPECT_EQ(h.parameters_by_dtype.at("F32"), 2u);
  EXPECT_EQ(h.parameters_by_dtype.at("BF16"), 10u);
  EXPECT_EQ(h.metadata.size(), 2u);
  EXPECT_EQ(h.metadata.at("format"), "pt");
  EXPECT_EQ(h.metadata.at("license"), "apache-2.0");
}

TEST(SafetensorsTest, EmptyHeaderObjectIsValid) {
  SafetensorsHeader h;
  ASSERT_OK(Parse(MakeSafetensors("{}", 0, /*pad=*/false), &h));
  EXPECT_EQ(h.tensor_count, 0u);
  EXPECT_EQ(h.parameters, 0u);
  EXPECT_EQ(h.data_bytes, 0u);
  EXPECT_TRUE(h.metadata.empty());
}

TEST(SafetensorsTest, ScalarShape) {
  SafetensorsHeader h;
  ASSERT_OK(
      Parse(MakeSafetensors(R"({"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]}})", 8), &h));
  EXPECT_EQ(h.parameters, 1u);
  EXPECT_EQ(h.parameters_by_dtype.at("F64"), 1u);
}

TEST(SafetensorsTest, ZeroSizeDims) {
  SafetensorsHeader h;
  ASSERT_OK(Parse(MakeSafetensors(R"({"a":{"dtype":"F32","shape":[0,5],"data_offsets":[0,0]},)"
                                  R"("b":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},)"
                                  R"("c":{"dtype":"I8","shape":[3,0],"data_offsets":[4,4]}})",
                                  4),
                  &h));
  EXPECT_EQ(h.tensor_count, 3u);
  EXPECT_EQ(h.parameters, 2u);
  EXPECT_EQ(h.parameters_by_dtype.at("F32"), 0u);
  EXPECT_EQ(h.data_bytes, 4u);
}

TEST(SafetensorsTest, SubByteDtypes) {
  // F4: 6 elements = 24 bits = 3 bytes; F6_E2M3: 4 elements = 24 bits = 3 bytes.
  SafetensorsHeader h;
  ASSERT_OK(Parse(MakeSafetensors(R"({"a":{"dtype":"F4","shape":[2,3],"data_offsets":[0,3]},)"
                                  R"("b":{"dtype":"F6_E2M3","shape":[4],"data_offsets":[3,6]}})",
                                  6),
                  &h));
  EXPECT_EQ(h.parameters, 10u);
}

TEST(SafetensorsTest, IgnoresUnknownTensorFields) {
  SafetensorsHeader h;
  ASSERT_OK(Parse(
      MakeSafetensors(
          R"({"a":{"dtype":"U8","extra":{"x":[1,{"y":null}]},"shape":[3],"data_offsets":[0,3]}})",
          3),
      &h));
  EXPECT_EQ(h.parameters, 3u);
}

TEST(SafetensorsTest, TruncatedLength) {
  const Status s = ParseBytes(std::string("\x10\x00\x00", 3));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("file is 3 bytes, too short"));
  EXPECT_THAT(s.message(), HasSubstr("(at byte 0)"));
  EXPECT_EQ(ParseBytes("").code(), Status::Code::kCorruption);
}

TEST(SafetensorsTest, HeaderLengthExceedsFile) {
  std::string file = LengthPrefix(9000) + "{}";
  file.resize(120, ' ');
  const Status s = ParseBytes(file);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message(), "header length 9000 exceeds file size 120 (at byte 0)");
}

TEST(SafetensorsTest, HeaderLengthOverLimit) {
  const Status s = ParseBytes(LengthPrefix(100'000'001) + "{}");
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_THAT(s.message(), HasSubstr("header length 100000001 exceeds the limit of 100000000"));

  // A custom limit is honoured too, and a huge length does not allocate.
  Limits small;
  small.safetensors_header_bytes = 16;
  EXPECT_EQ(ParseBytes(MakeSafetensors(kValidHeader, 28), small).code(), Status::Code::kTooLarge);
  EXPECT_EQ(ParseBytes(LengthPrefix(UINT64_MAX) + "{}").code(), Status::Code::kTooLarge);
}

TEST(SafetensorsTest, HeaderNotStartingWithBrace) {
  Status s = ParseBytes(MakeSafetensors("[1,2,3]", 0));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("does not start with '{'"));
  EXPECT_THAT(s.message(), HasSubstr("at byte 8"));
  // Leading whitespace is not allowed either (the reference checks the first byte).
  s = ParseBytes(MakeSafetensors(R"( {})", 0));
  EXPECT_THAT(s.message(), HasSubstr("does not start with '{'"));
  s = ParseBytes(LengthPrefix(0));
  EXPECT_THAT(s.message(), HasSubstr("it is empty"));
}

TEST(SafetensorsTest, TrailingSpacesInHeaderAllowed) {
  SafetensorsHeader h;
  ASSERT_OK(Parse(MakeSafetensors(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}      )"
                                  "   ",
                                  1, /*pad=*/false),
                  &h));
  EXPECT_EQ(h.parameters, 1u);
}

TEST(SafetensorsTest, InvalidJson) {
  Status s = ParseBytes(MakeSafetensors(R"({"a": {"dtype": "F32",)", 0));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("header is not valid JSON at byte"));

  // The offset names the bad byte in the file: 'x' is the header's byte 1, so file byte 9.
  s = ParseBytes(MakeSafetensors("{x}", 0));
  EXPECT_THAT(s.message(), HasSubstr("not valid JSON at byte 9:"));

  // Garbage after the object (NUL padding is not whitespace).
  s = ParseBytes(MakeSafetensors(std::string("{}\0\0\0\0\0\0", 8), 0, /*pad=*/false));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("not valid JSON at byte 10"));

  // Invalid UTF-8 inside a string; the message escapes the raw byte.
  s = ParseBytes(MakeSafetensors("{\"\xff\":1}", 0));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), ::testing::Not(HasSubstr("\xff")));
}

TEST(SafetensorsTest, UnknownDtype) {
  const Status s = ParseBytes(
      MakeSafetensors(R"({"w":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}})", 16));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message(), "tensor 'w' (at byte 9): unknown dtype 'F128'");
}

TEST(SafetensorsTest, NegativeShape) {
  const Status s = ParseBytes(
      MakeSafetensors(R"({"w":{"dtype":"F32","shape":[2,-1],"data_offsets":[0,8]}})", 8));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("tensor 'w' (at byte 9): shape element 1 is the number -1"));
}

TEST(SafetensorsTest, NonIntegerShapeAndOffsets) {
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4))
          .message(),
      HasSubstr("shape element 0 is a non-integer number"));
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}})", 8))
          .message(),
      HasSubstr("shape must be an array"));
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})", 8))
          .message(),
      HasSubstr("exactly 2 elements"));
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4]}})", 4))
          .message(),
      HasSubstr("exactly 2 elements"));
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":7,"shape":[1],"data_offsets":[0,4]}})", 4))
          .message(),
      HasSubstr("dtype must be a string"));
  EXPECT_THAT(ParseBytes(MakeSafetensors(R"({"w":[1,2]})", 0)).message(),
              HasSubstr("tensor 'w' (at byte 9): value must be an object"));
}

TEST(SafetensorsTest, OverflowingShape) {
  const Status s = ParseBytes(MakeSafetensors(
      R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})",
      8));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("more elements than fit in 64 bits"));

  // Elements fit, but elements x bits does not.
  const Status t = ParseBytes(MakeSafetensors(
      R"({"w":{"dtype":"F64","shape":[4294967296,1073741824],"data_offsets":[0,8]}})", 8));
  EXPECT_EQ(t.code(), Status::Code::kCorruption);
  EXPECT_THAT(t.message(), HasSubstr("bit count overflows"));
}

TEST(SafetensorsTest, LongShapeIsShortenedInMessages) {
  std::string shape = "[";
  for (int i = 0; i < 40; ++i) shape += "1,";
  shape += "2]";
  const Status s = ParseBytes(
      MakeSafetensors(R"({"w":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":[0,4]}})", 4));
  EXPECT_THAT(s.message(), HasSubstr(",... (41 dims)]"));
}

TEST(SafetensorsTest, GapBetweenTensors) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                 R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                                 12));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("tensor 'b'"));
  EXPECT_THAT(s.message(), HasSubstr("leave bytes 4..8 of the data unused"));
}

TEST(SafetensorsTest, FirstTensorMustStartAtZero) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("leave bytes 0..4"));
  EXPECT_THAT(s.message(), HasSubstr("first tensor"));
}

TEST(SafetensorsTest, OverlappingTensors) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                 12));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("tensor 'b'"));
  EXPECT_THAT(s.message(), HasSubstr("overlap tensor 'a', which ends at 8"));

  // Two tensors sharing the same bytes (the old DOS trick).
  const Status t =
      ParseBytes(MakeSafetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})",
                                 8));
  EXPECT_THAT(t.message(), HasSubstr("overlap"));
}

TEST(SafetensorsTest, OffsetsOutOfOrderInHeaderAreFine) {
  SafetensorsHeader h;
  ASSERT_OK(Parse(MakeSafetensors(R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},)"
                                  R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                                  8),
                  &h));
  EXPECT_EQ(h.data_bytes, 8u);
}

TEST(SafetensorsTest, SizeMismatch) {
  const Status s = ParseBytes(
      MakeSafetensors(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,10]}})", 10));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message(),
            "tensor 'w' (at byte 9): data_offsets [0, 10] span 10 bytes but shape [2,3] of F32 "
            "needs 24 bytes");
}

TEST(SafetensorsTest, MisalignedBits) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}})", 2));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("12 bits, not a whole number of bytes"));
}

TEST(SafetensorsTest, EndBeforeBegin) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", 4));
  EXPECT_THAT(s.message(), HasSubstr("data_offsets [4, 0]: end is before begin"));
}

TEST(SafetensorsTest, MissingField) {
  const Status s = ParseBytes(MakeSafetensors(R"({"w":{"dtype":"U8"}})", 0));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("missing shape, data_offsets"));
}

TEST(SafetensorsTest, TrailingBytes) {
  std::string file =
      MakeSafetensors(R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})", 4) + "XX";
  const Status s = ParseBytes(file);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("2 trailing bytes"));
  EXPECT_THAT(s.message(), HasSubstr("ends at byte " + std::to_string(file.size() - 2)));
}

TEST(SafetensorsTest, TruncatedData) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})", 3));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("truncated"));

  // Eight tensors of 2^61 - 1 bytes end at 2^64 - 8: 8 + N + that must not wrap around.
  std::string header = "{";
  const uint64_t size = (uint64_t{1} << 61) - 1;
  for (uint64_t k = 0; k < 8; ++k) {
    if (k > 0) header += ",";
    header += "\"t" + std::to_string(k) + R"(":{"dtype":"U8","shape":[)" + std::to_string(size) +
              R"(],"data_offsets":[)" + std::to_string(k * size) + "," +
              std::to_string((k + 1) * size) + "]}";
  }
  header += "}";
  const Status t = ParseBytes(MakeSafetensors(header, 0));
  EXPECT_EQ(t.code(), Status::Code::kCorruption);
  EXPECT_THAT(t.message(), HasSubstr("2^64 or beyond"));
}

TEST(SafetensorsTest, HeaderJsonWithoutFileSkipsSizeCheck) {
  const std::string header = R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})";
  SafetensorsHeader h;
  ASSERT_OK(ParseSafetensorsHeaderJson(header, 0, DefaultLimits(), &h));
  EXPECT_EQ(h.header_bytes, header.size());
  EXPECT_EQ(h.data_bytes, 4u);
  EXPECT_EQ(ParseSafetensorsHeaderJson(header, 8 + header.size() + 5, DefaultLimits(), &h).code(),
            Status::Code::kCorruption);
}

TEST(SafetensorsTest, NonStringMetadata) {
  Status s = ParseBytes(MakeSafetensors(R"({"__metadata__":{"n":1}})", 0));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message(),
            "__metadata__ key 'n' (at byte 25): value must be a string, found the number 1 "
            "(__metadata__ is a string-to-string map)");
  s = ParseBytes(MakeSafetensors(R"({"__metadata__":{"n":{"nested":"x"}}})", 0));
  EXPECT_THAT(s.message(), HasSubstr("found an object"));
  s = ParseBytes(MakeSafetensors(R"({"__metadata__":["a"]})", 0));
  EXPECT_THAT(s.message(), HasSubstr("__metadata__ (at byte 9) must be an object of strings"));
}

TEST(SafetensorsTest, DuplicateTensorKey) {
  const Status s =
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                                 R"("w":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})",
                                 8));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("duplicate tensor name 'w'"));
  EXPECT_THAT(s.message(), HasSubstr("(first at byte 9)"));

  // The same name spelled with an escape is still a duplicate.
  const Status t =
      ParseBytes(MakeSafetensors(R"({"w":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                                 R"("\u0077":{"dtype":"U8","shape":[4],"data_offsets":[4,8]}})",
                                 8));
  EXPECT_THAT(t.message(), HasSubstr("duplicate tensor name 'w'"));
}

TEST(SafetensorsTest, DuplicateMetadataAndFields) {
  EXPECT_THAT(ParseBytes(MakeSafetensors(R"({"__metadata__":{"a":"1","a":"2"}})", 0)).message(),
              HasSubstr("duplicate key"));
  EXPECT_THAT(ParseBytes(MakeSafetensors(R"({"__metadata__":{},"__metadata__":{}})", 0)).message(),
              HasSubstr("duplicate key '__metadata__'"));
  EXPECT_THAT(
      ParseBytes(MakeSafetensors(
                     R"({"w":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}})", 1))
          .message(),
      HasSubstr("duplicate field 'dtype'"));
}

TEST(SafetensorsTest, KeyOffsetsSurviveEscapes) {
  // The key "a\"b\\" starts at header byte 1 (file byte 9); the next key's offset is exact too.
  const std::string header = R"({"a\"b\\":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                             R"("bad":{"dtype":"X","shape":[1],"data_offsets":[1,2]}})";
  const Status s = ParseBytes(MakeSafetensors(header, 2));
  const size_t bad_at = header.find("\"bad\"");
  EXPECT_THAT(s.message(), HasSubstr("tensor 'bad' (at byte " + std::to_string(8 + bad_at) + ")"));
}

TEST(SafetensorsTest, DeepNesting) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  Status s = ParseBytes(MakeSafetensors(
      R"({"w":{"dtype":"U8","x":)" + deep + R"(,"shape":[1],"data_offsets":[0,1]}})", 1));
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_THAT(s.message(), HasSubstr("nests deeper than 64 levels"));

  // Very deep input must fail fast, not overflow the stack.
  std::string very(1'000'000, '[');
  s = ParseBytes(MakeSafetensors("{\"w\":{\"x\":" + very, 0));
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_THAT(s.message(), HasSubstr("(at byte 80)"));  // 8 + 9 + 63: the 63rd '[' is level 65
}

TEST(SafetensorsTest, TooManyTensors) {
  Limits limits;
  limits.safetensors_tensors = 2;
  const std::string file =
      MakeSafetensors(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                      R"("b":{"dtype":"U8","shape":[1],"data_offsets":[1,2]},)"
                      R"("c":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}})",
                      3);
  const Status s = ParseBytes(file, limits);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_THAT(s.message(), HasSubstr("more than 2 tensors"));
  EXPECT_OK(ParseBytes(file));
}

TEST(SafetensorsTest, ReadsOnlyTheHeader) {
  const std::string header = R"({"big":{"dtype":"F32","shape":[1024,1024],)"
                             R"("data_offsets":[0,4194304]}})";
  const std::string file = MakeSafetensors(header, 4 << 20);
  auto src = MemorySource(file);
  SafetensorsHeader h;
  ASSERT_OK(ParseSafetensors(src.get(), DefaultLimits(), &h));
  EXPECT_EQ(h.parameters, 1u << 20);
  EXPECT_EQ(src->bytes_read(), 8 + h.header_bytes);
  EXPECT_LT(src->bytes_read(), 200u);
}

TEST(SafetensorsTest, FailedParseLeavesOutputUntouched) {
  SafetensorsHeader h;
  h.tensor_count = 42;
  EXPECT_FALSE(Parse(MakeSafetensors(R"({"w":1})", 0), &h).ok());
  EXPECT_EQ(h.tensor_count, 42u);
}

TEST(SafetensorsTest, AllReferenceDtypesAccepted) {
  const std::pair<const char*, int> dtypes[] = {
      {"BOOL", 8},        {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
      {"I8", 8},          {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"F8_E4M3FNUZ", 8},
      {"F8_E5M2FNUZ", 8}, {"I16", 16},    {"U16", 16},    {"F16", 16},    {"BF16", 16},
      {"I32", 32},        {"U32", 32},    {"F32", 32},    {"C64", 64},    {"F64", 64},
      {"I64", 64},        {"U64", 64}};
  for (const auto& [name, bits] : dtypes) {
    // 8 elements: always a whole number of bytes.
    const int bytes = bits;
    const std::string header = std::string(R"({"t":{"dtype":")") + name +
                               R"(","shape":[8],"data_offsets":[0,)" + std::to_string(bytes) +
                               "]}}";
    SafetensorsHeader h;
    const Status s = Parse(MakeSafetensors(header, static_cast<uint64_t>(bytes)), &h);
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  }
}

// ---------------------------------------------------------------------------------------------
// The fixtures in ../shared (skipped when absent).

std::filesystem::path Synthetic(const std::filesystem::path& shared) {
  return shared / "corpus" / "formats" / "synthetic";
}

Status ParseFile(const std::filesystem::path& path, SafetensorsHeader* h) {
  auto src = OpenFileSource(path.string());
  if (!src.ok()) return src.status();
  return ParseSafetensors(src->get(), DefaultLimits(), h);
}

TEST(SafetensorsCorpusTest, TinyParses) {
  SKIP_WITHOUT_SHARED(shared);
  SafetensorsHeader h;
  ASSERT_OK(ParseFile(Synthetic(shared) / "tiny.safetensors", &h));
  EXPECT_EQ(h.tensor_count, 2u);
  EXPECT_EQ(h.parameters, 6u);
  EXPECT_EQ(h.parameters_by_dtype.at("F32"), 2u);
  EXPECT_EQ(h.parameters_by_dtype.at("F16"), 4u);
  EXPECT_EQ(h.data_bytes, 16u);
  EXPECT_EQ(h.metadata.at("format"), "pt");
  EXPECT_EQ(h.metadata.at("license"), "apache-2.0");
  EXPECT_EQ(h.metadata.at("base_model"), "example-org/tiny-audit-base");

  SafetensorsHeader n;
  ASSERT_OK(ParseFile(Synthetic(shared) / "tiny-no-metadata.safetensors", &n));
  EXPECT_EQ(n.parameters, 6u);
  EXPECT_TRUE(n.metadata.empty());
}

TEST(SafetensorsCorpusTest, ShardsParse) {
  SKIP_WITHOUT_SHARED(shared);
  SafetensorsHeader a, b;
  ASSERT_OK(ParseFile(Synthetic(shared) / "sharded" / "model-00001-of-00002.safetensors", &a));
  ASSERT_OK(ParseFile(Synthetic(shared) / "sharded" / "model-00002-of-00002.safetensors", &b));
  EXPECT_EQ(a.parameters + b.parameters, 6u);
  EXPECT_EQ(a.data_bytes + b.data_bytes, 16u);
}

TEST(SafetensorsCorpusTest, BadFilesFailWithTheRightError) {
  SKIP_WITHOUT_SHARED(shared);
  struct Case {
    const char* file;
    Status::Code code;
    const char* message;
  };
  const Case cases[] = {
      {"bad-header-too-large.safetensors", Status::Code::kTooLarge,
       "header length 100000001 exceeds the limit"},
      {"bad-not-object.safetensors", Status::Code::kCorruption, "does not start with '{'"},
      {"bad-offsets-gap.safetensors", Status::Code::kCorruption, "leave bytes 0..4"},
      {"bad-trailing-bytes.safetensors", Status::Code::kCorruption, "2 trailing bytes"},
      {"bad-metadata-nonstring.safetensors", Status::Code::kCorruption,
       "__metadata__ key 'n' (at byte 26): value must be a string"},
  };
  for (const Case& c : cases) {
    SafetensorsHeader h;
    const Status s = ParseFile(Synthetic(shared) / c.file, &h);
    EXPECT_EQ(s.code(), c.code) << c.file << ": " << s.ToString();
    EXPECT_THAT(s.message(), HasSubstr(c.message)) << c.file;
  }
}

// ---------------------------------------------------------------------------------------------
// Shard index

TEST(ShardIndexTest, Valid) {
  ShardIndex idx;
  ASSERT_OK(ParseShardIndex(R"({"metadata":{"total_size":24,"total_parameters":6,"format":"pt"},
      "weight_map":{"b":"model-00002-of-00002.safetensors","a":"model-00001-of-00002.safetensors",
                    "c":"model-00001-of-00002.safetensors"},"extra":{"x":[1,2]}})",
                            DefaultLimits(), &idx));
  EXPECT_EQ(idx.total_size, 24u);
  EXPECT_EQ(idx.total_parameters, 6u);
  EXPECT_EQ(idx.tensor_count, 3u);
  ASSERT_EQ(idx.shards.size(), 2u);
  EXPECT_EQ(idx.shards[0], "model-00001-of-00002.safetensors");
  EXPECT_EQ(idx.shards[1], "model-00002-of-00002.safetensors");
}

TEST(ShardIndexTest, MetadataIsOptional) {
  ShardIndex idx;
  ASSERT_OK(ParseShardIndex(R"({"weight_map":{"a":"pytorch_model-00001-of-00001.bin"}})",
                            DefaultLimits(), &idx));
  EXPECT_FALSE(idx.total_size.has_value());
  EXPECT_FALSE(idx.total_parameters.has_value());
  EXPECT_EQ(idx.tensor_count, 1u);
}

TEST(ShardIndexTest, MissingWeightMap) {
  ShardIndex idx;
  const Status s = ParseShardIndex(R"({"metadata":{"total_size":24}})", DefaultLimits(), &idx);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("no weight_map"));
  EXPECT_THAT(ParseShardIndex(R"({"weight_map":["a"]})", DefaultLimits(), &idx).message(),
              HasSubstr("weight_map must be an object"));
}

TEST(ShardIndexTest, PathTraversalShardName) {
  ShardIndex idx;
  const std::string json = R"({"weight_map":{"a":"x.safetensors","evil":"../../etc/passwd"}})";
  const Status s = ParseShardIndex(json, DefaultLimits(), &idx);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_THAT(s.message(), HasSubstr("weight_map entry 'evil' (at byte " +
                                     std::to_string(json.find("\"evil\"")) + ")"));
  EXPECT_THAT(s.message(), HasSubstr("'../../etc/passwd' climbs out of the folder"));

  for (const char* bad :
       {R"("/abs/model.safetensors")", R"("..")", R"("")", R"("sub\\model.safetensors")",
        R"("C:model.safetensors")", R"("sub/model.safetensors")", R"("a\u0000b")", R"(3)"}) {
    const Status t =
        ParseShardIndex(std::string(R"({"weight_map":{"t":)") + bad + "}}", DefaultLimits(), &idx);
    EXPECT_EQ(t.code(), Status::Code::kCorruption) << bad;
    EXPECT_THAT(t.message(), HasSubstr("weight_map entry 't'")) << bad;
  }
}

TEST(ShardIndexTest, NonIntegerTotalSize) {
  ShardIndex idx;
  for (const char* bad : {R"("24")", "1.5", "-3", "null", "[24]", "1e30"}) {
    const Status s = ParseShardIndex(
        std::string(R"({"metadata":{"total_size":)") + bad + R"(},"weight_map":{}})",
        DefaultLimits(), &idx);
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << bad;
    EXPECT_THAT(s.message(), HasSubstr("metadata.total_size (at byte 13) must be a non-negative "
                                       "integer"))
        << bad;
  }
  // An integral float is read as the integer it spells.
  ASSERT_OK(ParseShardIndex(R"({"metadata":{"total_size":24.0},"weight_map":{}})", DefaultLimits(),
                            &idx));
  EXPECT_EQ(idx.total_size, 24u);
}

TEST(ShardIndexTest, DuplicatesAndShapeErrors) {
  ShardIndex idx;
  EXPECT_THAT(ParseShardIndex(R"({"weight_map":{"a":"x.bin","a":"y.bin"}})", DefaultLimits(), &idx)
                  .message(),
              HasSubstr("duplicate tensor name"));
  EXPECT_THAT(
      ParseShardIndex(R"({"weight_map":{},"weight_map":{}})", DefaultLimits(), &idx).message(),
      HasSubstr("duplicate key 'weight_map'"));
  EXPECT_THAT(ParseShardIndex("[1]", DefaultLimits(), &idx).message(),
              HasSubstr("not a JSON object"));
  EXPECT_THAT(ParseShardIndex(R"({"weight_map":{"a":)", DefaultLimits(), &idx).message(),
              HasSubstr("not valid JSON at byte"));
}

TEST(ShardIndexTest, Bounds) {
  ShardIndex idx;
  Limits small;
  small.json_file_bytes = 10;
  EXPECT_EQ(ParseShardIndex(R"({"weight_map":{}})", small, &idx).code(), Status::Code::kTooLarge);

  std::string deep = R"({"weight_map":{},"x":)";
  for (int i = 0; i < 200; ++i) deep += "[";
  EXPECT_EQ(ParseShardIndex(deep, DefaultLimits(), &idx).code(), Status::Code::kTooLarge);

  // 10,001 distinct shards.
  std::string many = R"({"weight_map":{)";
  for (int i = 0; i <= 10'000; ++i) {
    if (i > 0) many += ",";
    many += "\"t" + std::to_string(i) + "\":\"s" + std::to_string(i) + ".safetensors\"";
  }
  many += "}}";
  const Status s = ParseShardIndex(many, DefaultLimits(), &idx);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_THAT(s.message(), HasSubstr("more than 10000 distinct shard files"));

  // 200,001 entries over one shard.
  std::string entries = R"({"weight_map":{)";
  for (int i = 0; i <= 200'000; ++i) {
    if (i > 0) entries += ",";
    entries += "\"t" + std::to_string(i) + "\":\"m.safetensors\"";
  }
  entries += "}}";
  const Status t = ParseShardIndex(entries, DefaultLimits(), &idx);
  EXPECT_EQ(t.code(), Status::Code::kTooLarge);
  EXPECT_THAT(t.message(), HasSubstr("more than 200000 entries"));
}

TEST(ShardIndexCorpusTest, RealIndexes) {
  SKIP_WITHOUT_SHARED(shared);
  ShardIndex idx;
  ASSERT_OK(ParseShardIndex(
      testing::ReadFileOrDie(Synthetic(shared) / "sharded" / "model.safetensors.index.json"),
      DefaultLimits(), &idx));
  EXPECT_EQ(idx.total_size, 24u);
  EXPECT_EQ(idx.total_parameters, 6u);
  EXPECT_EQ(idx.tensor_count, 2u);
  EXPECT_EQ(idx.shards.size(), 2u);

  const auto local = shared / "corpus" / "formats" / "local_models";
  ShardIndex granite;
  ASSERT_OK(ParseShardIndex(
      testing::ReadFileOrDie(local / "granite-3.1-1b-a400m-instruct_sharded_rev0a854d4" /
                             "model.safetensors.index.json"),
      DefaultLimits(), &granite));
  EXPECT_EQ(granite.total_size, 5338513408u);
  EXPECT_FALSE(granite.total_parameters.has_value());
  EXPECT_EQ(granite.shards, (std::vector<std::string>{"model-00001-of-00002.safetensors",
                                                      "model-00002-of-00002.safetensors"}));
  EXPECT_GT(granite.tensor_count, 100u);

  ShardIndex medgemma;
  ASSERT_OK(ParseShardIndex(
      testing::ReadFileOrDie(local / "medgemma-27b-it" / "model.safetensors.index.json"),
      DefaultLimits(), &medgemma));
  EXPECT_EQ(medgemma.total_parameters, 28842036848u);
  EXPECT_EQ(medgemma.total_size, 54864813280u);
  EXPECT_EQ(medgemma.shards.size(), 12u);
}

}  // namespace
}  // namespace openness
