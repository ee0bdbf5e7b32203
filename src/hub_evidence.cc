// CollectHubEvidence: dataset-card licenses, the base-model chain and the license history.
#include <algorithm>
#include <chrono>
#include <deque>
#include <set>

#include "hub_cache.h"
#include "openness/hub.h"
#include "openness/license_keys.h"

namespace openness {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxBases = 32;
constexpr int kMaxCommitPages = 10;

// The next page of a paged API answer: `Link: <url>; rel="next"`. Only links on the endpoint
// are followed, so the token never leaves it; "" when there is none.
std::string NextPageUrl(const HttpResponse& resp, const std::string& endpoint) {
  const std::string* link = resp.Header("link");
  if (link == nullptr) return "";
  const size_t rel = link->find("rel=\"next\"");
  if (rel == std::string::npos) return "";
  const size_t lt = link->rfind('<', rel), gt = link->rfind('>', rel);
  if (lt == std::string::npos || gt == std::string::npos || gt < lt) return "";
  std::string next = link->substr(lt + 1, gt - lt - 1);
  if (next.starts_with(endpoint + "/")) return next;
  if (next.starts_with("/")) return endpoint + next;
  return "";
}

std::optional<std::string> Recognise(const std::vector<std::string>& licenses,
                                     const std::optional<std::string>& name) {
  const LicenseTable& table = LicenseTable::Builtin();
  // "other" with a license_name: the name says which.
  if (name) {
    if (const LicenseKey* k = table.Recognise(*name)) return k->key;
  }
  for (const std::string& l : licenses) {
    if (const LicenseKey* k = table.Recognise(l)) return k->key;
  }
  return std::nullopt;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

std::string LicenseText(const std::vector<std::string>& licenses,
                        const std::optional<std::string>& name) {
  std::string out = Join(licenses);
  if (name) out += " (" + *name + ")";
  return out;
}

// Dataset and model ids the Hub accepts; legacy dataset ids have no org ("squad").
bool ValidId(const std::string& id, bool dataset) {
  if (IsValidRepoId(id)) return true;
  return dataset && id.find('/') == std::string::npos && IsValidRepoId("x/" + id);
}

// The relation the Hub computed for child -> base ("base_model:quantized:org/x" tags).
std::string RelationFromTags(const std::vector<std::string>& tags, const std::string& base) {
  for (std::string_view r : {"finetune", "adapter", "merge", "quantized"}) {
    if (std::find(tags.begin(), tags.end(), "base_model:" + std::string(r) + ":" + base) !=
        tags.end()) {
      return std::string(r);
    }
  }
  return "unknown";
}

std::string Relation(const std::string& declared) {
  for (std::string_view r : {"finetune", "adapter", "merge", "quantized"}) {
    if (declared == r) return declared;
  }
  return "unknown";
}

// The base ids a model names: its card's base_model, else the Hub's base_model:<id> tags.
std::vector<std::string> BasesOf(const HubRepoInfo& info) {
  std::vector<std::string> out = info.CardList("base_model");
  if (out.empty()) {
    for (const std::string& t : info.tags) {
      if (!t.starts_with("base_model:")) continue;
      std::string rest = t.substr(11);
      if (rest.find(':') != std::string::npos) continue;  // relation tags name the same ids
      out.push_back(rest);
    }
  }
  return out;
}

bool PastDeadline(const HubClient& client, Clock::time_point start) {
  return Clock::now() - start > std::chrono::milliseconds(client.options().scan_timeout_ms);
}

void CollectDatasets(HubClient& client, const Limits& limits, const ReleaseEvidence& ev,
                     HubEvidence* hub, Clock::time_point start) {
  std::vector<std::string> ids;
  if (ev.card) {
    for (const CardValue& v : ev.card->front_matter.datasets) ids.push_back(v.value);
  }
  if (ids.empty()) ids = hub->repo.CardList("datasets");
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) continue;
    if (static_cast<int>(hub->datasets.size()) >= client.options().max_datasets) break;
    HubDatasetLicense d;
    d.id = id;
    d.evidence.url = client.options().endpoint + "/datasets/" + id;
    d.evidence.key = "cardData.license";
    if (!ValidId(id, true)) {
      d.status = Status::InvalidArgument("dataset " + id + ": not a Hub dataset id");
      hub->datasets.push_back(std::move(d));
      continue;
    }
    if (PastDeadline(client, start)) {
      d.status = Status::IOError("dataset " + id + ": not looked up (scan time limit)");
      hub->datasets.push_back(std::move(d));
      continue;
    }
    HubRepoInfo info;
    d.status = FetchHubRepoInfo(client, "datasets", HubRef{id, std::nullopt}, false, limits, &info);
    if (d.status.ok()) {
      d.licenses = info.Licenses();
      d.license_name = info.LicenseName();
      d.key = Recognise(d.licenses, d.license_name);
      d.evidence.url = info.page_url;
      if (info.CardList("license").empty() && !d.licenses.empty()) d.evidence.key = "tags";
      d.evidence.WithExcerpt("dataset " + id + ": license " +
                             LicenseText(d.licenses, d.license_name));
    } else {
      hub->notes.push_back(d.status);
    }
    hub->datasets.push_back(std::move(d));
  }
}

