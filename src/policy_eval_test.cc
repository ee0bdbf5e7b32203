// EvaluatePolicy: one test per rule (when it fires, when it does not, the evidence it carries),
// on_unknown, exceptions (waived, expired, expiring, waiving nothing) and the outcome verdict.
#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "openness/policy.h"

namespace openness {
namespace {

using namespace ::openness::testing;  // NOLINT: the Make* report builders

const LicenseTable& Table() { return LicenseTable::Builtin(); }

Policy MakePolicy(std::string_view toml) {
  Policy p;
  const Status s = ParsePolicy(toml, "p.toml", Table(), &p);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return p;
}

Evidence CardLicense() {
  Evidence e = Evidence::InFile("README.md", 3).WithKey("cardData.license");
  e.WithExcerpt("license: x");
  return e;
}

// A report for org/model under one license key, with every right set to status (conditions
// as given), level open-weights, OSAID undetermined.
Report MakeReport(const std::string& key, RightStatus status = RightStatus::kAllowed,
                  std::vector<Condition> conditions = {}) {
  Report r = Report::Empty();
  r.subject.source = "local";
  r.subject.id = "org/model";
  r.subject.path = "models/model";
  r.license.effective.push_back(MakeEffective(key));
  r.license.declared.push_back(MakeDeclared(key, CardLicense()));
  for (std::string_view use : kUseCases) r.rights[std::string(use)] = MakeRight(status, conditions);
  r.openness.level = "open-weights";
  return r;
}

PolicyOutcome Evaluate(const Policy& p, const Report& r, PolicyDate today = {2026, 6, 1}) {
  EvaluateOptions options;
  options.today = today;
  return EvaluatePolicy(p, r, Table(), options);
}

std::vector<std::string> Rules(const PolicyOutcome& o) {
  std::vector<std::string> out;
  for (const PolicyViolation& v : o.violations) out.push_back(v.rule);
  return out;
}

TEST(PolicyEvalTest, OpenLicensePassesACommercialPolicy) {
  const Policy p = MakePolicy(
      "use = [\"commercial\", \"saas\", \"redistribute\", \"derivatives\"]\n"
      "min_level = \"open-weights\"\nallow = [\"osi\"]\ndeny = [\"non-commercial\"]\n");
  const PolicyOutcome o = Evaluate(p, MakeReport("apache-2.0"));
  EXPECT_TRUE(o.violations.empty()) << ::testing::PrintToString(Rules(o));
  EXPECT_TRUE(o.passed());
  EXPECT_EQ(o.failing(), 0u);
}

TEST(PolicyEvalTest, UseProhibitedCarriesTheConditionEvidence) {
  const Policy p = MakePolicy("use = \"commercial\"\n");
  Evidence where = Evidence::InFile("LICENSE", 12);
  const Report r = MakeReport("cc-by-nc-4.0", RightStatus::kProhibited,
                              {MakeCondition("non-commercial", "Non-commercial use only.", where)});
  const PolicyOutcome o = Evaluate(p, r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"use-prohibited"});
  const PolicyViolation& v = o.violations[0];
  EXPECT_EQ(v.message, "Commercial use is prohibited. Non-commercial use only.");
  EXPECT_EQ(v.evidence, std::vector<Evidence>{where});
  EXPECT_EQ(v.policy_line, 1);
  EXPECT_TRUE(v.fails());
  EXPECT_FALSE(v.from_unknown);
  EXPECT_FALSE(o.passed());
}

TEST(PolicyEvalTest, UseProhibitedWithoutConditionsFallsBackToLicenseEvidence) {
  const Policy p = MakePolicy("use = \"saas\"\n");
  const PolicyOutcome o = Evaluate(p, MakeReport("cc-by-nc-4.0", RightStatus::kProhibited));
  ASSERT_EQ(Rules(o), std::vector<std::string>{"use-prohibited"});
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{CardLicense()});
}

TEST(PolicyEvalTest, OnlyTheIntendedUsesAreChecked) {
  Report r = MakeReport("cc-by-nc-4.0");
  r.rights["commercial"].status = RightStatus::kProhibited;
  EXPECT_TRUE(Evaluate(MakePolicy("use = \"redistribute\"\n"), r).passed());
  EXPECT_FALSE(Evaluate(MakePolicy("use = \"commercial\"\n"), r).passed());
}

