#include <gtest/gtest.h>

#include "openness/report_writer.h"
#include "report_test_fixtures.h"

namespace openness {
namespace {

using ::openness::testing::HostileReport;
using ::openness::testing::QuietReport;

// Every '<' that CommonMark would read as raw HTML, outside code spans and backslash escapes.
// Only our own tags may appear.
std::vector<std::string> RawHtmlTags(std::string_view md) {
  static const char* const kOurs[] = {"<details>", "</details>", "<summary>", "</summary>", "<br>",
                                      "<code>",    "</code>",    "<sub>",     "</sub>"};
  std::vector<std::string> foreign;
  size_t i = 0;
  while (i < md.size()) {
    const char c = md[i];
    if (c == '\\') {
      i += 2;
    } else if (c == '`') {
      size_t n = 0;
      while (i + n < md.size() && md[i + n] == '`') ++n;
      // The closing run: exactly n backticks.
      size_t j = i + n;
      size_t close = std::string_view::npos;
      while (j < md.size()) {
        if (md[j] != '`') {
          ++j;
          continue;
        }
        size_t m = 0;
        while (j + m < md.size() && md[j + m] == '`') ++m;
        if (m == n) {
          close = j;
          break;
        }
        j += m;
      }
      i = close == std::string_view::npos ? i + n : close + n;
    } else if (c == '<') {
      bool ours = false;
      for (const char* tag : kOurs) ours = ours || md.substr(i).starts_with(tag);
      if (!ours) foreign.emplace_back(md.substr(i, 20));
      ++i;
    } else {
      ++i;
    }
  }
  return foreign;
}

// GFM cells of a table row (a backslash and the next character are one unit).
size_t CellCount(std::string_view row) {
  size_t cells = 1;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '|') {
      ++cells;
    }
  }
  return cells;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

TEST(RenderMarkdownTest, HostileStringsStayText) {
  const std::string md = RenderMarkdown(HostileReport());
  EXPECT_EQ(RawHtmlTags(md), std::vector<std::string>{});
  EXPECT_NE(md.find("\\<script\\>alert('id')\\</script\\>"), std::string::npos);
  EXPECT_EQ(md.find("@octocat"), std::string::npos);  // no mention: a word joiner follows '@'
  EXPECT_NE(md.find("@\xE2\x81\xA0octocat"), std::string::npos);
  EXPECT_EQ(md.find("(<javascript"), std::string::npos);  // the javascript: URL is not a link
  EXPECT_EQ(md.find("![pixel]"), std::string::npos);      // no image, no tracking pixel
  EXPECT_NE(md.find("\\!\\[pixel\\]"), std::string::npos);
}

TEST(RenderMarkdownTest, EveryTableRowHasItsHeadersCellCount) {
  const std::string md = RenderMarkdown(HostileReport());
  size_t expected = 0;
  size_t rows = 0;
  for (const std::string& line : Lines(md)) {
    if (!line.starts_with("|")) {
      expected = 0;
      continue;
    }
    if (expected == 0) {
      expected = CellCount(line);
      continue;
    }
    ++rows;
    EXPECT_EQ(CellCount(line), expected) << line;
  }
  EXPECT_GE(rows, 5u + 17u + 2u);  // rights, components and findings rows were all checked
}

TEST(RenderMarkdownTest, VerdictComesFirstThenTheSections) {
  const std::string md = RenderMarkdown(HostileReport());
  // Commercial use is conditional and SaaS prohibited: a caution, "Restricted".
  ASSERT_TRUE(md.starts_with("### ⚠️ ")) << md.substr(0, 80);
  EXPECT_NE(md.find("Restricted: not allowed for hosting as a service"), std::string::npos);
  size_t last = 0;
  for (const char* heading : {"#### What you may do", "#### Conditions", "#### License",
                              "#### Openness", "#### Lineage", "#### Findings"}) {
    const size_t at = md.find(heading);
    ASSERT_NE(at, std::string::npos) << heading;
    EXPECT_GT(at, last) << heading;
    last = at;
  }
  // The condition that applies to two use cases is listed once, with its citation.
  EXPECT_NE(md.find("1. **attr\\|ib\\`ution**"), std::string::npos);
  EXPECT_EQ(md.find("2. **attr"), std::string::npos);
  EXPECT_NE(md.find("`LICENSE:9`"), std::string::npos);
  EXPECT_NE(md.find("| Commercial use | ⚠️ conditional | see 1 |"), std::string::npos);
  EXPECT_NE(md.find("<details><summary>The 17 Model Openness Framework components"),
            std::string::npos);
  EXPECT_NE(md.find("progress: Class III 100 % · Class II 60 % · Class I 12 %"), std::string::npos);
}

TEST(RenderMarkdownTest, NotAssessedAndNoFindings) {
  const std::string md = RenderMarkdown(QuietReport("org/quiet"));
  EXPECT_TRUE(md.starts_with("### ✅ org/quiet: Allowed for every use\n")) << md.substr(0, 80);
  EXPECT_NE(md.find("**MOF class: not assessed**"), std::string::npos);
  EXPECT_NE(md.find("No findings."), std::string::npos);
  EXPECT_EQ(md.find("#### Conditions"), std::string::npos);
  EXPECT_EQ(md.find("#### Lineage"), std::string::npos);
  EXPECT_NE(md.find("not legal advice"), std::string::npos);
}

TEST(RenderMarkdownTest, HubEvidenceLinksToTheLine) {
  Report r = QuietReport("org/model");
  r.subject.source = "hub";
  r.subject.revision = "0123abc";
  const std::string md = RenderMarkdown(r);
  EXPECT_NE(
      md.find("[`README.md:2`](<https://huggingface.co/org/model/blob/0123abc/README.md#L2>)"),
      std::string::npos)
      << md;
}

TEST(RenderMarkdownTest, ReachableThroughRenderReport) {
  ReportFormat format;
  ASSERT_TRUE(ParseReportFormat("markdown", &format));
  std::string out;
  ASSERT_TRUE(RenderReport(QuietReport("q"), format, RenderOptions{}, &out).ok());
  EXPECT_EQ(out, RenderMarkdown(QuietReport("q")));
  EXPECT_EQ(out.back(), '\n');
}

}  // namespace
}  // namespace openness
