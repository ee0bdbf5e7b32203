// HubClient: HTTP for the Hub over libcurl, with connection reuse, retries and range streams.
//
// Every request runs on a Channel: a curl multi handle borrowed from the client's pool for the
// request (or, for a range stream, for the life of the ByteSource). A multi handle keeps its
// connections open, so requests made one after another on a thread reuse them; DNS answers and
// TLS sessions are shared by all channels. Range streams use the multi interface's pause: the
// write callback pauses the transfer once it has run read_ahead_bytes past what the reader asked
// for, and the transfer is dropped when the reader is done, so no more than that is received.
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "curl_api.h"
#include "openness/hub.h"

// libcurl through the table LoadCurl fills (src/curl_api.h). HubClient::Create checks that it
// loaded, and every call below comes after.
namespace openness {
namespace {
const CurlApi* Curl() {
  static const CurlApi* const api = [] {
    std::string ignored;
    return LoadCurl(&ignored);
  }();
  return api;
}
}  // namespace
}  // namespace openness
#undef curl_easy_init
#define curl_easy_init (openness::Curl()->easy_init)
#undef curl_easy_setopt
#define curl_easy_setopt (openness::Curl()->easy_setopt)
#undef curl_easy_getinfo
#define curl_easy_getinfo (openness::Curl()->easy_getinfo)
#undef curl_easy_pause
#define curl_easy_pause (openness::Curl()->easy_pause)
#undef curl_easy_cleanup
#define curl_easy_cleanup (openness::Curl()->easy_cleanup)
#undef curl_easy_strerror
#define curl_easy_strerror (openness::Curl()->easy_strerror)
#undef curl_multi_init
#define curl_multi_init (openness::Curl()->multi_init)
#undef curl_multi_setopt
#define curl_multi_setopt (openness::Curl()->multi_setopt)
#undef curl_multi_add_handle
#define curl_multi_add_handle (openness::Curl()->multi_add_handle)
#undef curl_multi_remove_handle
#define curl_multi_remove_handle (openness::Curl()->multi_remove_handle)
#undef curl_multi_perform
#define curl_multi_perform (openness::Curl()->multi_perform)
#undef curl_multi_poll
#define curl_multi_poll (openness::Curl()->multi_poll)
#undef curl_multi_info_read
#define curl_multi_info_read (openness::Curl()->multi_info_read)
#undef curl_multi_cleanup
#define curl_multi_cleanup (openness::Curl()->multi_cleanup)
#undef curl_share_init
#define curl_share_init (openness::Curl()->share_init)
#undef curl_share_setopt
#define curl_share_setopt (openness::Curl()->share_setopt)
#undef curl_share_cleanup
#define curl_share_cleanup (openness::Curl()->share_cleanup)
#undef curl_slist_append
#define curl_slist_append (openness::Curl()->slist_append)
#undef curl_slist_free_all
#define curl_slist_free_all (openness::Curl()->slist_free_all)

