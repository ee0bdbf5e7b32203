// The Model Openness Tool's own test data and model files, rated by our port (mof.h). Skips
// without ../shared. Expected values: Test_Data/expected_results.json (27 cases, exact), the
// Test_Data/*.yml file names (27, rounded, with the MOT test script's zeroing rule), and the class
// distribution of the 273 model files (facts/frameworks.md §1.6).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "openness/mof.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::vector<fs::path> YamlFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

MofEvaluation RateFile(const fs::path& p, MofModel* model = nullptr) {
  MofModel m;
  Status s = ParseMofYaml(testing::ReadFileOrDie(p), DefaultLimits(), &m);
  EXPECT_TRUE(s.ok()) << p << ": " << s.ToString();
  if (model != nullptr) *model = m;
  return EvaluateMof(m);
}

// "…_C1_40%-C2_60%-C3_100%_…" -> {40, 60, 100}.
bool ExpectedFromName(const std::string& name, int out[3]) {
  const size_t c1 = name.find("_C1_");
  if (c1 == std::string::npos) return false;
  return std::sscanf(name.c_str() + c1, "_C1_%d%%-C2_%d%%-C3_%d%%", &out[0], &out[1], &out[2]) == 3;
}

TEST(MofCorpusTest, TestDataFileNames) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path dir = shared / "corpus" / "frameworks" / "mot" / "Test_Data";
  int checked = 0;
  for (const fs::path& p : YamlFiles(dir)) {
    int expected[3];
    ASSERT_TRUE(ExpectedFromName(p.filename().string(), expected)) << p;
    const MofEvaluation e = RateFile(p);
    // scripts/test-model-files.php: a lower class that is incomplete zeroes the higher ones.
    if (e.progress[3] < 100) {
      expected[1] = expected[0] = 0;
    } else if (e.progress[2] < 100) {
      expected[0] = 0;
    }
    EXPECT_EQ(std::round(e.progress[1]), expected[0]) << p.filename();
    EXPECT_EQ(std::round(e.progress[2]), expected[1]) << p.filename();
    EXPECT_EQ(std::round(e.progress[3]), expected[2]) << p.filename();
    ++checked;
  }
  EXPECT_EQ(checked, 27);
}

MofModel ModelFromJson(const Json& release) {
  MofModel m;
  m.name = release.value("name", "");
  auto global = [&](const char* key) -> std::optional<MofLicenseRef> {
    if (!release.contains("license") || !release["license"].contains(key)) return std::nullopt;
    const Json& g = release["license"][key];
    MofLicenseRef ref;
    if (g.contains("name") && g["name"].is_string()) ref.name = g["name"];
    return ref;
  };
  m.distribution = global("distribution");
  m.code = global("code");
  m.data = global("data");
  m.document = global("document");
  for (const Json& c : release.value("components", Json::array())) {
    MofComponentEntry e;
    e.name = c.value("name", "");
    if (c.contains("license") && c["license"].is_string()) {
      e.license = c["license"].get<std::string>();
      if (*e.license == "unlicensed") e.license = "";
    }
    m.components.push_back(std::move(e));
  }
  return m;
}

TEST(MofCorpusTest, ExpectedResults) {
  SKIP_WITHOUT_SHARED(shared);
  std::string text = testing::ReadFileOrDie(shared / "corpus" / "frameworks" / "mot" / "Test_Data" /
                                            "expected_results.json");
  // Not strict JSON: a trailing comma before each closing brace of "framework".
  std::string strict;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',') {
      size_t j = i + 1;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) continue;
    }
    strict.push_back(text[i]);
  }
  const Json j = Json::parse(strict);
  int checked = 0;
  for (const Json& model : j["models"]) {
    const MofEvaluation e = EvaluateMof(ModelFromJson(model["release"]));
    const Json& want = model["classification"];
    const std::string name = model["release"]["name"];
    EXPECT_EQ(e.mof_class, want["class"].get<int>()) << name;
    EXPECT_EQ(e.label, want["label"].get<std::string>()) << name;
    for (int cls = 1; cls <= 3; ++cls) {
      EXPECT_NEAR(e.progress[cls], want["progress"][std::to_string(cls)].get<double>(), 1e-9)
          << name << " class " << cls;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 27);
}

TEST(MofCorpusTest, ModelFilesClassDistribution) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path dir = shared / "corpus" / "frameworks" / "mot" / "models";
  std::map<int, std::set<std::string>> by_class;
  int files = 0, slots = 0;
  for (const fs::path& p : YamlFiles(dir)) {
    MofModel m;
    const MofEvaluation e = RateFile(p, &m);
    by_class[e.mof_class].insert(p.stem().string());
    slots += static_cast<int>(e.components.size());
    ++files;
    // Progress is hierarchical: a class above an incomplete one is 0.
    if (e.progress[3] < 100) {
      EXPECT_EQ(e.progress[2], 0.0) << p.filename();
    }
    if (e.progress[2] < 100) {
      EXPECT_EQ(e.progress[1], 0.0) << p.filename();
    }
  }
  EXPECT_EQ(files, 273);
  EXPECT_EQ(slots, 273 * 17);
  const std::set<std::string> class_one = {"Amber",       "Aquila-VL-2B", "OLMo-1B-hf",
                                           "OLMo-7B",     "OLMo-7B-hf",   "OLMo-7B-Twin-2T-hf",
                                           "Pythia-70M",  "Pythia-160M",  "Pythia-410M",
                                           "Pythia-1B",   "Pythia-1.4B",  "Pythia-2.8B",
                                           "Pythia-6.9B", "Pythia-12B"};
  EXPECT_EQ(by_class[1], class_one);
  EXPECT_EQ(by_class[2], std::set<std::string>{"Polyglot-Ko"});
  EXPECT_EQ(by_class[3].size(), 16u);
  EXPECT_TRUE(by_class[3].count("GPT-NeoX-20B"));
  for (const std::string& name : by_class[3]) {
    EXPECT_TRUE(name == "GPT-NeoX-20B" || name.starts_with("Granite")) << name;
  }
  EXPECT_EQ(by_class[0].size(), 242u);
}

TEST(MofCorpusTest, SampleModelParses) {
  SKIP_WITHOUT_SHARED(shared);
  MofModel m;
  const MofEvaluation e =
      RateFile(shared / "corpus" / "frameworks" / "mot" / "schema" / "sample_model.yml", &m);
  EXPECT_EQ(m.name, "My-model");
  EXPECT_EQ(m.components.size(), 17u);
  // The sample's architecture is explicitly unlicensed: no class.
  EXPECT_EQ(e.mof_class, 0);
}

}  // namespace
}  // namespace openness
