// The human formats as users reach them: `openness scan --format markdown|html` and
// `openness compare`.
#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::RunOpenness;
using ::openness::testing::TempDir;

std::string Example() { return (testing::SourceDir() / "examples" / "tiny-release").string(); }

TEST(ReportsCliTest, ScanMarkdownAndHtml) {
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + Example() + "' --format markdown", &out), 0);
  EXPECT_TRUE(out.starts_with("### ✅ tiny-release: ")) << out.substr(0, 80);
  EXPECT_NE(out.find("#### What you may do"), std::string::npos);
  ASSERT_EQ(RunOpenness("scan '" + Example() + "' --format html", &out), 0);
  EXPECT_TRUE(out.starts_with("<!DOCTYPE html>")) << out.substr(0, 80);
  EXPECT_TRUE(out.ends_with("</html>\n"));
}

TEST(ReportsCliTest, CompareTwoReleasesInEveryFormat) {
  TempDir dir;
  dir.Write("nc/README.md", "---\nlicense: cc-by-nc-4.0\n---\n# A research model\n");
  const std::string targets = "'" + Example() + "' '" + (dir.path() / "nc").string() + "'";
  std::string out, err;
  ASSERT_EQ(RunOpenness("compare " + targets + " --width 100", &out, &err), 0) << err;
  EXPECT_NE(out.find("tiny-release"), std::string::npos);
  EXPECT_NE(out.find("nc"), std::string::npos);
  EXPECT_NE(out.find("* Commercial use"), std::string::npos) << out;  // they differ there
  EXPECT_EQ(out.find('\x1b'), std::string::npos);

  ASSERT_EQ(RunOpenness("compare " + targets + " --format markdown", &out), 0);
  EXPECT_NE(out.find("| | **tiny-release** | **nc** |"), std::string::npos) << out;
  ASSERT_EQ(RunOpenness("compare " + targets + " --format html", &out), 0);
  EXPECT_TRUE(out.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(out.find("<table class=\"compare\">"), std::string::npos);
  ASSERT_EQ(RunOpenness("compare " + targets + " --format json", &out), 0);
  const auto j = nlohmann::json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(j["models"].size(), 2u);
}

TEST(ReportsCliTest, CompareExitStatuses) {
  std::string out, err;
  EXPECT_EQ(RunOpenness("compare '" + Example() + "'", &out, &err), 64);  // one target
  EXPECT_NE(err.find("at least two"), std::string::npos) << err;
  EXPECT_EQ(RunOpenness("compare '" + Example() + "' '" + Example() + "' --format mof", &out), 64);
  // A target that cannot be read: exit 2, and the others are still compared.
  EXPECT_EQ(
      RunOpenness("compare '" + Example() + "' /nonexistent/model '" + Example() + "'", &out, &err),
      2);
  EXPECT_NE(err.find("/nonexistent/model"), std::string::npos) << err;
  EXPECT_NE(out.find("tiny-release (2)"), std::string::npos) << out;
}

}  // namespace
}  // namespace openness
