// The mof and eval subcommands and `scan --format mof`, run as a user would.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "openness/mof.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::RunOpenness;
using ::openness::testing::TempDir;

TEST(OpennessCliTest, MofRatesAModelFile) {
  TempDir dir;
  std::string yaml =
      "release:\n  name: Tiny\n  license:\n    distribution:\n      name: Apache-2.0\n"
      "  components:\n";
  for (const char* c : {"Model architecture", "Model parameters (Final)", "Model card", "Data card",
                        "Technical report", "Evaluation results"}) {
    yaml += std::string("    - name: ") + c + "\n";
  }
  const auto file = dir.Write("tiny.yml", yaml);
  std::string out, err;
  EXPECT_EQ(RunOpenness("mof " + file.string(), &out, &err), 0) << err;
  EXPECT_NE(out.find("MOF class  III"), std::string::npos) << out;
  EXPECT_EQ(RunOpenness("mof --format json " + file.string(), &out, &err), 0) << err;
  const nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["class"], "III");
  EXPECT_EQ(j["progress"]["III"], 100.0);
  EXPECT_EQ(j["components"]["training-code"]["status"], "missing");
}

TEST(OpennessCliTest, MofUnreadableFileExitsTwo) {
  TempDir dir;
  const auto bad = dir.Write("bad.yml", "release: [\n");
  std::string out, err;
  EXPECT_EQ(RunOpenness("mof " + bad.string(), &out, &err), 2);
  EXPECT_NE(err.find("bad.yml"), std::string::npos);
  EXPECT_EQ(RunOpenness("mof " + (dir.path() / "absent.yml").string(), &out, &err), 2);
  EXPECT_EQ(RunOpenness("mof", &out, &err), 64);
}

TEST(OpennessCliTest, ScanWritesAModelFileTheMofCommandReads) {
  TempDir dir;
  dir.Write("m/README.md", "---\nlicense: apache-2.0\n---\n# M\n\n## Evaluation\n\nScores.\n");
  dir.Write("m/config.json", "{}");
  std::string out, err;
  ASSERT_EQ(RunOpenness("scan --format mof " + (dir.path() / "m").string(), &out, &err), 0) << err;
  MofModel model;
  ASSERT_OK(ParseMofYaml(out, DefaultLimits(), &model));
  EXPECT_EQ(model.name, "m");
  bool architecture = false;
  for (const MofComponentEntry& c : model.components) {
    architecture = architecture || c.name == "Model architecture";
  }
  EXPECT_TRUE(architecture);
  const auto file = dir.Write("m.yml", out);
  EXPECT_EQ(RunOpenness("mof " + file.string(), &out, &err), 0) << err;
}

TEST(OpennessCliTest, EvalPrintsAgreementAndHonoursTheThreshold) {
  TempDir dir;
  dir.Write("cards/m/README.md", "---\nlicense: apache-2.0\n---\n# M\n");
  const auto labels = dir.Write("labels.csv",
                                "dir,license,commercial,level,osaid,findings\n"
                                "m,apache-2.0,allowed,open-weights,fail,\n"
                                "m,apache-2.0,allowed,open-source,pass,\n");
  std::string out, err;
  const std::string args = "eval " + labels.string() + " --root " + (dir.path() / "cards").string();
  EXPECT_EQ(RunOpenness(args, &out, &err), 0) << err;
  EXPECT_NE(out.find("level"), std::string::npos);
  EXPECT_NE(out.find("1/2"), std::string::npos) << out;
  EXPECT_NE(out.find("expected open-source, got open-weights"), std::string::npos) << out;
  EXPECT_EQ(RunOpenness(args + " --min-agreement 95", &out, &err), 1);
  EXPECT_EQ(RunOpenness(args + " --format json", &out, &err), 0);
  const nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["agreement"]["level"]["agree"], 1);
  EXPECT_EQ(RunOpenness("eval " + (dir.path() / "none.csv").string() + " --root x", &out, &err), 2);
}

}  // namespace
}  // namespace openness
