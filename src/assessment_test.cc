// Tests of the assessment stages on hand-built evidence (no files, no parsers).
#include "openness/assessment.h"

#include <gtest/gtest.h>

namespace openness {
namespace {

const LicenseTable& Table() { return LicenseTable::Builtin(); }

ReleaseEvidence WithCard(std::vector<std::string> licenses,
                         std::optional<std::string> license_name = std::nullopt) {
  ReleaseEvidence ev;
  ev.release.id = "m";
  ev.release.files.push_back({"model.safetensors", 100, FileRole::kWeights, "safetensors", {}});
  ModelCard card;
  card.file = "README.md";
  card.front_matter.present = true;
  card.front_matter.first_line = 1;
  int line = 2;
  for (std::string& l : licenses) card.front_matter.license.push_back({std::move(l), line++});
  if (license_name) card.front_matter.license_name = CardValue{*license_name, line++};
  ev.card = std::move(card);
  return ev;
}

bool HasFinding(const Report& r, std::string_view code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return true;
  }
  return false;
}

TEST(IdentifyLicensesTest, CardLicenseBecomesEffectiveWithEvidence) {
  Report r = AssessRelease(WithCard({"apache-2.0"}), Table());
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "apache-2.0");
  EXPECT_EQ(r.license.effective[0].spdx, "Apache-2.0");
  EXPECT_TRUE(r.license.effective[0].osi_approved);
  ASSERT_EQ(r.license.declared.size(), 1u);
  EXPECT_EQ(r.license.declared[0].evidence.file, "README.md");
  EXPECT_EQ(r.license.declared[0].evidence.line, 2);
  EXPECT_EQ(r.license.declared[0].evidence.key, "license");
}

TEST(IdentifyLicensesTest, OtherDefersToLicenseName) {
  Report r = AssessRelease(WithCard({"other"}, "llama3"), Table());
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "llama3");
  EXPECT_FALSE(r.license.effective[0].open);
}

TEST(IdentifyLicensesTest, UnrecognisedCustomLicenseIsOtherWithItsName) {
  Report r = AssessRelease(WithCard({"other"}, "coqui-public-model-license"), Table());
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "other");
  EXPECT_EQ(r.license.effective[0].name, "coqui-public-model-license");
  EXPECT_EQ(r.rights["commercial"].status, RightStatus::kUnknown);
  EXPECT_EQ(r.openness.level, "undetermined");
}

TEST(IdentifyLicensesTest, MissingLicenseIsAFinding) {
  ReleaseEvidence ev = WithCard({});
  Report r = AssessRelease(ev, Table());
  EXPECT_TRUE(HasFinding(r, "license-missing"));
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "unknown");
}

TEST(IdentifyLicensesTest, CardAndGgufDisagree) {
  ReleaseEvidence ev = WithCard({"mit"});
  WeightsHeader h;
  h.path = "m.gguf";
  h.format = "gguf";
  GgufFile g;
  GgufKeyValue kv;
  kv.key = "general.license";
  kv.value.type = GgufType::kString;
  kv.value.text = "llama3.1";
  g.metadata.push_back(kv);
  h.gguf = g;
  ev.weights.push_back(h);
  Report r = AssessRelease(ev, Table());
  EXPECT_TRUE(HasFinding(r, "license-contradiction"));
  EXPECT_EQ(r.license.effective.size(), 2u);
  // The stricter license decides each right.
  EXPECT_EQ(r.rights["commercial"].status, RightStatus::kConditional);
}

TEST(IdentifyLicensesTest, SpdxOrPicksTheMoreOpen) {
  Report r = AssessRelease(WithCard({"llama3 OR mit"}), Table());
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "mit");
}

TEST(IdentifyLicensesTest, SpdxAndKeepsBoth) {
  Report r = AssessRelease(WithCard({"Apache-2.0 AND CC-BY-NC-4.0"}), Table());
  ASSERT_EQ(r.license.effective.size(), 2u);
  EXPECT_EQ(r.rights["commercial"].status, RightStatus::kProhibited);
}

