// TraceLineage through whole scans of small generated releases.
#include <gtest/gtest.h>

#include "openness/assessment.h"
#include "openness/release.h"
#include "openness/release_evidence.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Report Scan(const TempDir& dir) {
  ScanOptions options;
  options.assume_weights_published = true;
  ScanResult result;
  Status s = ScanPath(dir.path().string(), options, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return result.report;
}

std::vector<std::string> Keys(const Report& r) {
  std::vector<std::string> out;
  for (const EffectiveLicense& e : r.license.effective) out.push_back(e.key);
  return out;
}

const Finding* FindingOf(const Report& r, std::string_view code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(LineageTest, BaseModelStringWithRelation) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: llama3\nbase_model: meta-llama/Meta-Llama-3-8B\n"
            "base_model_relation: adapter\n---\n# An adapter\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].id, "meta-llama/Meta-Llama-3-8B");
  EXPECT_EQ(r.lineage[0].relation, "adapter");
  EXPECT_EQ(r.lineage[0].license, "llama3");
  ASSERT_TRUE(r.lineage[0].license_evidence.has_value());
  EXPECT_EQ(r.lineage[0].license_evidence->key, "known-base-models:Llama 3");
  EXPECT_EQ(r.lineage[0].evidence.key, "base_model");
  EXPECT_EQ(FindingOf(r, "license-conflicts-with-base"), nullptr);  // same license
}

TEST(LineageTest, BaseModelListIsAMerge) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: apache-2.0\nbase_model:\n- mistralai/Mistral-7B-v0.1\n"
            "- someone/other-7b\n---\n# A merge\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 2u);
  EXPECT_EQ(r.lineage[0].relation, "merge");
  EXPECT_EQ(r.lineage[0].license, "apache-2.0");
  EXPECT_FALSE(r.lineage[1].license.has_value());  // unknown base: no license guessed
}

TEST(LineageTest, QuantizerCardIsQuantized) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: llama2\nbase_model: meta-llama/Llama-2-7b-hf\nquantized_by: someone\n"
            "---\n# GGUF\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].relation, "quantized");
}

TEST(LineageTest, ApacheOnALlama3FineTuneConflicts) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: apache-2.0\nbase_model: NousResearch/Meta-Llama-3-8B\n---\n# Tune\n");
  const Report r = Scan(dir);
  const Finding* f = FindingOf(r, "license-conflicts-with-base");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("Llama 3"), std::string::npos);
  ASSERT_GE(f->evidence.size(), 2u);
  EXPECT_EQ(f->evidence[0].key, "license");  // the declaration that conflicts
  // The base license governs, and rights follow it.
  EXPECT_EQ(Keys(r), std::vector<std::string>{"llama3"});
  EXPECT_EQ(r.rights.at("commercial").status, RightStatus::kConditional);
  EXPECT_EQ(r.openness.level, "open-weights-restricted");
}

TEST(LineageTest, MitOnGemmaConflicts) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: mit\nbase_model: google/gemma-2b\n---\n# Tune\n");
  const Report r = Scan(dir);
  ASSERT_NE(FindingOf(r, "license-conflicts-with-base"), nullptr);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"gemma"});
}

TEST(LineageTest, OpenRailOnABigCodeBaseConflicts) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: openrail\nbase_model: bigcode/starcoder2-15b\n---\n# Tune\n");
  const Report r = Scan(dir);
  ASSERT_NE(FindingOf(r, "license-conflicts-with-base"), nullptr);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"bigcode-openrail-m"});
}

TEST(LineageTest, AnyLicenseOnAPermissiveBaseIsFine) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: cc-by-nc-4.0\nbase_model: mistralai/Mistral-7B-v0.1\n---\n# Tune\n");
  const Report r = Scan(dir);
  EXPECT_EQ(FindingOf(r, "license-conflicts-with-base"), nullptr);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"cc-by-nc-4.0"});
}

