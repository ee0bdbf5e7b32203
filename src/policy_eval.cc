// EvaluatePolicy: a Report against a Policy, rule by rule, in the order of PolicyRules().
//
// Each violation carries the report evidence that caused it and the policy line that demanded
// it. Where the report does not decide (an unknown license or right, an undetermined level,
// OSAID status or MOF class) the violation is marked from_unknown: it fails unless the policy
// says on_unknown = "warn". Exceptions are applied last: an unexpired exception whose model
// pattern matches the subject waives the violations of its rules; an expired one waives
// nothing and leaves a note.
#include <algorithm>
#include <set>

#include "openness/policy.h"

namespace openness {
namespace {

constexpr size_t kMaxEvidence = 8;

// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(const PolicyDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (d.month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string UseName(std::string_view use) {
  if (use == "commercial") return "Commercial use";
  if (use == "saas") return "Offering the model as a hosted service (saas)";
  if (use == "redistribute") return "Redistributing the weights";
  if (use == "derivatives") return "Sharing derivatives (fine-tunes, merges, quantizations)";
  if (use == "train-other-models") return "Using outputs to train other models";
  return std::string(use);
}

void AddEvidence(const Evidence& e, std::vector<Evidence>* out) {
  if (out->size() >= kMaxEvidence) return;
  if (std::find(out->begin(), out->end(), e) != out->end()) return;
  out->push_back(e);
}

void AddEvidence(const std::vector<Evidence>& es, std::vector<Evidence>* out) {
  for (const Evidence& e : es) AddEvidence(e, out);
}

// Points at a field of the report itself, for conclusions drawn from the absence of evidence.
Evidence ReportField(std::string key, std::string_view excerpt) {
  Evidence e;
  e.key = std::move(key);
  e.WithExcerpt(excerpt);
  return e;
}

class Evaluator {
 public:
  Evaluator(const Policy& policy, const Report& report, const LicenseTable& table)
      : policy_(policy), report_(report), table_(table) {}

  PolicyOutcome Run(const EvaluateOptions& options) {
    Licenses();
    BaseModels();
    Uses();
    Level();
    Osaid();
    Mof();
    UnsafeWeightsRule();
    DeniedFindings();
    ApplyExceptions(options);
    return std::move(outcome_);
  }

 private:
  PolicyViolation& Add(std::string rule, std::string message, std::vector<Evidence> evidence,
                       int64_t policy_line, bool from_unknown = false) {
    PolicyViolation v;
    v.rule = std::move(rule);
    v.message = std::move(message);
    v.evidence = std::move(evidence);
    v.policy_line = policy_line;
    v.from_unknown = from_unknown;
    v.blocking = !(from_unknown && policy_.on_unknown == OnUnknown::kWarn);
    outcome_.violations.push_back(std::move(v));
    return outcome_.violations.back();
  }

  // The line deciding unknowns: on_unknown when set, else the key that asked for the check.
  int64_t UnknownLine(std::string_view key) const {
    const int64_t l = policy_.LineOf("on_unknown");
    return l != 0 ? l : policy_.LineOf(key);
  }

  // Where the license key came from: its declarations, else its detections, else every
  // declaration.
  std::vector<Evidence> LicenseEvidence(const std::string& key) const {
    std::vector<Evidence> out;
    for (const DeclaredLicense& d : report_.license.declared) {
      const LicenseKey* k = table_.Recognise(d.value);
      if ((k != nullptr && k->key == key) || d.value == key) AddEvidence(d.evidence, &out);
    }
    for (const DetectedLicense& d : report_.license.detected) {
      if (d.key == key) AddEvidence(d.evidence, &out);
    }
    if (out.empty()) {
      for (const DeclaredLicense& d : report_.license.declared) AddEvidence(d.evidence, &out);
    }
    if (out.empty()) {
      out.push_back(ReportField("license.effective", "license " + key));
    }
    return out;
  }