TEST(PolicyEvalTest, UseUnknownFailsClosedUnlessWarned) {
  Report r = MakeReport("mit", RightStatus::kUnknown);
  const PolicyOutcome fail = Evaluate(MakePolicy("use = \"derivatives\"\n"), r);
  ASSERT_EQ(Rules(fail), std::vector<std::string>{"use-unknown"});
  EXPECT_TRUE(fail.violations[0].from_unknown);
  EXPECT_TRUE(fail.violations[0].fails());

  const PolicyOutcome warn =
      Evaluate(MakePolicy("use = \"derivatives\"\non_unknown = \"warn\"\n"), r);
  ASSERT_EQ(Rules(warn), std::vector<std::string>{"use-unknown"});
  EXPECT_FALSE(warn.violations[0].blocking);
  EXPECT_EQ(warn.violations[0].policy_line, 2);  // the on_unknown line decided it
  EXPECT_TRUE(warn.passed());

  // A report without the right at all counts as unknown.
  r.rights.erase("derivatives");
  EXPECT_EQ(Rules(Evaluate(MakePolicy("use = \"derivatives\"\n"), r)),
            std::vector<std::string>{"use-unknown"});
}

TEST(PolicyEvalTest, ConditionalRightsNeedEveryConditionAccepted) {
  Evidence e1 = Evidence::InFile("LICENSE", 40), e2 = Evidence::InFile("LICENSE", 52);
  const Report r =
      MakeReport("llama3.1", RightStatus::kConditional,
                 {MakeCondition("attribution-display", "Display \"Built with X\".", e1),
                  MakeCondition("user-threshold", "Over 700M monthly users need a license.", e2)});
  const PolicyOutcome some = Evaluate(
      MakePolicy(
          "use = [\"commercial\", \"saas\"]\naccept_conditions = [\"attribution-display\"]\n"),
      r);
  // One violation per condition code, naming every use that carries it.
  ASSERT_EQ(Rules(some), std::vector<std::string>{"condition-not-accepted"});
  EXPECT_EQ(some.violations[0].message,
            "Condition 'user-threshold' (commercial, saas) is not in accept_conditions. Over 700M "
            "monthly users need a license.");
  EXPECT_EQ(some.violations[0].evidence, std::vector<Evidence>{e2});
  EXPECT_EQ(some.violations[0].policy_line, 2);

  EXPECT_TRUE(Evaluate(MakePolicy("use = \"commercial\"\naccept_conditions = "
                                  "[\"attribution-display\", \"user-threshold\"]\n"),
                       r)
                  .passed());
  EXPECT_TRUE(
      Evaluate(MakePolicy("use = \"commercial\"\naccept_conditions = \"*\"\n"), r).passed());
  // Nothing listed: every condition fails (closed by default).
  EXPECT_EQ(Evaluate(MakePolicy("use = \"commercial\"\n"), r).failing(), 2u);
}

TEST(PolicyEvalTest, ConditionalWithoutNamedConditionsIsNotAccepted) {
  const Report r = MakeReport("llama3.1", RightStatus::kConditional);
  const PolicyOutcome o =
      Evaluate(MakePolicy("use = \"commercial\"\naccept_conditions = [\"notice-file\"]\n"), r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"condition-not-accepted"});
  EXPECT_NE(o.violations[0].message.find("without named conditions"), std::string::npos);
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{CardLicense()});
}

TEST(PolicyEvalTest, ConditionalRejectedWhenConditionalRightsAreNotAccepted) {
  Evidence e = Evidence::InFile("LICENSE", 9);
  const Report r = MakeReport("llama3.1", RightStatus::kConditional,
                              {MakeCondition("notice-file", "Ship NOTICE.", e)});
  const PolicyOutcome o =
      Evaluate(MakePolicy("use = \"train-other-models\"\naccept_conditional = false\n"
                          "accept_conditions = [\"notice-file\"]\n"),
               r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"conditional-rejected"});
  EXPECT_EQ(o.violations[0].policy_line, 2);
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{e});
  EXPECT_NE(o.violations[0].message.find("(notice-file)"), std::string::npos);
}

