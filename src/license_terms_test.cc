// Tests of the license knowledge base: the data compiled from data/licenses/ (complete,
// consistent with license-keys.csv, the facts of facts/licenses.md) and the strict, bounded
// loader.
#include "openness/license_terms.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "openness/report.h"
#include "test_util.h"

namespace openness {
namespace {

const LicenseKnowledgeBase& Kb() { return LicenseKnowledgeBase::Builtin(); }

const LicenseEntry& Entry(std::string_view key) {
  const LicenseEntry* e = Kb().Find(key);
  if (e == nullptr) {
    ADD_FAILURE() << "no entry " << key;
    static const LicenseEntry kEmpty;
    return kEmpty;
  }
  return *e;
}

// ---------------------------------------------------------------------------------------------
// The built-in data.

TEST(LicenseKnowledgeBaseTest, BuiltinLoadsAndMatchesTheKeyTable) {
  LicenseKnowledgeBase kb;
  ASSERT_OK(LicenseKnowledgeBase::LoadBuiltin(&kb));
  EXPECT_EQ(kb.entries().size(), LicenseTable::Builtin().entries().size());
  EXPECT_EQ(kb.Inconsistencies(LicenseTable::Builtin()), std::vector<std::string>{});
  EXPECT_EQ(Kb().entries().size(), kb.entries().size());
}

TEST(LicenseKnowledgeBaseTest, EveryKeyOfTheSharedSpecIsKnown) {
  SKIP_WITHOUT_SHARED(shared);
  // ../shared/spec/license-keys.csv: key,name,hf_id,spdx_id,kind (names hold no commas).
  const std::string csv = testing::ReadFileOrDie(shared / "spec" / "license-keys.csv");
  size_t keys = 0, pos = csv.find('\n') + 1;  // after the header
  while (pos < csv.size()) {
    size_t eol = csv.find('\n', pos);
    if (eol == std::string::npos) eol = csv.size();
    const std::string line = csv.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    const std::string key = line.substr(0, line.find(','));
    const std::string kind = line.substr(line.rfind(',') + 1);
    const LicenseEntry* e = Kb().Find(key);
    ASSERT_NE(e, nullptr) << key;
    EXPECT_EQ(LicenseKindName(e->kind), kind) << key;
    ++keys;
  }
  EXPECT_GT(keys, 60u);
}

TEST(LicenseKnowledgeBaseTest, AiLicenseVersionsAndFamilies) {
  struct Want {
    const char* key;
    const char* family;
    const char* version;
    const char* date;
  };
  const Want wants[] = {
      {"llama2", "llama", "2", "2023-07-18"},
      {"llama3", "llama", "3", "2024-04-18"},
      {"llama3.1", "llama", "3.1", "2024-07-23"},
      {"llama3.2", "llama", "3.2", "2024-09-25"},
      {"llama3.3", "llama", "3.3", "2024-12-06"},
      {"llama4", "llama", "4", "2025-04-05"},
      {"gemma", "gemma", "2024-02-21", "2024-02-21"},
      {"gemma", "gemma", "2024-04-01", "2024-04-01"},
      {"gemma", "gemma", "2025-03-24", "2025-03-24"},
      {"deepseek", "deepseek", "1.0", "2023-10-23"},
      {"tongyi-qianwen", "qwen", "2023-08-03", "2023-08-03"},
      {"stability-community", "stability", "2024-07-05", "2024-07-05"},
      {"yi-community", "yi", "2.1", "2023-11-23"},
      {"nvidia-open-model", "nvidia", "2025-10-24", "2025-10-24"},
      {"bigscience-openrail-m", "rail", "1.0", "2022-08-18"},
  };
  for (const Want& w : wants) {
    const LicenseEntry& e = Entry(w.key);
    EXPECT_EQ(e.family, w.family) << w.key;
    bool found = false;
    for (const LicenseVersion& v : e.versions) found |= v.version == w.version && v.date == w.date;
    EXPECT_TRUE(found) << w.key << " lacks version " << w.version << " of " << w.date;
  }
  EXPECT_EQ(Entry("llama4").versions[0].date_kind, "effective");
  for (const char* key : {"openrail", "creativeml-openrail-m", "openrail++",
                          "bigscience-bloom-rail-1.0", "bigcode-openrail-m"}) {
    EXPECT_EQ(Entry(key).family, "rail") << key;
  }
  for (const char* key : {"mrl", "mnpl"}) EXPECT_EQ(Entry(key).family, "mistral");
  for (const char* key : {"tii-falcon-llm", "tii-falcon-180b", "tii-falcon-2", "tii-falcon-3"}) {
    EXPECT_EQ(Entry(key).family, "falcon");
  }
  for (const char* key : {"qwen", "qwen-research", "tongyi-qianwen-research"}) {
    EXPECT_EQ(Entry(key).family, "qwen");
  }
  EXPECT_EQ(Entry("flux-1-dev-non-commercial").family, "flux");
  EXPECT_EQ(Entry("databricks-open-model").family, "databricks");
  EXPECT_EQ(Entry("apple-amlr").family, "apple");
  EXPECT_EQ(Entry("openmdw-1.0").spdx, "OpenMDW-1.0");
}

TEST(LicenseKnowledgeBaseTest, LlamaTermsWithSections) {
  const LicenseEntry& l31 = Entry("llama3.1");
  const LicenseTerm* threshold = l31.Find("user_threshold");
  ASSERT_NE(threshold, nullptr);
  EXPECT_EQ(threshold->monthly_active_users, 700'000'000u);
  EXPECT_EQ(threshold->section, "2");
  const LicenseTerm* display = l31.Find("attribution_display");
  ASSERT_NE(display, nullptr);
  EXPECT_EQ(display->phrase, "Built with Llama");
  EXPECT_EQ(display->section, "1.b.i");
  const LicenseTerm* naming = l31.Find("derivative_naming");
  ASSERT_NE(naming, nullptr);
  EXPECT_EQ(naming->prefix, "Llama");
  EXPECT_TRUE(naming->covers_outputs);
  const LicenseTerm* aup = l31.Find("acceptable_use_policy");
  ASSERT_NE(aup, nullptr);
  EXPECT_EQ(aup->section, "1.b.iv");
  EXPECT_TRUE(aup->updatable.value_or(false));
  EXPECT_EQ(l31.Find("output_restriction"), nullptr);
  EXPECT_EQ(l31.Find("geographic_exclusion"), nullptr);  // the 3.1 policy has none
  EXPECT_EQ(l31.ForUseCase("train-other-models").grant, Grant::kAllowed);

  // 3.2, 3.3 and 4: the EU exclusion for multimodal models, from the use policy.
  for (const char* key : {"llama3.2", "llama3.3", "llama4"}) {
    const LicenseTerm* geo = Entry(key).Find("geographic_exclusion");
    ASSERT_NE(geo, nullptr) << key;
    EXPECT_EQ(geo->items, std::vector<std::string>{"European Union"});
    EXPECT_EQ(geo->source, "policy");
    EXPECT_EQ(geo->scope, "multimodal models");
  }
  // Llama 2 and 3: outputs may not improve other large language models.
  for (const char* key : {"llama2", "llama3"}) {
    ASSERT_NE(Entry(key).Find("output_restriction"), nullptr) << key;
    EXPECT_EQ(Entry(key).Find("output_restriction")->section, "1.b.v");
    EXPECT_EQ(Entry(key).ForUseCase("train-other-models").grant, Grant::kProhibited) << key;
  }
  EXPECT_EQ(Entry("llama3").Find("attribution_display")->phrase, "Built with Meta Llama 3");
  EXPECT_EQ(Entry("llama3").Find("derivative_naming")->prefix, "Llama 3");
  EXPECT_EQ(Entry("llama2").Find("attribution_display"), nullptr);
  EXPECT_EQ(Entry("llama1").ForUseCase("commercial").grant, Grant::kProhibited);
}

TEST(LicenseKnowledgeBaseTest, OtherVendorsTerms) {
  const LicenseEntry& sai = Entry("stability-community");
  ASSERT_NE(sai.Find("revenue_threshold"), nullptr);
  EXPECT_EQ(sai.Find("revenue_threshold")->annual_revenue_usd, 1'000'000u);
  EXPECT_EQ(sai.Find("revenue_threshold")->effect, "terminates");
  ASSERT_NE(sai.Find("registration"), nullptr);
  EXPECT_EQ(sai.Find("attribution_display")->phrase, "Powered by Stability AI");
  EXPECT_EQ(sai.ForUseCase("train-other-models").grant, Grant::kProhibited);

  EXPECT_EQ(Entry("tongyi-qianwen").Find("user_threshold")->monthly_active_users, 100'000'000u);
  EXPECT_EQ(Entry("tongyi-qianwen-research").ForUseCase("commercial").grant, Grant::kProhibited);
  EXPECT_EQ(Entry("deepseek").ForUseCase("saas").grant, Grant::kAllowed);
  EXPECT_NE(Entry("deepseek").Find("use_restrictions_pass_through"), nullptr);
  EXPECT_NE(Entry("gemma").Find("outputs_derivative"), nullptr);
  EXPECT_EQ(Entry("gemma").Find("acceptable_use_policy")->name, "Gemma Prohibited Use Policy");
  EXPECT_EQ(Entry("yi-community").Find("registration")->section, "2");
  EXPECT_EQ(Entry("mnpl").ForUseCase("saas").grant, Grant::kProhibited);
  EXPECT_EQ(Entry("nvidia-open-model").Find("attribution_display")->phrase,
            "Built on NVIDIA Cosmos");
  EXPECT_EQ(Entry("cc-by-nc-4.0").ForUseCase("commercial").grant, Grant::kProhibited);
  EXPECT_EQ(Entry("cc-by-nd-4.0").ForUseCase("derivatives").grant, Grant::kProhibited);
  const LicenseTerm* law = Entry("gemma").Find("governing_law");
  ASSERT_NE(law, nullptr);
  EXPECT_EQ(law->section, "4.6");
}

// Rules every entry must keep; a data edit that breaks one is caught here.
TEST(LicenseKnowledgeBaseTest, DataInvariants) {
  for (const LicenseEntry& e : Kb().entries()) {
    SCOPED_TRACE(e.key);
    EXPECT_FALSE(e.name.empty());
    EXPECT_EQ(e.osi_approved, e.kind == LicenseKind::kOsi);
    const bool open = e.kind == LicenseKind::kOsi || e.kind == LicenseKind::kOpenData ||
                      e.kind == LicenseKind::kOpenModel || e.kind == LicenseKind::kPermissiveOther;
    if (open) {
      // The contract: open licenses allow every use case with ordinary duties only.
      for (const Permission& p : e.permissions) EXPECT_EQ(p.grant, Grant::kAllowed);
      for (const LicenseTerm& t : e.terms) {
        static const std::set<std::string> kOrdinary = {
            "license_copy",       "notice_file", "keep_notices",
            "mark_modifications", "attribution", "share_alike",
            "source_disclosure",  "termination", "governing_law"};
        EXPECT_TRUE(kOrdinary.count(t.type)) << t.type;
      }
    }
    if (e.kind == LicenseKind::kNonCommercial) {
      EXPECT_EQ(e.ForUseCase("commercial").grant, Grant::kProhibited);
    }
    if (e.kind == LicenseKind::kUnknown) {
      for (const Permission& p : e.permissions) EXPECT_EQ(p.grant, Grant::kUnknown);
      EXPECT_TRUE(e.terms.empty());
    }
    if (e.Find("non_commercial") != nullptr) {
      EXPECT_EQ(e.ForUseCase("commercial").grant, Grant::kProhibited);
    }
    if (e.Find("output_restriction") != nullptr) {
      EXPECT_NE(e.ForUseCase("train-other-models").grant, Grant::kUnknown);
    }
    if (e.Find("no_derivatives") != nullptr) {
      EXPECT_EQ(e.ForUseCase("derivatives").grant, Grant::kProhibited);
    }
    if (e.Find("no_hosting") != nullptr) {
      EXPECT_EQ(e.ForUseCase("saas").grant, Grant::kProhibited);
    }
    if (e.confidence == "text") {
      // Terms checked against a text name their section (ordinary notices aside).
      for (const LicenseTerm& t : e.terms) {
        if (t.type == "field_of_use" || t.type == "other_condition" || e.key == "openmdw-1.1" ||
            e.key == "mit" || e.key == "apple-ascl") {
          continue;
        }
        EXPECT_FALSE(t.section.empty()) << t.type;
      }
    }
  }
}

TEST(LicenseKnowledgeBaseTest, RecognisesNamesAliasesAndIds) {
  auto key = [](std::string_view text) {
    const LicenseEntry* e = Kb().Recognise(text);
    return e == nullptr ? std::string("<none>") : e->key;
  };
  EXPECT_EQ(key("Llama3.1 Community License"), "llama3.1");
  EXPECT_EQ(key("llama 3.1"), "llama3.1");
  EXPECT_EQ(key("Apache 2.0"), "apache-2.0");
  EXPECT_EQ(key("llama-2-license-2023"), "llama2");  // ScanCode key
  EXPECT_EQ(key("OpenMDW-1.0"), "openmdw-1.0");      // SPDX id
  EXPECT_EQ(key("Gemma Terms of Use"), "gemma");
  EXPECT_EQ(key("flux.1 [dev] non-commercial license"), "flux-1-dev-non-commercial");
  EXPECT_EQ(key("MRL-0.1"), "mrl");
  EXPECT_EQ(key("Stability AI Community License"), "stability-community");
  EXPECT_EQ(key("no such license"), "<none>");
  EXPECT_EQ(key(""), "<none>");
}

// ---------------------------------------------------------------------------------------------
// The loader.

constexpr std::string_view kMinimal = R"(family: test
licensor: Tester
licenses:
  - key: t1
    name: Test License
    kind: restricted
    osi_approved: false
    confidence: text
    rights:
      commercial: {status: allowed, section: "1"}
      saas: {status: allowed}
      redistribute: {status: allowed}
      derivatives: {status: prohibited}
      train-other-models: {status: unknown}
    terms:
      - {type: user_threshold, monthly_active_users: 5000, section: "2", applies_to: [commercial]}
)";

TEST(LicenseKnowledgeBaseLoaderTest, ReadsAMinimalFamily) {
  LicenseKnowledgeBase kb;
  ASSERT_OK(kb.AddFamily(kMinimal, "test.yaml"));
  const LicenseEntry* e = kb.Find("t1");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->licensor, "Tester");
  EXPECT_EQ(e->family, "test");
  EXPECT_EQ(e->ForUseCase("commercial").section, "1");
  EXPECT_EQ(e->ForUseCase("derivatives").grant, Grant::kProhibited);
  EXPECT_EQ(e->ForUseCase("train-other-models").grant, Grant::kUnknown);
  ASSERT_EQ(e->terms.size(), 1u);
  EXPECT_EQ(e->terms[0].monthly_active_users, 5000u);
  EXPECT_EQ(e->terms[0].applies_to, std::vector<std::string>{"commercial"});
  // The same key twice is refused.
  EXPECT_FALSE(kb.AddFamily(kMinimal, "again.yaml").ok());
}