namespace openness {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kErrorBodyBytes = 64 << 10;

std::string GetEnv(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ReadSmallFile(const std::string& path, size_t max) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return "";
  std::string buf(max, '\0');
  f.read(buf.data(), static_cast<std::streamsize>(max));
  buf.resize(static_cast<size_t>(f.gcount()));
  return buf;
}

bool ValidPart(std::string_view p) {
  if (p.empty() || p.size() > 96) return false;
  for (char c : p) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  if (p.front() == '-' || p.front() == '.' || p.back() == '-' || p.back() == '.') return false;
  if (p.find("--") != std::string_view::npos || p.find("..") != std::string_view::npos) {
    return false;
  }
  return true;
}

bool ValidRevision(std::string_view rev) {
  if (rev.empty() || rev.size() > 256) return false;
  for (char c : rev) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return rev.find("..") == std::string_view::npos;
}

// "https://host:port/x" -> "https://host:port".
std::string Origin(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  size_t slash = url.find('/', scheme + 3);
  return std::string(url.substr(0, slash));
}

bool RetryableStatus(long status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

bool RetryableCurl(CURLcode code) {
  return code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR ||
         code == CURLE_GOT_NOTHING || code == CURLE_HTTP2 || code == CURLE_HTTP2_STREAM;
}

// Digits only, bounded: "120" -> 120.
std::optional<long> ParseSeconds(std::string_view s) {
  std::string t = Trim(s);
  if (t.empty() || t.size() > 9) return std::nullopt;
  long v = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Retry-After: <seconds>, else the t= of an IETF RateLimit header ("api";r=0;t=55).
std::optional<long> RetryAfterMs(const HttpResponse& r) {
  if (const std::string* ra = r.Header("retry-after")) {
    if (auto s = ParseSeconds(*ra)) return *s * 1000;
  }
  if (const std::string* rl = r.Header("ratelimit")) {
    size_t t = rl->find("t=");
    while (t != std::string::npos) {
      const bool at_param = t == 0 || (*rl)[t - 1] == ';' || (*rl)[t - 1] == ' ';
      if (at_param) {
        size_t end = rl->find_first_of(";, ", t + 2);
        if (auto s = ParseSeconds(std::string_view(*rl).substr(
                t + 2, end == std::string::npos ? std::string::npos : end - t - 2))) {
          return *s * 1000;
        }
      }
      t = rl->find("t=", t + 2);
    }
  }
  return std::nullopt;
}

std::string Seconds(long ms) {
  std::ostringstream s;
  if (ms % 1000 == 0) {
    s << ms / 1000;
  } else {
    s.precision(1);
    s << std::fixed << static_cast<double>(ms) / 1000.0;
  }
  return s.str() + " s";
}

struct Channel {
  CURLM* multi = nullptr;
  Channel() {
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 8L);
  }
  ~Channel() { curl_multi_cleanup(multi); }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  // Results of transfers on this channel that finished, by easy handle.
  std::map<CURL*, CURLcode> finished;
};

}  // namespace

const std::string* HttpResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string_view HubErrorName(HubError error) {
  switch (error) {
    case HubError::kNone:
      return "none";
    case HubError::kRepoNotFound:
      return "repo-not-found";
    case HubError::kRevisionNotFound:
      return "revision-not-found";
    case HubError::kEntryNotFound:
      return "entry-not-found";
    case HubError::kGated:
      return "gated";
    case HubError::kUnauthorized:
      return "unauthorized";
    case HubError::kForbidden:
      return "forbidden";
    case HubError::kDisabled:
      return "disabled";
    case HubError::kRateLimited:
      return "rate-limited";
    case HubError::kTimeout:
      return "timeout";
    case HubError::kTruncated:
      return "truncated";
    case HubError::kTooLarge:
      return "too-large";
    case HubError::kNetwork:
      return "network";
    case HubError::kServer:
      return "server";
    case HubError::kBadResponse:
      return "bad-response";
    case HubError::kNotCached:
      return "not-cached";
  }
  return "none";
}

bool IsValidRepoId(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  return ValidPart(id.substr(0, slash)) && ValidPart(id.substr(slash + 1));
}

std::optional<HubRef> ParseHubRef(std::string_view target) {
  std::string_view t = target;
  bool explicit_hub = false;
  for (std::string_view prefix :
       {"hf://", "https://huggingface.co/", "http://huggingface.co/", "huggingface.co/"}) {
    if (t.starts_with(prefix)) {
      t.remove_prefix(prefix.size());
      explicit_hub = true;
      break;
    }
  }
  if (explicit_hub && t.starts_with("models/")) t.remove_prefix(7);
  HubRef ref;
  size_t at = t.find('@');
  std::string_view id = t.substr(0, at);
  if (at != std::string_view::npos) {
    std::string_view rev = t.substr(at + 1);
    if (!ValidRevision(rev)) return std::nullopt;
    ref.revision = std::string(rev);
  } else if (explicit_hub) {
    // https://huggingface.co/org/name/tree/<rev> (also /blob/<rev>/...): the revision.
    size_t first = id.find('/');
    size_t second = first == std::string_view::npos ? first : id.find('/', first + 1);
    if (second != std::string_view::npos) {
      std::string_view rest = id.substr(second + 1);
      id = id.substr(0, second);
      if (rest.starts_with("tree/") || rest.starts_with("blob/") || rest.starts_with("resolve/")) {
        std::string_view rev = rest.substr(rest.find('/') + 1);
        rev = rev.substr(0, rev.find('/'));
        if (!ValidRevision(rev)) return std::nullopt;
        ref.revision = std::string(rev);
      } else if (!rest.empty()) {
        return std::nullopt;
      }
    }
  }
  while (explicit_hub && id.ends_with('/')) id.remove_suffix(1);
  if (!IsValidRepoId(id)) return std::nullopt;
  ref.repo_id = std::string(id);
  return ref;
}

std::optional<HubRef> HubTargetOf(const std::string& target) {
  if (target.starts_with("hf://")) return ParseHubRef(target);
  std::error_code ec;
  struct stat st;
  if (::stat(target.c_str(), &st) == 0) return std::nullopt;  // a local path wins
  if (target.starts_with("/") || target.starts_with("./") || target.starts_with("../") ||
      target.starts_with("~")) {
    return std::nullopt;
  }
  return ParseHubRef(target);
}

std::string UrlEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string DefaultHubCacheDir() {
  std::string dir = GetEnv("OPENNESS_CACHE_DIR");
  if (!dir.empty()) return dir;
  dir = GetEnv("XDG_CACHE_HOME");
  if (!dir.empty()) return dir + "/openness";
  dir = GetEnv("HOME");
  if (!dir.empty()) return dir + "/.cache/openness";
  return "";
}

HubOptions HubOptionsFromEnv() {
  HubOptions o;
  std::string endpoint = Trim(GetEnv("HF_ENDPOINT"));
  while (endpoint.ends_with('/')) endpoint.pop_back();
  if (!endpoint.empty()) o.endpoint = endpoint;
  o.token = Trim(GetEnv("HF_TOKEN"));
  if (o.token.empty()) o.token = Trim(GetEnv("HUGGING_FACE_HUB_TOKEN"));
  if (o.token.empty()) {
    std::string path = GetEnv("HF_TOKEN_PATH");
    if (path.empty()) {
      std::string home = GetEnv("HF_HOME");
      if (home.empty()) {
        std::string xdg = GetEnv("XDG_CACHE_HOME");
        if (!xdg.empty()) {
          home = xdg + "/huggingface";
        } else if (!GetEnv("HOME").empty()) {
          home = GetEnv("HOME") + "/.cache/huggingface";
        }
      }
      if (!home.empty()) path = home + "/token";
    }
    if (!path.empty()) o.token = Trim(ReadSmallFile(path, 4096));
  }
  const std::string offline = Lower(Trim(GetEnv("HF_HUB_OFFLINE")));
  o.offline = offline == "1" || offline == "on" || offline == "yes" || offline == "true";
  o.cache_dir = DefaultHubCacheDir();
  return o;
}

// ---------------------------------------------------------------------------------------------

struct HubClient::Impl {
  HubOptions options;
  std::string auth_header;  // "Authorization: Bearer ..." or ""
  CURLSH* share = nullptr;
  std::mutex share_locks[CURL_LOCK_DATA_LAST];

