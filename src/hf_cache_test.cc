#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "openness/local_sources.h"
#include "openness/release_evidence.h"
#include "source_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using testing::AddHfSnapshot;
using testing::FakeHex;
using testing::TempDir;

constexpr const char* kMitCard = "---\nlicense: mit\n---\n# Tiny\n\nA test model.\n";
constexpr const char* kConfig = R"({"architectures": ["LlamaForCausalLM"]})";

// Sets an environment variable for one scope, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(HfCacheRepoIdTest, FolderNames) {
  EXPECT_EQ(HfCacheRepoId("models--meta-llama--Llama-3.1-8B"), "meta-llama/Llama-3.1-8B");
  EXPECT_EQ(HfCacheRepoId("models--gpt2"), "gpt2");
  EXPECT_EQ(HfCacheRepoId("models--org--name.v2"), "org/name.v2");
  EXPECT_FALSE(HfCacheRepoId("datasets--org--name"));
  EXPECT_FALSE(HfCacheRepoId("spaces--org--name"));
  EXPECT_FALSE(HfCacheRepoId("models--"));
  EXPECT_FALSE(HfCacheRepoId("models--org--a--b"));
  EXPECT_FALSE(HfCacheRepoId("models--..--etc"));
  EXPECT_FALSE(HfCacheRepoId("models--org--na me"));
  EXPECT_FALSE(HfCacheRepoId(".locks"));
}

TEST(HfCacheTest, DefaultDirFollowsHuggingfaceHubPrecedence) {
  ScopedEnv a("HF_HUB_CACHE", nullptr), b("HUGGINGFACE_HUB_CACHE", nullptr), c("HF_HOME", nullptr),
      d("XDG_CACHE_HOME", nullptr), e("HOME", "/home/someone");
  EXPECT_EQ(DefaultHfCacheDir(), "/home/someone/.cache/huggingface/hub");
  {
    ScopedEnv x("XDG_CACHE_HOME", "/xdg");
    EXPECT_EQ(DefaultHfCacheDir(), "/xdg/huggingface/hub");
    ScopedEnv h("HF_HOME", "/hfhome");
    EXPECT_EQ(DefaultHfCacheDir(), "/hfhome/hub");
    ScopedEnv l("HUGGINGFACE_HUB_CACHE", "/legacy");
    EXPECT_EQ(DefaultHfCacheDir(), "/legacy");
    ScopedEnv n("HF_HUB_CACHE", "/new");
    EXPECT_EQ(DefaultHfCacheDir(), "/new");
  }
}

TEST(HfCacheTest, ListsModelsAndPicksTheSnapshotMainNames) {
  TempDir tmp;
  const fs::path cache = tmp.path() / "hub";
  const std::string old_sha = FakeHex("old", 40), main_sha = FakeHex("main", 40);
  AddHfSnapshot(cache, "models--org--tiny", old_sha, {{"README.md", "# old\n"}}, false);
  AddHfSnapshot(cache, "models--org--tiny", main_sha,
                {{"README.md", kMitCard}, {"config.json", kConfig}}, true);
  AddHfSnapshot(cache, "models--gpt2", FakeHex("gpt2", 40), {{"config.json", kConfig}}, true);
  AddHfSnapshot(cache, "datasets--org--data", FakeHex("d", 40), {{"README.md", "x"}}, true);
  fs::create_directories(cache / "models--org--empty" / "blobs");  // nothing downloaded
  fs::create_directories(cache / ".locks");

  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(cache.string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].repo_id, "gpt2");
  EXPECT_EQ(models[1].repo_id, "org/tiny");
  EXPECT_EQ(models[1].revision, main_sha);
  EXPECT_TRUE(models[1].current);
  EXPECT_EQ(models[1].refs, std::vector<std::string>{"main"});
  EXPECT_EQ(models[1].snapshots.size(), 2u);
  EXPECT_EQ(fs::path(models[1].snapshot_dir), cache / "models--org--tiny" / "snapshots" / main_sha);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "models--org--empty");
  EXPECT_EQ(problems[0].status.code(), Status::Code::kNotFound);

  // $HF_HOME (the parent of hub/) is accepted too.
  std::vector<HfCacheModel> again;
  problems.clear();
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &again, &problems));
  EXPECT_EQ(again.size(), 2u);
}

TEST(HfCacheTest, WithoutRefsMainTheNewestSnapshotIsAudited) {
  TempDir tmp;
  const std::string a = FakeHex("a", 40), b = FakeHex("b", 40);
  const fs::path sa = AddHfSnapshot(tmp.path(), "models--org--m", a, {{"README.md", "a"}}, false);
  const fs::path sb = AddHfSnapshot(tmp.path(), "models--org--m", b, {{"README.md", "b"}}, false);
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(sa, now);
  fs::last_write_time(sb, now - std::chrono::hours(48));
  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].revision, a);
  EXPECT_FALSE(models[0].current);

  // A refs/main naming a snapshot that is not there does not count either.
  std::ofstream(tmp.path() / "models--org--m" / "refs" / "main") << FakeHex("gone", 40);
  models.clear();
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &models, &problems));
  EXPECT_EQ(models[0].revision, a);
}

