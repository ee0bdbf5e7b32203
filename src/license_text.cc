// License text normalisation passes and the tokeniser (see include/openness/license_text.h).
//
// Every pass is a hand-written scanner over bytes: no regular expressions, linear time, and '\n'
// is copied through untouched so line numbers survive.
#include "openness/license_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

namespace openness {
namespace {

// ---- UTF-8 helpers ----

struct Decoded {
  char32_t cp = 0;
  size_t len = 1;
  bool valid = false;
};

Decoded DecodeUtf8(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true};
  size_t len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return {0xFFFD, 1, false};
  }
  if (i + len > s.size()) return {0xFFFD, 1, false};
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return {0xFFFD, 1, false};
  }
  return {cp, len, true};
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool IsCjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool IsWordCodepoint(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlnum(static_cast<char>(cp));
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Calls fn(line) for each line (without its '\n') and joins the results with '\n'.
template <typename Fn>
std::string MapLines(std::string_view text, Fn fn) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t eol = text.find('\n', pos);
    const bool last = eol == std::string_view::npos;
    if (last) eol = text.size();
    fn(text.substr(pos, eol - pos), &out);
    if (last) break;
    out.push_back('\n');
    pos = eol + 1;
  }
  return out;
}

// ---- Unicode ----

// What one code point becomes: nullptr keeps it.
const char* MapCodepoint(char32_t cp) {
  switch (cp) {
    case '\'':
    case '`':
    case 0xB4:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2032:
    case 0x2033:
    case 0x2035:
    case 0x2036:
    case 0x2039:
    case 0x203A:
    case 0xAB:
    case 0xBB:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
    case 0x2E3A:
    case 0x2E3B:
      return "-";
    case 0x2022:
    case 0x2023:
    case 0x2043:
    case 0x2219:
    case 0x25AA:
    case 0x25AB:
    case 0x25CF:
    case 0x25E6:
    case 0x25A0:
    case 0x25A1:
    case 0x2027:
    case 0x00B7:
    case 0x25C6:
    case 0x2713:
      return "*";
    case 0xA9:
      return "(c)";
    case 0x3002:
    case 0xFF61:
      return ".";
    case 0x3001:
      return ",";
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0xAD:
      return "";
    default:
      break;
  }
  if ((cp >= 0x2000 && cp <= 0x200A) || cp == 0xA0 || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000 || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
    return " ";
  }
  if (cp < 0x20 && cp != '\n' && cp != '\t') return " ";
  if (cp == 0x7F) return " ";
  return nullptr;
}

// Appends the compatibility decomposition (NFKD) of one code point, each part mapped again:
// fullwidth letters, ligatures, superscripts and the like become their plain forms.
void AppendCompat(char32_t cp, std::string* out) {
  if (cp >= 0x4E00 && cp <= 0x9FFF) {  // CJK ideographs: none
    AppendUtf8(cp, out);
    return;
  }
  utf8proc_int32_t parts[18];
  int boundclass = 0;
  const utf8proc_ssize_t n =
      utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), parts, 18,
                              static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT), &boundclass);
  if (n <= 0 || n > 18) {
    AppendUtf8(cp, out);
    return;
  }
  for (utf8proc_ssize_t k = 0; k < n; ++k) {
    const auto part = static_cast<char32_t>(parts[k]);
    if (const char* r = MapCodepoint(part)) {
      out->append(r);
    } else {
      AppendUtf8(part, out);
    }
  }
}

// Bytes copied through NormaliseUnicode unchanged.
bool IsPlainByte(unsigned char c) {
  return (c >= 0x20 && c < 0x7F && c != '\'' && c != '`') || c == '\n' || c == '\t';
}

// ---- Equivalent words ----

