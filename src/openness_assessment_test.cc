// AssessOpenness rule by rule, through whole scans of small generated releases.
#include <gtest/gtest.h>

#include "openness/mof.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Report Scan(const TempDir& dir, bool assume_weights = true) {
  ScanOptions options;
  options.assume_weights_published = assume_weights;
  ScanResult result;
  Status s = ScanPath(dir.path().string(), options, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return result.report;
}

const Reason* ReasonOf(const Report& r, std::string_view code) {
  for (const Reason& reason : r.openness.osaid_reasons) {
    if (reason.code == code) return &reason;
  }
  return nullptr;
}

std::string StatusOf(const Report& r, std::string_view code) {
  const Reason* reason = ReasonOf(r, code);
  return reason != nullptr && reason->status ? *reason->status : "(none)";
}

bool HasFinding(const Report& r, std::string_view code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return true;
  }
  return false;
}

// A card that publishes everything OSAID asks for, through well-known repositories and datasets.
constexpr std::string_view kOpenCard =
    "---\nlicense: apache-2.0\ndatasets:\n- EleutherAI/pile\n---\n# Open\n\n"
    "- Library: [GPT-NeoX](https://github.com/EleutherAI/gpt-neox)\n\n"
    "```python\nfrom transformers import AutoModelForCausalLM\n```\n\n"
    "## Training data\n\nThe model was trained on the Pile, a public dataset.\n";

TEST(OpennessAssessmentTest, EverythingPublishedPassesOsaid) {
  TempDir dir;
  dir.Write("README.md", kOpenCard);
  const Report r = Scan(dir);
  EXPECT_EQ(StatusOf(r, "parameters"), "pass");
  EXPECT_EQ(StatusOf(r, "code"), "pass");
  EXPECT_EQ(StatusOf(r, "data-information"), "pass");
  for (const char* freedom : {"freedom-use", "freedom-study", "freedom-modify", "freedom-share"}) {
    EXPECT_EQ(StatusOf(r, freedom), "pass") << freedom;
  }
  EXPECT_EQ(r.openness.osaid_status, "pass");
  EXPECT_EQ(r.openness.level, "open-source");
  // Components and where their licenses came from.
  const Component& code = r.components.at("training-code");
  EXPECT_EQ(code.status, ComponentStatus::kPresent);
  EXPECT_EQ(code.license, "apache-2.0");
  EXPECT_EQ(code.open, true);
  bool from_data_file = false;
  for (const Evidence& e : code.evidence) {
    from_data_file =
        from_data_file ||
        e.key == std::optional<std::string>("known-repositories:github.com/EleutherAI/gpt-neox");
  }
  EXPECT_TRUE(from_data_file);
  EXPECT_EQ(r.components.at("datasets").license, "other");  // the Pile: mixed source terms
  EXPECT_EQ(r.components.at("data-preprocessing-code").license, "mit");  // from the dataset entry
  EXPECT_EQ(r.components.at("inference-code").license, "apache-2.0");    // transformers
  EXPECT_EQ(r.components.at("data-card").status, ComponentStatus::kPresent);
}

TEST(OpennessAssessmentTest, OpenWeightsWithoutCodeOrDataFail) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: apache-2.0\n---\n# Weights only\n\nA 7B model. Read our paper "
            "[here](https://arxiv.org/abs/2310.06825).\n");
  const Report r = Scan(dir);
  EXPECT_EQ(StatusOf(r, "parameters"), "pass");
  EXPECT_EQ(StatusOf(r, "code"), "fail");
  EXPECT_EQ(StatusOf(r, "data-information"), "fail");
  EXPECT_EQ(r.openness.osaid_status, "fail");
  EXPECT_EQ(r.openness.level, "open-weights");
  EXPECT_NE(r.openness.justification.find("training code"), std::string::npos);
  EXPECT_NE(r.openness.justification.find("training data information"), std::string::npos);
  EXPECT_EQ(r.components.at("training-code").status, ComponentStatus::kAbsent);
  EXPECT_EQ(r.components.at("research-paper").status, ComponentStatus::kPresent);
}

TEST(OpennessAssessmentTest, RestrictedWeightsFailEvenWithEverythingElse) {
  TempDir dir;
  std::string card(kOpenCard);
  card.replace(card.find("apache-2.0"), 10, "llama3");
  dir.Write("README.md", card);
  const Report r = Scan(dir);
  EXPECT_EQ(StatusOf(r, "parameters"), "fail");
  EXPECT_EQ(StatusOf(r, "code"), "pass");
  EXPECT_EQ(StatusOf(r, "freedom-use"), "fail");
  EXPECT_EQ(r.openness.osaid_status, "fail");
  EXPECT_EQ(r.openness.level, "open-weights-restricted");
  EXPECT_NE(r.openness.justification.find("use restrictions"), std::string::npos);
}

TEST(OpennessAssessmentTest, NonCommercialWeights) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: cc-by-nc-4.0\n---\n# NC\n");
  const Report r = Scan(dir);
  EXPECT_EQ(r.openness.level, "open-weights-restricted");
  EXPECT_NE(r.openness.justification.find("forbids commercial use"), std::string::npos);
}

