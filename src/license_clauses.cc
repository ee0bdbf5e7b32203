// DetectClauses: the clauses of a license text that decide a use case.
//
// The text is cut into units: paragraphs (blank-line separated) and list items (a line that
// starts with "a.", "iii.", "2)", "(b)", "-", ...), each with whitespace collapsed, typographic
// quotes and dashes made plain and markdown emphasis dropped, so that a clause wrapped over
// several lines reads as one string. Each unit keeps the offsets where its source lines start,
// so a match maps back to the line it starts on.
//
// Detectors are small functions over the units, one per clause code, using RE2 patterns only.
// Many clauses are prohibitions; a list item ("- For military use in any way;") is read as one
// when the sentence that introduces its list ("You agree not to use the Model:") says so.
#include "openness/license_clauses.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include "openness/evidence.h"

namespace openness {
namespace {

constexpr size_t kMaxUnitBytes = 4096;  // longer paragraphs are split at a sentence end
constexpr size_t kMaxHitsPerCode = 8;
constexpr size_t kLeadInReach = 80;  // list items walked back over to find their lead-in
constexpr size_t kExcerptLead = 40;  // bytes of context kept before the matched wording

// ---------------------------------------------------------------------------------------------
// Units.

struct Unit {
  std::string text;
  std::vector<std::pair<size_t, int64_t>> line_starts;  // (offset in text, 1-based line)
  bool list_item = false;
  bool heading = false;
  bool lead_in = false;   // ends with ':' or " to": introduces a list
  bool negative = false;  // states a prohibition ("may not", "agree not to", "prohibited")
};

int64_t LineAt(const Unit& u, size_t offset) {
  int64_t line = u.line_starts.empty() ? 1 : u.line_starts.front().second;
  for (const auto& [start, l] : u.line_starts) {
    if (start > offset) break;
    line = l;
  }
  return line;
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// A list marker at the start of a (left-trimmed) line: "-", "*", "+", "•" or "" followed by a
// space; "1.", "1)", "2.1", "(a)", "a.", "iv.", "A." followed by a space.
bool StartsWithListMarker(std::string_view s) {
  if (s.empty()) return false;
  auto space_at = [&](size_t i) {
    return i >= s.size() || IsSpace(static_cast<unsigned char>(s[i]));
  };
  const unsigned char c0 = static_cast<unsigned char>(s[0]);
  if ((c0 == '-' || c0 == '*' || c0 == '+') && space_at(1)) return true;
  if (s.starts_with("\xE2\x80\xA2") || s.starts_with("\xEF\x82\xB7")) return true;  // • and
  size_t i = 0;
  const bool paren = c0 == '(';
  if (paren) ++i;
  if (i < s.size() && IsDigit(static_cast<unsigned char>(s[i]))) {
    size_t j = i;
    while (j < s.size() && j - i < 3 && IsDigit(static_cast<unsigned char>(s[j]))) ++j;
    // Section numbers: "2.1", "2.1.3", optionally ending in "." or ")".
    bool dotted = false;
    while (j + 1 < s.size() && s[j] == '.' && IsDigit(static_cast<unsigned char>(s[j + 1]))) {
      dotted = true;
      ++j;
      while (j < s.size() && IsDigit(static_cast<unsigned char>(s[j]))) ++j;
    }
    if (j < s.size() && (s[j] == '.' || s[j] == ')')) return space_at(j + 1);
    return dotted && space_at(j) && j < s.size();
  }
  // Roman numerals or a single letter.
  size_t j = i;
  while (j < s.size() && j - i < 5 && std::strchr("ivxl", s[j]) != nullptr) ++j;
  if (j == i && i < s.size() &&
      (IsLower(static_cast<unsigned char>(s[i])) || IsUpper(static_cast<unsigned char>(s[i])))) {
    j = i + 1;
  }
  if (j == i || j >= s.size()) return false;
  if (s[j] == ')' || (s[j] == '.' && !paren)) return space_at(j + 1);
  return false;
}

const RE2& NegativeCue() {
  static const RE2 re(
      "(?i)\\b(?:will|shall|may|must|can|do|does)\\s+not\\b|\\bcannot\\b|\\bagree\\s+not\\s+to\\b|"
      "\\bnot\\s+(?:be\\s+)?(?:used|permitted|allowed|authori[sz]ed|granted)\\b|\\bprohibit|"
      "\\brestrict|\\bforbid|\\bno\\s+(?:use|rights)\\b");
  return re;
}

class UnitBuilder {
 public:
  explicit UnitBuilder(std::vector<Unit>* out) : out_(out) {}

  void BlankLine() { Flush(); }

  void Line(std::string_view raw, int64_t line_no) {
    size_t k = 0;
    while (k < raw.size() && IsSpace(static_cast<unsigned char>(raw[k]))) ++k;
    std::string_view s = raw.substr(k);
    while (!s.empty() && (s.front() == '>')) {  // markdown quotes
      s.remove_prefix(1);
      while (!s.empty() && IsSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    }
    const bool heading = s.starts_with("#");
    std::string_view marker_view = s;
    while (marker_view.starts_with("**")) marker_view.remove_prefix(2);
    const bool item = StartsWithListMarker(marker_view);
    if (heading || item) Flush();
    if (heading) {
      while (!s.empty() && (s.front() == '#' || s.front() == ' ')) s.remove_prefix(1);
    }
    if (cur_.text.empty()) {
      cur_.list_item = item;
      cur_.heading = heading;
    }
    Append(s, line_no);
    if (heading) Flush();
  }

  void Finish() { Flush(); }

 private:
  void Append(std::string_view line, int64_t line_no) {
    // A word hyphenated at the end of the previous line joins without a space.
    if (!cur_.text.empty() && !joined_hyphen_) Space();
    joined_hyphen_ = false;
    cur_.line_starts.emplace_back(cur_.text.size(), line_no);
    for (size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      if (IsSpace(c)) {
        Space();
        continue;
      }
      if (c == '*' || c == '`') continue;  // markdown emphasis and code marks
      if (c == 0xE2 && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x80) {
        const unsigned char d = static_cast<unsigned char>(line[i + 2]);
        char plain = 0;
        if (d >= 0x9C && d <= 0x9F)
          plain = '"';  // “ ” „ ‟
        else if (d >= 0x98 && d <= 0x9B)
          plain = '\'';  // ‘ ’ ‚ ‛
        else if (d >= 0x90 && d <= 0x95)
          plain = '-';  // hyphens, en and em dashes
        else if (d == 0xA2)
          plain = ' ';  // bullet
        if (plain != 0) {
          if (plain == ' ')
            Space();
          else
            cur_.text.push_back(plain);
          i += 2;
          continue;
        }
      }
      if (c == 0xC2 && i + 1 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0xA0) {
        Space();  // no-break space
        ++i;
        continue;
      }
      cur_.text.push_back(static_cast<char>(c));
      // Very long paragraphs (or a whole text on one line) are split after a sentence.
      if (c == '.' && cur_.text.size() > kMaxUnitBytes && i + 1 < line.size() &&
          IsSpace(static_cast<unsigned char>(line[i + 1]))) {
        Flush();
        cur_.line_starts.emplace_back(0, line_no);
      }
    }
    while (!cur_.text.empty() && cur_.text.back() == ' ') cur_.text.pop_back();
    const size_t n = cur_.text.size();
    if (n >= 2 && cur_.text[n - 1] == '-' &&
        (IsLower(static_cast<unsigned char>(cur_.text[n - 2])) ||
         IsUpper(static_cast<unsigned char>(cur_.text[n - 2])))) {
      joined_hyphen_ = true;
    }
  }

  void Space() {
    if (!cur_.text.empty() && cur_.text.back() != ' ') cur_.text.push_back(' ');
  }

  void Flush() {
    joined_hyphen_ = false;
    while (!cur_.text.empty() && cur_.text.back() == ' ') cur_.text.pop_back();
    if (cur_.text.empty()) {
      cur_ = Unit{};
      return;
    }
    std::string_view t = cur_.text;
    cur_.lead_in =
        t.ends_with(":") || t.ends_with(" to") || t.ends_with(" to:") || t.ends_with(" TO");
    cur_.negative = RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), NegativeCue());
    out_->push_back(std::move(cur_));
    cur_ = Unit{};
  }

  std::vector<Unit>* out_;
  Unit cur_;
  bool joined_hyphen_ = false;
};

std::vector<Unit> SplitUnits(std::string_view text) {
  std::vector<Unit> units;
  UnitBuilder b(&units);
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = pos;
    while (eol < text.size() && text[eol] != '\n' && text[eol] != '\r') ++eol;
    std::string_view line = text.substr(pos, eol - pos);
    ++line_no;
    // \n, \r\n and a lone \r all end a line.
    if (eol < text.size() && text[eol] == '\r' && eol + 1 < text.size() && text[eol + 1] == '\n') {
      ++eol;
    }
    pos = eol + 1;
    bool blank = true;
    for (char c : line) {
      if (!IsSpace(static_cast<unsigned char>(c))) {
        blank = false;
        break;
      }
    }
    if (blank) {
      b.BlankLine();
    } else {
      b.Line(line, line_no);
    }
  }
  b.Finish();
  return units;
}

// True when unit i follows (as a list item, heading or the paragraph right after it) a lead-in
// sentence that states a prohibition: "You agree not to use the Model:".
bool UnderNegativeLeadIn(const std::vector<Unit>& units, size_t i) {
  for (size_t k = i, steps = 0; k-- > 0 && steps < kLeadInReach; ++steps) {
    const Unit& u = units[k];
    if (u.lead_in) {
      if (u.negative) return true;
      continue;  // a nested lead-in ("including to:"): the outer one decides
    }
    if (!u.list_item && !u.heading) return false;
  }
  return false;
}

// True when the sentence holding offset begin of unit i says "not"/"prohibited" before it, or
// the unit sits under a prohibiting lead-in.
bool InRestriction(const std::vector<Unit>& units, size_t i, size_t begin) {
  const Unit& u = units[i];
  if (u.negative) {
    size_t start = u.text.rfind(". ", begin);
    start = start == std::string::npos ? 0 : start + 2;
    if (start < begin) {
      std::string_view sentence = std::string_view(u.text).substr(start, begin - start);
      if (RE2::PartialMatch(re2::StringPiece(sentence.data(), sentence.size()), NegativeCue())) {
        return true;
      }
    }
  }
  return UnderNegativeLeadIn(units, i);
}

// ---------------------------------------------------------------------------------------------
// Matching helpers.

struct Match {
  size_t begin = 0;
  size_t end = 0;
  std::array<std::string_view, 4> groups;
};

re2::StringPiece Piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// Calls fn(match) for each non-overlapping match of re in text; fn returns false to stop.
template <typename Fn>
void ForEachMatch(const RE2& re, std::string_view text, Fn fn) {
  const int groups = std::min(re.NumberOfCapturingGroups(), 4);
  re2::StringPiece sub[5];
  const re2::StringPiece input = Piece(text);
  size_t pos = 0;
  while (pos <= text.size()) {
    if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, sub, groups + 1)) return;
    Match m;
    m.begin = static_cast<size_t>(sub[0].data() - text.data());
    m.end = m.begin + sub[0].size();
    for (int g = 0; g < groups; ++g) {
      if (sub[g + 1].data() != nullptr) {
        m.groups[static_cast<size_t>(g)] = std::string_view(sub[g + 1].data(), sub[g + 1].size());
      }
    }
    if (!fn(m)) return;
    pos = m.end > pos ? m.end : pos + 1;
  }
}

