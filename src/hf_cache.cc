// The Hugging Face cache: <cache>/models--org--name/{refs,snapshots,blobs}/ listed as releases.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "openness/byte_source.h"
#include "openness/local_sources.h"

namespace fs = std::filesystem;

namespace openness {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string HomeDir() {
  std::string home = Env("HOME");
  return home.empty() ? std::string(".") : home;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

// A commit sha as refs/ files hold it: 40 hex digits (SHA-1), or 64 (SHA-256 repositories).
bool IsCommitSha(std::string_view s) { return (s.size() == 40 || s.size() == 64) && IsHex(s); }

bool IsRepoNamePart(std::string_view s) {
  if (s.empty() || s.size() > 96) return false;
  if (s.front() == '-' || s.front() == '.' || s.back() == '-' || s.back() == '.') return false;
  if (s.find("..") != std::string_view::npos) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
          c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

// Reads the first line of a small file (a ref): at most 256 bytes, whitespace trimmed.
std::string ReadRef(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::string buf(256, '\0');
  f.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<size_t>(f.gcount()));
  const size_t eol = buf.find_first_of("\r\n");
  if (eol != std::string::npos) buf.resize(eol);
  while (!buf.empty() && (buf.back() == ' ' || buf.back() == '\t')) buf.pop_back();
  return buf;
}

bool Within(const fs::path& inner, const fs::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

// Reads refs/ (refs/main, refs/pr/1, ...): ref name -> commit sha. Bounded: 1,000 refs.
std::vector<std::pair<std::string, std::string>> ReadRefs(const fs::path& refs_dir) {
  std::vector<std::pair<std::string, std::string>> refs;
  std::error_code ec;
  if (!fs::is_directory(refs_dir, ec)) return refs;
  fs::recursive_directory_iterator it(refs_dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (refs.size() >= 1000 || it.depth() > 4) break;
    std::error_code e2;
    if (!it->is_regular_file(e2) || it->is_symlink(e2)) continue;
    std::string sha = ReadRef(it->path());
    if (!IsCommitSha(sha)) continue;
    refs.emplace_back(it->path().lexically_relative(refs_dir).generic_string(), std::move(sha));
  }
  std::sort(refs.begin(), refs.end());
  return refs;
}

// Fills one model from its repo folder; false (with a Problem) when it has no usable snapshot.
bool ReadRepo(const fs::path& repo_dir, std::string repo_id, const Limits& limits, HfCacheModel* m,
              std::vector<Problem>* problems) {
  const std::string folder = repo_dir.filename().string();
  m->repo_id = std::move(repo_id);
  m->repo_dir = repo_dir.string();
  std::error_code ec;
  const fs::path snaps = repo_dir / "snapshots";
  std::vector<std::pair<fs::file_time_type, std::string>> by_time;
  if (fs::is_directory(fs::symlink_status(snaps, ec))) {
    fs::directory_iterator it(snaps, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (by_time.size() >= limits.release_files) break;
      std::error_code e2;
      // A snapshot is a real folder; a link there could lead anywhere.
      if (!fs::is_directory(it->symlink_status(e2))) continue;
      const std::string name = it->path().filename().string();
      by_time.emplace_back(fs::last_write_time(it->path(), e2), name);
      m->snapshots.push_back(name);
    }
  }
  if (m->snapshots.empty()) {
    problems->push_back(
        {folder, Status::NotFound("no snapshot in the cache (nothing downloaded)")});
    return false;
  }
  std::sort(m->snapshots.begin(), m->snapshots.end());
  const auto refs = ReadRefs(repo_dir / "refs");
  std::string main_sha;
  for (const auto& [name, sha] : refs) {
    if (name == "main") main_sha = sha;
  }
  if (!main_sha.empty() && std::binary_search(m->snapshots.begin(), m->snapshots.end(), main_sha)) {
    m->revision = main_sha;
    m->current = true;
  } else {
    // No usable refs/main (a download by commit, or a pruned snapshot): the newest snapshot.
    std::sort(by_time.begin(), by_time.end());
    m->revision = by_time.back().second;
  }
  for (const auto& [name, sha] : refs) {
    if (sha == m->revision) m->refs.push_back(name);
  }
  m->snapshot_dir = (snaps / m->revision).string();
  return true;
}

// A symbolic link stored as a small text file holding its target ("../../blobs/<id>"), as git
// checkouts and archive tools without link support leave a cache. Returns the blob's path when
// the text is exactly such a target and it names an existing blob of this repo.
std::optional<fs::path> TextLinkTarget(const fs::path& file, const fs::path& repo, uint64_t bytes) {
  if (bytes > 512) return std::nullopt;
  std::string text = ReadRef(file);
  std::string_view t = text;
  if (!t.starts_with("../")) return std::nullopt;
  while (t.starts_with("../")) t.remove_prefix(3);
  if (!t.starts_with("blobs/")) return std::nullopt;
  const std::string_view id = t.substr(6);
  if ((id.size() != 40 && id.size() != 64) || !IsHex(id)) return std::nullopt;
  const fs::path target = (file.parent_path() / text).lexically_normal();
  if (target != (repo / "blobs" / std::string(id)).lexically_normal()) return std::nullopt;
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(target, ec))) return std::nullopt;
  return target;
}

// Reads a snapshot's files, with text links redirected to their blobs.
class HfCacheStore final : public ReleaseStore {
 public:
  HfCacheStore(std::string root, std::map<std::string, std::string> redirects)
      : root_(std::move(root)), redirects_(std::move(redirects)) {}
  Result<std::unique_ptr<ByteSource>> Open(const std::string& rel_path) override {
    if (auto it = redirects_.find(rel_path); it != redirects_.end()) {
      return OpenFileSource(it->second);
    }
    return OpenFileSource((fs::path(root_) / fs::path(rel_path)).string());
  }