TEST(OpennessAssessmentTest, NoWeightsFilesMeansUndetermined) {
  TempDir dir;
  dir.Write("README.md", std::string(kOpenCard));
  const Report r = Scan(dir, /*assume_weights=*/false);
  EXPECT_EQ(r.openness.level, "undetermined");
  EXPECT_EQ(StatusOf(r, "parameters"), "undetermined");
  EXPECT_EQ(r.openness.osaid_status, "undetermined");
}

TEST(OpennessAssessmentTest, WithoutACardComponentsStayUnknown) {
  TempDir dir;
  dir.Write("LICENSE", "MIT License\n\nCopyright (c) someone\n");
  const Report r = Scan(dir);
  EXPECT_EQ(r.components.at("training-code").status, ComponentStatus::kUnknown);
  EXPECT_EQ(StatusOf(r, "code"), "undetermined");
  EXPECT_EQ(r.openness.osaid_status, "undetermined");
  EXPECT_EQ(r.openness.level, "open-weights");
}

TEST(OpennessAssessmentTest, TrainingCodeUnderAnUnknownLicenseIsUndetermined) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: mit\ndatasets:\n- someone/public-data\n---\n# M\n\n"
            "Training code: [our training repo](https://github.com/someone/train-m)\n");
  const Report r = Scan(dir);
  EXPECT_EQ(r.components.at("training-code").status, ComponentStatus::kPresent);
  EXPECT_FALSE(r.components.at("training-code").license.has_value());
  EXPECT_EQ(StatusOf(r, "code"), "undetermined");
  EXPECT_EQ(StatusOf(r, "data-information"), "pass");
  EXPECT_EQ(r.openness.level, "open-weights");
}

TEST(OpennessAssessmentTest, ReleaseFilesCountAsComponents) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: apache-2.0\n---\n# Files\n");
  dir.Write("config.json", "{}");
  dir.Write("train.py", "print('train')\n");
  dir.Write("step1000/model.safetensors", "x");
  const Report r = Scan(dir);
  EXPECT_EQ(r.components.at("model-architecture").status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components.at("training-code").status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components.at("training-code").license, "apache-2.0");  // the release's license
  EXPECT_EQ(r.components.at("model-parameters-intermediate").status, ComponentStatus::kPresent);
}

TEST(OpennessAssessmentTest, DerivativeOfABaseThatFailsFails) {
  TempDir dir;
  dir.Write(
      "README.md",
      "---\nlicense: mit\nbase_model: microsoft/phi-2\ndatasets:\n- someone/chats\n---\n"
      "# Tune\n\nFine-tuning code: [training repo](https://github.com/axolotl-ai-cloud/axolotl)\n");
  const Report r = Scan(dir);
  EXPECT_EQ(StatusOf(r, "code"), "fail");
  EXPECT_NE(ReasonOf(r, "code")->text.find("microsoft/phi-2"), std::string::npos);
  EXPECT_EQ(r.openness.level, "open-weights");
}

TEST(OpennessAssessmentTest, OpenWashingCitesTheSentence) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: apache-2.0\n---\n# Claimer\n\nClaimer is an open-source model for "
            "everyone.\n");
  const Report r = Scan(dir);
  ASSERT_TRUE(HasFinding(r, "open-washing"));
  for (const Finding& f : r.findings) {
    if (f.code != "open-washing") continue;
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence[0].file, "README.md");
    EXPECT_EQ(f.evidence[0].line, 6);
    EXPECT_NE(f.message.find("training code"), std::string::npos);
  }
}

TEST(OpennessAssessmentTest, NoOpenWashingWhenOpenSourceOrOnlyComparing) {
  TempDir open;
  open.Write("README.md", std::string(kOpenCard) + "\nThis fully open model is for science.\n");
  EXPECT_FALSE(HasFinding(Scan(open), "open-washing"));
  TempDir comparing;
  comparing.Write("README.md",
                  "---\nlicense: apache-2.0\n---\n# C\n\nIt outperforms open-source models.\n");
  EXPECT_FALSE(HasFinding(Scan(comparing), "open-washing"));
}

TEST(OpennessAssessmentTest, MofClassIsFilled) {
  TempDir dir;
  dir.Write("README.md", kOpenCard);
  const Report r = Scan(dir);
  ASSERT_TRUE(r.openness.mof_class.has_value());
  ASSERT_TRUE(r.openness.mof_progress.has_value());
  // The card under Apache-2.0, architecture and weights: Class III lacks an openly licensed
  // technical report or paper and evaluation results, so no class.
  EXPECT_EQ(*r.openness.mof_class, "none");
  EXPECT_GT(r.openness.mof_progress->at("III"), 0.0);
  EXPECT_LT(r.openness.mof_progress->at("III"), 100.0);
  // The same evidence written as a model file and read back gives the same class.
  MofModel back;
  ASSERT_OK(ParseMofYaml(WriteMofYaml(MofModelFromReport(r, LicenseTable::Builtin())),
                         DefaultLimits(), &back));
  EXPECT_EQ(MofClassName(EvaluateMof(back).mof_class), *r.openness.mof_class);
}

}  // namespace
}  // namespace openness
