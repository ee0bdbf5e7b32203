#include "openness/compare.h"

#include <gtest/gtest.h>

#include "report_test_fixtures.h"

namespace openness {
namespace {

using ::openness::testing::HostileReport;
using ::openness::testing::QuietReport;

const ComparisonRow& Row(const Comparison& t, std::string_view key) {
  for (const ComparisonRow& row : t.rows) {
    if (row.key == key) return row;
  }
  ADD_FAILURE() << "no row " << key;
  static const ComparisonRow kNone;
  return kNone;
}

TEST(CompareReportsTest, OneColumnPerModelAndEveryRow) {
  const Comparison t =
      CompareReports({QuietReport("a/one"), HostileReport(), QuietReport("c/three")});
  ASSERT_EQ(t.headings.size(), 3u);
  EXPECT_EQ(t.headings[0], "a/one");
  EXPECT_EQ(t.models[1].path, "/tmp/x y/<b>");
  std::vector<std::string> keys;
  for (const ComparisonRow& row : t.rows) {
    keys.push_back(row.key);
    EXPECT_EQ(row.cells.size(), 3u) << row.key;
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"license", "level", "osaid", "mof-class", "weights",
                                            "right:commercial", "right:saas", "right:redistribute",
                                            "right:derivatives", "right:train-other-models",
                                            "conditions", "findings"}));
}

TEST(CompareReportsTest, CellsSayWhatTheReportsSay) {
  const Comparison t = CompareReports({QuietReport("a/one"), HostileReport()});
  EXPECT_EQ(Row(t, "license").cells[0].value, "MIT License");
  EXPECT_EQ(Row(t, "license").cells[0].tone, "good");
  EXPECT_EQ(Row(t, "license").cells[1].tone, "caution");  // not an open license
  EXPECT_EQ(Row(t, "mof-class").cells[0].value, "not assessed");
  EXPECT_EQ(Row(t, "mof-class").cells[1].value, "Class III");
  ASSERT_EQ(Row(t, "mof-class").cells[1].items.size(), 3u);
  EXPECT_EQ(Row(t, "mof-class").cells[1].items[1].text, "Class II: 60 %");
  EXPECT_EQ(Row(t, "weights").cells[0].value, "gguf, 1.5B parameters");
  EXPECT_EQ(Row(t, "right:saas").cells[1].value, "prohibited");
  EXPECT_EQ(Row(t, "right:saas").cells[1].tone, "bad");
  const ComparisonCell& commercial = Row(t, "right:commercial").cells[1];
  EXPECT_EQ(commercial.value, "conditional");
  ASSERT_EQ(commercial.items.size(), 1u);
  ASSERT_TRUE(commercial.items[0].evidence);
  EXPECT_EQ(commercial.items[0].evidence->line, 9);  // cells cite their evidence
  EXPECT_EQ(Row(t, "conditions").cells[1].value, "1 to meet");
  EXPECT_EQ(Row(t, "conditions").cells[0].value, "none");
  EXPECT_EQ(Row(t, "findings").cells[1].value, "1 error, 1 warning");
  EXPECT_EQ(Row(t, "findings").cells[1].tone, "bad");
  EXPECT_EQ(Row(t, "findings").cells[0].value, "none");
}

TEST(CompareReportsTest, MarksRowsThatDifferAndNamesDuplicatesApart) {
  const Comparison same = CompareReports({QuietReport("x"), QuietReport("x")});
  EXPECT_EQ(same.headings, (std::vector<std::string>{"x", "x (2)"}));
  for (const ComparisonRow& row : same.rows) EXPECT_FALSE(row.differs) << row.key;
  const Comparison t = CompareReports({QuietReport("x"), HostileReport()});
  EXPECT_TRUE(Row(t, "license").differs);
  EXPECT_FALSE(Row(t, "right:redistribute").differs);  // allowed in both
}

TEST(RenderComparisonTest, TextKeepsColumnsAligned) {
  const Comparison t = CompareReports({QuietReport("a/one"), HostileReport()});
  TextOptions options;
  options.width = 100;
  const std::string text = RenderComparisonText(t, options);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("* License"), std::string::npos);
  EXPECT_NE(text.find("a/one"), std::string::npos);
  // Where "MIT License" starts is where the second column's value starts on the same line.
  const size_t line_start = text.rfind('\n', text.find("MIT License")) + 1;
  const std::string line = text.substr(line_start, text.find('\n', line_start) - line_start);
  EXPECT_EQ(line.find("MIT License"), 24u) << line;  // 22 label columns + 2 spaces
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    size_t columns = 0;
    for (size_t i = start; i < end; ++i)
      columns += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    EXPECT_LE(columns, 100u) << text.substr(start, end - start);
    start = end + 1;
  }
}

TEST(RenderComparisonTest, MarkdownTableHasAColumnPerModelInEveryRow) {
  const Comparison t = CompareReports({QuietReport("a/one"), HostileReport(), QuietReport("c")});
  const std::string md = RenderComparisonMarkdown(t);
  size_t rows = 0;
  size_t start = 0;
  while (start < md.size()) {
    const size_t end = md.find('\n', start);
    const std::string_view line(md.data() + start, end - start);
    start = end + 1;
    if (!line.starts_with("|")) continue;
    size_t cells = 1;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\')
        ++i;
      else if (line[i] == '|')
        ++cells;
    }
    EXPECT_EQ(cells, 6u) << line;  // "", label, three models, ""
    ++rows;
  }
  EXPECT_EQ(rows, 2u + t.rows.size());
  for (size_t at = md.find("<script"); at != std::string::npos; at = md.find("<script", at + 1)) {
    EXPECT_EQ(md[at - 1], '\\') << "an unescaped tag at " << at;
  }
  EXPECT_NE(md.find("**\\<script\\>alert('id')\\</script\\>**"), std::string::npos);
}

TEST(RenderComparisonTest, HtmlEscapesAndMarksDifferences) {
  const Comparison t = CompareReports({QuietReport("a/one"), HostileReport()});
  const std::string html = RenderComparisonHtml(t);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("<tr data-row=\"license\" class=\"differs\">"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"tone-bad\"><div class=\"value\">prohibited</div>"),
            std::string::npos);
  EXPECT_NE(html.find("href=\"file:///tmp/x%20y/%3Cb%3E/LICENSE\""), std::string::npos);
}

TEST(RenderComparisonTest, JsonAndDispatch) {
  const Comparison t = CompareReports({QuietReport("a/one"), HostileReport()});
  const nlohmann::ordered_json j = ComparisonToJson(t);
  EXPECT_EQ(j["schema"], "openness/compare/v1");
  EXPECT_EQ(j["models"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["key"], "license");
  EXPECT_EQ(j["rows"][0]["cells"][1]["items"][0]["evidence"]["line"], 2);
  for (const std::string& name : ComparisonFormatNames()) {
    ReportFormat format;
    ASSERT_TRUE(ParseReportFormat(name, &format)) << name;
    std::string out;
    EXPECT_TRUE(RenderComparison(t, format, RenderOptions{}, &out).ok()) << name;
    EXPECT_EQ(out.back(), '\n') << name;
  }
}

}  // namespace
}  // namespace openness