const std::unordered_map<std::string_view, std::string_view>& EquivalentWords() {
  // British and variant spellings -> one form (after the SPDX matching guidelines' list).
  static const auto* const kWords = new std::unordered_map<std::string_view, std::string_view>{
      {"acknowledgement", "acknowledgment"},
      {"acknowledgements", "acknowledgments"},
      {"analogue", "analog"},
      {"analyse", "analyze"},
      {"artefact", "artifact"},
      {"artefacts", "artifacts"},
      {"authorisation", "authorization"},
      {"authorise", "authorize"},
      {"authorised", "authorized"},
      {"authorises", "authorizes"},
      {"calibre", "caliber"},
      {"cancelled", "canceled"},
      {"capitalisations", "capitalizations"},
      {"catalogue", "catalog"},
      {"categorise", "categorize"},
      {"centre", "center"},
      {"emphasised", "emphasized"},
      {"favour", "favor"},
      {"favourite", "favorite"},
      {"fulfil", "fulfill"},
      {"fulfilment", "fulfillment"},
      {"initialise", "initialize"},
      {"judgement", "judgment"},
      {"labelling", "labeling"},
      {"labour", "labor"},
      {"licence", "license"},
      {"licences", "licenses"},
      {"licenced", "licensed"},
      {"licencing", "licensing"},
      {"licencee", "licensee"},
      {"licencees", "licensees"},
      {"licencor", "licensor"},
      {"sublicence", "sublicense"},
      {"sublicences", "sublicenses"},
      {"maximise", "maximize"},
      {"modelled", "modeled"},
      {"modelling", "modeling"},
      {"offence", "offense"},
      {"offences", "offenses"},
      {"optimise", "optimize"},
      {"organisation", "organization"},
      {"organisations", "organizations"},
      {"organise", "organize"},
      {"practise", "practice"},
      {"programme", "program"},
      {"realise", "realize"},
      {"recognise", "recognize"},
      {"recognised", "recognized"},
      {"signalling", "signaling"},
      {"utilisation", "utilization"},
      {"utilise", "utilize"},
      {"whilst", "while"},
      {"wilful", "willful"},
      {"wilfull", "willful"},
      {"behaviour", "behavior"},
      {"colour", "color"},
      {"defence", "defense"},
      {"honour", "honor"},
      {"endeavour", "endeavor"},
      {"per-cent", "percent"},
  };
  return *kWords;
}

// Two-word forms that become one word: {first, second, replacement}.
struct WordPair {
  std::string_view first, second, replacement;
};
constexpr std::array<WordPair, 7> kWordPairs = {{
    {"per", "cent", "percent"},
    {"sub", "license", "sublicense"},
    {"sub", "licence", "sublicense"},
    {"sub", "licensable", "sublicensable"},
    {"non", "commercial", "noncommercial"},
    {"copyright", "owner", "copyright holder"},
    {"copyright", "owners", "copyright holders"},
}};

bool IsWordChar(char c) { return IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

std::string NormaliseUnicode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && IsPlainByte(static_cast<unsigned char>(text[j]))) ++j;
    out.append(text.substr(i, j - i));
    i = j;
    if (i >= text.size()) break;
    const Decoded d = DecodeUtf8(text, i);
    if (!d.valid) {
      out.push_back(' ');
    } else if (const char* r = MapCodepoint(d.cp)) {
      out.append(r);
    } else if (d.cp < 0x80) {
      out.push_back(static_cast<char>(d.cp));
    } else {
      AppendCompat(d.cp, &out);
    }
    i += d.len;
  }
  return out;
}

std::string StripMarkup(std::string_view text) {
  return MapLines(text, [](std::string_view line, std::string* out) {
    // A line of only rule or table-separator characters carries no words.
    bool only_rule = !line.empty();
    bool any_rule_char = false;
    for (char c : line) {
      if (c == '-' || c == '*' || c == '_' || c == '=' || c == '|' || c == ':' || c == '+') {
        any_rule_char = true;
      } else if (!IsBlank(c)) {
        only_rule = false;
        break;
      }
    }
    if (only_rule && any_rule_char) return;
    size_t i = 0;
    // Leading Markdown heading and quote markers.
    while (i < line.size() && (IsBlank(line[i]) || line[i] == '>' || line[i] == '#')) {
      out->push_back(' ');
      ++i;
    }
    while (i < line.size()) {
      const char c = line[i];
      if (c == '<' && i + 1 < line.size() &&
          (IsAsciiLetter(line[i + 1]) || line[i + 1] == '/' || line[i + 1] == '!')) {
        const size_t close = line.find('>', i + 1);
        if (close != std::string_view::npos && close - i <= 400) {
          out->push_back(' ');
          i = close + 1;
          continue;
        }
      }
      if (c == '&') {
        const size_t semi = line.find(';', i + 1);
        if (semi != std::string_view::npos && semi - i <= 10) {
          const std::string_view ent = line.substr(i + 1, semi - i - 1);
          const char* r = nullptr;
          if (ent == "amp")
            r = "&";
          else if (ent == "lt")
            r = "<";
          else if (ent == "gt")
            r = ">";
          else if (ent == "quot" || ent == "apos" || ent == "#39" || ent == "#x27" ||
                   ent == "rsquo" || ent == "lsquo" || ent == "ldquo" || ent == "rdquo")
            r = "\"";
          else if (ent == "mdash" || ent == "ndash" || ent == "#8212" || ent == "#8211")
            r = "-";
          else if (ent == "nbsp" || ent == "#160" || (!ent.empty() && ent[0] == '#'))
            r = " ";
          else if (ent == "copy")
            r = "(c)";
          if (r != nullptr) {
            out->append(r);
            i = semi + 1;
            continue;
          }
        }
      }
      if (c == '|') {
        out->push_back(' ');
        ++i;
        continue;
      }
      if ((c == '*' || c == '_') && i + 1 < line.size() && line[i + 1] == c) {
        // Strong emphasis markers ** and __.
        out->push_back(' ');
        i += 2;
        continue;
      }
      if (c == '\\' && i + 1 < line.size() && !IsWordChar(line[i + 1])) {
        ++i;  // a Markdown escape: keep the escaped character only
        continue;
      }
      out->push_back(c);
      ++i;
    }
  });
}