std::optional<Match> FirstMatch(const RE2& re, std::string_view text) {
  std::optional<Match> out;
  ForEachMatch(re, text, [&](const Match& m) {
    out = m;
    return false;
  });
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (IsUpper(static_cast<unsigned char>(c))) c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(static_cast<unsigned char>(s.front())) || s.front() == ',')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsSpace(static_cast<unsigned char>(s.back())) ||
                        std::strchr(".,;:)]\"'", s.back()) != nullptr)) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// The first URL (or bare "host.tld/path") in text at or after from.
std::string FindUrl(std::string_view text, size_t from = 0) {
  static const RE2 re(
      "(?i)(https?://"
      "[^\\s)\\]\"'<>]+|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:com|ai|dev|org|io|net|ae|"
      "cn)/[^\\s)\\]\"'<>]*)");
  if (from > text.size()) return {};
  auto m = FirstMatch(re, text.substr(from));
  if (!m) return {};
  std::string url = Trim(m->groups[0]);
  url.erase(std::remove(url.begin(), url.end(), '\\'), url.end());  // markdown "llama3\_3"
  return url;
}

class Collector {
 public:
  explicit Collector(std::vector<ClauseHit>* out) : out_(out) {}

  /// Records a hit at unit offset begin unless an identical (code, values) hit exists.
  void Add(std::string_view code, const Unit& u, size_t begin,
           std::map<std::string, std::string> values = {}) {
    size_t count = 0;
    for (const ClauseHit& h : *out_) {
      if (h.code != code) continue;
      ++count;
      if (h.values == values) return;
    }
    if (count >= kMaxHitsPerCode) return;
    ClauseHit h;
    h.code = std::string(code);
    h.line = LineAt(u, begin);
    size_t start = begin > kExcerptLead ? begin - kExcerptLead : 0;
    // Start the excerpt at a word (or the sentence, when it begins close by).
    const size_t sentence = u.text.rfind(". ", begin);
    if (sentence != std::string::npos && sentence + 2 >= start && sentence + 2 <= begin) {
      start = sentence + 2;
    } else {
      while (start > 0 && start < begin && u.text[start - 1] != ' ') ++start;
    }
    h.excerpt = MakeExcerpt(std::string_view(u.text).substr(start, 600));
    h.values = std::move(values);
    out_->push_back(std::move(h));
  }

