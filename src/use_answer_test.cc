// Tests of RenderUseAnswer: the direct answer of `openness scan --use`.
#include <gtest/gtest.h>

#include <sstream>

#include "openness/assessment.h"
#include "openness/report_writer.h"

namespace openness {
namespace {

Report Assessed(std::string license, std::string license_text = "") {
  ReleaseEvidence ev;
  ev.release.id = "m";
  ModelCard card;
  card.file = "README.md";
  card.front_matter.present = true;
  card.front_matter.license.push_back({std::move(license), 2});
  ev.card = std::move(card);
  if (!license_text.empty())
    ev.texts.push_back({"LICENSE", FileRole::kLicense, license_text, false});
  return AssessRelease(ev, LicenseTable::Builtin());
}

// The answer with line breaks and indentation collapsed, so checks do not depend on wrapping.
std::string Flat(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  return out;
}

bool Contains(const std::string& s, std::string_view part) {
  return Flat(s).find(part) != std::string::npos;
}

TEST(UseAnswerTest, ConditionalAnswerListsEveryConditionWithItsCitation) {
  const std::string text =
      "LICENSE AGREEMENT\n\n"
      "i. You shall prominently display \"Built with Llama\" on a related website.\n\n"
      "2. If your products had greater than 700 million monthly active users, you must request "
      "a license.\n";
  const Report r = Assessed("llama3.1", text);
  const std::string out = RenderUseAnswer(r, "saas", TextOptions{});
  EXPECT_TRUE(out.starts_with("Commercial SaaS use: ALLOWED WITH CONDITIONS (Llama 3.1 Community"))
      << out;
  EXPECT_NE(out.find("\n  1. "), std::string::npos) << out;
  EXPECT_NE(out.find("\n  2. "), std::string::npos) << out;
  EXPECT_TRUE(Contains(out, "\"Built with Llama\"")) << out;
  EXPECT_TRUE(Contains(out,
                       "(\xC2\xA7"
                       "1.b.i, LICENSE line 3)"))
      << out;
  EXPECT_TRUE(Contains(out, "700 million monthly active users")) << out;
  EXPECT_TRUE(Contains(out, "LICENSE line 5)")) << out;
  // As many numbered items as the report has conditions.
  const size_t n = r.rights.at("saas").conditions.size();
  EXPECT_NE(out.find("\n  " + std::to_string(n) + ". "), std::string::npos) << out;
  EXPECT_EQ(out.find("\n  " + std::to_string(n + 1) + ". "), std::string::npos) << out;
}

TEST(UseAnswerTest, WithoutTheTextItSaysWhereTheLicenseWasDeclared) {
  const std::string out = RenderUseAnswer(Assessed("llama3.1"), "commercial", TextOptions{});
  EXPECT_TRUE(Contains(out, "its text is not in the release")) << out;
  EXPECT_TRUE(Contains(out, "(declared at README.md line 2)")) << out;
}

TEST(UseAnswerTest, ProhibitedAllowedAndUnknown) {
  const std::string nc = RenderUseAnswer(Assessed("cc-by-nc-4.0"), "commercial", TextOptions{});
  EXPECT_TRUE(nc.starts_with("Commercial use: NOT ALLOWED")) << nc;
  EXPECT_TRUE(Contains(nc, "Non-commercial use only")) << nc;
  const std::string mit = RenderUseAnswer(Assessed("mit"), "train-other-models", TextOptions{});
  EXPECT_TRUE(mit.starts_with("Training other models on its outputs: ALLOWED (MIT License)"))
      << mit;
  const std::string research = RenderUseAnswer(Assessed("cc-by-nc-4.0"), "research", TextOptions{});
  EXPECT_TRUE(research.starts_with("Research use: ALLOWED WITH CONDITIONS")) << research;
  const std::string unknown = RenderUseAnswer(Assessed("unknown"), "derivatives", TextOptions{});
  EXPECT_TRUE(unknown.starts_with("Sharing fine-tunes and other derivatives: UNKNOWN")) << unknown;
  EXPECT_TRUE(Contains(unknown, "do not say")) << unknown;
  // A use case the report does not have is unknown too.
  EXPECT_TRUE(RenderUseAnswer(Report::Empty(), "research", TextOptions{})
                  .starts_with("Research use: UNKNOWN"));
}

TEST(UseAnswerTest, WrapsToTheWidthAndColoursOnlyWhenAsked) {
  TextOptions narrow;
  narrow.width = 60;
  const std::string out = RenderUseAnswer(Assessed("stability-ai-community"), "commercial", narrow);
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    // Multi-byte characters (the section sign) count as one column.
    size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    EXPECT_LE(columns, 60u) << line;
  }
  EXPECT_FALSE(Contains(out, "\x1b[")) << out;
  TextOptions colour;
  colour.color = true;
  EXPECT_TRUE(
      Contains(RenderUseAnswer(Assessed("mit"), "commercial", colour), "\x1b[1;32mALLOWED"));
}

TEST(UseAnswerTest, AnswerableUseCasesAreTheFiveAndResearch) {
  const std::vector<std::string>& cases = AnswerableUseCases();
  ASSERT_EQ(cases.size(), kUseCases.size() + 1);
  EXPECT_EQ(cases.back(), "research");
  for (size_t i = 0; i < kUseCases.size(); ++i) EXPECT_EQ(cases[i], kUseCases[i]);
}

TEST(UseAnswerTest, RenderReportPutsTheAnswerFirstInTextOnly) {
  const Report r = Assessed("mit");
  RenderOptions options;
  options.use_case = "saas";
  std::string text, json;
  ASSERT_TRUE(RenderReport(r, ReportFormat::kText, options, &text).ok());
  EXPECT_TRUE(text.starts_with("Commercial SaaS use: ALLOWED")) << text;
  ASSERT_TRUE(RenderReport(r, ReportFormat::kJson, options, &json).ok());
  EXPECT_TRUE(json.starts_with("{")) << json.substr(0, 40);
}

}  // namespace
}  // namespace openness
