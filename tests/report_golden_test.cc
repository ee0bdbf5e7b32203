// Golden files of the human formats: the Markdown and HTML reports of the bundled example and of
// the hostile fixture, and a comparison in text, Markdown and HTML. Compared byte for byte with
// tests/golden/<name>; run with OPENNESS_UPDATE_GOLDEN=1 to rewrite them after an intended
// change, then review the diff (open the .html files in a browser).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "openness/compare.h"
#include "openness/report_writer.h"
#include "openness/scan.h"
#include "report_test_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Report Scan(const std::string& path, const std::string& id = "") {
  ScanResult result;
  Status s = ScanPath(path, ScanOptions{}, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  // Volatile: where the test tree lives and which version built it.
  result.report.subject.path.reset();
  result.report.tool_version = "test";
  if (!id.empty()) result.report.subject.id = id;
  return result.report;
}

Report Example() { return Scan((testing::SourceDir() / "examples" / "tiny-release").string()); }

// A release under a license with conditions, and a single GGUF file under a non-commercial one.
std::vector<Report> ThreeReleases() {
  TempDir dir;
  dir.Write("restricted/README.md",
            "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
            "base_model_relation: finetune\n---\n# A fine-tune\n");
  dir.Write("restricted/LICENSE", "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\n");
  const auto u64 = [](uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
  const auto u32 = [](uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  const auto str = [&](std::string_view s) { return u64(s.size()) + std::string(s); };
  std::string gguf = "GGUF" + u32(3) + u64(0) + u64(2);
  gguf += str("general.architecture") + u32(8) + str("llama");
  gguf += str("general.license") + u32(8) + str("cc-by-nc-4.0");
  dir.Write("nc.Q8_0.gguf", gguf);
  return {Example(), Scan((dir.path() / "restricted").string(), "restricted-finetune"),
          Scan((dir.path() / "nc.Q8_0.gguf").string())};
}

void ExpectGolden(const std::string& actual, const std::string& name) {
  const auto path = testing::SourceDir() / "tests" / "golden" / name;
  if (std::getenv("OPENNESS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = testing::ReadFileOrDie(path);
  if (actual == expected) return;
  size_t line = 1, i = 0;
  while (i < actual.size() && i < expected.size() && actual[i] == expected[i]) {
    line += actual[i] == '\n';
    ++i;
  }
  const auto context = [&](const std::string& s) {
    const size_t start = s.rfind('\n', i == 0 ? 0 : i - 1);
    const size_t from = start == std::string::npos ? 0 : start + 1;
    return s.substr(from, s.find('\n', i) - from);
  };
  ADD_FAILURE() << name << " differs from line " << line << ":\n  expected: " << context(expected)
                << "\n  actual:   " << context(actual)
                << "\nrerun with OPENNESS_UPDATE_GOLDEN=1 if the change is intended";
}

TEST(ReportGoldenTest, ExampleMarkdown) {
  const std::string md = RenderMarkdown(Example());
  // Independent of the golden file: what the example is built to show.
  EXPECT_TRUE(md.starts_with("### ✅ tiny-release: Allowed for every use\n")) << md.substr(0, 80);
  EXPECT_NE(md.find("| MIT License | ✅ open-weights |"), std::string::npos);
  EXPECT_NE(md.find("- finetune of **openness-examples/tiny-base**"), std::string::npos);
  ExpectGolden(md, "tiny-release.md");
}

TEST(ReportGoldenTest, ExampleHtml) {
  const std::string html = RenderHtml(Example());
  EXPECT_NE(html.find("<section id=\"verdict\" class=\"verdict tone-good\""), std::string::npos);
  EXPECT_NE(html.find("data-use-case=\"commercial\" data-status=\"allowed\""), std::string::npos);
  EXPECT_NE(html.find("<strong>openness-examples/tiny-base</strong>"), std::string::npos);
  ExpectGolden(html, "tiny-release.html");
}

TEST(ReportGoldenTest, HostileMarkdownAndHtml) {
  ExpectGolden(RenderMarkdown(testing::HostileReport()), "hostile.md");
  ExpectGolden(RenderHtml(testing::HostileReport()), "hostile.html");
}

TEST(ReportGoldenTest, Comparison) {
  const Comparison t = CompareReports(ThreeReleases());
  ASSERT_EQ(t.headings.size(), 3u);
  // Independent of the golden files: the three releases differ on commercial use.
  for (const ComparisonRow& row : t.rows) {
    if (row.key != "right:commercial") continue;
    EXPECT_TRUE(row.differs);
    EXPECT_EQ(row.cells[0].value, "allowed");
    EXPECT_EQ(row.cells[1].value, "conditional");
    EXPECT_EQ(row.cells[2].value, "prohibited");
  }
  TextOptions text;
  text.width = 100;
  ExpectGolden(RenderComparisonText(t, text), "compare.txt");
  ExpectGolden(RenderComparisonMarkdown(t), "compare.md");
  ExpectGolden(RenderComparisonHtml(t), "compare.html");
}

}  // namespace
}  // namespace openness
