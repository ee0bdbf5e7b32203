// ParsePolicy: the policy file of `openness check`, TOML read with toml++ (Debian
// libtomlplusplus-dev, header-only here, built without exceptions), then validated key by key.
//
// toml++ builds nested tables recursively, so a dotted key with thousands of parts would exhaust
// the stack; before the parser sees the text, a small lexer bounds the dots per line outside
// strings and comments (tables nest through dotted keys and headers only; inline tables and
// arrays are bounded by TOML_MAX_NESTED_VALUES).
#include "openness/policy.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <utf8proc.h>

#include "openness/license_clauses.h"

#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#define TOML_MAX_NESTED_VALUES 32
// toml++ 3.3 (Debian 12) checks some preconditions of its parser with assertions that malformed
// input can break (the fuzzer finds them within seconds). Release builds turn them into
// nothing with GCC but into __builtin_assume with Clang, which makes a broken one undefined
// behaviour. Every build here turns them into nothing, the way the parser then goes on is
// memory-safe (fuzz/policy_fuzz.cc runs it under ASan and UBSan), and AsciiToml keeps it away
// from its unreachable code.
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")

namespace openness {
namespace {

// Dots outside strings and comments on one line: far above what any policy needs, far below
// what would exhaust the stack (the depth of a table is at most two lines' worth of dots plus
// TOML_MAX_NESTED_VALUES).
constexpr size_t kMaxDotsPerLine = 64;
// Entries in one list, exceptions, and bytes in one string value.
constexpr size_t kMaxListEntries = 1000;
constexpr size_t kMaxStringBytes = 4096;

// The 1-based line of the first line with more than max_dots '.' outside strings and comments,
// or 0 when there is none.
int64_t FindDeepDottedLine(std::string_view text, size_t max_dots) {
  enum class State { kCode, kComment, kBasic, kLiteral, kMlBasic, kMlLiteral };
  State state = State::kCode;
  int64_t line = 1;
  size_t dots = 0;
  auto starts = [&](size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      if (state == State::kComment || state == State::kBasic || state == State::kLiteral) {
        state = State::kCode;
      }
      continue;
    }
    switch (state) {
      case State::kCode:
        if (c == '#') {
          state = State::kComment;
        } else if (c == '"') {
          if (starts(i, "\"\"\"")) {
            state = State::kMlBasic;
            i += 2;
          } else {
            state = State::kBasic;
          }
        } else if (c == '\'') {
          if (starts(i, "'''")) {
            state = State::kMlLiteral;
            i += 2;
          } else {
            state = State::kLiteral;
          }
        } else if (c == '.') {
          if (++dots > max_dots) return line;
        }
        break;
      case State::kComment:
        break;
      case State::kBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;
        } else if (c == '"') {
          state = State::kCode;
        }
        break;
      case State::kLiteral:
        if (c == '\'') state = State::kCode;
        break;
      case State::kMlBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;
        } else if (starts(i, "\"\"\"")) {
          state = State::kCode;
          i += 2;
        }
        break;
      case State::kMlLiteral:
        if (starts(i, "'''")) {
          state = State::kCode;
          i += 2;
        }
        break;
    }
  }
  return 0;
}

