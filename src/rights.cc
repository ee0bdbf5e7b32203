// AssessRights: what each use case may do, from the kinds of the effective licenses.
//
// Until the license engine reads each license's terms, a license's kind decides: open licenses
// allow everything (with ordinary notice duties), restricted licenses make every use conditional
// on their terms, non-commercial licenses prohibit commercial use and hosted services. With
// several effective licenses the strictest answer wins.
#include "openness/assessment.h"

namespace openness {
namespace {

// Strictness order used to combine licenses: prohibited > unknown > conditional > allowed.
int Strictness(RightStatus s) {
  switch (s) {
    case RightStatus::kAllowed: return 0;
    case RightStatus::kConditional: return 1;
    case RightStatus::kUnknown: return 2;
    case RightStatus::kProhibited: return 3;
  }
  return 2;
}

Right RightFor(const LicenseKey& k, std::string_view use_case, const Evidence& where) {
  Right r;
  auto condition = [&](std::string code, std::string text) {
    r.conditions.push_back({std::move(code), std::move(text), where});
  };
  const bool changes = use_case == "derivatives";
  switch (k.kind) {
    case LicenseKind::kOsi:
    case LicenseKind::kOpenData:
    case LicenseKind::kOpenModel:
    case LicenseKind::kPermissiveOther:
      r.status = RightStatus::kAllowed;
      if (changes && k.no_derivatives()) {
        r.status = RightStatus::kProhibited;
        condition("no-derivatives", k.name + " does not allow sharing modified material.");
      }
      break;
    case LicenseKind::kRestricted:
      r.status = RightStatus::kConditional;
      condition("license-terms", "Allowed subject to the use restrictions and duties of " +
                                     k.name + "; read its terms before relying on this.");
      if (changes && k.no_derivatives()) {
        r.status = RightStatus::kProhibited;
        r.conditions.back() = {"no-derivatives",
                               k.name + " does not allow sharing modified material.", where};
      }
      break;
    case LicenseKind::kNonCommercial:
      if (use_case == "commercial" || use_case == "saas") {
        r.status = RightStatus::kProhibited;
        condition("non-commercial", k.name + " allows non-commercial use only.");
      } else if (changes && k.no_derivatives()) {
        r.status = RightStatus::kProhibited;
        condition("no-derivatives", k.name + " does not allow sharing modified material.");
      } else {
        r.status = RightStatus::kConditional;
        condition("non-commercial", "Only for non-commercial purposes under " + k.name + ".");
      }
      break;
    case LicenseKind::kUnknown:
      r.status = RightStatus::kUnknown;
      break;
  }
  return r;
}

// Where the license of key came from: its declaration, else its detection.
Evidence EvidenceFor(const Report& report, const LicenseTable& table, const std::string& key) {
  for (const DeclaredLicense& d : report.license.declared) {
    const LicenseKey* k = table.Recognise(d.value);
    if (k != nullptr && k->key == key) return d.evidence;
  }
  for (const DetectedLicense& d : report.license.detected) {
    if (d.key == key) return d.evidence;
  }
  if (!report.license.declared.empty()) return report.license.declared.front().evidence;
  return Evidence{};
}

}  // namespace

void AssessRights(const LicenseTable& table, Report* report) {
  for (std::string_view use_case : kUseCases) {
    Right combined;
    bool first = true;
    for (const EffectiveLicense& e : report->license.effective) {
      const LicenseKey* k = table.Find(e.key);
      if (k == nullptr) continue;
      Right r = RightFor(*k, use_case, EvidenceFor(*report, table, e.key));
      if (first || Strictness(r.status) > Strictness(combined.status)) combined.status = r.status;
      first = false;
      for (Condition& c : r.conditions) combined.conditions.push_back(std::move(c));
    }
    report->rights[std::string(use_case)] = std::move(combined);
  }
}

}  // namespace openness