  std::vector<Evidence> AllLicenseEvidence() const {
    std::vector<Evidence> out;
    for (const EffectiveLicense& e : report_.license.effective) {
      AddEvidence(LicenseEvidence(e.key), &out);
    }
    return out;
  }

  static bool Listed(const std::vector<std::string>& list, std::string_view key,
                     std::string_view kind, std::string* which) {
    for (const std::string& entry : list) {
      if (entry == key || entry == kind) {
        *which = entry;
        return true;
      }
    }
    return false;
  }

  std::string_view KindOf(const std::string& key) const {
    const LicenseKey* k = table_.Find(key);
    return LicenseKindName(k == nullptr ? LicenseKind::kUnknown : k->kind);
  }

  static std::string Describe(const EffectiveLicense& e, std::string_view kind) {
    std::string name = e.name.empty() ? e.key : e.name;
    return name + " (" + e.key + ", kind " + std::string(kind) + ")";
  }

  void Licenses() {
    if (report_.license.effective.empty()) {
      std::vector<Evidence> ev;
      for (const DeclaredLicense& d : report_.license.declared) AddEvidence(d.evidence, &ev);
      for (const Finding& f : report_.findings) {
        if (f.code == "license-missing") AddEvidence(f.evidence, &ev);
      }
      if (ev.empty()) ev.push_back(ReportField("license.effective", "no license identified"));
      std::string message = "No license governing the weights could be identified";
      message += report_.license.declared.empty()
                     ? ": none is declared and no license file was recognised."
                     : " from what the release declares ('" +
                           report_.license.declared.front().value + "').";
      Add("license-unknown", message, std::move(ev), UnknownLine("allow"), true);
      return;
    }
    for (const EffectiveLicense& e : report_.license.effective) {
      const std::string_view kind = KindOf(e.key);
      std::string which;
      const bool allowed_explicitly = Listed(policy_.allow, e.key, kind, &which);
      if (kind == "unknown" && !allowed_explicitly) {
        Add("license-unknown",
            "The weights are under '" + (e.name.empty() ? e.key : e.name) +
                "', a license openness cannot classify; its terms decide nothing here.",
            LicenseEvidence(e.key), UnknownLine("allow"), true);
      }
      if (Listed(policy_.deny, e.key, kind, &which)) {
        Add("license-denied",
            "The weights are under " + Describe(e, kind) + ", which the policy denies ('" + which +
                "' in deny).",
            LicenseEvidence(e.key), policy_.LineOf("deny"));
      }
      if (!policy_.allow.empty() && !allowed_explicitly && kind != "unknown") {
        Add("license-not-allowed",
            "The weights are under " + Describe(e, kind) +
                ", which is not on the allow list (neither the key nor its kind).",
            LicenseEvidence(e.key), policy_.LineOf("allow"));
      }
    }
  }

  void BaseModels() {
    if (!policy_.check_base_models || policy_.deny.empty()) return;
    for (const LineageEntry& l : report_.lineage) {
      if (!l.license) continue;
      const std::string_view kind = KindOf(*l.license);
      std::string which;
      if (!Listed(policy_.deny, *l.license, kind, &which)) continue;
      Add("base-license-denied",
          "Base model " + l.id + " (" + l.relation + ") is under " + *l.license + " (kind " +
              std::string(kind) + "), which the policy denies ('" + which +
              "' in deny); derived weights usually inherit its terms.",
          {l.evidence}, policy_.LineOf("deny"));
    }
  }

