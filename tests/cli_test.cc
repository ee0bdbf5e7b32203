// The openness binary as users call it: exit statuses, formats, help.
#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::ContractViolations;
using ::openness::testing::RunOpenness;
using Json = nlohmann::json;

std::string Example() { return (testing::SourceDir() / "examples" / "tiny-release").string(); }

TEST(CliTest, ScanJsonFollowsTheContract) {
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + Example() + "' --format json", &out), 0);
  Json j = Json::parse(out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << out;
  EXPECT_EQ(ContractViolations(j), std::vector<std::string>{});
  EXPECT_EQ(j["subject"]["id"], "tiny-release");
}

TEST(CliTest, ScanTextFitsEightyColumnsAndHasNoColourWhenPiped) {
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + Example() + "'", &out), 0);
  EXPECT_NE(out.find("What you may do"), std::string::npos);
  EXPECT_NE(out.find("MIT License"), std::string::npos);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    // Count code points, not bytes (the ellipsis is three bytes).
    size_t columns = 0;
    for (size_t i = start; i < end; ++i) columns += (static_cast<unsigned char>(out[i]) & 0xC0) != 0x80;
    EXPECT_LE(columns, 80u) << out.substr(start, end - start);
    start = end + 1;
  }
}

TEST(CliTest, ColourWhenForced) {
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + Example() + "' --color always", &out), 0);
  EXPECT_NE(out.find("\x1b["), std::string::npos);
}

TEST(CliTest, SeveralTargetsGiveJsonLines) {
  std::string out;
  ASSERT_EQ(RunOpenness("scan '" + Example() + "' '" + Example() + "/model.safetensors' -f json", &out), 0);
  std::vector<Json> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    lines.push_back(Json::parse(out.substr(start, end - start)));
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1]["subject"]["source"], "file");
  EXPECT_EQ(lines[1]["weights"]["parameters"], 16);
}

TEST(CliTest, MissingTargetExitsTwoAndNamesIt) {
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan /nonexistent/model", &out, &err), 2);
  EXPECT_NE(err.find("/nonexistent/model"), std::string::npos) << err;
}

TEST(CliTest, OneMissingTargetDoesNotStopTheOthers) {
  std::string out, err;
  EXPECT_EQ(RunOpenness("scan /nonexistent/model '" + Example() + "' -f json", &out, &err), 2);
  EXPECT_NE(out.find("tiny-release"), std::string::npos);
}

TEST(CliTest, UsageErrorsExitSixtyFour) {
  std::string out, err;
  EXPECT_EQ(RunOpenness("", &out, &err), 64);
  EXPECT_EQ(RunOpenness("scna x", &out, &err), 64);
  EXPECT_NE(err.find("did you mean 'scan'"), std::string::npos) << err;
  EXPECT_EQ(RunOpenness("scan", &out, &err), 64);
  EXPECT_EQ(RunOpenness("scan x --format yaml", &out, &err), 64);
}

TEST(CliTest, HelpListsCommandsAndExamples) {
  std::string out;
  EXPECT_EQ(RunOpenness("help", &out), 0);
  EXPECT_NE(out.find("scan"), std::string::npos);
  EXPECT_EQ(RunOpenness("scan --help", &out), 0);
  EXPECT_NE(out.find("examples:"), std::string::npos);
  EXPECT_EQ(RunOpenness("--version", &out), 0);
  EXPECT_NE(out.find("openness "), std::string::npos);
}

}  // namespace
}  // namespace openness