 private:
  std::vector<ClauseHit>* out_;
};

using Units = std::vector<Unit>;

// ---------------------------------------------------------------------------------------------
// Detectors.

void NonCommercial(const Units& units, Collector* c) {
  static const RE2 only(
      "(?i)\\bnon[- ]?commercial(?:\\s+research)?\\s+(?:purposes?|uses?)\\s+only\\b|"
      "\\b(?:only|solely|exclusively)\\b[^.;]{0,100}?\\bnon[- ]?commercial\\b|"
      "\\bfor\\s+purposes\\s+other\\s+than\\s+commercial\\b|"
      "\\b(?:only|solely)\\b[^.;]{0,150}?\\bnon[- ]production\\b|"
      "\\bprohibited\\s+from\\s+using\\b[^.;]{0,100}?\\bfor\\s+(?:any\\s+)?commercial\\b|"
      "\\b(?:may|shall|must|will|can)\\s+not\\s+(?:be\\s+)?use[ds]?\\b[^.;]{0,100}?\\bfor\\s+(?:"
      "any\\s+"
      ")?commercial\\s+(?:purposes?|uses?|activit)|"
      "\\bdoes\\s+not\\s+include\\s+(?:any\\s+)?commercial\\b");
  // "for (i) any commercial or production purposes" in a list of things you will not do.
  static const RE2 listed(
      "(?i)\\bfor\\s+(?:\\(i\\)\\s+)?any\\s+commercial(?:\\s+or\\s+production)?\\s+purposes?");
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (auto m = FirstMatch(only, u.text)) {
      c->Add("non-commercial", u, m->begin);
      return;
    }
    if (auto m = FirstMatch(listed, u.text); m && InRestriction(units, i, m->begin)) {
      c->Add("non-commercial", u, m->begin);
      return;
    }
  }
}

void ResearchOnly(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\b(?:only|solely|exclusively)\\b[^.;]{0,120}?\\bresearch\\b|"
      "\\bresearch(?:\\s+(?:or|and)\\s+(?:evaluation|development))?\\s+purposes?\\s+only\\b|"
      "\\bfor\\s+research\\s+(?:use|purposes?)\\s+only\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("research-only", u, m->begin);
      return;
    }
  }
}

