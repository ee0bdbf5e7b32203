// InventoryComponents rule by rule: cards in, components out.
#include "openness/components.h"

#include <gtest/gtest.h>

#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Report Scan(std::string_view card) {
  TempDir dir;
  dir.Write("README.md", card);
  ScanOptions options;
  options.assume_weights_published = true;
  ScanResult result;
  Status s = ScanPath(dir.path().string(), options, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return result.report;
}

ComponentStatus StatusOf(const Report& r, const char* id) { return r.components.at(id).status; }

constexpr std::string_view kFront = "---\nlicense: apache-2.0\n---\n# M\n\n";

TEST(ComponentsTest, LicenseOpenForContentType) {
  const LicenseTable& t = LicenseTable::Builtin();
  EXPECT_EQ(LicenseOpenFor(t, "apache-2.0", "code"), true);
  EXPECT_EQ(LicenseOpenFor(t, "cc-by-4.0", "code"), false);  // not an OSI license
  EXPECT_EQ(LicenseOpenFor(t, "cc-by-4.0", "data"), true);
  EXPECT_EQ(LicenseOpenFor(t, "cc-by-4.0", "document"), true);
  EXPECT_EQ(LicenseOpenFor(t, "llama3", "data"), false);
  EXPECT_EQ(LicenseOpenFor(t, "unknown", "data"), std::nullopt);
  EXPECT_EQ(LicenseOpenFor(t, "no-such-key", "code"), std::nullopt);
}

TEST(ComponentsTest, CardAloneGivesCardAndMetadata) {
  const Report r = Scan(kFront);
  EXPECT_EQ(StatusOf(r, "model-card"), ComponentStatus::kPresent);
  EXPECT_EQ(r.components.at("model-card").license, "apache-2.0");
  EXPECT_EQ(r.components.at("model-card").open, true);
  EXPECT_EQ(StatusOf(r, "model-metadata"), ComponentStatus::kPresent);
  EXPECT_EQ(StatusOf(r, "training-code"), ComponentStatus::kAbsent);
  EXPECT_EQ(StatusOf(r, "model-parameters-final"), ComponentStatus::kPresent);  // vouched for
  // Absent components say why.
  ASSERT_FALSE(r.components.at("training-code").evidence.empty());
  EXPECT_EQ(r.components.at("training-code").evidence[0].file, "README.md");
}

TEST(ComponentsTest, PlaceholderSectionsDoNotCount) {
  const Report r = Scan(std::string(kFront) +
                        "## Training Data\n\n[More Information Needed]\n\n## Evaluation\n\n"
                        "[More Information Needed]\n");
  EXPECT_EQ(StatusOf(r, "data-card"), ComponentStatus::kAbsent);
  EXPECT_EQ(StatusOf(r, "evaluation-results"), ComponentStatus::kAbsent);
}

TEST(ComponentsTest, FilledSectionsCount) {
  const Report r = Scan(std::string(kFront) +
                        "## Training Data\n\nWeb pages we collected and filtered.\n\n"
                        "## Evaluation\n\n| task | score |\n|---|---|\n| x | 1 |\n\n"
                        "## Example Output\n\nHello there.\n");
  EXPECT_EQ(StatusOf(r, "data-card"), ComponentStatus::kPresent);
  EXPECT_EQ(StatusOf(r, "datasets"), ComponentStatus::kAbsent);  // prose names no dataset
  EXPECT_EQ(StatusOf(r, "evaluation-results"), ComponentStatus::kPresent);
  EXPECT_EQ(StatusOf(r, "sample-model-outputs"), ComponentStatus::kPresent);
}

TEST(ComponentsTest, DatasetLinksOnlyWhereTheCardTalksAboutTraining) {
  const Report trained = Scan(std::string(kFront) +
                              "We trained on [FineWeb](https://huggingface.co/datasets/"
                              "HuggingFaceFW/fineweb).\n");
  EXPECT_EQ(StatusOf(trained, "datasets"), ComponentStatus::kPresent);
  EXPECT_EQ(trained.components.at("datasets").license, "odc-by");
  EXPECT_EQ(StatusOf(trained, "data-preprocessing-code"), ComponentStatus::kPresent);  // datatrove
  const Report evaluated = Scan(std::string(kFront) +
                                "## Evaluation\n\nWe evaluated on [a set](https://huggingface.co/"
                                "datasets/someone/bench).\n");
  EXPECT_EQ(StatusOf(evaluated, "datasets"), ComponentStatus::kAbsent);
  EXPECT_EQ(StatusOf(evaluated, "evaluation-data"), ComponentStatus::kPresent);
}

TEST(ComponentsTest, SuggestionsAndLibrariesAreNotTrainingCode) {
  const Report r = Scan(std::string(kFront) +
                        "You can fine-tune it with frameworks such as "
                        "[LLaMA-Factory](https://github.com/hiyouga/LLaMA-Factory).\n\n"
                        "## Software\n\n* [DeepSpeed](https://github.com/microsoft/DeepSpeed)\n");
  EXPECT_EQ(StatusOf(r, "training-code"), ComponentStatus::kAbsent);
  EXPECT_EQ(StatusOf(r, "supporting-libraries"), ComponentStatus::kPresent);
}

TEST(ComponentsTest, PapersReportsAndHarnesses) {
  const Report r = Scan(std::string(kFront) +
                        "See the [Technical Report](https://example.com/report) and the "
                        "[paper](https://arxiv.org/abs/2401.00001).\n\n## Evaluation\n\n"
                        "Scores from the [LM Evaluation Harness](https://github.com/EleutherAI/"
                        "lm-evaluation-harness).\n");
  EXPECT_EQ(StatusOf(r, "technical-report"), ComponentStatus::kPresent);
  EXPECT_EQ(StatusOf(r, "research-paper"), ComponentStatus::kPresent);
  EXPECT_FALSE(r.components.at("research-paper").license.has_value());
  EXPECT_EQ(StatusOf(r, "evaluation-code"), ComponentStatus::kPresent);
  EXPECT_EQ(r.components.at("evaluation-code").license, "mit");
}

TEST(ComponentsTest, IntermediateCheckpointsFromTheCard) {
  const Report r =
      Scan(std::string(kFront) + "```python\nmodel = load(\"m\", revision=\"step1000\")\n```\n");
  EXPECT_EQ(StatusOf(r, "model-parameters-intermediate"), ComponentStatus::kPresent);
  EXPECT_EQ(r.components.at("model-parameters-intermediate").license, "apache-2.0");
}

}  // namespace
}  // namespace openness
