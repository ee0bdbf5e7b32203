// ListHubRelease: a Hub repository as a Release, from one API call, with a store over HTTP.
#include <algorithm>
#include <mutex>

#include "hub_cache.h"
#include "openness/hub.h"

namespace openness {
namespace {

using Json = nlohmann::json;

// A file the scan may not read: empty, absolute, "..", backslashes or control characters.
bool SafeRepoPath(std::string_view p) {
  if (p.empty() || p.size() > 1024 || p.front() == '/' || p.back() == '/') return false;
  for (char c : p) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\' || c == 0x7f) return false;
  }
  size_t pos = 0;
  while (pos <= p.size()) {
    size_t slash = p.find('/', pos);
    std::string_view part = p.substr(pos, slash == std::string_view::npos ? slash : slash - pos);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return true;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<uint64_t> U64(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) return it->get<uint64_t>();
  const int64_t v = it->get<int64_t>();
  if (v < 0) return std::nullopt;
  return static_cast<uint64_t>(v);
}

std::vector<std::string> Strings(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const Json& e : v) {
      if (e.is_string() && out.size() < 256) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

bool TopLevelKeyWanted(const std::string& key) {
  static constexpr std::string_view kKeys[] = {"id",       "modelId",      "sha",   "gated",
                                               "private",  "disabled",     "tags",  "cardData",
                                               "siblings", "lastModified", "author"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

// The recorded files of one release file, read through the cache first, then the network.
class HubReleaseStore;

class HubFileSource final : public ByteSource {
 public:
  HubFileSource(HubReleaseStore* store, std::string path, uint64_t size,
                std::optional<CachedRanges> cached)
      : store_(store), path_(std::move(path)), size_(size) {
    if (cached) cached_ = std::move(*cached);
    cached_.size = size;
  }
  ~HubFileSource() override;
  uint64_t size() const override { return size_; }
  uint64_t bytes_read() const override { return bytes_read_; }
  Status Read(uint64_t offset, uint64_t n, std::string* out) override;
  void set_remote(std::unique_ptr<ByteSource> remote) { remote_ = std::move(remote); }

 private:
  HubReleaseStore* store_;
  std::string path_;
  uint64_t size_;
  CachedRanges cached_;
  bool recorded_ = false;
  bool record_ = true;
  std::unique_ptr<ByteSource> remote_;
  uint64_t bytes_read_ = 0;
};

class HubReleaseStore final : public ReleaseStore,
                              public std::enable_shared_from_this<HubReleaseStore> {
 public:
  HubReleaseStore(std::shared_ptr<HubClient> client, std::string cache_repo, std::string url_repo,
                  std::string sha, std::map<std::string, std::optional<uint64_t>> sizes)
      : client_(std::move(client)),
        cache_(client_->options().cache_dir),
        cache_repo_(std::move(cache_repo)),
        url_repo_(std::move(url_repo)),
        sha_(std::move(sha)),
        sizes_(std::move(sizes)) {}

  void Block(Status why) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!blocked_) blocked_ = std::move(why);
  }

  Result<std::unique_ptr<ByteSource>> Open(const std::string& rel_path) override {
    auto it = sizes_.find(rel_path);
    if (it == sizes_.end()) return Status::NotFound(rel_path + ": not in the repository");
    std::optional<CachedRanges> cached = cache_.GetRanges("models", cache_repo_, sha_, rel_path);
    std::optional<uint64_t> size = it->second;
    if (!size && cached) size = cached->size;
    if (size) {
      return std::unique_ptr<ByteSource>(
          std::make_unique<HubFileSource>(this, rel_path, *size, std::move(cached)));
    }
    // The API did not give the size: the first request learns it.
    Result<std::unique_ptr<ByteSource>> remote = OpenRemote(rel_path, std::nullopt);
    if (!remote.ok()) return remote.status();
    auto src =
        std::make_unique<HubFileSource>(this, rel_path, remote.value()->size(), std::nullopt);
    src->set_remote(std::move(remote.value()));
    return std::unique_ptr<ByteSource>(std::move(src));
  }

  Result<std::unique_ptr<ByteSource>> OpenRemote(const std::string& rel_path,
                                                 std::optional<uint64_t> size) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (blocked_) {
        return Status::IOError(rel_path + ": " + std::string(kSkipped) + blocked_->message());
      }
    }
    if (client_->options().offline) {
      return Status::NotFound(rel_path +
                              ": offline, and this part of the file is not in the cache");
    }
    auto on_error = [this](HubError kind, const Status& s) {
      if (kind == HubError::kGated || kind == HubError::kUnauthorized ||
          kind == HubError::kForbidden || kind == HubError::kDisabled ||
          kind == HubError::kRateLimited || kind == HubError::kNetwork ||
          kind == HubError::kTimeout) {
        Block(s);
      }
    };
    return client_->OpenRemote(client_->ResolveUrl(url_repo_, sha_, rel_path), rel_path, size,
                               on_error);
  }