TEST(PolicyEvalTest, ResearchChecksNoRight) {
  const Report r = MakeReport("cc-by-nc-4.0", RightStatus::kProhibited);
  EXPECT_TRUE(Evaluate(MakePolicy("use = \"research\"\n"), r).passed());
}

TEST(PolicyEvalTest, LicenseDeniedByKeyOrKind) {
  const Report r = MakeReport("llama3.1", RightStatus::kConditional);
  const PolicyOutcome by_kind = Evaluate(MakePolicy("\ndeny = [\"restricted\"]\n"), r);
  ASSERT_EQ(Rules(by_kind), std::vector<std::string>{"license-denied"});
  EXPECT_NE(by_kind.violations[0].message.find("('restricted' in deny)"), std::string::npos);
  EXPECT_EQ(by_kind.violations[0].evidence, std::vector<Evidence>{CardLicense()});
  EXPECT_EQ(by_kind.violations[0].policy_line, 2);

  EXPECT_EQ(Rules(Evaluate(MakePolicy("deny = [\"llama3.1\"]\n"), r)),
            std::vector<std::string>{"license-denied"});
  EXPECT_TRUE(Evaluate(MakePolicy("deny = [\"non-commercial\", \"gemma\"]\n"), r).passed());
}

TEST(PolicyEvalTest, LicenseEvidenceComesFromTheMatchingDeclarationOrDetection) {
  Report r = MakeReport("llama3.1");
  r.license.declared.clear();
  const Evidence text = Evidence::InFile("LICENSE", 1);
  r.license.declared.push_back(MakeDeclared("Llama 3.1 Community License", CardLicense()));
  r.license.declared.push_back(MakeDeclared("mit", Evidence::InFile("config.json")));
  r.license.detected.push_back(MakeDetected("llama3.1", 0.98, text));
  const PolicyOutcome o = Evaluate(MakePolicy("deny = [\"llama3.1\"]\n"), r);
  ASSERT_EQ(o.violations.size(), 1u);
  EXPECT_EQ(o.violations[0].evidence, (std::vector<Evidence>{CardLicense(), text}));
}

TEST(PolicyEvalTest, LicenseNotAllowed) {
  const Report r = MakeReport("gemma", RightStatus::kConditional);
  const PolicyOutcome o = Evaluate(MakePolicy("allow = [\"osi\", \"open-data\"]\n"), r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"license-not-allowed"});
  EXPECT_EQ(o.violations[0].policy_line, 1);
  EXPECT_TRUE(Evaluate(MakePolicy("allow = [\"osi\", \"gemma\"]\n"), r).passed());
  EXPECT_TRUE(Evaluate(MakePolicy("allow = [\"restricted\"]\n"), r).passed());
}

TEST(PolicyEvalTest, EveryEffectiveLicenseIsChecked) {
  Report r = MakeReport("apache-2.0");
  r.license.effective.push_back(MakeEffective("cc-by-nc-4.0"));
  EXPECT_EQ(Rules(Evaluate(MakePolicy("allow = [\"osi\"]\ndeny = [\"non-commercial\"]\n"), r)),
            (std::vector<std::string>{"license-denied", "license-not-allowed"}));
}

