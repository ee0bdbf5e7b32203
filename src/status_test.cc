#include "openness/status.h"

#include <gtest/gtest.h>

#include "openness/evidence.h"

namespace openness {
namespace {

TEST(StatusTest, OkIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, ContextIsPrepended) {
  Status s = Status::Corruption("bad length (at byte 0)").WithContext("model.safetensors");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.ToString(), "malformed: model.safetensors: bad length (at byte 0)");
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  Result<int> good(7);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 7);
  Result<int> bad(Status::NotFound("x"));
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kNotFound);
}

TEST(ExcerptTest, CollapsesWhitespaceAndCutsOnUtf8Boundary) {
  EXPECT_EQ(MakeExcerpt("  a \n\n b\t c  "), "a b c");
  std::string long_text(300, 'x');
  std::string e = MakeExcerpt(long_text, 10);
  EXPECT_LE(e.size(), 10u);
  EXPECT_EQ(e, "xxxxxxx\xE2\x80\xA6");
  // "é" is two bytes; a cut never splits it.
  std::string accents;
  for (int i = 0; i < 20; ++i) accents += "\xC3\xA9";
  std::string cut = MakeExcerpt(accents, 10);
  EXPECT_EQ(cut.substr(0, 6), "\xC3\xA9\xC3\xA9\xC3\xA9");
  EXPECT_EQ(cut.size(), 9u);  // 3 accents + ellipsis
}

}  // namespace
}  // namespace openness
