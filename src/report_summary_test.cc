#include "report_summary.h"

#include <gtest/gtest.h>

namespace openness {
namespace {

Condition Cond(std::string code, std::string text, Evidence e) {
  Condition c;
  c.code = std::move(code);
  c.text = std::move(text);
  c.evidence = std::move(e);
  return c;
}

Report WithRights(RightStatus commercial, RightStatus others) {
  Report r = Report::Empty();
  for (std::string_view u : kUseCases) r.rights[std::string(u)].status = others;
  r.rights["commercial"].status = commercial;
  r.openness.level = "open-weights";
  return r;
}

TEST(VerdictTest, AllAllowedIsGood) {
  Report r = WithRights(RightStatus::kAllowed, RightStatus::kAllowed);
  EffectiveLicense mit;
  mit.key = "mit";
  mit.name = "MIT License";
  mit.spdx = "MIT";
  mit.osi_approved = mit.open = true;
  r.license.effective.push_back(mit);
  r.license.declared.push_back({"mit", Evidence::InFile("README.md", 2).WithKey("license")});
  const Verdict v = SummarizeVerdict(r);
  EXPECT_EQ(v.tone, Tone::kGood);
  EXPECT_EQ(v.headline, "Allowed for every use");
  EXPECT_NE(v.detail.find("MIT License"), std::string::npos);
  EXPECT_NE(v.detail.find("open-weights"), std::string::npos);
  ASSERT_EQ(v.evidence.size(), 1u);  // the verdict rests on the declaration
  EXPECT_EQ(v.evidence[0].line, 2);
}

TEST(VerdictTest, NonCommercialIsBadWhateverElse) {
  const Verdict v = SummarizeVerdict(WithRights(RightStatus::kProhibited, RightStatus::kAllowed));
  EXPECT_EQ(v.tone, Tone::kBad);
  EXPECT_EQ(v.headline, "Not for commercial use");
  EXPECT_NE(v.detail.find("not allowed: commercial use"), std::string::npos) << v.detail;
}

TEST(VerdictTest, ConditionsAreCountedOnceAcrossUseCases) {
  Report r = WithRights(RightStatus::kConditional, RightStatus::kConditional);
  const Condition c = Cond("user-threshold", "Ask for a license above 700M users.",
                           Evidence::InFile("LICENSE", 12));
  for (std::string_view u : kUseCases) r.rights[std::string(u)].conditions.push_back(c);
  r.rights["saas"].conditions.push_back(
      Cond("attribution-display", "Show it.", Evidence::InFile("LICENSE", 20)));
  const Verdict v = SummarizeVerdict(r);
  EXPECT_EQ(v.tone, Tone::kCaution);
  EXPECT_EQ(v.headline, "Allowed with conditions (2 to meet)");
}

TEST(VerdictTest, ProhibitedOtherThanCommercialIsRestricted) {
  Report r = WithRights(RightStatus::kAllowed, RightStatus::kAllowed);
  r.rights["train-other-models"].status = RightStatus::kProhibited;
  const Verdict v = SummarizeVerdict(r);
  EXPECT_EQ(v.tone, Tone::kCaution);
  EXPECT_EQ(v.headline, "Restricted: not allowed for training other models");
}

TEST(VerdictTest, UnknownAndClosed) {
  EXPECT_EQ(SummarizeVerdict(Report::Empty()).tone, Tone::kUnknown);
  Report partly = WithRights(RightStatus::kAllowed, RightStatus::kUnknown);
  EXPECT_EQ(SummarizeVerdict(partly).tone, Tone::kUnknown);
  EXPECT_NE(SummarizeVerdict(partly).detail.find("undetermined: hosting as a service"),
            std::string::npos);
  Report closed = WithRights(RightStatus::kAllowed, RightStatus::kAllowed);
  closed.openness.level = "closed";
  EXPECT_EQ(SummarizeVerdict(closed).tone, Tone::kBad);
}

TEST(GroupConditionsTest, MergesIdenticalConditionsInUseCaseOrder) {
  Report r = WithRights(RightStatus::kConditional, RightStatus::kConditional);
  const Condition a = Cond("aup", "Follow the policy.", Evidence::InFile("USE_POLICY.md", 1));
  const Condition b = Cond("aup", "Follow the policy.", Evidence::InFile("LICENSE", 3));
  r.rights["derivatives"].conditions = {a};
  r.rights["commercial"].conditions = {a, b};
  const auto groups = GroupConditions(r);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].use_cases, (std::vector<std::string>{"commercial", "derivatives"}));
  EXPECT_EQ(groups[1].use_cases, (std::vector<std::string>{"commercial"}));
}

