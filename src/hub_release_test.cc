#include <gtest/gtest.h>

#include "hub_fixture.h"
#include "openness/hub.h"
#include "test_util.h"

namespace openness {
namespace {

TEST(HubRepoInfoTest, ParsesTheFieldsTheAuditUses) {
  const std::string json = R"({
    "_id": "x", "id": "org/name", "sha": "0123456789abcdef0123456789abcdef01234567",
    "gated": "manual", "private": false, "tags": ["license:apache-2.0", "base_model:org/base"],
    "cardData": {"license": ["mit", "apache-2.0"], "license_name": "custom",
                 "datasets": "org/data", "base_model": ["a/b", "c/d"]},
    "spaces": ["ignored"],
    "siblings": [{"rfilename": "README.md", "size": 10},
                 {"rfilename": "model.safetensors", "size": 99,
                  "lfs": {"size": 12345, "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}]})";
  HubRepoInfo info;
  ASSERT_OK(ParseHubRepoInfo(json, DefaultLimits(), &info));
  EXPECT_EQ(info.id, "org/name");
  EXPECT_EQ(info.gated, "manual");
  EXPECT_EQ(info.Licenses(), (std::vector<std::string>{"mit", "apache-2.0"}));
  EXPECT_EQ(info.LicenseName(), "custom");
  EXPECT_EQ(info.CardList("datasets"), std::vector<std::string>{"org/data"});
  EXPECT_EQ(info.CardList("base_model").size(), 2u);
  ASSERT_EQ(info.siblings.size(), 2u);
  EXPECT_EQ(info.siblings[1].size, 12345u);
  EXPECT_TRUE(info.siblings[1].lfs_sha256);

  // gated as a boolean; licenses from tags when the card has none.
  HubRepoInfo b;
  ASSERT_OK(ParseHubRepoInfo(R"({"id": "o/n", "gated": false, "tags": ["license:mit"]})",
                             DefaultLimits(), &b));
  EXPECT_EQ(b.gated, "");
  EXPECT_EQ(b.Licenses(), std::vector<std::string>{"mit"});
}

TEST(HubRepoInfoTest, HostileAnswersAreBounded) {
  HubRepoInfo info;
  Limits small = DefaultLimits();
  small.nesting_depth = 8;
  std::string deep = R"({"cardData": )" + std::string(50, '[') + std::string(50, ']') + "}";
  EXPECT_EQ(ParseHubRepoInfo(deep, small, &info).code(), Status::Code::kTooLarge);
  small.json_file_bytes = 10;
  EXPECT_EQ(ParseHubRepoInfo(R"({"id": "org/name"})", small, &info).code(),
            Status::Code::kTooLarge);
  EXPECT_EQ(ParseHubRepoInfo("not json", DefaultLimits(), &info).code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseHubRepoInfo(R"({"id": "../../etc/x"})", DefaultLimits(), &info).code(),
            Status::Code::kCorruption);
}

TEST(HubCommitListTest, KeepsCommitsAndSkipsEntriesOfOtherShapes) {
  const std::string sha(40, 'a');
  // A stranger's server may send numbers, nulls and arrays where strings belong.
  const std::string json = R"([{"id": ")" + sha + R"(", "date": "2024-01-02", "title": "first"},
    {"id": 5, "date": "x"}, {"id": ")" + sha + R"(", "title": ["not", "text"], "date": null},
    {"id": "not-a-sha"}, "loose", 7, null])";
  std::vector<HubCommit> commits;
  ASSERT_OK(ParseHubCommitList(json, DefaultLimits(), &commits));
  ASSERT_EQ(commits.size(), 2u);
  EXPECT_EQ(commits[0].title, "first");
  EXPECT_EQ(commits[0].date, "2024-01-02");
  EXPECT_EQ(commits[1].id, sha);
  EXPECT_EQ(commits[1].title, "");

  EXPECT_EQ(ParseHubCommitList(R"({"id": "x"})", DefaultLimits(), &commits).code(),
            Status::Code::kCorruption);
  Limits small = DefaultLimits();
  small.nesting_depth = 8;
  EXPECT_EQ(ParseHubCommitList(std::string(50, '[') + std::string(50, ']'), small, &commits).code(),
            Status::Code::kTooLarge);
  small.json_file_bytes = 4;
  EXPECT_EQ(ParseHubCommitList("[ ]  ", small, &commits).code(), Status::Code::kTooLarge);
  EXPECT_EQ(commits.size(), 2u);
}

TEST(ListHubReleaseTest, FilesComeFromSiblingsAndUnsafePathsAreSkipped) {
  testing::FixtureHub hub;
  testing::FixtureRepo repo = testing::SimpleModelRepo("acme/tiny", {{"license", "mit"}});
  repo.files["../escape.txt"] = {"x", false};
  repo.files["original/consolidated.00.pth"] = {"PK", true};
  hub.Add(repo);
  HubOptions o;
  o.endpoint = hub.endpoint();
  auto client = HubClient::Create(o);
  ASSERT_OK(client.status());
  Release release;
  HubRepoInfo info;
  ASSERT_OK(ListHubRelease(client.value(), HubRef{"acme/tiny", std::nullopt}, DefaultLimits(),
                           &release, &info));
  EXPECT_EQ(release.source, SourceKind::kHub);
  EXPECT_EQ(release.revision, testing::FakeSha("acme/tiny"));
  EXPECT_EQ(release.FindFile("../escape.txt"), nullptr);
  ASSERT_EQ(release.problems.size(), 1u);
  const ReleaseFile* w = release.FindFile("model.safetensors");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->role, FileRole::kWeights);
  EXPECT_EQ(w->format, "safetensors");
  EXPECT_GT(w->bytes, 1u << 20);
  EXPECT_FALSE(w->lfs.has_value());  // on the Hub the weights are there, not a pointer
  ASSERT_NE(release.FindFile("original/consolidated.00.pth"), nullptr);
  // The store reads through Range requests and the listing cost one API call.
  auto src = release.store->Open("README.md");
  ASSERT_OK(src.status());
  std::string text;
  ASSERT_OK(src.value()->Read(0, src.value()->size(), &text));
  EXPECT_NE(text.find("license"), std::string::npos);
  EXPECT_EQ(release.store->Open("nope.txt").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(client.value()->stats().api_calls, 1u);
}

}  // namespace
}  // namespace openness