TEST(IdentifyLicensesTest, LicenseFileTitleIsDetectedAndComparedToDeclaration) {
  ReleaseEvidence ev = WithCard({"apache-2.0"});
  ev.texts.push_back({"LICENSE", FileRole::kLicense,
                      "\n  LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: "
                      "July 23, 2024\n",
                      false});
  Report r = AssessRelease(ev, Table());
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_EQ(r.license.detected[0].key, "llama3.1");
  EXPECT_EQ(r.license.detected[0].evidence.line, 2);
  EXPECT_TRUE(HasFinding(r, "declared-license-mismatch"));
}

TEST(IdentifyLicensesTest, TitleSplitOverTwoLines) {
  ReleaseEvidence ev = WithCard({});
  ev.texts.push_back({"LICENSE", FileRole::kLicense,
                      "                                 Apache License\n"
                      "                           Version 2.0, January 2004\n",
                      false});
  Report r = AssessRelease(ev, Table());
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_EQ(r.license.detected[0].key, "apache-2.0");
  // Nothing declared: the license file decides, and no license-missing finding.
  ASSERT_EQ(r.license.effective.size(), 1u);
  EXPECT_EQ(r.license.effective[0].key, "apache-2.0");
  EXPECT_FALSE(HasFinding(r, "license-missing"));
}

TEST(RightsTest, KindsMapToRights) {
  Report open = AssessRelease(WithCard({"mit"}), Table());
  for (std::string_view u : kUseCases) {
    EXPECT_EQ(open.rights[std::string(u)].status, RightStatus::kAllowed) << u;
  }
  Report restricted = AssessRelease(WithCard({"llama3.1"}), Table());
  for (std::string_view u : kUseCases) {
    const Right& right = restricted.rights[std::string(u)];
    EXPECT_EQ(right.status, RightStatus::kConditional) << u;
    ASSERT_FALSE(right.conditions.empty());
    EXPECT_EQ(right.conditions[0].evidence.file, "README.md");  // every condition cites
  }
  Report nc = AssessRelease(WithCard({"cc-by-nc-4.0"}), Table());
  EXPECT_EQ(nc.rights["commercial"].status, RightStatus::kProhibited);
  EXPECT_EQ(nc.rights["saas"].status, RightStatus::kProhibited);
  EXPECT_EQ(nc.rights["redistribute"].status, RightStatus::kConditional);
  Report nd = AssessRelease(WithCard({"cc-by-nc-nd-4.0"}), Table());
  EXPECT_EQ(nd.rights["derivatives"].status, RightStatus::kProhibited);
}

TEST(OpennessTest, LevelLadder) {
  EXPECT_EQ(AssessRelease(WithCard({"apache-2.0"}), Table()).openness.level, "open-weights");
  EXPECT_EQ(AssessRelease(WithCard({"gemma"}), Table()).openness.level, "open-weights-restricted");
  EXPECT_EQ(AssessRelease(WithCard({"cc-by-nc-4.0"}), Table()).openness.level,
            "open-weights-restricted");
  ReleaseEvidence no_weights = WithCard({"apache-2.0"});
  no_weights.release.files.clear();
  Report r = AssessRelease(no_weights, Table());
  EXPECT_EQ(r.openness.level, "undetermined");
  EXPECT_FALSE(r.weights.published.has_value());
}

TEST(OpennessTest, OsaidFailsOnRestrictedWeights) {
  Report r = AssessRelease(WithCard({"llama2"}), Table());
  EXPECT_EQ(r.openness.osaid_status, "fail");
  ASSERT_FALSE(r.openness.osaid_reasons.empty());
  EXPECT_FALSE(r.openness.osaid_reasons[0].evidence.empty());
  // Open weights with no training code or data information anywhere: OSAID fails on those.
  Report open = AssessRelease(WithCard({"apache-2.0"}), Table());
  EXPECT_EQ(open.openness.osaid_status, "fail");
  EXPECT_TRUE(open.openness.mof_class.has_value());
}