  std::mutex pool_mu;
  std::vector<std::unique_ptr<Channel>> idle;

  std::mutex memo_mu;
  struct MemoEntry {
    HttpResponse response;
    Status status;
    HubError error = HubError::kNone;
  };
  std::map<std::string, MemoEntry> memo;

  std::atomic<uint64_t> api_calls{0}, file_requests{0}, range_requests{0}, retries{0},
      cache_hits{0}, bytes_received{0};

  ~Impl() {
    idle.clear();
    if (share != nullptr) curl_share_cleanup(share);
  }

  // A channel for the caller's exclusive use until the lease ends.
  class Lease {
   public:
    explicit Lease(Impl* impl) : impl_(impl) {
      std::lock_guard<std::mutex> lock(impl_->pool_mu);
      if (!impl_->idle.empty()) {
        channel_ = std::move(impl_->idle.back());
        impl_->idle.pop_back();
      }
      if (!channel_) channel_ = std::make_unique<Channel>();
    }
    ~Lease() {
      if (!channel_) return;
      channel_->finished.clear();
      std::lock_guard<std::mutex> lock(impl_->pool_mu);
      if (impl_->idle.size() < 32) impl_->idle.push_back(std::move(channel_));
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Channel* get() { return channel_.get(); }

   private:
    Impl* impl_;
    std::unique_ptr<Channel> channel_;
  };

  std::string Scrub(std::string text) const {
    const std::string& tok = options.token;
    if (tok.size() < 4) return text;
    size_t pos = 0;
    while ((pos = text.find(tok, pos)) != std::string::npos) {
      text.replace(pos, tok.size(), "***");
      pos += 3;
    }
    return text;
  }

