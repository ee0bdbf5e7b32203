// End to end: `openness scan` batches (--from, --hf-cache, --ollama, several targets) and
// `openness inventory`, run as a user would, against layouts built in temporary folders.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "scoped_env.h"
#include "source_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using testing::AddHfSnapshot;
using testing::AddOllamaModel;
using testing::FakeHex;
using testing::RunOpenness;
using testing::ScopedEnv;
using testing::TempDir;
using testing::TinyGguf;

std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

std::string Q(const fs::path& p) { return "'" + p.string() + "'"; }

TEST(BatchCliTest, FromListKeepsInputOrderWithErrorRecords) {
  TempDir tmp;
  tmp.Write("a/README.md", "---\nlicense: mit\n---\n# A\n");
  tmp.Write("b/README.md", "---\nlicense: apache-2.0\n---\n# B\n");
  tmp.Write("c.gguf", TinyGguf({{"general.architecture", "llama"}, {"general.license", "mit"}}));
  const fs::path list = tmp.Write("list.txt", "# models to check\n" + (tmp.path() / "a").string() +
                                                  "\n\n   " + (tmp.path() / "missing").string() +
                                                  "  \n" + (tmp.path() / "b").string() + "\r\n" +
                                                  (tmp.path() / "c.gguf").string() + "\n");
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan --from " + Q(list) + " --format json -j 3", &out, &err), 2) << err;
  const auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 4u) << out;
  EXPECT_EQ(lines[0]["subject"]["id"], "a");
  EXPECT_EQ(lines[1]["schema"], "openness/error/v1");
  EXPECT_EQ(lines[1]["target"], (tmp.path() / "missing").string());
  EXPECT_EQ(lines[1]["code"], "not-found");
  EXPECT_TRUE(lines[1]["error"].get<std::string>().find("missing") != std::string::npos);
  EXPECT_EQ(lines[2]["subject"]["id"], "b");
  EXPECT_EQ(lines[3]["subject"]["source"], "file");
  for (size_t i : {0u, 2u, 3u}) {
    EXPECT_TRUE(testing::ContractViolations(lines[i]).empty()) << lines[i].dump();
  }
  // JSON output: the summary goes to stderr, not the stream of records.
  EXPECT_NE(err.find("4 targets, 3 audited"), std::string::npos) << err;
  EXPECT_NE(err.find("mit"), std::string::npos);
}

TEST(BatchCliTest, TextBatchEndsWithTheSummaryTable) {
  TempDir tmp;
  tmp.Write("a/README.md", "---\nlicense: mit\n---\n# A\n");
  tmp.Write("b/README.md", "---\nlicense: mit\n---\n# B\n");
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan " + Q(tmp.path() / "a") + " " + Q(tmp.path() / "b"), &out, &err), 0)
      << err;
  const size_t summary = out.find("batch: 2 targets, 2 audited, 0 could not be read");
  ASSERT_NE(summary, std::string::npos) << out;
  EXPECT_NE(out.find("effective license", summary), std::string::npos);
  EXPECT_NE(out.find("mit", summary), std::string::npos);
  // Not a terminal: no progress bar.
  EXPECT_EQ(err.find('\r'), std::string::npos);
}

TEST(BatchCliTest, SingleTargetIsNotABatch) {
  TempDir tmp;
  tmp.Write("a/README.md", "---\nlicense: mit\n---\n# A\n");
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan " + Q(tmp.path() / "a") + " --format json", &out, &err), 0);
  EXPECT_EQ(out.find("batch:"), std::string::npos);
  EXPECT_EQ(err.find("batch:"), std::string::npos);
  EXPECT_NE(out.find("\n  \"schema\""), std::string::npos);  // indented, not JSON Lines
  EXPECT_EQ(RunOpenness("scan", &out, &err), 64);
  EXPECT_NE(err.find("nothing to audit"), std::string::npos);
}

TEST(BatchCliTest, HfCacheAuditsEveryCachedModelOffline) {
  TempDir tmp;
  const fs::path cache = tmp.path() / "hub";
  const std::string sha1 = FakeHex("one", 40), sha2 = FakeHex("two", 40);
  AddHfSnapshot(cache, "models--org--one", sha1,
                {{"README.md", "---\nlicense: mit\n---\n# One\n"}, {"config.json", "{}"}}, true);
  AddHfSnapshot(cache, "models--org--two", sha2,
                {{"README.md", "---\nlicense: apache-2.0\n---\n# Two\n"}}, true);
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan --hf-cache=" + Q(cache) + " --format json", &out, &err), 0) << err;
  const auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_EQ(lines[0]["subject"]["source"], "hf-cache");
  EXPECT_EQ(lines[0]["subject"]["id"], "org/one");
  EXPECT_EQ(lines[0]["subject"]["revision"], sha1);
  EXPECT_EQ(lines[1]["subject"]["id"], "org/two");
  EXPECT_EQ(lines[1]["license"]["effective"][0]["key"], "apache-2.0");
  EXPECT_TRUE(testing::ContractViolations(lines[0]).empty());
}