// Levenshtein distance, for "did you mean".
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// "; did you mean 'x'?" for the closest candidate within a third of the word, else "".
template <typename Range>
std::string DidYouMean(std::string_view word, const Range& candidates) {
  if (word.size() > 64) return "";
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::string_view candidate(c);
    const size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

template <size_t N>
std::string JoinViews(const std::array<std::string_view, N>& items) {
  std::string out;
  for (std::string_view s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "a list";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true or false";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date and time";
    default:
      return "nothing";
  }
}

// Every key a policy file may hold at the top level, in the order docs/policy.md lists them.
constexpr std::array<std::string_view, 15> kTopLevelKeys = {"version",
                                                            "name",
                                                            "use",
                                                            "min_level",
                                                            "allow",
                                                            "deny",
                                                            "accept_conditional",
                                                            "accept_conditions",
                                                            "on_unknown",
                                                            "require_osaid",
                                                            "min_mof_class",
                                                            "unsafe_weights",
                                                            "check_base_models",
                                                            "deny_findings",
                                                            "exception"};

constexpr std::array<std::string_view, 5> kExceptionKeys = {"model", "reason", "expires", "rules",
                                                            "approved_by"};

constexpr std::array<std::string_view, 3> kMofClasses = {"III", "II", "I"};

constexpr std::array<std::string_view, 4> kUnsafeWeightsValues = {
    "allow", "forbid-dangerous", "forbid-unverified", "forbid-pickle"};

// Condition codes a report can carry beyond license_clauses.h: the interim code of the rights
// stage (a restricted license whose terms were not read clause by clause).
constexpr std::array<std::string_view, 1> kExtraConditionCodes = {"license-terms"};

constexpr std::array<LicenseKind, 7> kAllKinds = {
    LicenseKind::kOsi,        LicenseKind::kOpenData,
    LicenseKind::kOpenModel,  LicenseKind::kPermissiveOther,
    LicenseKind::kRestricted, LicenseKind::kNonCommercial,
    LicenseKind::kUnknown};

bool IsKindName(std::string_view name) {
  for (LicenseKind k : kAllKinds) {
    if (LicenseKindName(k) == name) return true;
  }
  return false;
}

bool IsCodeToken(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return true;
}

// Reads one policy file into a Policy; every error names the line.
class PolicyReader {
 public:
  PolicyReader(std::string_view source, const LicenseTable& table, Policy* out)
      : source_(source), table_(table), out_(out) {}

  Status Read(const toml::table& root) {
    for (auto&& [key, node] : root) {
      const std::string k(key.str());
      const int64_t line = LineOf(key.source(), node);
      out_->lines[k] = line;
      Status s = ReadKey(k, node, line);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  static int64_t LineOf(const toml::source_region& region, const toml::node& fallback) {
    if (region.begin.line > 0) return static_cast<int64_t>(region.begin.line);
    return static_cast<int64_t>(fallback.source().begin.line);
  }
  static int64_t LineOf(const toml::node& node, int64_t fallback) {
    const auto l = node.source().begin.line;
    return l > 0 ? static_cast<int64_t>(l) : fallback;
  }

  Status Error(int64_t line, const std::string& message) const {
    return Status::InvalidArgument(source_ + ":" + std::to_string(line) + ": " + message);
  }

  Status ReadKey(const std::string& key, const toml::node& node, int64_t line) {
    if (key == "version") {
      const auto v = node.value<int64_t>();
      if (!node.is_integer() || !v)
        return Error(line, "'version' must be an integer, not " + TypeName(node));
      if (*v != 1)
        return Error(line, "policy version " + std::to_string(*v) +
                               " is not supported (this openness reads version 1)");
      return Status::Ok();
    }
    if (key == "name") return ReadString(key, node, line, &out_->name);
    if (key == "use") {
      std::vector<Item> items;
      Status s = ReadStrings(key, node, line, &items);
      if (!s.ok()) return s;
      for (const Item& it : items) {
        if (std::find(kPolicyUses.begin(), kPolicyUses.end(), it.value) == kPolicyUses.end()) {
          return Error(it.line, "'" + it.value + "' is not a use; 'use' takes " +
                                    JoinViews(kPolicyUses) + DidYouMean(it.value, kPolicyUses));
        }
        if (std::find(out_->uses.begin(), out_->uses.end(), it.value) == out_->uses.end()) {
          out_->uses.push_back(it.value);
        }
      }
      return Status::Ok();
    }
    if (key == "min_level") {
      std::string level;
      Status s = ReadString(key, node, line, &level);
      if (!s.ok()) return s;
      if (std::find(kPolicyLevels.begin(), kPolicyLevels.end(), level) == kPolicyLevels.end()) {
        return Error(line, "'" + level + "' is not a level; 'min_level' takes " +
                               JoinViews(kPolicyLevels) + DidYouMean(level, kPolicyLevels));
      }
      out_->min_level = level;
      return Status::Ok();
    }
    if (key == "allow") return ReadLicenses(key, node, line, &out_->allow);
    if (key == "deny") return ReadLicenses(key, node, line, &out_->deny);
    if (key == "accept_conditional") return ReadBool(key, node, line, &out_->accept_conditional);
    if (key == "accept_conditions") return ReadConditions(key, node, line);
    if (key == "on_unknown") {
      std::string v;
      Status s = ReadString(key, node, line, &v);
      if (!s.ok()) return s;
      if (v == "fail") {
        out_->on_unknown = OnUnknown::kFail;
      } else if (v == "warn") {
        out_->on_unknown = OnUnknown::kWarn;
      } else {
        return Error(line, "'on_unknown' is \"fail\" or \"warn\", not '" + v + "'");
      }
      return Status::Ok();
    }
    if (key == "require_osaid") return ReadBool(key, node, line, &out_->require_osaid);
    if (key == "min_mof_class") {
      std::string v;
      Status s = ReadString(key, node, line, &v);
      if (!s.ok()) return s;
      if (std::find(kMofClasses.begin(), kMofClasses.end(), v) == kMofClasses.end()) {
        return Error(line,
                     "'min_mof_class' is \"III\", \"II\" or \"I\" (Class I is the most "
                     "open), not '" +
                         v + "'");
      }
      out_->min_mof_class = v;
      return Status::Ok();
    }
    if (key == "unsafe_weights") {
      std::string v;
      Status s = ReadString(key, node, line, &v);
      if (!s.ok()) return s;
      static constexpr std::array<UnsafeWeights, 4> kValues = {
          UnsafeWeights::kAllow, UnsafeWeights::kForbidDangerous, UnsafeWeights::kForbidUnverified,
          UnsafeWeights::kForbidPickle};
      for (size_t i = 0; i < kUnsafeWeightsValues.size(); ++i) {
        if (kUnsafeWeightsValues[i] == v) {
          out_->unsafe_weights = kValues[i];
          return Status::Ok();
        }
      }
      return Error(line, "'unsafe_weights' takes " + JoinViews(kUnsafeWeightsValues) + ", not '" +
                             v + "'" + DidYouMean(v, kUnsafeWeightsValues));
    }
    if (key == "check_base_models") return ReadBool(key, node, line, &out_->check_base_models);
    if (key == "deny_findings") {
      std::vector<Item> items;
      Status s = ReadStrings(key, node, line, &items);
      if (!s.ok()) return s;
      for (const Item& it : items) {
        if (!IsCodeToken(it.value)) {
          return Error(it.line, "'" + it.value +
                                    "' is not a finding code (lower-case words "
                                    "joined by hyphens, e.g. open-washing)");
        }
        out_->deny_findings.push_back(it.value);
      }
      return Status::Ok();
    }
    if (key == "exception") return ReadExceptions(node, line);
    return Error(line, "unknown key '" + key + "'" + DidYouMean(key, kTopLevelKeys) +
                           " (docs/policy.md lists every key)");
  }

  struct Item {
    std::string value;
    int64_t line = 0;
  };

  Status CheckString(const std::string& key, const std::string& v, int64_t line) const {
    if (v.size() > kMaxStringBytes) {
      return Error(line, "the value of '" + key + "' is longer than " +
                             std::to_string(kMaxStringBytes) + " bytes");
    }
    return Status::Ok();
  }

  Status ReadString(const std::string& key, const toml::node& node, int64_t line,
                    std::string* out) const {
    const auto v = node.value<std::string>();
    if (!node.is_string() || !v) {
      return Error(line, "'" + key + "' must be a string, not " + TypeName(node));
    }
    Status s = CheckString(key, *v, line);
    if (!s.ok()) return s;
    *out = *v;
    return Status::Ok();
  }

  Status ReadBool(const std::string& key, const toml::node& node, int64_t line, bool* out) const {
    const auto v = node.value<bool>();
    if (!node.is_boolean() || !v) {
      return Error(line, "'" + key + "' must be true or false, not " + TypeName(node));
    }
    *out = *v;
    return Status::Ok();
  }

  // A string or a list of strings (a single string is a list of one).
  Status ReadStrings(const std::string& key, const toml::node& node, int64_t line,
                     std::vector<Item>* out) const {
    if (node.is_string()) {
      Item it{*node.value<std::string>(), line};
      Status s = CheckString(key, it.value, line);
      if (!s.ok()) return s;
      out->push_back(std::move(it));
      return Status::Ok();
    }
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      return Error(line,
                   "'" + key + "' must be a string or a list of strings, not " + TypeName(node));
    }
    if (array->size() > kMaxListEntries) {
      return Error(line,
                   "'" + key + "' has more than " + std::to_string(kMaxListEntries) + " entries");
    }
    for (const toml::node& element : *array) {
      const int64_t element_line = LineOf(element, line);
      const auto v = element.value<std::string>();
      if (!element.is_string() || !v) {
        return Error(element_line, "'" + key + "' must list strings; found " + TypeName(element));
      }
      Status s = CheckString(key, *v, element_line);
      if (!s.ok()) return s;
      out->push_back({*v, element_line});
    }
    return Status::Ok();
  }

  Status ReadLicenses(const std::string& key, const toml::node& node, int64_t line,
                      std::vector<std::string>* out) const {
    std::vector<Item> items;
    Status s = ReadStrings(key, node, line, &items);
    if (!s.ok()) return s;
    for (const Item& it : items) {
      std::string entry;
      if (IsKindName(it.value)) {
        entry = it.value;
      } else if (const LicenseKey* k = table_.Recognise(it.value); k != nullptr) {
        entry = k->key;
      } else {
        std::vector<std::string> candidates;
        for (LicenseKind kind : kAllKinds) candidates.emplace_back(LicenseKindName(kind));
        for (const LicenseKey& k2 : table_.entries()) candidates.push_back(k2.key);
        return Error(it.line, "'" + it.value + "' in '" + key +
                                  "' is neither a license key nor a license kind" +
                                  DidYouMean(NormaliseLicenseId(it.value), candidates) +
                                  " (kinds: osi, open-data, open-model, permissive-other, "
                                  "restricted, non-commercial, unknown; keys: "
                                  "data/license-keys.csv)");
      }
      if (std::find(out->begin(), out->end(), entry) == out->end()) out->push_back(entry);
    }
    return Status::Ok();
  }

  Status ReadConditions(const std::string& key, const toml::node& node, int64_t line) {
    std::vector<Item> items;
    Status s = ReadStrings(key, node, line, &items);
    if (!s.ok()) return s;
    for (const Item& it : items) {
      const bool extra = std::find(kExtraConditionCodes.begin(), kExtraConditionCodes.end(),
                                   it.value) != kExtraConditionCodes.end();
      if (it.value != "*" && !IsClauseCode(it.value) && !extra) {
        std::vector<std::string> candidates;
        for (std::string_view c : kClauseCodes) candidates.emplace_back(c);
        for (std::string_view c : kExtraConditionCodes) candidates.emplace_back(c);
        return Error(it.line, "'" + it.value + "' is not a condition code" +
                                  DidYouMean(it.value, candidates) +
                                  " (docs/policy.md lists them; \"*\" accepts any)");
      }
      auto& list = out_->accept_conditions;
      if (std::find(list.begin(), list.end(), it.value) == list.end()) list.push_back(it.value);
    }
    return Status::Ok();
  }

  Status ReadDate(const toml::node& node, int64_t line, PolicyDate* out) const {
    if (const auto* d = node.as_date(); d != nullptr) {
      const toml::date& v = d->get();
      out->year = v.year;
      out->month = v.month;
      out->day = v.day;
      if (!out->valid()) return Error(line, "'expires' is not a valid date");
      return Status::Ok();
    }
    if (const auto v = node.value<std::string>(); node.is_string() && v) {
      if (!PolicyDate::Parse(*v, out)) {
        return Error(line, "'expires' must be a date written YYYY-MM-DD, not '" + *v + "'");
      }
      return Status::Ok();
    }
    return Error(line, "'expires' must be a date (expires = 2026-12-31), not " + TypeName(node));
  }

  Status ReadExceptions(const toml::node& node, int64_t line) {
    const toml::array* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      return Error(line, "'exception' must be written as [[exception]] tables");
    }
    if (array->size() > kMaxListEntries) {
      return Error(line, "more than " + std::to_string(kMaxListEntries) + " exceptions");
    }
    for (const toml::node& element : *array) {
      const toml::table& t = *element.as_table();
      PolicyException e;
      e.line = LineOf(element, line);
      bool has_model = false, has_reason = false, has_expires = false;
      for (auto&& [key, value] : t) {
        const std::string k(key.str());
        const int64_t kline = LineOf(key.source(), value);
        Status s;
        if (k == "model") {
          s = ReadString("model", value, kline, &e.model);
          if (s.ok() && (e.model.empty() || e.model.size() > 512)) {
            s = Error(kline, "'model' must name a model (1 to 512 bytes)");
          }
          has_model = true;
        } else if (k == "reason") {
          s = ReadString("reason", value, kline, &e.reason);
          if (s.ok() && e.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
            s = Error(kline, "'reason' must say why the exception is granted");
          }
          has_reason = true;
        } else if (k == "expires") {
          s = ReadDate(value, kline, &e.expires);
          has_expires = true;
        } else if (k == "approved_by") {
          s = ReadString("approved_by", value, kline, &e.approved_by);
        } else if (k == "rules") {
          std::vector<Item> items;
          s = ReadStrings("rules", value, kline, &items);
          for (size_t i = 0; s.ok() && i < items.size(); ++i) {
            if (FindPolicyRule(items[i].value) == nullptr) {
              std::vector<std::string> ids;
              for (const PolicyRule& r : PolicyRules()) ids.emplace_back(r.id);
              s = Error(items[i].line, "'" + items[i].value + "' is not a policy rule" +
                                           DidYouMean(items[i].value, ids) +
                                           " (docs/policy.md lists the rules)");
            } else {
              e.rules.push_back(items[i].value);
            }
          }
        } else {
          s = Error(kline,
                    "unknown key '" + k + "' in [[exception]]" + DidYouMean(k, kExceptionKeys));
        }
        if (!s.ok()) return s;
      }
      if (!has_model) return Error(e.line, "[[exception]] needs 'model' (the model it covers)");
      if (!has_reason) return Error(e.line, "[[exception]] needs 'reason' (why it is granted)");
      if (!has_expires) {
        return Error(e.line,
                     "[[exception]] needs 'expires' (the last day it applies, "
                     "e.g. expires = 2026-12-31)");
      }
      out_->exceptions.push_back(std::move(e));
    }
    return Status::Ok();
  }

  std::string source_;
  const LicenseTable& table_;
  Policy* out_;
};

}  // namespace