TEST(PolicyEvalTest, UnknownLicenseFailsClosed) {
  const Report other = MakeReport("other", RightStatus::kUnknown);
  const PolicyOutcome o = Evaluate(MakePolicy("allow = [\"osi\"]\n"), other);
  // The unknown license is reported once, as unknown (not also as "not allowed").
  ASSERT_EQ(Rules(o), std::vector<std::string>{"license-unknown"});
  EXPECT_TRUE(o.violations[0].from_unknown);
  EXPECT_TRUE(o.violations[0].fails());
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{CardLicense()});

  // A key outside the table is unknown too.
  EXPECT_EQ(Rules(Evaluate(MakePolicy(""), MakeReport("made-up-license"))),
            std::vector<std::string>{"license-unknown"});
  // Listing "unknown" (or the key) in allow accepts it knowingly.
  EXPECT_TRUE(Evaluate(MakePolicy("allow = [\"osi\", \"unknown\"]\n"), other).passed());
  EXPECT_TRUE(Evaluate(MakePolicy("allow = [\"other\"]\n"), other).passed());
  // Warn: reported, not failing.
  const PolicyOutcome warn = Evaluate(MakePolicy("on_unknown = \"warn\"\n"), other);
  ASSERT_EQ(Rules(warn), std::vector<std::string>{"license-unknown"});
  EXPECT_TRUE(warn.passed());
  // Deny "unknown" turns it into a denial on top.
  EXPECT_EQ(Rules(Evaluate(MakePolicy("deny = [\"unknown\"]\n"), other)),
            (std::vector<std::string>{"license-unknown", "license-denied"}));
}

TEST(PolicyEvalTest, NoLicenseAtAllIsUnknownWithEvidence) {
  Report r = MakeReport("mit");
  r.license.effective.clear();
  r.license.declared.clear();
  const PolicyOutcome none = Evaluate(MakePolicy(""), r);
  ASSERT_EQ(Rules(none), std::vector<std::string>{"license-unknown"});
  ASSERT_EQ(none.violations[0].evidence.size(), 1u);
  EXPECT_EQ(none.violations[0].evidence[0].key, "license.effective");

  const Finding missing = MakeFinding("license-missing", Severity::kError, "No license.",
                                      {Evidence::InFile("README.md", 1)});
  r.findings.push_back(missing);
  const PolicyOutcome with_finding = Evaluate(MakePolicy(""), r);
  EXPECT_EQ(with_finding.violations[0].evidence, missing.evidence);
}

TEST(PolicyEvalTest, BaseModelLicenseDenied) {
  Report r = MakeReport("mit");
  Evidence where = Evidence::InFile("README.md", 4).WithKey("cardData.base_model");
  r.lineage.push_back(MakeLineage("org/base", "finetune", "cc-by-nc-4.0", where));
  r.lineage.push_back(
      MakeLineage("org/other-base", "merge", std::nullopt, Evidence::InFile("README.md", 5)));
  const PolicyOutcome o = Evaluate(MakePolicy("deny = [\"non-commercial\"]\n"), r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"base-license-denied"});
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{where});
  EXPECT_NE(o.violations[0].message.find("org/base (finetune)"), std::string::npos);
  EXPECT_TRUE(
      Evaluate(MakePolicy("deny = [\"non-commercial\"]\ncheck_base_models = false\n"), r).passed());
}

TEST(PolicyEvalTest, LevelBelowMinimum) {
  Report r = MakeReport("llama3.1", RightStatus::kConditional);
  r.openness.level = "open-weights-restricted";
  r.openness.justification = "The license is not open.";
  const PolicyOutcome o = Evaluate(MakePolicy("min_level = \"open-weights\"\n"), r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"level-below-minimum"});
  EXPECT_EQ(o.violations[0].message,
            "The release is open-weights-restricted; the policy requires at least open-weights. "
            "The license is not open.");
  EXPECT_EQ(o.violations[0].evidence, std::vector<Evidence>{CardLicense()});

  EXPECT_TRUE(Evaluate(MakePolicy("min_level = \"open-weights-restricted\"\n"), r).passed());

  r.openness.level = "closed";
  r.weights.evidence = {Evidence::InFile("README.md", 9)};
  const PolicyOutcome closed = Evaluate(MakePolicy("min_level = \"open-weights-restricted\"\n"), r);
  ASSERT_EQ(Rules(closed), std::vector<std::string>{"level-below-minimum"});
  EXPECT_EQ(closed.violations[0].evidence, r.weights.evidence);

  r.openness.level = "open-weights";
  r.openness.osaid_reasons = {MakeReason("training-code-missing", "No training code.",
                                         {Evidence::InFile("README.md", 20)})};
  const PolicyOutcome weights = Evaluate(MakePolicy("min_level = \"open-source\"\n"), r);
  ASSERT_EQ(Rules(weights), std::vector<std::string>{"level-below-minimum"});
  EXPECT_EQ(weights.violations[0].evidence, r.openness.osaid_reasons[0].evidence);
}

