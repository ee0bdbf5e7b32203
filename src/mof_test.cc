#include "openness/mof.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

MofEvaluation Rate(std::string_view yaml) {
  MofModel m;
  Status s = ParseMofYaml(yaml, DefaultLimits(), &m);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return EvaluateMof(m);
}

MofStatus StatusOf(const MofEvaluation& e, std::string_view report_id) {
  for (const MofComponentResult& c : e.components) {
    if (c.info->report_id == report_id) return c.status;
  }
  ADD_FAILURE() << "no component " << report_id;
  return MofStatus::kMissing;
}

// The six Class III components, each line a component entry.
constexpr std::string_view kClassThree =
    "    - name: Model architecture\n"
    "    - name: Model parameters (Final)\n"
    "    - name: Model card\n"
    "    - name: Data card\n"
    "    - name: Technical report\n"
    "    - name: Evaluation results\n";

std::string Release(std::string_view license_block, std::string_view components) {
  return "framework:\n  name: Model Openness Framework\nrelease:\n  name: t\n" +
         std::string(license_block) + "  components:\n" + std::string(components);
}

TEST(MofTest, ComponentTableMatchesTheFramework) {
  int required = 0, by_class[4] = {0, 0, 0, 0};
  for (const MofComponentInfo& c : MofComponents()) {
    if (!c.required) continue;
    ++required;
    ++by_class[c.mof_class];
  }
  EXPECT_EQ(required, 14);
  EXPECT_EQ(by_class[3], 6);
  EXPECT_EQ(by_class[2], 4);
  EXPECT_EQ(by_class[1], 4);
  EXPECT_EQ(MofComponents()[0].name, "Datasets");
  ASSERT_NE(MofComponentByName("Model parameters (Final)"), nullptr);
  EXPECT_EQ(MofComponentByName("Model parameters (Final)")->report_id, "model-parameters-final");
  for (std::string_view id : kMofComponents) EXPECT_NE(MofComponentByReportId(id), nullptr) << id;
}

TEST(MofTest, OpenLicensesAreExactSpdxIds) {
  EXPECT_TRUE(MofLicenseIsOpen("Apache-2.0"));
  EXPECT_TRUE(MofLicenseIsOpen("MIT"));
  EXPECT_TRUE(MofLicenseIsOpen("CC-BY-4.0"));
  EXPECT_TRUE(MofLicenseIsOpen("ODC-PDDL-1.0"));  // the MOT's own spelling, on its open-data list
  EXPECT_TRUE(MofLicenseIsOpen("OpenMDW-1.0"));
  EXPECT_TRUE(MofLicenseIsOpen("Apache-1.0"));  // FSF-libre, not OSI
  EXPECT_TRUE(MofLicenseIsOpen("GPL-3.0-only"));
  EXPECT_FALSE(MofLicenseIsOpen("apache-2.0"));  // case-sensitive
  EXPECT_FALSE(MofLicenseIsOpen("Apache 2.0"));
  EXPECT_FALSE(MofLicenseIsOpen("PDDL-1.0"));  // marked neither OSI nor FSF by the MOT
  EXPECT_FALSE(MofLicenseIsOpen("C-UDA-1.0"));
  EXPECT_FALSE(MofLicenseIsOpen("Llama 3 Community License"));
  EXPECT_FALSE(MofLicenseIsOpen("Component not included"));
  EXPECT_FALSE(MofLicenseIsOpen("Pending evaluation"));
}

TEST(MofTest, ClassThreeWithDistributionLicense) {
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n", kClassThree));
  EXPECT_EQ(e.mof_class, 3);
  EXPECT_EQ(e.label, "Class III - Open Model");
  EXPECT_DOUBLE_EQ(e.progress[3], 100.0);
  EXPECT_DOUBLE_EQ(e.progress[2], 60.0);  // 6 of 10
  EXPECT_DOUBLE_EQ(e.progress[1], 0.0);   // Class II incomplete: Class I is 0
}

TEST(MofTest, ContentTypeLicenseWinsOverDistribution) {
  // Documents under a non-open "document" license: the three documents and the report fail.
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n    document:\n"
                   "      name: Proprietary\n",
                   kClassThree));
  EXPECT_EQ(e.mof_class, 0);
  EXPECT_EQ(StatusOf(e, "model-card"), MofStatus::kInvalid);
  EXPECT_EQ(StatusOf(e, "model-architecture"), MofStatus::kIncluded);
  EXPECT_NEAR(e.progress[3], 200.0 / 6, 1e-9);
}

TEST(MofTest, ExplicitUnlicensedNeverFallsBack) {
  std::string components(kClassThree);
  components += "    - name: Training code\n      license: unlicensed\n";
  components += "    - name: Inference code\n      license: ''\n";
  components += "    - name: Evaluation code\n      license:\n";  // null: inherits
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: MIT\n", components));
  EXPECT_EQ(StatusOf(e, "training-code"), MofStatus::kUnlicensed);
  EXPECT_EQ(StatusOf(e, "inference-code"), MofStatus::kUnlicensed);
  EXPECT_EQ(StatusOf(e, "evaluation-code"), MofStatus::kIncluded);
  EXPECT_EQ(StatusOf(e, "evaluation-data"), MofStatus::kMissing);
}