  void Uses() {
    // Conditions not accepted, grouped by code across the uses that carry them.
    struct Unaccepted {
      std::vector<std::string> uses;
      std::string text;
      std::vector<Evidence> evidence;
    };
    std::map<std::string, Unaccepted> unaccepted;
    std::vector<std::string> order;
    const bool accept_any =
        std::find(policy_.accept_conditions.begin(), policy_.accept_conditions.end(), "*") !=
        policy_.accept_conditions.end();
    for (const std::string& use : policy_.uses) {
      if (use == "research") continue;  // every downloadable license allows research
      const auto it = report_.rights.find(use);
      const Right unknown_right;
      const Right& right = it == report_.rights.end() ? unknown_right : it->second;
      std::vector<Evidence> ev;
      for (const Condition& c : right.conditions) AddEvidence(c.evidence, &ev);
      switch (right.status) {
        case RightStatus::kAllowed:
          break;
        case RightStatus::kProhibited: {
          std::string why;
          for (const Condition& c : right.conditions) {
            if (!c.text.empty()) {
              why = " " + c.text;
              break;
            }
          }
          if (ev.empty()) ev = AllLicenseEvidence();
          Add("use-prohibited", UseName(use) + " is prohibited." + why, std::move(ev),
              policy_.LineOf("use"));
          break;
        }
        case RightStatus::kUnknown:
          if (ev.empty()) ev = AllLicenseEvidence();
          if (ev.empty()) ev.push_back(ReportField("rights." + use + ".status", "unknown"));
          Add("use-unknown", UseName(use) + ": the evidence does not say whether it is allowed.",
              std::move(ev), UnknownLine("use"), true);
          break;
        case RightStatus::kConditional: {
          if (!policy_.accept_conditional) {
            std::vector<std::string> codes;
            for (const Condition& c : right.conditions) {
              if (std::find(codes.begin(), codes.end(), c.code) == codes.end()) {
                codes.push_back(c.code);
              }
            }
            if (ev.empty()) ev = AllLicenseEvidence();
            std::string list;
            for (const std::string& c : codes) list += (list.empty() ? "" : ", ") + c;
            Add("conditional-rejected",
                UseName(use) + " is allowed only under conditions" +
                    (list.empty() ? std::string() : " (" + list + ")") +
                    ", and the policy accepts no conditional rights.",
                std::move(ev), policy_.LineOf("accept_conditional"));
            break;
          }
          if (accept_any) break;
          if (right.conditions.empty()) {
            Unaccepted& u = unaccepted["(unnamed)"];
            if (u.uses.empty()) order.push_back("(unnamed)");
            u.uses.push_back(use);
            u.text = "The report names no condition to check against accept_conditions.";
            AddEvidence(AllLicenseEvidence(), &u.evidence);
            break;
          }
          for (const Condition& c : right.conditions) {
            if (std::find(policy_.accept_conditions.begin(), policy_.accept_conditions.end(),
                          c.code) != policy_.accept_conditions.end()) {
              continue;
            }
            Unaccepted& u = unaccepted[c.code];
            if (u.uses.empty()) order.push_back(c.code);
            if (std::find(u.uses.begin(), u.uses.end(), use) == u.uses.end()) {
              u.uses.push_back(use);
            }
            if (u.text.empty()) u.text = c.text;
            AddEvidence(c.evidence, &u.evidence);
          }
          break;
        }
      }
    }
    const int64_t line = policy_.LineOf("accept_conditions") != 0
                             ? policy_.LineOf("accept_conditions")
                             : policy_.LineOf("use");
    for (const std::string& code : order) {
      Unaccepted& u = unaccepted[code];
      std::string uses;
      for (const std::string& use : u.uses) uses += (uses.empty() ? "" : ", ") + use;
      if (u.evidence.empty()) u.evidence = AllLicenseEvidence();
      const std::string head =
          code == "(unnamed)"
              ? "Conditional rights (" + uses + ") without named conditions are not accepted."
              : "Condition '" + code + "' (" + uses + ") is not in accept_conditions.";
      Add("condition-not-accepted", head + (u.text.empty() ? "" : " " + u.text),
          std::move(u.evidence), line);
    }
  }

  static int LevelRank(std::string_view level) {
    for (size_t i = 0; i < kPolicyLevels.size(); ++i) {
      if (kPolicyLevels[i] == level) return static_cast<int>(i);
    }
    return -1;
  }

