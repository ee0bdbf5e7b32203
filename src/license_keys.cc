#include "openness/license_keys.h"

#include <algorithm>
#include <cctype>

#include "embedded_data.h"

namespace openness {
namespace {

bool ParseKind(std::string_view s, LicenseKind* kind) {
  static constexpr std::pair<std::string_view, LicenseKind> kKinds[] = {
      {"osi", LicenseKind::kOsi},
      {"open-data", LicenseKind::kOpenData},
      {"open-model", LicenseKind::kOpenModel},
      {"permissive-other", LicenseKind::kPermissiveOther},
      {"restricted", LicenseKind::kRestricted},
      {"non-commercial", LicenseKind::kNonCommercial},
      {"unknown", LicenseKind::kUnknown},
  };
  for (const auto& [name, k] : kKinds) {
    if (s == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

std::vector<std::string_view> SplitN(std::string_view line, char sep, size_t max_fields) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < max_fields) {
    size_t pos = line.find(sep);
    if (pos == std::string_view::npos) break;
    out.push_back(line.substr(0, pos));
    line.remove_prefix(pos + 1);
  }
  out.push_back(line);
  return out;
}

}  // namespace

std::string_view LicenseKindName(LicenseKind kind) {
  switch (kind) {
    case LicenseKind::kOsi: return "osi";
    case LicenseKind::kOpenData: return "open-data";
    case LicenseKind::kOpenModel: return "open-model";
    case LicenseKind::kPermissiveOther: return "permissive-other";
    case LicenseKind::kRestricted: return "restricted";
    case LicenseKind::kNonCommercial: return "non-commercial";
    case LicenseKind::kUnknown: return "unknown";
  }
  return "unknown";
}

bool LicenseKey::open() const {
  return kind == LicenseKind::kOsi || kind == LicenseKind::kOpenData ||
         kind == LicenseKind::kOpenModel || kind == LicenseKind::kPermissiveOther;
}

std::string LicenseKey::SpdxOrRef() const {
  if (!spdx.empty()) return spdx;
  std::string ref = "LicenseRef-openness-";
  for (char c : key) ref.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' ? c : '-');
  return ref;
}

bool LicenseKey::no_derivatives() const { return key.find("-nd-") != std::string::npos ||
                                                 key.ends_with("-nd"); }

std::string NormaliseLicenseId(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    char n = static_cast<char>(std::tolower(u));
    if (n == ' ' || n == '_' || n == '\t' || n == '\n' || n == '\r') n = '-';
    if (n == '"' || n == '\'') continue;
    if (n == '-' && (out.empty() || out.back() == '-')) continue;
    out.push_back(n);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

namespace {

// A normalised id without '-', '.' and a "v" right before a digit: "apache-v2.0" -> "apache20".
std::string SquashLicenseId(std::string_view normalised) {
  std::string out;
  for (size_t i = 0; i < normalised.size(); ++i) {
    const char c = normalised[i];
    if (c == '-' || c == '.') continue;
    const bool version_v = c == 'v' && i + 1 < normalised.size() &&
                           std::isdigit(static_cast<unsigned char>(normalised[i + 1])) &&
                           (i == 0 || !std::isalpha(static_cast<unsigned char>(normalised[i - 1])));
    if (version_v) continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

bool LicenseTable::Parse(std::string_view csv, LicenseTable* out, std::string* err) {
  out->entries_.clear();
  bool header_seen = false;
  int line_no = 0;
  while (!csv.empty()) {
    size_t eol = csv.find('\n');
    std::string_view line = csv.substr(0, eol);
    csv.remove_prefix(eol == std::string_view::npos ? csv.size() : eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!header_seen) {  // the column header row
      header_seen = true;
      continue;
    }
    // The alias column is last and may hold commas, so split at most six fields.
    std::vector<std::string_view> f = SplitN(line, ',', 6);
    if (f.size() != 6) {
      *err = "license-keys.csv line " + std::to_string(line_no) + ": expected 6 columns";
      return false;
    }
    LicenseKey k;
    k.key = f[0];
    k.name = f[1];
    k.hf_id = f[2];
    k.spdx = f[3];
    if (k.key.empty() || !ParseKind(f[4], &k.kind)) {
      *err = "license-keys.csv line " + std::to_string(line_no) + ": bad key or kind";
      return false;
    }
    for (std::string_view a : SplitN(f[5], '|', 1000)) {
      if (!a.empty()) k.aliases.push_back(NormaliseLicenseId(a));
    }
    out->entries_.push_back(std::move(k));
  }
  return true;
}

const LicenseTable& LicenseTable::Builtin() {
  static const LicenseTable* table = [] {
    auto* t = new LicenseTable;
    std::string err;
    // The data file is ours and tested (license_keys_test.cc); a parse failure is a build bug.
    if (!Parse(EmbeddedData("license-keys.csv"), t, &err)) t->entries_.clear();
    return t;
  }();
  return *table;
}

const LicenseKey* LicenseTable::Find(std::string_view key) const {
  for (const LicenseKey& k : entries_) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

const LicenseKey* LicenseTable::Recognise(std::string_view declared) const {
  const std::string n = NormaliseLicenseId(declared);
  if (n.empty()) return nullptr;
  for (const LicenseKey& k : entries_) {
    if (n == k.key || n == NormaliseLicenseId(k.hf_id) ||
        (!k.spdx.empty() && n == NormaliseLicenseId(k.spdx))) {
      return &k;
    }
  }
  for (const LicenseKey& k : entries_) {
    if (std::find(k.aliases.begin(), k.aliases.end(), n) != k.aliases.end()) return &k;
  }
  // Last, spellings that differ only in separators or a "v" before the version ("apache2.0",
  // "Apache v2", "llama-3.1"). One match only: an ambiguous squash recognises nothing.
  const std::string squashed = SquashLicenseId(n);
  const LicenseKey* found = nullptr;
  for (const LicenseKey& k : entries_) {
    bool hit = squashed == SquashLicenseId(k.key) || squashed == SquashLicenseId(k.hf_id) ||
               (!k.spdx.empty() && squashed == SquashLicenseId(NormaliseLicenseId(k.spdx)));
    for (const std::string& a : k.aliases) hit = hit || squashed == SquashLicenseId(a);
    if (!hit) continue;
    if (found != nullptr && found != &k) return nullptr;
    found = &k;
  }
  return found;
}

}  // namespace openness