TEST(PolicyEvalTest, UndeterminedLevelIsUnknown) {
  Report r = MakeReport("mit");
  r.openness.level = "undetermined";
  const PolicyOutcome o = Evaluate(MakePolicy("min_level = \"closed\"\n"), r);
  ASSERT_EQ(Rules(o), std::vector<std::string>{"level-below-minimum"});
  EXPECT_TRUE(o.violations[0].from_unknown);
  EXPECT_FALSE(o.passed());
  EXPECT_TRUE(Evaluate(MakePolicy("min_level = \"closed\"\non_unknown = \"warn\"\n"), r).passed());
}

TEST(PolicyEvalTest, OsaidRequired) {
  Report r = MakeReport("mit");
  const Policy p = MakePolicy("require_osaid = true\n");
  r.openness.osaid_status = "pass";
  EXPECT_TRUE(Evaluate(p, r).passed());

  r.openness.osaid_status = "fail";
  r.openness.osaid_reasons = {
      MakeReason("training-code-missing", "No training code.", {Evidence::InFile("README.md", 20)}),
      MakeReason("data-information-missing", "No data card.", {})};
  const PolicyOutcome fail = Evaluate(p, r);
  ASSERT_EQ(Rules(fail), std::vector<std::string>{"osaid-required"});
  EXPECT_FALSE(fail.violations[0].from_unknown);
  EXPECT_NE(fail.violations[0].message.find("training-code-missing, data-information-missing"),
            std::string::npos);
  EXPECT_EQ(fail.violations[0].evidence, r.openness.osaid_reasons[0].evidence);

  r.openness.osaid_status = "undetermined";
  r.openness.osaid_reasons.clear();
  const PolicyOutcome unknown = Evaluate(p, r);
  ASSERT_EQ(Rules(unknown), std::vector<std::string>{"osaid-required"});
  EXPECT_TRUE(unknown.violations[0].from_unknown);
  EXPECT_EQ(unknown.violations[0].evidence[0].key, "openness.osaid.status");
}

TEST(PolicyEvalTest, MofClassBelowMinimum) {
  Report r = MakeReport("mit");
  const Policy p = MakePolicy("min_mof_class = \"II\"\n");
  const PolicyOutcome not_assessed = Evaluate(p, r);
  ASSERT_EQ(Rules(not_assessed), std::vector<std::string>{"mof-class-below-minimum"});
  EXPECT_TRUE(not_assessed.violations[0].from_unknown);

  r.openness.mof_class = "I";
  EXPECT_TRUE(Evaluate(p, r).passed());
  r.openness.mof_class = "II";
  EXPECT_TRUE(Evaluate(p, r).passed());
  r.openness.mof_class = "III";
  Evidence absent = Evidence::InFile("README.md", 30);
  Component training_code;
  training_code.status = ComponentStatus::kAbsent;
  training_code.open = false;
  training_code.evidence = {absent};
  r.components["training-code"] = training_code;
  const PolicyOutcome below = Evaluate(p, r);
  ASSERT_EQ(Rules(below), std::vector<std::string>{"mof-class-below-minimum"});
  EXPECT_FALSE(below.violations[0].from_unknown);
  EXPECT_EQ(below.violations[0].evidence, std::vector<Evidence>{absent});
  r.openness.mof_class = "none";
  EXPECT_NE(Evaluate(p, r).violations[0].message.find("class is none"), std::string::npos);
}