  void Count(const std::string& url, bool ranged) {
    const std::string api_prefix = options.endpoint + "/api/";
    if (url.starts_with(api_prefix)) {
      ++api_calls;
    } else if (ranged) {
      ++range_requests;
    } else {
      ++file_requests;
    }
  }
};

namespace {

void LockShare(CURL*, curl_lock_data data, curl_lock_access, void* user) {
  static_cast<HubClient::Impl*>(user)->share_locks[data].lock();
}
void UnlockShare(CURL*, curl_lock_data data, void* user) {
  static_cast<HubClient::Impl*>(user)->share_locks[data].unlock();
}

}  // namespace

// One HTTP request on a channel. The body goes to *sink (success) or error_body (status >= 300).
class Transfer {
 public:
  Transfer(HubClient::Impl* impl, Channel* channel, const std::string& url,
           std::optional<std::pair<uint64_t, std::optional<uint64_t>>> range, uint64_t max_bytes,
           std::string* sink, bool pausable, long timeout_ms)
      : impl_(impl), channel_(channel), sink_(sink), max_bytes_(max_bytes), pausable_(pausable) {
    easy_ = curl_easy_init();
    const HubOptions& o = impl->options;
    curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy_, CURLOPT_SHARE, impl->share);
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, static_cast<long>(o.max_redirects));
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy_, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, timeout_ms);
    // A stalled transfer (no byte for request_timeout_ms) is a timeout too.
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME,
                     std::max<long>(1, (o.request_timeout_ms + 999) / 1000));
    curl_easy_setopt(easy_, CURLOPT_USERAGENT, "openness/" OPENNESS_VERSION);
    curl_easy_setopt(easy_, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::OnData);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
    if (range) {
      std::string r = std::to_string(range->first) + "-" +
                      (range->second ? std::to_string(*range->second) : std::string());
      curl_easy_setopt(easy_, CURLOPT_RANGE, r.c_str());
      ranged_ = true;
    } else {
      curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "gzip");  // JSON compresses well
    }
    // The token goes to the endpoint's host only: curl drops custom Authorization headers when
    // a redirect leaves the host (CDN redirects of LFS files).
    if (!impl->auth_header.empty() && url.starts_with(o.endpoint + "/")) {
      headers_ = curl_slist_append(headers_, impl->auth_header.c_str());
    }
    headers_ = curl_slist_append(headers_, "Accept: */*");
    curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
    impl->Count(url, ranged_);
    curl_multi_add_handle(channel_->multi, easy_);
    start_ = Clock::now();
  }

  ~Transfer() {
    curl_multi_remove_handle(channel_->multi, easy_);
    channel_->finished.erase(easy_);
    curl_easy_cleanup(easy_);
    curl_slist_free_all(headers_);
  }
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Drives the transfer until *sink holds at least want bytes, or it ends.
  void Pump(uint64_t want) {
    want_ = want;
    while (!done_) {
      if (status_ != 0 && status_ < 300 && body_started_ && sink_->size() >= want_) break;
      if (paused_) {
        paused_ = false;
        curl_easy_pause(easy_, CURLPAUSE_CONT);
      }
      int running = 0;
      curl_multi_perform(channel_->multi, &running);
      int left = 0;
      while (CURLMsg* m = curl_multi_info_read(channel_->multi, &left)) {
        if (m->msg == CURLMSG_DONE) channel_->finished[m->easy_handle] = m->data.result;
      }
      auto it = channel_->finished.find(easy_);
      if (it != channel_->finished.end()) {
        done_ = true;
        result_ = it->second;
        break;
      }
      if (status_ != 0 && status_ < 300 && sink_->size() >= want_) break;
      if (paused_) continue;  // resumed at the top of the loop
      curl_multi_poll(channel_->multi, nullptr, 0, 50, nullptr);
    }
  }

  bool done() const { return done_; }
  CURLcode result() const { return result_; }
  long status() const { return status_; }
  bool too_large() const { return too_large_; }
  bool ranged() const { return ranged_; }
  const std::string& error_body() const { return error_body_; }
  uint64_t received() const { return received_; }

  void Fill(HttpResponse* out) const {
    out->status = status_;
    out->headers = headers_seen_;
    out->redirects = redirects_;
    char* eff = nullptr;
    curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &eff);
    out->effective_url = eff == nullptr ? "" : eff;
  }
  const std::string* Header(std::string_view name) const {
    for (const auto& [k, v] : headers_seen_) {
      if (k == name) return &v;
    }
    return nullptr;
  }

 private:
  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * n;
    std::string_view line(data, len);
    if (line.starts_with("HTTP/")) {
      if (t->status_ != 0) ++t->redirects_;
      t->headers_seen_.clear();
      size_t sp = line.find(' ');
      t->status_ =
          sp == std::string_view::npos ? 0 : std::atol(std::string(line.substr(sp + 1, 3)).c_str());
      return len;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && t->headers_seen_.size() < 200) {
      t->headers_seen_.emplace_back(Lower(Trim(line.substr(0, colon))),
                                    Trim(line.substr(colon + 1)).substr(0, 4096));
    }
    return len;
  }

  static size_t OnData(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t len = size * n;
    if (t->status_ >= 300 || t->status_ == 0) {
      const size_t room =
          kErrorBodyBytes - std::min<size_t>(kErrorBodyBytes, t->error_body_.size());
      t->error_body_.append(data, std::min(len, room));
      return len;
    }
    if (t->pausable_ && t->sink_->size() >= t->want_ + t->impl_->options.read_ahead_bytes) {
      t->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    if (t->received_ + len > t->max_bytes_) {
      t->too_large_ = true;
      return 0;  // aborts with CURLE_WRITE_ERROR
    }
    t->body_started_ = true;
    t->sink_->append(data, len);
    t->received_ += len;
    t->impl_->bytes_received += len;
    return len;
  }

  HubClient::Impl* impl_;
  Channel* channel_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string* sink_;
  uint64_t max_bytes_;
  bool pausable_;
  bool ranged_ = false;
  uint64_t want_ = 0;
  uint64_t received_ = 0;
  bool paused_ = false;
  bool body_started_ = false;
  bool done_ = false;
  bool too_large_ = false;
  CURLcode result_ = CURLE_OK;
  long status_ = 0;
  int redirects_ = 0;
  std::vector<std::pair<std::string, std::string>> headers_seen_;
  std::string error_body_;
  Clock::time_point start_;
};

