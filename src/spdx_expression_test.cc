#include "openness/spdx_expression.h"

#include <gtest/gtest.h>

namespace openness {
namespace {

std::string Canonical(std::string_view text) {
  auto e = ParseSpdxExpression(text);
  return e.ok() ? e->ToString() : "error: " + e.status().message();
}

std::vector<std::vector<std::string>> Choices(std::string_view text) {
  auto e = ParseSpdxExpression(text);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  std::vector<std::vector<std::string>> out;
  if (!e.ok()) return out;
  for (const auto& alt : e->Alternatives()) {
    out.emplace_back();
    for (const SpdxExpression* l : alt) out.back().push_back(l->ToString());
  }
  return out;
}

TEST(SpdxExpressionTest, SingleIds) {
  auto e = ParseSpdxExpression("Apache-2.0");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->kind, SpdxExpression::Kind::kLicense);
  EXPECT_EQ(e->id, "Apache-2.0");
  EXPECT_FALSE(e->or_later);
  EXPECT_EQ(Canonical("  MIT  "), "MIT");
}

TEST(SpdxExpressionTest, OrLaterAndHubIdsWithPlusSigns) {
  auto e = ParseSpdxExpression("GPL-2.0+");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->id, "GPL-2.0");
  EXPECT_TRUE(e->or_later);
  auto hub = ParseSpdxExpression("openrail++");
  ASSERT_TRUE(hub.ok());
  EXPECT_EQ(hub->id, "openrail++");
  EXPECT_FALSE(hub->or_later);
}

TEST(SpdxExpressionTest, PrecedenceWithOverAndOverOr) {
  EXPECT_EQ(Canonical("MIT OR Apache-2.0 AND BSD-3-Clause"), "MIT OR Apache-2.0 AND BSD-3-Clause");
  auto e = ParseSpdxExpression("MIT OR Apache-2.0 AND BSD-3-Clause");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->kind, SpdxExpression::Kind::kOr);
  ASSERT_EQ(e->operands.size(), 2u);
  EXPECT_EQ(e->operands[1].kind, SpdxExpression::Kind::kAnd);

  auto w = ParseSpdxExpression("GPL-2.0-only WITH Classpath-exception-2.0 AND MIT");
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->kind, SpdxExpression::Kind::kAnd);
  EXPECT_EQ(w->operands[0].exception, "Classpath-exception-2.0");
  EXPECT_EQ(w->operands[1].id, "MIT");
}

TEST(SpdxExpressionTest, ParenthesesGroupAndChainsFlatten) {
  EXPECT_EQ(Canonical("(MIT OR Apache-2.0) AND BSD-3-Clause"),
            "(MIT OR Apache-2.0) AND BSD-3-Clause");
  auto e = ParseSpdxExpression("a AND b AND (c AND d)");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->operands.size(), 4u);
  EXPECT_EQ(Canonical("((MIT))"), "MIT");
}

TEST(SpdxExpressionTest, LicenseRefsAndDocumentRefs) {
  auto e = ParseSpdxExpression(
      "LicenseRef-llama3.1 OR DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->operands.size(), 2u);
  EXPECT_TRUE(e->operands[0].is_ref());
  EXPECT_TRUE(e->operands[1].is_ref());
  EXPECT_EQ(e->operands[1].id, "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2");
}

TEST(SpdxExpressionTest, LowerCaseOperatorsAreAcceptedUnlessStrict) {
  EXPECT_EQ(Canonical("mit or apache-2.0"), "mit OR apache-2.0");
  SpdxParseOptions strict;
  strict.strict = true;
  auto e = ParseSpdxExpression("mit or apache-2.0", strict);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("expected an operator"), std::string::npos);
  EXPECT_FALSE(ParseSpdxExpression("cc_by_4.0", strict).ok());
  EXPECT_TRUE(ParseSpdxExpression("cc_by_4.0").ok());
}

TEST(SpdxExpressionTest, NamesWithSpacesAreNotExpressions) {
  auto e = ParseSpdxExpression("Apache 2.0");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(), "expected an operator between 'Apache' and '2.0' (at byte 7)");
  EXPECT_FALSE(ParseSpdxExpression("llama 3.1 community license").ok());
}

TEST(SpdxExpressionTest, MalformedExpressionsNameTheOffset) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"", "empty expression"},
      {"MIT OR", "expression ends after an operator (at byte 6)"},
      {"(MIT", "missing ')' for the '(' at byte 0 (at byte 4)"},
      {"MIT)", "unexpected ')' (at byte 3)"},
      {"AND MIT", "expected a license id, found 'AND' (at byte 0)"},
      {"MIT WITH", "expected an exception id after WITH (at byte 8)"},
      {"(MIT OR BSD) WITH x", "WITH must follow a single license id (at byte 13)"},
      {"MIT, Apache", "unexpected character ',' (at byte 3)"},
  };
  for (const Case& c : cases) {
    auto e = ParseSpdxExpression(c.text);
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(e.status().message(), c.message) << c.text;
  }
}

TEST(SpdxExpressionTest, BoundsOnLengthDepthAndCount) {
  SpdxParseOptions opt;
  opt.max_depth = 3;
  EXPECT_TRUE(ParseSpdxExpression("(((MIT)))", opt).ok());
  auto deep = ParseSpdxExpression("((((MIT))))", opt);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().code(), Status::Code::kTooLarge);

  std::string long_text(2000, 'a');
  EXPECT_EQ(ParseSpdxExpression(long_text).status().code(), Status::Code::kTooLarge);

  std::string many = "a0";
  for (int i = 1; i < 70; ++i) many += " OR a" + std::to_string(i);
  EXPECT_EQ(ParseSpdxExpression(many).status().code(), Status::Code::kTooLarge);

  // A pathological nesting far past the limit fails fast instead of recursing.
  std::string nested(100000, '(');
  SpdxParseOptions big;
  big.max_length = 1 << 20;
  EXPECT_EQ(ParseSpdxExpression(nested, big).status().code(), Status::Code::kTooLarge);
}

TEST(SpdxExpressionTest, AlternativesAreTheDisjunctiveNormalForm) {
  using V = std::vector<std::vector<std::string>>;
  EXPECT_EQ(Choices("MIT"), (V{{"MIT"}}));
  EXPECT_EQ(Choices("MIT OR Apache-2.0"), (V{{"MIT"}, {"Apache-2.0"}}));
  EXPECT_EQ(Choices("MIT AND Apache-2.0"), (V{{"MIT", "Apache-2.0"}}));
  EXPECT_EQ(Choices("(MIT OR BSD-2-Clause) AND (Apache-2.0 OR GPL-2.0+)"),
            (V{{"MIT", "Apache-2.0"},
               {"MIT", "GPL-2.0+"},
               {"BSD-2-Clause", "Apache-2.0"},
               {"BSD-2-Clause", "GPL-2.0+"}}));
  auto e = ParseSpdxExpression("(a OR b) AND (c OR d) AND (e OR f)");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->Alternatives(3).size(), 3u);
  EXPECT_EQ(e->Licenses().size(), 6u);
}

}  // namespace
}  // namespace openness
