// Hub: audit a Hugging Face Hub repository without downloading it.
//
// A Hub scan makes one call to /api/models/{id} (or /api/models/{id}/revision/{rev}) with
// ?blobs=true, which lists every file with its size and, for LFS files, its SHA-256. It then
// fetches only the files the evidence stage reads (README.md, license files, USE_POLICY.md,
// NOTICE, the shard index) from {endpoint}/{id}/resolve/{sha}/{path}, and reads weights headers
// through HTTP Range requests: a parser pulls bytes from one streamed range and the transfer is
// cut as soon as the parser stops, so tensor data is never downloaded.
//
// Environment (HubOptionsFromEnv): HF_ENDPOINT (mirrors, test servers), HF_TOKEN, then
// HUGGING_FACE_HUB_TOKEN, then the token file ($HF_TOKEN_PATH, default $HF_HOME/token);
// HF_HUB_OFFLINE=1; OPENNESS_CACHE_DIR, default $XDG_CACHE_HOME/openness or ~/.cache/openness.
// The token is sent in the Authorization header to the endpoint's host only, and never appears
// in a Status message, a cache file or a report.
//
// Thread safety: HubClient is safe to share between threads; each request borrows one of the
// client's connection channels (a curl multi handle that keeps its connections open), so
// requests made one after another reuse connections, and N threads use N connections.
#ifndef OPENNESS_HUB_H_
#define OPENNESS_HUB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openness/byte_source.h"
#include "openness/hub_evidence.h"
#include "openness/limits.h"
#include "openness/release.h"
#include "openness/release_evidence.h"
#include "openness/status.h"

namespace openness {

/// A Hub model reference.
struct HubRef {
  std::string repo_id;                  ///< "org/name"
  std::optional<std::string> revision;  ///< branch, tag or commit sha; none means the default
};

/// True for "org/name" with the Hub's characters ([A-Za-z0-9._-], no "--" or ".." at the ends,
/// at most 96 characters per part). Pure.
bool IsValidRepoId(std::string_view id);

/// Parses "org/name", "org/name@rev", "hf://org/name[@rev]" and
/// "https://huggingface.co/org/name[/tree/rev]". nullopt when the text is not shaped like one.
/// Pure.
std::optional<HubRef> ParseHubRef(std::string_view target);

/// The Hub reference a scan target names, or nullopt when it is a local path: a path that exists
/// on disk always wins over a Hub id ("hf://" targets are always Hub references).
std::optional<HubRef> HubTargetOf(const std::string& target);

struct HubOptions {
  std::string endpoint = "https://huggingface.co";  ///< no trailing '/'
  std::string token;         ///< "" for anonymous access. Never printed or stored.
  std::string cache_dir;     ///< on-disk cache of responses keyed by commit sha; "" for none
  bool offline = false;      ///< use only the cache: no network at all
  bool history = false;      ///< compare the card license across the repo's commits
  int lineage_depth = 4;     ///< base_model levels resolved on the Hub (0: none)
  int max_datasets = 16;     ///< dataset cards fetched per scan
  int history_commits = 30;  ///< commits compared by --history (newest first)
  long connect_timeout_ms = 10'000;
  long request_timeout_ms = 30'000;  ///< one request, or a stalled range transfer
  long scan_timeout_ms = 300'000;    ///< one scan: optional lookups stop after this
  int max_retries = 3;               ///< per request, for 408/429/5xx and cut connections
  long max_retry_wait_ms = 30'000;   ///< a Retry-After longer than this fails at once
  long min_backoff_ms = 250;         ///< first wait without a Retry-After (doubles each try)
  int max_redirects = 5;
  uint64_t max_api_bytes = 64ull << 20;  ///< one API response
  /// Bytes a range transfer may run ahead of what the parser asked for before it is paused.
  uint64_t read_ahead_bytes = 256ull << 10;
};

/// The defaults, then the environment variables listed at the top of this file.
HubOptions HubOptionsFromEnv();

/// $OPENNESS_CACHE_DIR, else $XDG_CACHE_HOME/openness, else $HOME/.cache/openness ("" when none).
std::string DefaultHubCacheDir();

/// What went wrong with a Hub request, beyond the Status text.
enum class HubError {
  kNone,
  kRepoNotFound,      ///< 404, or 401 without a token (the Hub hides private repos that way)
  kRevisionNotFound,  ///< X-Error-Code: RevisionNotFound
  kEntryNotFound,     ///< the file is not in the repo
  kGated,             ///< X-Error-Code: GatedRepo (terms not accepted by this token's user)
  kUnauthorized,      ///< the token was refused, or the repo needs one
  kForbidden,         ///< 403 other than gating
  kDisabled,          ///< the repo is disabled
  kRateLimited,       ///< 429 after every retry
  kTimeout,
  kTruncated,    ///< the connection closed before the announced length arrived
  kTooLarge,     ///< over a size limit
  kNetwork,      ///< could not connect, TLS, DNS
  kServer,       ///< 5xx after every retry, or any other unexpected status
  kBadResponse,  ///< not the JSON we expected
  kNotCached,    ///< offline, and not in the cache
};
std::string_view HubErrorName(HubError error);

/// Requests made by a client (retries included), for tests and benchmarks.
struct HubStats {
  uint64_t api_calls = 0;       ///< requests to {endpoint}/api/...
  uint64_t file_requests = 0;   ///< whole-file requests to .../resolve/...
  uint64_t range_requests = 0;  ///< requests with a Range header
  uint64_t retries = 0;
  uint64_t cache_hits = 0;  ///< responses served from the on-disk cache or the memo
  uint64_t bytes_received = 0;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string effective_url;  ///< after redirects
  int redirects = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< final response; names lower-case
  /// The value of a header (name lower-case), or nullptr.
  const std::string* Header(std::string_view name) const;
};

/// The client: connection channels, retries, the memo of mutable lookups, statistics.
class HubClient {
 public:
  /// Never fails for well-formed options; the network is not touched until a request.
  static Result<std::shared_ptr<HubClient>> Create(HubOptions options);
  ~HubClient();
  HubClient(const HubClient&) = delete;
  HubClient& operator=(const HubClient&) = delete;