void UserThreshold(const Units& units, Collector* c) {
  static const RE2 number_first(
      "(?i)(\\d[\\d,.]*)\\s*(million|billion|thousand|mn|bn|[mbk])?\\s+(monthly|daily)\\s+"
      "active\\s+"
      "users");
  static const RE2 users_first(
      "(?i)\\b(monthly|daily)\\s+active\\s+users\\b[^.;]{0,120}?\\b(?:greater\\s+than|more\\s+than|"
      "exceeds?|exceeding|in\\s+excess\\s+of|above|over|at\\s+least)\\s+(\\d[\\d,.]*)\\s*(million|"
      "billion|thousand|mn|bn|[mbk])?\\b");
  static const RE2 mau("(?i)(\\d[\\d,.]*)\\s*(million|billion|mn|bn|[mbk])?\\s+(MAU|DAU)s?\\b");
  static const RE2 money(
      "(?i)^\\s*(?:million|billion|thousand|mn|bn|[mbk])?\\s*(?:us\\s+|united\\s+states\\s+)?(?:"
      "dollars|usd|euros?|eur)\\b");
  struct Found {
    size_t begin;
    std::string key;
    uint64_t n;
  };
  auto add = [&](std::vector<Found>* found, const Unit& u, size_t begin, std::string_view period,
                 std::string_view number, std::string_view scale) {
    uint64_t n = 0;
    if (!ParseQuantity(number, scale, &n) || n < 1000) return;  // "1 monthly active user"
    // "... monthly active users, or more than 20 million US dollars": an amount, not users.
    const size_t after = static_cast<size_t>(number.data() + number.size() - u.text.data());
    if (RE2::PartialMatch(Piece(std::string_view(u.text).substr(after, 40)), money)) return;
    found->push_back(
        {begin, Lower(period).starts_with("d") ? "daily_active_users" : "monthly_active_users", n});
  };
  for (const Unit& u : units) {
    std::vector<Found> found;
    ForEachMatch(number_first, u.text, [&](const Match& m) {
      add(&found, u, m.begin, m.groups[2], m.groups[0], m.groups[1]);
      return true;
    });
    ForEachMatch(users_first, u.text, [&](const Match& m) {
      add(&found, u, m.begin, m.groups[0], m.groups[1], m.groups[2]);
      return true;
    });
    ForEachMatch(mau, u.text, [&](const Match& m) {
      add(&found, u, m.begin, Lower(m.groups[2]) == "dau" ? "daily" : "monthly", m.groups[0],
          m.groups[1]);
      return true;
    });
    // The earliest wording of a threshold is where the clause starts.
    std::stable_sort(found.begin(), found.end(),
                     [](const Found& a, const Found& b) { return a.begin < b.begin; });
    for (const Found& f : found)
      c->Add("user-threshold", u, f.begin, {{f.key, std::to_string(f.n)}});
  }
}

void RevenueThreshold(const Units& units, Collector* c) {
  // An amount with its currency near the word revenue, in either order.
  static const RE2 amount_first(
      "(?i)(us\\s?\\$|usd\\s?\\$?|\\$|eur\\s?|€|£|gbp\\s?)\\s?(\\d[\\d,.]*)\\s*(million|billion|"
      "thousand|mn|bn|[mbk])?\\b[^.;]{0,60}?\\b(?:annual|yearly|gross|total|in)?\\s*revenues?\\b");
  static const RE2 revenue_first(
      "(?i)\\b(?:annual|yearly|gross|total)\\s+revenues?\\b[^.;]{0,60}?(us\\s?\\$|usd\\s?\\$?|\\$|"
      "eur"
      "\\s?|€|£|gbp\\s?)\\s?(\\d[\\d,.]*)\\s*(million|billion|thousand|mn|bn|[mbk])?\\b");
  // "20 million US dollars (or equivalent in other currencies) in monthly revenue".
  static const RE2 words_first(
      "(?i)(\\d[\\d,.]*)\\s*(million|billion|thousand|mn|bn)?\\s+((?:us\\s+|united\\s+states\\s+)?"
      "dollars|"
      "euros?)\\b[^.;]{0,60}?\\b(?:annual|yearly|monthly|gross|total|in)?\\s*revenues?\\b");
  static const RE2 monthly("(?i)\\bmonthly\\s+revenue");
  auto add = [&](const Unit& u, size_t begin, std::string_view currency, std::string_view number,
                 std::string_view scale) {
    uint64_t n = 0;
    if (!ParseQuantity(number, scale, &n) || n < 1000) return;
    std::string cur = Lower(currency);
    std::string code = "USD";
    if (cur.find("eur") != std::string::npos || cur.find("\xE2\x82\xAC") != std::string::npos) {
      code = "EUR";
    } else if (cur.find("gbp") != std::string::npos || cur.find("\xC2\xA3") != std::string::npos) {
      code = "GBP";
    }
    const bool per_month =
        RE2::PartialMatch(Piece(std::string_view(u.text).substr(begin, 160)), monthly);
    c->Add("revenue-threshold", u, begin,
           {{per_month ? "monthly_revenue" : "annual_revenue", std::to_string(n)},
            {"currency", code}});
  };
  for (const Unit& u : units) {
    ForEachMatch(amount_first, u.text, [&](const Match& m) {
      add(u, m.begin, m.groups[0], m.groups[1], m.groups[2]);
      return true;
    });
    ForEachMatch(revenue_first, u.text, [&](const Match& m) {
      add(u, m.begin, m.groups[0], m.groups[1], m.groups[2]);
      return true;
    });
    ForEachMatch(words_first, u.text, [&](const Match& m) {
      add(u, m.begin, m.groups[2], m.groups[0], m.groups[1]);
      return true;
    });
  }
}

void AttributionDisplay(const Units& units, Collector* c) {
  // A quoted phrase such as "Built with Llama" or "Powered by Stability AI", in a unit (or right
  // after a unit) that asks for it to be shown.
  static const RE2 phrase(
      "(?i)\"([^\"]{0,60}?\\b(?:built|powered|made|created|developed|improved)\\s+(?:with|by|on|"
      "using)\\s+[^\"]{1,80}?)\"");
  static const RE2 duty(
      "(?i)\\b(?:display|include|state|statement|attribution|shall|must|show)\\b");
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    ForEachMatch(phrase, u.text, [&](const Match& m) {
      const bool asked = RE2::PartialMatch(Piece(u.text), duty) ||
                         (i > 0 && RE2::PartialMatch(Piece(units[i - 1].text), duty));
      if (asked) c->Add("attribution-display", u, m.begin, {{"phrase", Trim(m.groups[0])}});
      return true;
    });
  }
}

