// AssessOpenness: the MOF component inventory, OSAID 1.0, the MOF class, the level ladder and the
// open-washing finding.
//
// OSAID 1.0 (facts/frameworks.md §2) needs three elements, each judged from the evidence:
//   parameters        the weights are published under terms without use restrictions;
//   code              the training code is published (the release's scripts or a linked
//                     repository) under an OSI-approved license, with the code to run the model;
//   data information  the training data is listed with where to obtain it.
// and the four freedoms (use, study, modify, share). Any failure fails the definition; a
// derivative also needs its base to pass. The level ladder follows: closed (no weights),
// open-weights-restricted (weights under a license that is not open), open-weights (open license,
// OSAID not passed), open-source (OSAID passed), undetermined (not enough evidence).
#include <algorithm>

#include "openness/assessment.h"
#include "openness/components.h"
#include "openness/known_entities.h"
#include "openness/mof.h"
#include "openness/open_washing.h"

namespace openness {
namespace {

constexpr const char* kPass = "pass";
constexpr const char* kFail = "fail";
constexpr const char* kUndetermined = "undetermined";

bool Is(const char* a, const char* b) { return std::string_view(a) == std::string_view(b); }

std::string LicenseList(const Report& report) {
  std::string out;
  for (const EffectiveLicense& e : report.license.effective) {
    if (!out.empty()) out += " and ";
    out += e.spdx.rfind("LicenseRef-", 0) == 0 ? e.name : e.spdx;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, std::string_view last_sep = " and ") {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? std::string(last_sep) : ", ";
    out += parts[i];
  }
  return out;
}

Reason MakeReason(std::string code, const char* status, std::string text,
                  std::vector<Evidence> evidence = {}) {
  Reason r;
  r.code = std::move(code);
  r.status = status;
  r.text = std::move(text);
  if (evidence.size() > 6) evidence.resize(6);
  r.evidence = std::move(evidence);
  return r;
}

std::vector<Evidence> LicenseEvidence(const Report& report) {
  std::vector<Evidence> out;
  for (const DeclaredLicense& d : report.license.declared) out.push_back(d.evidence);
  for (const DetectedLicense& d : report.license.detected) out.push_back(d.evidence);
  return out;
}

// How the weights' licenses stand: all open, any restricting, any unknown.
struct WeightsLicense {
  bool any_unknown = false;
  bool all_open = true;
  std::vector<std::string> restricting;  // names of licenses that restrict use
  bool non_commercial = false;
};

WeightsLicense ClassifyWeightsLicense(const Report& report, const LicenseTable& table) {
  WeightsLicense w;
  if (report.license.effective.empty()) w.any_unknown = true;
  for (const EffectiveLicense& e : report.license.effective) {
    const LicenseKey* k = table.Find(e.key);
    if (k == nullptr || k->kind == LicenseKind::kUnknown) {
      w.any_unknown = true;
      w.all_open = false;
      continue;
    }
    if (!k->open()) {
      w.all_open = false;
      w.restricting.push_back(k->spdx.empty() ? k->name : k->spdx);
      if (k->kind == LicenseKind::kNonCommercial) w.non_commercial = true;
    }
  }
  return w;
}

class OsaidAssessor {
 public:
  OsaidAssessor(const ReleaseEvidence& ev, const LicenseTable& table, const ComponentInventory& inv,
                Report* report)
      : ev_(ev), inv_(inv), report_(report), weights_(ClassifyWeightsLicense(*report, table)) {}

  void Run() {
    Parameters();
    Code();
    DataInformation();
    Freedoms();
    Openness& o = report_->openness;
    bool any_fail = false, all_pass = true;
    for (const Reason& r : o.osaid_reasons) {
      any_fail = any_fail || r.status == kFail;
      all_pass = all_pass && r.status == kPass;
    }
    o.osaid_status = any_fail ? kFail : all_pass ? kPass : kUndetermined;
  }

  // Short phrases naming what fails or is unverified, for the level's justification.
  std::vector<std::string> missing;
  std::vector<std::string> unverified;
  const char* code_status = kUndetermined;
  const char* data_status = kUndetermined;
  const char* parameters_status = kUndetermined;

 private:
  void Add(Reason r) { report_->openness.osaid_reasons.push_back(std::move(r)); }