std::string With(std::string_view from, std::string_view to) {
  std::string s(kMinimal);
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(LicenseKnowledgeBaseLoaderTest, RejectsUnknownOrInvalidData) {
  struct Bad {
    std::string yaml;
    const char* why;
  };
  const Bad bad[] = {
      {With("licensor: Tester", "licensor: Tester\nextra: 1"), "unknown top-level key"},
      {With("    confidence: text", "    confidence: text\n    colour: red"), "unknown entry key"},
      {With("kind: restricted", "kind: mostly-open"), "unknown kind"},
      {With("{status: prohibited}", "{status: maybe}"), "unknown status"},
      {With("type: user_threshold", "type: user_treshold"), "unknown term type"},
      {With("section: \"2\", applies_to", "section: \"2\", colour: red, applies_to"),
       "unknown term field"},
      {With("applies_to: [commercial]", "applies_to: [commerce]"), "unknown use case"},
      {With("monthly_active_users: 5000", "monthly_active_users: lots"), "not a number"},
      {With("monthly_active_users: 5000, ", ""), "threshold without a number"},
      {With("      train-other-models: {status: unknown}\n", ""), "missing use case"},
      {With("    name: Test License\n", ""), "missing name"},
      {With("    osi_approved: false\n", ""), "missing osi flag"},
      {With("    confidence: text",
            "    confidence: text\n    versions:\n      - {version: \"1\", "
            "date: \"July 2023\"}"),
       "bad date"},
      {With("licensor: Tester", "licensor: &a Tester\nx: *a"), "alias"},
      {"family: [unclosed", "malformed YAML"},
      {"", "empty"},
  };
  for (const Bad& b : bad) {
    LicenseKnowledgeBase kb;
    const Status s = kb.AddFamily(b.yaml, "bad.yaml");
    EXPECT_FALSE(s.ok()) << b.why;
    EXPECT_TRUE(kb.entries().empty()) << b.why;  // nothing half-loaded
  }
}

TEST(LicenseKnowledgeBaseLoaderTest, EnforcesLimits) {
  Limits limits;
  limits.nesting_depth = 4;
  LicenseKnowledgeBase kb;
  EXPECT_EQ(kb.AddFamily(kMinimal, "deep.yaml", limits).code(), Status::Code::kTooLarge);
  limits = Limits{};
  limits.yaml_nodes = 10;
  EXPECT_EQ(kb.AddFamily(kMinimal, "many.yaml", limits).code(), Status::Code::kTooLarge);
  std::string huge(2 << 20, '#');
  EXPECT_EQ(kb.AddFamily(huge, "huge.yaml").code(), Status::Code::kTooLarge);
}

TEST(LicenseKnowledgeBaseLoaderTest, EveryTermTypeIsReadable) {
  // The required fields of each type, filled with plausible values.
  const std::map<std::string, std::string> extra = {
      {"user_threshold", "monthly_active_users: 10"},
      {"revenue_threshold", "annual_revenue_usd: 10, effect: royalty, royalty_percent: 5"},
      {"attribution_display", "phrase: Built with X"},
      {"derivative_naming", "prefix: X, covers_outputs: true"},
      {"acceptable_use_policy", "name: X Policy, updatable: false"},
      {"output_restriction", "scope: other models"},
      {"field_of_use", "items: [military]"},
      {"geographic_exclusion", "items: [Atlantis]"},
      {"termination", "trigger: breach"},
      {"governing_law", "law: Atlantis"},
      {"other_condition", "note: do the dance"},
  };
  for (std::string_view type : kTermTypes) {
    std::string yaml =
        With("type: user_threshold, monthly_active_users: 5000", "type: " + std::string(type));
    auto it = extra.find(std::string(type));
    if (it != extra.end()) {
      yaml = With("type: user_threshold, monthly_active_users: 5000",
                  "type: " + std::string(type) + ", " + it->second);
    }
    LicenseKnowledgeBase kb;
    EXPECT_OK(kb.AddFamily(yaml, "types.yaml").WithContext(type));
  }
}

}  // namespace
}  // namespace openness