TEST(LineageTest, BaseFromCardProse) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: cc-by-sa-4.0\n---\n"
            "<p>\"Luna\" is a Llama2 based Chat model fine-tuned on chats.</p>\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].id, "Llama2");
  EXPECT_EQ(r.lineage[0].relation, "finetune");
  EXPECT_EQ(r.lineage[0].license, "llama2");
  EXPECT_EQ(r.lineage[0].evidence.line, 4);
  ASSERT_NE(FindingOf(r, "license-conflicts-with-base"), nullptr);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"llama2"});
}

TEST(LineageTest, BaseFromTheCardTemplateField) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: apache-2.0\n---\n# Model Card\n\n"
            "- **Model type:** causal LM\n"
            "- **Finetuned from model [optional]:** meta-llama/Meta-Llama-3-8B\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].id, "meta-llama/Meta-Llama-3-8B");
  EXPECT_EQ(r.lineage[0].relation, "finetune");
  EXPECT_EQ(r.lineage[0].evidence.line, 7);
  EXPECT_EQ(r.lineage[0].license, "llama3");
  EXPECT_NE(FindingOf(r, "license-conflicts-with-base"), nullptr);
  // The template left unfilled is no lineage.
  TempDir blank;
  blank.Write("README.md",
              "---\nlicense: apache-2.0\n---\n"
              "- **Finetuned from model [optional]:** [More Information Needed]\n");
  EXPECT_TRUE(Scan(blank).lineage.empty());
}

TEST(LineageTest, BaseFromAHubLinkInProse) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: mit\n---\n# Dolphin\n\nThis model is based on "
            "[Phi-2](https://huggingface.co/microsoft/phi-2) and is governed by MIT.\n");
  const Report r = Scan(dir);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].id, "microsoft/phi-2");
  EXPECT_EQ(r.lineage[0].license, "mit");
  EXPECT_EQ(r.lineage[0].osaid, "fail");
  EXPECT_EQ(r.lineage[0].evidence.url, "https://huggingface.co/microsoft/phi-2");
}

TEST(LineageTest, ProseAboutOtherModelsOrTheCardIsNotLineage) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: mit\n---\n# Big-R1\n\n"
            "Big-R1-Distill-Llama-8B is derived from Llama 3.1 and is licensed under it.\n\n"
            "This model card is based on the Stable Diffusion model card.\n\n"
            "It outperforms models based on Llama 2.\n");
  const Report r = Scan(dir);
  EXPECT_TRUE(r.lineage.empty()) << r.lineage.front().id;
}

TEST(LineageTest, StaleBaseLicenseIsDropped) {
  TempDir dir;
  dir.Write("README.md",
            "---\nlicense: mit\nlicense_name: microsoft-research-license\n"
            "base_model: microsoft/phi-2\n---\n# Tune\n");
  const Report r = Scan(dir);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"mit"});
  EXPECT_NE(FindingOf(r, "license-contradiction-resolved"), nullptr);
}

// A Hub scan's evidence for a card folder: what ScanHub adds to the release's own evidence,
// with the base-model chain the Hub resolved (hub_evidence.h).
ReleaseEvidence HubEvidenceFor(const TempDir& dir, std::vector<HubBaseModel> bases) {
  Release release;
  EXPECT_TRUE(ListRelease(dir.path().string(), DefaultLimits(), &release).ok());
  ReleaseEvidence ev;
  CollectEvidence(std::move(release), DefaultLimits(), &ev);
  ev.hub = HubEvidence{};
  ev.hub->repo.id = "acme/tune";
  ev.hub->repo.page_url = "https://hub.test/acme/tune";
  ev.hub->bases = std::move(bases);
  return ev;
}

HubBaseModel HubBaseOf(const std::string& id, const std::string& child, int depth,
                       std::optional<std::string> key) {
  HubBaseModel b;
  b.id = id;
  b.child = child;
  b.depth = depth;
  b.relation = "finetune";
  if (key) b.licenses = {*key};
  b.key = std::move(key);
  b.evidence.url = "https://hub.test/" + id;
  b.evidence.key = "cardData.license";
  return b;
}