namespace {

// The readable part of an error body: JSON {"error": "..."} or the text itself, bounded.
std::string ErrorText(const std::string& body) {
  std::string text = body.substr(0, 300);
  size_t key = body.find("\"error\"");
  if (key != std::string::npos) {
    size_t q1 = body.find('"', body.find(':', key) + 1);
    size_t q2 = q1 == std::string::npos ? q1 : body.find('"', q1 + 1);
    if (q2 != std::string::npos) text = body.substr(q1 + 1, std::min<size_t>(q2 - q1 - 1, 300));
  }
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return Trim(text);
}

// Maps a finished transfer to a Status and error kind. what names the thing asked for.
Status Outcome(const HubClient::Impl& impl, const Transfer& t, std::string_view what,
               const std::string& url, bool is_api, HubError* kind) {
  const HubOptions& o = impl.options;
  const std::string w(what);
  *kind = HubError::kNone;
  if (t.too_large() || t.result() == CURLE_FILESIZE_EXCEEDED) {
    *kind = HubError::kTooLarge;
    return Status::TooLarge(w + ": the response is larger than the limit");
  }
  if (t.result() != CURLE_OK) {
    switch (t.result()) {
      case CURLE_OPERATION_TIMEDOUT:
        *kind = HubError::kTimeout;
        return Status::IOError(w + ": no complete answer from " + Origin(url) + " within " +
                               Seconds(o.request_timeout_ms) + " (timed out)");
      case CURLE_PARTIAL_FILE:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
        *kind = HubError::kTruncated;
        return Status::Corruption(w + ": the response from " + Origin(url) +
                                  " ended early (connection closed after " +
                                  std::to_string(t.received()) + " bytes)");
      case CURLE_TOO_MANY_REDIRECTS:
        *kind = HubError::kServer;
        return Status::IOError(w + ": more than " + std::to_string(o.max_redirects) + " redirects");
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        *kind = HubError::kNetwork;
        return Status::IOError(w + ": cannot connect to " + Origin(url) + " (" +
                               curl_easy_strerror(t.result()) + ")");
      default:
        *kind = HubError::kNetwork;
        return Status::IOError(w + ": request to " + Origin(url) +
                               " failed: " + curl_easy_strerror(t.result()));
    }
  }
  const long status = t.status();
  if (status < 400 && status >= 200) return Status::Ok();
  const std::string* code_h = t.Header("x-error-code");
  const std::string* msg_h = t.Header("x-error-message");
  const std::string code = code_h ? *code_h : "";
  std::string hub_msg = impl.Scrub(msg_h ? msg_h->substr(0, 300) : ErrorText(t.error_body()));
  const std::string detail = hub_msg.empty() ? "" : " (the Hub says: " + hub_msg + ")";
  const std::string http = "HTTP " + std::to_string(status);
  if (code == "GatedRepo") {
    *kind = HubError::kGated;
    return Status::IOError(w +
                           ": gated repository: access needs a token (HF_TOKEN) of a user "
                           "who accepted its terms on the Hub [" +
                           http + "]" + detail);
  }
  if (msg_h && *msg_h == "Access to this resource is disabled.") {
    *kind = HubError::kDisabled;
    return Status::IOError(w + ": the repository is disabled on the Hub [" + http + "]");
  }
  if (code == "RevisionNotFound") {
    *kind = HubError::kRevisionNotFound;
    return Status::NotFound(w + ": no such revision [" + http + "]" + detail);
  }
  if (code == "EntryNotFound") {
    *kind = HubError::kEntryNotFound;
    return Status::NotFound(w + ": no such file in the repository [" + http + "]");
  }
  if (status == 401 && msg_h && *msg_h == "Invalid credentials in Authorization header") {
    *kind = HubError::kUnauthorized;
    return Status::IOError(w + ": the Hub refused the token (invalid credentials) [" + http +
                           "]: check HF_TOKEN");
  }
  if (code == "RepoNotFound" || status == 404 || (status == 401 && is_api)) {
    *kind = HubError::kRepoNotFound;
    std::string hint = o.token.empty()
                           ? ": if it is private, set HF_TOKEN to a token that can read it"
                           : ": or the token cannot read it";
    return Status::NotFound(w + ": repository not found on " + o.endpoint + hint + " [" + http +
                            "]");
  }
  if (status == 401) {
    *kind = HubError::kUnauthorized;
    return Status::IOError(w + ": authentication required [" + http + "]" +
                           (o.token.empty() ? ": set HF_TOKEN" : "") + detail);
  }
  if (status == 403) {
    *kind = HubError::kForbidden;
    return Status::IOError(w + ": access forbidden [" + http + "]" + detail);
  }
  if (status == 429) {
    *kind = HubError::kRateLimited;
    HttpResponse r;
    t.Fill(&r);
    auto wait = RetryAfterMs(r);
    return Status::IOError(w + ": rate limited by " + Origin(url) + " [" + http + "] after " +
                           std::to_string(o.max_retries) + " retries" +
                           (wait ? "; the Hub asks to wait " + Seconds(*wait) : std::string()) +
                           " (an HF_TOKEN raises the limit)");
  }
  if (status == 416) {
    *kind = HubError::kBadResponse;
    return Status::Corruption(w + ": range not satisfiable [" + http + "]");
  }
  *kind = HubError::kServer;
  return Status::IOError(w + ": unexpected answer from " + Origin(url) + " [" + http + "]" +
                         detail);
}

// Decides whether to try again and how long to wait first; false when not, or when the wait
// the server asks for is longer than the limit.
bool ShouldRetry(const HubClient::Impl& impl, const Transfer& t, int attempt, long* wait_ms) {
  const HubOptions& o = impl.options;
  if (attempt >= o.max_retries || t.too_large()) return false;
  const bool retry = (t.result() == CURLE_OK && RetryableStatus(t.status())) ||
                     (t.result() != CURLE_OK && RetryableCurl(t.result()));
  if (!retry) return false;
  HttpResponse r;
  t.Fill(&r);
  long wait = o.min_backoff_ms << std::min(attempt, 10);
  if (auto asked = RetryAfterMs(r)) wait = *asked;
  if (wait > o.max_retry_wait_ms) return false;
  *wait_ms = wait;
  return true;
}

// ---------------------------------------------------------------------------------------------
// A ByteSource over a remote file: one streamed Range request per contiguous run of reads.

class RemoteSource final : public ByteSource {
 public:
  RemoteSource(HubClient::Impl* impl, std::string url, std::string what,
               std::optional<uint64_t> size, std::function<void(HubError, const Status&)> on_error)
      : impl_(impl),
        url_(std::move(url)),
        what_(std::move(what)),
        size_(size.value_or(0)),
        size_known_(size.has_value()),
        on_error_(std::move(on_error)) {}
  ~RemoteSource() override { Drop(); }

