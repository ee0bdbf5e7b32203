#include "hub_fixture.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

namespace openness::testing {
namespace {

using Json = nlohmann::json;

std::string Hex64(const std::string& seed) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t h = 1469598103934665603ull;
  for (int round = 0; out.size() < 64; ++round) {
    for (char c : seed) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= static_cast<uint64_t>(round);
    h *= 1099511628211ull;
    for (int i = 60; i >= 0 && out.size() < 64; i -= 4) out.push_back(kHex[(h >> i) & 15]);
  }
  return out;
}

void PutU32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutStr(std::string* s, const std::string& v) {
  PutU64(s, v.size());
  *s += v;
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return out;
}

}  // namespace

std::string FakeSha(const std::string& seed) { return Hex64(seed).substr(0, 40); }

std::string MakeSafetensors(uint64_t tensor_bytes, const std::string& license) {
  Json header = {
      {"weight",
       {{"dtype", "F32"}, {"shape", {tensor_bytes / 4}}, {"data_offsets", {0, tensor_bytes}}}}};
  header["__metadata__"] = {{"format", "pt"}};
  if (!license.empty()) header["__metadata__"]["license"] = license;
  std::string h = header.dump();
  while (h.size() % 8 != 0) h.push_back(' ');
  std::string out;
  PutU64(&out, h.size());
  out += h;
  out.append(tensor_bytes, '\x01');
  return out;
}

std::string MakeGguf(uint64_t vocab_tokens, uint64_t tensor_bytes, const std::string& license) {
  std::string kv;
  uint64_t n_kv = 0;
  auto str_kv = [&](const std::string& key, const std::string& value) {
    PutStr(&kv, key);
    PutU32(&kv, 8);  // string
    PutStr(&kv, value);
    ++n_kv;
  };
  str_kv("general.architecture", "llama");
  str_kv("general.name", "fixture");
  if (!license.empty()) str_kv("general.license", license);
  if (vocab_tokens > 0) {
    PutStr(&kv, "tokenizer.ggml.tokens");
    PutU32(&kv, 9);  // array
    PutU32(&kv, 8);  // of strings
    PutU64(&kv, vocab_tokens);
    for (uint64_t i = 0; i < vocab_tokens; ++i) PutStr(&kv, "token-" + std::to_string(i));
    ++n_kv;
  }
  std::string out = "GGUF";
  PutU32(&out, 3);
  PutU64(&out, 1);  // tensors
  PutU64(&out, n_kv);
  out += kv;
  PutStr(&out, "weight");
  PutU32(&out, 1);  // dims
  PutU64(&out, tensor_bytes / 4);
  PutU32(&out, 0);  // F32
  PutU64(&out, 0);  // offset in the data section
  while (out.size() % 32 != 0) out.push_back('\0');
  out.append(tensor_bytes, '\x02');
  return out;
}

std::string CardText(const Json& card_data, const std::string& body) {
  std::string out = "---\n";
  if (card_data.is_object()) {
    for (const auto& [k, v] : card_data.items()) out += k + ": " + v.dump() + "\n";
  }
  out += "---\n\n# Model\n\n" + (body.empty() ? std::string("A fixture model.\n") : body);
  return out;
}

FixtureRepo SimpleModelRepo(const std::string& id, const Json& card_data, uint64_t weights_bytes) {
  FixtureRepo r;
  r.id = id;
  r.card_data = card_data;
  r.files["README.md"] = {CardText(card_data), false};
  r.files["LICENSE"] = {"Fixture license text for " + id + ".\n", false};
  r.files["config.json"] = {R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama"})",
                            false};
  r.files["model.safetensors"] = {MakeSafetensors(weights_bytes), true};
  return r;
}