TEST(PolicyEvalTest, UnsafeWeightsFormat) {
  Report r = MakeReport("mit");
  Evidence pickle = Evidence::InFile("pytorch_model.bin").WithKey("archive/data.pkl");
  r.findings.push_back(
      MakeFinding("unsafe-weights-format", Severity::kError, "Runs os.system.", {pickle}));
  r.findings.push_back(MakeFinding("unsafe-weights-format", Severity::kWarning, "Unknown globals.",
                                   {Evidence::InFile("b.bin")}));
  r.findings.push_back(MakeFinding("unsafe-weights-format", Severity::kInfo, "Safe globals.",
                                   {Evidence::InFile("c.bin")}));
  const PolicyOutcome dflt = Evaluate(MakePolicy(""), r);  // default: forbid-dangerous
  ASSERT_EQ(Rules(dflt), std::vector<std::string>{"unsafe-weights-format"});
  EXPECT_EQ(dflt.violations[0].message, "Runs os.system.");
  EXPECT_EQ(dflt.violations[0].evidence, std::vector<Evidence>{pickle});
  EXPECT_EQ(Evaluate(MakePolicy("unsafe_weights = \"forbid-unverified\"\n"), r).failing(), 2u);
  EXPECT_EQ(Evaluate(MakePolicy("unsafe_weights = \"forbid-pickle\"\n"), r).failing(), 3u);
  EXPECT_TRUE(Evaluate(MakePolicy("unsafe_weights = \"allow\"\n"), r).passed());
}

TEST(PolicyEvalTest, DeniedFindings) {
  Report r = MakeReport("mit");
  Evidence claim = Evidence::InFile("README.md", 7);
  r.findings.push_back(
      MakeFinding("open-washing", Severity::kWarning, "Says open source.", {claim}));
  r.findings.push_back(
      MakeFinding("gated", Severity::kInfo, "Gated.", {Evidence::InFile("README.md", 2)}));
  r.findings.push_back(MakeFinding("unsafe-weights-format", Severity::kError, "Runs code.",
                                   {Evidence::InFile("x.bin")}));
  const PolicyOutcome o =
      Evaluate(MakePolicy("deny_findings = [\"open-washing\", \"unsafe-weights-format\"]\n"), r);
  // The unsafe pickle is reported once, by its own rule.
  ASSERT_EQ(Rules(o), (std::vector<std::string>{"unsafe-weights-format", "denied-finding"}));
  EXPECT_EQ(o.violations[1].message, "Finding open-washing: Says open source.");
  EXPECT_EQ(o.violations[1].evidence, std::vector<Evidence>{claim});
  EXPECT_EQ(o.violations[1].policy_line, 1);
}

TEST(PolicyEvalTest, EveryViolationCarriesEvidence) {
  // A report with no evidence anywhere still yields violations that point somewhere.
  Report r = Report::Empty();
  r.subject.id = "bare";
  r.openness.level = "undetermined";
  const PolicyOutcome o =
      Evaluate(MakePolicy("use = [\"commercial\", \"saas\"]\nmin_level = \"open-weights\"\n"
                          "require_osaid = true\nmin_mof_class = \"III\"\n"),
               r);
  EXPECT_EQ(Rules(o), (std::vector<std::string>{"license-unknown", "use-unknown", "use-unknown",
                                                "level-below-minimum", "osaid-required",
                                                "mof-class-below-minimum"}));
  for (const PolicyViolation& v : o.violations) {
    EXPECT_FALSE(v.evidence.empty()) << v.rule;
    EXPECT_TRUE(v.from_unknown) << v.rule;
  }
}

TEST(PolicyEvalTest, ExceptionWaivesItsRulesUntilItExpires) {
  const Policy p = MakePolicy(R"(use = "commercial"
deny = ["non-commercial"]

[[exception]]
model = "org/*"
rules = ["use-prohibited"]
reason = "Separate commercial license signed"
expires = 2026-12-31
approved_by = "legal"
)");
  const Report r = MakeReport("cc-by-nc-4.0", RightStatus::kProhibited);
  const PolicyOutcome o = Evaluate(p, r, {2026, 6, 1});
  ASSERT_EQ(Rules(o), (std::vector<std::string>{"license-denied", "use-prohibited"}));
  EXPECT_FALSE(o.violations[0].waiver);  // license-denied is not in the exception's rules
  ASSERT_TRUE(o.violations[1].waiver);
  EXPECT_EQ(o.violations[1].waiver->reason, "Separate commercial license signed");
  EXPECT_EQ(o.violations[1].waiver->line, 4);
  EXPECT_EQ(o.violations[1].waiver->approved_by, "legal");
  EXPECT_FALSE(o.violations[1].fails());
  EXPECT_EQ(o.failing(), 1u);
  EXPECT_TRUE(o.notes.empty());

  // The last day still counts; the next day the exception is gone, with a note.
  EXPECT_TRUE(Evaluate(p, r, {2026, 12, 31}).violations[1].waiver);
  const PolicyOutcome expired = Evaluate(p, r, {2027, 1, 1});
  EXPECT_FALSE(expired.violations[1].waiver);
  EXPECT_EQ(expired.failing(), 2u);
  ASSERT_EQ(expired.notes.size(), 1u);
  EXPECT_EQ(expired.notes[0].text,
            "Exception for 'org/*' (p.toml:4) expired on 2026-12-31; the rules it waived apply "
            "again.");
  EXPECT_EQ(expired.notes[0].policy_line, 4);
}

