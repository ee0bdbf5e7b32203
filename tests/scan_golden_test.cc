// Golden tests: whole scans of the bundled example and of generated releases, compared with
// tests/golden/<name>.json structurally (object key order is ignored). Run the tests with
// OPENNESS_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review
// the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "openness/report_writer.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::ContractViolations;
using ::openness::testing::TempDir;
using Json = nlohmann::json;

std::string U64(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string GgufString(std::string_view s) { return U64(s.size()) + std::string(s); }

// A GGUF v3 file with string metadata and no tensors.
std::string TinyGguf(const std::vector<std::pair<std::string, std::string>>& kvs) {
  std::string b = "GGUF" + U32(3) + U64(0) + U64(kvs.size());
  for (const auto& [k, v] : kvs) b += GgufString(k) + U32(8) + GgufString(v);
  return b;
}

std::string Safetensors(std::string_view header_json, size_t data_bytes) {
  return U64(header_json.size()) + std::string(header_json) + std::string(data_bytes, '\0');
}

Json ScanToJson(const std::string& path) {
  ScanResult result;
  Status s = ScanPath(path, ScanOptions{}, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  Json j = Json::parse(ReportToJson(result.report).dump());
  // Volatile: where the test tree lives and which version built it.
  j["subject"]["path"] = nullptr;
  j["tool"]["version"] = "test";
  return j;
}

void ExpectGolden(const Json& actual, const std::string& name) {
  EXPECT_EQ(ContractViolations(actual), std::vector<std::string>{});
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

TEST(ScanGoldenTest, BundledExample) {
  Json j = ScanToJson((testing::SourceDir() / "examples" / "tiny-release").string());
  // Independent of the golden file: the facts the example is built to show.
  EXPECT_EQ(j["weights"]["parameters"], 16);
  EXPECT_EQ(j["license"]["effective"][0]["key"], "mit");
  EXPECT_EQ(j["rights"]["commercial"]["status"], "allowed");
  EXPECT_EQ(j["openness"]["level"], "open-weights");
  EXPECT_EQ(j["lineage"][0]["id"], "openness-examples/tiny-base");
  ExpectGolden(j, "tiny-release");
}

TEST(ScanGoldenTest, RestrictedFinetuneWithLfsPointers) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
            "base_model_relation: finetune\nextra_gated_prompt: You agree to the license.\n---\n"
            "# A fine-tune\n\nWe release this fully open model.\n");
  dir.Write("LICENSE", "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date\n");
  dir.Write("USE_POLICY.md", "# Acceptable use\n");
  const std::string oid(64, 'e');
  for (const char* shard : {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"}) {
    dir.Write(shard, "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid +
                         "\nsize 4976698672\n");
  }
  dir.Write("model.safetensors.index.json",
            R"({"metadata": {"total_size": 16060522496, "total_parameters": 8030261248},
                "weight_map": {"a": "model-00001-of-00002.safetensors",
                               "b": "model-00002-of-00002.safetensors"}})");
  Json j = ScanToJson(dir.path().string());
  EXPECT_EQ(j["weights"]["parameters"], 8030261248);
  EXPECT_EQ(j["weights"]["published"], true);
  EXPECT_EQ(j["rights"]["commercial"]["status"], "conditional");
  EXPECT_EQ(j["openness"]["level"], "open-weights-restricted");
  EXPECT_EQ(j["openness"]["osaid"]["status"], "fail");
  j["subject"]["id"] = "restricted-finetune";
  ExpectGolden(j, "restricted-finetune");
}

TEST(ScanGoldenTest, SingleGgufFile) {
  TempDir dir;
  auto file = dir.Write("tiny.Q8_0.gguf",
                        TinyGguf({{"general.architecture", "llama"},
                                  {"general.name", "Tiny"},
                                  {"general.license", "cc-by-nc-4.0"},
                                  {"general.base_model.0.repo_url",
                                   "https://huggingface.co/org/tiny-base"}}));
  Json j = ScanToJson(file.string());
  EXPECT_EQ(j["subject"]["source"], "file");
  EXPECT_EQ(j["license"]["declared"][0]["evidence"]["key"], "general.license");
  EXPECT_EQ(j["rights"]["commercial"]["status"], "prohibited");
  ExpectGolden(j, "single-gguf");
}

TEST(ScanGoldenTest, BrokenFilesAreReportedAndTheScanGoesOn) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: [apache-2.0\n---\n# Card\n");
  dir.Write("LICENSE", "MIT License\n\nCopyright (c) someone\n");
  dir.Write("model.safetensors", Safetensors(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", 4));
  dir.Write("model.gguf", "GGUX" + U32(3));
  Json j = ScanToJson(dir.path().string());
  j["subject"]["id"] = "broken";
  int unreadable = 0;
  for (const Json& f : j["findings"]) unreadable += f["code"] == "unreadable-file";
  EXPECT_EQ(unreadable, 3);  // card YAML, safetensors size, GGUF magic
  EXPECT_EQ(j["license"]["effective"][0]["key"], "mit");  // the license file still decides
  ExpectGolden(j, "broken");
}

}  // namespace
}  // namespace openness
