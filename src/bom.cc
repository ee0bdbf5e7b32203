// The BOM formats, their dispatch, and the helpers both writers share (bom_internal.h).
#include "openness/bom.h"

#include <cctype>
#include <cstdio>

#include "bom_internal.h"
#include "openness/license_keys.h"
#include "openness/license_terms.h"
#include "openness/spdx_expression.h"

namespace openness {
namespace bom {
namespace {

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

// The license recognised from a declared id ("mit", "Apache-2.0", "llama3.1"), or nullptr.
const LicenseKey* Recognise(std::string_view id) { return LicenseTable::Builtin().Recognise(id); }

BomLicense FromKey(const LicenseKey& k) {
  BomLicense b;
  b.key = k.key;
  b.name = k.name;
  b.spdx = k.spdx;
  b.ref = k.SpdxOrRef();
  return b;
}

// A leaf of a declared expression as a license: a key of ours, or an unknown name.
std::optional<BomLicense> LeafLicense(const SpdxExpression& leaf) {
  const LicenseKey* k = Recognise(leaf.id + (leaf.or_later ? "+" : ""));
  if (k == nullptr) k = Recognise(leaf.id);
  if (k != nullptr) {
    if (k->key == "unknown") return std::nullopt;
    return FromKey(*k);
  }
  BomLicense b;
  b.name = leaf.id;
  b.ref = leaf.id.starts_with("LicenseRef-") ? leaf.id : LicenseRefFor(leaf.id);
  return b;
}

bool ValidExceptionId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

// The expression with each leaf mapped to an SPDX id or a LicenseRef; false when a leaf says
// nothing ("unknown").
bool MapExpression(SpdxExpression* e) {
  if (e->kind == SpdxExpression::Kind::kLicense) {
    std::optional<BomLicense> b = LeafLicense(*e);
    if (!b) return false;
    e->id = b->ref;
    e->or_later = false;
    if (!ValidExceptionId(e->exception)) e->exception.clear();
    return true;
  }
  for (SpdxExpression& o : e->operands) {
    if (!MapExpression(&o)) return false;
  }
  return true;
}

// The declarations that name a license: not the card's license_link (a URL, where the text is),
// and not the placeholders "other" / "unknown" when something else names the license.
std::vector<const DeclaredLicense*> Naming(const Report& report) {
  std::vector<const DeclaredLicense*> out;
  bool named = false;
  auto placeholder = [](const DeclaredLicense& d) {
    const LicenseKey* k = Recognise(d.value);
    return k != nullptr && (k->key == "other" || k->key == "unknown");
  };
  for (const DeclaredLicense& d : report.license.declared) {
    if (d.value.starts_with("http://") || d.value.starts_with("https://") ||
        (d.evidence.key && d.evidence.key->ends_with("license_link"))) {
      continue;
    }
    out.push_back(&d);
    named = named || !placeholder(d);
  }
  if (named) std::erase_if(out, [&](const DeclaredLicense* d) { return placeholder(*d); });
  return out;
}

constexpr std::string_view kKnowledgeBaseUrl = "official text, per the openness license data";

// Where the knowledge base (data/licenses/*.yaml) says the license's official text lives.
std::optional<std::string> KnowledgeBaseUrl(std::string_view key) {
  if (key.empty()) return std::nullopt;
  const LicenseEntry* entry = LicenseKnowledgeBase::Builtin().Find(key);
  if (entry == nullptr || entry->url.empty()) return std::nullopt;
  return entry->url;
}

// The release's own file identified as the license key: the first license-text detection.
std::optional<std::string> LicenseFileOf(const Report& report, std::string_view key) {
  for (const DetectedLicense& d : report.license.detected) {
    if (d.key == key && d.document == "license" && d.evidence.file) return *d.evidence.file;
  }
  return std::nullopt;
}

// The Hub URL of a file of the audited release, at its revision (Hub subjects only).
std::optional<std::string> HubFileUrl(const Report& report, const std::string& file) {
  const std::optional<std::string> page = ModelPage(report);
  if (!page) return std::nullopt;
  return *page + "/blob/" + report.subject.revision.value_or("main") + "/" + file;
}

void AddUnique(std::vector<BomLicense>* list, BomLicense b) {
  for (BomLicense& have : *list) {
    if (have.ref == b.ref) {
      for (Evidence& e : b.evidence) have.evidence.push_back(std::move(e));
      return;
    }
  }
  list->push_back(std::move(b));
}

}  // namespace

bool IsHubId(std::string_view id) {
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= id.size() ||
      id.find('/', slash + 1) != std::string_view::npos || id.size() > 200) {
    return false;
  }
  for (char c : id) {
    if (c != '/' && !IsIdChar(c)) return false;
  }
  return true;
}

std::optional<std::string> ModelPage(const Report& report) {
  if (report.subject.source != "hub" && report.subject.source != "hf-cache") return std::nullopt;
  return HubPage(report.subject.id, /*dataset=*/false);
}

std::optional<std::string> HubPage(std::string_view id, bool dataset) {
  if (!IsHubId(id)) return std::nullopt;
  return std::string(kHubSite) + (dataset ? "/datasets/" : "/") + std::string(id);
}

std::pair<std::string, std::string> SplitId(std::string_view id) {
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos) return {"", std::string(id)};
  return {std::string(id.substr(0, slash)), std::string(id.substr(slash + 1))};
}