  void Parameters() {
    const std::vector<Evidence> lic = LicenseEvidence(*report_);
    const std::string licenses = LicenseList(*report_);
    if (report_->weights.published == false) {
      parameters_status = kFail;
      missing.push_back("the weights");
      Add(MakeReason("parameters", kFail, "No weights are published.", report_->weights.evidence));
    } else if (!report_->weights.published.has_value()) {
      unverified.push_back("whether weights are published");
      Add(MakeReason("parameters", kUndetermined,
                     "The release holds no weights files or pointers, so it cannot be told "
                     "whether the parameters are published."));
    } else if (!weights_.restricting.empty()) {
      parameters_status = kFail;
      missing.push_back("an open license for the weights (" + Join(weights_.restricting) + ")");
      Add(MakeReason(
          "parameters", kFail,
          "The weights are under " + licenses + ", which " +
              (weights_.non_commercial ? "forbids commercial use" : "imposes use restrictions") +
              "; OSAID 1.0 requires terms that let anyone use, study, modify and share "
              "the parameters for any purpose without asking permission.",
          lic));
    } else if (weights_.any_unknown) {
      unverified.push_back("the weights' license");
      Add(MakeReason("parameters", kUndetermined,
                     "The license of the weights could not be identified.", lic));
    } else {
      parameters_status = kPass;
      Add(MakeReason(
          "parameters", kPass,
          "The weights are published under " + licenses + ", which grants the four freedoms.",
          lic));
    }
  }

  // The bases this release derives from, and whether they pass (from our data file).
  void BaseElements(const char* element, const char** status, std::string* text,
                    std::vector<Evidence>* evidence, bool own_missing) {
    for (const LineageEntry& b : report_->lineage) {
      if (b.osaid == kPass) {
        if (own_missing && b.relation == "quantized" && Is(*status, kFail)) {
          *status = kPass;
          *text = "This is a quantized re-publication of " + b.id + ", whose " + element +
                  " is published (OSI validation).";
        }
        if (b.license_evidence) evidence->push_back(*b.license_evidence);
        continue;
      }
      if (b.osaid == kFail) {
        *status = kFail;
        *text += " It derives from " + b.id + ", which does not publish its " + element +
                 " (the OSI's OSAID validation lists it as not passing).";
        if (b.license_evidence) {
          Evidence e = *b.license_evidence;
          e.url = "https://opensource.org/ai/faq";
          evidence->push_back(std::move(e));
        }
        evidence->push_back(b.evidence);
        continue;
      }
      if (Is(*status, kPass)) {
        *status = kUndetermined;
        *text += " It derives from " + b.id + ", whose " + element + " could not be verified.";
        evidence->push_back(b.evidence);
      }
    }
  }

  void Code() {
    const Component& training = report_->components.at("training-code");
    const Component& inference = report_->components.at("inference-code");
    const Component& architecture = report_->components.at("model-architecture");
    const char* status = kUndetermined;
    std::string text;
    std::vector<Evidence> evidence = training.evidence;
    const bool own_missing = training.status != ComponentStatus::kPresent;
    if (own_missing) {
      if (ev_.card) {
        status = kFail;
        text =
            "No training code is published: the release holds no training scripts and the "
            "card links no training or fine-tuning repository.";
      } else {
        text = "Without a model card it cannot be told whether training code is published.";
      }
    } else if (training.open == false) {
      status = kFail;
      text = "The training code is under " + training.license.value_or("?") +
             ", which is not an OSI-approved license.";
    } else if (!training.open.has_value()) {
      text = "Training code is linked (" + Join(inv_.training_code) +
             "), but its license could not be identified.";
    } else {
      status = kPass;
      text = "The training code is published under " + training.license.value_or("?") + " (" +
             Join(inv_.training_code) + ").";
      const bool runs = inference.status == ComponentStatus::kPresent ||
                        architecture.status == ComponentStatus::kPresent;
      const Component& run =
          inference.status == ComponentStatus::kPresent ? inference : architecture;
      if (!runs) {
        status = kUndetermined;
        text += " The code to run the model (architecture, inference) was not identified.";
      } else if (run.open == false) {
        status = kFail;
        text += " The code to run the model is under " + run.license.value_or("?") +
                ", which is not OSI-approved.";
      } else {
        text += " The model runs with code under " +
                run.license.value_or("an unidentified license") + ".";
        if (!run.open.has_value()) status = kUndetermined;
        for (const Evidence& e : run.evidence) {
          if (evidence.size() < 8) evidence.push_back(e);
        }
      }
    }
    BaseElements("training code", &status, &text, &evidence, own_missing);
    code_status = status;
    if (Is(status, kFail)) missing.push_back("training code");
    if (Is(status, kUndetermined)) unverified.push_back("the training code");
    Add(MakeReason("code", status, text, evidence));
  }

