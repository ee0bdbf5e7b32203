// Tests of AssessRights: each rule that turns license terms (or a shipped license text) into the
// rights table, with the citation of every condition. The license texts here are a few lines in
// our own words that carry the distinguishing wording the detectors look for.
#include <gtest/gtest.h>

#include "openness/assessment.h"
#include "openness/license_terms.h"

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

void AddText(ReleaseEvidence* ev, std::string path, FileRole role, std::string text) {
  ev->texts.push_back({std::move(path), role, std::move(text), false});
}

const Condition* Find(const Right& r, std::string_view code) {
  for (const Condition& c : r.conditions) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// A Llama-3.1-like license in a few lines (line numbers matter below).
constexpr std::string_view kLlamaLike =
    "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n"                                              // 1
    "\n"                                                                                   // 2
    "1. b. i. If you distribute it, you shall (A) provide a copy of this Agreement and\n"  // 3
    "(B) prominently display \"Built with Llama\" on a related website. If you use it\n"   // 4
    "to improve an AI model, include \"Llama\" at the beginning of any such AI model name.\n"
    "\n"                                                                              // 6
    "iv. Your use must adhere to the Acceptable Use Policy (available at\n"           // 7
    "https://example.com/policy), which is hereby incorporated by reference.\n"       // 8
    "\n"                                                                              // 9
    "2. If your products had greater than 700 million monthly active users in the\n"  // 10
    "preceding calendar month, you must request a license from Meta.\n";              // 11

TEST(RightsTest, KnowledgeBaseWithoutTextCitesTheDeclarationAndSection) {
  Report r = AssessRelease(WithCard({"llama3.1"}), Table());
  for (std::string_view u : kUseCases) {
    const Right& right = r.rights[std::string(u)];
    EXPECT_EQ(right.status, RightStatus::kConditional) << u;
    for (const Condition& c : right.conditions) {
      EXPECT_EQ(c.evidence.file, "README.md") << u << " " << c.code;
      EXPECT_EQ(c.evidence.line, 2) << u << " " << c.code;
      EXPECT_TRUE(Contains(c.text, "its text is not in the release")) << c.text;
    }
  }
  const Condition* threshold = Find(r.rights["saas"], "user-threshold");
  ASSERT_NE(threshold, nullptr);
  EXPECT_TRUE(Contains(threshold->text, "700 million monthly active users")) << threshold->text;
  EXPECT_TRUE(Contains(threshold->text,
                       "\xC2\xA7"
                       "2 of the Llama 3.1 Community License"))
      << threshold->text;
  EXPECT_NE(Find(r.rights["saas"], "attribution-display"), nullptr);
  EXPECT_NE(Find(r.rights["saas"], "acceptable-use-policy"), nullptr);
  // Naming applies to derivatives and to models trained on outputs, not to a hosted service.
  EXPECT_EQ(Find(r.rights["saas"], "derivative-naming"), nullptr);
  EXPECT_NE(Find(r.rights["derivatives"], "derivative-naming"), nullptr);
  EXPECT_NE(Find(r.rights["train-other-models"], "derivative-naming"), nullptr);
  EXPECT_EQ(Find(r.rights["train-other-models"], "output-use-restriction"), nullptr);
  // The notice duties go with distribution.
  EXPECT_NE(Find(r.rights["redistribute"], "notice-file"), nullptr);
  EXPECT_EQ(Find(r.rights["commercial"], "notice-file"), nullptr);
}

TEST(RightsTest, ShippedLicenseTextGivesTheLineOfEachClause) {
  ReleaseEvidence ev = WithCard({"llama3.1"});
  AddText(&ev, "LICENSE", FileRole::kLicense, std::string(kLlamaLike));
  Report r = AssessRelease(ev, Table());
  const Right& saas = r.rights["saas"];
  const Condition* threshold = Find(saas, "user-threshold");
  ASSERT_NE(threshold, nullptr);
  EXPECT_EQ(threshold->evidence.file, "LICENSE");
  EXPECT_EQ(threshold->evidence.line, 10);
  ASSERT_TRUE(threshold->evidence.excerpt.has_value());
  EXPECT_TRUE(Contains(*threshold->evidence.excerpt, "700 million"));
  EXPECT_TRUE(Contains(threshold->text,
                       "(\xC2\xA7"
                       "2)"))
      << threshold->text;
  const Condition* display = Find(saas, "attribution-display");
  ASSERT_NE(display, nullptr);
  EXPECT_EQ(display->evidence.line, 4);
  EXPECT_TRUE(Contains(display->text, "\"Built with Llama\""));
  const Condition* aup = Find(saas, "acceptable-use-policy");
  ASSERT_NE(aup, nullptr);
  EXPECT_EQ(aup->evidence.line, 7);
  const Condition* naming = Find(r.rights["derivatives"], "derivative-naming");
  ASSERT_NE(naming, nullptr);
  EXPECT_EQ(naming->evidence.line, 5);
  // A term the short text does not carry (the Notice file) cites the license file itself.
  const Condition* notice = Find(r.rights["redistribute"], "notice-file");
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->evidence.file, "LICENSE");
  EXPECT_FALSE(notice->evidence.line.has_value());
}

