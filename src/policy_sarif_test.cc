// CheckToSarif: the shape GitHub code scanning reads (rules, results, levels, locations,
// suppressions, notifications), validated against the SARIF 2.1.0 schema when it is installed.
#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "openness/policy_report.h"

namespace openness {
namespace {

using Json = nlohmann::json;

Json Sarif() {
  const testing::CheckFixture f = testing::MakeCheckFixture();
  return Json::parse(CheckToSarif(f.run).dump());
}

// The results of one target (by properties.target).
std::vector<Json> ResultsFor(const Json& sarif, const std::string& target) {
  std::vector<Json> out;
  for (const Json& r : sarif["runs"][0]["results"]) {
    if (r["properties"]["target"] == target) out.push_back(r);
  }
  return out;
}

TEST(PolicySarifTest, LogAndToolAndRules) {
  const Json s = Sarif();
  EXPECT_EQ(s["version"], "2.1.0");
  EXPECT_EQ(s["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(s["runs"].size(), 1u);
  const Json& driver = s["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "openness");
  EXPECT_EQ(driver["version"], "test");
  ASSERT_EQ(driver["rules"].size(), PolicyRules().size());
  for (size_t i = 0; i < PolicyRules().size(); ++i) {
    EXPECT_EQ(driver["rules"][i]["id"], std::string(PolicyRules()[i].id));
    EXPECT_FALSE(driver["rules"][i]["shortDescription"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(driver["rules"][0]["name"], "LicenseUnknown");
  // ruleIndex points at the rule with the same id.
  for (const Json& r : s["runs"][0]["results"]) {
    EXPECT_EQ(driver["rules"][r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
  }
}

TEST(PolicySarifTest, OneResultPerViolationWithLevelsAndSuppressions) {
  const Json s = Sarif();
  const std::vector<Json> local = ResultsFor(s, "models/acme-nc");
  ASSERT_EQ(local.size(), 4u);
  EXPECT_EQ(local[0]["ruleId"], "license-denied");
  EXPECT_EQ(local[0]["level"], "error");
  EXPECT_FALSE(local[0].contains("suppressions"));
  EXPECT_EQ(local[2]["ruleId"], "use-unknown");
  EXPECT_EQ(local[2]["level"], "warning");  // on_unknown = "warn"
  EXPECT_EQ(local[2]["properties"]["fromUnknown"], true);
  EXPECT_EQ(local[3]["ruleId"], "level-below-minimum");
  ASSERT_TRUE(local[3].contains("suppressions"));
  EXPECT_EQ(local[3]["suppressions"][0]["kind"], "external");
  EXPECT_EQ(local[3]["suppressions"][0]["status"], "accepted");
  EXPECT_EQ(local[3]["suppressions"][0]["justification"],
            "Reviewed by legal <LEGAL-7> & approved (exception openness.toml:7, expires "
            "2030-06-30, approved by legal@example.com)");
  EXPECT_EQ(local[0]["properties"]["policy"], "openness.toml:4");
  EXPECT_EQ(local[0]["message"]["text"],
            "[acme/nc-model] The weights are under CC-BY-NC-4.0, which the policy denies.");
  // A passing target has no results.
  EXPECT_TRUE(ResultsFor(s, "weights/tiny.Q8_0.gguf").empty());
}

TEST(PolicySarifTest, LocalEvidenceIsTheLocation) {
  const Json s = Sarif();
  const std::vector<Json> local = ResultsFor(s, "models/acme-nc");
  const Json& loc = local[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "models/acme-nc/README.md");
  EXPECT_EQ(loc["region"]["startLine"], 3);
  // The other evidence is related: a file without a line has no region.
  ASSERT_EQ(local[0]["relatedLocations"].size(), 1u);
  const Json& rel = local[0]["relatedLocations"][0];
  EXPECT_EQ(rel["physicalLocation"]["artifactLocation"]["uri"], "models/acme-nc/LICENSE");
  EXPECT_EQ(rel["physicalLocation"]["region"]["startLine"], 1);
  EXPECT_EQ(rel["id"], 1);
  // A URL becomes a related location; a metadata key is named in the message.
  const Json& prohibited = local[1];
  ASSERT_EQ(prohibited["relatedLocations"].size(), 1u);
  EXPECT_EQ(prohibited["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "https://huggingface.co/acme/nc-model");
  EXPECT_NE(prohibited["message"]["text"].get<std::string>().find(
                "(evidence: (general.license) \"cc-by-nc-4.0\")"),
            std::string::npos)
      << prohibited["message"]["text"];
}

TEST(PolicySarifTest, AReferencedModelIsShownWhereTheCodeNamesIt) {
  const Json s = Sarif();
  const std::vector<Json> referenced = ResultsFor(s, "acme/hub-model");
  ASSERT_EQ(referenced.size(), 1u);
  const Json& loc = referenced[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/app/load_model.py");
  EXPECT_EQ(loc["region"]["startLine"], 12);
  EXPECT_EQ(loc["region"]["startColumn"], 5);
  // The release is remote (a Hub model): its README is named in the message, not located in
  // this checkout.
  EXPECT_FALSE(referenced[0].contains("relatedLocations"));
  EXPECT_NE(referenced[0]["message"]["text"].get<std::string>().find("README.md:3"),
            std::string::npos);
}

TEST(PolicySarifTest, OtherPlacesThatNameTheModelAreRelatedLocations) {
  testing::CheckFixture f = testing::MakeCheckFixture();
  f.run.targets[2].other_references = {SourceLocation{"deploy/values.yaml", 8, 12},
                                       SourceLocation{"models/hub-model", 0, 0}};
  const Json s = Json::parse(CheckToSarif(f.run).dump());
  const std::vector<Json> referenced = ResultsFor(s, "acme/hub-model");
  ASSERT_EQ(referenced.size(), 1u);
  // The first place stays the primary location.
  EXPECT_EQ(referenced[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "src/app/load_model.py");
  const Json& related = referenced[0]["relatedLocations"];
  ASSERT_EQ(related.size(), 2u) << related.dump(2);
  EXPECT_EQ(related[0]["physicalLocation"]["artifactLocation"]["uri"], "deploy/values.yaml");
  EXPECT_EQ(related[0]["physicalLocation"]["region"]["startLine"], 8);
  EXPECT_EQ(related[0]["physicalLocation"]["region"]["startColumn"], 12);
  EXPECT_EQ(related[0]["id"], 1);
  EXPECT_NE(related[0]["message"]["text"].get<std::string>().find("acme/hub-model"),
            std::string::npos);
  // A model file in the tree: no line, no region.
  EXPECT_EQ(related[1]["physicalLocation"]["artifactLocation"]["uri"], "models/hub-model");
  EXPECT_FALSE(related[1]["physicalLocation"].contains("region"));
  EXPECT_EQ(related[1]["id"], 2);

  // JSON lists them; the text summary names them after the first.
  const Json j = Json::parse(CheckToJson(f.run).dump());
  ASSERT_EQ(j["targets"][2]["other_references"].size(), 2u);
  EXPECT_EQ(j["targets"][2]["other_references"][0]["line"], 8);
  EXPECT_TRUE(j["targets"][2]["other_references"][1]["line"].is_null());
  EXPECT_TRUE(j["targets"][0]["other_references"].empty());
  const std::string text = RenderCheckText(f.run, TextOptions{});
  EXPECT_NE(text.find("referenced at src/app/load_model.py:12, deploy/values.yaml:8, "
                      "models/hub-model\n"),
            std::string::npos)
      << text;
}

TEST(PolicySarifTest, AbsolutePathsBecomeFileUrisAndAreEncoded) {
  const Json s = Sarif();
  const std::vector<Json> abs = ResultsFor(s, "/srv/models/my model");
  ASSERT_EQ(abs.size(), 1u);
  // No evidence file: the release folder itself.
  EXPECT_EQ(abs[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///srv/models/my%20model");
  EXPECT_FALSE(abs[0]["locations"][0]["physicalLocation"].contains("region"));
}

TEST(PolicySarifTest, UnauditedTargetsAndNotesAreNotifications) {
  const Json s = Sarif();
  const Json& inv = s["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], false);
  ASSERT_EQ(inv["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(inv["toolExecutionNotifications"][0]["level"], "error");
  EXPECT_NE(inv["toolExecutionNotifications"][0]["message"]["text"].get<std::string>().find(
                "models/missing: could not audit"),
            std::string::npos);
  ASSERT_EQ(inv["toolConfigurationNotifications"].size(), 1u);
  const Json& note = inv["toolConfigurationNotifications"][0];
  EXPECT_EQ(note["level"], "note");
  EXPECT_EQ(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "openness.toml");
  EXPECT_EQ(note["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
  EXPECT_EQ(s["runs"][0]["properties"]["status"], "error");
  EXPECT_EQ(s["runs"][0]["properties"]["asOf"], "2026-05-01");
}

TEST(PolicySarifTest, FingerprintsAreStableAndDistinct) {
  const Json a = Sarif(), b = Sarif();
  EXPECT_EQ(a.dump(), b.dump());  // deterministic
  std::set<std::string> prints;
  for (const Json& r : a["runs"][0]["results"]) {
    const std::string fp = r["partialFingerprints"]["opennessPolicyViolation/v1"];
    EXPECT_EQ(fp.size(), 16u);
    prints.insert(fp);
  }
  EXPECT_EQ(prints.size(), a["runs"][0]["results"].size());
}

TEST(PolicySarifTest, RemoteTargetWithoutReferencePointsAtThePolicyLine) {
  testing::CheckFixture f = testing::MakeCheckFixture();
  f.run.targets[2].reference.reset();
  const Json s = Json::parse(CheckToSarif(f.run).dump());
  const std::vector<Json> results = ResultsFor(s, "acme/hub-model");
  ASSERT_EQ(results.size(), 1u);
  const Json& loc = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "openness.toml");
  EXPECT_EQ(loc["region"]["startLine"], 2);
}

TEST(PolicySarifTest, ValidatesAgainstTheSarifSchema) {
  const testing::CheckFixture f = testing::MakeCheckFixture();
  std::string errors;
  const int status = testing::ValidateSarif(CheckToSarif(f.run).dump(2), &errors);
  if (status == 3) GTEST_SKIP() << "SARIF schema validator not installed (scripts/setup.sh)";
  EXPECT_EQ(status, 0) << errors;

  // The validator is not a rubber stamp: a broken log fails.
  Json broken = CheckToSarif(f.run);
  broken["runs"][0]["results"][0]["level"] = "fatal";
  broken["runs"][0]["results"][0].erase("message");
  EXPECT_EQ(testing::ValidateSarif(broken.dump(), &errors), 1);
  EXPECT_NE(errors.find("level"), std::string::npos) << errors;
}

}  // namespace
}  // namespace openness