  const HubOptions& options() const;

  /// endpoint + "/api/" + rest.
  std::string ApiUrl(std::string_view rest) const;
  /// endpoint + "/" + repo + "/resolve/" + rev + "/" + path, each part URL-encoded.
  std::string ResolveUrl(std::string_view repo_id, std::string_view rev,
                         std::string_view path) const;

  /// GET of a whole body, at most max_bytes, following redirects and retrying 408/429/5xx and
  /// cut connections (bounded by max_retries and max_retry_wait_ms). An HTTP error status gives
  /// a Status that says what happened (never containing the token); *error names the kind.
  /// what names the request in messages ("meta-llama/Llama-3.1-8B", "README.md").
  Status Get(const std::string& url, uint64_t max_bytes, std::string_view what, HttpResponse* out,
             HubError* error = nullptr);

  /// A ByteSource over a raw file, read with Range requests as the reader asks. size is the
  /// file size when known (the API gives it); when unknown the first request learns it and
  /// errors surface here. on_error, when set, is told the kind of every failed request.
  Result<std::unique_ptr<ByteSource>> OpenRemote(
      const std::string& url, std::string what, std::optional<uint64_t> size,
      std::function<void(HubError, const Status&)> on_error = nullptr);

  /// A process-wide memo for lookups of mutable refs (dataset cards, base models) so a batch
  /// asks for each once. Returns false when url was not looked up yet.
  bool Memo(const std::string& url, HttpResponse* out, Status* status, HubError* error);
  void Remember(const std::string& url, const HttpResponse& response, const Status& status,
                HubError error);

  HubStats stats() const;

  /// Replaces every occurrence of the token in text with "***". Used on every message.
  std::string Scrub(std::string text) const;

  struct Impl;  ///< internal (src/hub_client.cc)

 private:
  explicit HubClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Parses the API's model or dataset info (bounded by limits: size and nesting). Unneeded
/// top-level fields are dropped while parsing. Pure.
Status ParseHubRepoInfo(std::string_view json, const Limits& limits, HubRepoInfo* out);

/// One entry of a repository's commit list (newest first, as the API gives it).
struct HubCommit {
  std::string id;  ///< a commit sha
  std::string date;
  std::string title;
};

/// Parses one page of the API's commit list (`/api/models/{id}/commits/{rev}`): a JSON array of
/// objects, bounded by limits (size, nesting). Entries whose id is not a commit sha, and fields
/// that are not strings, are skipped; the commits are appended to out. Pure.
Status ParseHubCommitList(std::string_view json, const Limits& limits, std::vector<HubCommit>* out);

/// A repository's info: from the cache when ref.revision is a commit sha already seen (or
/// offline), else one API call, remembered in the cache under the commit sha it names.
/// kind: "models" or "datasets". full: ?blobs=true (every file with size and LFS sha256); else
/// only the card, tags, sha and gating (?expand=...), memoised per process for mutable refs.
Status FetchHubRepoInfo(HubClient& client, std::string_view kind, const HubRef& ref, bool full,
                        const Limits& limits, HubRepoInfo* out, HubError* error = nullptr);

/// The Hub's ListRelease: the repository's info (FetchHubRepoInfo, full), its files from the
/// API's siblings, and a store that reads them with Range requests (or from the cache). The
/// subject is source "hub", id the canonical repo id, revision the commit sha. Errors only when
/// the repository cannot be read at all (missing, private, network, offline and not cached).
Status ListHubRelease(const std::shared_ptr<HubClient>& client, const HubRef& ref,
                      const Limits& limits, Release* out, HubRepoInfo* info);

/// The Hub evidence beyond the release's files, into ev->hub (which ListHubRelease's info must
/// already be in): dataset-card licenses, the base-model chain (bounded depth, each id once) and,
/// with options().history, the license history. Lookups that fail become ev->hub->notes.
void CollectHubEvidence(HubClient& client, const Limits& limits, ReleaseEvidence* ev);

/// Percent-encodes everything but [A-Za-z0-9._~-]; '/' too unless keep_slash. Pure.
std::string UrlEncode(std::string_view text, bool keep_slash = false);

}  // namespace openness

#endif  // OPENNESS_HUB_H_
