// AssessRelease: subject, weights and evidence findings, then the assessment stages in order.
#include "openness/assessment.h"

#include <algorithm>

namespace openness {
namespace {

std::string Dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

bool IsSplitGguf(const std::string& path) {
  return path.find("-of-") != std::string::npos;
}

void FillWeights(const ReleaseEvidence& ev, Report* report) {
  Weights& w = report->weights;
  for (const ReleaseFile& f : ev.release.files) {
    if (f.role != FileRole::kWeights) continue;
    WeightsFile wf;
    wf.path = f.path;
    wf.format = f.format;
    wf.bytes = f.lfs ? f.lfs->size : f.bytes;
    wf.present = !f.lfs.has_value();
    if (f.lfs) wf.sha256 = f.lfs->oid;  // an LFS oid is the SHA-256 of the real file
    for (const WeightsHeader& h : ev.weights) {
      if (h.path != f.path) continue;
      if (h.safetensors) wf.parameters = h.safetensors->parameters;
      if (h.gguf && h.gguf->parameters) wf.parameters = h.gguf->parameters;
      if (!h.status.ok()) wf.error = h.status.ToString();
    }
    if (std::find(w.formats.begin(), w.formats.end(), f.format) == w.formats.end()) {
      w.formats.push_back(f.format);
    }
    w.evidence.push_back(Evidence::InFile(f.path));
    w.files.push_back(std::move(wf));
  }
  if (!w.files.empty()) w.published = true;

  // Parameters: the shard index when it says, else the safetensors files of the shallowest
  // folder that holds any (Llama repos also ship original/ checkpoints: not counted twice), else
  // one GGUF file (several GGUF files are usually quantisations of the same model).
  if (ev.shard_index && ev.shard_index->total_parameters) {
    w.parameters = ev.shard_index->total_parameters;
    return;
  }
  std::optional<std::string> st_dir;
  for (const WeightsFile& f : w.files) {
    if (f.format == "safetensors" && (!st_dir || Dir(f.path).size() < st_dir->size())) {
      st_dir = Dir(f.path);
    }
  }
  if (st_dir) {
    uint64_t sum = 0;
    bool complete = true;
    for (const WeightsFile& f : w.files) {
      if (f.format != "safetensors" || Dir(f.path) != *st_dir) continue;
      if (!f.parameters) complete = false;
      sum += f.parameters.value_or(0);
    }
    if (complete) w.parameters = sum;
    return;
  }
  uint64_t split_sum = 0;
  bool split_complete = true, any_split = false;
  for (const WeightsFile& f : w.files) {
    if (f.format != "gguf") continue;
    if (IsSplitGguf(f.path)) {
      any_split = true;
      if (!f.parameters) split_complete = false;
      split_sum += f.parameters.value_or(0);
    } else if (f.parameters && !w.parameters) {
      w.parameters = f.parameters;
    }
  }
  if (!w.parameters && any_split && split_complete) w.parameters = split_sum;
}

void EvidenceFindings(const ReleaseEvidence& ev, Report* report) {
  for (const WeightsHeader& h : ev.weights) {
    if (!h.pickle) continue;
    const PickleScan& p = *h.pickle;
    Finding f;
    f.code = "unsafe-weights-format";
    std::string worst;
    for (const PickleImport& i : p.imports) {
      if (i.risk != p.risk) continue;
      if (!worst.empty()) worst += ", ";
      worst += i.module + "." + i.name;
      if (f.evidence.size() < 5) {
        Evidence e = Evidence::InFile(h.path);
        if (!i.member.empty()) e.key = i.member;
        e.WithExcerpt(i.module + "." + i.name + " imported at pickle offset " +
                      std::to_string(i.offset));
        f.evidence.push_back(std::move(e));
      }
    }
    if (f.evidence.empty()) f.evidence.push_back(Evidence::InFile(h.path));
    switch (p.risk) {
      case PickleRisk::kDangerous:
        f.severity = Severity::kError;
        f.message = "Pickle weights import code that runs on load (" + worst +
                    "): do not load this file; prefer safetensors.";
        break;
      case PickleRisk::kUnknown:
        f.severity = Severity::kWarning;
        f.message = "Pickle weights import globals outside the safe list (" + worst +
                    "); loading runs them. Prefer safetensors.";
        break;
      case PickleRisk::kSafe:
        f.severity = Severity::kInfo;
        f.message = "Pickle weights can run code when loaded; this file imports only globals on "
                    "the safe list. Prefer safetensors.";
        break;
    }
    report->findings.push_back(std::move(f));
  }

  Finding lfs{"weights-not-downloaded", Severity::kInfo, "", {}};
  for (const ReleaseFile& f : ev.release.files) {
    if (f.lfs && f.role == FileRole::kWeights) {
      Evidence e = Evidence::InFile(f.path);
      e.WithExcerpt("git-lfs pointer: sha256 " + f.lfs->oid + ", " + std::to_string(f.lfs->size) +
                    " bytes");
      lfs.evidence.push_back(std::move(e));
    }
  }
  if (!lfs.evidence.empty()) {
    lfs.message = std::to_string(lfs.evidence.size()) +
                  " weights file(s) are Git LFS pointers: referenced, not downloaded; their "
                  "headers were not read.";
    report->findings.push_back(std::move(lfs));
  }

  if (ev.card && ev.card->front_matter.extra_gated_prompt) {
    const CardValue& g = *ev.card->front_matter.extra_gated_prompt;
    Evidence e = Evidence::InFile(ev.card->file, g.line).WithKey("extra_gated_prompt");
    e.WithExcerpt(g.value);
    report->findings.push_back({"gated", Severity::kInfo,
                                "Access to the weights is gated: users must accept terms "
                                "before downloading.",
                                {std::move(e)}});
  }

  for (const Problem& p : ev.problems) {
    Evidence e;
    if (!p.file.empty()) e.file = p.file;
    e.WithExcerpt(p.status.message());
    report->findings.push_back({"unreadable-file", Severity::kWarning,
                                (p.file.empty() ? std::string("release") : p.file) + ": " +
                                    p.status.ToString(),
                                {std::move(e)}});
  }
}

}  // namespace

Report AssessRelease(const ReleaseEvidence& ev, const LicenseTable& table) {
  return AssessRelease(ev, table, AssessOptions{});
}

Report AssessRelease(const ReleaseEvidence& ev, const LicenseTable& table,
                     const AssessOptions& options) {
  Report report = Report::Empty();
  report.subject.source = std::string(SourceKindName(ev.release.source));
  report.subject.id = ev.release.id;
  report.subject.path = ev.release.source == SourceKind::kFile
                            ? ev.release.root + "/" + ev.release.id
                            : ev.release.root;
  report.subject.revision = ev.release.revision;
  FillWeights(ev, &report);
  if (options.assume_weights_published && report.weights.published != true) {
    report.weights.published = true;
    Evidence e;
    e.key = "assume_weights_published";
    e.WithExcerpt("the caller vouches that the release this folder documents publishes weights");
    report.weights.evidence.push_back(std::move(e));
  }
  IdentifyLicenses(ev, table, &report);
  TraceLineage(ev, table, &report);  // may put a base's license in license.effective
  AssessRights(ev, table, &report);
  AssessOpenness(ev, table, &report);
  EvidenceFindings(ev, &report);
  DescribeModel(ev, &report);
  return report;
}

}  // namespace openness