struct FixtureHub::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<bool> stopping{false};

  mutable std::mutex mu;
  std::map<std::string, std::shared_ptr<const FixtureRepo>> repos;  // key: kind + ":" + id
  std::map<std::string, std::string> renames;                       // old id -> new id
  std::vector<std::pair<std::string, FixtureFault>> faults;
  std::vector<FixtureResponse> responses;
  int in_flight = 0;
  Counts counts;
  std::vector<std::string> log;
  std::vector<std::string> auth;

  std::string Endpoint() const { return "http://127.0.0.1:" + std::to_string(port); }

  // Sleeps in slices so a stopping server does not wait for the whole delay.
  void Sleep(int ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!stopping && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  std::optional<FixtureFault> TakeFault(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [prefix, f] : faults) {
      if (!StartsWith(path, prefix) || f.times == 0) continue;
      if (f.times > 0) --f.times;
      return f;
    }
    return std::nullopt;
  }

  // Which token the request carries: "" none, "good", "noaccess", "bad".
  std::string Caller(const httplib::Request& req) {
    if (!req.has_header("Authorization")) return "";
    std::string v = req.get_header_value("Authorization");
    if (v == std::string("Bearer ") + kGoodToken) return "good";
    if (v == std::string("Bearer ") + kNoAccessToken) return "noaccess";
    return "bad";
  }

  static void Error(httplib::Response& res, int status, const std::string& code,
                    const std::string& message) {
    res.status = status;
    if (!code.empty()) res.set_header("X-Error-Code", code);
    res.set_header("X-Error-Message", message);
    res.set_content(Json({{"error", message}}).dump(), "application/json");
  }

  Json Info(const FixtureRepo& r, const FixtureCommit* at, const httplib::Request& req) {
    Json j;
    j["_id"] = Hex64(r.id).substr(0, 24);
    j["id"] = r.id;
    if (r.kind == "model") j["modelId"] = r.id;
    j["author"] = r.id.find('/') == std::string::npos ? "" : r.id.substr(0, r.id.find('/'));
    j["sha"] = at ? at->sha : r.sha;
    j["lastModified"] = at && !at->date.empty() ? at->date : "2024-05-01T10:00:00.000Z";
    j["private"] = r.is_private;
    j["gated"] = r.gated.empty() ? Json(false) : Json(r.gated);
    j["disabled"] = false;
    j["tags"] = r.tags;
    const Json& card = at ? at->card_data : r.card_data;
    if (!card.is_null()) j["cardData"] = card;
    const bool blobs = req.get_param_value("blobs") == "true";
    Json siblings = Json::array();
    for (const auto& [path, f] : r.files) {
      Json s = {{"rfilename", path}};
      if (blobs) {
        s["size"] = f.bytes.size();
        s["blobId"] = Hex64(path + r.sha).substr(0, 40);
        if (f.lfs) {
          s["lfs"] = {{"size", f.bytes.size()},
                      {"sha256", Hex64(f.bytes.substr(0, 4096) + path)},
                      {"pointerSize", 134}};
        }
      }
      siblings.push_back(std::move(s));
    }
    j["siblings"] = siblings;
    // ?expand=a&expand=b (or expand[]=): only _id, id and the fields asked for.
    std::vector<std::string> expand;
    for (const char* key : {"expand", "expand[]"}) {
      const size_t n = req.get_param_value_count(key);
      for (size_t i = 0; i < n; ++i) expand.push_back(req.get_param_value(key, i));
    }
    if (!expand.empty()) {
      Json subset = {{"_id", j["_id"]}, {"id", j["id"]}};
      for (const std::string& e : expand) {
        if (j.contains(e)) subset[e] = j[e];
      }
      return subset;
    }
    return j;
  }

  // Counts the requests being answered at once for as long as it lives.
  class InFlight {
   public:
    explicit InFlight(Impl* impl) : impl_(impl) {
      std::lock_guard<std::mutex> lock(impl_->mu);
      ++impl_->in_flight;
      impl_->counts.max_in_flight = std::max(impl_->counts.max_in_flight, impl_->in_flight);
    }
    ~InFlight() {
      std::lock_guard<std::mutex> lock(impl_->mu);
      --impl_->in_flight;
    }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    Impl* impl_;
  };

  // A recorded answer for this request, if one was added.
  std::optional<FixtureResponse> Recorded(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mu);
    const FixtureResponse* any = nullptr;
    for (const FixtureResponse& r : responses) {
      if (r.path != req.path) continue;
      if (r.with_param.empty()) {
        if (any == nullptr) any = &r;
      } else if (req.has_param(r.with_param)) {
        return r;
      }
    }
    if (any != nullptr) return *any;
    return std::nullopt;
  }

  void Handle(const httplib::Request& req, httplib::Response& res) {
    const std::string& path = req.path;
    InFlight in_flight_guard(this);
    if (auto fault = TakeFault(path)) {
      if (fault->delay_ms > 0) Sleep(fault->delay_ms);
      if (fault->status != 0) {
        res.status = fault->status;
        if (!fault->retry_after.empty()) res.set_header("Retry-After", fault->retry_after);
        if (!fault->ratelimit.empty()) res.set_header("RateLimit", fault->ratelimit);
        res.set_content(Json({{"error", "fault"}}).dump(), "application/json");
        return;
      }
      if (fault->truncate) {
        std::string body = R"({"id": "truncated", "siblings": [)" + std::string(2000, ' ') + "]}";
        auto shared = std::make_shared<std::string>(std::move(body));
        res.set_content_provider(shared->size(), "application/json",
                                 [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                                   const size_t half = std::min(length, shared->size() / 2);
                                   if (offset < half)
                                     sink.write(shared->data() + offset, half - offset);
                                   return false;  // close before the announced length
                                 });
        return;
      }
    }
    if (auto recorded = Recorded(req)) {
      res.status = recorded->status;
      for (const auto& [name, value] : recorded->headers) res.set_header(name, value);
      res.set_content(recorded->body, recorded->content_type);
      return;
    }
    if (StartsWith(path, "/api/")) return Api(req, res);
    if (StartsWith(path, "/cdn/")) return Cdn(req, res);
    if (path.find("/resolve/") != std::string::npos) return Resolve(req, res);
    Error(res, 404, "", "Not found");
  }

  // /api/{models|datasets}/{id}[/revision/{rev} | /commits/{rev}]
  void Api(const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> parts = Split(req.path.substr(5), '/');
    if (parts.size() < 2) return Error(res, 404, "", "Not found");
    const std::string kind = parts[0] == "models"     ? "model"
                             : parts[0] == "datasets" ? "dataset"
                                                      : "";
    if (kind.empty()) return Error(res, 404, "", "Not found");
    // The id is one or two parts, then an optional verb.
    std::string id = parts[1];
    size_t next = 2;
    auto is_verb = [](const std::string& p) { return p == "revision" || p == "commits"; };
    if (parts.size() > 2 && !is_verb(parts[2])) {
      id += "/" + parts[2];
      next = 3;
    }
    std::string verb, rev;
    if (parts.size() > next) {
      verb = parts[next];
      for (size_t i = next + 1; i < parts.size(); ++i) rev += (rev.empty() ? "" : "/") + parts[i];
    }
    const std::string caller = Caller(req);
    if (caller == "bad") {
      return Error(res, 401, "", "Invalid credentials in Authorization header");
    }
    std::shared_ptr<const FixtureRepo> repo_ptr;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (auto r = renames.find(id); r != renames.end()) {
        std::string target = "/api/" + parts[0] + "/" + r->second;
        for (size_t i = next; i < parts.size(); ++i) target += "/" + parts[i];
        if (!req.params.empty()) {
          std::string q;
          for (const auto& [k, v] : req.params) q += (q.empty() ? "?" : "&") + k + "=" + v;
          target += q;
        }
        res.status = 307;
        res.set_header("Location", target);  // relative, as the Hub answers
        res.set_content("Temporary Redirect. Redirecting to " + target,
                        "text/plain; charset=utf-8");
        return;
      }
      auto it = repos.find(kind + ":" + id);
      if (it == repos.end() || (it->second->is_private && caller != "good")) {
        if (caller.empty()) return Error(res, 401, "", "Invalid username or password.");
        return Error(res, 404, "RepoNotFound", "Repository not found");
      }
      repo_ptr = it->second;
    }
    const FixtureRepo& repo = *repo_ptr;
    if (repo.raw_info && verb.empty()) {
      res.set_content(*repo.raw_info, "application/json");
      return;
    }
    const FixtureCommit* at = nullptr;
    if (!rev.empty()) {
      if (rev != "main" && rev != "HEAD" && rev != repo.sha) {
        for (const FixtureCommit& c : repo.history) {
          if (c.sha == rev) at = &c;
        }
        if (at == nullptr) {
          return Error(res, 404, "RevisionNotFound", "Invalid rev id: " + rev);
        }
      }
    }
    if (verb == "commits") {
      // Pages of 2 commits with a Link to the next page, as the Hub paginates.
      int page = req.has_param("p") ? std::atoi(req.get_param_value("p").c_str()) : 0;
      const int per = 2;
      Json list = Json::array();
      size_t start = static_cast<size_t>(page * per);
      size_t begin = 0;
      if (at != nullptr) begin = static_cast<size_t>(at - repo.history.data());
      for (size_t i = begin + start; i < repo.history.size() && i < begin + start + per; ++i) {
        const FixtureCommit& c = repo.history[i];
        list.push_back({{"id", c.sha},
                        {"title", c.title},
                        {"message", c.title},
                        {"date", c.date},
                        {"authors", Json::array({{{"user", "someone"}}})}});
      }
      if (begin + start + per < repo.history.size()) {
        res.set_header("Link", "<" + Endpoint() + req.path + "?p=" + std::to_string(page + 1) +
                                   ">; rel=\"next\"");
      }
      res.set_content(list.dump(), "application/json");
      return;
    }
    // Card data made from YAML may hold bytes that are not UTF-8 (yaml-cpp decodes "\_" to one
    // Latin-1 byte); the Hub would answer with valid JSON, so they become U+FFFD.
    res.set_content(Info(repo, at, req).dump(-1, ' ', false, Json::error_handler_t::replace),
                    "application/json");
  }

  // /{id}/resolve/{rev}/{path}
  void Resolve(const httplib::Request& req, httplib::Response& res) {
    const size_t r = req.path.find("/resolve/");
    std::string id = req.path.substr(1, r - 1);
    std::string rest = req.path.substr(r + 9);
    const size_t slash = rest.find('/');
    if (slash == std::string::npos) return Error(res, 404, "EntryNotFound", "Entry not found");
    const std::string rev = rest.substr(0, slash);
    const std::string file = rest.substr(slash + 1);
    const std::string caller = Caller(req);
    if (caller == "bad") {
      return Error(res, 401, "", "Invalid credentials in Authorization header");
    }
    std::shared_ptr<const FixtureRepo> repo_ptr;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (auto rn = renames.find(id); rn != renames.end()) {
        res.status = 307;
        res.set_header("Location", "/" + rn->second + "/resolve/" + rest);
        return;
      }
      auto it = repos.find("model:" + id);
      if (it == repos.end() || (it->second->is_private && caller != "good")) {
        if (caller.empty()) return Error(res, 401, "", "Invalid username or password.");
        return Error(res, 404, "RepoNotFound", "Repository not found");
      }
      repo_ptr = it->second;
    }
    const FixtureRepo& repo = *repo_ptr;
    if (!repo.gated.empty() && caller != "good") {
      if (caller.empty()) {
        return Error(res, 401, "GatedRepo",
                     "Access to model " + id +
                         " is restricted. You must have access to it and "
                         "be authenticated to access it. Please log in.");
      }
      return Error(res, 403, "GatedRepo",
                   "Access to model " + id +
                       " is restricted and you are not in the authorized "
                       "list. Visit " +
                       Endpoint() + "/" + id + " to ask for access.");
    }
    bool known_rev = rev == "main" || rev == repo.sha;
    for (const FixtureCommit& c : repo.history) known_rev = known_rev || c.sha == rev;
    if (!known_rev) return Error(res, 404, "RevisionNotFound", "Invalid rev id: " + rev);
    auto f = repo.files.find(file);
    if (f == repo.files.end()) return Error(res, 404, "EntryNotFound", "Entry not found");
    res.set_header("X-Repo-Commit", repo.sha);
    if (f->second.lfs) {
      res.set_header("X-Linked-Size", std::to_string(f->second.bytes.size()));
      // The CDN is another host name for the same server, so the client must not send the
      // token there.
      res.set_redirect(
          "http://localhost:" + std::to_string(port) + "/cdn/" + id + "/" + repo.sha + "/" + file,
          302);
      return;
    }
    Serve(req, res, std::shared_ptr<const std::string>(repo_ptr, &f->second.bytes));
  }

  // /cdn/{id}/{sha}/{path}
  void Cdn(const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const std::string> bytes;
    {
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& [key, repo] : repos) {
        if (repo->kind != "model") continue;
        const std::string prefix = "/cdn/" + repo->id + "/" + repo->sha + "/";
        if (!StartsWith(req.path, prefix)) continue;
        auto f = repo->files.find(req.path.substr(prefix.size()));
        if (f != repo->files.end())
          bytes = std::shared_ptr<const std::string>(repo, &f->second.bytes);
        break;
      }
    }
    if (!bytes) {
      res.status = 404;
      res.set_content("NoSuchKey", "text/plain");
      return;
    }
    Serve(req, res, bytes);
  }

  void Serve(const httplib::Request& req, httplib::Response& res,
             std::shared_ptr<const std::string> shared) {
    // cpp-httplib answers a single Range with 206 and Content-Range from the whole body.
    const std::string& bytes = *shared;
    uint64_t served = bytes.size();
    if (req.ranges.size() == 1) {
      auto [first, last] = req.ranges[0];
      const int64_t size = static_cast<int64_t>(bytes.size());
      if (last < 0 || last >= size) last = size - 1;
      if (first >= 0 && first <= last) served = static_cast<uint64_t>(last - first + 1);
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      counts.body_bytes += served;
    }
    // A provider, so a client that stops reading early stops the transfer.
    res.set_content_provider(shared->size(), "application/octet-stream",
                             [shared](size_t offset, size_t length, httplib::DataSink& sink) {
                               const size_t chunk = 64 << 10;
                               size_t end = std::min(offset + length, shared->size());
                               for (size_t o = offset; o < end; o += chunk) {
                                 if (!sink.write(shared->data() + o, std::min(chunk, end - o))) {
                                   return false;
                                 }
                               }
                               return true;
                             });
  }
};