void CollectBases(HubClient& client, const Limits& limits, const ReleaseEvidence& ev,
                  HubEvidence* hub, Clock::time_point start) {
  const int max_depth = client.options().lineage_depth;
  if (max_depth <= 0) return;
  struct Pending {
    std::string id, child, relation;
    int depth;
  };
  std::deque<Pending> queue;
  std::set<std::string> seen = {hub->repo.id, hub->repo.requested_id};
  std::string first_relation = "unknown";
  std::vector<std::string> first;
  if (ev.card && !ev.card->front_matter.base_model.empty()) {
    for (const CardValue& v : ev.card->front_matter.base_model) first.push_back(v.value);
    if (ev.card->front_matter.base_model_relation) {
      first_relation = Relation(ev.card->front_matter.base_model_relation->value);
    }
  } else {
    first = BasesOf(hub->repo);
    first_relation = Relation(hub->repo.card_data.is_object() &&
                                      hub->repo.card_data.contains("base_model_relation") &&
                                      hub->repo.card_data["base_model_relation"].is_string()
                                  ? hub->repo.card_data["base_model_relation"].get<std::string>()
                                  : "");
  }
  for (const std::string& id : first) {
    std::string rel =
        first_relation != "unknown" ? first_relation : RelationFromTags(hub->repo.tags, id);
    if (rel == "unknown" && first.size() > 1) rel = "merge";
    queue.push_back({id, hub->repo.id, rel, 1});
  }
  while (!queue.empty() && hub->bases.size() < kMaxBases) {
    Pending p = std::move(queue.front());
    queue.pop_front();
    if (!seen.insert(p.id).second) continue;  // cycles and diamonds: each id once
    HubBaseModel b;
    b.id = p.id;
    b.child = p.child;
    b.depth = p.depth;
    b.relation = p.relation;
    b.evidence.url = client.options().endpoint + "/" + p.id;
    b.evidence.key = "cardData.license";
    if (!IsValidRepoId(p.id)) {
      b.status = Status::InvalidArgument("base model " + p.id + ": not a Hub repository id");
      hub->bases.push_back(std::move(b));
      continue;
    }
    if (PastDeadline(client, start)) {
      b.status = Status::IOError("base model " + p.id + ": not looked up (scan time limit)");
      hub->bases.push_back(std::move(b));
      continue;
    }
    HubRepoInfo info;
    b.status = FetchHubRepoInfo(client, "models", HubRef{p.id, std::nullopt}, false, limits, &info);
    if (!b.status.ok()) {
      hub->notes.push_back(b.status);
      hub->bases.push_back(std::move(b));
      continue;
    }
    b.licenses = info.Licenses();
    b.license_name = info.LicenseName();
    b.key = Recognise(b.licenses, b.license_name);
    b.evidence.url = info.page_url;
    if (info.CardList("license").empty() && !b.licenses.empty()) b.evidence.key = "tags";
    b.evidence.WithExcerpt("base model " + p.id + ": license " +
                           LicenseText(b.licenses, b.license_name));
    if (p.depth < max_depth) {
      std::vector<std::string> next = BasesOf(info);
      std::string declared;
      if (info.card_data.is_object() && info.card_data.contains("base_model_relation") &&
          info.card_data["base_model_relation"].is_string()) {
        declared = Relation(info.card_data["base_model_relation"].get<std::string>());
      }
      for (const std::string& n : next) {
        std::string rel =
            !declared.empty() && declared != "unknown" ? declared : RelationFromTags(info.tags, n);
        if (rel == "unknown" && next.size() > 1) rel = "merge";
        queue.push_back({n, info.id, rel, p.depth + 1});
      }
    }
    hub->bases.push_back(std::move(b));
  }
}

