// AssessRights: what each use case may do, from the terms of the effective licenses.
//
// For a license in the knowledge base (license_terms.h) each use case starts from whether the
// license grants it at all; every term that constrains that use case becomes a condition, and
// a granted use with any condition beyond ordinary notice and attribution duties becomes
// "conditional" (the report contract's meaning of "allowed" leaves no room for more). A use the
// license withholds is "prohibited", with the terms that withhold it as conditions.
//
// Every condition cites the release: the clause detectors (license_clauses.h) find the line of
// the clause in the shipped license or use-policy text; when the text is not shipped, the
// condition cites the declaration and names the section of the license in its text.
//
// A license outside the knowledge base ("other", unknown, or a known license whose terms are
// not recorded) is judged from its shipped text alone: a non-commercial clause prohibits
// commercial use, a user threshold makes it conditional, and so on. Without a text its rights
// stay unknown. With several effective licenses the strictest answer wins.
//
// Beyond the five contract use cases, the rights map also gets "research" (not written to
// JSON), the answer to `openness scan --use research`.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "openness/assessment.h"
#include "openness/license_clauses.h"
#include "openness/license_terms.h"

namespace openness {
namespace {

constexpr std::string_view kResearch = "research";

// The use cases assessed: the contract's five and research.
const std::vector<std::string_view>& AllUseCases() {
  static const std::vector<std::string_view> kAll = [] {
    std::vector<std::string_view> v(kUseCases.begin(), kUseCases.end());
    v.push_back(kResearch);
    return v;
  }();
  return kAll;
}

// Strictness order used to combine licenses: prohibited > unknown > conditional > allowed.
int Strictness(RightStatus s) {
  switch (s) {
    case RightStatus::kAllowed:
      return 0;
    case RightStatus::kConditional:
      return 1;
    case RightStatus::kUnknown:
      return 2;
    case RightStatus::kProhibited:
      return 3;
  }
  return 2;
}

// Condition codes that are ordinary open-source notice and attribution duties: they are listed
// but leave a granted right "allowed".
bool IsOrdinary(std::string_view code) {
  static const std::set<std::string_view> kOrdinary = {
      "license-copy", "notice-file", "keep-notices",     "mark-modifications",
      "attribution",  "share-alike", "source-disclosure"};
  return kOrdinary.count(code) > 0;
}

// Term types that are facts about the license, not duties of a use case.
bool IsCondition(std::string_view type) {
  return type != "remote_restriction" && type != "termination" && type != "governing_law";
}

std::string CodeFor(std::string_view type) {
  if (type == "output_restriction") return "output-use-restriction";
  if (type == "other_condition") return "license-terms";
  std::string code(type);
  std::replace(code.begin(), code.end(), '_', '-');
  return code;
}

// The clause detector codes that find a term's wording in a text.
std::vector<std::string_view> ClauseCodesFor(std::string_view type) {
  if (type == "output_restriction") return {"output-use-restriction"};
  if (type == "keep_notices" || type == "attribution") return {"notice-file", "license-copy"};
  if (type == "use_restrictions") return {"use-restrictions", "field-of-use"};
  const std::string code = CodeFor(type);
  for (std::string_view c : kClauseCodes) {
    if (c == code) return {c};
  }
  return {};
}

const std::vector<std::string_view> kAllFive(kUseCases.begin(), kUseCases.end());

// The use cases a term constrains when its data does not say.
std::vector<std::string_view> DefaultAppliesTo(const LicenseTerm& t) {
  const std::string_view type = t.type;
  if (type == "revenue_threshold" || type == "registration") return {"commercial", "saas"};
  if (type == "attribution_display") return {"commercial", "saas", "redistribute", "derivatives"};
  if (type == "attribution" || type == "license_copy" || type == "notice_file" ||
      type == "keep_notices" || type == "no_redistribution") {
    return {"redistribute", "derivatives"};
  }
  if (type == "derivative_naming") {
    if (t.covers_outputs) return {"derivatives", "train-other-models"};
    return {"derivatives"};
  }
  if (type == "use_restrictions_pass_through") return {"saas", "redistribute", "derivatives"};
  if (type == "output_restriction" || type == "outputs_derivative") return {"train-other-models"};
  if (type == "mark_modifications" || type == "share_alike" || type == "no_derivatives") {
    return {"derivatives"};
  }
  if (type == "source_disclosure" || type == "no_hosting") return {"saas"};
  return kAllFive;  // thresholds, policies, restrictions, field and geographic limits, ...
}

bool Applies(const LicenseTerm& t, std::string_view use_case) {
  if (use_case == kResearch) {
    // Research is a use of the model itself: the terms that bind every use apply, and the
    // non-commercial or research-only scope describes it.
    if (t.type == "non_commercial" || t.type == "research_only") return true;
    std::vector<std::string_view> all;
    if (t.applies_to.empty()) {
      all = DefaultAppliesTo(t);
    } else {
      all.assign(t.applies_to.begin(), t.applies_to.end());
    }
    return all.size() == kAllFive.size();
  }
  if (!t.applies_to.empty()) {
    return std::find(t.applies_to.begin(), t.applies_to.end(), use_case) != t.applies_to.end();
  }
  const std::vector<std::string_view> d = DefaultAppliesTo(t);
  return std::find(d.begin(), d.end(), use_case) != d.end();
}

// Terms that explain why a use case is withheld.
bool Explains(const LicenseTerm& t, std::string_view use_case) {
  const std::string_view type = t.type;
  if (use_case == "commercial") return type == "non_commercial" || type == "research_only";
  if (use_case == "saas") {
    return type == "non_commercial" || type == "research_only" || type == "no_hosting";
  }
  if (use_case == "redistribute") return type == "no_redistribution";
  if (use_case == "derivatives") return type == "no_derivatives" || type == "no_redistribution";
  if (use_case == "train-other-models") return type == "output_restriction";
  return false;
}

// ---------------------------------------------------------------------------------------------
// Wording.

std::string HumanCount(uint64_t n) {
  auto scaled = [](uint64_t v, uint64_t unit, const char* word) {
    const uint64_t whole = v / unit;
    const uint64_t tenth = (v % unit) * 10 / unit;
    std::string s = std::to_string(whole);
    if (tenth != 0) s += "." + std::to_string(tenth);
    return s + " " + word;
  };
  if (n >= 1'000'000'000 && n % 100'000'000 == 0) return scaled(n, 1'000'000'000, "billion");
  if (n >= 1'000'000 && n % 100'000 == 0) return scaled(n, 1'000'000, "million");
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// "§2", "§IV.b", or the section as written when it is a name ("Attachment A", "AUP 2").
std::string SectionRef(std::string_view section) {
  if (section.empty()) return {};
  const char c = section.front();
  const size_t k = section.find_first_not_of("IVX");
  const bool roman =
      k != 0 && (k == std::string_view::npos || section[k] == '.' || section[k] == '(');
  if ((c >= '0' && c <= '9') || roman) return "\xC2\xA7" + std::string(section);
  return std::string(section);
}

std::string Licensor(const LicenseEntry& e) {
  return e.licensor.empty() ? "the licensor" : e.licensor;
}

std::string TermText(const LicenseTerm& t, const LicenseEntry& e) {
  const std::string& type = t.type;
  std::string s;
  if (type == "user_threshold") {
    if (t.monthly_active_users) {
      s = "above " + HumanCount(*t.monthly_active_users) +
          " monthly active users you need a separate license from " + Licensor(e);
    } else {
      s = "above " + HumanCount(t.daily_active_users.value_or(0)) +
          " daily active users you need a separate license from " + Licensor(e);
    }
  } else if (type == "revenue_threshold") {
    const std::string amount = "US$" + HumanCount(t.annual_revenue_usd.value_or(0));
    if (t.effect == "terminates") {
      s = "above " + amount +
          " annual revenue the license ends and you need a separate license from " + Licensor(e);
    } else if (t.effect == "royalty") {
      s = "above " + amount + " annual revenue you owe " + Licensor(e) + " a royalty";
      if (t.royalty_percent) {
        s += " (" + std::to_string(static_cast<int>(*t.royalty_percent)) + "% by default)";
      }
    } else {
      s = "above " + amount + " annual revenue you need a separate license from " + Licensor(e);
    }
  } else if (type == "registration") {
    s = "register with " + Licensor(e) + " first";
    if (!t.url.empty()) s += " (" + t.url + ")";
  } else if (type == "attribution_display") {
    s = "display \"" + t.phrase +
        "\" prominently on a related website, user interface or documentation";
  } else if (type == "attribution") {
    s = "credit " + Licensor(e) + " as the source";
  } else if (type == "derivative_naming") {
    s = t.covers_outputs ? "any model you distribute that was built or trained with it or its "
                           "outputs must have a name beginning with \"" +
                               t.prefix + "\""
                         : "any model you distribute that was built with it must have a name "
                           "beginning with \"" +
                               t.prefix + "\"";
  } else if (type == "acceptable_use_policy") {
    s = "follow the " + t.name + (t.url.empty() ? "" : " (" + t.url + ")") +
        ", incorporated by reference";
    if (t.updatable.value_or(false))
      s += "; " + Licensor(e) + " can change it, so check the current version";
  } else if (type == "use_restrictions") {
    s = "respect the use restrictions the license lists";
    if (!t.items.empty()) s += " (" + JoinItems(t.items) + ")";
  } else if (type == "use_restrictions_pass_through") {
    s = "pass the use restrictions on: the terms you give downstream users must make them "
        "enforceable";
  } else if (type == "output_restriction") {
    s = "do not use it or its outputs to train or improve " + t.scope;
    if (!t.except.empty()) s += " (except " + t.except + ")";
  } else if (type == "outputs_derivative") {
    s = "a model trained on its outputs (distillation, synthetic data) counts as a derivative "
        "and stays under these terms";
  } else if (type == "license_copy") {
    s = "give recipients a copy of the license";
  } else if (type == "notice_file") {
    s = "ship a \"Notice\" text file with the attribution notice the license prescribes";
  } else if (type == "keep_notices") {
    s = "keep the copyright and attribution notices";
  } else if (type == "mark_modifications") {
    s = "mark modified files as changed";
  } else if (type == "share_alike") {
    s = "share modified versions under the same license";
  } else if (type == "source_disclosure") {
    s = "offer the source of a modified version to the users of your service";
  } else if (type == "non_commercial") {
    s = "non-commercial use only";
  } else if (type == "research_only") {
    s = "research use only";
  } else if (type == "no_derivatives") {
    s = "modified versions may not be shared";
  } else if (type == "no_hosting") {
    s = "it may not be offered to others as a hosted service or API";
  } else if (type == "no_redistribution") {
    s = "it may not be distributed";
  } else if (type == "field_of_use") {
    s = "banned fields of use include " + JoinItems(t.items);
  } else if (type == "geographic_exclusion") {
    s = "no rights for people or companies based in the " + JoinItems(t.items);
    if (!t.scope.empty()) s += " (" + t.scope + ")";
  } else if (type == "terms_may_change") {
    s = Licensor(e) + " may change the agreement itself; check the current version";
  } else if (type == "other_condition") {
    s = t.note;
  }
  if (!t.note.empty() && type != "other_condition") s += "; " + t.note;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Where a license's text is in the release, and its clauses.

struct TextClauses {
  const TextFile* file = nullptr;
  std::vector<ClauseHit> hits;
};

class ReleaseTexts {
 public:
  explicit ReleaseTexts(const ReleaseEvidence& ev) : ev_(ev) {}

  // Clause hits of one text, computed once.
  const TextClauses& Of(const TextFile& t) {
    auto it = cache_.find(t.path);
    if (it == cache_.end()) {
      it = cache_.emplace(t.path, TextClauses{&t, DetectClauses(t.text)}).first;
    }
    return it->second;
  }

  const ReleaseEvidence& ev() const { return ev_; }

 private:
  const ReleaseEvidence& ev_;
  std::map<std::string, TextClauses> cache_;
};

// The shipped texts that belong to the effective license key, license texts before policies:
// the files a detection names for this key; else, when it is the only effective license (or
// "other"/"unknown"), every license, use-policy and notice text; else none.
std::vector<const TextFile*> TextsFor(const Report& report, const ReleaseEvidence& ev,
                                      const std::string& key) {
  std::vector<const TextFile*> out;
  auto add = [&](const TextFile* t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  for (const DetectedLicense& d : report.license.detected) {
    if (d.key != key || !d.evidence.file) continue;
    for (const TextFile& t : ev.texts) {
      if (t.path == *d.evidence.file) add(&t);
    }
  }
  const bool alone = report.license.effective.size() == 1 || key == "other" || key == "unknown";
  if (!out.empty() || alone) {
    // Use policies go with the license that incorporates them.
    for (FileRole role : {FileRole::kLicense, FileRole::kUsePolicy, FileRole::kNotice}) {
      for (const TextFile& t : ev.texts) {
        if (t.role != role) continue;
        if (alone || role == FileRole::kUsePolicy) add(&t);
      }
    }
  }
  return out;
}

// Where the license of key came from: its declaration, else its detection.
Evidence DeclarationEvidence(const Report& report, const LicenseTable& table,
                             const std::string& key) {
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

Evidence FromHit(const TextFile& t, const ClauseHit& h) {
  Evidence e = Evidence::InFile(t.path, h.line);
  e.WithExcerpt(h.excerpt);
  return e;
}

bool SamePhrase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// How well a hit matches the term: 2 same values, 1 same code, 0 no match.
int HitScore(const LicenseTerm& t, const ClauseHit& h) {
  auto value = [&](const char* k) {
    auto it = h.values.find(k);
    return it == h.values.end() ? std::string() : it->second;
  };
  if (t.type == "user_threshold") {
    const std::string n = t.monthly_active_users ? std::to_string(*t.monthly_active_users)
                                                 : std::to_string(t.daily_active_users.value_or(0));
    return value(t.monthly_active_users ? "monthly_active_users" : "daily_active_users") == n ? 2
                                                                                              : 1;
  }
  if (t.type == "revenue_threshold") {
    return value("annual_revenue") == std::to_string(t.annual_revenue_usd.value_or(0)) ? 2 : 1;
  }
  if (t.type == "attribution_display") return SamePhrase(value("phrase"), t.phrase) ? 2 : 1;
  if (t.type == "derivative_naming") return SamePhrase(value("prefix"), t.prefix) ? 2 : 1;
  if (t.type == "field_of_use" || t.type == "geographic_exclusion") {
    const std::string v = value(t.type == "field_of_use" ? "field" : "region");
    for (const std::string& item : t.items) {
      if (SamePhrase(item, v)) return 2;
    }
    return 1;
  }
  return 1;
}

// The evidence for a term: the best matching clause in the license's texts (policy texts first
// for policy terms), else the first license text without a line, else the declaration.
struct Located {
  Evidence evidence;
  bool in_text = false;  // the clause's line was found
  bool text_shipped = false;
};

Located Locate(const LicenseTerm& t, const std::vector<const TextFile*>& texts, ReleaseTexts* rt,
               const Evidence& declaration) {
  Located out;
  const std::vector<std::string_view> codes = ClauseCodesFor(t.type);
  std::vector<const TextFile*> order;
  for (bool want_policy : {t.source == "policy", t.source != "policy"}) {
    for (const TextFile* f : texts) {
      if ((f->role == FileRole::kUsePolicy) == want_policy) order.push_back(f);
    }
  }
  int best = 0;
  for (const TextFile* f : order) {
    for (const ClauseHit& h : rt->Of(*f).hits) {
      if (std::find(codes.begin(), codes.end(), h.code) == codes.end()) continue;
      const int score = HitScore(t, h);
      if (score > best) {
        best = score;
        out.evidence = FromHit(*f, h);
        out.in_text = true;
      }
    }
  }
  out.text_shipped = !texts.empty();
  if (!out.in_text) {
    const TextFile* license = nullptr;
    for (const TextFile* f : order) {
      if (f->role == (t.source == "policy" ? FileRole::kUsePolicy : FileRole::kLicense)) {
        license = f;
        break;
      }
    }
    if (license == nullptr) {
      for (const TextFile* f : texts) {
        if (f->role == FileRole::kLicense) {
          license = f;
          break;
        }
      }
    }
    out.evidence = license != nullptr ? Evidence::InFile(license->path) : declaration;
    out.text_shipped = license != nullptr;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rights from the knowledge base.

struct Assessed {
  RightStatus status = RightStatus::kUnknown;
  std::vector<Condition> conditions;
};

std::string Cite(const std::string& section, const Located& where, const LicenseEntry& e,
                 std::string_view source) {
  const std::string ref = SectionRef(section);
  if (where.text_shipped) return ref.empty() ? "" : " (" + ref + ")";
  // No text in the release: name the document the section belongs to.
  std::string doc = source == "policy" ? "the use policy of the " + e.name : "the " + e.name;
  if (ref.empty()) return " (" + doc + "; its text is not in the release)";
  return " (" + ref + " of " + doc + "; its text is not in the release)";
}

Condition MakeCondition(const LicenseTerm& t, const LicenseEntry& e, const Located& where) {
  std::string text = TermText(t, e);
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  text += Cite(t.section, where, e, t.source);
  return {CodeFor(t.type), std::move(text), where.evidence};
}

Assessed FromKnowledge(const LicenseEntry& e, std::string_view use_case,
                       const std::vector<const TextFile*>& texts, ReleaseTexts* rt,
                       const Evidence& declaration) {
  Assessed a;
  Permission p;
  if (use_case == kResearch) {
    const bool scoped = e.Find("non_commercial") != nullptr || e.Find("research_only") != nullptr;
    p = e.ForUseCase("commercial");
    if (scoped) p = Permission{Grant::kAllowed, p.section, ""};
  } else {
    p = e.ForUseCase(use_case);
  }
  std::vector<Condition> duties, ordinary;
  for (const LicenseTerm& t : e.terms) {
    if (!IsCondition(t.type)) continue;
    const bool explains = p.grant == Grant::kProhibited && Explains(t, use_case);
    if (!explains && (p.grant == Grant::kProhibited || !Applies(t, use_case))) continue;
    Condition c = MakeCondition(t, e, Locate(t, texts, rt, declaration));
    (IsOrdinary(c.code) ? ordinary : duties).push_back(std::move(c));
  }
  switch (p.grant) {
    case Grant::kAllowed:
      a.status = duties.empty() ? RightStatus::kAllowed : RightStatus::kConditional;
      break;
    case Grant::kProhibited:
      a.status = RightStatus::kProhibited;
      break;
    case Grant::kUnknown:
      a.status = RightStatus::kUnknown;
      break;
  }
  // A prohibition no term explains (or an unknown with a reason) still gets a cited condition.
  if ((p.grant == Grant::kProhibited && duties.empty()) ||
      (p.grant == Grant::kUnknown && !p.note.empty())) {
    LicenseTerm why;
    why.type = "other_condition";
    why.section = p.section;
    why.note = p.grant == Grant::kProhibited
                   ? "the license does not grant this" + (p.note.empty() ? "" : ": " + p.note)
                   : p.note;
    Located where = Locate(why, texts, rt, declaration);
    Condition c = MakeCondition(why, e, where);
    c.code = p.grant == Grant::kProhibited ? "not-granted" : "license-terms";
    duties.push_back(std::move(c));
  }
  for (Condition& c : duties) a.conditions.push_back(std::move(c));
  for (Condition& c : ordinary) a.conditions.push_back(std::move(c));
  return a;
}

// ---------------------------------------------------------------------------------------------
// Rights from a license text alone (custom and unrecognised licenses).

// What a clause means for a use case: 2 prohibits it, 1 conditions it, 0 says nothing.
int ClauseEffect(std::string_view code, std::string_view use_case) {
  const bool commercial = use_case == "commercial" || use_case == "saas";
  if (code == "non-commercial" || code == "research-only") {
    if (use_case == kResearch) return 1;
    return commercial ? 2 : 1;
  }
  if (code == "no-hosting") return use_case == "saas" ? 2 : 0;
  if (code == "no-redistribution") {
    return use_case == "redistribute" || use_case == "derivatives" ? 2 : 0;
  }
  if (code == "no-derivatives") return use_case == "derivatives" ? 2 : 0;
  if (code == "output-use-restriction") return use_case == "train-other-models" ? 2 : 0;
  if (code == "user-threshold" || code == "acceptable-use-policy" || code == "use-restrictions" ||
      code == "field-of-use" || code == "geographic-exclusion" || code == "terms-may-change") {
    return 1;
  }
  if (code == "revenue-threshold" || code == "registration") return commercial ? 1 : 0;
  if (code == "attribution-display") {
    return use_case == "train-other-models" || use_case == kResearch ? 0 : 1;
  }
  if (code == "derivative-naming") {
    return use_case == "derivatives" || use_case == "train-other-models" ? 1 : 0;
  }
  if (code == "use-restrictions-pass-through") {
    return use_case == "saas" || use_case == "redistribute" || use_case == "derivatives" ? 1 : 0;
  }
  if (code == "outputs-derivative") return use_case == "train-other-models" ? 1 : 0;
  return 0;
}

std::string ClauseText(const ClauseHit& h) {
  auto v = [&](const char* k) {
    auto it = h.values.find(k);
    return it == h.values.end() ? std::string() : it->second;
  };
  auto count = [&](const char* k) {
    const std::string s = v(k);
    uint64_t n = 0;
    return ParseQuantity(s, "", &n) ? HumanCount(n) : s;
  };
  const std::string& c = h.code;
  if (c == "non-commercial") return "The license text allows non-commercial use only";
  if (c == "research-only") return "The license text allows research use only";
  if (c == "no-hosting") return "The license text forbids offering it as a hosted service or API";
  if (c == "no-redistribution") return "The license text forbids distributing it";
  if (c == "no-derivatives") return "The license text forbids sharing modified versions";
  if (c == "output-use-restriction") {
    return "The license text forbids using it or its outputs to train or improve " +
           (v("scope").empty() ? std::string("other models") : v("scope"));
  }
  if (c == "user-threshold") {
    if (!v("daily_active_users").empty()) {
      return "Above " + count("daily_active_users") +
             " daily active users a separate license is needed";
    }
    return "Above " + count("monthly_active_users") +
           " monthly active users a separate license is needed";
  }
  if (c == "revenue-threshold") {
    const bool monthly = !v("monthly_revenue").empty();
    return "A revenue threshold applies: " + v("currency") + " " +
           count(monthly ? "monthly_revenue" : "annual_revenue") +
           (monthly ? " a month" : " a year");
  }
  if (c == "registration")
    return "Registration is required" + (v("url").empty() ? "" : " (" + v("url") + ")");
  if (c == "attribution-display") return "Display \"" + v("phrase") + "\"";
  if (c == "derivative-naming")
    return "Names of derived models must begin with \"" + v("prefix") + "\"";
  if (c == "acceptable-use-policy") {
    return "Follow the " + v("name") + (v("url").empty() ? "" : " (" + v("url") + ")") +
           ", incorporated by reference" + (v("updatable") == "true" ? "; it may be updated" : "");
  }
  if (c == "use-restrictions") return "The license text lists restricted uses";
  if (c == "field-of-use") return "Banned field of use: " + v("field");
  if (c == "geographic-exclusion") {
    return "No rights for people or companies based in the " + v("region") +
           (v("scope").empty() ? "" : " (" + v("scope") + ")");
  }
  if (c == "terms-may-change") return "The licensor may change the agreement itself";
  if (c == "use-restrictions-pass-through")
    return "Downstream terms must carry the use restrictions";
  if (c == "outputs-derivative") return "A model trained on its outputs counts as a derivative";
  return h.code;
}

Assessed FromClauses(std::string_view use_case, const std::vector<const TextFile*>& texts,
                     ReleaseTexts* rt) {
  Assessed a;
  std::vector<Condition> prohibiting, conditioning;
  for (const TextFile* f : texts) {
    for (const ClauseHit& h : rt->Of(*f).hits) {
      const int effect = ClauseEffect(h.code, use_case);
      if (effect == 0) continue;
      Condition c{h.code, ClauseText(h), FromHit(*f, h)};
      (effect == 2 ? prohibiting : conditioning).push_back(std::move(c));
    }
  }
  if (!prohibiting.empty()) {
    a.status = RightStatus::kProhibited;
    a.conditions = std::move(prohibiting);
  } else if (!conditioning.empty()) {
    // A restricted grant was read; nothing more is known about what it allows.
    a.status = RightStatus::kConditional;
    a.conditions = std::move(conditioning);
  }
  return a;
}

// ---------------------------------------------------------------------------------------------

void Merge(Assessed a, bool first, const std::string& prefix, Right* into) {
  if (first || Strictness(a.status) > Strictness(into->status)) into->status = a.status;
  for (Condition& c : a.conditions) {
    if (!prefix.empty()) c.text = prefix + ": " + c.text;
    const bool dup =
        std::any_of(into->conditions.begin(), into->conditions.end(), [&](const Condition& o) {
          return o.code == c.code && o.text == c.text && o.evidence == c.evidence;
        });
    if (!dup) into->conditions.push_back(std::move(c));
  }
}

bool HasKnownTerms(const LicenseEntry& e) {
  return std::any_of(e.permissions.begin(), e.permissions.end(),
                     [](const Permission& p) { return p.grant != Grant::kUnknown; });
}

}  // namespace

void AssessRights(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  const LicenseKnowledgeBase& kb = LicenseKnowledgeBase::Builtin();
  ReleaseTexts rt(ev);
  std::map<std::string, Right> rights;
  for (std::string_view u : AllUseCases()) rights[std::string(u)] = Right{};
  const bool several = report->license.effective.size() > 1;
  bool first = true;
  for (const EffectiveLicense& eff : report->license.effective) {
    const LicenseEntry* entry = kb.Find(eff.key);
    const std::vector<const TextFile*> texts = TextsFor(*report, ev, eff.key);
    const Evidence declaration = DeclarationEvidence(*report, table, eff.key);
    const std::string prefix = several ? eff.name : "";
    for (std::string_view u : AllUseCases()) {
      Assessed a;
      if (entry != nullptr && HasKnownTerms(*entry)) {
        a = FromKnowledge(*entry, u, texts, &rt, declaration);
        // What the knowledge base leaves open, a shipped text may answer.
        if (a.status == RightStatus::kUnknown && !texts.empty()) {
          Assessed read = FromClauses(u, texts, &rt);
          if (read.status != RightStatus::kUnknown) a = std::move(read);
        }
      } else if (!texts.empty()) {
        a = FromClauses(u, texts, &rt);
      } else if (entry != nullptr && entry->kind != LicenseKind::kUnknown) {
        a = FromKnowledge(*entry, u, texts, &rt, declaration);
      }
      Merge(std::move(a), first, prefix, &rights[std::string(u)]);
    }
    first = false;
  }
  for (auto& [u, r] : rights) report->rights[u] = std::move(r);
}

}  // namespace openness
