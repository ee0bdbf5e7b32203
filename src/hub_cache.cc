#include "hub_cache.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "openness/hub.h"

namespace fs = std::filesystem;

namespace openness {
namespace {

constexpr std::string_view kRangesMagic = "openness-ranges-v1\n";

bool ValidKind(std::string_view kind) { return kind == "models" || kind == "datasets"; }

bool ValidVariant(std::string_view v) {
  if (v.empty() || v.size() > 32) return false;
  for (char c : v) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

// One path component for any text: percent-encoded, or hashed when too long.
std::string Component(std::string_view text) {
  std::string enc = UrlEncode(text);
  if (enc.size() <= 180) return enc;
  uint64_t h = 1469598103934665603ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "h-";
  for (int i = 60; i >= 0; i -= 4) out.push_back(kHex[(h >> i) & 15]);
  return out + "-" + std::to_string(text.size()) + "-" + enc.substr(0, 100);
}

std::optional<std::string> ReadAll(const fs::path& p, uint64_t max) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return std::nullopt;
  std::string out;
  char buf[65536];
  while (f) {
    f.read(buf, sizeof buf);
    out.append(buf, static_cast<size_t>(f.gcount()));
    if (out.size() > max) return std::nullopt;
  }
  return out;
}

bool WriteAtomic(const fs::path& p, std::string_view bytes) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) return false;
  fs::path tmp = p;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      fs::remove(tmp, ec);
      return false;
    }
  }
  fs::rename(tmp, p, ec);
  if (ec) fs::remove(tmp, ec);
  return !ec;
}

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

bool GetU64(std::string_view in, size_t* pos, uint64_t* v) {
  if (in.size() - *pos < 8) return false;
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) {
    r |= static_cast<uint64_t>(static_cast<unsigned char>(in[*pos + i])) << (8 * i);
  }
  *pos += 8;
  *v = r;
  return true;
}

}  // namespace

bool IsCommitSha(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CachedRanges::Add(uint64_t offset, std::string_view bytes) {
  if (bytes.empty()) return;
  uint64_t start = offset;
  std::string merged(bytes);
  // Merge with a range that starts before and reaches offset.
  auto it = ranges.upper_bound(offset);
  if (it != ranges.begin()) {
    auto prev = std::prev(it);
    const uint64_t prev_end = prev->first + prev->second.size();
    if (prev_end >= offset) {
      std::string joined = prev->second.substr(0, offset - prev->first) + merged;
      if (prev_end > offset + merged.size()) {
        joined += prev->second.substr(offset + merged.size() - prev->first);
      }
      start = prev->first;
      merged = std::move(joined);
      ranges.erase(prev);
    }
  }
  // Swallow ranges that start inside the new one.
  it = ranges.lower_bound(start);
  while (it != ranges.end() && it->first <= start + merged.size()) {
    const uint64_t end = it->first + it->second.size();
    if (end > start + merged.size()) merged += it->second.substr(start + merged.size() - it->first);
    it = ranges.erase(it);
  }
  ranges[start] = std::move(merged);
}

bool CachedRanges::Get(uint64_t offset, uint64_t n, std::string* out) const {
  auto it = ranges.upper_bound(offset);
  if (it == ranges.begin()) return false;
  --it;
  if (offset + n > it->first + it->second.size()) return false;
  out->assign(it->second, offset - it->first, n);
  return true;
}

uint64_t CachedRanges::TotalBytes() const {
  uint64_t t = 0;
  for (const auto& [o, b] : ranges) t += b.size();
  return t;
}

std::string HubCache::RepoDir(std::string_view kind, std::string_view repo) const {
  if (!enabled() || !ValidKind(kind)) return "";
  // Dataset ids may have no org ("squad"); model ids always have one.
  const bool ok =
      IsValidRepoId(repo) || (kind == "datasets" && repo.find('/') == std::string_view::npos &&
                              IsValidRepoId("x/" + std::string(repo)));
  if (!ok) return "";
  return dir_ + "/hub/" + std::string(kind) + "/" + std::string(repo);
}

std::optional<std::string> HubCache::GetJson(std::string_view kind, std::string_view repo,
                                             std::string_view sha, std::string_view variant) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || !IsCommitSha(sha) || !ValidVariant(variant)) return std::nullopt;
  return ReadAll(d + "/" + std::string(sha) + "/" + std::string(variant) + ".json", 256ull << 20);
}

bool HubCache::PutJson(std::string_view kind, std::string_view repo, std::string_view sha,
                       std::string_view variant, std::string_view body) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || !IsCommitSha(sha) || !ValidVariant(variant)) return false;
  return WriteAtomic(d + "/" + std::string(sha) + "/" + std::string(variant) + ".json", body);
}

std::optional<std::string> HubCache::GetRef(std::string_view kind, std::string_view repo,
                                            std::string_view rev) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || rev.empty()) return std::nullopt;
  auto sha = ReadAll(d + "/refs/" + Component(rev), 64);
  if (!sha || !IsCommitSha(*sha)) return std::nullopt;
  return sha;
}

bool HubCache::PutRef(std::string_view kind, std::string_view repo, std::string_view rev,
                      std::string_view sha) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || rev.empty() || !IsCommitSha(sha)) return false;
  return WriteAtomic(d + "/refs/" + Component(rev), sha);
}

std::optional<CachedRanges> HubCache::GetRanges(std::string_view kind, std::string_view repo,
                                                std::string_view sha, std::string_view path) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || !IsCommitSha(sha) || path.empty()) return std::nullopt;
  auto bytes = ReadAll(d + "/" + std::string(sha) + "/files/" + Component(path),
                       kMaxRangesBytes + (1 << 20));
  if (!bytes || !bytes->starts_with(kRangesMagic)) return std::nullopt;
  std::string_view in(*bytes);
  size_t pos = kRangesMagic.size();
  CachedRanges r;
  uint64_t count = 0;
  if (!GetU64(in, &pos, &r.size) || !GetU64(in, &pos, &count) || count > 1'000'000) {
    return std::nullopt;
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t off = 0, len = 0;
    if (!GetU64(in, &pos, &off) || !GetU64(in, &pos, &len) || len > in.size() - pos ||
        off > r.size || len > r.size - off) {
      return std::nullopt;
    }
    r.Add(off, in.substr(pos, len));
    pos += len;
  }
  return r;
}

bool HubCache::PutRanges(std::string_view kind, std::string_view repo, std::string_view sha,
                         std::string_view path, const CachedRanges& ranges) const {
  const std::string d = RepoDir(kind, repo);
  if (d.empty() || !IsCommitSha(sha) || path.empty() || ranges.ranges.empty() ||
      ranges.TotalBytes() > kMaxRangesBytes) {
    return false;
  }
  std::string out(kRangesMagic);
  PutU64(&out, ranges.size);
  PutU64(&out, ranges.ranges.size());
  for (const auto& [off, b] : ranges.ranges) {
    PutU64(&out, off);
    PutU64(&out, b.size());
    out += b;
  }
  return WriteAtomic(d + "/" + std::string(sha) + "/files/" + Component(path), out);
}

}  // namespace openness
