#include "markup_escape.h"

#include <gtest/gtest.h>

namespace openness {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(SanitizeTextTest, KeepsValidTextAndReplacesWhatCouldMisleadOrBreak) {
  EXPECT_EQ(SanitizeText("plain ü 日本 🙂"), "plain ü 日本 🙂");
  EXPECT_EQ(SanitizeText("a\nb\tc\rd"), "a b c d");
  EXPECT_EQ(SanitizeText("\x1b[31mred"), kFffd + "[31mred");  // no terminal escapes
  EXPECT_EQ(SanitizeText(std::string("a\0b", 3)), "a" + kFffd + "b");
  EXPECT_EQ(SanitizeText("\xff"), kFffd);
  EXPECT_EQ(SanitizeText("\xC0\xAF"), kFffd + kFffd);              // overlong '/'
  EXPECT_EQ(SanitizeText("\xED\xA0\x80"), kFffd + kFffd + kFffd);  // a surrogate
  EXPECT_EQ(SanitizeText("\xE6\x97"), kFffd + kFffd);              // truncated
  EXPECT_EQ(SanitizeText("abc\xE2\x80\xAE"
                         "cba"),
            "abc" + kFffd + "cba");            // RLO override
  EXPECT_EQ(SanitizeText("\xC2\x85"), kFffd);  // C1 control NEL
}

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<script>alert(\"x\")</script>"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("it's a & b"), "it&#39;s a &amp; b");
  EXPECT_EQ(HtmlEscape("&lt;"), "&amp;lt;");  // no double meaning
  EXPECT_EQ(HtmlEscape("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
}

// The cells of a GFM table row, split as cmark-gfm does: a backslash and the character after it
// are one unit, and only a bare pipe separates cells.
std::vector<std::string> GfmCells(std::string_view row) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      cell += row.substr(i, 2);
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  cells.push_back(cell);
  return cells;
}

const char* const kHostile[] = {
    "<script>alert(1)</script>",
    "a | b || c",
    "back\\|slash pipe",
    "ends with backslash\\",
    "```fenced``` and `tick`",
    "[click](javascript:alert(1))",
    "![pixel](https://tracker.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "*bold* _em_ ~~strike~~ $x^2$",
    "&amp; &#60; entities",
    "@octocat please look",
    "# heading",
    "- list item",
    "1. numbered",
    "> quote",
};

TEST(MarkdownTextTest, HostileStringsStayInOneTableCell) {
  for (const char* s : kHostile) {
    const std::string row = "| " + MarkdownText(s) + " | " + MarkdownCellCode(s) + " |";
    EXPECT_EQ(GfmCells(row).size(), 4u) << row;  // "", text, code, ""
  }
}

TEST(MarkdownTextTest, NoTagLinkImageOrMentionSurvives) {
  EXPECT_EQ(MarkdownText("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
  EXPECT_EQ(MarkdownText("[click](javascript:alert(1))"), "\\[click\\](javascript:alert(1))");
  EXPECT_EQ(MarkdownText("![p](u)"), "\\!\\[p\\](u)");
  EXPECT_EQ(MarkdownText("a|b"), "a\\|b");
  EXPECT_EQ(MarkdownText("a`b`"), "a\\`b\\`");
  EXPECT_EQ(MarkdownText("x & y"), "x \\& y");
  EXPECT_EQ(MarkdownText("hi @octocat"), "hi @\xE2\x81\xA0octocat");
  EXPECT_EQ(MarkdownText("2 * 3 = 6"), "2 \\* 3 = 6");
}

TEST(MarkdownTextTest, LeadingBlockMarkersAreNeutralised) {
  EXPECT_EQ(MarkdownText("# heading"), "\\# heading");
  EXPECT_EQ(MarkdownText("- item"), "\\- item");
  EXPECT_EQ(MarkdownText("+ item"), "\\+ item");
  EXPECT_EQ(MarkdownText("12. item"), "12\\. item");
  EXPECT_EQ(MarkdownText("3) item"), "3\\) item");
  EXPECT_EQ(MarkdownText("    indented code?"), "indented code?");
  EXPECT_EQ(MarkdownText("a-b 1.5 #2"), "a-b 1.5 #2");  // only at the start
  EXPECT_EQ(MarkdownText("line\nbreak"), "line break");
  EXPECT_EQ(MarkdownText("   "), "");
}

TEST(MarkdownCodeTest, FenceIsLongerThanAnyRunInside) {
  EXPECT_EQ(MarkdownCode("license: mit"), "`license: mit`");
  EXPECT_EQ(MarkdownCode("a`b"), "``a`b``");
  EXPECT_EQ(MarkdownCode("x ``` y"), "````x ``` y````");
  EXPECT_EQ(MarkdownCode("`edge`"), "`` `edge` ``");
  EXPECT_EQ(MarkdownCode(" spaced "), "`  spaced  `");
  EXPECT_EQ(MarkdownCode("<b>|</b>"), "`<b>|</b>`");  // literal inside a span
  EXPECT_EQ(MarkdownCode(""), "");
}

TEST(MarkdownCellCodeTest, IsHtmlCodeAroundEscapedText) {
  EXPECT_EQ(MarkdownCellCode("a|b"), "<code>a\\|b</code>");
  EXPECT_EQ(MarkdownCellCode("a\\|b"), "<code>a\\\\\\|b</code>");
  EXPECT_EQ(MarkdownCellCode("</code><script>"), "<code>\\</code\\>\\<script\\></code>");
}

TEST(SafeWebUrlTest, OnlyPlainHttpAndHttps) {
  EXPECT_EQ(SafeWebUrl("https://arxiv.org/abs/2401.00001"), "https://arxiv.org/abs/2401.00001");
  EXPECT_EQ(SafeWebUrl("HTTP://Example.org/a?b=c&d=e"), "HTTP://Example.org/a?b=c&d=e");
  EXPECT_EQ(SafeWebUrl("https://example.org/ü"), "https://example.org/%C3%BC");
  EXPECT_FALSE(SafeWebUrl("javascript:alert(1)"));
  EXPECT_FALSE(SafeWebUrl("JavaScript:alert(1)"));
  EXPECT_FALSE(SafeWebUrl("data:text/html,<script>"));
  EXPECT_FALSE(SafeWebUrl(" https://example.org"));
  EXPECT_FALSE(SafeWebUrl("https://example.org/\" onclick=\"x"));
  EXPECT_FALSE(SafeWebUrl("https://example.org/<x>"));
  EXPECT_FALSE(SafeWebUrl("https://exa mple.org"));
  EXPECT_FALSE(SafeWebUrl("https://"));
  EXPECT_FALSE(SafeWebUrl("//example.org"));
  EXPECT_FALSE(SafeWebUrl("file:///etc/passwd"));
}

TEST(PercentEncodePathTest, EncodesEverythingButUnreservedAndSlash) {
  EXPECT_EQ(PercentEncodePath("examples/tiny-release/README.md"),
            "examples/tiny-release/README.md");
  EXPECT_EQ(PercentEncodePath("a b/c#d?e"), "a%20b/c%23d%3Fe");
  EXPECT_EQ(PercentEncodePath("javascript:alert(1)"), "javascript%3Aalert%281%29");
  EXPECT_EQ(PercentEncodePath("\"><"), "%22%3E%3C");
}

}  // namespace
}  // namespace openness