  void Record(const std::string& rel_path, const CachedRanges& ranges) {
    cache_.PutRanges("models", cache_repo_, sha_, rel_path, ranges);
  }
  bool caching() const { return cache_.enabled() && IsCommitSha(sha_); }

  static constexpr std::string_view kSkipped = "not fetched: ";

 private:
  std::shared_ptr<HubClient> client_;
  HubCache cache_;
  std::string cache_repo_;
  std::string url_repo_;
  std::string sha_;
  std::map<std::string, std::optional<uint64_t>> sizes_;
  std::mutex mu_;
  std::optional<Status> blocked_;
};

HubFileSource::~HubFileSource() {
  if (recorded_ && store_->caching()) store_->Record(path_, cached_);
}

Status HubFileSource::Read(uint64_t offset, uint64_t n, std::string* out) {
  if (offset > size_ || n > size_ - offset) {
    return Status::Corruption(path_ + ": need " + std::to_string(n) + " bytes at byte " +
                              std::to_string(offset) + " but the file has " +
                              std::to_string(size_) + " bytes");
  }
  if (cached_.Get(offset, n, out)) {
    bytes_read_ += n;
    return Status::Ok();
  }
  if (!remote_) {
    Result<std::unique_ptr<ByteSource>> r = store_->OpenRemote(path_, size_);
    if (!r.ok()) return r.status();
    remote_ = std::move(r.value());
  }
  Status s = remote_->Read(offset, n, out);
  if (!s.ok()) return s;
  bytes_read_ += n;
  if (record_ && store_->caching()) {
    if (cached_.TotalBytes() + n > HubCache::kMaxRangesBytes) {
      record_ = false;
      recorded_ = false;
    } else {
      cached_.Add(offset, *out);
      recorded_ = true;
    }
  }
  return Status::Ok();
}

std::string InfoUrl(HubClient& client, std::string_view kind, const HubRef& ref, bool full) {
  std::string url = client.ApiUrl(std::string(kind) + "/" + UrlEncode(ref.repo_id, true));
  if (ref.revision) url += "/revision/" + UrlEncode(*ref.revision);
  url += full ? "?blobs=true"
              : "?expand=cardData&expand=tags&expand=sha&expand=gated&expand=lastModified";
  return url;
}

}  // namespace

std::vector<std::string> HubRepoInfo::Licenses() const {
  std::vector<std::string> out;
  if (card_data.is_object()) {
    if (auto it = card_data.find("license"); it != card_data.end()) out = Strings(*it);
  }
  if (out.empty()) {
    for (const std::string& t : tags) {
      if (t.starts_with("license:") && t.size() > 8) out.push_back(t.substr(8));
    }
  }
  return out;
}

std::optional<std::string> HubRepoInfo::LicenseName() const {
  if (!card_data.is_object()) return std::nullopt;
  std::string name = Str(card_data, "license_name");
  if (name.empty()) return std::nullopt;
  return name;
}

std::vector<std::string> HubRepoInfo::CardList(const std::string& key) const {
  if (!card_data.is_object()) return {};
  auto it = card_data.find(key);
  return it == card_data.end() ? std::vector<std::string>() : Strings(*it);
}