TEST(BatchCliTest, HfCacheAndOllamaDefaultsComeFromTheEnvironment) {
  TempDir tmp;
  AddHfSnapshot(tmp.path() / "hf" / "hub", "models--org--env", FakeHex("e", 40),
                {{"README.md", "# env\n"}}, true);
  AddOllamaModel(
      tmp.path() / "ollama", "registry.ollama.ai", "library", "envmodel", "1b",
      {{"application/vnd.ollama.image.model", TinyGguf({{"general.architecture", "x"}})}});
  ScopedEnv home("HF_HOME", (tmp.path() / "hf").string());
  ScopedEnv hub("HF_HUB_CACHE", "");
  ScopedEnv legacy("HUGGINGFACE_HUB_CACHE", "");
  ScopedEnv ollama("OLLAMA_MODELS", (tmp.path() / "ollama").string());
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan --hf-cache --ollama --format json", &out, &err), 0) << err;
  const auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 2u) << out << err;
  EXPECT_EQ(lines[0]["subject"]["id"], "org/env");
  EXPECT_EQ(lines[1]["subject"]["id"], "envmodel:1b");
  EXPECT_EQ(lines[1]["subject"]["source"], "ollama");
}

TEST(BatchCliTest, OllamaStoreWithAHostileManifest) {
  TempDir tmp;
  const fs::path store = tmp.path() / "models";
  AddOllamaModel(store, "registry.ollama.ai", "library", "good", "latest",
                 {{"application/vnd.ollama.image.model",
                   TinyGguf({{"general.architecture", "llama"}, {"general.license", "mit"}})},
                  {"application/vnd.ollama.image.license", "Our own test terms.\n"}});
  const fs::path evil = store / "manifests" / "registry.ollama.ai" / "library" / "evil";
  fs::create_directories(evil);
  std::ofstream(evil / "latest")
      << R"({"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.license",)"
         R"("digest":"sha256:../../../../../etc/passwd","size":10}]})";
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan --ollama=" + Q(store) + " --format json", &out, &err), 2) << err;
  const auto lines = JsonLines(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_EQ(lines[0]["schema"], "openness/error/v1");
  EXPECT_EQ(lines[0]["target"], "evil:latest");
  EXPECT_EQ(lines[0]["code"], "corruption");
  EXPECT_EQ(lines[1]["subject"]["id"], "good:latest");
  EXPECT_EQ(lines[1]["license"]["effective"][0]["key"], "mit");
  EXPECT_EQ(out.find("root:"), std::string::npos);  // nothing of /etc/passwd
  EXPECT_NE(err.find("evil"), std::string::npos);

  // A folder that is not a store is one unreadable item.
  EXPECT_EQ(
      RunOpenness("scan --ollama=" + Q(tmp.path() / "nothing") + " --format json", &out, &err), 2);
  ASSERT_EQ(JsonLines(out).size(), 1u);
  EXPECT_EQ(JsonLines(out)[0]["schema"], "openness/error/v1");
}

TEST(InventoryCliTest, ListsReferencesAndAuditsLocalOnes) {
  TempDir tmp;
  tmp.Write("app.py",
            "from transformers import AutoModel\n"
            "m = AutoModel.from_pretrained('./model')\n"
            "h = AutoModel.from_pretrained('org/not-on-this-machine')\n");
  tmp.Write("model/README.md", "---\nlicense: apache-2.0\n---\n# Mine\n");
  tmp.Write("model/config.json", "{}");
  tmp.Write("model/model.safetensors", std::string("\x02\0\0\0\0\0\0\0{}", 10));
  tmp.Write("Modelfile", "FROM llama3.2:1b\n");

  std::string out, err;
  EXPECT_EQ(RunOpenness("inventory " + Q(tmp.path()), &out, &err), 0) << err;
  EXPECT_NE(out.find("3 models"), std::string::npos) << out;
  EXPECT_NE(out.find("app.py:2:32  from_pretrained"), std::string::npos) << out;
  EXPECT_NE(out.find("org/not-on-this-machine  (hub)"), std::string::npos) << out;
  EXPECT_NE(out.find("Modelfile:1:6  Modelfile FROM"), std::string::npos) << out;

  ASSERT_EQ(RunOpenness("inventory " + Q(tmp.path()) + " --format json", &out, &err), 0);
  const nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["schema"], "openness/inventory/v1");
  ASSERT_EQ(j["references"].size(), 4u) << out;
  EXPECT_EQ(j["references"][1]["file"], "app.py");
  EXPECT_EQ(j["references"][1]["line"], 2);
  EXPECT_EQ(j["references"][1]["column"], 32);
  EXPECT_EQ(j["references"][1]["kind"], "local");
  EXPECT_EQ(j["references"][1]["resolved"], "model");
  EXPECT_TRUE(j["targets"][0]["audit"].is_null());

  // --audit: the local folder is audited; the Hub id (offline, not cached) and the Ollama name
  // (no store) are per-item errors, and the exit status says so.
  ScopedEnv cache("OPENNESS_CACHE_DIR", (tmp.path() / "cache").string());
  EXPECT_EQ(RunOpenness("inventory " + Q(tmp.path()) + " --format json --audit --offline " +
                            "--ollama-dir " + Q(tmp.path() / "no-store"),
                        &out, &err),
            2)
      << err;
  const nlohmann::json a = nlohmann::json::parse(out);
  int audited = 0, errors = 0;
  for (const auto& t : a["targets"]) {
    if (t["audit"]["status"] == "audited") {
      ++audited;
      EXPECT_EQ(t["id"], "model");
      EXPECT_EQ(t["audit"]["report"]["license"]["effective"][0]["key"], "apache-2.0");
    } else {
      ++errors;
      EXPECT_FALSE(t["audit"]["error"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(audited, 1);
  EXPECT_EQ(errors, 2);
  EXPECT_NE(err.find("3 targets, 1 audited"), std::string::npos) << err;
}

TEST(InventoryCliTest, UsageErrors) {
  std::string out, err;
  EXPECT_EQ(RunOpenness("inventory", &out, &err), 64);
  EXPECT_EQ(RunOpenness("inventory /nonexistent/code", &out, &err), 2);
}

}  // namespace
}  // namespace openness
