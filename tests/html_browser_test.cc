// The HTML report in a real browser: headless Chromium (Debian package `chromium`, installed by
// scripts/setup.sh) parses the page, and the test checks the DOM it built: the verdict, the rights
// table rows, the 17 component cells, the OSAID list, the MOF bars and the lineage SVG, and that
// hostile strings stayed text. It also takes screenshots (desktop and phone width) and prints
// them as a PDF; their paths are in the test output and the XML report (RecordProperty).
//
// Skips, with a message, only when no Chromium is installed.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "openness/report_writer.h"
#include "openness/scan.h"
#include "report_test_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using ::openness::testing::TempDir;

std::optional<std::string> FindChromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    std::string_view dirs(path);
    while (!dirs.empty()) {
      const size_t colon = dirs.find(':');
      const std::string dir(dirs.substr(0, colon));
      dirs = colon == std::string_view::npos ? "" : dirs.substr(colon + 1);
      const std::string exe = dir + "/" + name;
      if (!dir.empty() && ::access(exe.c_str(), X_OK) == 0) return exe;
    }
  }
  return std::nullopt;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Where screenshots go: $OPENNESS_ARTIFACTS_DIR, else test-artifacts/ beside the built binary.
fs::path ArtifactsDir() {
  const char* env = std::getenv("OPENNESS_ARTIFACTS_DIR");
  fs::path dir = env != nullptr && env[0] != '\0'
                     ? fs::path(env)
                     : fs::path(OPENNESS_BINARY).parent_path() / "test-artifacts";
  fs::create_directories(dir);
  return fs::absolute(dir);
}

class HtmlBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto exe = FindChromium();
    if (!exe) {
      GTEST_SKIP() << "chromium is not installed (scripts/setup.sh installs it): browser test "
                      "skipped";
    }
    chromium_ = *exe;
  }

  // Runs Chromium headless on file with extra flags; returns its stdout. A fresh profile each
  // time, no network services, no sandbox (tests run as root in containers).
  std::string Run(const fs::path& file, const std::string& flags) {
    const fs::path profile = tmp_.path() / ("profile-" + std::to_string(++runs_));
    const fs::path out = tmp_.path() / "stdout", err = tmp_.path() / "stderr";
    const std::string cmd =
        "timeout 120 " + Quote(chromium_) +
        " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
        " --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars"
        " --user-data-dir=" +
        Quote(profile.string()) + " " + flags + " " + Quote("file://" + file.string()) + " >" +
        Quote(out.string()) + " 2>" + Quote(err.string());
    const int raw = std::system(cmd.c_str());
    const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    EXPECT_EQ(status, 0) << cmd << "\n" << testing::ReadFileOrDie(err);
    return testing::ReadFileOrDie(out);
  }

  fs::path WriteHtml(const std::string& name, const std::string& html) {
    const fs::path path = tmp_.path() / name;
    std::ofstream(path, std::ios::binary) << html;
    return path;
  }

  std::string chromium_;
  TempDir tmp_;
  int runs_ = 0;
};

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Width and height from a PNG's IHDR chunk; {0, 0} when the file is not a PNG.
std::pair<uint32_t, uint32_t> PngSize(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char b[24] = {};
  in.read(reinterpret_cast<char*>(b), sizeof b);
  if (!in || b[0] != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G') return {0, 0};
  const auto be32 = [&](int at) {
    return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
           uint32_t{b[at + 3]};
  };
  return {be32(16), be32(20)};
}

Report ExampleReport() {
  ScanResult result;
  const std::string example = (testing::SourceDir() / "examples" / "tiny-release").string();
  EXPECT_TRUE(ScanPath(example, ScanOptions{}, &result).ok());
  return result.report;
}

TEST_F(HtmlBrowserTest, DomOfTheExampleHasEveryKeyElement) {
  const fs::path page = WriteHtml("tiny-release.html", RenderHtml(ExampleReport()));
  const std::string dom = Run(page, "--dump-dom");
  ASSERT_FALSE(dom.empty());
  EXPECT_NE(dom.find("<section id=\"verdict\" class=\"verdict tone-good\""), std::string::npos);
  EXPECT_NE(dom.find("Allowed for every use</h2>"), std::string::npos);
  EXPECT_LT(dom.find("id=\"verdict\""), dom.find("id=\"rights\""));
  EXPECT_EQ(Count(dom, "<tr class=\"right "), 5u);
  for (std::string_view use_case : kUseCases) {
    EXPECT_NE(dom.find("data-use-case=\"" + std::string(use_case) + "\""), std::string::npos)
        << use_case;
  }
  EXPECT_EQ(Count(dom, "<li class=\"component "), 17u);
  for (std::string_view id : kMofComponents) {
    EXPECT_NE(dom.find("data-component=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(dom.find("<ul class=\"osaid\">"), std::string::npos);
  EXPECT_GE(Count(dom, "<li class=\"reason "), 1u);
  EXPECT_EQ(Count(dom, "<div class=\"mof-bar "), 3u);
  EXPECT_NE(dom.find("<svg class=\"lineage\""), std::string::npos);
  EXPECT_EQ(Count(dom, "<g class=\"node"), 2u);
  EXPECT_NE(dom.find("openness-examples/tiny-base</text>"), std::string::npos);
  // Evidence links point at the files of the release.
  EXPECT_NE(dom.find("/examples/tiny-release/README.md\">README.md:2</a>"), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);
}

TEST_F(HtmlBrowserTest, HostileStringsStayTextInTheDom) {
  const fs::path page = WriteHtml("hostile.html", RenderHtml(testing::HostileReport()));
  const std::string dom = Run(page, "--dump-dom");
  ASSERT_FALSE(dom.empty());
  EXPECT_EQ(dom.find("<script"), std::string::npos);
  EXPECT_EQ(dom.find("<img"), std::string::npos);
  EXPECT_EQ(Count(dom, "<svg"), 1u);  // the lineage drawing, not the one in the base model's id
  EXPECT_NE(dom.find("org/base\"&gt;&lt;svg onload=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(dom.find("<h1 id=\"subject\">&lt;script&gt;alert('id')&lt;/script&gt;</h1>"),
            std::string::npos);
  // The text that tries to close the findings list did not: both findings are still items.
  EXPECT_EQ(Count(dom, "<li class=\"finding "), 2u);
  EXPECT_NE(dom.find("&lt;/li&gt;&lt;/ul&gt; isn't"), std::string::npos);
  EXPECT_EQ(Count(dom, "<li class=\"component "), 17u);
  EXPECT_EQ(Count(dom, "<tr class=\"right "), 5u);
}

TEST_F(HtmlBrowserTest, ScreenshotsAndPdf) {
  const fs::path page = WriteHtml("tiny-release.html", RenderHtml(ExampleReport()));
  const fs::path dir = ArtifactsDir();
  const fs::path desktop = dir / "report-desktop.png";
  const fs::path phone = dir / "report-phone.png";
  const fs::path hostile = dir / "report-hostile-desktop.png";
  const fs::path pdf = dir / "report.pdf";
  fs::remove(desktop);
  fs::remove(phone);
  fs::remove(hostile);
  fs::remove(pdf);
  Run(page, "--screenshot=" + Quote(desktop.string()) + " --window-size=1200,1600");
  Run(page, "--screenshot=" + Quote(phone.string()) + " --window-size=390,2400");
  Run(WriteHtml("hostile.html", RenderHtml(testing::HostileReport())),
      "--screenshot=" + Quote(hostile.string()) + " --window-size=1200,2200");
  Run(page, "--no-pdf-header-footer --print-to-pdf=" + Quote(pdf.string()));

  EXPECT_EQ(PngSize(desktop), (std::pair<uint32_t, uint32_t>{1200, 1600}));
  EXPECT_EQ(PngSize(phone), (std::pair<uint32_t, uint32_t>{390, 2400}));
  EXPECT_EQ(PngSize(hostile).first, 1200u);
  std::ifstream in(pdf, std::ios::binary);
  char magic[5] = {};
  in.read(magic, 4);
  EXPECT_EQ(std::string(magic), "%PDF");

  RecordProperty("screenshot_desktop", desktop.string());
  RecordProperty("screenshot_phone", phone.string());
  RecordProperty("screenshot_hostile", hostile.string());
  RecordProperty("print_pdf", pdf.string());
  std::cout << "[ screenshot ] desktop 1200x1600: " << desktop.string() << "\n"
            << "[ screenshot ] phone 390 wide:    " << phone.string() << "\n"
            << "[ screenshot ] hostile report:    " << hostile.string() << "\n"
            << "[ print      ] PDF:               " << pdf.string() << std::endl;
}

}  // namespace
}  // namespace openness