LineageEntry Base(std::string id, std::string relation, std::optional<std::string> child = {}) {
  LineageEntry e;
  e.id = std::move(id);
  e.relation = std::move(relation);
  e.child = std::move(child);
  return e;
}

TEST(LineageLevelsTest, FollowsTheChainThroughChild) {
  Report r = Report::Empty();
  r.subject.id = "me/merged";
  r.lineage = {Base("a/x", "merge"), Base("b/y", "merge"), Base("c/z", "finetune", "a/x"),
               Base("d/w", "quantized", "c/z"), Base("e/v", "finetune", "nobody/knows")};
  const auto levels = LineageLevels(r);
  ASSERT_EQ(levels.size(), 3u);
  ASSERT_EQ(levels[0].size(), 3u);  // both merge parents, and the entry that fits nowhere
  EXPECT_EQ(levels[0][2]->id, "e/v");
  EXPECT_EQ(levels[1][0]->id, "c/z");
  EXPECT_EQ(levels[2][0]->id, "d/w");
}

TEST(LineageLevelsTest, ACycleEndsAndKeepsEveryEntry) {
  Report r = Report::Empty();
  r.lineage = {Base("a", "finetune", "b"), Base("b", "finetune", "a")};
  const auto levels = LineageLevels(r);
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].size(), 2u);
}

TEST(ClassifyReasonTest, ReadsTheWordsOfTheCode) {
  EXPECT_EQ(ClassifyReason("parameters-license-open"), ReasonMark::kMet);
  EXPECT_EQ(ClassifyReason("parameters-license-restricts-use"), ReasonMark::kUnmet);
  EXPECT_EQ(ClassifyReason("training-code-missing"), ReasonMark::kUnmet);
  EXPECT_EQ(ClassifyReason("code-not-assessed"), ReasonMark::kUndetermined);
  EXPECT_EQ(ClassifyReason("parameters-license-unknown"), ReasonMark::kUndetermined);
  Reason reason;
  reason.code = "code-not-assessed";
  EXPECT_EQ(MarkOf(reason), ReasonMark::kUndetermined);
  reason.status = "pass";  // the assessment's own word wins over the code's
  EXPECT_EQ(MarkOf(reason), ReasonMark::kMet);
  reason.status = "fail";
  EXPECT_EQ(MarkOf(reason), ReasonMark::kUnmet);
}

TEST(EvidenceFileHrefTest, HubLocalAbsoluteAndSingleFile) {
  Subject hub{"hub", "org/model", std::nullopt, "abc123"};
  EXPECT_EQ(EvidenceFileHref(hub, Evidence::InFile("LICENSE", 7)),
            "https://huggingface.co/org/model/blob/abc123/LICENSE#L7");
  hub.revision.reset();
  EXPECT_EQ(EvidenceFileHref(hub, Evidence::InFile("a b.md")),
            "https://huggingface.co/org/model/blob/main/a%20b.md");

  const Subject local{"local", "tiny", "examples/tiny", std::nullopt};
  EXPECT_EQ(EvidenceFileHref(local, Evidence::InFile("README.md", 2)), "examples/tiny/README.md");
  const Subject absolute{"local", "tiny", "/data/my models/tiny", std::nullopt};
  EXPECT_EQ(EvidenceFileHref(absolute, Evidence::InFile("README.md")),
            "file:///data/my%20models/tiny/README.md");
  const Subject file{"file", "m.gguf", "/data/m.gguf", std::nullopt};
  EXPECT_EQ(EvidenceFileHref(file, Evidence::InFile("m.gguf")), "file:///data/m.gguf");

  // A hostile file name never becomes a scheme.
  EXPECT_EQ(EvidenceFileHref(Subject{"local", "x", "", std::nullopt}, Evidence::InFile("x")),
            std::nullopt);
  EXPECT_EQ(EvidenceFileHref(Subject{"local", "x", "r", std::nullopt},
                             Evidence::InFile("javascript:alert(1)")),
            "r/javascript%3Aalert%281%29");
  Evidence key_only;
  key_only.key = "general.license";
  EXPECT_EQ(EvidenceFileHref(local, key_only), std::nullopt);
  EXPECT_EQ(EvidenceLocation(key_only), "[general.license]");
}

TEST(LabelsTest, EveryUseCaseAndComponentHasALabel) {
  for (std::string_view u : kUseCases) EXPECT_NE(UseCaseLabel(u), u);
  for (std::string_view c : kMofComponents) EXPECT_NE(ComponentLabel(c), c);
  EXPECT_EQ(HumanParameters(16), "16");
  EXPECT_EQ(HumanParameters(8030261248), "8.0B");
  EXPECT_EQ(HumanParameters(124'000'000), "124.0M");
}

}  // namespace
}  // namespace openness
