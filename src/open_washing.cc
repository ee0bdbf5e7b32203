// FindOpenSourceClaims: sentences of a card that call the model itself open source.
#include "openness/open_washing.h"

#include <algorithm>
#include <cctype>

namespace openness {
namespace {

constexpr size_t kMaxClaims = 10;
constexpr size_t kMaxSentenceBytes = 2000;  // longer "sentences" are tables or code; cut

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s.ends_with(w)) return true;
  }
  return false;
}

// The next n words of s (letters, digits, hyphens and dots kept together).
std::vector<std::string_view> NextWords(std::string_view s, size_t n) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (out.size() < n && i < s.size()) {
    while (i < s.size() && !IsAlnum(s[i])) {
      if (s[i] == ',' || s[i] == ';' || s[i] == ':' || s[i] == '(') return out;  // clause ends
      ++i;
    }
    size_t b = i;
    while (i < s.size() && (IsAlnum(s[i]) || s[i] == '-' || s[i] == '.' || s[i] == '\'')) ++i;
    if (i > b) {
      std::string_view w = s.substr(b, i - b);
      while (!w.empty() && (w.back() == '.' || w.back() == '-')) w.remove_suffix(1);
      out.push_back(w);
    }
  }
  return out;
}

// Nouns that make "open source X" about something other than a model.
bool NonModelNoun(std::string_view w) {
  for (std::string_view n : {"community",    "communities",    "benchmark",
                             "benchmarks",   "tool",           "tools",
                             "tooling",      "library",        "libraries",
                             "software",     "project",        "projects",
                             "code",         "codebase",       "framework",
                             "frameworks",   "ecosystem",      "license",
                             "licenses",     "licence",        "licences",
                             "contributor",  "contributors",   "developer",
                             "developers",   "initiative",     "movement",
                             "world",        "dataset",        "datasets",
                             "data",         "implementation", "implementations",
                             "package",      "packages",       "repository",
                             "repositories", "recipe",         "recipes",
                             "effort",       "efforts",        "research",
                             "researchers",  "alternative",    "alternatives",
                             "evaluation",   "evaluations",    "harness",
                             "spirit",       "principles",     "definition",
                             "release-of",   "friends",        "space"}) {
    if (w == n) return true;
  }
  return false;
}

bool ModelNoun(std::string_view w) {
  for (std::string_view n :
       {"model", "models", "llm", "llms", "weights", "checkpoint", "checkpoints", "release",
        "releases", "lm", "lms", "system", "transformer", "assistant", "chatbot", "version"}) {
    if (w == n) return true;
  }
  return false;
}

bool PluralNoun(std::string_view w) { return w.ends_with("s") && w != "weights"; }

// Comparison: the sentence measures the model against open-source models, or names them as its
// base, before the trigger.
bool Comparison(std::string_view prefix) {
  const std::string p = " " + std::string(prefix);
  return ContainsAny(p, {"outperform",       " than ",          "compar",         " vs",
                         "versus",           " other ",         " beat",          "surpass",
                         "competitive with", "on par with",     " rival",         "based on",
                         "derived from",     "fine-tuned from", "finetuned from", "built on",
                         "similar to",       " like ",          " unlike ",       "relative to",
                         " against ",        " match",          "exceed",         " gap "});
}

bool NameAt(std::string_view s, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n.size() >= 3 && s.starts_with(n) && (s.size() == n.size() || !IsAlpha(s[n.size()]))) {
      return true;
    }
  }
  return false;
}

bool MentionsName(std::string_view s, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n.size() >= 3 && s.find(n) != std::string_view::npos) return true;
  }
  return false;
}

std::string_view Tail(std::string_view s, size_t n) {
  return s.size() > n ? s.substr(s.size() - n) : s;
}

// Markdown and HTML reduced to prose: [text](url) -> text, <tags> and emphasis marks dropped.
std::string Prose(std::string_view line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == '<') {
      const size_t close = line.find('>', i);
      if (close != std::string_view::npos && close - i < 400) {
        out.push_back(' ');
        i = close + 1;
        continue;
      }
    }
    if (c == ']' && i + 1 < line.size() && line[i + 1] == '(') {
      const size_t close = line.find(')', i + 2);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (c == '[' || c == '*' || c == '`' ||
        (c == '!' && i + 1 < line.size() && line[i + 1] == '[')) {
      ++i;
      continue;
    }
    out.push_back(c);
    ++i;
  }
  return out;
}

struct Unit {
  std::string text;
  std::vector<std::pair<size_t, int>> lines;  // (offset in text, card line)
};