bool PolicyDate::valid() const {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool PolicyDate::Parse(std::string_view text, PolicyDate* out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto number = [&](size_t pos, size_t len, int* v) {
    *v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      *v = *v * 10 + (text[i] - '0');
    }
    return true;
  };
  PolicyDate d;
  if (!number(0, 4, &d.year) || !number(5, 2, &d.month) || !number(8, 2, &d.day)) return false;
  if (!d.valid()) return false;
  *out = d;
  return true;
}

std::string PolicyDate::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

int64_t Policy::LineOf(std::string_view key) const {
  auto it = lines.find(std::string(key));
  return it == lines.end() ? 0 : it->second;
}

const std::vector<PolicyRule>& PolicyRules() {
  static const std::vector<PolicyRule> kRules = {
      {"license-unknown", "The license of the weights could not be identified.",
       "Find the license the weights are released under and declare it in the model card "
       "(`license:`), or list its key in `allow`; set on_unknown = \"warn\" to report without "
       "failing."},
      {"license-denied",
       "The weights are under a license, or a kind of license, that the policy "
       "denies.",
       "Use a model under another license, or record a reviewed [[exception]]."},
      {"license-not-allowed", "The weights are under a license that is not on the allow list.",
       "Add the license key or its kind to `allow` after review, or use another model."},
      {"base-license-denied", "A base model in the lineage is under a denied license.",
       "Derived weights usually inherit the base model's terms: check the base model's license "
       "and the derivative's, or record an [[exception]]."},
      {"use-prohibited", "The license prohibits an intended use.",
       "Use a model whose license grants this use, or obtain a separate license and record it "
       "as an [[exception]]."},
      {"use-unknown", "The evidence does not say whether an intended use is allowed.",
       "Read the license; declare it in the model card so the audit can identify it."},
      {"conditional-rejected",
       "An intended use is allowed only under conditions, and the policy "
       "does not accept conditional rights.",
       "Set accept_conditional = true and list the acceptable conditions, or use another model."},
      {"condition-not-accepted", "An intended use carries a condition the policy does not accept.",
       "Review the condition; if your use meets it, add its code to `accept_conditions`."},
      {"level-below-minimum", "The release is less open than the policy's `min_level`.",
       "Use a more open release, or lower `min_level` for this use."},
      {"osaid-required", "The release does not pass the OSI Open Source AI Definition 1.0.",
       "The reasons name the missing code, data information or license."},
      {"mof-class-below-minimum", "The Model Openness Framework class is below `min_mof_class`.",
       "The components missing for the class are in the report's components table."},
      {"unsafe-weights-format", "Weights are stored in a format that can run code when loaded.",
       "Prefer safetensors or GGUF; never load a pickle that imports code-running globals."},
      {"denied-finding", "The audit reported a finding that the policy denies (`deny_findings`).",
       "Read the finding and its evidence."},
  };
  return kRules;
}