TEST(MofTest, NoLicenseAnywhereIsUnlicensed) {
  const MofEvaluation e = Rate(Release("", kClassThree));
  EXPECT_EQ(e.mof_class, 0);
  EXPECT_EQ(StatusOf(e, "model-card"), MofStatus::kUnlicensed);
  EXPECT_DOUBLE_EQ(e.progress[3], 0.0);
}

TEST(MofTest, ResearchPaperStandsInForTechnicalReport) {
  std::string components =
      "    - name: Model architecture\n"
      "    - name: Model parameters (Final)\n"
      "    - name: Model card\n"
      "    - name: Data card\n"
      "    - name: Research paper\n"
      "    - name: Evaluation results\n";
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: CC-BY-4.0\n", components));
  EXPECT_EQ(e.mof_class, 3);
  EXPECT_DOUBLE_EQ(e.progress[3], 100.0);
  EXPECT_DOUBLE_EQ(e.progress[2], 60.0);
}

TEST(MofTest, ClassOneWithoutTechnicalReportNeedsThirteen) {
  std::string components;
  for (const MofComponentInfo& c : MofComponents()) {
    if (c.report_id == "technical-report") continue;
    components += "    - name: " + std::string(c.name) + "\n";
  }
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n", components));
  EXPECT_EQ(e.mof_class, 1);
  EXPECT_DOUBLE_EQ(e.progress[1], 100.0);
}

TEST(MofTest, ClassesAreCumulative) {
  // Every Class II and Class I component, but a non-open model card: nothing above none.
  std::string components;
  for (const MofComponentInfo& c : MofComponents()) {
    components += "    - name: " + std::string(c.name) + "\n";
    if (c.report_id == "model-card") components += "      license: Proprietary\n";
  }
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n", components));
  EXPECT_EQ(e.mof_class, 0);
  EXPECT_NEAR(e.progress[3], 500.0 / 6, 1e-9);
  EXPECT_DOUBLE_EQ(e.progress[2], 0.0);
  EXPECT_DOUBLE_EQ(e.progress[1], 0.0);
}

TEST(MofTest, OptionalComponentsNeverChangeTheClass) {
  std::string components(kClassThree);
  components += "    - name: Sample model outputs\n      license: Proprietary\n";
  components += "    - name: Model metadata\n";
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n", components));
  EXPECT_EQ(e.mof_class, 3);
  EXPECT_EQ(StatusOf(e, "model-metadata"), MofStatus::kOptional);
  EXPECT_EQ(StatusOf(e, "supporting-libraries"), MofStatus::kNotListed);
}

TEST(MofTest, TypeAppropriatenessOnlyWarns) {
  // Apache-2.0 is typed code and document in the MOT's database: open but not a data license.
  const MofEvaluation e =
      Rate(Release("  license:\n    distribution:\n      name: Apache-2.0\n", kClassThree));
  bool warned = false;
  for (const std::string& w : e.warnings) {
    warned = warned || w.find("Model parameters (Final)") != std::string::npos;
  }
  EXPECT_TRUE(warned);
  EXPECT_EQ(StatusOf(e, "model-parameters-final"), MofStatus::kIncluded);
}

TEST(MofTest, UnknownComponentNameIsFiledUnderDatasets) {
  const MofEvaluation e = Rate(
      Release("  license:\n    distribution:\n      name: MIT\n", "    - name: Training data\n"));
  EXPECT_EQ(StatusOf(e, "datasets"), MofStatus::kIncluded);
  ASSERT_FALSE(e.warnings.empty());
}

TEST(MofTest, BadFilesAreErrorsNotCrashes) {
  MofModel m;
  EXPECT_FALSE(ParseMofYaml("release: [unclosed", DefaultLimits(), &m).ok());
  EXPECT_FALSE(ParseMofYaml("- a list", DefaultLimits(), &m).ok());
  EXPECT_FALSE(ParseMofYaml("framework: {}\n", DefaultLimits(), &m).ok());
  EXPECT_FALSE(ParseMofYaml("a: &x [1]\nrelease:\n  b: *x\n", DefaultLimits(), &m).ok());
  Limits tight = DefaultLimits();
  tight.nesting_depth = 3;
  EXPECT_FALSE(ParseMofYaml("release:\n  a:\n    b:\n      c:\n        d: 1\n", tight, &m).ok());
}

TEST(MofTest, WrittenFilesReadBackToTheSameClass) {
  MofModel m;
  m.name = "it's a test";
  m.distribution = MofLicenseRef{"Apache-2.0", ""};
  for (const MofComponentInfo& c : MofComponents()) {
    MofComponentEntry e;
    e.name = std::string(c.name);
    e.description = "d";
    if (c.report_id == "research-paper") e.license = "";  // unlicensed
    e.notes.push_back("evidence: README.md:3");
    m.components.push_back(std::move(e));
  }
  const std::string yaml = WriteMofYaml(m);
  MofModel back;
  ASSERT_OK(ParseMofYaml(yaml, DefaultLimits(), &back));
  EXPECT_EQ(back.name, "it's a test");
  ASSERT_EQ(back.components.size(), 17u);
  const MofEvaluation a = EvaluateMof(m), b = EvaluateMof(back);
  EXPECT_EQ(a.mof_class, b.mof_class);
  EXPECT_EQ(a.progress, b.progress);
  EXPECT_EQ(b.mof_class, 2);  // the unlicensed paper blocks Class I only
}

}  // namespace
}  // namespace openness