  void Level() {
    if (!policy_.min_level) return;
    const std::string& level = report_.openness.level;
    const int have = LevelRank(level);
    const int need = LevelRank(*policy_.min_level);
    if (have < 0) {
      std::vector<Evidence> ev = report_.weights.evidence;
      AddEvidence(AllLicenseEvidence(), &ev);
      if (ev.empty()) ev.push_back(ReportField("openness.level", level));
      if (ev.size() > kMaxEvidence) ev.resize(kMaxEvidence);
      Add("level-below-minimum",
          "The openness level is " + level + "; the policy requires at least " +
              *policy_.min_level + ".",
          std::move(ev), UnknownLine("min_level"), true);
      return;
    }
    if (have >= need) return;
    std::vector<Evidence> ev;
    if (level == "closed") {
      AddEvidence(report_.weights.evidence, &ev);
    } else if (level == "open-weights-restricted") {
      ev = AllLicenseEvidence();
    } else {
      for (const Reason& r : report_.openness.osaid_reasons) AddEvidence(r.evidence, &ev);
    }
    if (ev.empty()) {
      AddEvidence(report_.weights.evidence, &ev);
      AddEvidence(AllLicenseEvidence(), &ev);
    }
    if (ev.empty()) ev.push_back(ReportField("openness.level", level));
    std::string message =
        "The release is " + level + "; the policy requires at least " + *policy_.min_level + ".";
    if (!report_.openness.justification.empty()) message += " " + report_.openness.justification;
    Add("level-below-minimum", message, std::move(ev), policy_.LineOf("min_level"));
  }

  void Osaid() {
    if (!policy_.require_osaid) return;
    const std::string& status = report_.openness.osaid_status;
    if (status == "pass") return;
    std::vector<Evidence> ev;
    std::string reasons;
    for (const Reason& r : report_.openness.osaid_reasons) {
      AddEvidence(r.evidence, &ev);
      if (!r.code.empty() && reasons.size() < 200)
        reasons += (reasons.empty() ? "" : ", ") + r.code;
    }
    if (ev.empty()) ev.push_back(ReportField("openness.osaid.status", status));
    if (status == "fail") {
      Add("osaid-required",
          "The release does not pass the Open Source AI Definition" +
              (reasons.empty() ? std::string(".") : " (" + reasons + ")."),
          std::move(ev), policy_.LineOf("require_osaid"));
    } else {
      Add("osaid-required",
          "Whether the release passes the Open Source AI Definition is " + status +
              "; the policy requires a pass.",
          std::move(ev), UnknownLine("require_osaid"), true);
    }
  }

  static int MofRank(std::string_view cls) {
    if (cls == "I") return 3;
    if (cls == "II") return 2;
    if (cls == "III") return 1;
    return 0;  // "none"
  }

  void Mof() {
    if (!policy_.min_mof_class) return;
    const auto& cls = report_.openness.mof_class;
    if (!cls) {
      Add("mof-class-below-minimum",
          "The Model Openness Framework class was not assessed; the policy requires Class " +
              *policy_.min_mof_class + " or better.",
          {ReportField("openness.mof.class", "null")}, UnknownLine("min_mof_class"), true);
      return;
    }
    if (MofRank(*cls) >= MofRank(*policy_.min_mof_class)) return;
    std::vector<Evidence> ev;
    std::string absent;
    for (std::string_view id : kMofComponents) {
      const auto it = report_.components.find(std::string(id));
      if (it == report_.components.end() || it->second.status == ComponentStatus::kPresent) {
        continue;
      }
      AddEvidence(it->second.evidence, &ev);
    }
    if (ev.empty()) ev.push_back(ReportField("openness.mof.class", *cls));
    Add("mof-class-below-minimum",
        "The Model Openness Framework class is " +
            (*cls == "none" ? std::string("none") : "Class " + *cls) +
            "; the policy requires Class " + *policy_.min_mof_class + " or better.",
        std::move(ev), policy_.LineOf("min_mof_class"));
  }