void DerivativeNaming(const Units& units, Collector* c) {
  static const RE2 at_beginning(
      "(?i)\"([^\"]{1,40})\"\\s+at\\s+the\\s+(?:beginning|start)\\s+of\\b[^.;]{0,60}?\\bnames?\\b");
  static const RE2 must_begin(
      "(?i)\\bnames?\\b[^.;]{0,80}?\\b(?:must|shall|should)\\s+(?:begin|start)\\s+with\\s+(?:"
      "the\\s+"
      "(?:word|prefix)\\s+)?\"([^\"]{1,40})\"");
  static const RE2 prefix(
      "(?i)\\bprefix(?:ed)?\\b[^.;]{0,40}?\\bwith\\s+\"([^\"]{1,40})\"[^.;]{0,40}?\\bnames?\\b");
  for (const Unit& u : units) {
    for (const RE2* re : {&at_beginning, &must_begin, &prefix}) {
      ForEachMatch(*re, u.text, [&](const Match& m) {
        c->Add("derivative-naming", u, m.begin, {{"prefix", Trim(m.groups[0])}});
        return true;
      });
    }
  }
}

void AcceptableUsePolicy(const Units& units, Collector* c) {
  static const RE2 policy(
      "(?i)\\b((?:acceptable|prohibited|responsible|permitted)\\s+use\\s+polic(?:y|ies)|use\\s+"
      "policy|"
      "usage\\s+policy|AUP)\\b");
  static const RE2 bound(
      "(?i)\\bincorporated\\s+(?:herein\\s+)?by\\s+reference\\b|\\badhere\\s+to\\b|\\bcomply\\s+"
      "with\\b|"
      "\\bsubject\\s+to\\b|\\bin\\s+accordance\\s+with\\b|\\bconsistent\\s+with\\b|\\bconflicts?"
      "\\s+with\\b");
  static const RE2 updatable(
      "(?i)\\bupdated\\s+from\\s+time\\s+to\\s+time\\b|\\bmost\\s+recent\\s+(?:copy|version)\\b|"
      "\\blatest\\s+"
      "version\\b|\\bmay\\s+(?:update|modify|amend|change|revise)\\b");
  bool may_change = false;
  for (const Unit& u : units) {
    if (RE2::PartialMatch(Piece(u.text), policy) && RE2::PartialMatch(Piece(u.text), updatable)) {
      may_change = true;
    }
  }
  for (const Unit& u : units) {
    auto m = FirstMatch(policy, u.text);
    if (!m || !RE2::PartialMatch(Piece(u.text), bound)) continue;
    std::map<std::string, std::string> values;
    const std::string name(m->groups[0]);
    values["name"] = Lower(name) == "aup" ? "AUP" : name;
    if (std::string url = FindUrl(u.text, m->begin); !url.empty()) {
      values["url"] = url;
    } else if (url = FindUrl(u.text); !url.empty()) {
      values["url"] = url;
    }
    if (may_change) values["updatable"] = "true";
    c->Add("acceptable-use-policy", u, m->begin, std::move(values));
    return;
  }
}

void OutputUseRestriction(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\b(?:will\\s+not|shall\\s+not|may\\s+not|must\\s+not|can\\s*not|agree\\s+not\\s+to|"
      "not\\s+"
      "(?:be\\s+)?permitted\\s+to|prohibited\\s+from)\\s+us(?:e|ing)\\b[^.;]{0,200}?\\boutputs?\\b["
      "^.;]"
      "{0,120}?\\bto\\s+(?:develop|train|improve|create|fine[- "
      "]?tune|distill|enhance|build)\\b[^.;]"
      "{0,80}?\\b((?:any|an|a|other|another)\\b[^.;]{0,80}?\\b(?:models?|llms?))\\b");
  static const RE2 except(
      "(?i)\\((?:excluding|except(?:\\s+for)?|other\\s+than)\\s+([^)]{1,80})\\)");
  for (const Unit& u : units) {
    ForEachMatch(re, u.text, [&](const Match& m) {
      std::map<std::string, std::string> values{{"scope", Trim(m.groups[0])}};
      if (auto e = FirstMatch(except, std::string_view(u.text).substr(m.end, 120))) {
        values["except"] = Trim(e->groups[0]);
      }
      c->Add("output-use-restriction", u, m.begin, std::move(values));
      return true;
    });
  }
}

void FieldOfUse(const Units& units, Collector* c) {
  static const RE2 fields(
      "(?i)\\b(military|warfare|nuclear|weapons?|surveillance|biometric|law\\s+enforcement|"
      "predictive\\s+"
      "policing|immigration|medical\\s+advice|medical\\s+results|critical\\s+infrastructure|"
      "fully\\s+"
      "automated\\s+decision|malware)\\b");
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    ForEachMatch(fields, u.text, [&](const Match& m) {
      if (!InRestriction(units, i, m.begin)) return true;
      std::string f = Lower(m.groups[0]);
      if (f == "warfare") f = "military";
      if (f == "weapon") f = "weapons";
      if (f.starts_with("law") || f.starts_with("predictive") || f == "immigration") {
        f = "law-enforcement";
      }
      if (f.starts_with("medical")) f = "medical";
      if (f.starts_with("critical")) f = "critical-infrastructure";
      if (f.starts_with("fully")) f = "automated-decisions";
      c->Add("field-of-use", u, m.begin, {{"field", f}});
      return true;
    });
  }
}