TEST(LineageTest, HubResolvedBaseLicenseBindsTheDerivative) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: apache-2.0\nbase_model: lab-x/unlisted-7b\n---\n# Tune\n");
  // Offline nothing says what lab-x/unlisted-7b is under.
  const Report offline = Scan(dir);
  ASSERT_EQ(offline.lineage.size(), 1u);
  EXPECT_FALSE(offline.lineage[0].license.has_value());
  EXPECT_EQ(FindingOf(offline, "license-conflicts-with-base"), nullptr);

  AssessOptions options;
  options.assume_weights_published = true;
  const Report r = AssessRelease(
      HubEvidenceFor(dir, {HubBaseOf("lab-x/unlisted-7b", "acme/tune", 1, "llama3.1")}),
      LicenseTable::Builtin(), options);
  ASSERT_EQ(r.lineage.size(), 1u);
  EXPECT_EQ(r.lineage[0].license, "llama3.1");
  ASSERT_TRUE(r.lineage[0].license_evidence.has_value());
  EXPECT_EQ(r.lineage[0].license_evidence->url, "https://hub.test/lab-x/unlisted-7b");
  const Finding* f = FindingOf(r, "license-conflicts-with-base");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(Keys(r), std::vector<std::string>{"llama3.1"});
  EXPECT_EQ(r.openness.level, "open-weights-restricted");
  bool cites_hub = false;
  for (const Evidence& e : f->evidence)
    cites_hub = cites_hub || e.url == "https://hub.test/lab-x/unlisted-7b";
  EXPECT_TRUE(cites_hub);
}

TEST(LineageTest, HubChainFurtherUpAndFailedLookups) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: apache-2.0\nbase_model: lab-x/mid-7b\n---\n# Tune\n");
  HubBaseModel gone = HubBaseOf("lab-x/gone-7b", "lab-x/mid-7b", 2, "llama3.1");
  gone.status = Status::NotFound("base model lab-x/gone-7b: repository not found");
  // A base the Hub could not read says nothing; a permissive base binds nothing; a restricted
  // license two links up binds the release.
  ReleaseEvidence ev =
      HubEvidenceFor(dir, {HubBaseOf("lab-x/mid-7b", "acme/tune", 1, "apache-2.0"), gone,
                           HubBaseOf("lab-x/root-7b", "lab-x/mid-7b", 2, "cc-by-nc-4.0")});
  const Report r = AssessRelease(ev, LicenseTable::Builtin());
  ASSERT_EQ(r.lineage.size(), 2u);
  EXPECT_EQ(r.lineage[0].id, "lab-x/mid-7b");
  EXPECT_EQ(r.lineage[0].license, "apache-2.0");
  EXPECT_FALSE(r.lineage[0].child.has_value());
  EXPECT_EQ(r.lineage[1].id, "lab-x/root-7b");
  EXPECT_EQ(r.lineage[1].child, "lab-x/mid-7b");
  EXPECT_EQ(r.lineage[1].evidence.url, "https://hub.test/lab-x/mid-7b");
  const Finding* f = FindingOf(r, "license-conflicts-with-base");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("lab-x/root-7b"), std::string::npos) << f->message;
  EXPECT_EQ(Keys(r), std::vector<std::string>{"cc-by-nc-4.0"});

  // Only the permissive link: no conflict, the declared license stands.
  ev.hub->bases.resize(1);
  const Report ok = AssessRelease(ev, LicenseTable::Builtin());
  EXPECT_EQ(FindingOf(ok, "license-conflicts-with-base"), nullptr);
  EXPECT_EQ(Keys(ok), std::vector<std::string>{"apache-2.0"});
}

}  // namespace
}  // namespace openness