  uint64_t size() const override { return size_; }
  uint64_t bytes_read() const override { return bytes_read_; }

  // Learns the size with a first request from byte 0 (when the API did not give it).
  Status Prepare() {
    if (size_known_) return Status::Ok();
    return Start(0, 1);
  }

  Status Read(uint64_t offset, uint64_t n, std::string* out) override {
    if (offset > size_ || n > size_ - offset) {
      return Status::Corruption(what_ + ": need " + std::to_string(n) + " bytes at byte " +
                                std::to_string(offset) + " but the file has " +
                                std::to_string(size_) + " bytes");
    }
    if (n == 0) {
      out->clear();
      return Status::Ok();
    }
    const uint64_t buf_end = buf_start_ + buf_.size();
    const bool in_buffer = offset >= buf_start_ && offset + n <= buf_end;
    // Continue the live transfer when the read is at or a little past what it has delivered.
    // A bounded first range that stops short of the read cannot serve it, even while its last
    // bytes are still arriving.
    const bool continue_stream = transfer_ && !transfer_->done() && offset >= buf_start_ &&
                                 offset <= buf_end + (1 << 20) && offset + n <= stream_end_;
    if (!in_buffer && !continue_stream) {
      Status s = Start(offset, n);
      if (!s.ok()) return s;
    }
    if (buf_start_ + buf_.size() < offset + n) {
      Status s = PumpTo(offset + n);
      if (!s.ok()) return s;
    }
    out->assign(buf_, offset - buf_start_, n);
    bytes_read_ += n;
    // Keep a little behind the reader for small backward reads; drop the rest.
    const uint64_t keep_from = offset + n > kKeepBehind ? offset + n - kKeepBehind : 0;
    if (keep_from > buf_start_) {
      const uint64_t drop = std::min<uint64_t>(keep_from - buf_start_, buf_.size());
      buf_.erase(0, drop);
      buf_start_ += drop;
    }
    return Status::Ok();
  }

 private:
  static constexpr uint64_t kKeepBehind = 64 << 10;
  static constexpr uint64_t kFirstRangeAhead = 64 << 10;

  void Drop() {
    transfer_.reset();
    lease_.reset();
  }

