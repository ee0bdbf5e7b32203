#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "hub_fixture.h"
#include "openness/hub.h"
#include "test_util.h"

namespace openness {
namespace {

TEST(HubRefTest, ParsesTheFormsUsersType) {
  auto r = ParseHubRef("meta-llama/Llama-3.1-8B");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo_id, "meta-llama/Llama-3.1-8B");
  EXPECT_FALSE(r->revision);
  r = ParseHubRef("org/name@v1.0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo_id, "org/name");
  EXPECT_EQ(r->revision, "v1.0");
  r = ParseHubRef("hf://org/name@refs/pr/1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->revision, "refs/pr/1");
  r = ParseHubRef("https://huggingface.co/org/name/tree/dev");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo_id, "org/name");
  EXPECT_EQ(r->revision, "dev");
  r = ParseHubRef("https://huggingface.co/org/name/");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->revision);
}

TEST(HubRefTest, RejectsWhatIsNotARepoId) {
  for (const char* bad :
       {"", "name", "a/b/c", "org/", "/name", "org/na me", "org/..", "-org/name", "org/name@",
        "org/name@a b", "org/na--me", "https://huggingface.co/org/name/discussions"}) {
    EXPECT_FALSE(ParseHubRef(bad)) << bad;
  }
  EXPECT_FALSE(IsValidRepoId(std::string(97, 'a') + "/x"));
  EXPECT_TRUE(IsValidRepoId("a_b.c/d-e.1"));
}

TEST(HubRefTest, AnExistingLocalPathWins) {
  testing::TempDir dir;
  dir.Write("org/name/README.md", "local");
  const std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir.path());
  EXPECT_FALSE(HubTargetOf("org/name"));      // exists here
  EXPECT_TRUE(HubTargetOf("org/other"));      // does not
  EXPECT_TRUE(HubTargetOf("hf://org/name"));  // explicit
  EXPECT_FALSE(HubTargetOf("./org/other"));   // written as a path
  EXPECT_FALSE(HubTargetOf("/abs/path"));
  std::filesystem::current_path(cwd);
}

TEST(HubRefTest, UrlEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(UrlEncode("refs/pr/1"), "refs%2Fpr%2F1");
  EXPECT_EQ(UrlEncode("a b/c.json", true), "a%20b/c.json");
  EXPECT_EQ(UrlEncode("x?y#z"), "x%3Fy%23z");
}

class EnvGuard {
 public:
  explicit EnvGuard(std::vector<std::string> names) : names_(std::move(names)) {
    for (const std::string& n : names_) {
      const char* v = std::getenv(n.c_str());
      saved_.push_back(v ? std::optional<std::string>(v) : std::nullopt);
      ::unsetenv(n.c_str());
    }
  }
  ~EnvGuard() {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (saved_[i]) {
        ::setenv(names_[i].c_str(), saved_[i]->c_str(), 1);
      } else {
        ::unsetenv(names_[i].c_str());
      }
    }
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::optional<std::string>> saved_;
};

TEST(HubOptionsTest, EnvironmentInHuggingfaceHubOrder) {
  EnvGuard guard({"HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HOME",
                  "HF_HUB_OFFLINE", "OPENNESS_CACHE_DIR", "XDG_CACHE_HOME"});
  testing::TempDir home;
  home.Write("token", "  hf_fromfile123  \n");
  ::setenv("HF_HOME", home.path().c_str(), 1);
  HubOptions o = HubOptionsFromEnv();
  EXPECT_EQ(o.endpoint, "https://huggingface.co");
  EXPECT_EQ(o.token, "hf_fromfile123");
  ::setenv("HUGGING_FACE_HUB_TOKEN", "hf_legacy456", 1);
  EXPECT_EQ(HubOptionsFromEnv().token, "hf_legacy456");
  ::setenv("HF_TOKEN", "hf_first789", 1);
  EXPECT_EQ(HubOptionsFromEnv().token, "hf_first789");
  ::setenv("HF_ENDPOINT", "http://127.0.0.1:9/", 1);
  ::setenv("HF_HUB_OFFLINE", "1", 1);
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  o = HubOptionsFromEnv();
  EXPECT_EQ(o.endpoint, "http://127.0.0.1:9");
  EXPECT_TRUE(o.offline);
  EXPECT_EQ(o.cache_dir, "/tmp/xdg/openness");
  ::setenv("OPENNESS_CACHE_DIR", "/tmp/mine", 1);
  EXPECT_EQ(HubOptionsFromEnv().cache_dir, "/tmp/mine");
}

TEST(HubClientTest, RefusesEndpointsAndTokensItCannotUse) {
  HubOptions o;
  o.endpoint = "ftp://example";
  EXPECT_FALSE(HubClient::Create(o).ok());
  o.endpoint = "http://127.0.0.1:9";
  o.token = "hf_has space";
  EXPECT_FALSE(HubClient::Create(o).ok());
}

TEST(HubClientTest, ScrubsTheTokenFromMessages) {
  HubOptions o;
  o.token = "hf_secretvalue";
  auto c = HubClient::Create(o);
  ASSERT_OK(c.status());
  EXPECT_EQ(c.value()->Scrub("bad token hf_secretvalue!"), "bad token ***!");
}

TEST(HubClientTest, ResponseSizeIsBounded) {
  testing::FixtureHub hub;
  hub.Add(testing::SimpleModelRepo("acme/tiny", {{"license", "mit"}}, 1 << 20));
  HubOptions o;
  o.endpoint = hub.endpoint();
  auto c = HubClient::Create(o);
  ASSERT_OK(c.status());
  HttpResponse r;
  HubError err = HubError::kNone;
  Status s = c.value()->Get(c.value()->ResolveUrl("acme/tiny", "main", "model.safetensors"), 4096,
                            "model.safetensors", &r, &err);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge) << s.ToString();
  EXPECT_EQ(err, HubError::kTooLarge);
  // Without a limit problem the same request works, following the CDN redirect.
  s = c.value()->Get(c.value()->ResolveUrl("acme/tiny", "main", "README.md"), 4096, "README.md", &r,
                     &err);
  EXPECT_OK(s);
  EXPECT_NE(r.body.find("license"), std::string::npos);
}

TEST(HubClientTest, RangeSourceReadsOnlyWhatIsAsked) {
  testing::FixtureHub hub;
  hub.Add(testing::SimpleModelRepo("acme/tiny", {{"license", "mit"}}, 4 << 20));
  HubOptions o;
  o.endpoint = hub.endpoint();
  o.read_ahead_bytes = 64 << 10;
  auto c = HubClient::Create(o);
  ASSERT_OK(c.status());
  auto src = c.value()->OpenRemote(c.value()->ResolveUrl("acme/tiny", "main", "model.safetensors"),
                                   "model.safetensors", std::nullopt);
  ASSERT_OK(src.status());
  EXPECT_EQ(src.value()->size(), (4u << 20) + 8 + 0 + src.value()->size() - (4u << 20) - 8);
  std::string out;
  ASSERT_OK(src.value()->Read(0, 8, &out));
  ASSERT_OK(src.value()->Read(8, 16, &out));
  // A read far ahead starts a new range; a read past the end is an error naming the offset.
  ASSERT_OK(src.value()->Read(3 << 20, 4, &out));
  EXPECT_EQ(out, std::string(4, '\x01'));
  Status s = src.value()->Read(src.value()->size() - 2, 4, &out);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_LT(c.value()->stats().bytes_received, 1u << 20);
  EXPECT_EQ(c.value()->stats().range_requests, 2u);
}

}  // namespace
}  // namespace openness
