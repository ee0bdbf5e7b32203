// ScanHub: the scan pipeline for a Hub repository.
//
//   ListHubRelease (1 API call) -> CollectEvidence (raw files, range reads of weights headers)
//   -> the card from cardData when the README cannot be read (gated) -> CollectHubEvidence
//   (dataset cards, base models, license history) -> AssessRelease -> Hub facts into the report
//   (subject, LFS sha256, gating, license changes, dataset licenses, base licenses).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>

#include "openness/assessment.h"
#include "openness/license_keys.h"
#include "openness/scan.h"

namespace openness {
namespace {

using Json = nlohmann::json;

// The card rebuilt from the API's cardData is cited as this file, then rewritten to the API URL.
constexpr std::string_view kApiCardFile = "api:cardData";

void EmitJson(YAML::Emitter& e, const Json& j, int depth) {
  if (depth > 64) {
    e << YAML::Null;
  } else if (j.is_object()) {
    e << YAML::BeginMap;
    for (const auto& [k, v] : j.items()) {
      e << YAML::Key << k << YAML::Value;
      EmitJson(e, v, depth + 1);
    }
    e << YAML::EndMap;
  } else if (j.is_array()) {
    e << YAML::BeginSeq;
    for (const Json& v : j) EmitJson(e, v, depth + 1);
    e << YAML::EndSeq;
  } else if (j.is_string()) {
    e << YAML::DoubleQuoted << j.get<std::string>();
  } else if (j.is_boolean()) {
    e << j.get<bool>();
  } else if (j.is_number_unsigned()) {
    e << j.get<uint64_t>();
  } else if (j.is_number_integer()) {
    e << j.get<int64_t>();
  } else if (j.is_number_float()) {
    e << j.get<double>();
  } else {
    e << YAML::Null;
  }
}

// The README could not be read: the card's front matter as the Hub parsed it (cardData).
void CardFromApi(const HubRepoInfo& info, const Limits& limits, ReleaseEvidence* ev) {
  if (!info.card_data.is_object() || info.card_data.empty()) return;
  YAML::Emitter e;
  EmitJson(e, info.card_data, 0);
  if (!e.good()) return;
  std::string text = "---\n" + std::string(e.c_str()) + "\n---\n";
  ModelCard card;
  card.file = std::string(kApiCardFile);
  if (!ParseModelCard(text, limits, &card).ok()) return;
  ev->card = std::move(card);
  ev->hub->card_from_api = true;
}

// Files not fetched because an earlier request was refused (gated, rate limited, offline, ...)
// become one problem instead of one per file.
void CollapseSkipped(ReleaseEvidence* ev) {
  const std::string marker = ": not fetched: ";
  std::vector<Problem> kept;
  std::optional<Status> reason;
  int skipped = 0;
  for (Problem& p : ev->problems) {
    const std::string& m = p.status.message();
    size_t at = m.find(marker);
    if (at == std::string::npos) {
      kept.push_back(std::move(p));
      continue;
    }
    ++skipped;
    if (!reason) {
      std::string why = m.substr(at + marker.size());
      reason =
          p.status.code() == Status::Code::kNotFound ? Status::NotFound(why) : Status::IOError(why);
    }
  }
  if (reason) {
    std::string msg = reason->message() + " (" + std::to_string(skipped) +
                      " file(s) not read; audited from the API's metadata)";
    kept.push_back({"", reason->code() == Status::Code::kNotFound ? Status::NotFound(msg)
                                                                  : Status::IOError(msg)});
  }
  ev->problems = std::move(kept);
}

void ForEachEvidence(Report* r, const std::function<void(Evidence&)>& fn) {
  for (Evidence& e : r->weights.evidence) fn(e);
  for (DeclaredLicense& d : r->license.declared) fn(d.evidence);
  for (DetectedLicense& d : r->license.detected) fn(d.evidence);
  for (auto& [k, right] : r->rights) {
    for (Condition& c : right.conditions) fn(c.evidence);
  }
  for (auto& [k, c] : r->components) {
    for (Evidence& e : c.evidence) fn(e);
  }
  for (Reason& reason : r->openness.osaid_reasons) {
    for (Evidence& e : reason.evidence) fn(e);
  }
  for (LineageEntry& l : r->lineage) {
    fn(l.evidence);
    if (l.license_evidence) fn(*l.license_evidence);
  }
  for (Finding& f : r->findings) {
    for (Evidence& e : f.evidence) fn(e);
  }
  ModelFacts& m = r->model;
  for (Evidence& e : m.evidence) fn(e);
  for (DatasetRef& d : m.datasets) {
    for (Evidence& e : d.evidence) fn(e);
    if (d.license_evidence) fn(*d.license_evidence);
  }
  for (EvalResult& x : m.eval_results) fn(x.evidence);
  for (ModelLink& x : m.links) fn(x.evidence);
  for (std::optional<CardPassage>* p : {&m.intended_use, &m.limitations, &m.training}) {
    if (*p) fn((*p)->evidence);
  }
}

bool HasFinding(const Report& r, std::string_view code) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [&](const Finding& f) { return f.code == code; });
}

