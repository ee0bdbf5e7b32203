#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "openness/local_sources.h"
#include "openness/release_evidence.h"
#include "source_fixtures.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using testing::AddOllamaModel;
using testing::FakeHex;
using testing::OllamaLayerSpec;
using testing::TempDir;
using testing::TinyGguf;

constexpr const char* kModel = "application/vnd.ollama.image.model";
constexpr const char* kLicense = "application/vnd.ollama.image.license";
constexpr const char* kTemplate = "application/vnd.ollama.image.template";
constexpr const char* kParams = "application/vnd.ollama.image.params";

std::string Digest(const std::string& seed) { return "sha256:" + FakeHex(seed, 64); }

std::string Manifest(const std::string& layer_digest) {
  return R"({"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model",)"
         R"("digest":")" +
         layer_digest + R"(","size":1}]})";
}

TEST(OllamaDigestTest, OnlySha256AndSixtyFourLowerHexDigits) {
  EXPECT_TRUE(IsOllamaDigest(Digest("a")));
  EXPECT_FALSE(IsOllamaDigest("sha256:" + FakeHex("a", 63)));
  EXPECT_FALSE(IsOllamaDigest("sha256:" + FakeHex("a", 65)));
  EXPECT_FALSE(IsOllamaDigest("sha512:" + FakeHex("a", 64)));
  EXPECT_FALSE(IsOllamaDigest("sha256:../../../../etc/passwd"));
  EXPECT_FALSE(IsOllamaDigest("sha256:" + std::string(61, 'a') + "/.."));
  std::string upper = Digest("a");
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_FALSE(IsOllamaDigest("sha256:" + upper.substr(7)));
  EXPECT_EQ(OllamaBlobPath("sha256:" + std::string(64, 'a')),
            "blobs/sha256-" + std::string(64, 'a'));
}

TEST(OllamaManifestTest, ParsesTheRealGemmaManifest) {
  SKIP_WITHOUT_SHARED(shared);
  const std::string text = testing::ReadFileOrDie(shared / "corpus" / "formats" / "ollama" /
                                                  "manifest.library.gemma.2b.json");
  OllamaManifest m;
  ASSERT_OK(ParseOllamaManifest(text, DefaultLimits(), &m));
  EXPECT_EQ(m.schema_version, 2);
  ASSERT_TRUE(m.config.has_value());
  EXPECT_EQ(m.config->size, 483u);
  ASSERT_EQ(m.layers.size(), 4u);
  EXPECT_EQ(m.layers[0].media_type, kOllamaModelLayer);
  EXPECT_EQ(m.layers[0].size, 1678447520u);
  EXPECT_EQ(m.layers[1].media_type, kOllamaLicenseLayer);
}

TEST(OllamaManifestTest, RefusesHostileManifests) {
  OllamaManifest m;
  const Limits& limits = DefaultLimits();
  // Digests that would name a path outside blobs/.
  for (const std::string& bad : {std::string("sha256:../../../../etc/passwd"),
                                 std::string("sha256:") + FakeHex("x", 60) + "/../",
                                 std::string("../sha256-") + FakeHex("x", 64),
                                 std::string("sha256:") + FakeHex("x", 64) + "\\n"}) {
    Status s = ParseOllamaManifest(Manifest(bad), limits, &m);
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << bad;
    EXPECT_NE(s.message().find("digest"), std::string::npos) << s.ToString();
  }
  EXPECT_EQ(ParseOllamaManifest("{not json", limits, &m).code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseOllamaManifest("[1,2]", limits, &m).code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseOllamaManifest(std::string("{}\0{}", 5), limits, &m).code(),
            Status::Code::kCorruption);
  EXPECT_EQ(ParseOllamaManifest(R"({"schemaVersion":2})", limits, &m).code(),
            Status::Code::kCorruption);
  EXPECT_EQ(ParseOllamaManifest(R"({"schemaVersion":1,"layers":[]})", limits, &m).code(),
            Status::Code::kUnsupported);
  EXPECT_EQ(ParseOllamaManifest(
                R"({"layers":[{"mediaType":"x","digest":")" + Digest("a") + R"(","size":-5}]})",
                limits, &m)
                .code(),
            Status::Code::kCorruption);
  EXPECT_EQ(
      ParseOllamaManifest(R"({"layers":[{"digest":")" + Digest("a") + R"("}]})", limits, &m).code(),
      Status::Code::kCorruption);
  // Nesting bomb, size bomb, layer-count bomb.
  std::string deep =
      R"({"layers":[],"x":)" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_EQ(ParseOllamaManifest(deep, limits, &m).code(), Status::Code::kTooLarge);
  std::string big = R"({"layers":[],"pad":")" + std::string(kOllamaManifestBytes, 'a') + "\"}";
  EXPECT_EQ(ParseOllamaManifest(big, limits, &m).code(), Status::Code::kTooLarge);
  std::string many = R"({"layers":[)";
  for (size_t i = 0; i <= kOllamaManifestLayers; ++i) {
    many += std::string(i ? "," : "") + R"({"mediaType":"m","digest":")" + Digest("a") + "\"}";
  }
  many += "]}";
  EXPECT_EQ(ParseOllamaManifest(many, limits, &m).code(), Status::Code::kTooLarge);
  // Strings holding brackets do not count as nesting.
  std::string brackets = R"({"layers":[],"note":")" + std::string(500, '[') + "\"}";
  EXPECT_OK(ParseOllamaManifest(brackets, limits, &m));
}

class OllamaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gguf_ = TinyGguf({{"general.architecture", "llama"},
                      {"general.name", "Tiny"},
                      {"general.license", "apache-2.0"}});
    AddOllamaModel(store(), "registry.ollama.ai", "library", "tiny", "latest",
                   {{kModel, gguf_},
                    {kLicense, "Our test terms, version 1.\n"},
                    {kLicense, "A second license text.\n"},
                    {kTemplate, "{{ .Prompt }}"},
                    {kParams, R"({"temperature":0.5})"}});
    AddOllamaModel(store(), "registry.ollama.ai", "someone", "mine", "v2", {{kModel, gguf_ + "x"}});
    AddOllamaModel(store(), "hf.co", "user", "Repo-GGUF", "Q4_K_M", {{kModel, gguf_ + "y"}});
  }
  fs::path store() const { return tmp_.path() / "models"; }
  std::string gguf_;
  TempDir tmp_;
};

TEST_F(OllamaStoreTest, ListsModelsWithTheNamesOllamaShows) {
  std::vector<OllamaModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListOllamaModels(store().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 3u);
  EXPECT_EQ(models[0].name, "hf.co/user/Repo-GGUF:Q4_K_M");
  EXPECT_EQ(models[0].registry, "hf.co");
  EXPECT_EQ(models[1].name, "someone/mine:v2");
  EXPECT_EQ(models[2].name, "tiny:latest");
  EXPECT_EQ(models[2].manifest_path, "manifests/registry.ollama.ai/library/tiny/latest");
  EXPECT_TRUE(problems.empty());
}