Status ParseHubRepoInfo(std::string_view json, const Limits& limits, HubRepoInfo* out) {
  if (json.size() > limits.json_file_bytes) {
    return Status::TooLarge("the API answer is " + std::to_string(json.size()) +
                            " bytes, over the limit of " + std::to_string(limits.json_file_bytes));
  }
  bool too_deep = false;
  Json::parser_callback_t keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > static_cast<int>(limits.nesting_depth)) {
      too_deep = true;
      return false;
    }
    if (event == Json::parse_event_t::key && depth == 1) {
      return TopLevelKeyWanted(parsed.get<std::string>());
    }
    return true;
  };
  Json root;
  try {
    root = Json::parse(json.begin(), json.end(), keep, /*allow_exceptions=*/false);
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("the API answer could not be read: ") + e.what());
  }
  if (too_deep) {
    return Status::TooLarge("the API answer nests deeper than " +
                            std::to_string(limits.nesting_depth) + " levels");
  }
  if (root.is_discarded() || !root.is_object()) {
    return Status::Corruption("the API answer is not a JSON object");
  }
  out->id = Str(root, "id");
  if (out->id.empty()) out->id = Str(root, "modelId");
  out->sha = Str(root, "sha");
  out->author = Str(root, "author");
  out->last_modified = Str(root, "lastModified");
  if (auto g = root.find("gated"); g != root.end()) {
    if (g->is_string()) out->gated = g->get<std::string>();
    if (g->is_boolean() && g->get<bool>()) out->gated = "true";
  }
  if (auto p = root.find("private"); p != root.end() && p->is_boolean()) {
    out->is_private = p->get<bool>();
  }
  if (auto d = root.find("disabled"); d != root.end() && d->is_boolean()) {
    out->disabled = d->get<bool>();
  }
  if (auto t = root.find("tags"); t != root.end()) out->tags = Strings(*t);
  if (auto c = root.find("cardData"); c != root.end() && c->is_object()) out->card_data = *c;
  if (auto s = root.find("siblings"); s != root.end() && s->is_array()) {
    for (const Json& f : *s) {
      if (!f.is_object()) continue;
      HubFileInfo fi;
      fi.path = Str(f, "rfilename");
      if (fi.path.empty()) continue;
      fi.size = U64(f, "size");
      if (auto l = f.find("lfs"); l != f.end() && l->is_object()) {
        std::string sha = Str(*l, "sha256");
        if (sha.size() == 64) fi.lfs_sha256 = sha;
        if (auto ls = U64(*l, "size")) fi.size = ls;
      }
      out->siblings.push_back(std::move(fi));
      if (out->siblings.size() > limits.release_files) break;
    }
  }
  if (!out->id.empty() && !IsValidRepoId(out->id) && out->id.find('/') != std::string::npos) {
    return Status::Corruption("the API answered with an invalid repository id");
  }
  return Status::Ok();
}

