#include "openness/evaluation.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

TEST(EvaluationTest, ParsesQuotedCsv) {
  std::vector<LabelRow> rows;
  ASSERT_OK(ParseLabels(
      "dir,license,commercial,level,osaid,findings,findings_optional,rationale\n"
      "a/b,apache-2.0,allowed,open-source,pass,,,\"plain, with comma\"\n"
      "c/d,llama2+other,conditional,open-weights-restricted,fail,open-washing;license-missing,"
      "open-washing,\"two\nlines and \"\"quotes\"\"\"\n\n",
      &rows));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].dir, "a/b");
  EXPECT_EQ(rows[0].rationale, "plain, with comma");
  EXPECT_TRUE(rows[0].findings.empty());
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].findings, (std::vector<std::string>{"open-washing", "license-missing"}));
  EXPECT_EQ(rows[1].findings_optional, std::vector<std::string>{"open-washing"});
  EXPECT_EQ(rows[1].rationale, "two\nlines and \"quotes\"");
}

TEST(EvaluationTest, RejectsBadCsv) {
  std::vector<LabelRow> rows;
  EXPECT_FALSE(ParseLabels("", &rows).ok());
  EXPECT_FALSE(ParseLabels("license\napache-2.0\n", &rows).ok());  // no dir column
  EXPECT_FALSE(ParseLabels("dir\n\"unterminated\n", &rows).ok());
  EXPECT_FALSE(ParseLabels("dir,license\n,mit\n", &rows).ok());  // empty dir
}

Report ReportWith(std::vector<std::string> keys, RightStatus commercial, std::string level,
                  std::string osaid, std::vector<std::string> findings) {
  Report r = Report::Empty();
  for (std::string& k : keys) {
    EffectiveLicense e;
    e.key = std::move(k);
    r.license.effective.push_back(std::move(e));
  }
  r.rights["commercial"].status = commercial;
  r.openness.level = std::move(level);
  r.openness.osaid_status = std::move(osaid);
  for (std::string& f : findings) r.findings.push_back({std::move(f), Severity::kWarning, "m", {}});
  return r;
}

LabelRow Label(std::string license, std::vector<std::string> findings,
               std::vector<std::string> optional = {}) {
  LabelRow l;
  l.dir = "x";
  l.license = std::move(license);
  l.commercial = "conditional";
  l.level = "open-weights-restricted";
  l.osaid = "fail";
  l.findings = std::move(findings);
  l.findings_optional = std::move(optional);
  return l;
}

bool Agrees(const RowResult& r, std::string_view field) {
  for (const FieldResult& f : r.fields) {
    if (f.field == field) return f.agree;
  }
  ADD_FAILURE() << "no field " << field;
  return false;
}

TEST(EvaluationTest, ComparesEveryField) {
  const Report report = ReportWith({"openrail++"}, RightStatus::kConditional,
                                   "open-weights-restricted", "fail", {"gated"});
  const RowResult r = CompareWithLabel(Label("openrail++", {}), report);
  EXPECT_TRUE(Agrees(r, "license"));  // a '+' inside a key is not a separator
  EXPECT_TRUE(Agrees(r, "commercial"));
  EXPECT_TRUE(Agrees(r, "level"));
  EXPECT_TRUE(Agrees(r, "osaid"));
  EXPECT_TRUE(Agrees(r, "findings"));  // gated is a fact about files, not judged
}

TEST(EvaluationTest, LicenseSetsCompareWithoutOrder) {
  const Report report = ReportWith({"mit", "llama2"}, RightStatus::kConditional, "x", "fail", {});
  EXPECT_TRUE(Agrees(CompareWithLabel(Label("llama2+mit", {}), report), "license"));
  EXPECT_FALSE(Agrees(CompareWithLabel(Label("llama2", {}), report), "license"));
}

TEST(EvaluationTest, FindingsRequiredAndOptional) {
  const Report with = ReportWith({"mit"}, RightStatus::kAllowed, "x", "fail", {"open-washing"});
  const Report without = ReportWith({"mit"}, RightStatus::kAllowed, "x", "fail", {});
  EXPECT_TRUE(Agrees(CompareWithLabel(Label("mit", {"open-washing"}), with), "findings"));
  EXPECT_FALSE(Agrees(CompareWithLabel(Label("mit", {"open-washing"}), without), "findings"));
  EXPECT_FALSE(Agrees(CompareWithLabel(Label("mit", {}), with), "findings"));
  // Listed as optional: either way.
  EXPECT_TRUE(Agrees(CompareWithLabel(Label("mit", {}, {"open-washing"}), with), "findings"));
  EXPECT_TRUE(Agrees(CompareWithLabel(Label("mit", {}, {"open-washing"}), without), "findings"));
  EXPECT_TRUE(Agrees(CompareWithLabel(Label("mit", {"open-washing"}, {"open-washing"}), without),
                     "findings"));
  const RowResult r = CompareWithLabel(Label("mit", {}), with);
  for (const FieldResult& f : r.fields) {
    if (f.field == "findings") {
      EXPECT_NE(f.why.find("open-washing"), std::string::npos);
    }
  }
}

TEST(EvaluationTest, EvaluateAuditsFoldersAsPublishedReleases) {
  TempDir dir;
  dir.Write("m/README.md", "---\nlicense: apache-2.0\n---\n# M\n\nWeights only.\n");
  std::vector<LabelRow> labels;
  ASSERT_OK(
      ParseLabels("dir,license,commercial,level,osaid,findings\n"
                  "m,apache-2.0,allowed,open-weights,fail,\n"
                  "missing,mit,allowed,open-weights,fail,\n",
                  &labels));
  const EvaluationResult e = Evaluate(labels, dir.path().string(), ScanOptions{});
  ASSERT_EQ(e.rows.size(), 2u);
  EXPECT_TRUE(e.rows[0].audited);
  EXPECT_EQ(e.agreement.at("level").agree, 1);  // weights assumed published: not undetermined
  EXPECT_EQ(e.agreement.at("level").total, 2);
  EXPECT_FALSE(e.rows[1].error.empty());
  EXPECT_DOUBLE_EQ(e.agreement.at("osaid").percent(), 50.0);
}

}  // namespace
}  // namespace openness