std::string LowerCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      ++i;
      continue;
    }
    Decoded d = DecodeUtf8(text, i);
    if (d.valid) {
      AppendUtf8(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(d.cp))),
                 &out);
    } else {
      out.push_back(c);
    }
    i += d.len;
  }
  return out;
}

std::string NormaliseUrls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const std::string_view rest = text.substr(i);
    size_t scheme = 0;
    if (rest.starts_with("https://")) {
      scheme = 8;
    } else if (rest.starts_with("http://")) {
      scheme = 7;
    }
    if (scheme != 0) {
      out.append("http://");
      i += scheme;
      if (text.substr(i).starts_with("www.")) i += 4;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string DropCopyrightLines(std::string_view text) {
  return MapLines(text, [](std::string_view line, std::string* out) {
    size_t i = 0;
    while (i < line.size() &&
           (IsBlank(line[i]) || line[i] == '*' || line[i] == '-' || line[i] == '"')) {
      ++i;
    }
    const std::string_view rest = line.substr(i);
    bool notice = rest.starts_with("(c)") || rest.starts_with("all rights reserved");
    if (!notice && rest.starts_with("copyright")) {
      // "Copyright (c) ...", "Copyright 2023 ...", "Copyright [yyyy] ..." are notices;
      // "copyright holders ..." wrapped onto a new line is license text.
      size_t j = 9;
      if (j < rest.size() && rest[j] == 's') ++j;
      while (j < rest.size() && (IsBlank(rest[j]) || rest[j] == ':')) ++j;
      notice = j >= rest.size() || rest.substr(j).starts_with("(c)") || IsDigit(rest[j]) ||
               rest[j] == '[' || rest[j] == '<' || rest[j] == '{' ||
               rest.substr(j).starts_with("by ");
    }
    if (!notice) out->append(line);
  });
}

std::string DropListMarkers(std::string_view text) {
  auto is_roman = [](std::string_view s) {
    if (s.empty() || s.size() > 5) return false;
    for (char c : s) {
      if (c != 'i' && c != 'v' && c != 'x' && c != 'l') return false;
    }
    return true;
  };
  return MapLines(text, [&](std::string_view line, std::string* out) {
    size_t i = 0;
    while (i < line.size() && IsBlank(line[i])) ++i;
    for (int round = 0; round < 4 && i < line.size(); ++round) {
      size_t j = i;
      const char c = line[i];
      bool marker = false;
      if (c == '-' || c == '*' || c == '+') {
        j = i + 1;
        while (j < line.size() && line[j] == c) ++j;
        marker = true;
      } else if (line.substr(i).starts_with("\xC2\xA7")) {  // §
        j = i + 2;
        while (j < line.size() && line.substr(j).starts_with("\xC2\xA7")) j += 2;
        // and the section number after it: "§ 4", "§4.2"
        size_t k = j;
        while (k < line.size() && IsBlank(line[k])) ++k;
        size_t d = k;
        while (d < line.size() && (IsDigit(line[d]) || (line[d] == '.' && d > k))) ++d;
        if (d > k) j = d;
        marker = true;
      } else if (IsDigit(c)) {
        // 1.  1)  2.3  2.3.  4.1(a)
        j = i;
        bool dotted = false;
        while (j < line.size() && (IsDigit(line[j]) || (line[j] == '.' && j + 1 < line.size() &&
                                                        IsDigit(line[j + 1])))) {
          dotted = dotted || line[j] == '.';
          ++j;
        }
        if (j - i <= 8 && j < line.size() && (line[j] == '.' || line[j] == ')')) {
          ++j;
          marker = true;
        } else if (dotted && j - i <= 8) {
          marker = true;
        }
      } else if (c == '(') {
        const size_t close = line.find(')', i);
        if (close != std::string_view::npos && close - i >= 2 && close - i <= 6) {
          const std::string_view inner = line.substr(i + 1, close - i - 1);
          bool ok = is_roman(inner) || (inner.size() == 1 && IsAsciiAlnum(inner[0]));
          if (!ok) {
            ok = true;
            for (char d : inner) ok = ok && IsDigit(d);
          }
          if (ok) {
            j = close + 1;
            marker = true;
          }
        }
      } else if (c >= 'a' && c <= 'z') {
        j = i;
        while (j < line.size() && line[j] >= 'a' && line[j] <= 'z' && j - i < 6) ++j;
        const std::string_view word = line.substr(i, j - i);
        if ((word.size() == 1 || is_roman(word)) && j < line.size() &&
            (line[j] == '.' || line[j] == ')')) {
          ++j;
          marker = true;
        }
      }
      // A marker stands alone: followed by a space or the end of the line.
      if (!marker || (j < line.size() && !IsBlank(line[j]))) break;
      while (j < line.size() && IsBlank(line[j])) ++j;
      i = j;
    }
    out->append(line.substr(i));
  });
}

std::string DropQuotes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '"') out.push_back(c);
  }
  return out;
}