  // Starts a transfer at offset. A read of the whole file is a plain GET; a read that starts at
  // 0 runs to the end of the file (the reader decides where to stop); others too.
  Status Start(uint64_t offset, uint64_t n) {
    Drop();
    buf_.clear();
    buf_start_ = offset;
    for (int attempt = 0;; ++attempt) {
      if (!lease_) lease_ = std::make_unique<HubClient::Impl::Lease>(impl_);
      std::optional<std::pair<uint64_t, std::optional<uint64_t>>> range;
      const bool whole = size_known_ && offset == 0 && n == size_;
      const uint64_t ahead =
          std::clamp<uint64_t>(impl_->options.read_ahead_bytes, 1, kFirstRangeAhead);
      if (!whole) {
        // The first range of a file is bounded (n plus the read-ahead): most headers fit, the
        // transfer completes and its connection is reused. A reader that needs more gets one
        // open-ended stream, cut when the reader is done.
        std::optional<uint64_t> last;
        if (streams_ == 0 && size_known_ && offset + n + ahead < size_)
          last = offset + n + ahead - 1;
        range = std::make_pair(offset, last);
        stream_end_ = last ? *last + 1 : std::numeric_limits<uint64_t>::max();
      } else {
        stream_end_ = std::numeric_limits<uint64_t>::max();
      }
      ++streams_;
      // Streams can run long while the reader works: the stall limit still applies.
      transfer_ = std::make_unique<Transfer>(
          impl_, lease_->get(), url_, range, std::numeric_limits<uint64_t>::max() / 2, &buf_,
          /*pausable=*/true, impl_->options.request_timeout_ms * 4);
      transfer_->Pump(std::min<uint64_t>(n, 1));
      const long status = transfer_->status();
      const bool failed =
          transfer_->done() && (transfer_->result() != CURLE_OK || status < 200 || status >= 300);
      if (failed) {
        long wait = 0;
        if (ShouldRetry(*impl_, *transfer_, attempt, &wait)) {
          ++impl_->retries;
          Drop();
          buf_.clear();
          std::this_thread::sleep_for(std::chrono::milliseconds(wait));
          continue;
        }
        HubError kind = HubError::kNone;
        Status s = Outcome(*impl_, *transfer_, what_, url_, false, &kind);
        if (s.ok()) {
          kind = HubError::kBadResponse;
          s = Status::IOError(what_ + ": unexpected answer (HTTP " + std::to_string(status) + ")");
        }
        Drop();
        return Fail(kind, s);
      }
      break;
    }
    // What the server sent: 206 with Content-Range, or 200 with the whole file.
    const std::string* cr = transfer_->Header("content-range");
    std::optional<uint64_t> total;
    uint64_t first = 0;
    if (transfer_->status() == 206 && cr != nullptr) {
      // "bytes a-b/total"
      size_t sp = cr->find(' '), dash = cr->find('-'), slash = cr->find('/');
      if (sp != std::string::npos && dash != std::string::npos && slash != std::string::npos) {
        first = std::strtoull(cr->c_str() + sp + 1, nullptr, 10);
        if (cr->compare(slash + 1, 1, "*") != 0) {
          total = std::strtoull(cr->c_str() + slash + 1, nullptr, 10);
        }
      }
      if (first != offset) {
        Drop();
        return Fail(
            HubError::kBadResponse,
            Status::Corruption(what_ + ": the server answered a range starting at " +
                               std::to_string(first) + " for one at " + std::to_string(offset)));
      }
    } else if (transfer_->status() == 200) {
      if (const std::string* cl = transfer_->Header("content-length")) {
        total = std::strtoull(cl->c_str(), nullptr, 10);
      }
      if (offset != 0) {
        // The server ignored the Range header: skip to offset, within reason.
        if (offset > (4u << 20)) {
          Drop();
          return Fail(HubError::kBadResponse,
                      Status::Unsupported(what_ + ": the server ignores Range requests"));
        }
        buf_start_ = 0;
      }
    }
    if (!size_known_) {
      if (!total) {
        Drop();
        return Fail(HubError::kBadResponse,
                    Status::Corruption(what_ + ": the server did not say how large the file is"));
      }
      size_ = *total;
      size_known_ = true;
    }
    return Status::Ok();
  }

  Status PumpTo(uint64_t end) {
    if (!transfer_) return Status::IOError(what_ + ": no transfer");
    transfer_->Pump(end - buf_start_);
    if (buf_start_ + buf_.size() >= end) return Status::Ok();
    HubError kind;
    Status s = Outcome(*impl_, *transfer_, what_, url_, false, &kind);
    Drop();
    if (s.ok()) {
      return Fail(HubError::kTruncated,
                  Status::Corruption(what_ + ": the response ended at byte " +
                                     std::to_string(buf_start_ + buf_.size()) + " before byte " +
                                     std::to_string(end)));
    }
    return Fail(kind, s);
  }

  Status Fail(HubError kind, Status s) {
    if (on_error_) on_error_(kind, s);
    return s;
  }

  HubClient::Impl* impl_;
  std::string url_;
  std::string what_;
  uint64_t size_;
  bool size_known_;
  std::function<void(HubError, const Status&)> on_error_;
  std::unique_ptr<HubClient::Impl::Lease> lease_;
  std::unique_ptr<Transfer> transfer_;
  std::string buf_;
  uint64_t buf_start_ = 0;
  uint64_t bytes_read_ = 0;
  int streams_ = 0;
  uint64_t stream_end_ = 0;  ///< one past the last byte the live transfer was asked for
};

}  // namespace