void GeographicExclusion(const Units& units, Collector* c) {
  static const RE2 place(
      "(?i)\\b(?:domiciled|located|resident|residing|incorporated|established|principal\\s+"
      "place\\s+of\\s+"
      "business)\\b[^.;]{0,60}?\\bin\\b[^.;]{0,40}?\\b(the\\s+European\\s+Union|European\\s+Union|"
      "EU|EEA|"
      "European\\s+Economic\\s+Area|United\\s+Kingdom|UK|China|Russia|Iran|North\\s+Korea|Cuba|"
      "Syria)\\b");
  static const RE2 denied(
      "(?i)\\bnot\\s+(?:being\\s+)?granted\\b|\\bno\\s+rights\\b|\\bnot\\s+licensed\\b|\\bnot\\s+"
      "permitted\\b|"
      "\\b(?:may|shall|must)\\s+not\\b|\\bexcluded\\b|\\bprohibited\\b|\\bdoes\\s+not\\s+grant\\b");
  static const RE2 multimodal("(?i)\\bmulti-?modal\\b");
  for (const Unit& u : units) {
    if (!RE2::PartialMatch(Piece(u.text), denied)) continue;
    ForEachMatch(place, u.text, [&](const Match& m) {
      std::string region(m.groups[0]);
      if (Lower(region).starts_with("the ")) region = region.substr(4);
      if (region == "EU") region = "European Union";
      std::map<std::string, std::string> values{{"region", region}};
      if (RE2::PartialMatch(Piece(u.text), multimodal)) values["scope"] = "multimodal models";
      c->Add("geographic-exclusion", u, m.begin, std::move(values));
      return true;
    });
  }
}

void Registration(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\b(?:must|shall|need\\s+to|required\\s+to|have\\s+to)\\s+(?:first\\s+)?register\\b|"
      "\\bregistration\\s+form\\b|\\bcomplete\\s+(?:the\\s+|a\\s+)?registration\\b|\\bregister\\s+("
      "?:with|"
      "at|on|via|through)\\b|\\bprior\\s+registration\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      std::map<std::string, std::string> values;
      if (std::string url = FindUrl(u.text, m->begin); !url.empty()) values["url"] = url;
      c->Add("registration", u, m->begin, std::move(values));
      return;
    }
  }
}

void Termination(const Units& units, Collector* c) {
  static const RE2 terminate("(?i)\\bterminat|\\brevoke");
  struct Trigger {
    const char* name;
    const RE2* re;
  };
  static const RE2 breach("(?i)\\bbreach|\\bfail(?:s|ure)?\\s+to\\s+comply\\b|\\bviolat");
  static const RE2 litigation(
      "(?i)\\blitigation\\b|\\blawsuit\\b|\\blegal\\s+action\\b|\\bproceedings?\\b");
  static const RE2 revenue("(?i)\\brevenue\\b");
  static const RE2 guardrail("(?i)\\bguardrails?\\b|\\bsafety\\s+(?:measures?|filters?)\\b");
  static const RE2 at_will(
      "(?i)\\b(?:terminate|revoke)\\b[^.;]{0,80}?\\bat\\s+any\\s+time\\b(?:\\s+(?:upon|on|with)\\s+"
      "notice)?|\\bat\\s+any\\s+time\\b[^.;]{0,40}?\\b(?:terminate|revoke)\\b|\\bno\\s+longer\\s+"
      "commercially\\s+viable\\b");
  static const Trigger kTriggers[] = {{"breach", &breach},
                                      {"litigation", &litigation},
                                      {"revenue", &revenue},
                                      {"guardrails", &guardrail}};
  for (const Unit& u : units) {
    auto t = FirstMatch(terminate, u.text);
    if (!t) continue;
    for (const Trigger& trig : kTriggers) {
      if (RE2::PartialMatch(Piece(u.text), *trig.re))
        c->Add("termination", u, t->begin, {{"trigger", trig.name}});
    }
    if (auto m = FirstMatch(at_will, u.text)) {
      // "may terminate at any time if you are in breach" is a breach trigger, not at will.
      std::string_view after = std::string_view(u.text).substr(m->end, 30);
      if (after.find("breach") == std::string_view::npos &&
          after.find(" if ") == std::string_view::npos) {
        c->Add("termination", u, m->begin, {{"trigger", "at-will"}});
      }
    }
  }
}

void NoDerivatives(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bNoDerivatives\\b|\\bno[- "
      "]derivatives?\\b|\\bNoDerivs\\b|\\b(?:may|shall|must|will)\\s+not\\s+"
      "(?:modify|adapt|(?:create|make|prepare|distribute|share)\\b[^.;]{0,40}?\\b(?:derivative\\s+"
      "works?|"
      "derivatives|adaptations?|adapted\\s+material|modified\\s+versions?|modifications))\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("no-derivatives", u, m->begin);
      return;
    }
  }
}

void NoHosting(const Units& units, Collector* c) {
  static const RE2 hosted(
      "(?i)\\b(?:hosted\\s+(?:or\\s+managed\\s+)?(?:service|solution)|managed\\s+service|via\\s+"
      "your\\s+apis?|"
      "as\\s+a\\s+service|saas)\\b");
  static const RE2 denied(
      "(?i)\\b(?:may|shall|must|will|can)\\s+not\\b[^.;]{0,220}?\\b(?:hosted\\s+(?:or\\s+"
      "managed\\s+)?"
      "(?:service|solution)|managed\\s+service|via\\s+your\\s+apis?|as\\s+a\\s+service|saas)\\b");
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    if (auto m = FirstMatch(denied, u.text)) {
      c->Add("no-hosting", u, m->begin);
      return;
    }
    // "(e) ... provide the Materials as a stand-alone hosted solution" under "you will not:".
    if (auto m = FirstMatch(hosted, u.text); m && u.list_item && UnderNegativeLeadIn(units, i)) {
      c->Add("no-hosting", u, m->begin);
      return;
    }
  }
}