 private:
  std::string root_;
  std::map<std::string, std::string> redirects_;
};

}  // namespace

std::string DefaultHfCacheDir() {
  if (std::string v = Env("HF_HUB_CACHE"); !v.empty()) return v;
  if (std::string v = Env("HUGGINGFACE_HUB_CACHE"); !v.empty()) return v;
  if (std::string v = Env("HF_HOME"); !v.empty()) return (fs::path(v) / "hub").string();
  if (std::string v = Env("XDG_CACHE_HOME"); !v.empty()) {
    return (fs::path(v) / "huggingface" / "hub").string();
  }
  return (fs::path(HomeDir()) / ".cache" / "huggingface" / "hub").string();
}

std::optional<std::string> HfCacheRepoId(std::string_view folder_name) {
  static constexpr std::string_view kPrefix = "models--";
  if (!folder_name.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = folder_name.substr(kPrefix.size());
  const size_t sep = rest.find("--");
  if (sep == std::string_view::npos) {
    if (!IsRepoNamePart(rest)) return std::nullopt;
    return std::string(rest);
  }
  std::string_view owner = rest.substr(0, sep), name = rest.substr(sep + 2);
  // Repo ids hold at most one '/', and neither part may contain "--".
  if (!IsRepoNamePart(owner) || !IsRepoNamePart(name) || name.find("--") != std::string::npos) {
    return std::nullopt;
  }
  return std::string(owner) + "/" + std::string(name);
}

Status ListHfCache(const std::string& dir, const Limits& limits, std::vector<HfCacheModel>* out,
                   std::vector<Problem>* problems) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::NotFound(dir + ": no such folder");
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument(dir + ": not a folder");

  // Accept $HF_HOME as well as $HF_HOME/hub.
  fs::path root(dir);
  auto has_models = [&](const fs::path& p) {
    std::error_code e;
    fs::directory_iterator it(p, fs::directory_options::skip_permission_denied, e);
    for (; !e && it != fs::directory_iterator(); it.increment(e)) {
      if (it->path().filename().string().starts_with("models--")) return true;
    }
    return false;
  };
  if (!has_models(root) && fs::is_directory(root / "hub", ec)) root /= "hub";

  fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IOError(dir + ": " + ec.message());
  uint64_t seen = 0;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems->push_back({"", Status::IOError("reading the cache folder: " + ec.message())});
      break;
    }
    if (++seen > limits.release_files) {
      problems->push_back(
          {"", Status::TooLarge("more than " + std::to_string(limits.release_files) +
                                " entries in the cache: the rest were not listed")});
      break;
    }
    const std::string name = it->path().filename().string();
    std::optional<std::string> repo_id = HfCacheRepoId(name);
    if (!repo_id) continue;  // datasets--, spaces--, .locks, version.txt
    std::error_code e2;
    if (!fs::is_directory(it->symlink_status(e2))) continue;
    HfCacheModel m;
    if (ReadRepo(it->path(), std::move(*repo_id), limits, &m, problems)) {
      out->push_back(std::move(m));
    }
  }
  std::sort(out->begin(), out->end(),
            [](const HfCacheModel& a, const HfCacheModel& b) { return a.repo_id < b.repo_id; });
  return Status::Ok();
}