TEST(RightsTest, PolicyTermsCiteTheUsePolicyFile) {
  ReleaseEvidence ev = WithCard({"llama3.2"});
  AddText(&ev, "LICENSE", FileRole::kLicense, std::string(kLlamaLike));
  AddText(&ev, "USE_POLICY.md", FileRole::kUsePolicy,
          "# Acceptable Use Policy\n\nYou agree you will not use the model to:\n\n"
          "1. Build weapons or do military work\n\n"
          "With respect to any multimodal models, the rights under Section 1(a) are not being "
          "granted to you if you are domiciled in the European Union.\n");
  Report r = AssessRelease(ev, Table());
  const Condition* geo = Find(r.rights["commercial"], "geographic-exclusion");
  ASSERT_NE(geo, nullptr);
  EXPECT_EQ(geo->evidence.file, "USE_POLICY.md");
  EXPECT_EQ(geo->evidence.line, 7);
  EXPECT_TRUE(Contains(geo->text, "European Union"));
  const Condition* fields = Find(r.rights["commercial"], "field-of-use");
  ASSERT_NE(fields, nullptr);
  EXPECT_EQ(fields->evidence.file, "USE_POLICY.md");
}

TEST(RightsTest, OutputBanProhibitsTrainingOtherModels) {
  Report l2 = AssessRelease(WithCard({"llama2"}), Table());
  const Right& train = l2.rights["train-other-models"];
  EXPECT_EQ(train.status, RightStatus::kProhibited);
  ASSERT_EQ(train.conditions.size(), 1u);
  EXPECT_EQ(train.conditions[0].code, "output-use-restriction");
  EXPECT_TRUE(Contains(train.conditions[0].text, "any other large language model"));
  EXPECT_TRUE(Contains(train.conditions[0].text, "except Llama 2"));
  // Llama 2 has no display or naming duty.
  EXPECT_EQ(Find(l2.rights["saas"], "attribution-display"), nullptr);
  // Llama 3.1 lifted the ban: allowed with the naming duty.
  Report l31 = AssessRelease(WithCard({"llama3.1"}), Table());
  EXPECT_EQ(l31.rights["train-other-models"].status, RightStatus::kConditional);
}

TEST(RightsTest, OpenLicensesAreAllowedWithOrdinaryDuties) {
  for (const char* key : {"mit", "apache-2.0", "cc-by-4.0", "openmdw-1.0", "gpl-3.0", "cc0-1.0"}) {
    Report r = AssessRelease(WithCard({key}), Table());
    for (std::string_view u : kUseCases) {
      EXPECT_EQ(r.rights[std::string(u)].status, RightStatus::kAllowed) << key << " " << u;
    }
  }
  Report apache = AssessRelease(WithCard({"apache-2.0"}), Table());
  EXPECT_NE(Find(apache.rights["redistribute"], "license-copy"), nullptr);
  EXPECT_NE(Find(apache.rights["derivatives"], "mark-modifications"), nullptr);
  EXPECT_TRUE(apache.rights["commercial"].conditions.empty());
}