  bool UnsafeForbidden(Severity s) const {
    switch (policy_.unsafe_weights) {
      case UnsafeWeights::kAllow:
        return false;
      case UnsafeWeights::kForbidDangerous:
        return s == Severity::kError;
      case UnsafeWeights::kForbidUnverified:
        return s != Severity::kInfo;
      case UnsafeWeights::kForbidPickle:
        return true;
    }
    return true;
  }

  void UnsafeWeightsRule() {
    for (size_t i = 0; i < report_.findings.size(); ++i) {
      const Finding& f = report_.findings[i];
      if (f.code != "unsafe-weights-format" || !UnsafeForbidden(f.severity)) continue;
      unsafe_raised_.insert(i);
      std::vector<Evidence> ev;
      AddEvidence(f.evidence, &ev);
      if (ev.empty()) ev.push_back(ReportField("findings", f.code));
      Add("unsafe-weights-format", f.message, std::move(ev), policy_.LineOf("unsafe_weights"));
    }
  }

  void DeniedFindings() {
    for (size_t i = 0; i < report_.findings.size(); ++i) {
      const Finding& f = report_.findings[i];
      if (unsafe_raised_.count(i) != 0) continue;
      if (std::find(policy_.deny_findings.begin(), policy_.deny_findings.end(), f.code) ==
          policy_.deny_findings.end()) {
        continue;
      }
      std::vector<Evidence> ev;
      AddEvidence(f.evidence, &ev);
      if (ev.empty()) ev.push_back(ReportField("findings", f.code));
      Add("denied-finding", "Finding " + f.code + ": " + f.message, std::move(ev),
          policy_.LineOf("deny_findings"));
    }
  }

  void ApplyExceptions(const EvaluateOptions& options) {
    const bool today_valid = options.today.valid();
    const int64_t today = today_valid ? DaysFromCivil(options.today) : 0;
    for (const PolicyException& e : policy_.exceptions) {
      const bool matches =
          PolicyGlobMatch(e.model, report_.subject.id) ||
          (report_.subject.path && PolicyGlobMatch(e.model, *report_.subject.path));
      if (!matches) continue;
      const std::string where = policy_.source + ":" + std::to_string(e.line);
      const std::string label = "Exception for '" + e.model + "' (" + where + ")";
      const int64_t expires = DaysFromCivil(e.expires);
      if (!today_valid || expires < today) {
        outcome_.notes.push_back({label + " expired on " + e.expires.ToString() +
                                      (today_valid ? "" : " (no current date was given)") +
                                      "; the rules it waived apply again.",
                                  e.line});
        continue;
      }
      size_t waived = 0;
      for (PolicyViolation& v : outcome_.violations) {
        if (v.waiver) continue;
        if (!e.rules.empty() &&
            std::find(e.rules.begin(), e.rules.end(), v.rule) == e.rules.end()) {
          continue;
        }
        v.waiver = PolicyWaiver{e.reason, e.expires, e.approved_by, e.line};
        ++waived;
      }
      if (waived == 0) {
        outcome_.notes.push_back(
            {label + " waived nothing: remove it if it is no longer needed.", e.line});
      } else if (expires - today <= options.expiry_warning_days) {
        const int64_t days = expires - today;
        outcome_.notes.push_back(
            {label + " expires on " + e.expires.ToString() +
                 (days == 0 ? " (today)" : " (in " + std::to_string(days) + " days)") +
                 "; renew or resolve it.",
             e.line});
      }
    }
  }

  const Policy& policy_;
  const Report& report_;
  const LicenseTable& table_;
  PolicyOutcome outcome_;
  std::set<size_t> unsafe_raised_;
};

}  // namespace

PolicyOutcome EvaluatePolicy(const Policy& policy, const Report& report, const LicenseTable& table,
                             const EvaluateOptions& options) {
  return Evaluator(policy, report, table).Run(options);
}

}  // namespace openness
