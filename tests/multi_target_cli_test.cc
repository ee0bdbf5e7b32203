// Every multi-target command takes the batch path of `openness scan --from` (src/batch.cc through
// src/cli/batch_output.h): `openness check` and `openness compare` audit their targets in
// parallel (-j), keep the input order, give a target that cannot be read its own error, go on
// with the others, and exit with the status the worst item calls for. Local targets are built in
// temporary folders; Hub targets are served by the fixture Hub on 127.0.0.1, whose count of
// requests answered at once shows whether the audits overlapped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hub_fixture.h"
#include "source_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using testing::FixtureFault;
using testing::FixtureHub;
using testing::RunOpenness;
using testing::SimpleModelRepo;
using testing::SourceDir;
using testing::TempDir;
using testing::TinyGguf;
using Json = nlohmann::json;

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

std::string Policy(const std::string& name) {
  return Q(SourceDir() / "tests" / "policies" / (name + ".toml"));
}

// Four local targets, the second missing: a permissive file, nothing, a non-commercial file, and
// another permissive file.
struct LocalTargets {
  TempDir tmp;
  std::vector<fs::path> paths;
  LocalTargets() {
    paths.push_back(tmp.Write(
        "a.gguf", TinyGguf({{"general.architecture", "llama"}, {"general.license", "mit"}})));
    paths.push_back(tmp.path() / "missing");
    paths.push_back(tmp.Write("nc.gguf", TinyGguf({{"general.architecture", "llama"},
                                                   {"general.license", "cc-by-nc-4.0"}})));
    paths.push_back(tmp.Write("c.gguf", TinyGguf({{"general.architecture", "llama"},
                                                  {"general.license", "apache-2.0"}})));
  }
  std::string Args(bool with_missing = true) const {
    std::string out;
    for (const fs::path& p : paths) {
      if (!with_missing && p.filename() == "missing") continue;
      out += Q(p) + " ";
    }
    return out;
  }
};

// The fixture Hub in the environment of the commands run, for as long as it lives.
class HubEnv {
 public:
  HubEnv() {
    ::setenv("HF_ENDPOINT", hub.endpoint().c_str(), 1);
    ::setenv("OPENNESS_CACHE_DIR", (cache.path() / "cache").c_str(), 1);
    ::setenv("HF_HOME", cache.path().c_str(), 1);
    ::unsetenv("HF_TOKEN");
    ::unsetenv("HUGGING_FACE_HUB_TOKEN");
    ::unsetenv("HF_HUB_OFFLINE");
  }
  ~HubEnv() {
    ::unsetenv("HF_ENDPOINT");
    ::unsetenv("OPENNESS_CACHE_DIR");
    ::unsetenv("HF_HOME");
  }
  HubEnv(const HubEnv&) = delete;
  HubEnv& operator=(const HubEnv&) = delete;

  /// acme/a (mit), acme/nc (cc-by-nc-4.0), acme/c (apache-2.0); every API answer, and the one
  /// for the missing acme/missing, takes delay_ms, so audits that run at once overlap.
  void AddRepos(int delay_ms) {
    hub.Add(SimpleModelRepo("acme/a", {{"license", "mit"}}, 64 << 10));
    hub.Add(SimpleModelRepo("acme/nc", {{"license", "cc-by-nc-4.0"}}, 64 << 10));
    hub.Add(SimpleModelRepo("acme/c", {{"license", "apache-2.0"}}, 64 << 10));
    FixtureFault slow;
    slow.delay_ms = delay_ms;
    slow.times = -1;
    hub.AddFault("/api/models/", slow);
  }

  FixtureHub hub;
  TempDir cache;
};

const std::string kHubTargets = "acme/a acme/missing acme/nc acme/c";

// The check report's targets, in order, as "target=status".
std::vector<std::string> CheckStatuses(const std::string& out) {
  const Json j = Json::parse(out);
  std::vector<std::string> v;
  for (const Json& t : j["targets"]) {
    v.push_back(t["target"].get<std::string>() + "=" + t["status"].get<std::string>());
  }
  return v;
}

// The compare table's columns, in order, by subject id.
std::vector<std::string> CompareColumns(const std::string& out) {
  const Json j = Json::parse(out);
  std::vector<std::string> v;
  for (const Json& m : j["models"]) v.push_back(m["id"].get<std::string>());
  return v;
}