std::string JoinLicenses(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

// The Hub's facts that the assessment stages do not write themselves.
void AddHubFacts(const ReleaseEvidence& ev, Report* report) {
  const HubEvidence& hub = *ev.hub;
  const HubRepoInfo& info = hub.repo;
  report->subject.source = "hub";
  report->subject.id = info.id;
  report->subject.path = std::nullopt;
  report->subject.revision =
      info.sha.empty() ? info.revision : std::optional<std::string>(info.sha);

  // Weights: the LFS sha256 and sizes the API gives.
  for (WeightsFile& w : report->weights.files) {
    for (const HubFileInfo& f : info.siblings) {
      if (f.path != w.path) continue;
      if (f.lfs_sha256 && !w.sha256) w.sha256 = f.lfs_sha256;
      if (f.size && w.bytes == 0) w.bytes = *f.size;
    }
  }

  // Evidence that points into the card rebuilt from cardData points at the API instead.
  if (hub.card_from_api) {
    ForEachEvidence(report, [&](Evidence& e) {
      if (!e.file || *e.file != kApiCardFile) return;
      e.file = std::nullopt;
      e.line = std::nullopt;
      e.key = "cardData" + (e.key ? "." + *e.key : std::string());
      e.url = info.api_url;
    });
  }

  if (!info.gated.empty() && !HasFinding(*report, "gated")) {
    Evidence e;
    e.key = "gated";
    e.url = info.api_url;
    e.WithExcerpt("gated: " + info.gated);
    report->findings.push_back(
        {"gated",
         Severity::kInfo,
         "Access to the files is gated on the Hub (" +
             std::string(info.gated == "manual" ? "the authors approve each request"
                                                : "granted once the user accepts the terms") +
             "); this audit also uses the metadata the API shows without access.",
         {std::move(e)}});
  }

  if (info.requested_id != info.id && !info.requested_id.empty()) {
    Evidence e;
    e.url = info.api_url;
    e.key = "id";
    e.WithExcerpt(info.requested_id + " -> " + info.id);
    report->findings.push_back({"repo-renamed",
                                Severity::kInfo,
                                "The repository " + info.requested_id + " was renamed to " +
                                    info.id + "; the audit is of " + info.id + ".",
                                {std::move(e)}});
  }

  for (const HubLicenseChange& ch : hub.license_changes) {
    report->findings.push_back({"license-changed",
                                Severity::kWarning,
                                "The card's license changed from " + JoinLicenses(ch.before) +
                                    " to " + JoinLicenses(ch.after) + " in commit " +
                                    ch.commit.substr(0, 12) +
                                    (ch.date.empty() ? std::string() : " (" + ch.date + ")") +
                                    ": check which terms applied when you obtained the weights.",
                                {ch.evidence}});
  }

  // Dataset licenses read from the Hub's dataset cards: evidence of the datasets component and
  // the license of each dataset the report lists.
  Component& datasets = report->components["datasets"];
  for (const HubDatasetLicense& d : hub.datasets) {
    if (!d.status.ok()) continue;
    const bool dup = std::any_of(datasets.evidence.begin(), datasets.evidence.end(),
                                 [&](const Evidence& e) { return e.url == d.evidence.url; });
    if (!dup) datasets.evidence.push_back(d.evidence);
    for (DatasetRef& ref : report->model.datasets) {
      if (ref.id != d.id || ref.license) continue;
      if (d.key) ref.license = d.key;
      ref.license_evidence = d.evidence;
    }
  }

  // Base models resolved on the Hub (their licenses and the further links of the chain) are
  // part of lineage (TraceLineage reads hub.bases), so license-conflicts-with-base and the
  // effective license already take them into account.
}

}  // namespace

Status ScanHub(const HubRef& ref, const ScanOptions& options, ScanResult* out) {
  std::shared_ptr<HubClient> client = options.hub_client;
  if (!client) {
    Result<std::shared_ptr<HubClient>> made =
        HubClient::Create(options.hub ? *options.hub : HubOptionsFromEnv());
    if (!made.ok()) return made.status();
    client = std::move(made.value());
  }
  Release release;
  HubRepoInfo info;
  Status s = ListHubRelease(client, ref, options.limits, &release, &info);
  if (!s.ok()) return s;
  ReleaseEvidence ev;
  CollectEvidence(std::move(release), options.limits, &ev);
  CollapseSkipped(&ev);
  ev.hub = HubEvidence{};
  ev.hub->repo = std::move(info);
  if (!ev.card) CardFromApi(ev.hub->repo, options.limits, &ev);
  CollectHubEvidence(*client, options.limits, &ev);
  AssessOptions assess;
  assess.assume_weights_published = options.assume_weights_published;
  out->report = AssessRelease(ev, LicenseTable::Builtin(), assess);
  AddHubFacts(ev, &out->report);
  out->problems = ev.problems;
  out->weights_bytes_read = ev.weights_bytes_read;
  return Status::Ok();
}

}  // namespace openness