  void DataInformation() {
    const char* status = kUndetermined;
    std::string text;
    std::vector<Evidence> evidence = inv_.dataset_evidence;
    const bool own_missing = inv_.datasets.empty();
    if (!own_missing) {
      status = kPass;
      std::vector<std::string> shown(
          inv_.datasets.begin(),
          inv_.datasets.begin() + static_cast<long>(std::min<size_t>(4, inv_.datasets.size())));
      text = "The training data is listed with where to obtain it: " + Join(shown) +
             (inv_.datasets.size() > 4 ? " and more" : "") + ".";
    } else if (ev_.card) {
      status = kFail;
      text = inv_.data_described
                 ? "The card describes the training data in general terms but lists no dataset "
                   "or where to obtain it."
                 : "The card gives no information about the training data.";
      const Component& dc = report_->components.at("data-card");
      evidence = dc.evidence;
    } else {
      text =
          "Without a model card it cannot be told whether training data information is "
          "published.";
    }
    BaseElements("training data information", &status, &text, &evidence, own_missing);
    data_status = status;
    if (Is(status, kFail)) missing.push_back("training data information");
    if (Is(status, kUndetermined)) unverified.push_back("the training data information");
    Add(MakeReason("data-information", status, text, evidence));
  }

  // A right's freedom: allowed -> pass; prohibited -> fail; conditional -> fail when the weights'
  // license restricts use (the conditions are use restrictions), else pass; unknown ->
  // undetermined.
  const char* FromRight(std::string_view use_case, std::vector<Evidence>* evidence) const {
    auto it = report_->rights.find(std::string(use_case));
    if (it == report_->rights.end()) return kUndetermined;
    for (const Condition& c : it->second.conditions) {
      if (evidence->size() < 4) evidence->push_back(c.evidence);
    }
    switch (it->second.status) {
      case RightStatus::kAllowed:
        return kPass;
      case RightStatus::kProhibited:
        return kFail;
      case RightStatus::kConditional:
        return weights_.restricting.empty() ? kPass : kFail;
      case RightStatus::kUnknown:
        return kUndetermined;
    }
    return kUndetermined;
  }

  static const char* Both(const char* a, const char* b) {
    if (Is(a, kFail) || Is(b, kFail)) return kFail;
    if (Is(a, kPass) && Is(b, kPass)) return kPass;
    return kUndetermined;
  }

  void Freedoms() {
    {
      std::vector<Evidence> e;
      const char* s = Both(FromRight("commercial", &e), FromRight("saas", &e));
      Add(MakeReason("freedom-use", s,
                     std::string(Is(s, kPass)   ? "Use for any purpose: allowed without asking "
                                                  "permission."
                                 : Is(s, kFail) ? "Use for any purpose: the weights' license "
                                                  "restricts or forbids some uses."
                                                : "Use for any purpose: the license terms could "
                                                  "not be read."),
                     e));
    }
    {
      const char* s = Both(code_status, data_status);
      Add(MakeReason(
          "freedom-study", s,
          std::string(Is(s, kPass)   ? "Study: the code and the training data information "
                                       "are published."
                      : Is(s, kFail) ? "Study: the code or the training data information "
                                       "needed to study the system is not published."
                                     : "Study: whether the code and data information "
                                       "are published could not be verified.")));
    }
    {
      std::vector<Evidence> e;
      const char* s = Both(FromRight("derivatives", &e), code_status);
      Add(MakeReason("freedom-modify", s,
                     std::string(Is(s, kPass) ? "Modify: derivatives are allowed and the preferred "
                                                "form to modify (code, parameters) is published."
                                 : Is(s, kFail) ? "Modify: derivatives are restricted, or the "
                                                  "training code needed to modify the system is "
                                                  "not published."
                                                : "Modify: could not be verified."),
                     e));
    }
    {
      std::vector<Evidence> e;
      const char* s = FromRight("redistribute", &e);
      Add(MakeReason("freedom-share", s,
                     std::string(Is(s, kPass) ? "Share: redistribution is allowed for any purpose."
                                 : Is(s, kFail) ? "Share: redistribution carries the license's use "
                                                  "restrictions or is not allowed."
                                                : "Share: the license terms could not be read."),
                     e));
    }
  }

