// HubCache: the on-disk cache of Hub responses, keyed by repository and commit sha.
//
// A commit never changes, so what the Hub answered for (repo, sha) is kept for good: the API's
// model info, dataset cards, commit lists, and the byte ranges of files the evidence stage read
// (whole small files, weights headers). A ref file maps a branch or tag to the sha it named when
// last seen online; --offline follows it. Layout under the cache folder:
//
//   hub/<models|datasets>/<org>/<name>/refs/<rev>            the sha, as text
//   hub/<models|datasets>/<org>/<name>/<sha>/<variant>.json  an API answer
//   hub/<models|datasets>/<org>/<name>/<sha>/files/<path>    byte ranges of one file
//
// Names are validated (repo ids, 40-hex shas) and file paths percent-encoded into one component,
// so a hostile answer cannot write outside the folder. Writes go to a temporary file that is
// renamed into place, so concurrent scans never see half a file. No credential is ever written.
#ifndef OPENNESS_SRC_HUB_CACHE_H_
#define OPENNESS_SRC_HUB_CACHE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace openness {

/// Byte ranges of one file: offset -> bytes, non-overlapping, plus the file's size.
struct CachedRanges {
  uint64_t size = 0;
  std::map<uint64_t, std::string> ranges;

  /// Adds bytes at offset, merging with neighbours.
  void Add(uint64_t offset, std::string_view bytes);
  /// The bytes [offset, offset+n) when one range holds them.
  bool Get(uint64_t offset, uint64_t n, std::string* out) const;
  uint64_t TotalBytes() const;
};

class HubCache {
 public:
  /// dir "" disables the cache (every Get misses, every Put is dropped).
  explicit HubCache(std::string dir) : dir_(std::move(dir)) {}
  bool enabled() const { return !dir_.empty(); }

  /// kind: "models" or "datasets". False (and no file touched) for invalid names.
  std::optional<std::string> GetJson(std::string_view kind, std::string_view repo,
                                     std::string_view sha, std::string_view variant) const;
  bool PutJson(std::string_view kind, std::string_view repo, std::string_view sha,
               std::string_view variant, std::string_view body) const;

  std::optional<std::string> GetRef(std::string_view kind, std::string_view repo,
                                    std::string_view rev) const;
  bool PutRef(std::string_view kind, std::string_view repo, std::string_view rev,
              std::string_view sha) const;

  std::optional<CachedRanges> GetRanges(std::string_view kind, std::string_view repo,
                                        std::string_view sha, std::string_view path) const;
  bool PutRanges(std::string_view kind, std::string_view repo, std::string_view sha,
                 std::string_view path, const CachedRanges& ranges) const;

  /// Largest file of ranges kept (bigger recordings are not cached).
  static constexpr uint64_t kMaxRangesBytes = 64ull << 20;

 private:
  std::string RepoDir(std::string_view kind, std::string_view repo) const;
  std::string dir_;
};

/// True for 40 lower-case hex digits (a git commit sha). Pure.
bool IsCommitSha(std::string_view s);

}  // namespace openness

#endif  // OPENNESS_SRC_HUB_CACHE_H_
