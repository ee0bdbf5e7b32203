// Tests of the clause detectors: for each clause a text (our own wording) that has it and one
// that does not, plus the unit splitting, line numbers, excerpts and limits.
#include "openness/license_clauses.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace openness {
namespace {

std::vector<ClauseHit> Detect(std::string_view text) { return DetectClauses(text); }

bool Has(std::string_view text, std::string_view code) {
  return FindClause(Detect(text), code) != nullptr;
}

std::string Value(std::string_view text, std::string_view code, const std::string& key) {
  const std::vector<ClauseHit> hits = Detect(text);
  const ClauseHit* h = FindClause(hits, code);
  if (h == nullptr) return "<no hit>";
  auto it = h->values.find(key);
  return it == h->values.end() ? "<no value>" : it->second;
}

TEST(ClauseCodesTest, EveryCodeIsKnownAndUnique) {
  std::set<std::string_view> seen;
  for (std::string_view c : kClauseCodes) {
    EXPECT_TRUE(IsClauseCode(c));
    EXPECT_TRUE(seen.insert(c).second) << c;
  }
  EXPECT_FALSE(IsClauseCode("commercial"));
}

TEST(ParseQuantityTest, ScalesAndSeparators) {
  uint64_t n = 0;
  ASSERT_TRUE(ParseQuantity("700", "million", &n));
  EXPECT_EQ(n, 700'000'000u);
  ASSERT_TRUE(ParseQuantity("1,000,000", "", &n));
  EXPECT_EQ(n, 1'000'000u);
  ASSERT_TRUE(ParseQuantity("1.5", "billion", &n));
  EXPECT_EQ(n, 1'500'000'000u);
  ASSERT_TRUE(ParseQuantity("10", "M", &n));
  EXPECT_EQ(n, 10'000'000u);
  ASSERT_TRUE(ParseQuantity("1.000.000", "", &n));
  EXPECT_EQ(n, 1'000'000u);
  EXPECT_FALSE(ParseQuantity("abc", "", &n));
  EXPECT_FALSE(ParseQuantity("7", "zillion", &n));
  EXPECT_FALSE(ParseQuantity("99999999999999999", "billion", &n));  // overflows
}

TEST(NonCommercialTest, FindsGrantsLimitedToNonCommercialUse) {
  EXPECT_TRUE(Has("You may copy the model for non-commercial purposes only.", "non-commercial"));
  EXPECT_TRUE(
      Has("The grant covers use solely for your non-commercial evaluation.", "non-commercial"));
  EXPECT_TRUE(Has("Rights are granted for purposes other than commercial or production use.",
                  "non-commercial"));
  EXPECT_TRUE(Has("The weights may not be used for any commercial purposes.", "non-commercial"));
  // A prohibition list introduced by its lead-in sentence.
  EXPECT_TRUE(
      Has("You will not, and will not let anyone:\n\na. run the model for (i) any "
          "commercial or production purposes, or (ii) anything else.\n",
          "non-commercial"));
}

TEST(NonCommercialTest, IgnoresCommercialWordsThatRestrictNothing) {
  EXPECT_FALSE(
      Has("2. Additional Commercial Terms. Big companies need another license.", "non-commercial"));
  EXPECT_FALSE(Has("In no event is anyone liable for lost profits or other commercial damages.",
                   "non-commercial"));
  EXPECT_FALSE(Has("You may use the model for any commercial purpose you like.", "non-commercial"));
  EXPECT_FALSE(
      Has("This grant covers research, non-commercial and commercial uses.", "non-commercial"));
}

TEST(ResearchOnlyTest, PositiveAndNegative) {
  EXPECT_TRUE(
      Has("You shall only use the model and its outputs for Research Purposes.", "research-only"));
  EXPECT_TRUE(
      Has("\"Research Use\" means use for research or evaluation purposes only.", "research-only"));
  EXPECT_FALSE(Has("The model was trained by our research team and may be used by anyone.",
                   "research-only"));
}

TEST(UserThresholdTest, ReadsTheNumberInEitherOrder) {
  EXPECT_EQ(Value("If your services had more than 700 million monthly active users in the prior "
                  "month, ask us for a license.",
                  "user-threshold", "monthly_active_users"),
            "700000000");
  EXPECT_EQ(Value("If the monthly active users of your product exceed 100,000,000, you need a "
                  "separate agreement.",
                  "user-threshold", "monthly_active_users"),
            "100000000");
  EXPECT_EQ(Value("Services above 1 million daily active users are excluded.", "user-threshold",
                  "daily_active_users"),
            "1000000");
  EXPECT_EQ(
      Value("Platforms above 50M MAU need a license.", "user-threshold", "monthly_active_users"),
      "50000000");
}

TEST(UserThresholdTest, NegativeCases) {
  EXPECT_FALSE(Has("Count your monthly active users however you like.", "user-threshold"));
  // A money amount after the users clause is not a user count.
  const std::vector<ClauseHit> hits = Detect(
      "Above 100 million monthly active users, or more than 20 million US dollars in monthly "
      "revenue, show the model name.");
  int users = 0;
  for (const ClauseHit& h : hits) users += h.code == "user-threshold";
  EXPECT_EQ(users, 1);
  EXPECT_EQ(Value("Above 100 million monthly active users, or more than 20 million US dollars in "
                  "monthly revenue, show the model name.",
                  "revenue-threshold", "monthly_revenue"),
            "20000000");
}

TEST(RevenueThresholdTest, ReadsAmountAndCurrency) {
  EXPECT_EQ(Value("Organisations with annual revenue of less than US $1,000,000 use it for free.",
                  "revenue-threshold", "annual_revenue"),
            "1000000");
  EXPECT_EQ(Value("If you generate more than USD $1,000,000 in annual revenue the license ends.",
                  "revenue-threshold", "annual_revenue"),
            "1000000");
  EXPECT_EQ(Value("Companies whose gross revenues exceed €5 million must pay.", "revenue-threshold",
                  "currency"),
            "EUR");
  EXPECT_FALSE(Has("Use must not be revenue generating.", "revenue-threshold"));
  EXPECT_FALSE(Has("We charge $20 per seat.", "revenue-threshold"));
}

TEST(AttributionDisplayTest, ReadsThePhrase) {
  EXPECT_EQ(Value("You shall prominently display \xE2\x80\x9C"
                  "Built with Llama\xE2\x80\x9D on a "
                  "related website.",
                  "attribution-display", "phrase"),
            "Built with Llama");
  EXPECT_EQ(Value("and you must show \"Powered by Acme AI\" in the interface.",
                  "attribution-display", "phrase"),
            "Powered by Acme AI");
  // The duty is in the sentence before the quoted statement.
  EXPECT_EQ(Value("You shall include in any public statement the following statement:\n\n"
                  "\"[name] is built using Acme technology\".\n",
                  "attribution-display", "phrase"),
            "[name] is built using Acme technology");
}

TEST(AttributionDisplayTest, NegativeCases) {
  EXPECT_FALSE(Has("This model was built with care by our team.", "attribution-display"));
  EXPECT_FALSE(Has("Our blog post is titled \"Built with love\".", "attribution-display"));
}

TEST(DerivativeNamingTest, ReadsThePrefix) {
  EXPECT_EQ(Value("you shall also include \"Llama\" at the beginning of any such AI model name.",
                  "derivative-naming", "prefix"),
            "Llama");
  EXPECT_EQ(Value("The name of a modified model must begin with \"Acme\".", "derivative-naming",
                  "prefix"),
            "Acme");
  EXPECT_FALSE(Has("Name your model as you wish.", "derivative-naming"));
}

TEST(AcceptableUsePolicyTest, IncorporatedByReferenceWithUrlAndUpdates) {
  const std::string text =
      "Your use must adhere to the Acceptable Use Policy (available at "
      "https://example.com/use-policy), which is hereby incorporated by reference.\n\n"
      "We may update the acceptable use policy from time to time.\n";
  EXPECT_EQ(Value(text, "acceptable-use-policy", "url"), "https://example.com/use-policy");
  EXPECT_EQ(Value(text, "acceptable-use-policy", "updatable"), "true");
  EXPECT_EQ(Value(text, "acceptable-use-policy", "name"), "Acceptable Use Policy");
  EXPECT_EQ(Value("Use must comply with the Stability AI AUP.", "acceptable-use-policy", "name"),
            "AUP");
  EXPECT_EQ(
      Value("Use must comply with the Stability AI AUP.", "acceptable-use-policy", "updatable"),
      "<no value>");
}

TEST(AcceptableUsePolicyTest, NegativeCases) {
  EXPECT_FALSE(Has("Please review our Privacy Policy, which explains how we collect data.",
                   "acceptable-use-policy"));
  EXPECT_FALSE(Has("See the use policy page for examples.", "acceptable-use-policy"));
}

TEST(OutputUseRestrictionTest, BansAndTheirExceptions) {
  const std::string text =
      "You will not use the Materials or any output or results of the Materials to improve any "
      "other large language model (excluding Acme or derivative works thereof).";
  EXPECT_EQ(Value(text, "output-use-restriction", "scope"), "any other large language model");
  EXPECT_EQ(Value(text, "output-use-restriction", "except"), "Acme or derivative works thereof");
  EXPECT_TRUE(
      Has("You may not use the Output to train, fine-tune, or distill a model that is "
          "competitive with ours.",
          "output-use-restriction"));
}

TEST(OutputUseRestrictionTest, NegativeCases) {
  // A naming duty for models trained on outputs is not a ban.
  EXPECT_FALSE(
      Has("If you use the outputs to train an AI model, which is distributed, include "
          "\"Acme\" in its name.",
          "output-use-restriction"));
  EXPECT_FALSE(Has("You may not use the outputs to create other works that break the policy.",
                   "output-use-restriction"));
}

TEST(FieldOfUseTest, BannedFieldsUnderAProhibitingLeadIn) {
  const std::string text =
      "Use restrictions\n\nYou agree not to use the Model:\n\n- For military use in any way;\n"
      "- For surveillance of people;\n- To give medical advice.\n";
  const std::vector<ClauseHit> hits = Detect(text);
  std::set<std::string> fields;
  for (const ClauseHit& h : hits) {
    if (h.code == "field-of-use") fields.insert(h.values.at("field"));
  }
  EXPECT_EQ(fields, (std::set<std::string>{"military", "surveillance", "medical"}));
  EXPECT_EQ(FindClause(hits, "field-of-use")->line, 5);
}

TEST(FieldOfUseTest, MentionsOutsideAProhibitionAreIgnored) {
  EXPECT_FALSE(Has("This model was evaluated on military history questions.", "field-of-use"));
  EXPECT_FALSE(
      Has("Intro:\n\n- Surveillance cameras produce the training images.\n", "field-of-use"));
}

TEST(GeographicExclusionTest, RegionAndScope) {
  const std::string text =
      "With respect to any multimodal models, the rights granted are not being granted to you if "
      "you are an individual domiciled in, or a company with a principal place of business in, "
      "the European Union.";
  EXPECT_EQ(Value(text, "geographic-exclusion", "region"), "European Union");
  EXPECT_EQ(Value(text, "geographic-exclusion", "scope"), "multimodal models");
  // A definition that names a region without denying anything.
  EXPECT_FALSE(
      Has("\"Acme\" means Acme Ireland (if your principal place of business is in the "
          "EEA) and Acme Inc. otherwise.",
          "geographic-exclusion"));
}

TEST(RegistrationTest, PositiveAndNegative) {
  EXPECT_EQ(Value("For commercial use you must register with us at (https://example.com/register).",
                  "registration", "url"),
            "https://example.com/register");
  EXPECT_TRUE(Has("Send the completed Registration Form to our email.", "registration"));
  EXPECT_FALSE(
      Has("Acme is a registered trademark. Our company is registered in Paris.", "registration"));
}

TEST(TerminationTest, Triggers) {
  const std::string text =
      "We may terminate this Agreement if you are in breach of it.\n\n"
      "If you institute litigation against us, your licenses terminate.\n\n"
      "We may terminate this License at any time upon notice to you.\n";
  std::set<std::string> triggers;
  for (const ClauseHit& h : Detect(text)) {
    if (h.code == "termination") triggers.insert(h.values.at("trigger"));
  }
  EXPECT_EQ(triggers, (std::set<std::string>{"breach", "litigation", "at-will"}));
  EXPECT_FALSE(Has("The term of this agreement is perpetual.", "termination"));
}

TEST(NoDerivativesTest, PositiveAndNegative) {
  EXPECT_TRUE(Has("NoDerivatives: you may not share Adapted Material.", "no-derivatives"));
  EXPECT_TRUE(Has("You may not create derivative works of the model.", "no-derivatives"));
  EXPECT_FALSE(Has("You may create derivative works and share them.", "no-derivatives"));
}

TEST(NoHostingTest, PositiveAndNegative) {
  EXPECT_TRUE(
      Has("You may not use the model to let third parties use it as part of your hosted "
          "service or via your APIs.",
          "no-hosting"));
  EXPECT_TRUE(
      Has("You will not:\n\na) provide the model as a stand-alone hosted solution for "
          "others.\n",
          "no-hosting"));
  EXPECT_FALSE(Has("You may host the model for third-party remote access (software-as-a-service).",
                   "no-hosting"));
}

TEST(NoRedistributionTest, PositiveAndNegative) {
  EXPECT_TRUE(
      Has("You may use the models, but you may not distribute the models.", "no-redistribution"));
  EXPECT_FALSE(Has("You may not distribute the model unless you include this license.",
                   "no-redistribution"));
  // Sharing derivatives is banned, not the work itself.
  EXPECT_FALSE(Has("You may not distribute modified versions of the model.", "no-redistribution"));
  EXPECT_TRUE(Has("You may not distribute modified versions of the model.", "no-derivatives"));
}

TEST(NoticeDutiesTest, CopyNoticeAndChanges) {
  const std::string text =
      "You must give any other recipients a copy of this License; you must cause any modified "
      "files to carry prominent notices stating that You changed the files; and keep a \"NOTICE\" "
      "text file with the attributions.";
  EXPECT_TRUE(Has(text, "license-copy"));
  EXPECT_TRUE(Has(text, "mark-modifications"));
  EXPECT_TRUE(Has(text, "notice-file"));
  // A packager's pointer to the original is not a duty to ship a copy.
  EXPECT_FALSE(
      Has("[For a copy of the original license, see https://example.com]", "license-copy"));
}

TEST(PassThroughTest, PositiveAndNegative) {
  EXPECT_TRUE(
      Has("You must include the use restrictions as an enforceable provision in any "
          "agreement governing its use.",
          "use-restrictions-pass-through"));
  EXPECT_FALSE(
      Has("You may license your modifications under any terms.", "use-restrictions-pass-through"));
}

TEST(OtherContextClausesTest, DerivativeOutputsChangesShareAlikeLaw) {
  EXPECT_TRUE(Has("\"Derivatives\" include models trained by distillation from the Model.",
                  "outputs-derivative"));
  EXPECT_TRUE(Has("The Licensor reserves the right to update the Agreement from time to time.",
                  "terms-may-change"));
  EXPECT_TRUE(
      Has("If you remix the material, you must distribute it under the same license "
          "(ShareAlike).",
          "share-alike"));
  EXPECT_EQ(Value("This Agreement will be governed by the laws of the State of California without "
                  "regard to conflicts.",
                  "governing-law", "law"),
            "State of California");
  EXPECT_FALSE(Has("Models are fun.", "outputs-derivative"));
  EXPECT_FALSE(Has("We update the model weekly.", "terms-may-change"));
}

TEST(DetectClausesTest, WrappedClauseReportsTheLineItStartsOn) {
  const std::string text =
      "1. Grant.\n\n2. Additional Commercial Terms. If the monthly active users of your\n"
      "products is greater than 700 million monthly active users in the preceding\n"
      "calendar month, you must request a license.\n";
  const std::vector<ClauseHit> hits = Detect(text);
  const ClauseHit* h = FindClause(hits, "user-threshold");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->line, 3);
  EXPECT_LE(h->excerpt.size(), 200u);
  EXPECT_NE(h->excerpt.find("700 million"), std::string::npos);
}

TEST(DetectClausesTest, HyphenatedLineBreaksAndCrLf) {
  EXPECT_TRUE(Has("Use it for non-\r\ncommercial purposes only.\r\n", "non-commercial"));
}

TEST(DetectClausesTest, PermissiveTextHasNoRestrictiveClause) {
  const std::string mit_like =
      "Permission is granted, free of charge, to any person obtaining a copy of this software, "
      "to deal in it without restriction, including the rights to use, copy, modify, merge, "
      "publish, distribute, sublicense, and sell copies, subject to the following condition:\n\n"
      "The above copyright notice and this permission notice shall be included in all copies.\n";
  const std::vector<ClauseHit> hits = Detect(mit_like);
  for (std::string_view code :
       {"non-commercial", "research-only", "user-threshold", "revenue-threshold",
        "attribution-display", "derivative-naming", "acceptable-use-policy",
        "output-use-restriction", "field-of-use", "geographic-exclusion", "registration",
        "no-derivatives", "no-hosting", "no-redistribution"}) {
    EXPECT_EQ(FindClause(hits, code), nullptr) << code;
  }
  EXPECT_NE(FindClause(hits, "license-copy"), nullptr);
}

TEST(DetectClausesTest, EmptyAndHugeInputsAreBounded) {
  EXPECT_TRUE(Detect("").empty());
  Limits small;
  small.text_file_bytes = 64;
  // The clause sits past the limit: not read.
  std::string text(100, 'x');
  text += "\n\nFor non-commercial purposes only.\n";
  EXPECT_EQ(FindClause(DetectClauses(text, small), "non-commercial"), nullptr);
  // One long line of repeated clauses: hits per code are capped.
  std::string many;
  for (int i = 0; i < 200; ++i)
    many += "Field " + std::to_string(i) + " above " + std::to_string(i + 2) +
            " million monthly active users. ";
  int users = 0;
  for (const ClauseHit& h : DetectClauses(many)) users += h.code == "user-threshold";
  EXPECT_EQ(users, 8);
}

}  // namespace
}  // namespace openness