void SplitUnit(const Unit& u, std::vector<CardSentence>* out, size_t max) {
  size_t begin = 0;
  auto line_at = [&](size_t offset) {
    int line = u.lines.empty() ? 0 : u.lines.front().second;
    for (const auto& [o, l] : u.lines) {
      if (o <= offset) line = l;
    }
    return line;
  };
  auto emit = [&](size_t b, size_t e) {
    while (b < e && IsSpace(u.text[b])) ++b;
    while (e > b && IsSpace(u.text[e - 1])) --e;
    if (e <= b || out->size() >= max) return;
    std::string t = u.text.substr(b, std::min(e - b, kMaxSentenceBytes));
    out->push_back({line_at(b), std::move(t)});
  };
  for (size_t i = 0; i < u.text.size(); ++i) {
    const char c = u.text[i];
    const bool end =
        (c == '.' || c == '!' || c == '?') && i + 1 < u.text.size() && IsSpace(u.text[i + 1]);
    if (c == '|' || end) {
      emit(begin, c == '|' ? i : i + 1);
      begin = i + 1;
    }
  }
  emit(begin, u.text.size());
}

}  // namespace

std::vector<CardSentence> CardSentences(const ModelCard& card, size_t max_sentences) {
  std::vector<CardSentence> out;
  const FrontMatter& fm = card.front_matter;
  std::string_view text = card.text;
  Unit unit;
  bool in_fence = false, in_comment = false;
  auto flush = [&] {
    if (!unit.text.empty()) SplitUnit(unit, &out, max_sentences);
    unit = Unit();
  };
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size() && out.size() < max_sentences) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = text.substr(pos, eol - pos);
    ++line_no;
    const bool last = eol >= text.size();
    pos = eol + 1;
    if (fm.present && line_no >= fm.first_line && line_no <= fm.last_line) {
      if (last) break;
      continue;
    }
    std::string_view t = raw;
    while (!t.empty() && (IsSpace(t.front()))) t.remove_prefix(1);
    while (!t.empty() && IsSpace(t.back())) t.remove_suffix(1);
    if (t.starts_with("```") || t.starts_with("~~~")) {
      flush();
      in_fence = !in_fence;
    } else if (in_fence) {
      // code: skipped
    } else {
      std::string kept;
      // HTML comments, possibly spanning lines.
      size_t i = 0;
      while (i < t.size()) {
        if (in_comment) {
          const size_t close = t.find("-->", i);
          if (close == std::string_view::npos) {
            i = t.size();
          } else {
            in_comment = false;
            i = close + 3;
          }
          continue;
        }
        const size_t open = t.find("<!--", i);
        if (open == std::string_view::npos) {
          kept.append(t.substr(i));
          break;
        }
        kept.append(t.substr(i, open - i));
        in_comment = true;
        i = open + 4;
      }
      std::string_view k = kept;
      const bool blank = k.empty();
      const bool heading = k.starts_with("#");
      const bool item = k.starts_with("- ") || k.starts_with("* ") || k.starts_with("+ ") ||
                        (k.size() > 2 && std::isdigit(static_cast<unsigned char>(k[0])) &&
                         (k.substr(1).starts_with(". ") || k.substr(1).starts_with(") ")));
      const bool table = k.starts_with("|");
      if (blank || heading || item || table) flush();
      if (!blank) {
        while (!k.empty() && (k.front() == '#' || k.front() == '>')) k.remove_prefix(1);
        if (item) k.remove_prefix(2);
        const std::string prose = Prose(k);
        if (!unit.text.empty()) unit.text.push_back(' ');
        unit.lines.push_back({unit.text.size(), line_no});
        unit.text += prose;
        if (heading || table) flush();
      }
    }
    if (last) break;
  }
  flush();
  return out;
}

