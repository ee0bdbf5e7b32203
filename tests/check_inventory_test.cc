// `openness check --inventory DIR`, end to end: a small codebase generated in a temporary folder
// whose code names local model folders; the models are found as `openness inventory` finds them,
// audited, held against a fixture policy, and the SARIF puts each violation at the file, line
// and column where the code names the model. Exit statuses as for any check. No network: the
// one Hub id is looked up --offline in an empty cache.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "check_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::ReadFileOrDie;
using ::openness::testing::SourceDir;
using ::openness::testing::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

std::string Policy(const std::string& name) {
  return (SourceDir() / "tests" / "policies" / (name + ".toml")).string();
}

// Runs openness in cwd (as CI runs it from the repository root), with an empty Hub cache.
int RunIn(const fs::path& cwd, const std::string& args, std::string* out, std::string* err) {
  TempDir tmp;
  const fs::path out_path = tmp.path() / "out";
  const fs::path err_path = tmp.path() / "err";
  const std::string cmd =
      "cd " + Q(cwd) + " && NO_COLOR=1 OPENNESS_CACHE_DIR=" + Q(tmp.path() / "cache") + " " +
      Q(OPENNESS_BINARY) + " " + args + " >" + Q(out_path) + " 2>" + Q(err_path);
  const int raw = std::system(cmd.c_str());
  *out = ReadFileOrDie(out_path);
  *err = ReadFileOrDie(err_path);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

std::string Safetensors() {
  const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  uint64_t n = header.size();
  return std::string(reinterpret_cast<const char*>(&n), 8) + header + std::string(8, '\0');
}

// A service whose code uses two local models: a non-commercial one (named twice in app.py) and
// an MIT one (named in a shell script).
void WriteCodebase(const TempDir& dir) {
  dir.Write("app.py",
            "from transformers import AutoModelForCausalLM, AutoTokenizer\n"
            "\n"
            "# the chat model\n"
            "model = AutoModelForCausalLM.from_pretrained(\"./models/nc-model\")\n"
            "tokenizer = AutoTokenizer.from_pretrained(\"./models/nc-model\")\n");
  dir.Write("scripts/serve.sh", "#!/bin/sh\nvllm serve ./models/mit-model --port 8000\n");
  dir.Write("models/nc-model/README.md", "---\nlicense: cc-by-nc-4.0\n---\n# A research model\n");
  dir.Write("models/nc-model/config.json", R"({"model_type": "llama"})");
  dir.Write("models/nc-model/model.safetensors", Safetensors());
  dir.Write("models/mit-model/README.md", "---\nlicense: mit\n---\n# An open model\n");
  dir.Write("models/mit-model/config.json", R"({"model_type": "llama"})");
  dir.Write("models/mit-model/model.safetensors", Safetensors());
}

// The inventory's own reference to target in file at line (its column is what SARIF must use).
Json InventoryReference(const fs::path& dir, const std::string& file, int line) {
  std::string out, err;
  EXPECT_EQ(RunIn(dir, "inventory . --format json", &out, &err), 0) << err;
  const Json inv = Json::parse(out, nullptr, false);
  for (const Json& r : inv["references"]) {
    if (r["file"] == file && r["line"] == line) return r;
  }
  ADD_FAILURE() << "no reference at " << file << ":" << line << " in " << out;
  return Json();
}

std::vector<Json> ResultsFor(const Json& sarif, const std::string& target) {
  std::vector<Json> out;
  for (const Json& r : sarif["runs"][0]["results"]) {
    if (r["properties"]["target"] == target) out.push_back(r);
  }
  return out;
}

void ExpectValidSarif(const Json& sarif) {
  std::string errors;
  const int valid = testing::ValidateSarif(sarif.dump(2), &errors);
  if (valid != 3) {
    EXPECT_EQ(valid, 0) << errors;
  }
}

TEST(CheckInventoryTest, SarifPointsAtTheLineThatNamesTheModel) {
  TempDir code;
  WriteCodebase(code);
  const Json ref = InventoryReference(code.path(), "app.py", 4);
  ASSERT_TRUE(ref.is_object());
  EXPECT_EQ(ref["resolved"], "models/nc-model");

  std::string out, err;
  ASSERT_EQ(RunIn(code.path(),
                  "check --inventory . --policy " + Q(Policy("commercial")) + " --format sarif",
                  &out, &err),
            1)
      << out << err;
  const Json sarif = Json::parse(out, nullptr, false);
  ASSERT_FALSE(sarif.is_discarded()) << out;
  ExpectValidSarif(sarif);

  // Every violation of the non-commercial model sits where app.py first names it.
  const std::vector<Json> nc = ResultsFor(sarif, "models/nc-model");
  ASSERT_FALSE(nc.empty()) << out;
  bool denied = false;
  for (const Json& r : nc) {
    denied |= r["ruleId"] == "license-denied";
    ASSERT_EQ(r["locations"].size(), 1u);
    const Json& loc = r["locations"][0]["physicalLocation"];
    EXPECT_EQ(loc["artifactLocation"]["uri"], "app.py");
    EXPECT_EQ(loc["region"]["startLine"], 4);
    EXPECT_EQ(loc["region"]["startColumn"], ref["column"]);
    // The second place that names it, and the release's evidence, are related locations.
    bool second_use = false, card = false;
    for (const Json& rel : r["relatedLocations"]) {
      const Json& p = rel["physicalLocation"];
      second_use |= p["artifactLocation"]["uri"] == "app.py" && p["region"]["startLine"] == 5;
      card |= p["artifactLocation"]["uri"] == "models/nc-model/README.md";
    }
    EXPECT_TRUE(second_use) << r.dump(2);
    if (r["ruleId"] == "license-denied") {
      EXPECT_TRUE(card) << r.dump(2);
    }
  }
  EXPECT_TRUE(denied) << out;
  // The MIT model passes: no results for it.
  EXPECT_TRUE(ResultsFor(sarif, "models/mit-model").empty()) << out;
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

TEST(CheckInventoryTest, AnAbsoluteFolderGivesFileUris) {
  TempDir code;
  WriteCodebase(code);
  TempDir elsewhere;
  std::string out, err;
  ASSERT_EQ(
      RunIn(elsewhere.path(),
            "check --inventory " + Q(code.path()) + " -p " + Q(Policy("commercial")) + " -f sarif",
            &out, &err),
      1)
      << out << err;
  const Json sarif = Json::parse(out, nullptr, false);
  const std::vector<Json> nc = ResultsFor(sarif, (code.path() / "models" / "nc-model").string());
  ASSERT_FALSE(nc.empty()) << out;
  const Json& loc = nc[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "file://" + (code.path() / "app.py").string());
  EXPECT_EQ(loc["region"]["startLine"], 4);
  ExpectValidSarif(sarif);
}

TEST(CheckInventoryTest, PassingCodebaseExitsZero) {
  TempDir code;
  code.Write("serve.sh", "vllm serve ./mit-model\n");
  code.Write("mit-model/README.md", "---\nlicense: mit\n---\n# An open model\n");
  code.Write("mit-model/config.json", R"({"model_type": "llama"})");
  code.Write("mit-model/model.safetensors", Safetensors());
  std::string out, err;
  ASSERT_EQ(RunIn(code.path(), "check --inventory . -p " + Q(Policy("commercial")) + " -f sarif",
                  &out, &err),
            0)
      << out << err;
  const Json sarif = Json::parse(out, nullptr, false);
  EXPECT_TRUE(sarif["runs"][0]["results"].empty()) << out;
  EXPECT_EQ(sarif["runs"][0]["properties"]["status"], "pass");
  ExpectValidSarif(sarif);
}

TEST(CheckInventoryTest, JsonAndTextNameEveryPlace) {
  TempDir code;
  WriteCodebase(code);
  std::string out, err;
  ASSERT_EQ(RunIn(code.path(), "check --inventory . -p " + Q(Policy("commercial")) + " -f json",
                  &out, &err),
            1)
      << err;
  const Json j = Json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  bool found = false;
  for (const Json& t : j["targets"]) {
    if (t["target"] != "models/nc-model") continue;
    found = true;
    EXPECT_EQ(t["status"], "fail");
    EXPECT_EQ(t["reference"]["file"], "app.py");
    EXPECT_EQ(t["reference"]["line"], 4);
    bool line5 = false;
    for (const Json& o : t["other_references"]) line5 |= o["file"] == "app.py" && o["line"] == 5;
    EXPECT_TRUE(line5) << t.dump(2);
  }
  EXPECT_TRUE(found) << out;

  ASSERT_EQ(RunIn(code.path(), "check --inventory . -p " + Q(Policy("commercial")), &out, &err), 1);
  EXPECT_NE(out.find("referenced at app.py:4, app.py:5"), std::string::npos) << out;
  EXPECT_NE(out.find("PASS  models/mit-model"), std::string::npos) << out;
}

TEST(CheckInventoryTest, AHubIdThatCannotBeAuditedOfflineExitsTwo) {
  TempDir code;
  WriteCodebase(code);
  code.Write("hub.py",
             "from transformers import AutoModel\n"
             "m = AutoModel.from_pretrained(\"acme/not-cached-anywhere\")\n");
  std::string out, err;
  ASSERT_EQ(RunIn(code.path(),
                  "check --inventory . --offline -p " + Q(Policy("commercial")) + " -f sarif", &out,
                  &err),
            2)
      << out << err;
  const Json sarif = Json::parse(out, nullptr, false);
  ASSERT_FALSE(sarif.is_discarded()) << out;
  ExpectValidSarif(sarif);
  const Json& inv = sarif["runs"][0]["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], false);
  bool at_code = false;
  for (const Json& n : inv["toolExecutionNotifications"]) {
    const std::string text = n["message"]["text"];
    if (text.find("acme/not-cached-anywhere") == std::string::npos) continue;
    EXPECT_NE(text.find("could not audit"), std::string::npos) << text;
    const Json& loc = n["locations"][0]["physicalLocation"];
    at_code = loc["artifactLocation"]["uri"] == "hub.py" && loc["region"]["startLine"] == 2;
  }
  EXPECT_TRUE(at_code) << inv.dump(2);
  // The other models are still checked.
  EXPECT_FALSE(ResultsFor(sarif, "models/nc-model").empty()) << out;

  // The text summary says so too.
  ASSERT_EQ(
      RunIn(code.path(), "check --inventory . --offline -p " + Q(Policy("commercial")), &out, &err),
      2);
  EXPECT_NE(out.find("ERROR hf://acme/not-cached-anywhere"), std::string::npos) << out;
}

TEST(CheckInventoryTest, UsageAndUnreadableFolders) {
  std::string out, err;
  TempDir here;
  EXPECT_EQ(RunIn(here.path(), "check -p " + Q(Policy("commercial")), &out, &err), 64);
  EXPECT_NE(err.find("--inventory"), std::string::npos) << err;
  EXPECT_EQ(
      RunIn(here.path(),
            "check --inventory " + Q(here.path() / "absent") + " -p " + Q(Policy("commercial")),
            &out, &err),
      2);
  EXPECT_EQ(RunIn(here.path(), "check --help", &out, &err), 0);
  EXPECT_NE(out.find("--inventory"), std::string::npos) << out;
}

}  // namespace
}  // namespace openness
