// IdentifyLicenses: the first verdict on which license governs the weights.
//
// Declared ids come from the card (license, license_name), GGUF (general.license,
// general.license.name) and safetensors __metadata__.license. License files are recognised by
// their title line only (the full-text matcher is a later stage). The declarations are
// reconciled into license.effective; disagreements become findings.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "openness/assessment.h"

namespace openness {
namespace {

struct Declaration {
  std::string value;
  Evidence evidence;
};

// Splits an SPDX-style expression into its license ids and the operator joining them. The
// full expression parser comes with the license engine; this handles "A OR B", "A AND B",
// "(A OR B)" and "A WITH exception" (the exception is dropped).
struct Expression {
  std::vector<std::string> ids;
  bool any_of = false;  // OR: the user may choose
};

Expression SplitExpression(std::string_view value) {
  Expression e;
  std::string token;
  std::vector<std::string> words;
  for (char c : value) {
    if (c == '(' || c == ')' || c == ' ' || c == '\t') {
      if (!token.empty()) words.push_back(std::move(token));
      token.clear();
    } else {
      token.push_back(c);
    }
  }
  if (!token.empty()) words.push_back(std::move(token));
  bool skip_next = false;
  bool has_operator = false;
  for (const std::string& w : words) {
    if (skip_next) {
      skip_next = false;
      continue;
    }
    if (w == "OR" || w == "or") {
      e.any_of = true;
      has_operator = true;
    } else if (w == "AND" || w == "and") {
      has_operator = true;
    } else if (w == "WITH" || w == "with") {
      skip_next = true;
      has_operator = true;
    } else {
      e.ids.push_back(w);
    }
  }
  // Without operators the value is a name with spaces ("Apache 2.0"), not an expression.
  if (!has_operator) e.ids = {std::string(value)};
  return e;
}

std::vector<Declaration> CollectDeclarations(const ReleaseEvidence& ev) {
  std::vector<Declaration> out;
  if (ev.card) {
    const FrontMatter& fm = ev.card->front_matter;
    for (const CardValue& v : fm.license) {
      Evidence e = Evidence::InFile(ev.card->file, v.line).WithKey("license");
      e.WithExcerpt("license: " + v.value);
      out.push_back({v.value, std::move(e)});
    }
    if (fm.license_name) {
      Evidence e = Evidence::InFile(ev.card->file, fm.license_name->line).WithKey("license_name");
      e.WithExcerpt("license_name: " + fm.license_name->value);
      out.push_back({fm.license_name->value, std::move(e)});
    }
  }
  for (const WeightsHeader& w : ev.weights) {
    if (w.gguf) {
      for (const char* key : {"general.license", "general.license.name"}) {
        if (auto v = w.gguf->GetString(key)) {
          Evidence e = Evidence::InFile(w.path).WithKey(key);
          e.WithExcerpt(*v);
          out.push_back({*v, std::move(e)});
        }
      }
    }
    if (w.safetensors) {
      auto it = w.safetensors->metadata.find("license");
      if (it != w.safetensors->metadata.end()) {
        Evidence e = Evidence::InFile(w.path).WithKey("__metadata__.license");
        e.WithExcerpt(it->second);
        out.push_back({it->second, std::move(e)});
      }
    }
  }
  return out;
}

// Recognises a license file by its title: one of the first lines, normalised, starts with the
// normalised name or a long alias of a key. Confidence is modest: a title is not the terms.
void DetectByTitle(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  constexpr int kTitleLines = 6;
  constexpr size_t kMinName = 8;  // shorter names ("mit") would match ordinary words
  for (const TextFile& t : ev.texts) {
    if (t.role != FileRole::kLicense) continue;
    int line_no = 0, seen = 0;
    size_t pos = 0;
    std::string previous;
    bool found = false;
    while (pos < t.text.size() && seen < kTitleLines && !found) {
      size_t eol = t.text.find('\n', pos);
      if (eol == std::string::npos) eol = t.text.size();
      std::string_view raw(t.text.data() + pos, eol - pos);
      pos = eol + 1;
      ++line_no;
      std::string line = NormaliseLicenseId(raw);
      while (!line.empty() && (line.front() == '#' || line.front() == '-' || line.front() == '*')) {
        line.erase(0, 1);
      }
      if (line.empty()) continue;
      ++seen;
      // Titles are often split over two lines ("Apache License" / "Version 2.0, January 2004").
      const std::string joined = previous.empty() ? line : previous + "-" + line;
      previous = line;
      for (const LicenseKey& k : table.entries()) {
        if (k.kind == LicenseKind::kUnknown) continue;
        std::vector<std::string> names = {NormaliseLicenseId(k.name)};
        for (const std::string& a : k.aliases) {
          if (a.size() >= kMinName) names.push_back(a);
        }
        for (const std::string& n : names) {
          if (n.size() < kMinName) continue;
          for (const std::string* candidate : std::array<const std::string*, 2>{&line, &joined}) {
            // A whole title, optionally followed by a version date or "version ..." words.
            if (candidate->starts_with(n) &&
                (candidate->size() == n.size() || !std::isalnum(static_cast<unsigned char>(
                                                      (*candidate)[n.size()])))) {
              Evidence e = Evidence::InFile(t.path, line_no);
              e.WithExcerpt(raw);
              report->license.detected.push_back({k.key, 0.5, std::move(e)});
              found = true;
              break;
            }
          }
          if (found) break;
        }
        if (found) break;
      }
    }
  }
}

EffectiveLicense ToEffective(const LicenseKey& k) {
  return {k.key, k.name, k.SpdxOrRef(), k.osi_approved(), k.open()};
}

void AddEffective(const LicenseKey& k, Report* report) {
  for (const EffectiveLicense& e : report->license.effective) {
    if (e.key == k.key) return;
  }
  report->license.effective.push_back(ToEffective(k));
}

// The more open of two keys, for "A OR B": the user may choose either.
const LicenseKey* MoreOpen(const LicenseKey* a, const LicenseKey* b) {
  auto rank = [](const LicenseKey* k) {
    switch (k->kind) {
      case LicenseKind::kOsi:
      case LicenseKind::kOpenData:
      case LicenseKind::kOpenModel:
      case LicenseKind::kPermissiveOther: return 0;
      case LicenseKind::kRestricted: return 1;
      case LicenseKind::kNonCommercial: return 2;
      case LicenseKind::kUnknown: return 3;
    }
    return 3;
  };
  return rank(b) < rank(a) ? b : a;
}

}  // namespace

void IdentifyLicenses(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  const std::vector<Declaration> declared = CollectDeclarations(ev);
  for (const Declaration& d : declared) report->license.declared.push_back({d.value, d.evidence});
  DetectByTitle(ev, table, report);

  // Resolve each declaration to keys. "other"/"unknown" defer to license_name when there is one.
  std::vector<std::pair<const LicenseKey*, const Evidence*>> resolved;
  std::vector<const Declaration*> unrecognised;
  bool said_other = false;
  for (const Declaration& d : declared) {
    Expression e = SplitExpression(d.value);
    const LicenseKey* chosen = nullptr;
    for (const std::string& id : e.ids) {
      const LicenseKey* k = table.Recognise(id);
      if (k == nullptr) {
        unrecognised.push_back(&d);
        continue;
      }
      if (k->kind == LicenseKind::kUnknown) {
        said_other = said_other || k->key == "other";
        continue;
      }
      if (e.any_of) {
        chosen = chosen == nullptr ? k : MoreOpen(chosen, k);
      } else {
        resolved.push_back({k, &d.evidence});
      }
    }
    if (chosen != nullptr) resolved.push_back({chosen, &d.evidence});
  }

  std::set<std::string> keys;
  for (const auto& [k, e] : resolved) keys.insert(k->key);
  for (const auto& [k, e] : resolved) AddEffective(*k, report);

  if (keys.size() > 1) {
    Finding f{"license-contradiction", Severity::kWarning,
              "The release declares different licenses for the weights; all of them are treated "
              "as governing until the contradiction is resolved.",
              {}};
    for (const auto& [k, e] : resolved) f.evidence.push_back(*e);
    report->findings.push_back(std::move(f));
  }

  // Declared vs detected: a license file whose title names another license.
  std::set<std::string> detected_keys;
  for (const DetectedLicense& d : report->license.detected) detected_keys.insert(d.key);
  if (!keys.empty()) {
    for (const DetectedLicense& d : report->license.detected) {
      if (keys.count(d.key)) continue;
      const LicenseKey* dk = table.Find(d.key);
      Finding f{"declared-license-mismatch", Severity::kWarning,
                "The license file names " + (dk ? dk->name : d.key) +
                    ", which is not what the release declares.",
                {d.evidence}};
      for (const auto& [k, e] : resolved) f.evidence.push_back(*e);
      report->findings.push_back(std::move(f));
    }
  } else if (!detected_keys.empty()) {
    // Nothing declared (or only "other"): the license files decide.
    for (const DetectedLicense& d : report->license.detected) {
      if (const LicenseKey* k = table.Find(d.key)) AddEffective(*k, report);
    }
  }

  if (report->license.effective.empty()) {
    const bool any_declaration = !declared.empty();
    if (said_other || !unrecognised.empty()) {
      const LicenseKey* other = table.Find("other");
      EffectiveLicense e = ToEffective(*other);
      if (!unrecognised.empty()) e.name = unrecognised.front()->value;
      report->license.effective.push_back(std::move(e));
    } else {
      const LicenseKey* unknown = table.Find("unknown");
      report->license.effective.push_back(ToEffective(*unknown));
    }
    if (!any_declaration && ev.texts.empty()) {
      report->findings.push_back(
          {"license-missing", Severity::kError,
           "No license is declared (card front matter, GGUF or safetensors metadata) and no "
           "license file was found.",
           {}});
    }
  }
}

}  // namespace openness