TEST(HfCacheTest, ScanReportsTheCacheSubjectAndReadsThroughTheSymlinks) {
  TempDir tmp;
  const std::string sha = FakeHex("rev", 40);
  AddHfSnapshot(tmp.path(), "models--example-org--tiny", sha,
                {{"README.md", kMitCard}, {"config.json", kConfig}, {"sub/notes.txt", "n"}}, true);
  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);

  Release release;
  ASSERT_OK(ListHfCacheRelease(models[0], DefaultLimits(), &release));
  EXPECT_EQ(release.source, SourceKind::kHfCache);
  EXPECT_EQ(release.id, "example-org/tiny");
  EXPECT_EQ(release.revision, sha);
  EXPECT_NE(release.FindFile("README.md"), nullptr);
  EXPECT_NE(release.FindFile("sub/notes.txt"), nullptr);
  EXPECT_TRUE(release.problems.empty());

  ScanResult result;
  ASSERT_OK(ScanHfCacheModel(models[0], {}, &result));
  const Report& r = result.report;
  EXPECT_EQ(r.subject.source, "hf-cache");
  EXPECT_EQ(r.subject.id, "example-org/tiny");
  EXPECT_EQ(r.subject.revision, sha);
  ASSERT_FALSE(r.license.declared.empty());
  EXPECT_EQ(r.license.declared[0].value, "mit");
  EXPECT_EQ(r.license.declared[0].evidence.file, "README.md");
  ASSERT_FALSE(r.license.effective.empty());
  EXPECT_EQ(r.license.effective[0].key, "mit");
}

TEST(HfCacheTest, MissingBlobsAndEscapingLinksAreProblems) {
  TempDir tmp;
  const std::string sha = FakeHex("x", 40);
  const fs::path snap = AddHfSnapshot(tmp.path(), "models--org--m", sha,
                                      {{"README.md", kMitCard}, {"model.safetensors", "zz"}}, true);
  // Interrupted download: the blob behind model.safetensors is gone.
  ASSERT_TRUE(fs::remove((snap / fs::read_symlink(snap / "model.safetensors")).lexically_normal()));
  // A link that leaves the repo's folder.
  tmp.Write("outside.txt", "secret");
  fs::create_symlink(tmp.path() / "outside.txt", snap / "LICENSE");

  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);
  Release release;
  ASSERT_OK(ListHfCacheRelease(models[0], DefaultLimits(), &release));
  EXPECT_EQ(release.FindFile("model.safetensors"), nullptr);
  EXPECT_EQ(release.FindFile("LICENSE"), nullptr);
  bool missing = false, escaping = false;
  for (const Problem& p : release.problems) {
    if (p.file == "model.safetensors") {
      missing = p.status.message().find("not completed") != std::string::npos;
    }
    if (p.file == "LICENSE") escaping = true;
  }
  EXPECT_TRUE(missing);
  EXPECT_TRUE(escaping);
  // Only one problem per file.
  EXPECT_EQ(release.problems.size(), 2u);
}

TEST(HfCacheTest, LinksStoredAsTextAreReadFromTheirBlobs) {
  // A cache copied by a tool without symlink support: each link is a file holding its target.
  TempDir tmp;
  const std::string sha = FakeHex("t", 40), card = FakeHex("card", 40);
  const std::string weights = FakeHex("w", 64), gone = FakeHex("gone", 40);
  const std::string st = std::string("\x02\0\0\0\0\0\0\0{}", 10);
  tmp.Write("models--org--text/blobs/" + card, kMitCard);
  tmp.Write("models--org--text/blobs/" + weights, st);
  tmp.Write("models--org--text/refs/main", sha);
  const std::string snap = "models--org--text/snapshots/" + sha + "/";
  tmp.Write(snap + "README.md", "../../blobs/" + card);
  tmp.Write(snap + "model.safetensors", "../../blobs/" + weights + "\n");
  tmp.Write(snap + "config.json", "../../blobs/" + gone);   // no such blob: left as it is
  tmp.Write(snap + "notes.txt", "../../../../etc/passwd");  // not a blob path: left as it is
  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(tmp.path().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);
  Release release;
  ASSERT_OK(ListHfCacheRelease(models[0], DefaultLimits(), &release));
  ASSERT_NE(release.FindFile("model.safetensors"), nullptr);
  EXPECT_EQ(release.FindFile("model.safetensors")->bytes, st.size());
  EXPECT_EQ(release.FindFile("notes.txt")->bytes, 22u);
  ScanResult result;
  ASSERT_OK(ScanHfCacheModel(models[0], {}, &result));
  ASSERT_FALSE(result.report.license.effective.empty());
  EXPECT_EQ(result.report.license.effective[0].key, "mit");
  EXPECT_EQ(result.report.weights.formats, std::vector<std::string>{"safetensors"});
}

TEST(HfCacheTest, ErrorsForAFolderThatIsNotThere) {
  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  Status s = ListHfCache("/nonexistent/hf-cache", DefaultLimits(), &models, &problems);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_TRUE(models.empty());
}

TEST(HfCacheTest, SharedSyntheticCache) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path cache = shared / "corpus" / "formats" / "synthetic" / "hf_cache";
  std::vector<HfCacheModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListHfCache(cache.string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].repo_id, "example-org/tiny-audit");
  EXPECT_EQ(models[0].revision, "0123456789abcdef0123456789abcdef01234567");
  EXPECT_TRUE(models[0].current);
  ScanResult result;
  ASSERT_OK(ScanHfCacheModel(models[0], {}, &result));
  EXPECT_EQ(result.report.subject.source, "hf-cache");
  EXPECT_EQ(result.report.subject.id, "example-org/tiny-audit");
  EXPECT_EQ(result.report.weights.formats, std::vector<std::string>{"safetensors"});
}

}  // namespace
}  // namespace openness
