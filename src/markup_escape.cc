// Escaping for Markdown and HTML: see markup_escape.h for what each function guarantees.
#include "markup_escape.h"

#include <cstdint>

namespace openness {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kWordJoiner = "\xE2\x81\xA0";   // U+2060

void AppendUtf8(uint32_t cp, std::string* out) {
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

// Decodes one code point at text[*pos]; advances *pos. Returns 0xFFFFFFFF for an invalid
// sequence (overlong, surrogate, out of range, truncated), consuming one byte.
uint32_t DecodeOne(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(*pos);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  size_t len;
  uint32_t cp, min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    ++*pos;
    return 0xFFFFFFFF;
  }
  if (*pos + len > text.size()) {
    ++*pos;
    return 0xFFFFFFFF;
  }
  for (size_t i = 1; i < len; ++i) {
    const uint8_t b = byte(*pos + i);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return 0xFFFFFFFF;
  }
  *pos += len;
  return cp;
}

bool IsBidiControl(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string SanitizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const uint32_t cp = DecodeOne(text, &pos);
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      out.push_back(' ');
    } else if (cp == 0xFFFFFFFF || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || IsBidiControl(cp)) {
      out += kReplacement;
    } else {
      AppendUtf8(cp, &out);
    }
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  const std::string clean = SanitizeText(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string MarkdownText(std::string_view text) {
  std::string clean = SanitizeText(text);
  // Leading spaces could start an indented code block, trailing ones a hard line break.
  const size_t first = clean.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  clean = clean.substr(first, clean.find_last_not_of(' ') - first + 1);

  std::string out;
  out.reserve(clean.size() + clean.size() / 4);
  // A list marker or ordered-list number at the start would turn an item into a nested list.
  size_t digits = 0;
  while (digits < clean.size() && clean[digits] >= '0' && clean[digits] <= '9') ++digits;
  const bool ordered_marker =
      digits > 0 && digits < clean.size() && (clean[digits] == '.' || clean[digits] == ')');
  for (size_t i = 0; i < clean.size(); ++i) {
    const char c = clean[i];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
      case '$':
      case '!':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '@':
        out.push_back('@');
        out += kWordJoiner;
        break;
      case '#':
      case '-':
      case '+':
      case '=':
        if (i == 0) out.push_back('\\');
        out.push_back(c);
        break;
      case '.':
      case ')':
        if (ordered_marker && i == digits) out.push_back('\\');
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string MarkdownCode(std::string_view text) {
  const std::string clean = SanitizeText(text);
  if (clean.empty()) return "";
  size_t longest = 0, run = 0;
  for (char c : clean) {
    run = c == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const std::string fence(longest + 1, '`');
  // CommonMark strips one space from each side when both are spaces; pad so nothing is lost and
  // a backtick at either end cannot join the fence.
  const bool pad =
      clean.front() == '`' || clean.back() == '`' || clean.front() == ' ' || clean.back() == ' ';
  const char* space = pad ? " " : "";
  return fence + space + clean + space + fence;
}

std::string MarkdownCellCode(std::string_view text) {
  const std::string inner = MarkdownText(text);
  if (inner.empty()) return "";
  return "<code>" + inner + "</code>";
}

std::optional<std::string> SafeWebUrl(std::string_view url) {
  const auto starts_with_nocase = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  size_t scheme = 0;
  if (starts_with_nocase("https://")) {
    scheme = 8;
  } else if (starts_with_nocase("http://")) {
    scheme = 7;
  } else {
    return std::nullopt;
  }
  if (url.size() == scheme) return std::nullopt;
  std::string out;
  out.reserve(url.size());
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' ||
        c == '\\') {
      return std::nullopt;
    }
    if (c >= 0x80) {  // an IRI: encode the UTF-8 bytes
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string PercentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace openness
