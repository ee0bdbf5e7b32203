#include "openness/release.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

TEST(ClassifyFileTest, Roles) {
  struct Case {
    const char* path;
    FileRole role;
  } cases[] = {
      {"model.safetensors", FileRole::kWeights},
      {"model-00001-of-00004.safetensors", FileRole::kWeights},
      {"original/consolidated.00.pth", FileRole::kWeights},
      {"pytorch_model.bin", FileRole::kWeights},
      {"model.Q4_K_M.gguf", FileRole::kWeights},
      {"model.onnx", FileRole::kWeights},
      {"config.json", FileRole::kConfig},
      {"generation_config.json", FileRole::kConfig},
      {"model.safetensors.index.json", FileRole::kConfig},
      {"tokenizer.json", FileRole::kTokenizer},
      {"tokenizer.model", FileRole::kTokenizer},
      {"special_tokens_map.json", FileRole::kTokenizer},
      {"README.md", FileRole::kCard},
      {"MODEL_CARD.md", FileRole::kCard},
      {"LICENSE", FileRole::kLicense},
      {"LICENSE.txt", FileRole::kLicense},
      {"LICENSE-MODEL", FileRole::kLicense},
      {"llama_license.txt", FileRole::kLicense},
      {"USE_POLICY.md", FileRole::kUsePolicy},
      {"NOTICE", FileRole::kNotice},
      {"Notice.txt", FileRole::kNotice},
      {"modeling_tiny.py", FileRole::kCode},
      {"train.py", FileRole::kCode},
      {"data/train.jsonl", FileRole::kData},
      {"optimizer.pt", FileRole::kOther},
      {"image.png", FileRole::kOther},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ClassifyFile(c.path), c.role)
        << c.path << " -> " << FileRoleName(ClassifyFile(c.path));
  }
}

TEST(ClassifyFileTest, WeightsFormats) {
  EXPECT_EQ(WeightsFormatOf("a/b/model.safetensors"), "safetensors");
  EXPECT_EQ(WeightsFormatOf("x.GGUF"), "gguf");
  EXPECT_EQ(WeightsFormatOf("pytorch_model.bin"), "pytorch-pickle");
  EXPECT_EQ(WeightsFormatOf("model.ckpt"), "pytorch-pickle");
  EXPECT_EQ(WeightsFormatOf("model.onnx"), "onnx");
  EXPECT_EQ(WeightsFormatOf("README.md"), "");
}

TEST(LfsPointerTest, ParsesPointer) {
  const std::string oid(64, 'a');
  auto p = ParseLfsPointer("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid +
                           "\nsize 2669283096\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->oid, oid);
  EXPECT_EQ(p->size, 2669283096u);
}

TEST(LfsPointerTest, RejectsNonPointers) {
  EXPECT_FALSE(ParseLfsPointer("hello").has_value());
  EXPECT_FALSE(ParseLfsPointer("version https://git-lfs.github.com/spec/v1\nsize 12\n"));
  EXPECT_FALSE(ParseLfsPointer("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n"));
  EXPECT_FALSE(ParseLfsPointer("version https://git-lfs.github.com/spec/v1\noid sha256:" +
                               std::string(64, 'a') + "\nsize 99999999999999999999\n"));
}

TEST(ListReleaseTest, WalksFolderWithRolesAndLfs) {
  TempDir dir;
  dir.Write("README.md", "# card\n");
  dir.Write("LICENSE", "MIT License\n");
  dir.Write("config.json", "{}");
  dir.Write("model.safetensors", "version https://git-lfs.github.com/spec/v1\noid sha256:" +
                                     std::string(64, 'b') + "\nsize 1000\n");
  dir.Write(".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n");
  dir.Write(".git/HEAD", "ref: refs/heads/main\n");
  dir.Write("sub/train.py", "print(1)\n");
  Release r;
  ASSERT_OK(ListRelease(dir.path().string(), DefaultLimits(), &r));
  EXPECT_EQ(r.source, SourceKind::kLocal);
  ASSERT_EQ(r.files.size(), 5u);  // .git and .gitattributes are not release files
  const ReleaseFile* w = r.FindFile("model.safetensors");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->role, FileRole::kWeights);
  ASSERT_TRUE(w->lfs.has_value());
  EXPECT_EQ(w->lfs->size, 1000u);
  EXPECT_NE(r.FindFile("sub/train.py"), nullptr);
  EXPECT_EQ(r.lfs_patterns, std::vector<std::string>{"*.safetensors"});
}

TEST(ListReleaseTest, SingleFile) {
  TempDir dir;
  auto p = dir.Write("m.gguf", "GGUF");
  Release r;
  ASSERT_OK(ListRelease(p.string(), DefaultLimits(), &r));
  EXPECT_EQ(r.source, SourceKind::kFile);
  EXPECT_EQ(r.id, "m.gguf");
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].format, "gguf");
}

TEST(ListReleaseTest, MissingPathIsNotFound) {
  Release r;
  Status s = ListRelease("/nonexistent/openness/x", DefaultLimits(), &r);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
}

TEST(ListReleaseTest, LinksOutsideTheReleaseAreNotFollowed) {
  TempDir outside, dir;
  auto secret = outside.Write("secret.txt", "do not read");
  dir.Write("README.md", "# card\n");
  std::filesystem::create_symlink(secret, dir.path() / "LICENSE");
  std::filesystem::create_symlink(dir.path(), dir.path() / "loop");
  Release r;
  ASSERT_OK(ListRelease(dir.path().string(), DefaultLimits(), &r));
  EXPECT_EQ(r.FindFile("LICENSE"), nullptr);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems[0].file, "LICENSE");
}

TEST(ListReleaseTest, FileCountLimit) {
  TempDir dir;
  for (int i = 0; i < 10; ++i) dir.Write("f" + std::to_string(i) + ".txt", "x");
  Limits limits;
  limits.release_files = 4;
  Release r;
  ASSERT_OK(ListRelease(dir.path().string(), limits, &r));
  EXPECT_EQ(r.files.size(), 4u);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_EQ(r.problems.back().status.code(), Status::Code::kTooLarge);
}

}  // namespace
}  // namespace openness