std::string NormalisePunctuation(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '-') {
      if (!out.empty() && out.back() == '-') continue;
      out.push_back('-');
    } else if (c == '_' || c == '/' || c == '\\') {
      out.push_back(' ');
    } else if (c == '.' && !out.empty() && out.back() == '.') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string ReplaceEquivalentWords(std::string_view text) {
  const auto& words = EquivalentWords();
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() &&
           (IsWordChar(text[j]) || (text[j] == '-' && j + 1 < text.size() &&
                                    IsWordChar(text[j + 1]) && j > i && IsWordChar(text[j - 1])))) {
      ++j;
    }
    std::string_view word = text.substr(i, j - i);
    // Hyphenated compounds: the whole form first ("per-cent"), then "sub-license" as a pair.
    if (auto it = words.find(word); it != words.end()) {
      out.append(it->second);
      i = j;
      continue;
    }
    // The first word of the compound (or the word alone) and the next word.
    size_t first_end = i;
    while (first_end < j && text[first_end] != '-') ++first_end;
    const std::string_view first = text.substr(i, first_end - i);
    size_t second_begin = first_end;
    if (first_end == j) {
      // Not hyphenated: the next word after blanks on the same line.
      second_begin = j;
      while (second_begin < text.size() && IsBlank(text[second_begin])) ++second_begin;
    } else {
      ++second_begin;
    }
    size_t second_end = second_begin;
    while (second_end < text.size() && IsWordChar(text[second_end])) ++second_end;
    const std::string_view second = text.substr(second_begin, second_end - second_begin);
    bool replaced = false;
    if (second_end > second_begin) {
      for (const WordPair& p : kWordPairs) {
        if (p.first == first && p.second == second) {
          out.append(p.replacement);
          i = second_end;
          replaced = true;
          break;
        }
      }
    }
    if (replaced) continue;
    // Replace the parts of a hyphenated word one by one.
    size_t k = i;
    while (k < j) {
      size_t e = k;
      while (e < j && text[e] != '-') ++e;
      const std::string_view part = text.substr(k, e - k);
      if (auto it = words.find(part); it != words.end()) {
        out.append(it->second);
      } else {
        out.append(part);
      }
      if (e < j) out.push_back('-');
      k = e + 1;
    }
    i = j;
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  return MapLines(text, [](std::string_view line, std::string* out) {
    bool pending_space = false;
    bool any = false;
    for (char c : line) {
      if (IsBlank(c) || c == '\r' || c == '\v' || c == '\f') {
        pending_space = any;
        continue;
      }
      if (pending_space) out->push_back(' ');
      pending_space = false;
      any = true;
      out->push_back(c);
    }
  });
}