FixtureHub::FixtureHub() : impl_(std::make_unique<Impl>()) {
  Impl* impl = impl_.get();
  impl->server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  impl->server.set_keep_alive_max_count(1000);
  impl->server.set_tcp_nodelay(true);
  impl->server.set_pre_routing_handler([impl](const httplib::Request& req, httplib::Response&) {
    std::lock_guard<std::mutex> lock(impl->mu);
    ++impl->counts.total;
    if (StartsWith(req.path, "/api/")) ++impl->counts.api;
    if (StartsWith(req.path, "/cdn/")) ++impl->counts.cdn;
    if (req.path.find("/resolve/") != std::string::npos) ++impl->counts.resolve;
    const bool ranged = req.has_header("Range");
    if (ranged) ++impl->counts.ranged;
    std::string line = req.method + " " + req.path;
    if (!req.params.empty()) {
      std::string q;
      for (const auto& [k, v] : req.params) q += (q.empty() ? "?" : "&") + k + "=" + v;
      line += q;
    }
    if (ranged) line += " [Range: " + req.get_header_value("Range") + "]";
    if (req.has_header("Authorization")) {
      line += " [auth]";
      impl->auth.push_back(req.path + " " + req.get_header_value("Authorization"));
    }
    impl->log.push_back(line);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  impl->server.Get(".*", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->Handle(req, res);
  });
  impl->port = impl->server.bind_to_any_port("127.0.0.1");
  impl->thread = std::thread([impl] { impl->server.listen_after_bind(); });
  for (int i = 0; i < 500 && !impl->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

FixtureHub::~FixtureHub() {
  impl_->stopping = true;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FixtureHub::endpoint() const { return impl_->Endpoint(); }

void FixtureHub::Add(FixtureRepo repo) {
  if (repo.sha.empty()) repo.sha = FakeSha(repo.id);
  if (repo.history.empty() || repo.history.front().sha != repo.sha) {
    repo.history.insert(repo.history.begin(), FixtureCommit{repo.sha, "2024-05-01T10:00:00.000Z",
                                                            "Head", repo.card_data});
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  const std::string key = repo.kind + ":" + repo.id;
  impl_->repos[key] = std::make_shared<const FixtureRepo>(std::move(repo));
}

void FixtureHub::AddRename(const std::string& old_id, const std::string& new_id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->renames[old_id] = new_id;
}

void FixtureHub::AddResponse(FixtureResponse response) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->responses.push_back(std::move(response));
}

void FixtureHub::AddFault(const std::string& path_prefix, FixtureFault fault) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->faults.emplace_back(path_prefix, std::move(fault));
}

void FixtureHub::ClearFaults() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->faults.clear();
}

FixtureHub::Counts FixtureHub::counts() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->counts;
}

void FixtureHub::ResetCounts() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->counts = Counts{};
  impl_->log.clear();
  impl_->auth.clear();
}

std::vector<std::string> FixtureHub::log() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->log;
}

std::vector<std::string> FixtureHub::auth_seen() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->auth;
}

}  // namespace openness::testing
