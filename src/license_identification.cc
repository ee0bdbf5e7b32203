// IdentifyLicenses: which license governs the weights, from what the release declares and what
// its license texts say.
//
//   declared  card license / license_name / license_link, GGUF general.license*, safetensors
//             __metadata__ license; SPDX expressions, sloppy names, and links resolved through
//             the URL patterns of data/license-urls.tsv (a link to the release's own LICENSE
//             file defers to that file's text);
//   detected  every license, use-policy and notice file, and the card's license sections, read
//             by the license matcher (license_matcher.h); a license file the matcher does not
//             know is still recognised by its title, with low confidence;
//   effective reconciled: the shipped license text governs over a metadata label (it holds the
//             terms one accepts; the label is often copied from a base model); among labels, the
//             card governs over metadata embedded in weight files. Disagreements become the
//             findings license-contradiction and declared-license-mismatch, each saying which
//             one governs and why; nothing at all is license-missing.
#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "embedded_data.h"
#include "openness/assessment.h"
#include "openness/license_matcher.h"
#include "openness/spdx_expression.h"

namespace openness {
namespace {

// ---- Declarations ----

enum class Source { kCard, kWeights };

struct Declaration {
  std::string value;
  Evidence evidence;
  Source source = Source::kCard;
  bool is_link = false;  // license_link / general.license.link
};

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct UrlPattern;
const UrlPattern* MatchUrl(std::string_view url);  // below, with the URL table

// Whether card line n states the license: it opens with a "License" label (bold, or followed
// by a colon), or it is the first line with a link in a section headed "License".
bool IsLicenseStatementLine(const ModelCard& card, int n) {
  std::string line = Lower(Trim(card.Line(n)));
  while (!line.empty() && (line.front() == '*' || line.front() == '_' || line.front() == '-')) {
    line.erase(0, 1);
  }
  for (std::string_view label : {"license", "licence"}) {
    if (line.starts_with(label)) {
      const std::string_view rest = std::string_view(line).substr(label.size());
      if (rest.starts_with("**") || rest.starts_with("__") || rest.starts_with(":")) return true;
    }
  }
  for (const CardSection& s : card.sections) {
    if (n <= s.line || n > s.end_line) continue;
    // "License", "License Agreement", "使用协议（License Agreement）", "许可证".
    const std::string heading = Lower(Trim(s.heading));
    bool about_license = false;
    for (std::string_view word : {"license", "licence", "licensing", "许可", "协议"}) {
      about_license = about_license || heading.find(word) != std::string::npos;
    }
    if (!about_license) continue;
    // Only the section's first line with a link states the release's own license; later ones
    // are about other things (DeepSeek-R1 lists the licenses of the models it was distilled
    // into).
    int first = 0;
    for (const CardLink& l : card.links) {
      if (l.line > s.line && l.line <= s.end_line && (first == 0 || l.line < first)) first = l.line;
    }
    if (n == first) return true;
  }
  return false;
}

std::vector<Declaration> CollectDeclarations(const ReleaseEvidence& ev) {
  std::vector<Declaration> out;
  auto add = [&](std::string value, Evidence e, Source source, bool link) {
    value = Trim(value);
    if (value.empty()) return;
    out.push_back({std::move(value), std::move(e), source, link});
  };
  if (ev.card) {
    const FrontMatter& fm = ev.card->front_matter;
    for (const CardValue& v : fm.license) {
      Evidence e = Evidence::InFile(ev.card->file, v.line).WithKey("license");
      e.WithExcerpt("license: " + v.value);
      add(v.value, std::move(e), Source::kCard, false);
    }
    if (fm.license_name) {
      Evidence e = Evidence::InFile(ev.card->file, fm.license_name->line).WithKey("license_name");
      e.WithExcerpt("license_name: " + fm.license_name->value);
      add(fm.license_name->value, std::move(e), Source::kCard, false);
    }
    if (fm.license_link) {
      Evidence e = Evidence::InFile(ev.card->file, fm.license_link->line).WithKey("license_link");
      e.WithExcerpt("license_link: " + fm.license_link->value);
      add(fm.license_link->value, std::move(e), Source::kCard, true);
    }
    // No license in the front matter: a link given as the license in the card's prose
    // ("**License** A custom commercial license is available at: <url>", or a link under a
    // License heading) declares it. Only links count; the URL table decides what they name.
    if (fm.license.empty() && !fm.license_name && !fm.license_link) {
      for (const CardLink& l : ev.card->links) {
        if (!IsLicenseStatementLine(*ev.card, l.line) || MatchUrl(l.url) == nullptr) continue;
        Evidence e = Evidence::InFile(ev.card->file, l.line);
        e.WithExcerpt(Trim(ev.card->Line(l.line)));
        e.url = l.url;
        add(l.url, std::move(e), Source::kCard, true);
      }
    }
  }
  for (const WeightsHeader& w : ev.weights) {
    if (w.gguf) {
      for (const char* key : {"general.license", "general.license.name", "general.license.link"}) {
        if (auto v = w.gguf->GetString(key)) {
          Evidence e = Evidence::InFile(w.path).WithKey(key);
          e.WithExcerpt(*v);
          add(*v, std::move(e), Source::kWeights, std::string_view(key).ends_with(".link"));
        }
      }
    }
    if (w.safetensors) {
      for (const char* key : {"license", "license_name", "license_link"}) {
        auto it = w.safetensors->metadata.find(key);
        if (it == w.safetensors->metadata.end()) continue;
        Evidence e = Evidence::InFile(w.path).WithKey(std::string("__metadata__.") + key);
        e.WithExcerpt(it->second);
        add(it->second, std::move(e), Source::kWeights, std::string_view(key) == "license_link");
      }
    }
  }
  return out;
}

// ---- URL patterns (data/license-urls.tsv) ----

struct UrlPattern {
  std::vector<std::string> segments;
  std::string key;
  std::string version;
};

std::vector<std::string> SplitPath(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t slash = s.find('/', pos);
    if (slash == std::string_view::npos) slash = s.size();
    if (slash > pos) out.emplace_back(s.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

// Scheme, "www.", query and fragment dropped; lower case; "%20" as a space; no trailing "/".
std::string NormaliseUrl(std::string_view url) {
  std::string s = Lower(Trim(url));
  if (size_t scheme = s.find("://"); scheme != std::string::npos) s.erase(0, scheme + 3);
  if (s.starts_with("www.")) s.erase(0, 4);
  if (size_t q = s.find_first_of("?#"); q != std::string::npos) s.resize(q);
  for (size_t p = s.find("%20"); p != std::string::npos; p = s.find("%20", p)) s.replace(p, 3, " ");
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

const std::vector<UrlPattern>& UrlPatterns() {
  static const auto* const kPatterns = [] {
    auto* out = new std::vector<UrlPattern>();
    std::string_view data = EmbeddedData("license-urls.tsv");
    bool header = true;
    while (!data.empty()) {
      size_t eol = data.find('\n');
      std::string_view line = data.substr(0, eol);
      data = eol == std::string_view::npos ? std::string_view() : data.substr(eol + 1);
      if (line.empty() || line[0] == '#') continue;
      if (header) {
        header = false;
        continue;
      }
      const size_t t1 = line.find('\t');
      if (t1 == std::string_view::npos) continue;
      const size_t t2 = line.find('\t', t1 + 1);
      UrlPattern p;
      p.segments = SplitPath(NormaliseUrl(line.substr(0, t1)));
      p.key = Trim(
          line.substr(t1 + 1, t2 == std::string_view::npos ? std::string_view::npos : t2 - t1 - 1));
      if (t2 != std::string_view::npos) p.version = Trim(line.substr(t2 + 1));
      if (!p.segments.empty() && !p.key.empty()) out->push_back(std::move(p));
    }
    return out;
  }();
  return *kPatterns;
}

bool SegmentMatches(std::string_view pattern, std::string_view segment) {
  if (pattern == "*") return true;
  if (pattern.size() > 1 && pattern.back() == '*') {
    return segment.starts_with(pattern.substr(0, pattern.size() - 1));
  }
  return pattern == segment;
}

const UrlPattern* MatchUrl(std::string_view url) {
  const std::vector<std::string> segs = SplitPath(NormaliseUrl(url));
  for (const UrlPattern& p : UrlPatterns()) {
    const bool tail = p.segments.back() == "**";
    const size_t fixed = tail ? p.segments.size() - 1 : p.segments.size();
    if (tail ? segs.size() < fixed : segs.size() != fixed) continue;
    bool ok = true;
    for (size_t i = 0; i < fixed && ok; ++i) ok = SegmentMatches(p.segments[i], segs[i]);
    if (ok) return &p;
  }
  return nullptr;
}

// The release file a link points to: a relative path ("LICENSE", "./LICENSE.md") or a Hub link
// into a repository ("huggingface.co/<org>/<repo>/blob/<rev>/<path>"). Empty when it is neither
// or the release has no such text.
std::string LinkedFile(const ReleaseEvidence& ev, std::string_view link) {
  const std::string raw = Trim(link);
  const std::string norm = NormaliseUrl(raw);  // lower case, no scheme, no query
  std::string path;
  if (raw.find("://") == std::string::npos && !norm.starts_with("huggingface.co/")) {
    path = norm;
    while (path.starts_with("./")) path.erase(0, 2);
  } else if (norm.starts_with("huggingface.co/")) {
    const std::vector<std::string> segs = SplitPath(std::string_view(norm).substr(15));
    // org / repo / blob|resolve / revision / path...
    if (segs.size() >= 5 && (segs[2] == "blob" || segs[2] == "resolve")) {
      for (size_t i = 4; i < segs.size(); ++i) path += (i > 4 ? "/" : "") + segs[i];
    }
  }
  if (path.empty()) return {};
  for (const TextFile& t : ev.texts) {
    if (Lower(t.path) == path) return t.path;
  }
  return {};
}

// ---- Resolving declared values to keys ----

struct Resolution {
  std::vector<const LicenseKey*> keys;  // all apply together
  std::string version;                  // from a URL pattern
  std::string linked_file;              // the declaration points at this release file
  bool other = false;                   // "other" / "unknown" / a name we do not know
  bool expression_or = false;           // an OR expression: the more open choice was taken
};

int OpennessRank(const LicenseKey* k) {
  switch (k->kind) {
    case LicenseKind::kOsi:
    case LicenseKind::kOpenData:
    case LicenseKind::kOpenModel:
    case LicenseKind::kPermissiveOther:
      return 0;
    case LicenseKind::kRestricted:
      return 1;
    case LicenseKind::kNonCommercial:
      return 2;
    case LicenseKind::kUnknown:
      return 3;
  }
  return 3;
}

// A name as written in cards: "Apache 2.0", "Llama3.1 Community License", "LicenseRef-x".
const LicenseKey* RecogniseName(const LicenseTable& table, std::string_view name) {
  std::string n = Trim(name);
  if (const LicenseKey* k = table.Recognise(n)) return k;
  for (std::string_view prefix : {"LicenseRef-openness-", "LicenseRef-scancode-", "LicenseRef-"}) {
    if (n.size() > prefix.size() && Lower(n).starts_with(Lower(prefix))) {
      if (const LicenseKey* k = table.Recognise(n.substr(prefix.size()))) return k;
    }
  }
  // Trailing words that carry nothing: "... License Agreement", "... license".
  std::string l = Lower(n);
  for (std::string_view suffix : {" license agreement", " licence agreement", " agreement",
                                  " license", " licence", " terms of use"}) {
    if (l.size() > suffix.size() && l.ends_with(suffix)) {
      if (const LicenseKey* k = table.Recognise(n.substr(0, n.size() - suffix.size()))) return k;
    }
  }
  return nullptr;
}

Resolution Resolve(const ReleaseEvidence& ev, const LicenseTable& table, const Declaration& d) {
  Resolution r;
  const bool looks_like_url =
      d.is_link || d.value.find("://") != std::string::npos || d.value.starts_with("www.");
  if (looks_like_url) {
    if (const UrlPattern* p = MatchUrl(d.value)) {
      if (const LicenseKey* k = table.Find(p->key)) {
        r.keys.push_back(k);
        r.version = p->version;
        return r;
      }
    }
    r.linked_file = LinkedFile(ev, d.value);
    r.other = r.linked_file.empty();
    return r;
  }
  auto expr = ParseSpdxExpression(d.value);
  if (expr.ok()) {
    const auto alternatives = expr->Alternatives();
    std::vector<std::vector<const LicenseKey*>> choices;
    for (const auto& alt : alternatives) {
      std::vector<const LicenseKey*> keys;
      bool complete = true;
      for (const SpdxExpression* leaf : alt) {
        const LicenseKey* k = RecogniseName(table, leaf->id);
        if (k == nullptr || k->kind == LicenseKind::kUnknown) {
          r.other = true;
          complete = false;
          continue;
        }
        keys.push_back(k);
      }
      if (complete && !keys.empty()) choices.push_back(std::move(keys));
    }
    if (!choices.empty()) {
      // The licensee may pick any alternative: take the most open one (its worst license).
      auto worst = [](const std::vector<const LicenseKey*>& ks) {
        int w = 0;
        for (const LicenseKey* k : ks) w = std::max(w, OpennessRank(k));
        return w;
      };
      size_t best = 0;
      for (size_t i = 1; i < choices.size(); ++i) {
        if (worst(choices[i]) < worst(choices[best])) best = i;
      }
      r.keys = choices[best];
      r.expression_or = choices.size() > 1;
      r.other = false;
    }
    return r;
  }
  if (const LicenseKey* k = RecogniseName(table, d.value)) {
    if (k->kind == LicenseKind::kUnknown) {
      r.other = true;
    } else {
      r.keys.push_back(k);
    }
    return r;
  }
  r.other = true;
  return r;
}

// ---- Text detection ----

std::string_view LineOf(std::string_view text, int64_t n) {
  size_t pos = 0;
  for (int64_t i = 1; i < n && pos != std::string_view::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos || pos > text.size()) return {};
  size_t eol = text.find('\n', pos);
  if (eol == std::string_view::npos) eol = text.size();
  return text.substr(pos, eol - pos);
}

DetectedLicense FromMatch(const LicenseMatch& m, const std::string& file, std::string_view text,
                          int line_offset) {
  DetectedLicense d;
  d.key = m.key;
  d.confidence = m.confidence;
  d.evidence = Evidence::InFile(file, m.start_line + line_offset);
  d.evidence.WithExcerpt(LineOf(text, m.start_line));
  d.name = m.name;
  d.spdx = m.spdx;
  d.version = m.version;
  d.document = std::string(LicenseDocumentName(m.document));
  d.method = m.exact ? "exact" : "similar";
  d.end_line = m.end_line + line_offset;
  for (const LicenseDifference& diff : m.differences) {
    std::string t = diff.text;
    if (line_offset != 0) {
      // Restate the lines in the file's numbering.
      const int a = diff.line + line_offset, b = diff.end_line + line_offset;
      switch (diff.kind) {
        case LicenseDifference::Kind::kRemoved:
          t = std::to_string(diff.reference_sentences) +
              (diff.reference_sentences == 1 ? " sentence" : " sentences") +
              " of the reference missing near line " + std::to_string(a);
          break;
        default:
          t = std::string(LicenseDifferenceKindName(diff.kind)) + " text at " +
              (a == b ? "line " + std::to_string(a)
                      : "lines " + std::to_string(a) + "-" + std::to_string(b));
      }
    }
    if (diff.changes_a_number) t += " (a number differs)";
    d.differences.push_back({std::string(LicenseDifferenceKindName(diff.kind)),
                             diff.line + line_offset, diff.end_line + line_offset, t,
                             diff.changes_a_number});
  }
  return d;
}

// A license file the matcher does not know, recognised by its title: one of the first lines,
// normalised, starts with the name or a long alias of a key. A title is not the terms, so the
// confidence is low and such a detection never overrides a declaration.
bool DetectByTitle(const TextFile& t, const LicenseTable& table, DetectedLicense* out) {
  constexpr int kTitleLines = 6;
  constexpr size_t kMinName = 8;  // shorter names ("mit") would match ordinary words
  int line_no = 0, seen = 0;
  size_t pos = 0;
  std::string previous;
  while (pos < t.text.size() && seen < kTitleLines) {
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
          if (candidate->starts_with(n) &&
              (candidate->size() == n.size() ||
               !std::isalnum(static_cast<unsigned char>((*candidate)[n.size()])))) {
            out->key = k.key;
            out->confidence = 0.5;
            out->evidence = Evidence::InFile(t.path, line_no);
            out->evidence.WithExcerpt(raw);
            out->name = k.name;
            out->spdx = k.spdx;
            out->method = "title";
            out->end_line = line_no;
            return true;
          }
        }
      }
    }
  }
  return false;
}

bool IsLicenseHeading(std::string_view heading) {
  const std::string h = Lower(heading);
  for (std::string_view w : {"license", "licence", "terms of use", "use policy", "acceptable use",
                             "terms and conditions", "licensing"}) {
    if (h.find(w) != std::string::npos) return true;
  }
  return false;
}

// Text of lines [first, last] of the card (1-based, inclusive).
std::string CardLines(const ModelCard& card, int first, int last) {
  std::string out;
  for (int n = first; n <= last; ++n) {
    out += card.Line(n);
    out.push_back('\n');
  }
  return out;
}

void DetectTexts(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  const LicenseMatcher& matcher = LicenseMatcher::Builtin();
  for (const TextFile& t : ev.texts) {
    const std::vector<LicenseMatch> matches = matcher.Match(t.text);
    for (const LicenseMatch& m : matches) {
      report->license.detected.push_back(FromMatch(m, t.path, t.text, 0));
    }
    DetectedLicense d;
    if (matches.empty() && t.role == FileRole::kLicense && DetectByTitle(t, table, &d)) {
      report->license.detected.push_back(std::move(d));
    }
  }
  if (!ev.card) return;
  const ModelCard& card = *ev.card;
  int covered_until = 0;
  for (const CardSection& s : card.sections) {
    if (s.line <= covered_until || !IsLicenseHeading(s.heading) || s.end_line < s.line) continue;
    covered_until = s.end_line;
    const std::string text = CardLines(card, s.line, s.end_line);
    for (const LicenseMatch& m : matcher.Match(text)) {
      report->license.detected.push_back(FromMatch(m, card.file, text, s.line - 1));
    }
  }
}

// ---- Reconciliation ----

// Files that license code, not weights ("LICENSE-CODE", "code_license.txt").
bool IsCodeLicenseFile(std::string_view path) {
  const std::string base =
      Lower(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
  return base.find("code") != std::string::npos && base.find("model") == std::string::npos;
}

EffectiveLicense ToEffective(const LicenseKey& k) {
  return {k.key, k.name, k.SpdxOrRef(), k.osi_approved(), k.open(), std::nullopt};
}

// The effective entry for a detected text: its key's entry, with the version; for texts outside
// the key list ("other"), the text's own name and SPDX data.
EffectiveLicense EffectiveFromDetection(const DetectedLicense& d, const LicenseTable& table) {
  const LicenseKey* k = table.Find(d.key);
  EffectiveLicense e = ToEffective(k != nullptr ? *k : *table.Find("other"));
  if (!d.version.empty()) e.version = d.version;
  if (d.key == "other") {
    if (!d.name.empty()) e.name = d.name;
    if (!d.spdx.empty()) {
      e.spdx = d.spdx;
      e.osi_approved = LicenseMatcher::Builtin().SpdxOsiApproved(d.spdx);
      e.open = e.osi_approved;
    }
  }
  return e;
}

void AddEffective(EffectiveLicense e, Report* report) {
  for (EffectiveLicense& x : report->license.effective) {
    if (x.key == e.key && (x.key != "other" || x.name == e.name)) {
      if (!x.version && e.version) x.version = e.version;
      return;
    }
  }
  report->license.effective.push_back(std::move(e));
}

std::string Where(const Evidence& e) {
  std::string s = e.file.value_or("the release");
  if (e.line) s += " line " + std::to_string(*e.line);
  if (e.key) s += " (" + *e.key + ")";
  return s;
}

// Whether a text matched to a known license differs from it enough to warn about: added
// sentences (a clause bolted on), or a number changed (a threshold, an amount, a date). A text far from the reference is another version of the same
// license, not a modification of it; reworded sentences in an otherwise identical text are
// mostly copy-editing (Llama 2's Hugging Face copy drops an "an") or the reference's own
// variants. Every difference stays listed on the detected license, for the reader to check.
constexpr double kSameVersion = 0.9;

// A match close enough to be that license (and version), not merely like it.
bool IsConfidentMatch(const DetectedLicense* d) {
  return d->method == "exact" || d->confidence >= kSameVersion;
}

bool MateriallyModified(const DetectedLicense& d) {
  if (d.differences.empty() || !IsConfidentMatch(&d)) return false;
  return std::any_of(d.differences.begin(), d.differences.end(),
                     [](const LicenseTextChange& c) {
                       return c.kind == "added" || c.changes_a_number;
                     });
}

std::string DisplayName(const DetectedLicense& d) {
  std::string s = d.name.empty() ? d.key : d.name;
  if (!d.version.empty()) s += " (" + d.version + ")";
  return s;
}

}  // namespace

void IdentifyLicenses(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  // A license file cut at the size limit may hide terms past the cut (a hostile file can pad
  // its real license out of reach): say so, loudly, instead of a verdict that looks clean.
  for (const TextFile& t : ev.texts) {
    if (!t.truncated || t.role != FileRole::kLicense) continue;
    report->findings.push_back(
        {"license-text-truncated",
         Severity::kError,
         t.path + " is larger than the " + std::to_string(t.text.size() >> 20) +
             " MiB read limit; only its beginning was read, so terms placed after that point "
             "are not in this audit. Read the whole file before relying on the verdict.",
         {Evidence::InFile(t.path)}});
  }
  const std::vector<Declaration> declared = CollectDeclarations(ev);
  for (const Declaration& d : declared) report->license.declared.push_back({d.value, d.evidence});
  DetectTexts(ev, table, report);

  // What the texts say. Strong: a matched license text (not a use policy, not a code license).
  // Weak: a title only.
  std::vector<const DetectedLicense*> strong, weak;
  for (const DetectedLicense& d : report->license.detected) {
    if (d.document != "license") continue;
    if (d.evidence.file && IsCodeLicenseFile(*d.evidence.file)) continue;
    (d.method == "title" ? weak : strong).push_back(&d);
  }
  auto detected_key = [&](const std::string& file) -> const DetectedLicense* {
    for (const DetectedLicense* d : strong) {
      if (d->evidence.file == file) return d;
    }
    for (const DetectedLicense* d : weak) {
      if (d->evidence.file == file) return d;
    }
    return nullptr;
  };

  // What the labels say.
  struct Label {
    const LicenseKey* key;
    std::string version;
    const Declaration* from;
  };
  std::vector<Label> labels;
  std::vector<const Declaration*> unrecognised;
  bool said_other = false;
  for (const Declaration& d : declared) {
    Resolution r = Resolve(ev, table, d);
    if (!r.linked_file.empty()) {
      // "license_link: LICENSE": the file's text speaks for this declaration.
      if (const DetectedLicense* t = detected_key(r.linked_file)) {
        if (const LicenseKey* k = table.Find(t->key);
            k != nullptr && k->kind != LicenseKind::kUnknown) {
          labels.push_back({k, t->version, &d});
        }
      }
      continue;
    }
    for (const LicenseKey* k : r.keys) labels.push_back({k, r.version, &d});
    if (r.other && r.keys.empty()) {
      const LicenseKey* k = table.Recognise(d.value);
      if (k != nullptr && k->key == "other") {
        said_other = true;
      } else if (!d.is_link) {
        unrecognised.push_back(&d);
      }
    }
  }

  std::set<std::string> strong_keys, label_keys;
  for (const DetectedLicense* d : strong) strong_keys.insert(d->key);
  for (const Label& l : labels) label_keys.insert(l.key->key);

  // 1. Labels that disagree with each other.
  std::set<std::string> governing_labels = label_keys;
  if (label_keys.size() > 1) {
    // Only a shipped text settles which declaration is right. Metadata inside weight files is
    // not dismissed for the card: a converter may have copied it from a base model, but then
    // the base's license binds the derivative anyway.
    std::set<std::string> confirmed;
    for (const Label& l : labels) {
      if (strong_keys.count(l.key->key)) confirmed.insert(l.key->key);
    }
    std::string why;
    if (!confirmed.empty() && confirmed.size() < label_keys.size()) {
      governing_labels = confirmed;
      why = "The shipped license text confirms " + *confirmed.begin() +
            ", so that declaration governs; the others do not match the text.";
    } else {
      why =
          "Nothing tells which one is right, so all of them are treated as governing (the "
          "strictest terms apply) until the publisher resolves it.";
    }
    // One card field naming several licenses on purpose (a list, "A AND B") is not a
    // contradiction; different fields or files that disagree are.
    std::set<const Declaration*> sources;
    for (const Label& l : labels) sources.insert(l.from);
    if (sources.size() > 1) {
      std::string names;
      for (const std::string& k : label_keys) names += (names.empty() ? "" : ", ") + k;
      Finding f{"license-contradiction",
                Severity::kWarning,
                "The release declares different licenses (" + names + "). " + why,
                {}};
      for (const Label& l : labels) f.evidence.push_back(l.from->evidence);
      report->findings.push_back(std::move(f));
    }
  }

  // 2. Labels against the shipped texts.
  std::set<std::string> governing;
  if (!governing_labels.empty() && !strong.empty()) {
    bool agree = false;
    for (const std::string& k : governing_labels) agree = agree || strong_keys.count(k) > 0;
    if (agree) {
      governing = governing_labels;
      // Another license text shipped beside the declared one governs too (a fine-tune that
      // keeps its base model's license); say so.
      for (const DetectedLicense* d : strong) {
        if (governing.count(d->key) && d->key != "other") continue;
        governing.insert(d->key);
        std::string declared_names;
        for (const std::string& k : governing_labels) {
          declared_names += (declared_names.empty() ? "" : ", ") + k;
        }
        Finding f{"declared-license-mismatch",
                  Severity::kWarning,
                  "The release declares " + declared_names + " but also ships " + DisplayName(*d) +
                      " in " + Where(d->evidence) +
                      ", which the declaration leaves out. Both govern: a shipped license text "
                      "binds whoever uses the files it comes with.",
                  {d->evidence}};
        for (const Label& l : labels) f.evidence.push_back(l.from->evidence);
        report->findings.push_back(std::move(f));
      }
      // A text with the declared key but modified: say what was added or changed.
      for (const DetectedLicense* d : strong) {
        if (!governing_labels.count(d->key) || !MateriallyModified(*d)) continue;
        std::string changes;
        for (const LicenseTextChange& c : d->differences) {
          if (c.kind == "removed") continue;
          changes += (changes.empty() ? "" : ", ") + c.text;
        }
        if (changes.empty()) continue;
        report->findings.push_back(
            {"declared-license-mismatch",
             Severity::kWarning,
             "The license text in " + d->evidence.file.value_or("the release") + " is " +
                 DisplayName(*d) + " with changes (" + changes +
                 "). The shipped text governs: read the changed passages, they may add terms.",
             {d->evidence}});
      }
    } else if (std::none_of(strong.begin(), strong.end(), IsConfidentMatch)) {
      // The texts only resemble licenses we know (another version, or a license whose text we
      // do not hold): they cannot overrule the declaration.
      governing = governing_labels;
    } else {
      // The text governs: it holds the terms one accepts; a metadata label is a summary that is
      // often wrong (copied from a base model, or left at a default).
      for (const DetectedLicense* d : strong) {
        if (IsConfidentMatch(d)) governing.insert(d->key);
      }
      for (const DetectedLicense* d : strong) {
        if (!IsConfidentMatch(d)) continue;
        std::string declared_names;
        for (const std::string& k : governing_labels) {
          declared_names += (declared_names.empty() ? "" : ", ") + k;
        }
        Finding f{"declared-license-mismatch",
                  Severity::kWarning,
                  "The release declares " + declared_names + ", but " +
                      d->evidence.file.value_or("its license text") + " (line " +
                      std::to_string(d->evidence.line.value_or(0)) + ") is " + DisplayName(*d) +
                      (d->method == "exact" ? ""
                                            : ", matched with confidence " +
                                                  std::to_string(d->confidence).substr(0, 5)) +
                      ". The shipped text governs: it holds the terms you accept, while the "
                      "declared id is only a label.",
                  {d->evidence}};
        for (const Label& l : labels) f.evidence.push_back(l.from->evidence);
        report->findings.push_back(std::move(f));
      }
    }
  } else if (!governing_labels.empty()) {
    governing = governing_labels;
    // Only titles to compare with: the declaration governs.
    for (const DetectedLicense* d : weak) {
      if (governing_labels.count(d->key)) continue;
      Finding f{"declared-license-mismatch",
                Severity::kWarning,
                "The title of " + d->evidence.file.value_or("a license file") + " names " +
                    DisplayName(*d) +
                    ", which is not what the release declares. The file does not hold a license "
                    "text we know, so the declaration governs; check which one is meant.",
                {d->evidence}};
      for (const Label& l : labels) f.evidence.push_back(l.from->evidence);
      report->findings.push_back(std::move(f));
    }
  } else {
    // Nothing declared (or only "other"/names we do not know): the texts decide.
    for (const DetectedLicense* d : strong) governing.insert(d->key);
    if (strong.empty()) {
      for (const DetectedLicense* d : weak) governing.insert(d->key);
    }
  }

  // effective, in a stable order: declared labels first, then texts.
  for (const Label& l : labels) {
    if (!governing.count(l.key->key)) continue;
    EffectiveLicense e = ToEffective(*l.key);
    if (!l.version.empty()) e.version = l.version;
    for (const DetectedLicense* d : strong) {
      if (d->key == l.key->key && !d->version.empty()) e.version = d->version;
    }
    AddEffective(std::move(e), report);
  }
  for (const auto* list : {&strong, &weak}) {
    for (const DetectedLicense* d : *list) {
      if (governing.count(d->key)) AddEffective(EffectiveFromDetection(*d, table), report);
    }
  }

  if (report->license.effective.empty()) {
    if (said_other || !unrecognised.empty()) {
      EffectiveLicense e = ToEffective(*table.Find("other"));
      if (!unrecognised.empty()) e.name = unrecognised.front()->value;
      report->license.effective.push_back(std::move(e));
    } else {
      report->license.effective.push_back(ToEffective(*table.Find("unknown")));
    }
    bool license_text = false;
    for (const TextFile& t : ev.texts) license_text = license_text || t.role == FileRole::kLicense;
    if (declared.empty() && !license_text) {
      report->findings.push_back(
          {"license-missing",
           Severity::kError,
           "No license is declared (card front matter, GGUF or safetensors metadata) and no "
           "license file was found: without a license, no use is granted.",
           {}});
    } else if (declared.empty() && report->license.detected.empty()) {
      std::vector<Evidence> files;
      for (const TextFile& t : ev.texts) {
        if (t.role == FileRole::kLicense) files.push_back(Evidence::InFile(t.path, 1));
      }
      report->findings.push_back(
          {"license-missing", Severity::kWarning,
           "No license is declared and the license file holds no license text we know; read it "
           "to learn the terms.",
           std::move(files)});
    }
  }
}

}  // namespace openness