TEST(MultiTargetCliTest, CheckKeepsInputOrderAndGoesOnAfterABrokenTarget) {
  const LocalTargets t;
  std::string out, err;
  ASSERT_EQ(
      RunOpenness("check " + t.Args() + "-p " + Policy("commercial") + " -f json -j 3", &out, &err),
      2)
      << out << err;
  const std::vector<std::string> statuses = CheckStatuses(out);
  ASSERT_EQ(statuses.size(), 4u) << out;
  EXPECT_EQ(statuses[0], t.paths[0].string() + "=pass");
  EXPECT_EQ(statuses[1], t.paths[1].string() + "=error");
  EXPECT_EQ(statuses[2], t.paths[2].string() + "=fail");
  EXPECT_EQ(statuses[3], t.paths[3].string() + "=pass");
  const Json j = Json::parse(out);
  EXPECT_NE(j["targets"][1]["error"].get<std::string>().find("missing"), std::string::npos);
  EXPECT_EQ(j["targets"][3]["license"], Json::array({"apache-2.0"}));

  // Without the broken target the violation decides: 1. One job gives the same answer.
  for (const char* jobs : {"-j 1", "-j 4", ""}) {
    ASSERT_EQ(
        RunOpenness("check " + t.Args(false) + "-p " + Policy("commercial") + " -f json " + jobs,
                    &out, &err),
        1)
        << jobs << out << err;
    const std::vector<std::string> again = CheckStatuses(out);
    ASSERT_EQ(again.size(), 3u) << out;
    EXPECT_EQ(again[0], statuses[0]);
    EXPECT_EQ(again[1], statuses[2]);
    EXPECT_EQ(again[2], statuses[3]);
  }
  // The text summary counts every target.
  EXPECT_EQ(RunOpenness("check " + t.Args() + "-p " + Policy("commercial"), &out, &err), 2);
  EXPECT_NE(out.find("4 targets: 2 passed, 1 failed, 1 could not be audited"), std::string::npos)
      << out;
}

TEST(MultiTargetCliTest, CompareKeepsInputOrderAndComparesTheOthers) {
  const LocalTargets t;
  std::string out, err;
  ASSERT_EQ(RunOpenness("compare " + t.Args() + "-f json -j 3", &out, &err), 2) << out << err;
  const std::vector<std::string> columns = CompareColumns(out);
  ASSERT_EQ(columns.size(), 3u) << out;
  EXPECT_EQ(columns[0], "a.gguf");
  EXPECT_EQ(columns[1], "nc.gguf");
  EXPECT_EQ(columns[2], "c.gguf");
  EXPECT_NE(err.find(t.paths[1].string()), std::string::npos) << err;
  // All readable: 0, the same columns whatever the number of jobs.
  for (const char* jobs : {"-j 1", "-j 2", ""}) {
    ASSERT_EQ(RunOpenness("compare " + t.Args(false) + "-f json " + jobs, &out, &err), 0)
        << jobs << err;
    EXPECT_EQ(CompareColumns(out), columns) << jobs;
  }
  // Nothing readable: 2, and no table.
  EXPECT_EQ(RunOpenness("compare " + Q(t.paths[1]) + " " + Q(t.tmp.path() / "gone"), &out, &err),
            2);
  EXPECT_TRUE(out.empty()) << out;
}

TEST(MultiTargetCliTest, JobsOptionIsCheckedLikeScans) {
  const LocalTargets t;
  std::string out, err;
  EXPECT_EQ(
      RunOpenness("check " + t.Args(false) + "-p " + Policy("commercial") + " -j 0", &out, &err),
      64);
  EXPECT_EQ(RunOpenness("compare " + t.Args(false) + "-j 999", &out, &err), 64);
  EXPECT_EQ(RunOpenness("scan " + t.Args(false) + "-j 0", &out, &err), 64);
}

TEST(MultiTargetCliTest, HubTargetsOfCheckRunAtOnce) {
  HubEnv env;
  env.AddRepos(400);
  std::string out, err;
  ASSERT_EQ(RunOpenness("check " + kHubTargets + " -p " + Policy("research") + " -f json -j 4",
                        &out, &err),
            2)
      << out << err;
  const std::vector<std::string> statuses = CheckStatuses(out);
  ASSERT_EQ(statuses.size(), 4u) << out;
  EXPECT_TRUE(statuses[0].starts_with("acme/a=")) << statuses[0];
  EXPECT_EQ(statuses[1], "acme/missing=error");
  EXPECT_TRUE(statuses[2].starts_with("acme/nc=")) << statuses[2];
  EXPECT_TRUE(statuses[3].starts_with("acme/c=")) << statuses[3];
  const Json j = Json::parse(out);
  EXPECT_EQ(j["targets"][0]["subject"]["source"], "hub");
  EXPECT_EQ(j["targets"][2]["license"], Json::array({"cc-by-nc-4.0"}));
  EXPECT_NE(j["targets"][1]["error"].get<std::string>().find("not found"), std::string::npos)
      << j["targets"][1]["error"];
  EXPECT_GE(env.hub.counts().max_in_flight, 2) << "the Hub audits did not overlap";

  // -j 1: one audit at a time, the same answers.
  env.hub.ResetCounts();
  ASSERT_EQ(RunOpenness("check " + kHubTargets + " -p " + Policy("research") + " -f json -j 1",
                        &out, &err),
            2)
      << err;
  EXPECT_EQ(CheckStatuses(out), statuses);
  EXPECT_EQ(env.hub.counts().max_in_flight, 1);
}

TEST(MultiTargetCliTest, HubTargetsOfCompareRunAtOnce) {
  HubEnv env;
  env.AddRepos(400);
  std::string out, err;
  ASSERT_EQ(RunOpenness("compare " + kHubTargets + " -f json", &out, &err), 2) << out << err;
  EXPECT_EQ(CompareColumns(out), (std::vector<std::string>{"acme/a", "acme/nc", "acme/c"}));
  EXPECT_NE(err.find("acme/missing"), std::string::npos) << err;
  // Without -j, Hub targets get at least 8 jobs: all four API calls overlap.
  EXPECT_GE(env.hub.counts().max_in_flight, 2) << "the Hub audits did not overlap";
}

}  // namespace
}  // namespace openness
