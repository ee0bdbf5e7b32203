// The check run as JSON and text, verdicts, evidence roots and the XML escaping the JUnit
// writer relies on.
#include "openness/policy_report.h"

#include <gtest/gtest.h>

#include "check_fixtures.h"

namespace openness {
namespace {

using Json = nlohmann::json;

TEST(PolicyReportTest, Verdicts) {
  const testing::CheckFixture f = testing::MakeCheckFixture();
  EXPECT_EQ(VerdictOf(f.run.targets[0]), CheckVerdict::kFail);
  EXPECT_EQ(VerdictOf(f.run.targets[1]), CheckVerdict::kPass);
  EXPECT_EQ(VerdictOf(f.run.targets[4]), CheckVerdict::kError);
  EXPECT_EQ(OverallVerdict(f.run), CheckVerdict::kError);  // could-not-audit wins

  CheckRun run = f.run;
  run.targets.pop_back();
  EXPECT_EQ(OverallVerdict(run), CheckVerdict::kFail);
  run.targets = {f.run.targets[1]};
  EXPECT_EQ(OverallVerdict(run), CheckVerdict::kPass);
  run.targets.clear();
  EXPECT_EQ(OverallVerdict(run), CheckVerdict::kPass);
  EXPECT_EQ(CheckVerdictName(CheckVerdict::kFail), "fail");
}

TEST(PolicyReportTest, EvidenceRoot) {
  Report folder = Report::Empty();
  folder.subject.source = "local";
  EXPECT_EQ(EvidenceRootFor("models/llama/", folder), "models/llama");
  EXPECT_EQ(EvidenceRootFor(".", folder), ".");
  Report file = Report::Empty();
  file.subject.source = "file";
  EXPECT_EQ(EvidenceRootFor("weights/tiny.gguf", file), "weights");
  EXPECT_EQ(EvidenceRootFor("tiny.gguf", file), "");
  EXPECT_EQ(EvidenceRootFor("/abs/tiny.gguf", file), "/abs");
}

TEST(PolicyReportTest, DescribeEvidence) {
  Evidence e = Evidence::InFile("README.md", 3).WithKey("cardData.license");
  e.WithExcerpt("license: mit");
  EXPECT_EQ(DescribeEvidence(e), "README.md:3 (cardData.license) \"license: mit\"");
  Evidence url;
  url.url = "https://example.org/x";
  EXPECT_EQ(DescribeEvidence(url), "https://example.org/x");
  EXPECT_EQ(DescribeEvidence(Evidence::InFile("LICENSE")), "LICENSE");
}

TEST(PolicyReportTest, Json) {
  const testing::CheckFixture f = testing::MakeCheckFixture();
  const Json j = Json::parse(CheckToJson(f.run).dump());
  EXPECT_EQ(j["schema"], "openness/check/v1");
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["as_of"], "2026-05-01");
  EXPECT_EQ(j["policy"]["source"], "openness.toml");
  EXPECT_EQ(j["policy"]["use"], Json::array({"commercial", "saas"}));
  EXPECT_EQ(j["summary"], Json({{"targets", 5}, {"passed", 1}, {"failed", 3}, {"errors", 1}}));
  ASSERT_EQ(j["targets"].size(), 5u);
  const Json& local = j["targets"][0];
  EXPECT_EQ(local["status"], "fail");
  EXPECT_EQ(local["subject"]["id"], "acme/nc-model");
  EXPECT_EQ(local["license"], Json::array({"cc-by-nc-4.0"}));
  ASSERT_EQ(local["violations"].size(), 4u);
  EXPECT_EQ(local["violations"][0]["rule"], "license-denied");
  EXPECT_EQ(local["violations"][0]["fails"], true);
  EXPECT_EQ(local["violations"][0]["policy_line"], 4);
  EXPECT_EQ(local["violations"][0]["evidence"][0]["file"], "README.md");
  EXPECT_EQ(local["violations"][0]["evidence"][0]["line"], 3);
  EXPECT_EQ(local["violations"][2]["fails"], false);
  EXPECT_EQ(local["violations"][2]["blocking"], false);
  EXPECT_EQ(local["violations"][3]["waiver"]["expires"], "2030-06-30");
  EXPECT_EQ(local["violations"][3]["waiver"]["policy_line"], 7);
  EXPECT_EQ(local["notes"][0]["policy_line"], 7);
  EXPECT_EQ(j["targets"][2]["reference"]["line"], 12);
  EXPECT_EQ(j["targets"][4]["status"], "error");
  EXPECT_NE(j["targets"][4]["error"].get<std::string>().find("not found"), std::string::npos);
  EXPECT_TRUE(j["targets"][4]["subject"].is_null());
}

TEST(PolicyReportTest, Text) {
  const testing::CheckFixture f = testing::MakeCheckFixture();
  const std::string text = RenderCheckText(f.run, TextOptions{});
  EXPECT_NE(text.find("openness check against openness.toml (fixture)"), std::string::npos);
  EXPECT_NE(text.find("use: commercial, saas; min_level: open-weights"), std::string::npos);
  EXPECT_NE(text.find("FAIL  models/acme-nc  cc-by-nc-4.0, undetermined"), std::string::npos)
      << text;
  EXPECT_NE(text.find("x license-denied  The weights are under"), std::string::npos);
  EXPECT_NE(text.find("! use-unknown (warning)"), std::string::npos);
  EXPECT_NE(text.find("~ level-below-minimum (waived until 2030-06-30)"), std::string::npos);
  EXPECT_NE(text.find("README.md:3 (cardData.license)"), std::string::npos);
  EXPECT_NE(text.find("PASS  weights/tiny.Q8_0.gguf"), std::string::npos);
  EXPECT_NE(text.find("referenced at src/app/load_model.py:12"), std::string::npos);
  EXPECT_NE(text.find("ERROR models/missing"), std::string::npos);
  EXPECT_NE(text.find("5 targets: 1 passed, 3 failed, 1 could not be audited"), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  TextOptions color;
  color.color = true;
  EXPECT_NE(RenderCheckText(f.run, color).find("\x1b[31m"), std::string::npos);
}

TEST(XmlEscapeTest, EscapesAndRepairs) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(XmlEscape(std::string("x\x01y", 3)), "x\xEF\xBF\xBDy");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");        // valid UTF-8 passes
  EXPECT_EQ(XmlEscape("\xC3"), "\xEF\xBF\xBD");                  // truncated
  EXPECT_EQ(XmlEscape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(XmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // U+FFFE
}

}  // namespace
}  // namespace openness