const PolicyRule* FindPolicyRule(std::string_view id) {
  for (const PolicyRule& r : PolicyRules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

namespace {

// toml++ 3.3 (Debian 12) reaches __builtin_unreachable in its whitespace table for many
// characters between U+00A1 and U+0499 wherever its scanner asks whether one is whitespace, and
// on invalid input it asks in places no outside lexer can predict (the fuzz campaign found
// three). So the parser is given ASCII only: non-ASCII text in strings becomes \uXXXX escapes
// (literal strings are rewritten as the equal basic strings), in comments '?', and elsewhere
// it is refused with its line and column, as are control characters other than tab (a NUL in a
// table header trips an assertion). A small lexer: strings ("...", '...', and the
// triple-quoted forms), comments, and the rest. Lines are kept, so toml++'s line numbers stay
// right; columns after a rewritten character shift.
Status AsciiToml(std::string_view text, const std::string& name, std::string* ascii) {
  ascii->clear();
  ascii->reserve(text.size());
  int64_t line = 1, column = 1;
  enum class In { kCode, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral } in = In::kCode;
  auto refuse = [&](std::string_view what) {
    return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", name, line, column, what));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::string_view rest = text.substr(i);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return refuse(fmt::format("control character 0x{:02x} is not allowed in TOML", c));
    }
    if (c >= 0x80) {
      utf8proc_int32_t cp = -1;
      const utf8proc_ssize_t n =
          utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(rest.data()),
                           static_cast<utf8proc_ssize_t>(rest.size()), &cp);
      if (n <= 0 || cp < 0) return refuse("invalid UTF-8");
      switch (in) {
        case In::kCode:
          return refuse("non-ASCII character outside a string or comment");
        case In::kComment:
          ascii->push_back('?');
          break;
        case In::kBasic:
        case In::kMultiBasic:
        case In::kLiteral:
        case In::kMultiLiteral:
          *ascii += cp <= 0xffff ? fmt::format("\\u{:04X}", cp) : fmt::format("\\U{:08X}", cp);
          break;
      }
      i += static_cast<size_t>(n) - 1;
      ++column;
      continue;
    }
    size_t skip = 0;  // extra bytes consumed by a delimiter or an escape
    std::string_view piece;  // what the parser gets instead of them ("": the bytes as written)
    switch (in) {
      case In::kCode:
        if (c == '#') in = In::kComment;
        if (rest.starts_with("\"\"\"")) {
          in = In::kMultiBasic;
          skip = 2;
        } else if (rest.starts_with("'''")) {
          in = In::kMultiLiteral;
          skip = 2;
          piece = "\"\"\"";
        } else if (c == '"') {
          in = In::kBasic;
        } else if (c == '\'') {
          in = In::kLiteral;
          piece = "\"";
        }
        break;
      case In::kComment:
        if (c == '\n') in = In::kCode;
        break;
      case In::kBasic:
      case In::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80) {
          return refuse("a backslash followed by a non-ASCII character");
        }
        if (c == '\\') {
          skip = i + 1 < text.size() && text[i + 1] >= 0x20 && text[i + 1] < 0x7f ? 1 : 0;
        } else if (in == In::kBasic && (c == '"' || c == '\n')) {
          in = In::kCode;  // an unterminated string is the TOML parser's to report
        } else if (in == In::kMultiBasic && rest.starts_with("\"\"\"")) {
          in = In::kCode;
          skip = 2;
        }
        break;
      case In::kLiteral:
      case In::kMultiLiteral:
        if (in == In::kLiteral && (c == '\'' || c == '\n')) {
          in = In::kCode;
          if (c == '\'') piece = "\"";
        } else if (in == In::kMultiLiteral && rest.starts_with("'''")) {
          in = In::kCode;
          skip = 2;
          piece = "\"\"\"";
        } else if (c == '\\') {
          piece = "\\\\";
        } else if (c == '"') {
          piece = "\\\"";
        }
        break;
    }
    ascii->append(piece.empty() ? text.substr(i, skip + 1) : piece);
    for (size_t k = 0; k <= skip && i + k < text.size(); ++k) {
      if (text[i + k] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    i += skip;
  }
  return Status::Ok();
}

}  // namespace

Status ParsePolicy(std::string_view text, std::string_view source, const LicenseTable& table,
                   Policy* out, const Limits& limits) {
  const std::string name(source.empty() ? "policy" : source);
  if (text.size() > limits.policy_bytes) {
    return Status::TooLarge(name + ": " + std::to_string(text.size()) +
                            " bytes is over the policy limit of " +
                            std::to_string(limits.policy_bytes));
  }
  if (const int64_t line = FindDeepDottedLine(text, kMaxDotsPerLine); line != 0) {
    return Status::InvalidArgument(name + ":" + std::to_string(line) + ": more than " +
                                   std::to_string(kMaxDotsPerLine) +
                                   " dots outside strings on one line (dotted keys nest too deep)");
  }
  std::string ascii;
  if (Status s = AsciiToml(text, name, &ascii); !s.ok()) return s;
  toml::parse_result parsed = toml::parse(ascii, std::string_view(name));
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return Status::Corruption(name + ":" + std::to_string(e.source().begin.line) + ":" +
                              std::to_string(e.source().begin.column) + ": " +
                              std::string(e.description()));
  }
  Policy policy;
  policy.source = name;
  PolicyReader reader(name, table, &policy);
  Status s = reader.Read(parsed.table());
  if (!s.ok()) return s;
  *out = std::move(policy);
  return Status::Ok();
}

Status LoadPolicyFile(const std::string& path, const LicenseTable& table, Policy* out,
                      const Limits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the policy file");
  std::string text;
  text.resize(static_cast<size_t>(limits.policy_bytes) + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status::IOError(path + ": cannot read the policy file");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > limits.policy_bytes) {
    return Status::TooLarge(path + ": the policy file is over " +
                            std::to_string(limits.policy_bytes) + " bytes");
  }
  return ParsePolicy(text, path, table, out, limits);
}

bool PolicyGlobMatch(std::string_view pattern, std::string_view text) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  // Greedy matching with one backtrack point: O(pattern * text) at worst, and both are short.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && lower(pattern[p]) == lower(text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool PolicyOutcome::passed() const { return failing() == 0; }

size_t PolicyOutcome::failing() const {
  return static_cast<size_t>(std::count_if(violations.begin(), violations.end(),
                                           [](const PolicyViolation& v) { return v.fails(); }));
}

}  // namespace openness