Status ListHfCacheRelease(const HfCacheModel& model, const Limits& limits, Release* out) {
  Status s = ListRelease(model.snapshot_dir, limits, out);
  if (!s.ok()) return s;
  out->source = SourceKind::kHfCache;
  out->id = model.repo_id;
  out->revision = model.revision;

  // Links stored as text: read the blob they name instead (size, LFS pointer, contents).
  const fs::path repo_dir = fs::path(model.repo_dir).lexically_normal();
  std::map<std::string, std::string> redirects;
  for (ReleaseFile& f : out->files) {
    if (f.lfs) continue;
    const fs::path file = fs::path(model.snapshot_dir) / f.path;
    std::error_code e;
    if (fs::is_symlink(file, e)) continue;  // a real link, already followed
    std::optional<fs::path> blob = TextLinkTarget(file, repo_dir, f.bytes);
    if (!blob) continue;
    f.bytes = fs::file_size(*blob, e);
    if (e) continue;
    if (f.bytes <= 1024 && (f.role == FileRole::kWeights || f.role == FileRole::kOther)) {
      std::ifstream in(*blob, std::ios::binary);
      std::string head(1024, '\0');
      in.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<size_t>(in.gcount()));
      if (auto lfs = ParseLfsPointer(head)) {
        f.lfs = *lfs;
        if (f.role == FileRole::kOther && !WeightsFormatOf(f.path).empty()) {
          f.role = FileRole::kWeights;
          f.format = WeightsFormatOf(f.path);
        }
      }
    }
    redirects.emplace(f.path, blob->string());
  }
  if (!redirects.empty()) {
    out->store = std::make_shared<HfCacheStore>(model.snapshot_dir, std::move(redirects));
  }

  // ListRelease leaves out links whose blob is missing: say so, it means an interrupted download.
  std::error_code ec;
  const fs::path snapshot = fs::weakly_canonical(model.snapshot_dir, ec);
  const fs::path repo = fs::weakly_canonical(model.repo_dir, ec);
  fs::recursive_directory_iterator it(snapshot, fs::directory_options::skip_permission_denied, ec);
  uint64_t seen = 0;
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (++seen > limits.release_files || it.depth() >= static_cast<int>(limits.release_depth)) {
      break;
    }
    std::error_code e2;
    if (!it->is_symlink(e2) || fs::exists(it->path(), e2)) continue;
    const fs::path target = fs::weakly_canonical(it->path(), e2);
    if (e2 || !Within(target, repo)) continue;  // ListRelease already reported it
    out->problems.push_back(
        {it->path().lexically_relative(snapshot).generic_string(),
         Status::NotFound("the cache links this file to a blob that is missing: the download was "
                          "not completed")});
  }
  return Status::Ok();
}

Status ScanHfCacheModel(const HfCacheModel& model, const ScanOptions& options, ScanResult* out) {
  Release release;
  Status s = ListHfCacheRelease(model, options.limits, &release);
  if (!s.ok()) return s.WithContext(model.repo_id);
  return ScanRelease(std::move(release), options, out);
}

}  // namespace openness
