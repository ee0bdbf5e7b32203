// `openness scan --use <case>`: the direct answer comes first, then the report.
#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::RunOpenness;
using ::openness::testing::TempDir;

TEST(UseAnswerCliTest, AnswerComesFirstWithCitations) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: cc-by-nc-4.0\n---\n# A model\n");
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + dir.path().string() + "' --use commercial --color never", &out),
            0);
  EXPECT_TRUE(out.starts_with("Commercial use: NOT ALLOWED")) << out;
  EXPECT_NE(out.find("README.md line 2"), std::string::npos) << out;
  EXPECT_NE(out.find("What you may do"), std::string::npos) << out;  // the report follows
}

TEST(UseAnswerCliTest, JsonStaysJsonAndBadUseCasesAreUsageErrors) {
  TempDir dir;
  dir.Write("README.md", "---\nlicense: mit\n---\n# A model\n");
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + dir.path().string() + "' --use saas --format json", &out), 0);
  EXPECT_TRUE(out.starts_with("{")) << out.substr(0, 80);
  EXPECT_EQ(RunOpenness("scan '" + dir.path().string() + "' --use sell-it", &out), 64);
}

}  // namespace
}  // namespace openness