std::string IriSafe(std::string_view url) {
  static constexpr std::string_view kExcluded = "<>\"{}|\\^`";
  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || kExcluded.find(c) != std::string_view::npos) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsUtcTimestamp(std::string_view s) {
  // YYYY-MM-DDThh:mm:ssZ
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != kShape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != kShape[i]) {
      return false;
    }
  }
  auto num = [s](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  return num(5, 2) >= 1 && num(5, 2) <= 12 && num(8, 2) >= 1 && num(8, 2) <= 31 &&
         num(11, 2) <= 23 && num(14, 2) <= 59 && num(17, 2) <= 60;
}

std::string EvidenceText(const Evidence& e) {
  std::string out;
  if (e.file) {
    out = *e.file;
    if (e.line) out += ":" + std::to_string(*e.line);
    if (e.key) out += " (" + *e.key + ")";
  } else if (e.key) {
    out = *e.key;
  }
  if (e.url) out += out.empty() ? *e.url : " <" + *e.url + ">";
  return out;
}

std::string UuidFromDigest(std::string_view hex) {
  std::string h(hex.substr(0, 32));
  if (h.size() < 32) h.resize(32, '0');
  h[12] = '8';  // version 8: custom (here: derived from content)
  static constexpr char kVariant[] = "89ab";
  const int nibble = std::isdigit(static_cast<unsigned char>(h[16]))
                         ? h[16] - '0'
                         : std::tolower(static_cast<unsigned char>(h[16])) - 'a' + 10;
  h[16] = kVariant[nibble & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string LicenseRefFor(std::string_view text) {
  std::string out = "LicenseRef-openness-";
  bool dash = false;
  for (char c : text.substr(0, 64)) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.';
    if (keep) {
      out += c;
      dash = false;
    } else if (!dash) {
      out += '-';
      dash = true;
    }
  }
  while (out.back() == '-') out.pop_back();
  return out;
}

std::vector<BomLicense> ConcludedLicenses(const Report& report) {
  std::vector<BomLicense> out;
  std::optional<std::string> license_link;
  for (const ModelLink& l : report.model.links) {
    if (l.kind == "license") license_link = l.url;
  }
  size_t named = 0;
  for (const EffectiveLicense& e : report.license.effective) {
    if (e.key == "unknown") continue;
    BomLicense b;
    b.key = e.key;
    b.name = e.name;
    b.ref = e.spdx;
    if (const LicenseKey* k = LicenseTable::Builtin().Find(e.key)) b.spdx = k->spdx;
    if (b.ref.empty()) b.ref = b.spdx.empty() ? LicenseRefFor(e.key) : b.spdx;
    // A name the table does not know ("other" with the card's license_name): its own ref.
    if (e.key == "other" && !e.name.empty() && e.name != "other") b.ref = LicenseRefFor(e.name);
    if (b.spdx.empty()) ++named;
    for (const DetectedLicense& d : report.license.detected) {
      if (d.key == e.key) b.evidence.push_back(d.evidence);
    }
    for (const DeclaredLicense& d : report.license.declared) {
      const LicenseKey* k = Recognise(d.value);
      if ((k != nullptr && k->key == e.key) || d.value == e.name) b.evidence.push_back(d.evidence);
    }
    AddUnique(&out, std::move(b));
  }
  // The card's license_link names the text of the license it declares: of the one license
  // outside the SPDX list, when there is exactly one.
  if (license_link && named == 1) {
    for (BomLicense& b : out) {
      if (b.spdx.empty()) b.url = license_link;
    }
  }
  // Otherwise the text the release ships (on the Hub), or the official text the knowledge base
  // names; the shipped file is named either way.
  for (BomLicense& b : out) {
    if (!b.spdx.empty()) continue;
    b.file = LicenseFileOf(report, b.key);
    if (!b.url && b.file) {
      b.url = HubFileUrl(report, *b.file);
      if (b.url) b.url_source = "the release's license file " + *b.file;
    }
    if (!b.url) {
      b.url = KnowledgeBaseUrl(b.key);
      if (b.url) b.url_source = kKnowledgeBaseUrl;
    }
  }
  return out;
}

std::vector<BomLicense> DeclaredLicenses(const Report& report) {
  std::vector<BomLicense> out;
  for (const DeclaredLicense* dp : Naming(report)) {
    const DeclaredLicense& d = *dp;
    Result<SpdxExpression> parsed = ParseSpdxExpression(d.value);
    std::vector<BomLicense> leaves;
    if (parsed.ok()) {
      for (const SpdxExpression* leaf : parsed->Licenses()) {
        if (std::optional<BomLicense> b = LeafLicense(*leaf)) leaves.push_back(std::move(*b));
      }
    } else if (const LicenseKey* k = Recognise(d.value)) {
      if (k->key != "unknown") leaves.push_back(FromKey(*k));
    } else {
      BomLicense b;
      b.name = d.value;
      b.ref = LicenseRefFor(d.value);
      leaves.push_back(std::move(b));
    }
    for (BomLicense& b : leaves) {
      b.evidence.push_back(d.evidence);
      AddUnique(&out, std::move(b));
    }
  }
  // A license outside the SPDX list that is also the concluded one has the same text reference;
  // others the knowledge base's.
  for (const BomLicense& c : ConcludedLicenses(report)) {
    for (BomLicense& b : out) {
      if (!b.spdx.empty() || b.ref != c.ref) continue;
      if (!b.url) {
        b.url = c.url;
        b.url_source = c.url_source;
      }
      if (!b.file) b.file = c.file;
    }
  }
  for (BomLicense& b : out) {
    if (!b.spdx.empty()) continue;
    if (!b.url) {
      b.url = KnowledgeBaseUrl(b.key);
      if (b.url) b.url_source = kKnowledgeBaseUrl;
    }
  }
  return out;
}

std::string DeclaredExpression(const Report& report) {
  std::vector<std::string> parts;
  for (const DeclaredLicense* dp : Naming(report)) {
    const DeclaredLicense& d = *dp;
    std::string text;
    Result<SpdxExpression> parsed = ParseSpdxExpression(d.value);
    if (parsed.ok()) {
      SpdxExpression e = std::move(parsed).value();
      if (!MapExpression(&e)) continue;
      text = e.ToString();
      if (e.kind == SpdxExpression::Kind::kOr) text = "(" + text + ")";
    } else if (const LicenseKey* k = Recognise(d.value)) {
      if (k->key == "unknown") continue;
      text = k->SpdxOrRef();
    } else {
      text = LicenseRefFor(d.value);
    }
    bool seen = false;
    for (const std::string& p : parts) seen = seen || p == text;
    if (!seen) parts.push_back(std::move(text));
  }
  if (parts.size() == 1 && parts[0].starts_with("(")) {
    return parts[0].substr(1, parts[0].size() - 2);
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " AND ") + p;
  return out;
}

std::optional<BomLicense> LicenseOfKey(std::string_view key,
                                       const std::optional<Evidence>& evidence) {
  if (key.empty() || key == "unknown") return std::nullopt;
  BomLicense b;
  if (const LicenseKey* k = LicenseTable::Builtin().Find(key)) {
    b = FromKey(*k);
  } else {
    b.key = std::string(key);
    b.name = std::string(key);
    b.ref = LicenseRefFor(key);
  }
  if (evidence) {
    b.evidence.push_back(*evidence);
    if (b.spdx.empty() && evidence->url) b.url = evidence->url;
  }
  if (b.spdx.empty() && !b.url) {
    b.url = KnowledgeBaseUrl(b.key);
    if (b.url) b.url_source = kKnowledgeBaseUrl;
  }
  return b;
}

std::string AndExpression(const std::vector<BomLicense>& licenses) {
  std::string out;
  std::vector<std::string> seen;
  for (const BomLicense& b : licenses) {
    bool dup = false;
    for (const std::string& s : seen) dup = dup || s == b.ref;
    if (dup) continue;
    seen.push_back(b.ref);
    out += (out.empty() ? "" : " AND ") + b.ref;
  }
  return out;
}

}  // namespace bom

bool ParseBomFormat(std::string_view name, BomFormat* format) {
  if (name == "cyclonedx") {
    *format = BomFormat::kCycloneDx;
    return true;
  }
  if (name == "spdx3") {
    *format = BomFormat::kSpdx3;
    return true;
  }
  return false;
}

std::vector<std::string> BomFormatNames() { return {"cyclonedx", "spdx3"}; }

std::string UtcTimestamp(std::time_t t) {
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::string(kNoTimestamp);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status RenderBom(const Report& report, BomFormat format, const BomOptions& options,
                 std::string* out) {
  nlohmann::ordered_json j;
  Status s = format == BomFormat::kCycloneDx ? CycloneDxBom(report, options, &j)
                                             : Spdx3Bom(report, options, &j);
  if (!s.ok()) return s;
  // Replace invalid UTF-8 instead of throwing: card text is untrusted.
  *out = j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  return Status::Ok();
}

}  // namespace openness
