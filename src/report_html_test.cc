#include <gtest/gtest.h>

#include "openness/report_writer.h"
#include "report_test_fixtures.h"

namespace openness {
namespace {

using ::openness::testing::HostileReport;
using ::openness::testing::QuietReport;

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The value of every href="..." attribute.
std::vector<std::string> Hrefs(const std::string& html) {
  std::vector<std::string> out;
  for (size_t at = html.find("href=\""); at != std::string::npos;
       at = html.find("href=\"", at + 1)) {
    const size_t start = at + 6;
    out.push_back(html.substr(start, html.find('"', start) - start));
  }
  return out;
}

TEST(RenderHtmlTest, HostileStringsStayText) {
  const std::string html = RenderHtml(HostileReport());
  // Our page has no script at all, so any "<script" would be an injection.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("</li></ul> isn"), std::string::npos);
  EXPECT_NE(html.find("<h1 id=\"subject\">&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;</h1>"),
            std::string::npos);
  EXPECT_NE(html.find("Evil &quot;License&quot; &lt;i&gt;italic&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("org/base&quot;&gt;&lt;svg onload=alert(1)&gt;"), std::string::npos);
}

TEST(RenderHtmlTest, EveryLinkIsAFragmentAWebUrlOrAFile) {
  const std::string html = RenderHtml(HostileReport());
  const std::vector<std::string> hrefs = Hrefs(html);
  ASSERT_FALSE(hrefs.empty());
  for (const std::string& h : hrefs) {
    const bool ok = h.starts_with("#") || h.starts_with("https://") || h.starts_with("file:///");
    EXPECT_TRUE(ok) << h;
    EXPECT_EQ(h.find_first_of("<>\" "), std::string::npos) << h;
  }
  // The javascript: URL of the condition is shown, never linked.
  EXPECT_NE(html.find("<span class=\"evidence-url\">javascript:alert(1)</span>"),
            std::string::npos);
  // A URL with quotes in it is shown, not linked.
  EXPECT_NE(html.find("<span class=\"evidence-url\">https://example.org/a|b?c=&quot;d&quot;</span>"),
            std::string::npos);
  // Evidence files link to the release on disk, percent-encoded.
  EXPECT_NE(html.find("href=\"file:///tmp/x%20y/%3Cb%3E/LICENSE\">LICENSE:9</a>"),
            std::string::npos);
}

TEST(RenderHtmlTest, SelfContainedNoRequestsNoScripts) {
  const std::string html = RenderHtml(HostileReport());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'; style-src "
                      "'unsafe-inline'"),
            std::string::npos);
  EXPECT_NE(html.find("<meta name=\"viewport\""), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find("@media (max-width: 720px)"), std::string::npos);
  for (const char* fetching :
       {"<link", "<iframe", "<object", "<embed", "@import", "@font-face", " src=\"", "<img"}) {
    EXPECT_EQ(html.find(fetching), std::string::npos) << fetching;
  }
  // The only url() is the SVG's reference to its own arrow marker.
  for (size_t at = html.find("url("); at != std::string::npos; at = html.find("url(", at + 1)) {
    EXPECT_EQ(html.substr(at, 19), "url(#lineage-arrow)");
  }
}

TEST(RenderHtmlTest, KeyElements) {
  const std::string html = RenderHtml(HostileReport());
  EXPECT_LT(html.find("id=\"verdict\""), html.find("id=\"rights\""));  // the verdict first
  EXPECT_NE(html.find("class=\"verdict tone-caution\""), std::string::npos);
  EXPECT_EQ(Count(html, "<tr class=\"right "), 5u);
  EXPECT_NE(html.find("data-use-case=\"saas\" data-status=\"prohibited\""), std::string::npos);
  EXPECT_EQ(Count(html, "<li class=\"component "), 17u);
  EXPECT_NE(
      html.find("<li class=\"component tone-caution\" data-component=\"model-parameters-final\""),
      std::string::npos);
  EXPECT_NE(html.find("<li class=\"component tone-bad\" data-component=\"datasets\""),
            std::string::npos);
  EXPECT_EQ(Count(html, "<li class=\"reason mark-unmet\""), 1u);
  EXPECT_NE(html.find("aria-valuenow=\"60\""), std::string::npos);
  EXPECT_NE(html.find("<div class=\"mof-bar reached\" data-class=\"III\">"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"lineage\""), std::string::npos);
  EXPECT_EQ(Count(html, "<g class=\"node"), 2u);  // the release and its base
  EXPECT_EQ(Count(html, "<li class=\"finding "), 2u);
  // The condition shared by two use cases is listed once and referenced from both rows.
  EXPECT_EQ(Count(html, "<li id=\"condition-"), 1u);
  EXPECT_EQ(Count(html, "href=\"#condition-1\""), 2u);
}

TEST(RenderHtmlTest, MofNotAssessedAndNoLineage) {
  const std::string html = RenderHtml(QuietReport("org/quiet"));
  EXPECT_NE(html.find("<dd id=\"fact-mof\"><span class=\"badge tone-unknown\">not assessed</span>"),
            std::string::npos);
  EXPECT_EQ(Count(html, "<div class=\"mof-bar not-assessed\""), 3u);
  EXPECT_EQ(html.find("aria-valuenow"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("No base model is declared."), std::string::npos);
  EXPECT_NE(html.find("class=\"verdict tone-good\""), std::string::npos);
}

TEST(RenderHtmlTest, LineageChainIsDrawnLevelByLevel) {
  Report r = QuietReport("org/quantized");
  LineageEntry a, b;
  a.id = "org/finetune";
  a.relation = "quantized";
  b.id = "org/base";
  b.relation = "finetune";
  b.child = "org/finetune";
  r.lineage = {a, b};
  const std::string html = RenderHtml(r);
  EXPECT_EQ(Count(html, "<g class=\"node"), 3u);
  EXPECT_EQ(Count(html, "<path class=\"edge\""), 2u);
  EXPECT_NE(html.find(">quantized of</text>"), std::string::npos);
  EXPECT_NE(html.find(">finetune of</text>"), std::string::npos);
  EXPECT_NE(html.find("base of org/finetune"), std::string::npos);
}

TEST(RenderHtmlTest, WebUrlsAreLinkedWithShortText) {
  Report r = QuietReport("q");
  Finding f;
  f.code = "license-changed";
  f.message = "The license file differs from the reference.";
  Evidence e;
  e.url = "https://github.com/huggingface/transformers/blob/main/LICENSE";
  f.evidence = {e};
  r.findings = {f};
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<a class=\"evidence-url\" "
                      "href=\"https://github.com/huggingface/transformers/blob/main/LICENSE\""),
            std::string::npos);
  EXPECT_NE(html.find(">github.com/…/LICENSE</a>"), std::string::npos);
}

TEST(RenderHtmlTest, ReachableThroughRenderReport) {
  ReportFormat format;
  ASSERT_TRUE(ParseReportFormat("html", &format));
  std::string out;
  ASSERT_TRUE(RenderReport(QuietReport("q"), format, RenderOptions{}, &out).ok());
  EXPECT_EQ(out, RenderHtml(QuietReport("q")));
}

}  // namespace
}  // namespace openness
