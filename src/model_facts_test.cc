// DescribeModel (report.model): architecture, task, datasets with licenses, evaluation results,
// links and card passages, each with evidence.
#include <gtest/gtest.h>

#include "bom_fixtures.h"  // and test_util.h (whose second half has no include guard)
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Report Scan(const std::string& path) {
  ScanResult result;
  Status s = ScanPath(path, {}, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return result.report;
}

const DatasetRef* FindDataset(const ModelFacts& m, const std::string& id, const std::string& use) {
  for (const DatasetRef& d : m.datasets) {
    if (d.id == id && d.use == use) return &d;
  }
  return nullptr;
}

TEST(ModelFactsTest, RichCard) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  const ModelFacts m = Scan(dir.path().string()).model;
  EXPECT_EQ(m.architecture, "BertForSequenceClassification");
  EXPECT_EQ(m.family, "bert");
  EXPECT_EQ(m.task, "text-classification");
  EXPECT_EQ(m.library, "transformers");
  EXPECT_EQ(m.languages, (std::vector<std::string>{"en", "fr"}));
  ASSERT_GE(m.hyperparameters.size(), 3u);
  EXPECT_EQ(m.hyperparameters[0], (std::pair<std::string, std::string>{"hidden_size", "768"}));

  const DatasetRef* c4 = FindDataset(m, "allenai/c4", "training");
  ASSERT_NE(c4, nullptr);
  EXPECT_EQ(c4->license, "odc-by");
  ASSERT_TRUE(c4->license_evidence.has_value());
  EXPECT_EQ(c4->license_evidence->key, "known-datasets:allenai/c4");
  ASSERT_EQ(c4->evidence.size(), 1u);
  EXPECT_EQ(c4->evidence[0].file, "README.md");
  EXPECT_EQ(c4->evidence[0].line, 12);
  const DatasetRef* own = FindDataset(m, "acme/support-tickets", "training");
  ASSERT_NE(own, nullptr);
  EXPECT_FALSE(own->license.has_value());
  EXPECT_NE(FindDataset(m, "nyu-mll/glue", "evaluation"), nullptr);

  ASSERT_EQ(m.eval_results.size(), 2u);
  EXPECT_EQ(m.eval_results[1].metric, "f1");
  EXPECT_EQ(m.eval_results[1].value, "0.91");
  EXPECT_EQ(m.eval_results[1].dataset_name, "GLUE MRPC");
  EXPECT_EQ(m.eval_results[1].evidence.key, "model-index");

  std::vector<std::string> links;
  for (const ModelLink& l : m.links) links.push_back(l.kind + " " + l.url);
  EXPECT_EQ(links, (std::vector<std::string>{"code-repository https://github.com/acme/classifier",
                                             "paper https://arxiv.org/abs/2401.00002",
                                             "license https://example.com/acme/LICENSE"}));

  ASSERT_TRUE(m.limitations.has_value());
  EXPECT_EQ(m.limitations->text,
            "It was trained on English and French text only and misreads other languages.");
  EXPECT_EQ(m.limitations->evidence.file, "README.md");
  ASSERT_TRUE(m.intended_use.has_value());
  ASSERT_TRUE(m.training.has_value());
  EXPECT_NE(m.training->text.find("three epochs"), std::string::npos);
}

TEST(ModelFactsTest, PlaceholderSectionsAreNotPassages) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: mit\n---\n# M\n\n## Bias, Risks, and Limitations\n\n"
            "[More Information Needed]\n\n## Training Details\n\n<!-- fill me -->\n\n"
            "## Uses\n\nAnything.\n");
  const ModelFacts m = Scan(dir.path().string()).model;
  EXPECT_FALSE(m.limitations.has_value());
  EXPECT_FALSE(m.training.has_value());
  ASSERT_TRUE(m.intended_use.has_value());
  EXPECT_EQ(m.intended_use->text, "Anything.");
}

TEST(ModelFactsTest, GgufMetadata) {
  TempDir dir;
  const ModelFacts m = Scan(testing::WriteGgufRelease(dir)).model;
  EXPECT_EQ(m.family, "llama");
  EXPECT_FALSE(m.architecture.has_value());
  const DatasetRef* dolma = FindDataset(m, "allenai/dolma", "training");
  ASSERT_NE(dolma, nullptr);
  EXPECT_EQ(dolma->evidence[0].key, "general.dataset.0.repo_url");
  EXPECT_EQ(dolma->license, "odc-by");
}

TEST(ModelFactsTest, BrokenConfigIsAProblemNotAFailure) {
  TempDir dir;
  dir.Write("config.json", "{\"architectures\": [");
  ScanResult result;
  ASSERT_OK(ScanPath(dir.path().string(), {}, &result));
  bool reported = false;
  for (const Problem& p : result.problems) reported = reported || p.file == "config.json";
  EXPECT_TRUE(reported);
  EXPECT_FALSE(result.report.model.architecture.has_value());
}

TEST(ModelFactsTest, WrittenInTheJsonReport) {
  const Report r = Scan((testing::SourceDir() / "examples" / "tiny-release").string());
  const nlohmann::ordered_json j = ReportToJson(r);
  ASSERT_TRUE(j.contains("model"));
  EXPECT_EQ(j["model"]["architecture"], "TinyForCausalLM");
  EXPECT_EQ(j["model"]["datasets"][0]["id"], "openness-examples/toy-stories");
  EXPECT_EQ(j["model"]["datasets"][0]["evidence"][0]["line"], 10);
}

}  // namespace
}  // namespace openness