Status FetchHubRepoInfo(HubClient& client, std::string_view kind, const HubRef& ref, bool full,
                        const Limits& limits, HubRepoInfo* out, HubError* error) {
  HubError ignored;
  if (error == nullptr) error = &ignored;
  *error = HubError::kNone;
  const HubOptions& o = client.options();
  const HubCache cache(o.cache_dir);
  const std::string variant = full ? "info" : "card";
  const std::string what = (kind == "datasets" ? "dataset " : "") + ref.repo_id +
                           (ref.revision ? "@" + *ref.revision : "");
  const std::string rev_key = ref.revision.value_or("HEAD");
  const std::string url = InfoUrl(client, kind, ref, full);
  const std::string page = o.endpoint + (kind == "datasets" ? "/datasets/" : "/") + ref.repo_id;

  auto finish = [&](const std::string& body, const std::string& api_url) -> Status {
    HubRepoInfo info;
    Status s = ParseHubRepoInfo(body, limits, &info);
    if (!s.ok()) {
      *error = HubError::kBadResponse;
      return s.WithContext(what);
    }
    info.kind = kind == "datasets" ? "dataset" : "model";
    info.requested_id = ref.repo_id;
    info.revision = ref.revision;
    if (info.id.empty()) info.id = ref.repo_id;
    info.api_url = api_url.substr(0, api_url.find('?'));
    info.page_url = o.endpoint + (kind == "datasets" ? "/datasets/" : "/") + info.id;
    *out = std::move(info);
    return Status::Ok();
  };

  // An immutable commit already seen, or offline: the cache.
  std::optional<std::string> sha;
  if (ref.revision && IsCommitSha(*ref.revision)) sha = *ref.revision;
  if (!sha && o.offline) sha = cache.GetRef(kind, ref.repo_id, rev_key);
  if (sha) {
    std::optional<std::string> body = cache.GetJson(kind, ref.repo_id, *sha, variant);
    if (!body && !full) body = cache.GetJson(kind, ref.repo_id, *sha, "info");
    if (body) {
      Status s = finish(*body, url);
      if (s.ok()) return s;
    }
  }
  if (o.offline) {
    *error = HubError::kNotCached;
    return Status::NotFound(
        what + ": offline (--offline or HF_HUB_OFFLINE), and not in the cache" +
        (o.cache_dir.empty() ? std::string() : " at " + o.cache_dir + " (scan it once online)"));
  }

  HttpResponse resp;
  Status s;
  HubError err = HubError::kNone;
  const bool memo = !full && !(ref.revision && IsCommitSha(*ref.revision));
  if (!memo || !client.Memo(url, &resp, &s, &err)) {
    s = client.Get(url, o.max_api_bytes, what, &resp, &err);
    if (memo) client.Remember(url, resp, s, err);
  }
  if (!s.ok()) {
    *error = err;
    return s;
  }
  s = finish(resp.body, resp.effective_url.empty() ? url : resp.effective_url);
  if (!s.ok()) return s;
  (void)page;
  if (IsCommitSha(out->sha)) {
    cache.PutJson(kind, ref.repo_id, out->sha, variant, resp.body);
    cache.PutRef(kind, ref.repo_id, rev_key, out->sha);
  }
  return Status::Ok();
}

Status ListHubRelease(const std::shared_ptr<HubClient>& client, const HubRef& ref,
                      const Limits& limits, Release* out, HubRepoInfo* info) {
  if (!IsValidRepoId(ref.repo_id)) {
    return Status::InvalidArgument(ref.repo_id + ": not a Hub repository id (org/name)");
  }
  HubError err;
  Status s = FetchHubRepoInfo(*client, "models", ref, /*full=*/true, limits, info, &err);
  if (!s.ok()) return s;
  if (info->disabled) {
    return Status::IOError(info->id + ": the repository is disabled on the Hub");
  }
  out->source = SourceKind::kHub;
  out->id = info->id;
  out->root = "";
  out->revision = info->sha.empty() ? ref.revision : std::optional<std::string>(info->sha);
  std::map<std::string, std::optional<uint64_t>> sizes;
  for (const HubFileInfo& f : info->siblings) {
    if (!SafeRepoPath(f.path)) {
      out->problems.push_back(
          {"", Status::Corruption("the API lists a file with an unsafe path: not read")});
      continue;
    }
    if (f.path == ".gitattributes" || f.path.starts_with(".git/")) continue;
    if (sizes.count(f.path) != 0) continue;
    if (sizes.size() >= limits.release_files) {
      out->problems.push_back(
          {"", Status::TooLarge("more than " + std::to_string(limits.release_files) +
                                " files: the rest were not listed")});
      break;
    }
    sizes[f.path] = f.size;
    ReleaseFile rf;
    rf.path = f.path;
    rf.bytes = f.size.value_or(0);
    rf.role = ClassifyFile(rf.path);
    if (rf.role == FileRole::kWeights) rf.format = WeightsFormatOf(rf.path);
    out->files.push_back(std::move(rf));
  }
  std::sort(out->files.begin(), out->files.end(),
            [](const ReleaseFile& a, const ReleaseFile& b) { return a.path < b.path; });
  const std::string rev = info->sha.empty() ? ref.revision.value_or("main") : info->sha;
  auto store =
      std::make_shared<HubReleaseStore>(client, ref.repo_id, info->id, rev, std::move(sizes));
  if (!info->gated.empty() && client->options().token.empty()) {
    store->Block(Status::IOError(info->id +
                                 ": gated repository: its files need a token (HF_TOKEN) of a "
                                 "user who accepted its terms on the Hub"));
  }
  out->store = std::move(store);
  return Status::Ok();
}

}  // namespace openness
