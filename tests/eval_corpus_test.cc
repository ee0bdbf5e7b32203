// The evaluation harness on the expert labels (../shared/labels/dev.csv), skipped without
// ../shared. The openness fields are held to the 95 % target; license and commercial come from the
// license engine and are only reported here. A level that disagrees must be explained by a
// license disagreement on the same row (the level follows the governing license).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "openness/evaluation.h"
#include "test_util.h"

namespace openness {
namespace {

TEST(EvalCorpusTest, DevLabels) {
  SKIP_WITHOUT_SHARED(shared);
  std::vector<LabelRow> labels;
  ASSERT_OK(ParseLabels(testing::ReadFileOrDie(shared / "labels" / "dev.csv"), &labels));
  ASSERT_EQ(labels.size(), 30u);
  const EvaluationResult e =
      Evaluate(labels, (shared / "corpus" / "cards").string(), ScanOptions{});
  for (const auto& [field, a] : e.agreement) {
    std::printf("  %-10s %d/%d (%.1f%%)\n", field.c_str(), a.agree, a.total, a.percent());
  }
  EXPECT_GE(e.agreement.at("osaid").percent(), 95.0);
  for (const RowResult& row : e.rows) {
    EXPECT_TRUE(row.audited) << row.label.dir << ": " << row.error;
    bool license_ok = true, level_ok = true;
    for (const FieldResult& f : row.fields) {
      if (f.field == "license" || f.field == "commercial") license_ok = license_ok && f.agree;
      if (f.field == "level") level_ok = f.agree;
      if (f.field == "findings" && !f.agree) {
        // The openness findings must agree; others come from the license engine.
        for (std::string_view code : {"open-washing", "license-conflicts-with-base"}) {
          const bool expected = f.expected.find(code) != std::string::npos;
          const bool optional =
              std::find(row.label.findings_optional.begin(), row.label.findings_optional.end(),
                        code) != row.label.findings_optional.end();
          const bool actual = f.actual.find(code) != std::string::npos;
          if (!optional) {
            EXPECT_EQ(actual, expected) << row.label.dir << " " << code;
          }
        }
      }
    }
    if (license_ok) {
      EXPECT_TRUE(level_ok) << row.label.dir << " level disagrees on its own";
    }
  }
}

}  // namespace
}  // namespace openness
