#include "openness/hashing.h"

#include <gtest/gtest.h>

#include <string>

#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

// FIPS 180-2 test vectors.
constexpr const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kMillionA =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(HashingTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), kEmpty);
  EXPECT_EQ(Sha256Hex("abc"), kAbc);
  EXPECT_EQ(Sha256Hex(std::string(1'000'000, 'a')), kMillionA);
}

TEST(HashingTest, FilesAndSourcesAcrossBlockBoundaries) {
  TempDir dir;
  const size_t block = 4096;  // the smallest block: many reads
  for (size_t size : {size_t{0}, size_t{1}, block - 1, block, block + 1, 3 * block + 17}) {
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + size) & 0xff);
    const auto path = dir.Write("f" + std::to_string(size), bytes);
    std::string from_file, from_source;
    ASSERT_OK(Sha256File(path.string(), block, &from_file));
    Result<std::unique_ptr<ByteSource>> src = OpenFileSource(path.string());
    ASSERT_TRUE(src.ok());
    ASSERT_OK(Sha256Source(src->get(), block, &from_source));
    EXPECT_EQ(from_file, Sha256Hex(bytes)) << size;
    EXPECT_EQ(from_source, Sha256Hex(bytes)) << size;
  }
  const auto million = dir.Write("million", std::string(1'000'000, 'a'));
  std::string hex;
  ASSERT_OK(Sha256File(million.string(), block, &hex));
  EXPECT_EQ(hex, kMillionA);
  EXPECT_EQ(Sha256File((dir.path() / "missing").string(), block, &hex).code(),
            Status::Code::kIOError);
}

TEST(HashingTest, ParallelBatchKeepsOrderAndReportsFailures) {
  TempDir dir;
  std::vector<std::string> paths;
  for (int i = 0; i < 7; ++i) {
    dir.Write("w" + std::to_string(i), std::string(static_cast<size_t>(1000 * i + 1), 'x'));
    paths.push_back("w" + std::to_string(i));
  }
  paths.push_back("absent");
  auto store = LocalStore(dir.path().string());
  for (unsigned threads : {1u, 3u, 0u}) {
    HashOptions options;
    options.threads = threads;
    options.block_bytes = 4096;
    const std::vector<FileDigest> out = Sha256Files(store.get(), paths, options);
    ASSERT_EQ(out.size(), paths.size());
    for (int i = 0; i < 7; ++i) {
      EXPECT_EQ(out[i].path, paths[i]);
      EXPECT_OK(out[i].status);
      EXPECT_EQ(out[i].sha256, Sha256Hex(std::string(static_cast<size_t>(1000 * i + 1), 'x')));
    }
    EXPECT_FALSE(out.back().status.ok());
    EXPECT_TRUE(out.back().sha256.empty());
  }
}

TEST(HashingTest, ScanFillsWeightsShaOnlyWhenAsked) {
  TempDir dir;
  const std::string st = std::string("\x02\0\0\0\0\0\0\0{}", 10);  // an empty safetensors header
  dir.Write("model.safetensors", st);
  dir.Write("big.gguf", std::string(100'000, 'g'));
  const std::string oid(64, 'c');
  dir.Write("lfs.safetensors",
            "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 99\n");
  ScanResult plain;
  ASSERT_OK(ScanPath(dir.path().string(), {}, &plain));
  ScanOptions options;
  options.hash = true;
  ScanResult hashed;
  ASSERT_OK(ScanPath(dir.path().string(), options, &hashed));
  ASSERT_EQ(hashed.report.weights.files.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const WeightsFile& p = plain.report.weights.files[i];
    const WeightsFile& h = hashed.report.weights.files[i];
    if (!h.present) {  // an LFS pointer: the oid, hashed or not
      EXPECT_EQ(p.sha256, oid);
      EXPECT_EQ(h.sha256, oid);
      continue;
    }
    EXPECT_FALSE(p.sha256.has_value()) << p.path;
    ASSERT_TRUE(h.sha256.has_value()) << h.path;
    EXPECT_EQ(*h.sha256, Sha256Hex(testing::ReadFileOrDie(dir.path() / h.path)));
  }
}

TEST(HashingTest, UnreadableWeightsBecomeProblemsAndFindings) {
  TempDir dir;
  dir.Write("a.gguf", "GGUF");
  Release release;
  ASSERT_OK(ListRelease(dir.path().string(), DefaultLimits(), &release));
  Report report = Report::Empty();
  WeightsFile f;
  f.path = "gone.gguf";
  f.format = "gguf";
  report.weights.files.push_back(f);
  std::vector<Problem> problems;
  HashWeights(release, {}, &report, &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "gone.gguf");
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].code, "unreadable-file");
  EXPECT_FALSE(report.weights.files[0].sha256.has_value());
}

}  // namespace
}  // namespace openness
