// A fixture Hugging Face Hub on 127.0.0.1 for tests and benchmarks (cpp-httplib).
//
// It serves the routes the Hub client uses, with the Hub's HTTP semantics as recorded in
// ../shared/corpus/hub-api and described in ../shared/facts/formats.md section 1:
//   GET /api/models/{id}[/revision/{rev}]   ?blobs=true (sizes, LFS sha256), ?expand=... (subset)
//   GET /api/datasets/{id}[/revision/{rev}]
//   GET /api/models/{id}/commits/{rev}      paginated with a Link header
//   GET /{id}/resolve/{rev}/{path}          small files inline; LFS files answer 302 to /cdn/...
//                                           on "localhost" (another host: the token must not
//                                           follow); Range requests answer 206
//   renamed repos: 307 with a relative Location; private and missing repos: 401 without a
//   token, 404 RepoNotFound with one; gated files: 401/403 with X-Error-Code: GatedRepo; a bad
//   token: 401 "Invalid credentials in Authorization header".
// Faults on demand: N answers of a status (429 with Retry-After or RateLimit), slow answers,
// truncated bodies. Every request is counted and logged.
#ifndef OPENNESS_TESTS_HUB_FIXTURE_H_
#define OPENNESS_TESTS_HUB_FIXTURE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace openness::testing {

struct FixtureFile {
  std::string bytes;
  bool lfs = false;  ///< listed with an LFS sha256; resolve redirects to the CDN path
};

struct FixtureCommit {
  std::string sha;
  std::string date;
  std::string title;
  nlohmann::json card_data;  ///< the card's front matter at this commit
};

struct FixtureRepo {
  std::string id;              ///< org/name (datasets may have no org)
  std::string kind = "model";  ///< "model" | "dataset"
  std::string sha;             ///< 40 hex; FakeSha(id) when empty
  std::string gated;           ///< "" | "auto" | "manual"
  bool is_private = false;
  std::vector<std::string> tags;
  nlohmann::json card_data;  ///< cardData (null: none)
  std::map<std::string, FixtureFile> files;
  std::vector<FixtureCommit> history;  ///< newest first; the head commit is added when absent
  /// A recorded API answer served as is (../shared/corpus/hub-api); files still come from files.
  std::optional<std::string> raw_info;
};

/// A recorded answer served verbatim for one path (the cassettes and list responses of
/// ../shared/corpus/hub-api), before the repos are consulted.
struct FixtureResponse {
  std::string path;        ///< the request path, exactly
  std::string with_param;  ///< only for requests with this query parameter ("": any request)
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  ///< Location, X-Error-Code, ...
  std::string body;
  std::string content_type = "application/json";
};

/// A fault for requests whose path starts with a prefix.
struct FixtureFault {
  int status = 0;           ///< answer this status (0: answer normally, after the delay)
  int times = 1;            ///< for this many requests, then normal (-1: always)
  std::string retry_after;  ///< Retry-After header value
  std::string ratelimit;    ///< RateLimit header value
  int delay_ms = 0;         ///< wait before answering
  bool truncate = false;    ///< announce the full length, send half, close
};

class FixtureHub {
 public:
  /// The token that can read private repos and has accepted every gate.
  static constexpr const char* kGoodToken = "hf_fixtureGOODtoken0123456789abcdef";
  /// A valid token whose user did not accept any gate.
  static constexpr const char* kNoAccessToken = "hf_fixtureNOACCESStoken0123456789";

  FixtureHub();
  ~FixtureHub();
  FixtureHub(const FixtureHub&) = delete;
  FixtureHub& operator=(const FixtureHub&) = delete;

  /// "http://127.0.0.1:<port>"
  std::string endpoint() const;
  void Add(FixtureRepo repo);
  void AddRename(const std::string& old_id, const std::string& new_id);
  /// Serves a recorded answer; answers that name a parameter win over those that do not.
  void AddResponse(FixtureResponse response);
  void AddFault(const std::string& path_prefix, FixtureFault fault);
  void ClearFaults();

  struct Counts {
    int total = 0;
    int api = 0;              ///< /api/...
    int resolve = 0;          ///< .../resolve/...
    int cdn = 0;              ///< /cdn/...
    int ranged = 0;           ///< requests with a Range header
    uint64_t body_bytes = 0;  ///< bytes of bodies handed to the server library
    int max_in_flight = 0;    ///< most requests being answered at the same time
  };
  Counts counts() const;
  void ResetCounts();
  /// "GET /path?query [Range: ...] [auth]" per request, in order.
  std::vector<std::string> log() const;
  /// Every Authorization header value seen, with the path.
  std::vector<std::string> auth_seen() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A deterministic 40-hex commit sha for a name.
std::string FakeSha(const std::string& seed);

/// A safetensors file: one F32 tensor of tensor_bytes bytes (a multiple of 4) plus metadata.
std::string MakeSafetensors(uint64_t tensor_bytes, const std::string& license = "");
/// A GGUF v3 file: general.architecture, general.license (when set), a vocabulary array of
/// vocab_tokens strings (to make the metadata span many read-ahead buffers), one F32 tensor of
/// tensor_bytes bytes.
std::string MakeGguf(uint64_t vocab_tokens, uint64_t tensor_bytes, const std::string& license);

/// A model repo with README.md (front matter from card_data), LICENSE, config.json and one
/// safetensors weights file (LFS) of weights_bytes.
FixtureRepo SimpleModelRepo(const std::string& id, const nlohmann::json& card_data,
                            uint64_t weights_bytes = 1 << 20);

/// Front matter YAML for a card from JSON (flow style values), with a short body.
std::string CardText(const nlohmann::json& card_data, const std::string& body = "");

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_HUB_FIXTURE_H_