void NoRedistribution(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\b(?:may|shall|must|will|can)\\s+not\\s+(?:(?:share|publish|sell|sublicense)\\s*,?\\s+("
      "?:or\\s+)?)*"
      "(?:re)?distribute\\b");
  static const RE2 listed(
      "(?i)^(?:\\(?[a-z0-9]{1,4}[.)]\\s+)?(?:share,?\\s+)?(?:publish,?\\s+)?(?:re)?distribute\\b");
  static const RE2 unless("(?i)\\b(?:unless|except|without|other\\s+than)\\b");
  // "may not distribute modified versions": a ban on sharing derivatives (NoDerivatives), not on
  // redistributing the work as it is.
  static const RE2 of_derivatives(
      "(?i)^\\s+(?:any\\s+|the\\s+|your\\s+|such\\s+)?(?:modified|derivative|adapted|"
      "adaptations?\\b|modifications?\\b|changed\\s+versions?)");
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    bool found = false;
    ForEachMatch(re, u.text, [&](const Match& m) {
      std::string_view after = std::string_view(u.text).substr(m.end, 80);
      if (RE2::PartialMatch(Piece(after), unless)) return true;
      if (RE2::PartialMatch(Piece(after), of_derivatives)) return true;
      c->Add("no-redistribution", u, m.begin);
      found = true;
      return false;
    });
    if (found) return;
    if (u.list_item && UnderNegativeLeadIn(units, i)) {
      if (auto m = FirstMatch(listed, u.text)) {
        c->Add("no-redistribution", u, m->begin);
        return;
      }
    }
  }
}

void UseRestrictions(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\buse[- ]based\\s+restrictions\\b|\\buse\\s+restrictions\\b|\\bprohibited\\s+uses?\\b|"
      "\\brestricted\\s+uses?\\b|\\bagree\\s+not\\s+to\\s+use\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("use-restrictions", u, m->begin);
      return;
    }
  }
}

void PassThrough(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bas\\s+(?:an\\s+)?enforceable\\s+provisions?\\b|\\bat\\s+minimum\\b[^.;]{0,40}?"
      "\\bsame\\s+use[- "
      "]based\\s+restrictions\\b|\\bat\\s+least\\s+as\\s+restrictive\\b|\\bequivalent\\s+(?:use\\s+"
      ")?"
      "restrictions\\b|\\brequire\\s+all\\s+of\\s+your\\s+users\\b[^.;]{0,60}?\\bcomply\\b|"
      "\\bdoes\\s+not\\s+"
      "contradict\\s+the\\s+restrictions\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("use-restrictions-pass-through", u, m->begin);
      return;
    }
  }
}

void OutputsDerivative(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bdistillation\\b|\\bsynthetic\\s+data\\b|\\b(?:derived\\s+from|based\\s+on)\\b[^.;]{0,"
      "60}?"
      "\\boutputs?\\b|\\boutput\\s+patterns\\b");
  static const RE2 model("(?i)\\bderivative|\\bmodel");
  for (const Unit& u : units) {
    auto m = FirstMatch(re, u.text);
    if (m && RE2::PartialMatch(Piece(u.text), model)) {
      c->Add("outputs-derivative", u, m->begin);
      return;
    }
  }
}

void TermsMayChange(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\b(?:reserves?\\s+the\\s+right\\s+to|may)\\s+(?:update|modify|amend|change|revise)(?:"
      "\\s+or\\s+"
      "(?:update|modify|amend|change|revise))?\\s+(?:this|the)"
      "\\s+(?:agreement|license|licence|terms)\\b|\\bmodifications\\s+will\\s+be\\s+effective\\s+"
      "upon\\s+"
      "posting\\b|\\blatest\\s+version\\s+of\\s+(?:this|the)\\s+(?:agreement|license)\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("terms-may-change", u, m->begin);
      return;
    }
  }
}

void LicenseCopy(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\ba\\s+copy\\s+of\\b[^.;]{0,50}?\\bthis\\s+(?:[a-z-]+\\s+){0,6}(?:license|licence|"
      "agreement|"
      "terms)\\b|\\b(?:give|provide|include|make\\s+available|retain|accompan\\w*|deliver|furnish)"
      "\\b[^.;]"
      "{0,80}?\\ba\\s+copy\\s+of\\s+the\\s+(?:[a-z-]+\\s+){0,4}(?:license|licence|agreement|terms)"
      "\\b|"
      "\\bpermission\\s+notice\\s+shall\\s+be\\s+included\\b|\\binclude\\s+the\\s+(?:full\\s+)?"
      "text\\s+of\\b[^.;]"
      "{0,50}?\\bthis\\s+(?:[a-z-]+\\s+){0,3}(?:license|licence)\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("license-copy", u, m->begin);
      return;
    }
  }
}

void NoticeFile(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\"notice\"\\s+(?:text\\s+)?file\\b|\\bnotice\\s+text\\s+file\\b|\\bNOTICE\\s+file\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("notice-file", u, m->begin);
      return;
    }
  }
}

void MarkModifications(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bprominent\\s+notices?\\s+stating\\s+that\\s+you\\s+(?:changed|modified)\\b|"
      "\\bindicate\\s+if\\s+"
      "changes\\s+were\\s+made\\b|\\bclearly\\s+(?:indicate|identify|mark|state)\\b[^.;]{0,80}?\\b("
      "?:modif|"
      "chang)|\\bdisclos(?:e|ure\\s+of)\\s+(?:the\\s+)?(?:modifications|changes)\\b|\\bstate\\b[^.;"
      "]{0,60}?"
      "\\bthat\\s+you\\s+(?:changed|modified)\\b|\\bdocumentation\\s+of\\s+(?:the\\s+)?"
      "modifications\\b|"
      "\\bdocumenting\\s+the\\s+changes\\b|\\bindicate\\s+if\\s+you\\s+modified\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("mark-modifications", u, m->begin);
      return;
    }
  }
}