  const ReleaseEvidence& ev_;
  const ComponentInventory& inv_;
  Report* report_;
  WeightsLicense weights_;
};

void Level(const OsaidAssessor& osaid, const WeightsLicense& wl, Report* report) {
  Openness& o = report->openness;
  const std::string licenses = LicenseList(*report);
  if (report->weights.published == false) {
    o.level = "closed";
    o.justification = "closed: no weights are published.";
  } else if (!report->weights.published.has_value()) {
    o.level = "undetermined";
    o.justification =
        "undetermined: the release holds no weights files or pointers, so it cannot be told "
        "whether weights are published.";
  } else if (!wl.restricting.empty()) {
    o.level = "open-weights-restricted";
    o.justification = "open weights, restricted: the weights are under " + licenses + ", which " +
                      (wl.non_commercial ? "forbids commercial use" : "imposes use restrictions") +
                      "; open weights need an open license.";
  } else if (wl.any_unknown) {
    o.level = "undetermined";
    o.justification =
        "undetermined: weights are published, but their license could not be identified.";
  } else if (o.osaid_status == std::string_view(kPass)) {
    o.level = "open-source";
    o.justification = "open source: " + licenses +
                      " weights with their training code and training data information "
                      "published; passes OSAID 1.0.";
  } else {
    o.level = "open-weights";
    std::string why;
    if (!osaid.missing.empty()) {
      why = "but " + Join(osaid.missing) +
            (osaid.missing.size() == 1 && !osaid.missing.front().ends_with("s") ? " is" : " are") +
            " not published";
      if (!osaid.unverified.empty())
        why += " and " + Join(osaid.unverified) + " could not be verified";
    } else {
      why = "but " + Join(osaid.unverified) + " could not be verified";
    }
    o.justification = "open weights: " + licenses + " weights, " + why + ".";
  }
}

void Mof(const LicenseTable& table, Report* report) {
  const MofEvaluation e = EvaluateMof(MofModelFromReport(*report, table));
  Openness& o = report->openness;
  o.mof_class = std::string(MofClassName(e.mof_class));
  o.mof_progress = std::map<std::string, double>{
      {"III", e.progress[3]}, {"II", e.progress[2]}, {"I", e.progress[1]}};
}

void OpenWashing(const ReleaseEvidence& ev, const OsaidAssessor& osaid, Report* report) {
  const std::string& level = report->openness.level;
  if (!ev.card || level == "open-source" || level == "undetermined") return;
  std::vector<std::string> names = {ev.release.id};
  for (const CardSection& s : ev.card->sections) {
    if (s.level == 1) {
      names.push_back(s.heading);
      break;
    }
  }
  if (!report->subject.id.empty()) {
    const size_t slash = report->subject.id.rfind('/');
    names.push_back(slash == std::string::npos ? report->subject.id
                                               : report->subject.id.substr(slash + 1));
  }
  const std::vector<OpennessClaim> claims = FindOpenSourceClaims(*ev.card, names);
  if (claims.empty()) return;
  Finding f;
  f.code = "open-washing";
  f.severity = Severity::kWarning;
  std::vector<std::string> gaps = osaid.missing;
  if (gaps.empty()) gaps = osaid.unverified;
  f.message = "The card calls this model open source (\"" + claims.front().phrase +
              "\"), but by OSAID 1.0 it is " + level + ": " +
              (gaps.empty() ? report->openness.justification
                            : Join(gaps) + (osaid.missing.empty() ? " could not be verified."
                                                                  : " not published."));
  for (const OpennessClaim& c : claims) {
    Evidence e = Evidence::InFile(ev.card->file, c.line);
    e.WithExcerpt(c.sentence);
    f.evidence.push_back(std::move(e));
  }
  // The missing parts: the evidence of each failing element (not of the freedoms, which repeat
  // them).
  for (const Reason& r : report->openness.osaid_reasons) {
    const bool element = r.code == "parameters" || r.code == "code" || r.code == "data-information";
    if (element && r.status == kFail && !r.evidence.empty() && f.evidence.size() < 8) {
      f.evidence.push_back(r.evidence.front());
    }
  }
  report->findings.push_back(std::move(f));
}

}  // namespace

void AssessOpenness(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  const ComponentInventory inv = InventoryComponents(ev, table, KnownEntities::Builtin(), report);
  report->openness.osaid_reasons.clear();
  OsaidAssessor osaid(ev, table, inv, report);
  osaid.Run();
  Level(osaid, ClassifyWeightsLicense(*report, table), report);
  Mof(table, report);
  OpenWashing(ev, osaid, report);
}

}  // namespace openness