std::span<const LicenseTextPass> LicenseTextPasses() {
  static constexpr LicenseTextPass kPasses[] = {
      {"unicode", NormaliseUnicode},
      {"markup", StripMarkup},
      {"case", LowerCase},
      {"urls", NormaliseUrls},
      {"copyright", DropCopyrightLines},
      {"list-markers", DropListMarkers},
      {"quotes", DropQuotes},
      {"punctuation", NormalisePunctuation},
      {"equivalent-words", ReplaceEquivalentWords},
      {"whitespace", CollapseWhitespace},
  };
  return kPasses;
}

std::string NormaliseLicenseText(std::string_view text) {
  std::string current(text);
  for (const LicenseTextPass& pass : LicenseTextPasses()) current = pass.run(current);
  return current;
}

uint64_t LicenseTokenHash(std::string_view token) {
  uint64_t h = 14695981039346656037ull;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

uint32_t LicenseBigramHash(uint64_t a, uint64_t b) {
  // splitmix64 finaliser over an asymmetric combination, folded to 32 bits.
  uint64_t x = a * 0x9E3779B97F4A7C15ull ^ ((b << 23) | (b >> 41));
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x ^ (x >> 32));
}

std::vector<LicenseToken> TokeniseLicenseText(std::string_view text, size_t max_tokens) {
  std::vector<LicenseToken> tokens;
  tokens.reserve(std::min(max_tokens, text.size() / 5 + 1));
  int line = 1;
  size_t i = 0;
  auto mark_end = [&](size_t after) {
    // Punctuation right after the token (spaces allowed) ends a sentence.
    size_t k = after;
    while (k < text.size() && IsBlank(text[k])) ++k;
    if (k < text.size() && !tokens.empty()) {
      const char c = text[k];
      if (c == '.' || c == ';' || c == ':' || c == '!' || c == '?')
        tokens.back().ends_sentence = true;
    }
  };
  while (i < text.size() && tokens.size() < max_tokens) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      if (!IsAsciiAlnum(c)) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size()) {
        const char d = text[j];
        if (IsAsciiAlnum(d)) {
          ++j;
        } else if ((d == '.' || d == ',') && j > i && IsDigit(text[j - 1]) && j + 1 < text.size() &&
                   IsDigit(text[j + 1])) {
          ++j;
        } else {
          break;
        }
      }
      tokens.push_back({LicenseTokenHash(text.substr(i, j - i)), line, false, IsDigit(c)});
      mark_end(j);
      i = j;
      continue;
    }
    Decoded d = DecodeUtf8(text, i);
    if (!d.valid || !IsWordCodepoint(d.cp)) {
      i += d.len;
      continue;
    }
    if (IsCjk(d.cp)) {
      tokens.push_back({LicenseTokenHash(text.substr(i, d.len)), line, false, false});
      i += d.len;
      // CJK full stops were mapped to '.' by the unicode pass.
      mark_end(i);
      continue;
    }
    size_t j = i;
    while (j < text.size()) {
      const char e = text[j];
      if (static_cast<unsigned char>(e) < 0x80) {
        if (!IsAsciiAlnum(e)) break;
        ++j;
        continue;
      }
      Decoded f = DecodeUtf8(text, j);
      if (!f.valid || !IsWordCodepoint(f.cp) || IsCjk(f.cp)) break;
      j += f.len;
    }
    tokens.push_back({LicenseTokenHash(text.substr(i, j - i)), line, false, false});
    mark_end(j);
    i = j;
  }
  return tokens;
}

uint64_t LicenseSequenceHash(std::span<const LicenseToken> tokens) {
  uint64_t h = 14695981039346656037ull;
  for (const LicenseToken& t : tokens) {
    h ^= t.hash;
    h *= 1099511628211ull;
    h ^= h >> 29;
  }
  return h;
}

std::vector<uint32_t> LicenseSentenceHashes(std::span<const LicenseToken> tokens,
                                            std::vector<size_t>* starts) {
  std::vector<uint32_t> out;
  if (starts != nullptr) starts->clear();
  uint64_t h = 14695981039346656037ull;
  size_t begin = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    h ^= tokens[i].hash;
    h *= 1099511628211ull;
    h ^= h >> 29;
    if (tokens[i].ends_sentence || i + 1 == tokens.size()) {
      out.push_back(static_cast<uint32_t>(h ^ (h >> 32)));
      if (starts != nullptr) starts->push_back(begin);
      h = 14695981039346656037ull;
      begin = i + 1;
    }
  }
  return out;
}

}  // namespace openness
