// LicenseKnowledgeBase: loads data/licenses/*.yaml, strictly and within limits.
//
// Each file is first run through an event-only pass of yaml-cpp that counts nodes and nesting
// and refuses aliases, so no tree is built for input over the limits; only then is the tree
// loaded and walked. Every yaml-cpp exception is caught here and becomes a Status.
#include "openness/license_terms.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "embedded_data.h"
#include "openness/report.h"

namespace openness {
namespace {

constexpr uint64_t kMaxFileBytes = 1 << 20;  // a family file; ours are a few kilobytes

// ---------------------------------------------------------------------------------------------
// Guard pass.

struct GuardStop {
  YAML::Mark mark;
  std::string what;
};

class Guard : public YAML::EventHandler {
 public:
  explicit Guard(const Limits& limits) : limits_(limits) {}
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw GuardStop{mark, "aliases are not allowed in license data"};
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Count(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Open(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Open(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void Count(const YAML::Mark& mark) {
    if (++nodes_ > limits_.yaml_nodes) {
      throw GuardStop{mark, "more than " + std::to_string(limits_.yaml_nodes) + " nodes"};
    }
  }
  void Open(const YAML::Mark& mark) {
    Count(mark);
    if (++depth_ > limits_.nesting_depth) {
      throw GuardStop{mark, "nesting deeper than " + std::to_string(limits_.nesting_depth)};
    }
  }
  const Limits& limits_;
  uint64_t nodes_ = 0;
  uint64_t depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Strict reading of the tree. Errors carry the file and line.

struct ReadError {
  std::string what;
};

class Reader {
 public:
  explicit Reader(std::string_view file) : file_(file) {}

  [[noreturn]] void Fail(const YAML::Node& n, const std::string& what) const {
    const int line = n.IsDefined() ? n.Mark().line + 1 : 0;
    throw ReadError{std::string(file_) + (line > 0 ? ":" + std::to_string(line) : "") + ": " +
                    what};
  }

  // A mapping whose keys must all be in allowed.
  void CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                 std::string_view what) const {
    if (!map.IsMap()) Fail(map, std::string(what) + " must be a mapping");
    for (const auto& kv : map) {
      const std::string k = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        Fail(kv.first, "unknown key '" + k + "' in " + std::string(what));
      }
    }
  }

  std::string Str(const YAML::Node& map, std::string_view key, bool required) const {
    const YAML::Node n = map[std::string(key)];
    if (!n.IsDefined() || n.IsNull()) {
      if (required) Fail(map, "missing '" + std::string(key) + "'");
      return {};
    }
    if (!n.IsScalar()) Fail(n, "'" + std::string(key) + "' must be a string");
    return n.as<std::string>();
  }

  std::vector<std::string> List(const YAML::Node& map, std::string_view key) const {
    const YAML::Node n = map[std::string(key)];
    std::vector<std::string> out;
    if (!n.IsDefined() || n.IsNull()) return out;
    if (!n.IsSequence()) Fail(n, "'" + std::string(key) + "' must be a list");
    for (const YAML::Node& item : n) {
      if (!item.IsScalar()) Fail(item, "items of '" + std::string(key) + "' must be strings");
      out.push_back(item.as<std::string>());
    }
    return out;
  }

  std::optional<bool> Bool(const YAML::Node& map, std::string_view key) const {
    const YAML::Node n = map[std::string(key)];
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    const std::string v = n.IsScalar() ? n.as<std::string>() : "";
    if (v == "true") return true;
    if (v == "false") return false;
    Fail(n, "'" + std::string(key) + "' must be true or false");
  }

  std::optional<uint64_t> Count(const YAML::Node& map, std::string_view key) const {
    const YAML::Node n = map[std::string(key)];
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    const std::string v = n.IsScalar() ? n.as<std::string>() : "";
    if (v.empty() || v.size() > 18 ||
        !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Fail(n, "'" + std::string(key) + "' must be a whole number");
    }
    return std::stoull(v);
  }

  std::optional<double> Percent(const YAML::Node& map, std::string_view key) const {
    const YAML::Node n = map[std::string(key)];
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    double d = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, d) || !std::isfinite(d) || d < 0 ||
        d > 100) {
      Fail(n, "'" + std::string(key) + "' must be a percentage");
    }
    return d;
  }

