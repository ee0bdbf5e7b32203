// `openness check` end to end: real scans of the bundled example and of generated releases,
// held against every fixture policy in tests/policies/ (one per use case), the SARIF and JUnit
// output compared with tests/golden/check-*.{sarif.json,junit.xml}, and the command line's exit
// statuses. Rerun with OPENNESS_UPDATE_GOLDEN=1 to rewrite the golden files after an intended
// change, then review the diff; the independent assertions here must stay true.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "check_fixtures.h"
#include "openness/policy.h"
#include "openness/policy_report.h"
#include "openness/scan.h"

namespace openness {
namespace {

using ::openness::testing::ReadFileOrDie;
using ::openness::testing::RunOpenness;
using ::openness::testing::SourceDir;
using ::openness::testing::TempDir;
using Json = nlohmann::json;

std::string U64(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string GgufString(std::string_view s) { return U64(s.size()) + std::string(s); }

std::string TinyGguf(const std::vector<std::pair<std::string, std::string>>& kvs) {
  std::string b = "GGUF" + U32(3) + U64(0) + U64(kvs.size());
  for (const auto& [k, v] : kvs) b += GgufString(k) + U32(8) + GgufString(v);
  return b;
}

// Four releases under one temporary folder, each showing one kind of outcome:
//   tiny-release         the bundled example (MIT, open weights)
//   restricted-finetune  a Llama 3.1 fine-tune with its weights: conditional rights, restricted
//   nc.gguf              a single GGUF under CC-BY-NC-4.0
//   pickled              MIT, but its weights are a pickle that runs os.system on load
class Releases {
 public:
  Releases() {
    std::filesystem::copy(SourceDir() / "examples" / "tiny-release", dir_.path() / "tiny-release",
                          std::filesystem::copy_options::recursive);
    dir_.Write("restricted-finetune/README.md",
               "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
               "base_model_relation: finetune\n---\n# A fine-tune\n\nTrained on our data.\n");
    dir_.Write("restricted-finetune/LICENSE",
               "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date\n");
    const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    dir_.Write("restricted-finetune/model.safetensors",
               U64(header.size()) + header + std::string(8, '\0'));
    dir_.Write("nc.gguf", TinyGguf({{"general.architecture", "llama"},
                                    {"general.name", "Tiny"},
                                    {"general.license", "cc-by-nc-4.0"}}));
    dir_.Write("pickled/README.md", "---\nlicense: mit\n---\n# Pickled\n");
    dir_.Write("pickled/pytorch_model.bin",
               ReadFileOrDie(SourceDir() / "fuzz" / "corpus" / "pickle_scan" / "os_system_p2.pkl"));
  }

  static const std::vector<std::string>& Names() {
    static const std::vector<std::string> kNames = {"tiny-release", "restricted-finetune",
                                                    "nc.gguf", "pickled"};
    return kNames;
  }
  std::string Path(const std::string& name) const { return (dir_.path() / name).string(); }
  const std::filesystem::path& root() const { return dir_.path(); }

 private:
  TempDir dir_;
};

Policy LoadFixture(const std::string& name) {
  Policy p;
  const auto path = SourceDir() / "tests" / "policies" / (name + ".toml");
  const Status s = ParsePolicy(ReadFileOrDie(path), "tests/policies/" + name + ".toml",
                               LicenseTable::Builtin(), &p);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return p;
}

// Scans each release and evaluates the policy, naming targets "releases/<name>" as if the check
// ran from a repository holding them (stable across machines).
CheckRun Check(const Releases& releases, const Policy& policy) {
  CheckRun run;
  run.policy = &policy;
  run.tool_version = "test";
  run.as_of = {2026, 5, 1};
  EvaluateOptions options;
  options.today = run.as_of;
  for (const std::string& name : Releases::Names()) {
    CheckedTarget t;
    t.target = "releases/" + name;
    ScanResult result;
    const Status s = ScanPath(releases.Path(name), ScanOptions{}, &result);
    EXPECT_TRUE(s.ok()) << s.ToString();
    result.report.subject.path.reset();
    t.evidence_root = EvidenceRootFor(t.target, result.report);
    t.outcome = EvaluatePolicy(policy, result.report, LicenseTable::Builtin(), options);
    t.report = std::move(result.report);
    run.targets.push_back(std::move(t));
  }
  return run;
}

bool HasRule(const CheckedTarget& t, std::string_view rule) {
  for (const PolicyViolation& v : t.outcome.violations) {
    if (v.rule == rule && v.fails()) return true;
  }
  return false;
}

std::string Verdicts(const CheckRun& run) {
  std::string out;
  for (const CheckedTarget& t : run.targets) {
    out += (out.empty() ? "" : " ") + std::string(CheckVerdictName(VerdictOf(t)));
  }
  return out;
}

TEST(CheckGoldenTest, EveryFixturePolicyAgainstTheReleases) {
  const Releases releases;
  // Verdicts for tiny-release, restricted-finetune, nc.gguf, pickled; each follows from the
  // policy's text and the release's license, not from the golden files.
  const std::map<std::string, std::string> expected = {
      {"commercial", "pass fail fail fail"},          // NC denied; pickle runs code
      {"saas", "pass fail fail fail"},                // only open licenses
      {"redistribute", "pass fail fail fail"},        // open-weights minimum; no pickles at all
      {"derivatives", "pass fail fail fail"},         // NC denied; Llama needs its AUP accepted
      {"train-other-models", "pass fail fail fail"},  // no conditional rights at all
      {"research", "pass pass pass fail"},            // only the code-running pickle fails
      {"open-source", "fail fail fail fail"},         // nothing here passes OSAID
  };
  for (const auto& [name, verdicts] : expected) {
    const Policy policy = LoadFixture(name);
    const CheckRun run = Check(releases, policy);
    EXPECT_EQ(Verdicts(run), verdicts) << name;
    for (const CheckedTarget& t : run.targets) {
      for (const PolicyViolation& v : t.outcome.violations) {
        EXPECT_FALSE(v.evidence.empty()) << name << " " << t.target << " " << v.rule;
        EXPECT_NE(FindPolicyRule(v.rule), nullptr) << v.rule;
      }
    }
  }
  // The reasons, where they do not depend on how much of a license the engine reads.
  const Policy commercial = LoadFixture("commercial");
  const CheckRun run = Check(releases, commercial);
  EXPECT_TRUE(HasRule(run.targets[2], "license-denied"));
  EXPECT_TRUE(HasRule(run.targets[2], "use-prohibited"));
  EXPECT_TRUE(HasRule(run.targets[3], "unsafe-weights-format"));
  EXPECT_FALSE(HasRule(run.targets[3], "license-unknown"));  // MIT is known
  const Policy saas = LoadFixture("saas");
  EXPECT_TRUE(HasRule(Check(releases, saas).targets[1], "license-not-allowed"));
  const Policy train = LoadFixture("train-other-models");
  EXPECT_TRUE(HasRule(Check(releases, train).targets[1], "conditional-rejected"));
  const Policy open = LoadFixture("open-source");
  EXPECT_TRUE(HasRule(Check(releases, open).targets[0], "level-below-minimum"));
}

void ExpectGoldenText(const std::string& actual, const std::string& file) {
  const auto path = SourceDir() / "tests" / "golden" / file;
  if (std::getenv("OPENNESS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = ReadFileOrDie(path);
  EXPECT_EQ(actual, expected) << "golden file " << path
                              << " differs; rerun with OPENNESS_UPDATE_GOLDEN=1 if intended";
}

void ExpectGoldenJson(const Json& actual, const std::string& file) {
  const auto path = SourceDir() / "tests" / "golden" / file;
  if (std::getenv("OPENNESS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual.dump(2) << "\n";
    return;
  }
  const Json expected = Json::parse(ReadFileOrDie(path), nullptr, false);
  ASSERT_FALSE(expected.is_discarded()) << "cannot parse " << path;
  EXPECT_EQ(actual, expected) << "differences (RFC 6902 patch from expected to actual):\n"
                              << Json::diff(expected, actual).dump(2)
                              << "\nrerun with OPENNESS_UPDATE_GOLDEN=1 if the change is intended";
}

TEST(CheckGoldenTest, CommercialSarifAndJunit) {
  const Releases releases;
  const Policy policy = LoadFixture("commercial");
  const CheckRun run = Check(releases, policy);

  const Json sarif = Json::parse(CheckToSarif(run).dump());
  // Independent of the golden file: where GitHub would show the NC release's violations.
  bool nc_at_gguf = false;
  for (const Json& r : sarif["runs"][0]["results"]) {
    if (r["properties"]["target"] != "releases/nc.gguf") continue;
    nc_at_gguf |=
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "releases/nc.gguf";
  }
  EXPECT_TRUE(nc_at_gguf);
  std::string errors;
  const int valid = testing::ValidateSarif(sarif.dump(2), &errors);
  if (valid != 3) {
    EXPECT_EQ(valid, 0) << errors;
  }
  ExpectGoldenJson(sarif, "check-commercial.sarif.json");

  const std::string junit = CheckToJunit(run);
  std::string out;
  if (testing::XmlLint(junit, "--noout", &out) != -2) {
    EXPECT_EQ(testing::XmlLint(junit, "--noout", &out), 0) << out;
  }
  EXPECT_NE(junit.find("tests=\"4\" failures=\"3\" errors=\"0\""), std::string::npos) << junit;
  ExpectGoldenText(junit, "check-commercial.junit.xml");
}

// The command line.

std::string Fixture(const std::string& name) {
  return (SourceDir() / "tests" / "policies" / (name + ".toml")).string();
}

TEST(CheckCliTest, ExitZeroWhenEveryTargetPasses) {
  std::string out;
  ASSERT_EQ(RunOpenness("check '" + (SourceDir() / "examples" / "tiny-release").string() +
                            "' --policy '" + Fixture("commercial") + "'",
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("PASS "), std::string::npos) << out;
  EXPECT_NE(out.find("1 target: 1 passed, 0 failed, 0 could not be audited"), std::string::npos);
}

TEST(CheckCliTest, ExitOneOnAViolation) {
  const Releases releases;
  std::string out;
  EXPECT_EQ(RunOpenness("check '" + releases.Path("tiny-release") + "' '" +
                            releases.Path("nc.gguf") + "' -p '" + Fixture("commercial") + "'",
                        &out),
            1)
      << out;
  EXPECT_NE(out.find("FAIL "), std::string::npos);
  EXPECT_NE(out.find("x use-prohibited"), std::string::npos) << out;
}

TEST(CheckCliTest, ExitTwoWhenATargetCannotBeAudited) {
  const Releases releases;
  std::string out, err;
  EXPECT_EQ(RunOpenness("check '" + releases.Path("nc.gguf") + "' '" + releases.Path("absent") +
                            "' -p '" + Fixture("commercial") + "'",
                        &out, &err),
            2)
      << out << err;
  EXPECT_NE(out.find("could not audit"), std::string::npos) << out;
}

TEST(CheckCliTest, ExitSixtyFourOnBadUsageOrPolicy) {
  const Releases releases;
  TempDir dir;
  const auto bad = dir.Write("bad.toml", "use = \"commercial\"\nallow = [\"osi\", \"nope\"]\n");
  std::string out, err;
  EXPECT_EQ(
      RunOpenness("check '" + releases.Path("nc.gguf") + "' -p '" + bad.string() + "'", &out, &err),
      64);
  EXPECT_NE(err.find("bad.toml:2: 'nope' in 'allow'"), std::string::npos) << err;
  EXPECT_EQ(RunOpenness("check '" + releases.Path("nc.gguf") + "' -p '" +
                            (dir.path() / "absent.toml").string() + "'",
                        &out, &err),
            64);
  EXPECT_NE(err.find("cannot open the policy file"), std::string::npos) << err;
  EXPECT_EQ(RunOpenness("check -p '" + Fixture("commercial") + "'", &out, &err), 64);
  EXPECT_EQ(RunOpenness("check x -p '" + Fixture("commercial") + "' --format yaml", &out, &err),
            64);
  EXPECT_EQ(
      RunOpenness("check x -p '" + Fixture("commercial") + "' --as-of 2026-02-30", &out, &err), 64);
  EXPECT_EQ(RunOpenness("check --help", &out, &err), 0);
  EXPECT_NE(out.find("exit status: 0 every target passes"), std::string::npos) << out;
}

TEST(CheckCliTest, SarifToAFileWithTheSummaryOnStdout) {
  const Releases releases;
  TempDir dir;
  const std::string sarif_path = (dir.path() / "out.sarif").string();
  std::string out;
  EXPECT_EQ(RunOpenness("check '" + releases.Path("pickled") + "' -p '" + Fixture("commercial") +
                            "' --format sarif --output '" + sarif_path + "'",
                        &out),
            1);
  EXPECT_NE(out.find("unsafe-weights-format"), std::string::npos) << out;  // the summary
  const Json sarif = Json::parse(ReadFileOrDie(sarif_path), nullptr, false);
  ASSERT_FALSE(sarif.is_discarded());
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u);
  const Json& loc = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"].get<std::string>(),
            "file://" + releases.Path("pickled") + "/pytorch_model.bin");
  std::string errors;
  const int valid = testing::ValidateSarif(sarif.dump(), &errors);
  if (valid != 3) {
    EXPECT_EQ(valid, 0) << errors;
  }
}

TEST(CheckCliTest, JsonAndJunitOnStdout) {
  const Releases releases;
  std::string out;
  EXPECT_EQ(RunOpenness("check '" + releases.Path("restricted-finetune") + "' -p '" +
                            Fixture("research") + "' --format json",
                        &out),
            0);
  const Json j = Json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j["schema"], "openness/check/v1");
  EXPECT_EQ(j["status"], "pass");
  EXPECT_EQ(j["targets"][0]["subject"]["id"], "restricted-finetune");
  EXPECT_EQ(j["targets"][0]["license"], Json::array({"llama3.1"}));

  EXPECT_EQ(RunOpenness("check '" + releases.Path("nc.gguf") + "' -p '" + Fixture("saas") +
                            "' --format junit",
                        &out),
            1);
  EXPECT_EQ(out.rfind("<?xml", 0), 0u) << out;
  EXPECT_NE(out.find("<failure type=\""), std::string::npos);
}

TEST(CheckCliTest, AsOfDecidesExpiry) {
  const Releases releases;
  TempDir dir;
  const auto policy = dir.Write("p.toml",
                                "use = \"commercial\"\n[[exception]]\nmodel = \"nc.gguf\"\n"
                                "reason = \"bought a commercial license\"\nexpires = 2026-06-30\n");
  const std::string cmd =
      "check '" + releases.Path("nc.gguf") + "' -p '" + policy.string() + "' --as-of ";
  std::string out;
  EXPECT_EQ(RunOpenness(cmd + "2026-06-30", &out), 0) << out;
  EXPECT_NE(out.find("waived until 2026-06-30"), std::string::npos) << out;
  EXPECT_EQ(RunOpenness(cmd + "2026-07-01", &out), 1) << out;
  EXPECT_NE(out.find("expired on 2026-06-30"), std::string::npos) << out;
}

TEST(CheckCliTest, HelpListsCheck) {
  std::string out;
  ASSERT_EQ(RunOpenness("help", &out), 0);
  EXPECT_NE(out.find("check "), std::string::npos) << out;
}

}  // namespace
}  // namespace openness
