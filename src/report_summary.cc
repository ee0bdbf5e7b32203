// Report summary: verdict, labels, tones and evidence links for the human formats.
#include "report_summary.h"

#include <fmt/format.h>

#include <algorithm>

#include "markup_escape.h"

namespace openness {
namespace {

struct Label {
  std::string_view id;
  std::string_view label;
  std::string_view noun;
};

constexpr Label kUseCaseLabels[] = {
    {"commercial", "Commercial use", "commercial use"},
    {"saas", "Hosted service (SaaS)", "hosting as a service"},
    {"redistribute", "Redistribute the weights", "redistribution"},
    {"derivatives", "Share derivatives", "sharing derivatives"},
    {"train-other-models", "Train other models on outputs", "training other models"},
};

constexpr std::pair<std::string_view, std::string_view> kComponentLabels[] = {
    {"model-architecture", "Model architecture"},
    {"model-parameters-final", "Model parameters (final)"},
    {"model-parameters-intermediate", "Model parameters (intermediate)"},
    {"training-code", "Training code"},
    {"inference-code", "Inference code"},
    {"evaluation-code", "Evaluation code"},
    {"data-preprocessing-code", "Data preprocessing code"},
    {"supporting-libraries", "Supporting libraries and tools"},
    {"datasets", "Datasets"},
    {"evaluation-data", "Evaluation data"},
    {"model-metadata", "Model metadata"},
    {"sample-model-outputs", "Sample model outputs"},
    {"model-card", "Model card"},
    {"data-card", "Data card"},
    {"technical-report", "Technical report"},
    {"research-paper", "Research paper"},
    {"evaluation-results", "Evaluation results"},
};

std::string JoinNouns(const std::vector<std::string_view>& use_cases) {
  std::string out;
  for (size_t i = 0; i < use_cases.size(); ++i) {
    if (i > 0) out += i + 1 == use_cases.size() ? " and " : ", ";
    out += UseCaseNoun(use_cases[i]);
  }
  return out;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

std::string_view ToneName(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "good";
    case Tone::kCaution:
      return "caution";
    case Tone::kBad:
      return "bad";
    case Tone::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view UseCaseLabel(std::string_view use_case) {
  for (const Label& l : kUseCaseLabels) {
    if (l.id == use_case) return l.label;
  }
  return use_case;
}

std::string_view UseCaseNoun(std::string_view use_case) {
  for (const Label& l : kUseCaseLabels) {
    if (l.id == use_case) return l.noun;
  }
  return use_case;
}

std::string_view ComponentLabel(std::string_view component_id) {
  for (const auto& [id, label] : kComponentLabels) {
    if (id == component_id) return label;
  }
  return component_id;
}

Tone RightTone(RightStatus status) {
  switch (status) {
    case RightStatus::kAllowed:
      return Tone::kGood;
    case RightStatus::kConditional:
      return Tone::kCaution;
    case RightStatus::kProhibited:
      return Tone::kBad;
    case RightStatus::kUnknown:
      return Tone::kUnknown;
  }
  return Tone::kUnknown;
}

Tone LevelTone(std::string_view level) {
  if (level == "open-source" || level == "open-weights") return Tone::kGood;
  if (level == "open-weights-restricted") return Tone::kCaution;
  if (level == "closed") return Tone::kBad;
  return Tone::kUnknown;
}

Tone OsaidTone(std::string_view status) {
  if (status == "pass") return Tone::kGood;
  if (status == "fail") return Tone::kBad;
  return Tone::kUnknown;
}

Tone ComponentTone(const Component& c) {
  switch (c.status) {
    case ComponentStatus::kPresent:
      return c.open == false ? Tone::kCaution : Tone::kGood;
    case ComponentStatus::kAbsent:
      return Tone::kBad;
    case ComponentStatus::kUnknown:
      return Tone::kUnknown;
  }
  return Tone::kUnknown;
}

std::string ComponentStatusText(const Component& c) {
  if (c.status == ComponentStatus::kPresent && c.open == false) return "present, not open";
  return std::string(ComponentStatusName(c.status));
}

std::string LicenseNames(const Report& r) {
  std::string out;
  for (const EffectiveLicense& e : r.license.effective) {
    out += (out.empty() ? "" : " + ") + (e.name.empty() ? e.key : e.name);
  }
  return out.empty() ? "no license identified" : out;
}

Verdict SummarizeVerdict(const Report& r) {
  Verdict v;
  for (const DeclaredLicense& d : r.license.declared) v.evidence.push_back(d.evidence);
  for (const DetectedLicense& d : r.license.detected) v.evidence.push_back(d.evidence);

  std::vector<std::string_view> allowed, conditional, prohibited, unknown;
  for (std::string_view use_case : kUseCases) {
    auto it = r.rights.find(std::string(use_case));
    const RightStatus s = it == r.rights.end() ? RightStatus::kUnknown : it->second.status;
    switch (s) {
      case RightStatus::kAllowed:
        allowed.push_back(use_case);
        break;
      case RightStatus::kConditional:
        conditional.push_back(use_case);
        break;
      case RightStatus::kProhibited:
        prohibited.push_back(use_case);
        break;
      case RightStatus::kUnknown:
        unknown.push_back(use_case);
        break;
    }
  }
  const bool commercial_prohibited =
      std::find(prohibited.begin(), prohibited.end(), "commercial") != prohibited.end();
  const size_t conditions = GroupConditions(r).size();

  if (r.openness.level == "closed") {
    v.tone = Tone::kBad;
    v.headline = "Closed: no weights are published";
  } else if (commercial_prohibited) {
    v.tone = Tone::kBad;
    v.headline = "Not for commercial use";
  } else if (allowed.size() == kUseCases.size()) {
    v.tone = Tone::kGood;
    v.headline = "Allowed for every use";
  } else if (unknown.size() == kUseCases.size()) {
    v.tone = Tone::kUnknown;
    v.headline = "Undetermined: the files do not say what you may do";
  } else if (!prohibited.empty()) {
    v.tone = Tone::kCaution;
    v.headline = "Restricted: not allowed for " + JoinNouns(prohibited);
  } else if (!conditional.empty()) {
    v.tone = Tone::kCaution;
    v.headline = fmt::format("Allowed with conditions ({} to meet)", conditions);
  } else {
    v.tone = Tone::kUnknown;
    v.headline = "Partly undetermined: not every use is settled";
  }

  std::vector<std::string> parts;
  if (!allowed.empty()) parts.push_back("allowed: " + JoinNouns(allowed));
  if (!conditional.empty()) parts.push_back("with conditions: " + JoinNouns(conditional));
  if (!prohibited.empty()) parts.push_back("not allowed: " + JoinNouns(prohibited));
  if (!unknown.empty()) parts.push_back("undetermined: " + JoinNouns(unknown));
  for (size_t i = 0; i < parts.size(); ++i) v.detail += (i > 0 ? "; " : "") + parts[i];
  if (!v.detail.empty()) {
    v.detail[0] = static_cast<char>(v.detail[0] - 'a' + 'A');
    v.detail += ". ";
  }
  v.detail += "Weights under " + LicenseNames(r) + "; openness level " + r.openness.level + ".";
  return v;
}

std::vector<ConditionGroup> GroupConditions(const Report& r) {
  std::vector<ConditionGroup> groups;
  for (std::string_view use_case : kUseCases) {
    auto it = r.rights.find(std::string(use_case));
    if (it == r.rights.end()) continue;
    for (const Condition& c : it->second.conditions) {
      auto same = std::find_if(groups.begin(), groups.end(), [&](const ConditionGroup& g) {
        return g.code == c.code && g.text == c.text && g.evidence == c.evidence;
      });
      if (same == groups.end()) {
        groups.push_back({c.code, c.text, c.evidence, {}});
        same = groups.end() - 1;
      }
      if (same->use_cases.empty() || same->use_cases.back() != use_case) {
        same->use_cases.emplace_back(use_case);
      }
    }
  }
  return groups;
}

std::vector<std::vector<const LineageEntry*>> LineageLevels(const Report& r) {
  std::vector<std::vector<const LineageEntry*>> levels;
  std::vector<bool> placed(r.lineage.size(), false);
  std::vector<const LineageEntry*> level;
  for (size_t i = 0; i < r.lineage.size(); ++i) {
    const LineageEntry& e = r.lineage[i];
    if (!e.child || *e.child == r.subject.id) {
      level.push_back(&e);
      placed[i] = true;
    }
  }
  while (!level.empty()) {
    levels.push_back(level);
    std::vector<const LineageEntry*> next;
    for (size_t i = 0; i < r.lineage.size(); ++i) {
      if (placed[i]) continue;
      const bool below = std::any_of(level.begin(), level.end(), [&](const LineageEntry* p) {
        return p->id == *r.lineage[i].child;
      });
      if (below) {
        next.push_back(&r.lineage[i]);
        placed[i] = true;
      }
    }
    level = std::move(next);
  }
  for (size_t i = 0; i < r.lineage.size(); ++i) {
    if (placed[i]) continue;
    if (levels.empty()) levels.emplace_back();
    levels.front().push_back(&r.lineage[i]);
  }
  return levels;
}

ReasonMark ClassifyReason(std::string_view code) {
  if (Contains(code, "not-assessed") || Contains(code, "unknown") ||
      Contains(code, "undetermined")) {
    return ReasonMark::kUndetermined;
  }
  for (std::string_view word : {"restrict", "missing", "absent", "not-open", "closed", "fail"}) {
    if (Contains(code, word)) return ReasonMark::kUnmet;
  }
  return ReasonMark::kMet;
}

ReasonMark MarkOf(const Reason& reason) {
  if (reason.status) {
    if (*reason.status == "pass") return ReasonMark::kMet;
    if (*reason.status == "fail") return ReasonMark::kUnmet;
    return ReasonMark::kUndetermined;
  }
  return ClassifyReason(reason.code);
}

std::string EvidenceLocation(const Evidence& e) {
  if (e.file) return e.line ? *e.file + ":" + std::to_string(*e.line) : *e.file;
  if (e.key) return "[" + *e.key + "]";
  if (e.url) return *e.url;
  return "";
}

std::optional<std::string> EvidenceFileHref(const Subject& subject, const Evidence& e) {
  if (!e.file || e.file->empty()) return std::nullopt;
  if (subject.source == "hub") {
    if (subject.id.empty()) return std::nullopt;
    std::string href = "https://huggingface.co/" + PercentEncodePath(subject.id) + "/blob/" +
                       PercentEncodePath(subject.revision.value_or("main")) + "/" +
                       PercentEncodePath(*e.file);
    if (e.line) href += "#L" + std::to_string(*e.line);
    return href;
  }
  if (!subject.path || subject.path->empty()) return std::nullopt;
  std::string root = *subject.path;
  if (subject.source == "file") {  // the path names the file; evidence is beside it
    const size_t slash = root.rfind('/');
    root = slash == std::string::npos ? "." : root.substr(0, slash);
  }
  if (!root.empty() && root.back() != '/') root += '/';
  std::string href = PercentEncodePath(root + *e.file);
  if (root.front() == '/') href = "file://" + href;
  return href;
}

std::string HumanParameters(uint64_t n) {
  if (n >= 1'000'000'000) return fmt::format("{:.1f}B", static_cast<double>(n) / 1e9);
  if (n >= 1'000'000) return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
  if (n >= 10'000) return fmt::format("{:.1f}K", static_cast<double>(n) / 1e3);
  return std::to_string(n);
}

}  // namespace openness