void ShareAlike(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bShareAlike\\b|\\bshare[- "
      "]alike\\b|\\bcopyleft\\b|\\bunder\\s+the\\s+same\\s+(?:license|"
      "terms)\\b|\\blicense\\s+the\\s+entire\\s+work,?\\s+as\\s+a\\s+whole,?\\s+under\\s+this\\s+"
      "license\\b|"
      "\\bmust\\s+be\\s+(?:licensed|distributed)\\s+under\\s+(?:the\\s+terms\\s+of\\s+)?this\\s+"
      "license\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      c->Add("share-alike", u, m->begin);
      return;
    }
  }
}

void GoverningLaw(const Units& units, Collector* c) {
  static const RE2 re(
      "(?i)\\bgoverned\\s+(?:and\\s+construed\\s+)?(?:by|under|in\\s+all\\s+respects\\s+by)\\s+(?:"
      "and\\s+"
      "construed\\s+(?:in\\s+accordance\\s+with|under)\\s+)?(?:the\\s+)?(?:laws?\\s+of\\s+(?:"
      "the\\s+)?"
      "([A-Za-z][A-Za-z "
      ".'-]{1,60}?)|([A-Za-z]{2,20})\\s+laws?)(?:,|\\.|;|\\s+without\\b|\\s+and\\s+(?:the"
      "\\s+)?(?:UN|courts?|any)\\b|\\s+\\(|$)|\\bthe\\s+laws\\s+of\\s+([A-Za-z][A-Za-z "
      ".'-]{1,40}?)\\s+govern\\b");
  for (const Unit& u : units) {
    if (auto m = FirstMatch(re, u.text)) {
      std::string law = Trim(!m->groups[0].empty()   ? m->groups[0]
                             : !m->groups[1].empty() ? m->groups[1]
                                                     : m->groups[2]);
      std::map<std::string, std::string> values;
      if (!law.empty()) values["law"] = law;
      c->Add("governing-law", u, m->begin, std::move(values));
      return;
    }
  }
}

using Detector = void (*)(const Units&, Collector*);

// In kClauseCodes order.
constexpr Detector kDetectors[] = {
    NonCommercial,      ResearchOnly,        UserThreshold,       RevenueThreshold,
    AttributionDisplay, DerivativeNaming,    AcceptableUsePolicy, OutputUseRestriction,
    FieldOfUse,         GeographicExclusion, Registration,        Termination,
    NoDerivatives,      NoHosting,           NoRedistribution,    UseRestrictions,
    PassThrough,        OutputsDerivative,   TermsMayChange,      LicenseCopy,
    NoticeFile,         MarkModifications,   ShareAlike,          GoverningLaw,
};
static_assert(std::size(kDetectors) == kClauseCodes.size());

}  // namespace

bool ParseQuantity(std::string_view number, std::string_view scale, uint64_t* out) {
  // Digits with "," or "." separators; one "." followed by other than three digits is a decimal
  // point ("1.5 million"), otherwise dots and commas group thousands ("1.000.000").
  std::string digits;
  std::string fraction;
  size_t dots = 0;
  for (char ch : number) dots += ch == '.';
  bool in_fraction = false;
  for (size_t i = 0; i < number.size(); ++i) {
    const char ch = number[i];
    if (IsDigit(static_cast<unsigned char>(ch))) {
      (in_fraction ? fraction : digits).push_back(ch);
    } else if (ch == '.') {
      size_t run = 0;
      while (i + 1 + run < number.size() &&
             IsDigit(static_cast<unsigned char>(number[i + 1 + run]))) {
        ++run;
      }
      if (dots == 1 && run != 3) {
        if (in_fraction) return false;
        in_fraction = true;
      } else if (run == 0) {
        break;  // a full stop after the number
      }
    } else if (ch != ',') {
      return false;
    }
  }
  if (digits.empty() || digits.size() > 18 || fraction.size() > 9) return false;
  const std::string s = Lower(scale);
  uint64_t mult = 1;
  if (s == "thousand" || s == "k")
    mult = 1'000;
  else if (s == "million" || s == "mn" || s == "m")
    mult = 1'000'000;
  else if (s == "billion" || s == "bn" || s == "b")
    mult = 1'000'000'000;
  else if (!s.empty())
    return false;
  uint64_t whole = 0;
  for (char ch : digits) whole = whole * 10 + static_cast<uint64_t>(ch - '0');
  if (whole > std::numeric_limits<uint64_t>::max() / mult) return false;
  uint64_t value = whole * mult;
  // The fractional part, scaled: "1.5" million -> 500,000 more.
  uint64_t frac_mult = mult;
  for (char ch : fraction) {
    frac_mult /= 10;
    value += static_cast<uint64_t>(ch - '0') * frac_mult;
  }
  *out = value;
  return true;
}

std::vector<ClauseHit> DetectClauses(std::string_view text, const Limits& limits) {
  if (text.size() > limits.text_file_bytes) text = text.substr(0, limits.text_file_bytes);
  const Units units = SplitUnits(text);
  std::vector<ClauseHit> hits;
  for (Detector d : kDetectors) {
    std::vector<ClauseHit> own;
    Collector c(&own);
    d(units, &c);
    std::stable_sort(own.begin(), own.end(),
                     [](const ClauseHit& a, const ClauseHit& b) { return a.line < b.line; });
    for (ClauseHit& h : own) hits.push_back(std::move(h));
  }
  return hits;
}

const ClauseHit* FindClause(const std::vector<ClauseHit>& hits, std::string_view code) {
  for (const ClauseHit& h : hits) {
    if (h.code == code) return &h;
  }
  return nullptr;
}

bool IsClauseCode(std::string_view code) {
  return std::find(kClauseCodes.begin(), kClauseCodes.end(), code) != kClauseCodes.end();
}

}  // namespace openness