TEST(RightsTest, NonCommercialLicenses) {
  Report nc = AssessRelease(WithCard({"cc-by-nc-4.0"}), Table());
  EXPECT_EQ(nc.rights["commercial"].status, RightStatus::kProhibited);
  ASSERT_NE(Find(nc.rights["commercial"], "non-commercial"), nullptr);
  EXPECT_EQ(nc.rights["saas"].status, RightStatus::kProhibited);
  EXPECT_EQ(nc.rights["redistribute"].status, RightStatus::kConditional);
  EXPECT_NE(Find(nc.rights["redistribute"], "non-commercial"), nullptr);
  EXPECT_EQ(nc.rights["derivatives"].status, RightStatus::kConditional);
  EXPECT_EQ(nc.rights["research"].status, RightStatus::kConditional);
  Report nd = AssessRelease(WithCard({"cc-by-nc-nd-4.0"}), Table());
  EXPECT_EQ(nd.rights["derivatives"].status, RightStatus::kProhibited);
  EXPECT_NE(Find(nd.rights["derivatives"], "no-derivatives"), nullptr);
  // A prohibition no term explains still cites where it comes from.
  Report ms = AssessRelease(WithCard({"microsoft-research-license"}), Table());
  EXPECT_EQ(ms.rights["redistribute"].status, RightStatus::kProhibited);
  EXPECT_NE(Find(ms.rights["redistribute"], "no-redistribution"), nullptr);
  Report mnpl = AssessRelease(WithCard({"other"}, "mnpl"), Table());
  EXPECT_EQ(mnpl.rights["saas"].status, RightStatus::kProhibited);
  EXPECT_NE(Find(mnpl.rights["saas"], "no-hosting"), nullptr);
}

TEST(RightsTest, ThresholdsRegistrationAndTheirScope) {
  Report sai = AssessRelease(WithCard({"other"}, "stability-ai-community"), Table());
  ASSERT_EQ(sai.license.effective[0].key, "stability-community");
  const Right& commercial = sai.rights["commercial"];
  EXPECT_EQ(commercial.status, RightStatus::kConditional);
  const Condition* revenue = Find(commercial, "revenue-threshold");
  ASSERT_NE(revenue, nullptr);
  EXPECT_TRUE(Contains(revenue->text, "US$1 million")) << revenue->text;
  EXPECT_TRUE(Contains(revenue->text, "license ends"));
  EXPECT_NE(Find(commercial, "registration"), nullptr);
  EXPECT_EQ(sai.rights["train-other-models"].status, RightStatus::kProhibited);
  // Registration concerns commercial use, not sharing for research.
  EXPECT_EQ(Find(sai.rights["redistribute"], "registration"), nullptr);

  Report qwen = AssessRelease(WithCard({"other"}, "tongyi qianwen license agreement"), Table());
  ASSERT_EQ(qwen.license.effective[0].key, "tongyi-qianwen");
  EXPECT_NE(Find(qwen.rights["commercial"], "user-threshold"), nullptr);
  EXPECT_EQ(Find(qwen.rights["redistribute"], "user-threshold"), nullptr);
  EXPECT_TRUE(Contains(Find(qwen.rights["commercial"], "user-threshold")->text, "100 million"));
}

TEST(RightsTest, GemmaHostingIsDistributionButNeedsNoNoticeFile) {
  Report g = AssessRelease(WithCard({"gemma"}), Table());
  const Right& saas = g.rights["saas"];
  EXPECT_EQ(saas.status, RightStatus::kConditional);
  EXPECT_NE(Find(saas, "use-restrictions-pass-through"), nullptr);
  EXPECT_NE(Find(saas, "license-copy"), nullptr);
  EXPECT_EQ(Find(saas, "notice-file"), nullptr);
  EXPECT_NE(Find(g.rights["redistribute"], "notice-file"), nullptr);
  EXPECT_NE(Find(g.rights["train-other-models"], "outputs-derivative"), nullptr);
  EXPECT_EQ(g.rights["train-other-models"].status, RightStatus::kConditional);
}

TEST(RightsTest, UnknownTermsStayUnknownWithAReason) {
  Report b = AssessRelease(WithCard({"other"}, "baichuan-2-community-license"), Table());
  ASSERT_EQ(b.license.effective[0].key, "baichuan-2-community");
  EXPECT_EQ(b.rights["commercial"].status, RightStatus::kUnknown);
  const Condition* why = Find(b.rights["commercial"], "license-terms");
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(why->evidence.file, "README.md");
}

TEST(RightsTest, CustomLicenseTextDecidesForOtherLicenses) {
  ReleaseEvidence ev = WithCard({"other"}, "acme-model-license");
  AddText(&ev, "LICENSE", FileRole::kLicense,
          "ACME MODEL LICENSE\n\nYou may use and share the model for non-commercial purposes "
          "only.\n\nYou may not use the model or its outputs to train any other large language "
          "model.\n");
  Report r = AssessRelease(ev, Table());
  ASSERT_EQ(r.license.effective[0].key, "other");
  const Right& commercial = r.rights["commercial"];
  EXPECT_EQ(commercial.status, RightStatus::kProhibited);
  ASSERT_FALSE(commercial.conditions.empty());
  EXPECT_EQ(commercial.conditions[0].code, "non-commercial");
  EXPECT_EQ(commercial.conditions[0].evidence.file, "LICENSE");
  EXPECT_EQ(commercial.conditions[0].evidence.line, 3);
  EXPECT_EQ(r.rights["saas"].status, RightStatus::kProhibited);
  EXPECT_EQ(r.rights["redistribute"].status, RightStatus::kConditional);
  EXPECT_EQ(r.rights["train-other-models"].status, RightStatus::kProhibited);
  EXPECT_EQ(r.rights["research"].status, RightStatus::kConditional);
}