TEST(OpennessTest, ComponentsFromEvidence) {
  ReleaseEvidence ev = WithCard({"apache-2.0"});
  ev.release.files.push_back({"config.json", 10, FileRole::kConfig, "", {}});
  ev.release.files.push_back({"train.py", 10, FileRole::kCode, "", {}});
  ev.card->front_matter.datasets.push_back({"org/data", 9});
  ev.card->links.push_back({"https://arxiv.org/abs/1", "paper", LinkKind::kPaper, 20});
  Report r = AssessRelease(ev, Table());
  EXPECT_EQ(r.components["model-parameters-final"].status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components["model-parameters-final"].license, "apache-2.0");
  EXPECT_EQ(r.components["model-architecture"].status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components["training-code"].status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components["datasets"].status, ComponentStatus::kPresent);
  EXPECT_EQ(r.components["datasets"].evidence[0].line, 9);
  EXPECT_EQ(r.components["research-paper"].evidence[0].url, "https://arxiv.org/abs/1");
  EXPECT_EQ(r.components["data-card"].status, ComponentStatus::kAbsent);  // looked for, not found
  EXPECT_EQ(r.components.size(), 17u);
}

TEST(LineageTest, CardBaseModels) {
  ReleaseEvidence ev = WithCard({"apache-2.0"});
  ev.card->front_matter.base_model = {{"org/a", 5}, {"org/b", 6}};
  Report r = AssessRelease(ev, Table());
  ASSERT_EQ(r.lineage.size(), 2u);
  EXPECT_EQ(r.lineage[0].id, "org/a");
  EXPECT_EQ(r.lineage[0].relation, "merge");  // a list without a relation is a merge
  EXPECT_EQ(r.lineage[1].evidence.line, 6);
  ev.card->front_matter.base_model = {{"org/a", 5}};
  ev.card->front_matter.base_model_relation = CardValue{"quantized", 7};
  r = AssessRelease(ev, Table());
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].relation, "quantized");
}

TEST(LineageTest, GgufBaseModels) {
  ReleaseEvidence ev;
  WeightsHeader h;
  h.path = "m.gguf";
  GgufFile g;
  auto add = [&](std::string key, std::string text, std::optional<int64_t> integer) {
    GgufKeyValue kv;
    kv.key = std::move(key);
    kv.value.text = std::move(text);
    kv.value.integer = integer;
    kv.value.type = integer ? GgufType::kUint32 : GgufType::kString;
    g.metadata.push_back(kv);
  };
  add("general.base_model.count", "1", 1);
  add("general.base_model.0.repo_url", "https://huggingface.co/meta-llama/Llama-3.1-8B", {});
  h.gguf = g;
  ev.weights.push_back(h);
  Report r = AssessRelease(ev, Table());
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].id, "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(r.lineage[0].evidence.key, "general.base_model.0.repo_url");
}

TEST(FindingsTest, DangerousPickleIsAnError) {
  ReleaseEvidence ev = WithCard({"mit"});
  WeightsHeader h;
  h.path = "pytorch_model.bin";
  PickleScan p;
  p.risk = PickleRisk::kDangerous;
  p.imports.push_back({"os", "system", "archive/data.pkl", 42, PickleRisk::kDangerous});
  h.pickle = p;
  ev.weights.push_back(h);
  Report r = AssessRelease(ev, Table());
  const Finding* f = nullptr;
  for (const Finding& x : r.findings) {
    if (x.code == "unsafe-weights-format") f = &x;
  }
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_NE(f->message.find("os.system"), std::string::npos);
  EXPECT_EQ(f->evidence[0].file, "pytorch_model.bin");
}

TEST(FindingsTest, ProblemsAndGatesAndLfs) {
  ReleaseEvidence ev = WithCard({"mit"});
  ev.release.files[0].lfs = LfsPointer{std::string(64, 'c'), 5000};
  ev.card->front_matter.extra_gated_prompt = CardValue{"Accept the terms", 12};
  ev.problems.push_back({"model.gguf", Status::Corruption("bad magic (at byte 0)")});
  Report r = AssessRelease(ev, Table());
  EXPECT_TRUE(HasFinding(r, "gated"));
  EXPECT_TRUE(HasFinding(r, "weights-not-downloaded"));
  EXPECT_TRUE(HasFinding(r, "unreadable-file"));
  ASSERT_EQ(r.weights.files.size(), 1u);
  EXPECT_FALSE(r.weights.files[0].present);
  EXPECT_EQ(r.weights.files[0].bytes, 5000u);
  EXPECT_EQ(r.weights.files[0].sha256, std::string(64, 'c'));
  EXPECT_EQ(r.weights.published, true);
}

}  // namespace
}  // namespace openness