TEST_F(OllamaStoreTest, FindsModelsByTheNamesUsersType) {
  OllamaModel m;
  for (const char* name : {"tiny", "tiny:latest", "TINY:Latest", "library/tiny",
                           "registry.ollama.ai/library/tiny:latest"}) {
    ASSERT_OK(FindOllamaModel(store().string(), name, DefaultLimits(), &m));
    EXPECT_EQ(m.name, "tiny:latest") << name;
  }
  ASSERT_OK(FindOllamaModel(store().string(), "hf.co/user/Repo-GGUF:Q4_K_M", DefaultLimits(), &m));
  EXPECT_EQ(m.model, "Repo-GGUF");
  EXPECT_EQ(FindOllamaModel(store().string(), "tiny:7b", DefaultLimits(), &m).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(FindOllamaModel(store().string(), "../../etc/passwd", DefaultLimits(), &m).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(FindOllamaModel(store().string(), "tiny:", DefaultLimits(), &m).code(),
            Status::Code::kInvalidArgument);
}

TEST_F(OllamaStoreTest, ReleaseListsTheBlobsWithTheirRoles) {
  OllamaModel m;
  ASSERT_OK(FindOllamaModel(store().string(), "tiny", DefaultLimits(), &m));
  Release r;
  ASSERT_OK(ListOllamaRelease(store().string(), m, DefaultLimits(), &r));
  EXPECT_EQ(r.source, SourceKind::kOllama);
  EXPECT_EQ(r.id, "tiny:latest");
  EXPECT_EQ(r.revision, "latest");
  EXPECT_TRUE(r.problems.empty());
  int weights = 0, licenses = 0, configs = 0, others = 0;
  for (const ReleaseFile& f : r.files) {
    switch (f.role) {
      case FileRole::kWeights:
        ++weights;
        EXPECT_EQ(f.format, "gguf");
        EXPECT_EQ(f.bytes, gguf_.size());
        EXPECT_TRUE(f.path.starts_with("blobs/sha256-")) << f.path;
        break;
      case FileRole::kLicense:
        ++licenses;
        break;
      case FileRole::kConfig:
        ++configs;
        break;
      default:
        ++others;
    }
  }
  EXPECT_EQ(weights, 1);
  EXPECT_EQ(licenses, 2);
  EXPECT_EQ(configs, 2);  // the config blob and the params layer
  EXPECT_EQ(others, 2);   // the manifest and the template
  EXPECT_NE(r.FindFile(m.manifest_path), nullptr);

  // The evidence stage reads the layers through the store.
  ReleaseEvidence ev;
  CollectEvidence(r, DefaultLimits(), &ev);
  ASSERT_EQ(ev.weights.size(), 1u);
  ASSERT_TRUE(ev.weights[0].gguf.has_value());
  EXPECT_EQ(ev.weights[0].gguf->GetString("general.license"), "apache-2.0");
  ASSERT_EQ(ev.texts.size(), 2u);
  EXPECT_EQ(ev.texts[0].role, FileRole::kLicense);
  const std::string both = ev.texts[0].text + ev.texts[1].text;
  EXPECT_NE(both.find("Our test terms"), std::string::npos);
  EXPECT_NE(both.find("A second license"), std::string::npos);
  EXPECT_LT(ev.weights_bytes_read, gguf_.size() + 1);
}

TEST_F(OllamaStoreTest, ScanReportsTheOllamaSubjectAndGgufLicense) {
  OllamaModel m;
  ASSERT_OK(FindOllamaModel(store().string(), "tiny", DefaultLimits(), &m));
  ScanResult result;
  ASSERT_OK(ScanOllamaModel(store().string(), m, {}, &result));
  const Report& r = result.report;
  EXPECT_EQ(r.subject.source, "ollama");
  EXPECT_EQ(r.subject.id, "tiny:latest");
  EXPECT_EQ(r.weights.published, true);
  EXPECT_EQ(r.weights.formats, std::vector<std::string>{"gguf"});
  EXPECT_EQ(r.weights.parameters, 6u);
  bool declared = false;
  for (const DeclaredLicense& d : r.license.declared) {
    if (d.value == "apache-2.0" && d.evidence.key == "general.license") {
      declared = true;
      ASSERT_TRUE(d.evidence.file.has_value());
      EXPECT_TRUE(d.evidence.file->starts_with("blobs/sha256-"));
    }
  }
  EXPECT_TRUE(declared);
  ASSERT_FALSE(r.license.effective.empty());
  EXPECT_EQ(r.license.effective[0].key, "apache-2.0");
}

TEST_F(OllamaStoreTest, MissingBlobsSizeMismatchesAndLinksAreProblems) {
  AddOllamaModel(store(), "registry.ollama.ai", "library", "partial", "latest",
                 {{kModel, gguf_ + "p", /*write_blob=*/false}, {kLicense, "terms"}});
  OllamaModel m;
  ASSERT_OK(FindOllamaModel(store().string(), "partial", DefaultLimits(), &m));
  Release r;
  ASSERT_OK(ListOllamaRelease(store().string(), m, DefaultLimits(), &r));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].status.code(), Status::Code::kNotFound);
  EXPECT_NE(r.problems[0].status.message().find("pull was not completed"), std::string::npos);
  for (const ReleaseFile& f : r.files) EXPECT_NE(f.role, FileRole::kWeights);

  // A blob replaced by a link (to anything) is not followed; a blob of the wrong size is said.
  AddOllamaModel(store(), "registry.ollama.ai", "library", "odd", "latest",
                 {{kModel, gguf_ + "o"}, {kLicense, "license text o"}});
  ASSERT_OK(FindOllamaModel(store().string(), "odd", DefaultLimits(), &m));
  const fs::path license_blob = store() / "blobs" / ("sha256-" + FakeHex("license text o", 64));
  const fs::path model_blob = store() / "blobs" / ("sha256-" + FakeHex(gguf_ + "o", 64));
  fs::remove(license_blob);
  tmp_.Write("elsewhere.txt", "outside the store");
  fs::create_symlink(tmp_.path() / "elsewhere.txt", license_blob);
  std::ofstream(model_blob, std::ios::app) << "trailing";
  Release r2;
  ASSERT_OK(ListOllamaRelease(store().string(), m, DefaultLimits(), &r2));
  bool link = false, size = false;
  for (const Problem& p : r2.problems) {
    if (p.status.message().find("links are not followed") != std::string::npos) link = true;
    if (p.status.message().find("but the blob has") != std::string::npos) size = true;
  }
  EXPECT_TRUE(link);
  EXPECT_TRUE(size);
}

