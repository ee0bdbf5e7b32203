// Golden openness reports for corpus releases (../shared/corpus/cards), audited as the Hub
// releases they document (weights published). The golden file holds the openness part of the
// report (effective license keys, components, openness, lineage and the openness findings) so
// that work on other stages does not churn it; the independent assertions below hold the facts
// each release was chosen to show. Regenerate with OPENNESS_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "openness/report_writer.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using Json = nlohmann::json;

Json Audit(const std::filesystem::path& dir) {
  ScanOptions options;
  options.assume_weights_published = true;
  ScanResult result;
  Status s = ScanPath(dir.string(), options, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  Json full = Json::parse(ReportToJson(result.report).dump());
  EXPECT_EQ(testing::ContractViolations(full), std::vector<std::string>{});
  return full;
}

// The openness part of a report.
Json OpennessPart(const Json& full) {
  Json j;
  j["subject"] = full["subject"]["id"];
  Json keys = Json::array();
  for (const Json& e : full["license"]["effective"]) keys.push_back(e["key"]);
  j["effective"] = keys;
  j["components"] = full["components"];
  j["openness"] = full["openness"];
  j["lineage"] = full["lineage"];
  Json findings = Json::array();
  for (const Json& f : full["findings"]) {
    const std::string code = f["code"];
    if (code == "open-washing" || code == "license-conflicts-with-base" ||
        code == "license-contradiction-resolved") {
      findings.push_back(f);
    }
  }
  j["findings"] = findings;
  return j;
}

void ExpectGolden(const Json& actual, const std::string& name) {
  const auto path = testing::SourceDir() / "tests" / "golden" / (name + ".json");
  if (std::getenv("OPENNESS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << actual.dump(2) << "\n";
    return;
  }
  Json expected = Json::parse(testing::ReadFileOrDie(path), nullptr, false);
  ASSERT_FALSE(expected.is_discarded()) << "cannot parse " << path;
  EXPECT_EQ(actual, expected) << "differences (RFC 6902 patch from expected to actual):\n"
                              << Json::diff(expected, actual).dump(2)
                              << "\nrerun with OPENNESS_UPDATE_GOLDEN=1 if the change is intended";
}

bool HasFinding(const Json& full, std::string_view code) {
  for (const Json& f : full["findings"]) {
    if (f["code"] == code) return true;
  }
  return false;
}

std::string ReasonStatus(const Json& full, std::string_view code) {
  for (const Json& r : full["openness"]["osaid"]["reasons"]) {
    if (r["code"] == code) return r.value("status", "");
  }
  return "";
}

TEST(OpennessGoldenTest, PythiaIsOpenSource) {
  SKIP_WITHOUT_SHARED(shared);
  const Json j = Audit(shared / "corpus" / "cards" / "pythia" / "pythia-70m");
  EXPECT_EQ(j["openness"]["level"], "open-source");
  EXPECT_EQ(j["openness"]["osaid"]["status"], "pass");
  EXPECT_EQ(j["components"]["training-code"]["status"], "present");
  EXPECT_EQ(j["components"]["training-code"]["license"], "apache-2.0");  // GPT-NeoX, Pythia
  EXPECT_EQ(j["components"]["model-parameters-intermediate"]["status"], "present");
  EXPECT_EQ(j["components"]["evaluation-code"]["license"], "mit");  // LM Evaluation Harness
  EXPECT_FALSE(HasFinding(j, "open-washing"));
  ExpectGolden(OpennessPart(j), "openness-pythia-70m");
}

TEST(OpennessGoldenTest, Mistral7bIsOpenWeights) {
  SKIP_WITHOUT_SHARED(shared);
  const Json j = Audit(shared / "corpus" / "cards" / "mistral" / "mistral-7b-v0.1");
  EXPECT_EQ(j["openness"]["level"], "open-weights");
  EXPECT_EQ(j["openness"]["osaid"]["status"], "fail");
  EXPECT_EQ(ReasonStatus(j, "parameters"), "pass");
  EXPECT_EQ(ReasonStatus(j, "code"), "fail");
  EXPECT_EQ(ReasonStatus(j, "data-information"), "fail");
  EXPECT_EQ(j["components"]["research-paper"]["status"], "present");  // arXiv 2310.06825
  EXPECT_EQ(j["components"]["training-code"]["status"], "absent");
  EXPECT_FALSE(HasFinding(j, "open-washing"));
  ExpectGolden(OpennessPart(j), "openness-mistral-7b-v0.1");
}

TEST(OpennessGoldenTest, Llama31IsRestricted) {
  SKIP_WITHOUT_SHARED(shared);
  const Json j = Audit(shared / "corpus" / "cards" / "llama" / "llama-3.1-8b-instruct");
  EXPECT_EQ(j["openness"]["level"], "open-weights-restricted");
  EXPECT_EQ(ReasonStatus(j, "parameters"), "fail");
  EXPECT_EQ(ReasonStatus(j, "freedom-use"), "fail");
  ASSERT_FALSE(j["lineage"].empty());
  EXPECT_EQ(j["lineage"][0]["id"], "meta-llama/Meta-Llama-3.1-8B");
  EXPECT_EQ(j["lineage"][0]["license"], "llama3.1");
  EXPECT_FALSE(HasFinding(j, "license-conflicts-with-base"));  // same license as its base
  ExpectGolden(OpennessPart(j), "openness-llama-3.1-8b-instruct");
}

TEST(OpennessGoldenTest, HermesFineTuneConflictsWithItsBase) {
  SKIP_WITHOUT_SHARED(shared);
  const Json j =
      Audit(shared / "corpus" / "cards" / "llama-finetunes" / "hermes-2-pro-llama-3-8b-gguf");
  EXPECT_TRUE(HasFinding(j, "license-conflicts-with-base"));
  ASSERT_EQ(j["license"]["effective"].size(), 1u);
  EXPECT_EQ(j["license"]["effective"][0]["key"], "llama3");  // Apache-2.0 cannot replace it
  EXPECT_EQ(j["rights"]["commercial"]["status"], "conditional");
  EXPECT_EQ(j["openness"]["level"], "open-weights-restricted");
  ExpectGolden(OpennessPart(j), "openness-hermes-2-pro-llama-3-8b-gguf");
}

TEST(OpennessGoldenTest, Phi2CardIsOpenWashing) {
  SKIP_WITHOUT_SHARED(shared);
  const Json j = Audit(shared / "corpus" / "cards" / "phi" / "phi-2-hfr");
  EXPECT_EQ(j["openness"]["level"], "open-weights");
  ASSERT_TRUE(HasFinding(j, "open-washing"));
  for (const Json& f : j["findings"]) {
    if (f["code"] != "open-washing") continue;
    EXPECT_EQ(f["evidence"][0]["file"], "README.md");
    EXPECT_NE(f["evidence"][0]["excerpt"].get<std::string>().find("open-source model"),
              std::string::npos);
  }
  ExpectGolden(OpennessPart(j), "openness-phi-2-hfr");
}

}  // namespace
}  // namespace openness