  std::string_view file() const { return file_; }

 private:
  std::string_view file_;
};

bool ParseKindName(std::string_view s, LicenseKind* kind) {
  for (LicenseKind k : {LicenseKind::kOsi, LicenseKind::kOpenData, LicenseKind::kOpenModel,
                        LicenseKind::kPermissiveOther, LicenseKind::kRestricted,
                        LicenseKind::kNonCommercial, LicenseKind::kUnknown}) {
    if (LicenseKindName(k) == s) {
      *kind = k;
      return true;
    }
  }
  return false;
}

bool IsUseCase(std::string_view s) {
  return std::find(kUseCases.begin(), kUseCases.end(), s) != kUseCases.end();
}

size_t UseCaseIndex(std::string_view s) {
  return static_cast<size_t>(std::find(kUseCases.begin(), kUseCases.end(), s) - kUseCases.begin());
}

// The value fields each term type may carry (besides type, section, source, note, applies_to),
// and which of them are required.
struct TermShape {
  std::string_view type;
  std::vector<std::string_view> fields;
  std::vector<std::string_view> required;
};

const std::vector<TermShape>& Shapes() {
  static const std::vector<TermShape>* shapes = new std::vector<TermShape>{
      {"user_threshold", {"monthly_active_users", "daily_active_users"}, {}},
      {"revenue_threshold",
       {"annual_revenue_usd", "effect", "royalty_percent"},
       {"annual_revenue_usd", "effect"}},
      {"registration", {"url"}, {}},
      {"attribution_display", {"phrase"}, {"phrase"}},
      {"attribution", {}, {}},
      {"derivative_naming", {"prefix", "covers_outputs"}, {"prefix"}},
      {"acceptable_use_policy", {"name", "url", "updatable"}, {"name", "updatable"}},
      {"use_restrictions", {"items"}, {}},
      {"use_restrictions_pass_through", {}, {}},
      {"output_restriction", {"scope", "except"}, {"scope"}},
      {"outputs_derivative", {}, {}},
      {"license_copy", {}, {}},
      {"notice_file", {}, {}},
      {"keep_notices", {}, {}},
      {"mark_modifications", {}, {}},
      {"share_alike", {}, {}},
      {"source_disclosure", {}, {}},
      {"non_commercial", {}, {}},
      {"research_only", {}, {}},
      {"no_derivatives", {}, {}},
      {"no_hosting", {}, {}},
      {"no_redistribution", {}, {}},
      {"field_of_use", {"items"}, {"items"}},
      {"geographic_exclusion", {"items", "scope"}, {"items"}},
      {"terms_may_change", {}, {}},
      {"remote_restriction", {}, {}},
      {"other_condition", {}, {}},
      {"termination", {"trigger", "automatic"}, {"trigger"}},
      {"governing_law", {"law", "courts"}, {"law"}},
  };
  return *shapes;
}

LicenseTerm ReadTerm(const Reader& r, const YAML::Node& n) {
  if (!n.IsMap()) r.Fail(n, "a term must be a mapping");
  LicenseTerm t;
  t.type = r.Str(n, "type", true);
  const auto shape = std::find_if(Shapes().begin(), Shapes().end(),
                                  [&](const TermShape& s) { return s.type == t.type; });
  if (shape == Shapes().end()) r.Fail(n, "unknown term type '" + t.type + "'");
  for (const auto& kv : n) {
    const std::string k = kv.first.as<std::string>();
    if (k == "type" || k == "section" || k == "source" || k == "note" || k == "applies_to")
      continue;
    if (std::find(shape->fields.begin(), shape->fields.end(), k) == shape->fields.end()) {
      r.Fail(kv.first, "unknown key '" + k + "' for term " + t.type);
    }
  }
  for (std::string_view req : shape->required) {
    if (!n[std::string(req)].IsDefined()) {
      r.Fail(n, "term " + t.type + " needs '" + std::string(req) + "'");
    }
  }
  t.section = r.Str(n, "section", false);
  t.source = r.Str(n, "source", false);
  if (t.source.empty()) t.source = "license";
  if (t.source != "license" && t.source != "policy") {
    r.Fail(n, "source must be license or policy, not '" + t.source + "'");
  }
  t.note = r.Str(n, "note", false);
  if (t.type == "other_condition" && t.note.empty()) r.Fail(n, "other_condition needs a note");
  t.applies_to = r.List(n, "applies_to");
  for (const std::string& u : t.applies_to) {
    if (!IsUseCase(u)) r.Fail(n, "unknown use case '" + u + "' in applies_to");
  }
  t.monthly_active_users = r.Count(n, "monthly_active_users");
  t.daily_active_users = r.Count(n, "daily_active_users");
  if (t.type == "user_threshold" && !t.monthly_active_users && !t.daily_active_users) {
    r.Fail(n, "user_threshold needs monthly_active_users or daily_active_users");
  }
  t.annual_revenue_usd = r.Count(n, "annual_revenue_usd");
  t.effect = r.Str(n, "effect", false);
  if (!t.effect.empty() && t.effect != "terminates" && t.effect != "license-required" &&
      t.effect != "royalty") {
    r.Fail(n, "unknown effect '" + t.effect + "'");
  }
  t.royalty_percent = r.Percent(n, "royalty_percent");
  t.phrase = r.Str(n, "phrase", false);
  t.prefix = r.Str(n, "prefix", false);
  t.covers_outputs = r.Bool(n, "covers_outputs").value_or(false);
  t.name = r.Str(n, "name", false);
  t.url = r.Str(n, "url", false);
  t.updatable = r.Bool(n, "updatable");
  t.scope = r.Str(n, "scope", false);
  t.except = r.Str(n, "except", false);
  t.items = r.List(n, "items");
  t.trigger = r.Str(n, "trigger", false);
  static const std::set<std::string> kTriggers = {"breach",     "litigation", "revenue",
                                                  "guardrails", "at-will",    "exceeding-use"};
  if (t.type == "termination" && !kTriggers.count(t.trigger)) {
    r.Fail(n, "unknown termination trigger '" + t.trigger + "'");
  }
  t.automatic = r.Bool(n, "automatic").value_or(false);
  t.law = r.Str(n, "law", false);
  t.courts = r.Str(n, "courts", false);
  return t;
}

Permission ReadPermission(const Reader& r, const YAML::Node& n, std::string_view use_case) {
  if (!n.IsDefined()) r.Fail(n, "rights." + std::string(use_case) + " is missing");
  r.CheckKeys(n, {"status", "section", "note"}, "rights." + std::string(use_case));
  Permission p;
  const std::string status = r.Str(n, "status", true);
  if (status == "allowed") {
    p.grant = Grant::kAllowed;
  } else if (status == "prohibited") {
    p.grant = Grant::kProhibited;
  } else if (status == "unknown") {
    p.grant = Grant::kUnknown;
  } else {
    r.Fail(n, "status must be allowed, prohibited or unknown, not '" + status + "'");
  }
  p.section = r.Str(n, "section", false);
  p.note = r.Str(n, "note", false);
  return p;
}

LicenseEntry ReadEntry(const Reader& r, const YAML::Node& n, const std::string& family,
                       const std::string& family_licensor) {
  r.CheckKeys(n,
              {"key", "name", "licensor", "kind", "osi_approved", "spdx", "hf_ids", "scancode",
               "aliases", "url", "confidence", "summary", "versions", "rights", "terms"},
              "a license entry");
  LicenseEntry e;
  e.family = family;
  e.key = r.Str(n, "key", true);
  e.name = r.Str(n, "name", true);
  e.licensor = r.Str(n, "licensor", false);
  if (e.licensor.empty()) e.licensor = family_licensor;
  const std::string kind = r.Str(n, "kind", true);
  if (!ParseKindName(kind, &e.kind)) r.Fail(n, "unknown kind '" + kind + "' for " + e.key);
  const std::optional<bool> osi = r.Bool(n, "osi_approved");
  if (!osi) r.Fail(n, "missing 'osi_approved' for " + e.key);
  e.osi_approved = *osi;
  e.spdx = r.Str(n, "spdx", false);
  e.hf_ids = r.List(n, "hf_ids");
  e.scancode = r.List(n, "scancode");
  e.aliases = r.List(n, "aliases");
  e.url = r.Str(n, "url", false);
  e.confidence = r.Str(n, "confidence", true);
  if (e.confidence != "text" && e.confidence != "secondary" && e.confidence != "none") {
    r.Fail(n, "confidence must be text, secondary or none");
  }
  e.summary = r.Str(n, "summary", false);
  if (const YAML::Node versions = n["versions"]; versions.IsDefined()) {
    if (!versions.IsSequence()) r.Fail(versions, "versions must be a list");
    for (const YAML::Node& v : versions) {
      r.CheckKeys(v, {"version", "date", "date_kind", "note"}, "a version");
      LicenseVersion lv;
      lv.version = r.Str(v, "version", true);
      lv.date = r.Str(v, "date", false);
      lv.date_kind = r.Str(v, "date_kind", false);
      if (lv.date_kind.empty()) lv.date_kind = "release";
      if (lv.date_kind != "release" && lv.date_kind != "effective" &&
          lv.date_kind != "last-modified") {
        r.Fail(v, "date_kind must be release, effective or last-modified");
      }
      if (!lv.date.empty() && (lv.date.size() != 10 || lv.date[4] != '-' || lv.date[7] != '-')) {
        r.Fail(v, "date must be YYYY-MM-DD");
      }
      lv.note = r.Str(v, "note", false);
      e.versions.push_back(std::move(lv));
    }
  }
  const YAML::Node rights = n["rights"];
  if (e.kind == LicenseKind::kUnknown && !rights.IsDefined()) {
    return e;  // "other" / "unknown": nothing is known
  }
  r.CheckKeys(rights, {"commercial", "saas", "redistribute", "derivatives", "train-other-models"},
              "rights of " + e.key);
  for (std::string_view u : kUseCases) {
    e.permissions[UseCaseIndex(u)] = ReadPermission(r, rights[std::string(u)], u);
  }
  if (const YAML::Node terms = n["terms"]; terms.IsDefined()) {
    if (!terms.IsSequence()) r.Fail(terms, "terms must be a list");
    for (const YAML::Node& t : terms) e.terms.push_back(ReadTerm(r, t));
  }
  return e;
}

}  // namespace

std::string_view GrantName(Grant grant) {
  switch (grant) {
    case Grant::kAllowed:
      return "allowed";
    case Grant::kProhibited:
      return "prohibited";
    case Grant::kUnknown:
      return "unknown";
  }
  return "unknown";
}

const Permission& LicenseEntry::ForUseCase(std::string_view use_case) const {
  const size_t i = UseCaseIndex(use_case);
  return permissions[i < permissions.size() ? i : 0];
}

const LicenseTerm* LicenseEntry::Find(std::string_view type) const {
  for (const LicenseTerm& t : terms) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

std::vector<const LicenseTerm*> LicenseEntry::FindAll(std::string_view type) const {
  std::vector<const LicenseTerm*> out;
  for (const LicenseTerm& t : terms) {
    if (t.type == type) out.push_back(&t);
  }
  return out;
}

Status LicenseKnowledgeBase::AddFamily(std::string_view yaml, std::string_view file,
                                       const Limits& limits) {
  if (yaml.size() > kMaxFileBytes) {
    return Status::TooLarge(std::string(file) + ": more than " + std::to_string(kMaxFileBytes) +
                            " bytes");
  }
  std::vector<LicenseEntry> added;
  try {
    {
      std::istringstream in{std::string(yaml)};
      YAML::Parser parser(in);
      Guard guard(limits);
      while (parser.HandleNextDocument(guard)) {
      }
    }
    const YAML::Node root = YAML::Load(std::string(yaml));
    const Reader r(file);
    r.CheckKeys(root, {"family", "licensor", "licenses"}, "the file");
    const std::string family = r.Str(root, "family", true);
    const std::string licensor = r.Str(root, "licensor", false);
    const YAML::Node licenses = root["licenses"];
    if (!licenses.IsSequence() || licenses.size() == 0) {
      r.Fail(root, "licenses must be a non-empty list");
    }
    for (const YAML::Node& n : licenses) {
      LicenseEntry e = ReadEntry(r, n, family, licensor);
      if (Find(e.key) != nullptr ||
          std::any_of(added.begin(), added.end(),
                      [&](const LicenseEntry& a) { return a.key == e.key; })) {
        r.Fail(n, "key '" + e.key + "' is defined twice");
      }
      added.push_back(std::move(e));
    }
  } catch (const GuardStop& g) {
    return Status::TooLarge(std::string(file) + ":" + std::to_string(g.mark.line + 1) + ": " +
                            g.what);
  } catch (const ReadError& e) {
    return Status::InvalidArgument(e.what);
  } catch (const YAML::Exception& e) {
    return Status::Corruption(std::string(file) + ":" + std::to_string(e.mark.line + 1) + ": " +
                              e.msg);
  } catch (const std::exception& e) {
    return Status::Corruption(std::string(file) + ": " + e.what());
  }
  for (LicenseEntry& e : added) entries_.push_back(std::move(e));
  return Status::Ok();
}

Status LicenseKnowledgeBase::LoadBuiltin(LicenseKnowledgeBase* out) {
  *out = LicenseKnowledgeBase{};
  size_t files = 0;
  for (std::string_view name : EmbeddedDataNames()) {
    if (!name.starts_with("licenses/") || !name.ends_with(".yaml")) continue;
    ++files;
    Status s = out->AddFamily(EmbeddedData(name), name);
    if (!s.ok()) return s;
  }
  if (files == 0) return Status::NotFound("no data/licenses/*.yaml file is embedded");
  return Status::Ok();
}

const LicenseKnowledgeBase& LicenseKnowledgeBase::Builtin() {
  static const LicenseKnowledgeBase* kb = [] {
    auto* k = new LicenseKnowledgeBase;
    // Our data, checked by license_terms_test.cc; a failure here is a build bug.
    if (!LoadBuiltin(k).ok()) *k = LicenseKnowledgeBase{};
    return k;
  }();
  return *kb;
}

const LicenseEntry* LicenseKnowledgeBase::Find(std::string_view key) const {
  for (const LicenseEntry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const LicenseEntry* LicenseKnowledgeBase::Recognise(std::string_view text) const {
  const std::string n = NormaliseLicenseId(text);
  if (n.empty()) return nullptr;
  for (const LicenseEntry& e : entries_) {
    if (n == e.key || n == NormaliseLicenseId(e.name)) return &e;
  }
  for (const LicenseEntry& e : entries_) {
    if (!e.spdx.empty() && n == NormaliseLicenseId(e.spdx)) return &e;
    for (const auto* list : {&e.hf_ids, &e.scancode, &e.aliases}) {
      for (const std::string& a : *list) {
        if (n == NormaliseLicenseId(a)) return &e;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> LicenseKnowledgeBase::Inconsistencies(const LicenseTable& table) const {
  std::vector<std::string> out;
  for (const LicenseKey& k : table.entries()) {
    const LicenseEntry* e = Find(k.key);
    if (e == nullptr) {
      out.push_back(k.key + ": in license-keys.csv but not in data/licenses/");
      continue;
    }
    if (e->kind != k.kind) {
      out.push_back(k.key + ": kind " + std::string(LicenseKindName(e->kind)) +
                    " in data/licenses/, " + std::string(LicenseKindName(k.kind)) + " in the csv");
    }
    if (e->osi_approved != k.osi_approved()) out.push_back(k.key + ": OSI flag differs");
    if (e->spdx != k.spdx) out.push_back(k.key + ": SPDX id '" + e->spdx + "' vs '" + k.spdx + "'");
    if (!k.hf_id.empty() &&
        std::find(e->hf_ids.begin(), e->hf_ids.end(), k.hf_id) == e->hf_ids.end()) {
      out.push_back(k.key + ": Hub id " + k.hf_id + " missing from hf_ids");
    }
  }
  for (const LicenseEntry& e : entries_) {
    if (table.Find(e.key) == nullptr) {
      out.push_back(e.key + ": in data/licenses/" + e.family + ".yaml but not in license-keys.csv");
    }
    for (const auto* list : {&e.hf_ids, &e.scancode, &e.aliases}) {
      for (const std::string& a : *list) {
        const LicenseKey* k = table.Recognise(a);
        if (k != nullptr && k->key != e.key) {
          out.push_back(e.key + ": alias '" + a + "' is recognised as " + k->key + " by the csv");
        }
      }
    }
  }
  return out;
}

}  // namespace openness