Status ListCommits(HubClient& client, const Limits& limits, const HubRepoInfo& repo,
                   std::vector<HubCommit>* out) {
  const HubOptions& o = client.options();
  const HubCache cache(o.cache_dir);
  const std::string sha = repo.sha;
  std::vector<HubCommit> all;
  if (IsCommitSha(sha)) {
    if (auto cached = cache.GetJson("models", repo.requested_id, sha, "commits")) {
      if (!ParseHubCommitList(*cached, limits, &all).ok()) all.clear();
    }
  }
  if (all.empty()) {
    if (o.offline) {
      return Status::NotFound(repo.id + ": offline, and its commit list is not in the cache");
    }
    std::string url = client.ApiUrl("models/" + UrlEncode(repo.requested_id, true) + "/commits/" +
                                    UrlEncode(sha.empty() ? "main" : sha));
    for (int page = 0; page < kMaxCommitPages && !url.empty(); ++page) {
      HttpResponse resp;
      Status s = client.Get(url, o.max_api_bytes, repo.id + " commits", &resp);
      if (!s.ok()) return s;
      s = ParseHubCommitList(resp.body, limits, &all);
      if (!s.ok()) return s.WithContext(repo.id);
      if (static_cast<int>(all.size()) >= o.history_commits) break;
      url = NextPageUrl(resp, o.endpoint);
    }
    if (IsCommitSha(sha)) {
      Json slim = Json::array();
      for (const HubCommit& c : all) {
        slim.push_back({{"id", c.id}, {"date", c.date}, {"title", c.title}});
      }
      cache.PutJson("models", repo.requested_id, sha, "commits", slim.dump());
    }
  }
  for (HubCommit& c : all) {
    out->push_back(std::move(c));
    if (static_cast<int>(out->size()) >= o.history_commits) break;
  }
  return Status::Ok();
}

void CollectHistory(HubClient& client, const Limits& limits, HubEvidence* hub,
                    Clock::time_point start) {
  std::vector<HubCommit> commits;  // newest first
  Status s = ListCommits(client, limits, hub->repo, &commits);
  if (!s.ok()) {
    hub->notes.push_back(s.WithContext("license history"));
    return;
  }
  hub->history_checked = true;
  struct AtCommit {
    HubCommit commit;
    std::vector<std::string> licenses;
    bool known = false;
  };
  std::vector<AtCommit> seen;
  for (const HubCommit& c : commits) {
    AtCommit a{c, {}, false};
    if (c.id == hub->repo.sha) {
      a.licenses = hub->repo.Licenses();
      if (auto n = hub->repo.LicenseName()) a.licenses.push_back(*n);
      a.known = true;
    } else if (!PastDeadline(client, start)) {
      HubRepoInfo info;
      Status is = FetchHubRepoInfo(client, "models", HubRef{hub->repo.requested_id, c.id}, false,
                                   limits, &info);
      if (is.ok()) {
        a.licenses = info.CardList("license");
        if (auto n = info.LicenseName()) a.licenses.push_back(*n);
        a.known = true;
      } else {
        hub->notes.push_back(is.WithContext("license history"));
      }
    }
    seen.push_back(std::move(a));
  }
  // Oldest to newest: each change of the declared license.
  const AtCommit* prev = nullptr;
  for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
    if (!it->known) continue;
    ++hub->history_commits;
    if (prev != nullptr && prev->licenses != it->licenses) {
      HubLicenseChange ch;
      ch.commit = it->commit.id;
      ch.date = it->commit.date;
      ch.title = it->commit.title;
      ch.before_commit = prev->commit.id;
      ch.before = prev->licenses;
      ch.after = it->licenses;
      ch.evidence.url = client.options().endpoint + "/" + hub->repo.id + "/commit/" + ch.commit;
      ch.evidence.key = "cardData.license";
      ch.evidence.WithExcerpt("license: " + Join(ch.before) + " -> " + Join(ch.after) + " in " +
                              ch.commit.substr(0, 8) + " (" + ch.date + "): " + ch.title);
      hub->license_changes.push_back(std::move(ch));
    }
    prev = &*it;
  }
}

}  // namespace

void CollectHubEvidence(HubClient& client, const Limits& limits, ReleaseEvidence* ev) {
  if (!ev->hub) return;
  const Clock::time_point start = Clock::now();
  CollectDatasets(client, limits, *ev, &*ev->hub, start);
  CollectBases(client, limits, *ev, &*ev->hub, start);
  if (client.options().history) CollectHistory(client, limits, &*ev->hub, start);
}

Status ParseHubCommitList(std::string_view json, const Limits& limits, std::vector<HubCommit>* out) {
  if (json.size() > limits.json_file_bytes) {
    return Status::TooLarge("the commit list is " + std::to_string(json.size()) +
                            " bytes, over the limit of " + std::to_string(limits.json_file_bytes));
  }
  bool too_deep = false;
  Json::parser_callback_t depth_guard = [&](int depth, Json::parse_event_t, Json&) {
    if (depth > static_cast<int>(limits.nesting_depth)) too_deep = true;
    return !too_deep;
  };
  const Json list = Json::parse(json.begin(), json.end(), depth_guard, /*allow_exceptions=*/false);
  if (too_deep) {
    return Status::TooLarge("the commit list nests deeper than " +
                            std::to_string(limits.nesting_depth) + " levels");
  }
  if (list.is_discarded() || !list.is_array()) {
    return Status::Corruption("the commit list is not a JSON array");
  }
  auto text = [](const Json& entry, const char* key) {
    const auto it = entry.find(key);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const Json& entry : list) {
    if (!entry.is_object()) continue;
    HubCommit c{text(entry, "id"), text(entry, "date"), text(entry, "title")};
    if (IsCommitSha(c.id)) out->push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace openness