TEST(PolicyEvalTest, ExceptionWithoutRulesWaivesEverythingForItsModelOnly) {
  const Policy p = MakePolicy(
      "use = \"commercial\"\n[[exception]]\nmodel = \"org/model\"\nreason = \"r\"\n"
      "expires = 2030-01-01\n");
  Report r = MakeReport("cc-by-nc-4.0", RightStatus::kProhibited);
  EXPECT_TRUE(Evaluate(p, r).passed());
  r.subject.id = "org/model-2";
  r.subject.path = "elsewhere";
  EXPECT_FALSE(Evaluate(p, r).passed());
  // The local path matches too (a folder checked into the repository).
  r.subject.path = "org/model";
  EXPECT_TRUE(Evaluate(p, r).passed());
}

TEST(PolicyEvalTest, ExceptionNotes) {
  const Policy p = MakePolicy(
      "use = \"commercial\"\n[[exception]]\nmodel = \"org/model\"\nreason = \"r\"\n"
      "expires = 2026-06-10\n");
  // Expiring within 14 days: a reminder.
  const PolicyOutcome soon =
      Evaluate(p, MakeReport("cc-by-nc-4.0", RightStatus::kProhibited), {2026, 6, 1});
  ASSERT_EQ(soon.notes.size(), 1u);
  EXPECT_NE(soon.notes[0].text.find("expires on 2026-06-10 (in 9 days)"), std::string::npos);
  // Waiving nothing: a suggestion to remove it.
  const PolicyOutcome unused = Evaluate(p, MakeReport("mit"), {2026, 6, 1});
  ASSERT_EQ(unused.notes.size(), 1u);
  EXPECT_NE(unused.notes[0].text.find("waived nothing"), std::string::npos);
  // Far from expiry: silent.
  const Policy later = MakePolicy(
      "use = \"commercial\"\n[[exception]]\nmodel = \"org/model\"\nreason = \"r\"\n"
      "expires = 2027-06-10\n");
  EXPECT_TRUE(Evaluate(later, MakeReport("cc-by-nc-4.0", RightStatus::kProhibited)).notes.empty());
}

TEST(PolicyEvalTest, WithoutADateEveryExceptionCountsAsExpired) {
  const Policy p = MakePolicy(
      "use = \"commercial\"\n[[exception]]\nmodel = \"*\"\nreason = \"r\"\nexpires = 2099-01-01\n");
  const PolicyOutcome o =
      EvaluatePolicy(p, MakeReport("cc-by-nc-4.0", RightStatus::kProhibited), Table(), {});
  EXPECT_FALSE(o.passed());
  ASSERT_EQ(o.notes.size(), 1u);
  EXPECT_NE(o.notes[0].text.find("no current date was given"), std::string::npos);
}

TEST(PolicyEvalTest, WarningsAndWaiversDoNotFail) {
  PolicyOutcome o;
  EXPECT_TRUE(o.passed());
  PolicyViolation warning;
  warning.blocking = false;
  o.violations.push_back(warning);
  PolicyViolation waived;
  waived.waiver = PolicyWaiver{"r", {2030, 1, 1}, "", 3};
  o.violations.push_back(waived);
  EXPECT_TRUE(o.passed());
  o.violations.push_back(PolicyViolation{});
  EXPECT_FALSE(o.passed());
  EXPECT_EQ(o.failing(), 1u);
}

}  // namespace
}  // namespace openness