TEST_F(OllamaStoreTest, HostileManifestFailsOnlyThatModel) {
  const fs::path dir = store() / "manifests" / "registry.ollama.ai" / "library" / "evil";
  fs::create_directories(dir);
  std::ofstream(dir / "latest") << Manifest("sha256:../../../../etc/passwd");
  std::vector<OllamaModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListOllamaModels(store().string(), DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 4u);
  int ok = 0, failed = 0;
  for (const OllamaModel& m : models) {
    ScanResult result;
    Status s = ScanOllamaModel(store().string(), m, {}, &result);
    if (s.ok()) {
      ++ok;
    } else {
      ++failed;
      EXPECT_EQ(m.name, "evil:latest");
      EXPECT_EQ(s.code(), Status::Code::kCorruption);
      EXPECT_NE(s.message().find("manifests/registry.ollama.ai/library/evil/latest"),
                std::string::npos);
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(failed, 1);
}

TEST(OllamaStoreOpenTest, OpensOnlyBlobsAndManifests) {
  TempDir tmp;
  tmp.Write("secret.txt", "s");
  tmp.Write("models/blobs/sha256-" + std::string(64, 'a'), "blob");
  tmp.Write("models/manifests/r/n/m/t", "{}");
  auto store = OllamaStore((tmp.path() / "models").string());
  EXPECT_TRUE(store->Open("blobs/sha256-" + std::string(64, 'a')).ok());
  EXPECT_TRUE(store->Open("manifests/r/n/m/t").ok());
  for (const std::string& bad :
       {std::string("../secret.txt"), std::string("blobs/../../secret.txt"),
        std::string("blobs/sha256-../../secret.txt"), std::string("manifests/../../secret.txt"),
        std::string("/etc/passwd"), std::string("blobs/sha256-") + std::string(64, 'A')}) {
    EXPECT_FALSE(store->Open(bad).ok()) << bad;
  }
}

TEST(OllamaStoreListTest, ErrorsWithoutManifests) {
  TempDir tmp;
  std::vector<OllamaModel> models;
  std::vector<Problem> problems;
  EXPECT_EQ(ListOllamaModels(tmp.path().string(), DefaultLimits(), &models, &problems).code(),
            Status::Code::kNotFound);
  EXPECT_EQ(ListOllamaModels("/nonexistent/ollama", DefaultLimits(), &models, &problems).code(),
            Status::Code::kNotFound);
}

TEST(OllamaStoreListTest, SharedSyntheticStore) {
  SKIP_WITHOUT_SHARED(shared);
  const std::string dir =
      (shared / "corpus" / "formats" / "synthetic" / "ollama_store" / "models").string();
  std::vector<OllamaModel> models;
  std::vector<Problem> problems;
  ASSERT_OK(ListOllamaModels(dir, DefaultLimits(), &models, &problems));
  ASSERT_EQ(models.size(), 1u);
  EXPECT_EQ(models[0].name, "tiny-audit:latest");
  ScanResult result;
  ASSERT_OK(ScanOllamaModel(dir, models[0], {}, &result));
  EXPECT_EQ(result.report.subject.source, "ollama");
  EXPECT_EQ(result.report.weights.formats, std::vector<std::string>{"gguf"});
  EXPECT_TRUE(result.problems.empty());
}

TEST(OllamaStoreListTest, LicenseLayerIsIdentifiedFromItsText) {
  SKIP_WITHOUT_SHARED(shared);
  const std::string text = testing::ReadFileOrDie(shared / "corpus" / "licenses" / "texts" /
                                                  "gemma-terms-of-use-2025-03-24.txt");
  TempDir tmp;
  AddOllamaModel(tmp.path(), "registry.ollama.ai", "library", "g", "2b",
                 {{kModel, TinyGguf({{"general.architecture", "gemma"}})}, {kLicense, text}});
  OllamaModel m;
  ASSERT_OK(FindOllamaModel(tmp.path().string(), "g:2b", DefaultLimits(), &m));
  ScanResult result;
  ASSERT_OK(ScanOllamaModel(tmp.path().string(), m, {}, &result));
  const std::string blob = "blobs/sha256-" + FakeHex(text, 64);
  bool found = false;
  for (const DetectedLicense& d : result.report.license.detected) {
    if (d.evidence.file == blob && d.key.find("gemma") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "no gemma license detected in " << blob;
}

}  // namespace
}  // namespace openness
