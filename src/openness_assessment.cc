// AssessOpenness: the MOF component inventory, OSAID 1.0 and the level ladder, conservatively.
//
// Components are marked present only on direct evidence (a file, a front-matter key, a filled
// card section, a classified link) and otherwise stay unknown: a local folder cannot prove that
// something is absent. The level never claims open-source unless the OSAID check passes; the
// MOF class is left unset (null) until the framework stage computes it.
#include <algorithm>

#include "openness/assessment.h"

namespace openness {
namespace {

void MarkPresent(Report* report, std::string_view id, Evidence e) {
  Component& c = report->components[std::string(id)];
  c.status = ComponentStatus::kPresent;
  if (c.evidence.size() < 5) c.evidence.push_back(std::move(e));
}

bool HasFilledSection(const ModelCard& card, std::initializer_list<std::string_view> names,
                      const CardSection** found) {
  for (std::string_view n : names) {
    const CardSection* s = card.FindSection(n);
    if (s != nullptr && s->filled) {
      *found = s;
      return true;
    }
  }
  return false;
}

Evidence SectionEvidence(const ModelCard& card, const CardSection& s) {
  Evidence e = Evidence::InFile(card.file, s.line);
  e.WithExcerpt(card.Line(s.line));
  return e;
}

void InventoryComponents(const ReleaseEvidence& ev, Report* report) {
  // Weights, and the architecture they imply.
  for (const ReleaseFile& f : ev.release.files) {
    const std::string base = f.path.substr(f.path.rfind('/') + 1);
    if (f.role == FileRole::kWeights) {
      MarkPresent(report, "model-parameters-final", Evidence::InFile(f.path));
    } else if (base == "config.json" || base == "params.json") {
      MarkPresent(report, "model-architecture", Evidence::InFile(f.path));
      MarkPresent(report, "model-metadata", Evidence::InFile(f.path));
    } else if (f.role == FileRole::kCode) {
      const bool training = base.starts_with("train") || base.starts_with("finetune") ||
                            base.starts_with("pretrain");
      const bool eval = base.starts_with("eval");
      const bool modeling = base.starts_with("modeling_") || base.starts_with("configuration_");
      if (training) MarkPresent(report, "training-code", Evidence::InFile(f.path));
      if (eval) MarkPresent(report, "evaluation-code", Evidence::InFile(f.path));
      if (modeling) {
        MarkPresent(report, "model-architecture", Evidence::InFile(f.path));
        MarkPresent(report, "inference-code", Evidence::InFile(f.path));
      }
    }
  }
  for (const WeightsHeader& w : ev.weights) {
    if (w.gguf && w.gguf->GetString("general.architecture")) {
      MarkPresent(report, "model-architecture",
                  Evidence::InFile(w.path).WithKey("general.architecture"));
    }
    if (w.gguf && w.gguf->Find("general.dataset.count")) {
      MarkPresent(report, "datasets", Evidence::InFile(w.path).WithKey("general.dataset.count"));
    }
  }
  if (!ev.card) return;
  const ModelCard& card = *ev.card;
  const FrontMatter& fm = card.front_matter;
  MarkPresent(report, "model-card", Evidence::InFile(card.file, 1));
  if (fm.present) {
    MarkPresent(report, "model-metadata", Evidence::InFile(card.file, fm.first_line));
  }
  for (const CardValue& d : fm.datasets) {
    Evidence e = Evidence::InFile(card.file, d.line).WithKey("datasets");
    e.WithExcerpt(d.value);
    MarkPresent(report, "datasets", std::move(e));
  }
  if (fm.model_index_line) {
    MarkPresent(report, "evaluation-results",
                Evidence::InFile(card.file, *fm.model_index_line).WithKey("model-index"));
  }
  const CardSection* s = nullptr;
  if (HasFilledSection(card, {"Training Data", "Training Dataset", "Training data"}, &s)) {
    MarkPresent(report, "datasets", SectionEvidence(card, *s));
  }
  if (HasFilledSection(card, {"Evaluation", "Results", "Evaluation Results"}, &s)) {
    MarkPresent(report, "evaluation-results", SectionEvidence(card, *s));
  }
  for (const CardValue& t : fm.tags) {
    if (t.value.starts_with("arxiv:")) {
      Evidence e = Evidence::InFile(card.file, t.line).WithKey("tags");
      e.WithExcerpt(t.value);
      MarkPresent(report, "research-paper", std::move(e));
    }
  }
  for (const CardLink& l : card.links) {
    if (l.kind == LinkKind::kPaper) {
      Evidence e = Evidence::InFile(card.file, l.line);
      e.url = l.url;
      e.WithExcerpt(l.text);
      MarkPresent(report, "research-paper", std::move(e));
    }
  }
}

std::string LicenseList(const Report& report) {
  std::string out;
  for (const EffectiveLicense& e : report.license.effective) {
    if (!out.empty()) out += " and ";
    out += e.spdx.rfind("LicenseRef-", 0) == 0 ? e.name : e.spdx;
  }
  return out;
}

}  // namespace

void AssessOpenness(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  InventoryComponents(ev, report);

  // The weights' license travels with the parameters component.
  Component& params = report->components["model-parameters-final"];
  if (report->license.effective.size() == 1) {
    const EffectiveLicense& e = report->license.effective.front();
    if (e.key != "unknown") params.license = e.key;
    const LicenseKey* k = table.Find(e.key);
    if (k != nullptr && k->kind != LicenseKind::kUnknown) params.open = e.open;
  }

  bool any_unknown = false, all_open = true;
  for (const EffectiveLicense& e : report->license.effective) {
    const LicenseKey* k = table.Find(e.key);
    if (k == nullptr || k->kind == LicenseKind::kUnknown) any_unknown = true;
    if (!e.open) all_open = false;
  }
  const std::string licenses = LicenseList(*report);
  Openness& o = report->openness;
  std::vector<Evidence> license_evidence;
  for (const DeclaredLicense& d : report->license.declared) license_evidence.push_back(d.evidence);
  for (const DetectedLicense& d : report->license.detected) license_evidence.push_back(d.evidence);

  // OSAID 1.0: any restriction on the weights' use fails it; otherwise code and data information
  // decide, which this stage does not yet judge.
  if (!any_unknown && !all_open) {
    o.osaid_status = "fail";
    o.osaid_reasons.push_back({"parameters-license-restricts-use",
                               "The weights are under " + licenses +
                                   ", which restricts use; OSAID 1.0 requires the freedom to use "
                                   "for any purpose without asking permission.",
                               license_evidence});
  } else {
    o.osaid_status = "undetermined";
    if (any_unknown) {
      o.osaid_reasons.push_back({"parameters-license-unknown",
                                 "The license of the weights could not be identified.",
                                 license_evidence});
    } else {
      o.osaid_reasons.push_back({"parameters-license-open",
                                 "The weights are under " + licenses + ", an open license.",
                                 license_evidence});
    }
    o.osaid_reasons.push_back({"code-not-assessed",
                               "Whether the complete training code is published under an "
                               "OSI-approved license has not been assessed.",
                               {}});
    o.osaid_reasons.push_back({"data-information-not-assessed",
                               "Whether sufficient training data information is published has "
                               "not been assessed.",
                               {}});
  }

  // The level ladder.
  if (report->weights.published == false) {
    o.level = "closed";
    o.justification = "closed: no weights are published.";
  } else if (!report->weights.published.has_value()) {
    o.level = "undetermined";
    o.justification =
        "undetermined: the release holds no weights files or pointers, so it cannot be told "
        "whether weights are published.";
  } else if (any_unknown) {
    o.level = "undetermined";
    o.justification = "undetermined: weights are published, but their license could not be "
                      "identified.";
  } else if (!all_open) {
    o.level = "open-weights-restricted";
    o.justification = "open weights, restricted: the weights are under " + licenses +
                      ", which is not an open license.";
  } else {
    o.level = "open-weights";
    const bool code = report->components["training-code"].status == ComponentStatus::kPresent;
    const bool data = report->components["datasets"].status == ComponentStatus::kPresent;
    std::string missing;
    if (!code) missing = "complete training code";
    if (!data) missing += std::string(missing.empty() ? "" : " and ") + "training data information";
    o.justification = "open weights: " + licenses + " weights; open source also needs " +
                      (missing.empty() ? "its training code and data information to be verified"
                                       : missing + ", which this audit did not find") +
                      ".";
  }
}

}  // namespace openness