TEST(RightsTest, CustomTextWithoutRestrictionsSaysNothing) {
  ReleaseEvidence ev = WithCard({"other"}, "acme-open");
  AddText(&ev, "LICENSE", FileRole::kLicense,
          "ACME LICENSE\n\nEveryone may use, change and share this model.\n");
  Report r = AssessRelease(ev, Table());
  for (std::string_view u : kUseCases) {
    EXPECT_EQ(r.rights[std::string(u)].status, RightStatus::kUnknown) << u;
  }
}

TEST(RightsTest, NoLicenseAtAllIsUnknownWithoutConditions) {
  Report r = AssessRelease(WithCard({}), Table());
  for (std::string_view u : kUseCases) {
    EXPECT_EQ(r.rights[std::string(u)].status, RightStatus::kUnknown) << u;
    EXPECT_TRUE(r.rights[std::string(u)].conditions.empty()) << u;
  }
}

TEST(RightsTest, StrictestLicenseWinsAndConditionsNameTheirLicense) {
  Report r = AssessRelease(WithCard({"Apache-2.0 AND CC-BY-NC-4.0"}), Table());
  ASSERT_EQ(r.license.effective.size(), 2u);
  EXPECT_EQ(r.rights["commercial"].status, RightStatus::kProhibited);
  const Condition* nc = Find(r.rights["commercial"], "non-commercial");
  ASSERT_NE(nc, nullptr);
  EXPECT_TRUE(Contains(nc->text, "Creative Commons Attribution Non Commercial 4.0: "));
  EXPECT_EQ(r.rights["redistribute"].status, RightStatus::kConditional);
}

TEST(RightsTest, ResearchUse) {
  EXPECT_EQ(AssessRelease(WithCard({"mit"}), Table()).rights["research"].status,
            RightStatus::kAllowed);
  Report l31 = AssessRelease(WithCard({"llama3.1"}), Table());
  EXPECT_EQ(l31.rights["research"].status, RightStatus::kConditional);
  EXPECT_NE(Find(l31.rights["research"], "acceptable-use-policy"), nullptr);
  EXPECT_EQ(Find(l31.rights["research"], "attribution-display"), nullptr);
  Report mrl = AssessRelease(WithCard({"other"}, "mrl"), Table());
  EXPECT_EQ(mrl.rights["commercial"].status, RightStatus::kProhibited);
  EXPECT_EQ(mrl.rights["research"].status, RightStatus::kConditional);
  EXPECT_NE(Find(mrl.rights["research"], "research-only"), nullptr);
}

// Every license of the knowledge base, declared without a text: every condition has a code,
// words and a citation, and the open licenses come out allowed.
TEST(RightsTest, EveryKnownLicenseGivesCitedConditions) {
  for (const LicenseKey& k : Table().entries()) {
    if (k.kind == LicenseKind::kUnknown) continue;
    Report r = AssessRelease(WithCard({"other"}, k.name), Table());
    SCOPED_TRACE(k.key);
    if (r.license.effective.empty() || r.license.effective[0].key != k.key) {
      r = AssessRelease(WithCard({k.key}), Table());
    }
    ASSERT_EQ(r.license.effective[0].key, k.key);
    for (std::string_view u : kUseCases) {
      const Right& right = r.rights[std::string(u)];
      if (k.open()) {
        EXPECT_EQ(right.status, RightStatus::kAllowed) << u;
      }
      if (right.status == RightStatus::kProhibited) {
        EXPECT_FALSE(right.conditions.empty()) << u;
      }
      for (const Condition& c : right.conditions) {
        EXPECT_FALSE(c.code.empty());
        EXPECT_GT(c.text.size(), 10u) << c.code;
        EXPECT_TRUE(c.evidence.file.has_value()) << u << " " << c.code;
      }
    }
    if (k.kind == LicenseKind::kNonCommercial) {
      EXPECT_EQ(r.rights["commercial"].status, RightStatus::kProhibited);
    }
  }
}

}  // namespace
}  // namespace openness