bool SentenceClaimsOpenSource(std::string_view sentence, const std::vector<std::string>& names,
                              std::string* phrase) {
  const std::string s = Lower(sentence);
  std::vector<std::string> lnames;
  for (const std::string& n : names) {
    std::string l = Lower(n);
    if (l.size() >= 3 && l != "model" && l != "readme") lnames.push_back(std::move(l));
  }
  size_t p = 0;
  while ((p = s.find("open", p)) != std::string::npos) {
    const size_t at = p;
    p += 4;
    if (at > 0 && IsAlpha(s[at - 1])) continue;
    std::string_view rest = std::string_view(s).substr(at);
    size_t start = at, word_end = 0;
    bool os = false;
    for (std::string_view form : {"open-sourc", "open sourc", "opensourc"}) {
      if (rest.starts_with(form)) {
        os = true;
        word_end = at + form.size();
        while (word_end < s.size() && IsAlpha(s[word_end])) ++word_end;
        break;
      }
    }
    if (!os) {
      // "fully open", "fully-open", "truly open", "completely open" (not "opens", "openly").
      if (at + 4 < s.size() && IsAlpha(s[at + 4])) continue;
      std::string_view before = std::string_view(s).substr(0, at);
      bool fully = false;
      for (std::string_view q : {"fully ", "fully-", "truly ", "completely ", "100% "}) {
        if (before.ends_with(q)) {
          fully = true;
          start = at - q.size();
          break;
        }
      }
      if (!fully) continue;
      word_end = at + 4;
      // "fully open source" is the open-source form, handled above at the same "open".
    }
    const std::string_view word = std::string_view(s).substr(at, word_end - at);
    const std::string_view prefix = std::string_view(s).substr(0, start);
    const std::string_view after = std::string_view(s).substr(word_end);
    const std::vector<std::string_view> next = NextWords(after, 6);
    if (!next.empty() && NonModelNoun(next.front())) continue;
    if (next.size() > 1 && NonModelNoun(next[1]) && !ModelNoun(next.front())) continue;
    if (Comparison(prefix)) continue;

    auto claim = [&](size_t end) {
      *phrase = std::string(sentence.substr(start, std::min(end, sentence.size()) - start));
      return true;
    };

    // Verb forms: "we have open-sourced X", "X is open-sourced", "we open-source X".
    const bool past = word.ends_with("ed");
    const bool progressive = word.ends_with("ing");
    const bool base_verb =
        os && !past && !progressive &&
        EndsWithAny(prefix, {"we ", "we will ", "we'll ", "to ", "we now ", "we also "});
    if (past || progressive || base_verb) {
      const std::string_view object = after.substr(0, std::min<size_t>(after.size(), 160));
      const std::string_view subject = Tail(prefix, 60);
      const bool we = ContainsAny(Tail(prefix, 24), {"we ", "we've ", "we're ", "we have "});
      if (we) {
        bool model_object = MentionsName(object, lnames);
        for (std::string_view w : NextWords(object, 12)) {
          if (NonModelNoun(w) && !model_object) break;
          if (ModelNoun(w)) model_object = true;
        }
        if (model_object) return claim(word_end + std::min<size_t>(after.size(), 40));
        continue;
      }
      // Passive: the subject before "is/are open-sourced".
      bool non_model_subject = false, model_subject = MentionsName(subject, lnames);
      for (std::string_view w : NextWords(subject, 20)) {
        if (NonModelNoun(w)) non_model_subject = true;
        if (ModelNoun(w) || w == "this" || w == "it") model_subject = true;
      }
      if (model_subject && !non_model_subject) return claim(word_end);
      continue;
    }

    // Adjective forms: "open-source model", "fully open model", "the open source X".
    size_t model_at = next.size();
    for (size_t i = 0; i < next.size(); ++i) {
      if (NonModelNoun(next[i])) break;
      if (ModelNoun(next[i])) {
        model_at = i;
        break;
      }
    }
    const size_t first = after.find_first_not_of(' ');
    const bool name_follows =
        NameAt(first == std::string_view::npos ? std::string_view() : after.substr(first), lnames);
    const std::string window = " " + std::string(Tail(prefix, 40));
    if (model_at == next.size() && !name_follows) {
      // Predicate: "<this model / X> is (fully) open source".
      if (os && EndsWithAny(prefix, {" is ", " are ", " is fully ", " is completely ",
                                     " are fully ", " remains ", " is 100% "})) {
        bool model_subject = MentionsName(prefix, lnames);
        for (std::string_view w : NextWords(Tail(prefix, 60), 20)) {
          if (ModelNoun(w) || w == "this" || w == "it") model_subject = true;
          if (NonModelNoun(w)) {
            model_subject = false;
            break;
          }
        }
        if (model_subject) return claim(word_end);
      }
      continue;
    }
    const bool plural = model_at < next.size() && PluralNoun(next[model_at]);
    const bool self = ContainsAny(window, {" this ", " our ", " is an ", " is a ", " is the ",
                                           " as an ", " as a ", " as the ", " we release",
                                           " releasing", " introduc", " presents", " present "}) ||
                      prefix.empty() || prefix == "a " || prefix == "an " || prefix == "the ";
    const bool placing = ContainsAny(
        window, {" best ", " most ", " leading ", " top ", " first ", " largest ", " strongest ",
                 " state-of-the-art ", " state of the art ", " sota ", " among "});
    // Placing among open-source models counts when the sentence is about this model: a singular
    // noun ("the best open-source model") or a subject that is the model itself.
    const bool self_subject =
        MentionsName(prefix, lnames) || prefix.empty() ||
        ContainsAny(" " + std::string(prefix) + " ", {" this ", " our ", " we ", " it ", " it's "});
    const bool placing_self = placing && (!plural || self_subject);
    if (name_follows || (self && !(plural && !ContainsAny(window, {" our ", " we release"}))) ||
        placing_self) {
      const size_t model_end =
          model_at < next.size()
              ? static_cast<size_t>(next[model_at].data() - s.data()) + next[model_at].size()
              : word_end + std::min<size_t>(after.size(), 30);
      return claim(model_end);
    }
  }
  return false;
}

std::vector<OpennessClaim> FindOpenSourceClaims(const ModelCard& card,
                                                const std::vector<std::string>& names) {
  std::vector<OpennessClaim> out;
  for (const CardSentence& s : CardSentences(card)) {
    std::string phrase;
    if (SentenceClaimsOpenSource(s.text, names, &phrase)) {
      out.push_back({s.line, s.text, phrase});
      if (out.size() >= kMaxClaims) break;
    }
  }
  return out;
}

}  // namespace openness