// ---------------------------------------------------------------------------------------------

HubClient::HubClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HubClient::~HubClient() = default;

Result<std::shared_ptr<HubClient>> HubClient::Create(HubOptions options) {
  std::string curl_error;
  if (LoadCurl(&curl_error) == nullptr) return Status::Unsupported(curl_error);
  while (options.endpoint.ends_with('/')) options.endpoint.pop_back();
  if (!options.endpoint.starts_with("http://") && !options.endpoint.starts_with("https://")) {
    return Status::InvalidArgument("HF_ENDPOINT must start with http:// or https://");
  }
  for (char c : options.token) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) {
      return Status::InvalidArgument("the Hub token holds spaces or control characters");
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  if (!impl->options.token.empty()) {
    impl->auth_header = "Authorization: Bearer " + impl->options.token;
  }
  impl->share = curl_share_init();
  curl_share_setopt(impl->share, CURLSHOPT_LOCKFUNC, &LockShare);
  curl_share_setopt(impl->share, CURLSHOPT_UNLOCKFUNC, &UnlockShare);
  curl_share_setopt(impl->share, CURLSHOPT_USERDATA, impl.get());
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  return std::shared_ptr<HubClient>(new HubClient(std::move(impl)));
}

const HubOptions& HubClient::options() const { return impl_->options; }

std::string HubClient::ApiUrl(std::string_view rest) const {
  return impl_->options.endpoint + "/api/" + std::string(rest);
}

std::string HubClient::ResolveUrl(std::string_view repo_id, std::string_view rev,
                                  std::string_view path) const {
  return impl_->options.endpoint + "/" + UrlEncode(repo_id, true) + "/resolve/" + UrlEncode(rev) +
         "/" + UrlEncode(path, true);
}

std::string HubClient::Scrub(std::string text) const { return impl_->Scrub(std::move(text)); }

Status HubClient::Get(const std::string& url, uint64_t max_bytes, std::string_view what,
                      HttpResponse* out, HubError* error) {
  HubError ignored;
  if (error == nullptr) error = &ignored;
  *error = HubError::kNone;
  if (impl_->options.offline) {
    *error = HubError::kNotCached;
    return Status::NotFound(std::string(what) + ": offline, and not in the cache");
  }
  const bool is_api = url.starts_with(impl_->options.endpoint + "/api/");
  Impl::Lease lease(impl_.get());
  for (int attempt = 0;; ++attempt) {
    out->body.clear();
    Transfer t(impl_.get(), lease.get(), url, std::nullopt, max_bytes, &out->body,
               /*pausable=*/false, impl_->options.request_timeout_ms);
    t.Pump(std::numeric_limits<uint64_t>::max());
    long wait = 0;
    if (ShouldRetry(*impl_, t, attempt, &wait)) {
      ++impl_->retries;
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
      continue;
    }
    t.Fill(out);
    Status s = Outcome(*impl_, t, what, url, is_api, error);
    if (!s.ok()) out->body.clear();
    return s;
  }
}

Result<std::unique_ptr<ByteSource>> HubClient::OpenRemote(
    const std::string& url, std::string what, std::optional<uint64_t> size,
    std::function<void(HubError, const Status&)> on_error) {
  if (impl_->options.offline) {
    Status s = Status::NotFound(what + ": offline, and not in the cache");
    if (on_error) on_error(HubError::kNotCached, s);
    return s;
  }
  auto src =
      std::make_unique<RemoteSource>(impl_.get(), url, std::move(what), size, std::move(on_error));
  Status s = src->Prepare();
  if (!s.ok()) return s;
  return std::unique_ptr<ByteSource>(std::move(src));
}

bool HubClient::Memo(const std::string& url, HttpResponse* out, Status* status, HubError* error) {
  std::lock_guard<std::mutex> lock(impl_->memo_mu);
  auto it = impl_->memo.find(url);
  if (it == impl_->memo.end()) return false;
  *out = it->second.response;
  *status = it->second.status;
  *error = it->second.error;
  ++impl_->cache_hits;
  return true;
}

void HubClient::Remember(const std::string& url, const HttpResponse& response, const Status& status,
                         HubError error) {
  std::lock_guard<std::mutex> lock(impl_->memo_mu);
  if (impl_->memo.size() >= 4096) impl_->memo.clear();
  impl_->memo[url] = Impl::MemoEntry{response, status, error};
}

HubStats HubClient::stats() const {
  HubStats s;
  s.api_calls = impl_->api_calls.load();
  s.file_requests = impl_->file_requests.load();
  s.range_requests = impl_->range_requests.load();
  s.retries = impl_->retries.load();
  s.cache_hits = impl_->cache_hits.load();
  s.bytes_received = impl_->bytes_received.load();
  return s;
}

}  // namespace openness
