#include "hub_cache.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace openness {
namespace {

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";

TEST(CachedRangesTest, MergesOverlappingAndAdjacentRanges) {
  CachedRanges r;
  r.size = 100;
  r.Add(10, "abcde");    // 10..14
  r.Add(15, "fgh");      // adjacent: 10..17
  r.Add(12, "CDEFGHI");  // overlapping, longer: 10..18
  r.Add(40, "xyz");
  ASSERT_EQ(r.ranges.size(), 2u);
  std::string out;
  ASSERT_TRUE(r.Get(10, 9, &out));
  EXPECT_EQ(out, "abCDEFGHI");
  EXPECT_FALSE(r.Get(18, 3, &out));
  ASSERT_TRUE(r.Get(41, 2, &out));
  EXPECT_EQ(out, "yz");
  r.Add(5, std::string(40, '.'));  // swallows both
  EXPECT_EQ(r.ranges.size(), 1u);
  EXPECT_EQ(r.TotalBytes(), 40u);  // 5..44
}

TEST(HubCacheTest, RoundTripsAndRefusesUnsafeNames) {
  testing::TempDir dir;
  HubCache cache(dir.path().string());
  EXPECT_TRUE(cache.PutJson("models", "org/name", kSha, "info", "{}"));
  EXPECT_EQ(cache.GetJson("models", "org/name", kSha, "info"), "{}");
  EXPECT_TRUE(cache.PutRef("models", "org/name", "refs/pr/1", kSha));
  EXPECT_EQ(cache.GetRef("models", "org/name", "refs/pr/1"), kSha);
  CachedRanges r;
  r.size = 1000;
  r.Add(0, "header");
  EXPECT_TRUE(cache.PutRanges("models", "org/name", kSha, "sub/../../evil", r));
  auto back = cache.GetRanges("models", "org/name", kSha, "sub/../../evil");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->size, 1000u);
  // Every file stays under the cache folder: no path component is "..".
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    for (const auto& part : e.path().lexically_relative(dir.path())) {
      EXPECT_NE(part.string(), "..") << e.path();
    }
  }
  EXPECT_FALSE(cache.PutJson("models", "../x", kSha, "info", "{}"));
  EXPECT_FALSE(cache.PutJson("models", "org/name", "notasha", "info", "{}"));
  EXPECT_FALSE(cache.PutJson("other", "org/name", kSha, "info", "{}"));
  EXPECT_FALSE(cache.PutJson("models", "org/name", kSha, "../info", "{}"));
  EXPECT_FALSE(HubCache("").PutJson("models", "org/name", kSha, "info", "{}"));
}

TEST(HubCacheTest, CorruptRangeFilesAreIgnored) {
  testing::TempDir dir;
  HubCache cache(dir.path().string());
  CachedRanges r;
  r.size = 10;
  r.Add(0, "abc");
  ASSERT_TRUE(cache.PutRanges("models", "org/name", kSha, "f", r));
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (e.is_regular_file() && e.path().filename() == "f") {
      std::string bytes = testing::ReadFileOrDie(e.path());
      dir.Write(e.path().lexically_relative(dir.path()).string(),
                bytes.substr(0, bytes.size() - 2));
    }
  }
  EXPECT_FALSE(cache.GetRanges("models", "org/name", kSha, "f"));
}

}  // namespace
}  // namespace openness
