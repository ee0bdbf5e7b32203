// Inventory: hand-written scanners for model references in Python, notebooks, configs,
// Modelfiles, Dockerfiles and shell scripts, and the walk that feeds them.
#include "openness/inventory.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "openness/byte_source.h"
#include "openness/evidence.h"

namespace fs = std::filesystem;

namespace openness {
namespace {

// ---------------------------------------------------------------------------------------------
// Small text helpers

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Lines of a text with their 1-based numbers.
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(++line_no, line);
    pos = eol + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// What a string names

bool IsRepoPart(std::string_view s) {
  if (s.empty() || s.size() > 96) return false;
  if (s.front() == '-' || s.front() == '.' || s.back() == '-' || s.back() == '.') return false;
  if (s.find("..") != std::string_view::npos || s.find("--") != std::string_view::npos) {
    return false;
  }
  bool alpha = false;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      alpha = true;
    } else if (!((c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return alpha;
}

bool HasWeightsExtension(std::string_view s) {
  const std::string_view base = BaseName(s);
  return base.find('.') != std::string_view::npos && !WeightsFormatOf(base).empty();
}

// Extensions that mark a value as a file other than a model (not a Hub id).
bool HasOtherFileExtension(std::string_view s) {
  static constexpr std::string_view kExt[] = {".json", ".yaml", ".yml",   ".txt",    ".py",   ".md",
                                              ".csv",  ".tsv",  ".jsonl", ".toml",   ".html", ".js",
                                              ".png",  ".jpg",  ".log",   ".parquet"};
  const std::string lower = Lower(s);
  for (std::string_view e : kExt) {
    if (lower.ends_with(e)) return true;
  }
  return false;
}

bool LooksLikePath(std::string_view s) {
  if (s.starts_with("/") || s.starts_with("./") || s.starts_with("../") || s.starts_with("~/") ||
      s == "." || s == ".." || s.starts_with("file://")) {
    return true;
  }
  if (s.find('\\') != std::string_view::npos) return true;
  if (std::count(s.begin(), s.end(), '/') >= 2) return true;
  return HasWeightsExtension(s);
}

// hf://org/name[@rev], https://huggingface.co/org/name[/...], hf.co/org/name -> "org/name".
std::optional<std::string> HubIdFromUrl(std::string_view s) {
  static constexpr std::string_view kPrefixes[] = {
      "hf://",           "https://huggingface.co/", "http://huggingface.co/",
      "huggingface.co/", "https://hf.co/",          "http://hf.co/"};
  std::string_view rest;
  bool found = false;
  for (std::string_view p : kPrefixes) {
    if (s.starts_with(p)) {
      rest = s.substr(p.size());
      found = true;
      break;
    }
  }
  if (!found) return std::nullopt;
  if (rest.starts_with("datasets/") || rest.starts_with("spaces/") || rest.starts_with("api/") ||
      rest.starts_with("docs/") || rest.starts_with("models/")) {
    // huggingface.co/models?... is a listing, datasets and spaces are not models.
    if (!rest.starts_with("models/")) return std::nullopt;
    rest.remove_prefix(7);
  }
  const size_t end = rest.find_first_of("?#");
  if (end != std::string_view::npos) rest = rest.substr(0, end);
  std::string_view owner = rest.substr(0, rest.find('/'));
  std::string_view after = rest.size() > owner.size() ? rest.substr(owner.size() + 1) : "";
  std::string_view name = after.substr(0, after.find('/'));
  if (const size_t at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
  if (const size_t at = owner.find('@'); at != std::string_view::npos) owner = owner.substr(0, at);
  if (name.empty()) {
    if (!IsRepoPart(owner)) return std::nullopt;
    return std::string(owner);
  }
  if (!IsRepoPart(owner) || !IsRepoPart(name)) return std::nullopt;
  return std::string(owner) + "/" + std::string(name);
}

struct Classified {
  ReferenceKind kind;
  std::string resolved;
};

// A value in a place that takes a model (a loader's argument, a --model flag).
std::optional<Classified> ClassifyModelValue(std::string_view v, bool single_segment_ok) {
  v = Trim(v);
  if (v.empty() || v.size() > 512) return std::nullopt;
  for (char c : v) {
    // Templates and shell expansions cannot be resolved statically.
    if (IsSpace(c) || c == '{' || c == '}' || c == '$' || c == '%' || c == '<' || c == '>' ||
        c == '*' || c == '"' || c == '\'' || static_cast<unsigned char>(c) < 0x20) {
      return std::nullopt;
    }
  }
  if (auto id = HubIdFromUrl(v)) return Classified{ReferenceKind::kHub, *id};
  if (v.find("://") != std::string_view::npos) return std::nullopt;  // other URLs
  if (LooksLikePath(v)) {
    if (v.starts_with("file://")) v.remove_prefix(7);
    return Classified{ReferenceKind::kLocal, std::string(v)};
  }
  if (HasOtherFileExtension(v)) return std::nullopt;
  if (IsHubRepoId(v, single_segment_ok)) return Classified{ReferenceKind::kHub, std::string(v)};
  return std::nullopt;
}

std::optional<Classified> ClassifyOllamaValue(std::string_view v) {
  v = Trim(v);
  if (!IsOllamaModelName(v)) return std::nullopt;
  return Classified{ReferenceKind::kOllama, std::string(v)};
}

// Keys whose values name models.
bool IsModelKey(std::string_view key) {
  static constexpr std::string_view kHints[] = {
      "model", "checkpoint", "ckpt",     "tokenizer", "pretrained", "repo_id", "repoid", "hub_id",
      "hf_id", "embed",      "reranker", "llm",       "adapter",    "lora",    "encoder"};
  const std::string k = Lower(key);
  for (std::string_view h : kHints) {
    if (k.find(h) != std::string::npos) return true;
  }
  return false;
}

// Keys that name a model only under a model-like parent (model: {name: org/x}).
bool IsNeutralKey(std::string_view key) {
  static constexpr std::string_view kNeutral[] = {"name", "id",  "path", "repo", "source", "hub",
                                                  "hf",   "uri", "url",  "base", "value"};
  const std::string k = Lower(key);
  for (std::string_view n : kNeutral) {
    if (k == n) return true;
  }
  return false;
}

// Flags that take a model on command lines.
bool IsModelFlag(std::string_view w) {
  static constexpr std::string_view kFlags[] = {"--model",
                                                "--model-id",
                                                "--model_id",
                                                "--model-name",
                                                "--model_name",
                                                "--model-path",
                                                "--model_path",
                                                "--model-name-or-path",
                                                "--model_name_or_path",
                                                "--pretrained-model-name-or-path",
                                                "--pretrained_model_name_or_path",
                                                "--tokenizer",
                                                "--hf-repo",
                                                "-hfr",
                                                "--base-model",
                                                "--base_model",
                                                "--adapter",
                                                "--lora"};
  for (std::string_view f : kFlags) {
    if (w == f) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The reference sink

class Sink {
 public:
  Sink(std::string_view file, std::string_view text, std::vector<ModelReference>* out)
      : file_(file), text_(text), out_(out) {}

  // The text of a 1-based line (an index of line starts is built on first use).
  std::string_view Line(uint32_t line) {
    if (starts_.empty()) {
      starts_.push_back(0);
      for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') starts_.push_back(i + 1);
      }
    }
    if (line == 0 || line > starts_.size()) return {};
    const size_t begin = starts_[line - 1];
    size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return text_.substr(begin, end - begin);
  }

  void Add(uint32_t line, uint32_t column, std::string_view target, const Classified& c,
           std::string via) {
    ModelReference r;
    r.file = std::string(file_);
    r.line = line;
    r.column = column;
    r.target = std::string(target);
    r.kind = c.kind;
    r.resolved = c.resolved;
    r.via = std::move(via);
    r.excerpt = MakeExcerpt(Line(line));
    out_->push_back(std::move(r));
  }

  // A value under a key in a config file.
  void AddConfigValue(uint32_t line, uint32_t column, std::string_view key,
                      std::string_view parent_key, std::string_view value) {
    value = Trim(value);
    if (value.empty()) return;
    const std::string via = "config:" + std::string(key.empty() ? parent_key : key);
    const bool model_key =
        IsModelKey(key) || ((key.empty() || IsNeutralKey(key)) && IsModelKey(parent_key));
    const bool ollama_key = Lower(key).find("ollama") != std::string::npos ||
                            Lower(parent_key).find("ollama") != std::string::npos;
    if (ollama_key && model_key) {
      if (auto c = ClassifyOllamaValue(value)) return Add(line, column, value, *c, via);
    }
    if (!model_key) {
      // Hub URLs name a model whatever the key.
      if (auto id = HubIdFromUrl(value)) {
        Add(line, column, value, {ReferenceKind::kHub, *id}, "config:" + std::string(key));
      }
      return;
    }
    // MIME types look like owner/name.
    static constexpr std::string_view kMime[] = {"application/", "text/",      "image/", "audio/",
                                                 "video/",       "multipart/", "font/"};
    for (std::string_view m : kMime) {
      if (Lower(value).starts_with(m)) return;
    }
    if (auto c = ClassifyModelValue(value, /*single_segment_ok=*/false)) {
      Add(line, column, value, *c, via);
    }
  }

 private:
  std::string_view file_;
  std::string_view text_;
  std::vector<ModelReference>* out_;
  std::vector<size_t> starts_;
};

// ---------------------------------------------------------------------------------------------
// Command lines (Dockerfile RUN/CMD, shell scripts, YAML command values)

struct Word {
  std::string text;
  uint32_t column;  // 1-based
};

// Splits a command line into words: whitespace, and the brackets and commas of the exec form
// (["vllm", "serve", "org/x"]) separate words; quotes are removed.
std::vector<Word> SplitWords(std::string_view line, uint32_t first_column) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < line.size() && words.size() < 512) {
    while (i < line.size() &&
           (IsSpace(line[i]) || line[i] == '[' || line[i] == ']' || line[i] == ',')) {
      ++i;
    }
    if (i >= line.size()) break;
    Word w;
    w.column = first_column + static_cast<uint32_t>(i);
    if (line[i] == '"' || line[i] == '\'') {
      const char q = line[i++];
      w.column += 1;
      while (i < line.size() && line[i] != q) w.text += line[i++];
      ++i;
    } else {
      while (i < line.size() && !IsSpace(line[i]) && line[i] != ',' && line[i] != ']' &&
             line[i] != '"' && line[i] != '\'') {
        w.text += line[i++];
      }
    }
    words.push_back(std::move(w));
  }
  return words;
}

bool IsShellBreak(std::string_view w) {
  return w == "&&" || w == "||" || w == ";" || w == "|" || w == "\\";
}

void ScanCommandWords(const std::vector<Word>& w, uint32_t line, Sink* sink) {
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if ((t == "huggingface-cli" || t == "hf") && i + 1 < w.size() && w[i + 1].text == "download") {
      for (size_t j = i + 2; j < w.size() && !IsShellBreak(w[j].text); ++j) {
        if (w[j].text.starts_with("-")) continue;
        if (auto c = ClassifyModelValue(w[j].text, false); c && c->kind == ReferenceKind::kHub) {
          sink->Add(line, w[j].column, w[j].text, *c, t + " download");
          break;
        }
      }
    } else if (t == "vllm" && i + 2 < w.size() && w[i + 1].text == "serve") {
      if (auto c = ClassifyModelValue(w[i + 2].text, true)) {
        sink->Add(line, w[i + 2].column, w[i + 2].text, *c, "vllm serve");
      }
    } else if (t == "ollama" && i + 2 < w.size() &&
               (w[i + 1].text == "pull" || w[i + 1].text == "run" || w[i + 1].text == "show")) {
      if (auto c = ClassifyOllamaValue(w[i + 2].text)) {
        sink->Add(line, w[i + 2].column, w[i + 2].text, *c, "ollama " + w[i + 1].text);
      }
    } else if (IsModelFlag(t) && i + 1 < w.size()) {
      if (auto c = ClassifyModelValue(w[i + 1].text, false)) {
        sink->Add(line, w[i + 1].column, w[i + 1].text, *c, t);
      }
    } else if (t.starts_with("--") && t.find('=') != std::string::npos &&
               IsModelFlag(std::string_view(t).substr(0, t.find('=')))) {
      const size_t eq = t.find('=');
      const std::string value = t.substr(eq + 1);
      if (auto c = ClassifyModelValue(value, false)) {
        sink->Add(line, w[i].column + static_cast<uint32_t>(eq + 1), value, *c, t.substr(0, eq));
      }
    } else if (t == "-m" && i + 1 < w.size()) {
      // llama.cpp's -m takes a model file; python -m takes a module (not a path, not org/name).
      const std::string& v = w[i + 1].text;
      if (HasWeightsExtension(v)) {
        if (auto c = ClassifyModelValue(v, false)) sink->Add(line, w[i + 1].column, v, *c, "-m");
      }
    }
  }
}

// KEY=value pairs (ENV, ARG, export, compose environment lists).
void ScanAssignmentWords(const std::vector<Word>& w, size_t from, uint32_t line, Sink* sink) {
  for (size_t i = from; i < w.size(); ++i) {
    const size_t eq = w[i].text.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    const std::string key = w[i].text.substr(0, eq);
    sink->AddConfigValue(line, w[i].column + static_cast<uint32_t>(eq + 1), key, "",
                         std::string_view(w[i].text).substr(eq + 1));
  }
}

void ScanDockerfile(std::string_view text, Sink* sink) {
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') return;
    const uint32_t offset = static_cast<uint32_t>(t.data() - line.data()) + 1;
    std::vector<Word> w = SplitWords(t, offset);
    if (w.empty()) return;
    const std::string instr = Lower(w[0].text);
    if (instr == "env" || instr == "arg") {
      if (w.size() == 3 && w[1].text.find('=') == std::string::npos) {
        sink->AddConfigValue(line_no, w[2].column, w[1].text, "", w[2].text);  // ENV KEY value
      } else {
        ScanAssignmentWords(w, 1, line_no, sink);
      }
      return;
    }
    if (instr == "copy" || instr == "add") {
      for (size_t i = 1; i + 1 < w.size(); ++i) {  // the last word is the destination
        if (w[i].text.starts_with("--")) continue;
        if (HasWeightsExtension(w[i].text)) {
          sink->Add(line_no, w[i].column, w[i].text, {ReferenceKind::kLocal, w[i].text},
                    "Dockerfile " + Lower(instr));
        }
      }
      return;
    }
    if (instr == "from") return;  // container images, not models
    ScanCommandWords(w, line_no, sink);
  });
}

void ScanShell(std::string_view text, Sink* sink) {
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') return;
    const uint32_t offset = static_cast<uint32_t>(t.data() - line.data()) + 1;
    std::vector<Word> w = SplitWords(t, offset);
    if (w.empty()) return;
    if (w[0].text == "export" || w[0].text == "local" || w[0].text == "readonly") {
      ScanAssignmentWords(w, 1, line_no, sink);
      return;
    }
    // Leading NAME=value words set variables (for the whole line when alone).
    size_t assignments = 0;
    while (assignments < w.size() && w[assignments].text.find('=') != std::string::npos &&
           IsIdentStart(w[assignments].text[0])) {
      ++assignments;
    }
    if (assignments > 0) {
      std::vector<Word> lead(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(assignments));
      ScanAssignmentWords(lead, 0, line_no, sink);
    }
    ScanCommandWords(w, line_no, sink);
  });
}

// ---------------------------------------------------------------------------------------------
// Modelfile

void ScanModelfile(std::string_view text, Sink* sink) {
  bool in_block = false;  // inside a """ ... """ value (TEMPLATE, SYSTEM, LICENSE)
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    size_t quotes = 0;
    for (size_t p = line.find("\"\"\""); p != std::string_view::npos;
         p = line.find("\"\"\"", p + 3)) {
      ++quotes;
    }
    const bool was_in_block = in_block;
    if (quotes % 2 == 1) in_block = !in_block;
    if (was_in_block) return;
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') return;
    const size_t sp = t.find_first_of(" \t");
    if (sp == std::string_view::npos) return;
    const std::string instr = Lower(t.substr(0, sp));
    if (instr != "from" && instr != "adapter") return;
    std::string_view value = Trim(t.substr(sp));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    const uint32_t column = static_cast<uint32_t>(value.data() - line.data()) + 1;
    const std::string via = instr == "from" ? "Modelfile FROM" : "Modelfile ADAPTER";
    if (value.starts_with(".") || value.starts_with("/") || value.starts_with("~") ||
        HasWeightsExtension(value) || value.find('\\') != std::string_view::npos) {
      sink->Add(line_no, column, value, {ReferenceKind::kLocal, std::string(value)}, via);
    } else if (auto c = ClassifyOllamaValue(value)) {
      sink->Add(line_no, column, value, *c, via);
    } else if (!value.empty()) {
      // A safetensors folder without a leading "./".
      sink->Add(line_no, column, value, {ReferenceKind::kLocal, std::string(value)}, via);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Assignment files: TOML, INI, .env

void ScanAssignments(std::string_view text, Sink* sink) {
  std::string section;
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#' || t.front() == ';') return;
    if (t.front() == '[') {
      const size_t close = t.find(']');
      if (close != std::string_view::npos) {
        std::string_view name = t.substr(1, close - 1);
        while (!name.empty() && name.front() == '[') name.remove_prefix(1);
        section = std::string(Trim(name));
      }
      return;
    }
    if (t.starts_with("export ")) t = Trim(t.substr(7));
    const size_t eq = t.find_first_of("=:");
    if (eq == std::string_view::npos || eq == 0) return;
    std::string_view key = Trim(t.substr(0, eq));
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) {
      key = key.substr(1, key.size() - 2);
    }
    if (key.find(' ') != std::string_view::npos) return;
    std::string_view value = Trim(t.substr(eq + 1));
    const uint32_t value_column = static_cast<uint32_t>(value.data() - line.data()) + 1;
    auto add_one = [&](std::string_view v, uint32_t column) {
      v = Trim(v);
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) {
        const size_t close = v.find(v.front(), 1);
        if (close == std::string_view::npos) return;
        v = v.substr(1, close - 1);
        ++column;
      } else {
        const size_t hash = v.find(" #");
        if (hash != std::string_view::npos) v = Trim(v.substr(0, hash));
      }
      sink->AddConfigValue(line_no, column, key, section, v);
    };
    if (value.starts_with("[")) {
      for (const Word& w : SplitWords(value, value_column)) {
        sink->AddConfigValue(line_no, w.column, key, section, w.text);
      }
    } else {
      add_one(value, value_column);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// YAML (line by line: enough for configs, compose files and CI workflows)

std::string_view StripYamlComment(std::string_view s) {
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == 0 || IsSpace(s[i - 1]))) {
      return s.substr(0, i);
    }
  }
  return s;
}

// The key of "key: value" (quoted or not), or npos.
size_t YamlKeyEnd(std::string_view s) {
  if (s.empty()) return std::string_view::npos;
  if (s.front() == '"' || s.front() == '\'') {
    const size_t close = s.find(s.front(), 1);
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      return std::string_view::npos;
    }
    return close + 1;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ':' && (i + 1 == s.size() || IsSpace(s[i + 1]))) return i;
    if (s[i] == '{' || s[i] == '[' || s[i] == '"' || s[i] == '\'') return std::string_view::npos;
  }
  return std::string_view::npos;
}

void ScanYaml(std::string_view text, Sink* sink) {
  std::vector<std::pair<size_t, std::string>> keys;  // (indent, key) of open mappings
  std::string prev_item;                             // the previous list item, for "- --model"
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    std::string_view body = StripYamlComment(line);
    if (Trim(body).empty() || Trim(body) == "---") return;
    size_t indent = 0;
    while (indent < body.size() && body[indent] == ' ') ++indent;
    std::string_view rest = body.substr(indent);
    bool item = false;
    while (rest.starts_with("- ") || rest == "-") {
      item = true;
      indent += 2;
      rest = rest.size() > 2 ? rest.substr(2) : std::string_view();
      while (!rest.empty() && rest.front() == ' ') {
        rest.remove_prefix(1);
        ++indent;
      }
    }
    rest = Trim(rest);
    while (!keys.empty() && (item ? keys.back().first > indent - 2 : keys.back().first >= indent)) {
      keys.pop_back();
    }
    const std::string parent = keys.empty() ? std::string() : keys.back().second;
    auto column_of = [&](std::string_view part) {
      return static_cast<uint32_t>(part.data() - line.data()) + 1;
    };
    auto scalar = [&](std::string_view key, std::string_view value) {
      value = Trim(value);
      if (value.empty() || value.front() == '|' || value.front() == '>' || value.front() == '&' ||
          value.front() == '*' || value.front() == '!') {
        return;
      }
      if (value.front() == '[') {
        const std::vector<Word> words = SplitWords(value, column_of(value));
        for (size_t i = 0; i < words.size(); ++i) {
          if (i > 0 && IsModelFlag(words[i - 1].text)) {
            if (auto c = ClassifyModelValue(words[i].text, false)) {
              sink->Add(line_no, words[i].column, words[i].text, *c, words[i - 1].text);
            }
          } else {
            sink->AddConfigValue(line_no, words[i].column, key, parent, words[i].text);
          }
        }
        return;
      }
      uint32_t column = column_of(value);
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
        ++column;
      }
      if (value.find(' ') != std::string_view::npos) {
        ScanCommandWords(SplitWords(value, column), line_no, sink);  // command: vllm serve x
        return;
      }
      sink->AddConfigValue(line_no, column, key, parent, value);
    };

    const size_t key_end = YamlKeyEnd(rest);
    if (key_end != std::string_view::npos) {
      std::string_view key = rest.substr(0, key_end);
      if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'')) {
        key = key.substr(1, key.size() - 2);
      }
      const std::string_view value = rest.substr(key_end + 1);
      if (Trim(value).empty()) {
        keys.emplace_back(indent, std::string(key));
      } else {
        scalar(key, value);
      }
      prev_item.clear();
      return;
    }
    if (!item) return;
    // A list item: "- org/x", "- MODEL_ID=org/x", or the value after "- --model".
    std::string_view value = rest;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (IsModelFlag(prev_item)) {
      if (auto c = ClassifyModelValue(value, false)) {
        sink->Add(line_no, column_of(value), value, *c, prev_item);
      }
    } else if (const size_t eq = value.find('='); eq != std::string_view::npos && eq > 0 &&
                                                  value.find(' ') == std::string_view::npos) {
      sink->AddConfigValue(line_no, column_of(value) + static_cast<uint32_t>(eq + 1),
                           value.substr(0, eq), parent, value.substr(eq + 1));
    } else {
      scalar("", rest);
    }
    prev_item = std::string(value);
  });
}

// ---------------------------------------------------------------------------------------------
// JSON (a token walk that remembers the key each value sits under; no tree is built)

void ScanJson(std::string_view text, Sink* sink) {
  struct Frame {
    bool object;
    std::string key;      // the key this container sits under
    std::string pending;  // in objects: the key of the value being read
    bool expect_key;
  };
  std::vector<Frame> stack;
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    } else if (c == '{' || c == '[') {
      if (stack.size() >= 256) return;
      std::string key = stack.empty()         ? std::string()
                        : stack.back().object ? stack.back().pending
                                              : stack.back().key;
      stack.push_back({c == '{', std::move(key), std::string(), true});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ':') {
      if (!stack.empty()) stack.back().expect_key = false;
    } else if (c == ',') {
      if (!stack.empty() && stack.back().object) stack.back().expect_key = true;
    } else if (c == '"') {
      const uint32_t column = static_cast<uint32_t>(i - line_start) + 2;
      std::string s;
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"' && text[j] != '\n'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size()) {
          ++j;
          switch (text[j]) {
            case 'n':
              s += '\n';
              break;
            case 't':
              s += '\t';
              break;
            case '/':
              s += '/';
              break;
            case '\\':
              s += '\\';
              break;
            case '"':
              s += '"';
              break;
            default:
              s += '?';
              break;
          }
        } else {
          s += text[j];
        }
      }
      i = j < text.size() && text[j] == '\n' ? j - 1 : j;
      if (stack.empty()) continue;
      Frame& f = stack.back();
      if (f.object && f.expect_key) {
        f.pending = std::move(s);
      } else if (f.object) {
        sink->AddConfigValue(line, column, f.pending, f.key, s);
      } else {
        sink->AddConfigValue(line, column, "", f.key, s);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Python: a small tokenizer (names, strings, operators, logical newlines) and call patterns

enum class Tok { kName, kString, kOp, kNewline, kOther };

struct Token {
  Tok type;
  std::string text;  // names and ops: as written; strings: the decoded value
  uint32_t line;
  uint32_t column;            // strings: where the value starts (after prefix and quote)
  bool interpolated = false;  // an f-string with a {field}
};

std::vector<Token> TokenizePython(std::string_view src, size_t max_tokens) {
  std::vector<Token> toks;
  uint32_t line = 1;
  size_t line_start = 0;
  int depth = 0;
  size_t i = 0;
  auto col = [&](size_t pos) { return static_cast<uint32_t>(pos - line_start) + 1; };
  auto newline = [&] {
    if (depth == 0 && !toks.empty() && toks.back().type != Tok::kNewline) {
      toks.push_back({Tok::kNewline, "", line, col(i)});
    }
  };
  while (i < src.size() && toks.size() < max_tokens) {
    const char c = src[i];
    if (c == '\n') {
      newline();
      ++line;
      line_start = ++i;
      continue;
    }
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '\\' && i + 1 < src.size() && (src[i + 1] == '\n' || src[i + 1] == '\r')) {
      i += 1;  // line continuation: the newline is skipped below without ending the statement
      if (src[i] == '\r') ++i;
      if (i < src.size() && src[i] == '\n') {
        ++line;
        line_start = ++i;
      }
      continue;
    }
    if (c == '#') {
      while (i < src.size() && src[i] != '\n') ++i;
      continue;
    }
    // String prefixes: r, b, u, f and their pairs.
    size_t p = i;
    bool raw = false, fstr = false;
    while (p < src.size() && p - i < 2 &&
           (src[p] == 'r' || src[p] == 'R' || src[p] == 'b' || src[p] == 'B' || src[p] == 'u' ||
            src[p] == 'U' || src[p] == 'f' || src[p] == 'F')) {
      if (src[p] == 'r' || src[p] == 'R') raw = true;
      if (src[p] == 'f' || src[p] == 'F') fstr = true;
      ++p;
    }
    if (p < src.size() && (src[p] == '"' || src[p] == '\'')) {
      const char q = src[p];
      const bool triple = p + 2 < src.size() && src[p + 1] == q && src[p + 2] == q;
      size_t j = p + (triple ? 3 : 1);
      Token t{Tok::kString, "", line, col(j)};
      std::string& s = t.text;
      while (j < src.size()) {
        const char d = src[j];
        if (d == q && (!triple || (j + 2 < src.size() && src[j + 1] == q && src[j + 2] == q))) {
          j += triple ? 3 : 1;
          break;
        }
        if (!triple && d == '\n') break;  // unterminated: stop at the line end
        if (d == '\n') {
          ++line;
          line_start = j + 1;
        }
        if (d == '\\' && !raw && j + 1 < src.size()) {
          const char e = src[j + 1];
          if (e == 'n') {
            s += '\n';
          } else if (e == 't') {
            s += '\t';
          } else if (e == '\\' || e == '\'' || e == '"') {
            s += e;
          } else if (e == 'x' && j + 3 < src.size() &&
                     std::isxdigit(static_cast<unsigned char>(src[j + 2])) &&
                     std::isxdigit(static_cast<unsigned char>(src[j + 3]))) {
            s += static_cast<char>(std::stoi(std::string(src.substr(j + 2, 2)), nullptr, 16));
            j += 4;
            continue;
          } else if (e == '\n') {
            ++line;
            line_start = j + 2;
          } else {
            s += '\\';
            s += e;
          }
          j += 2;
          continue;
        }
        if (fstr && d == '{') {
          if (j + 1 < src.size() && src[j + 1] == '{') {
            s += '{';
            j += 2;
            continue;
          }
          t.interpolated = true;
        }
        s += d;
        ++j;
      }
      toks.push_back(std::move(t));
      i = j;
      continue;
    }
    if (IsIdentStart(c)) {
      size_t j = i;
      while (j < src.size() && IsIdentChar(src[j])) ++j;
      toks.push_back({Tok::kName, std::string(src.substr(i, j - i)), line, col(i)});
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < src.size() && (IsIdentChar(src[j]) || src[j] == '.')) ++j;
      toks.push_back({Tok::kOther, "", line, col(i)});
      i = j;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", ":=", "->", "**",
                                                "//", "+=", "-=", "*=", "/=", "|=", "&="};
    std::string op(1, c);
    if (i + 1 < src.size()) {
      const std::string_view two = src.substr(i, 2);
      for (std::string_view t : kTwo) {
        if (two == t) op = std::string(t);
      }
    }
    if (op == ";" && depth == 0) {
      toks.push_back({Tok::kNewline, "", line, col(i)});
    } else {
      toks.push_back({Tok::kOp, op, line, col(i)});
    }
    i += op.size();
  }
  return toks;
}

struct CallRule {
  std::string_view callee;
  std::string_view qualifier;  // "" any; "Peft*" a prefix; otherwise exact
  int position;                // positional argument holding the model, -1 none
  std::array<std::string_view, 4> keywords;
  ReferenceKind kind;
};

constexpr CallRule kCallRules[] = {
    {"from_pretrained", "Peft*", 1, {"model_id"}, ReferenceKind::kHub},
    {"from_pretrained",
     "",
     0,
     {"pretrained_model_name_or_path", "pretrained_model_or_path", "model_id", "repo_id"},
     ReferenceKind::kHub},
    {"from_single_file",
     "",
     0,
     {"pretrained_model_link_or_path", "pretrained_model_link_or_path_or_dict"},
     ReferenceKind::kHub},
    {"load_lora_weights", "", 0, {"pretrained_model_name_or_path_or_dict"}, ReferenceKind::kHub},
    {"hf_hub_download", "", 0, {"repo_id"}, ReferenceKind::kHub},
    {"snapshot_download", "", 0, {"repo_id"}, ReferenceKind::kHub},
    {"pipeline", "", 1, {"model"}, ReferenceKind::kHub},
    {"SentenceTransformer", "", 0, {"model_name_or_path"}, ReferenceKind::kHub},
    {"CrossEncoder", "", 0, {"model_name", "model_name_or_path"}, ReferenceKind::kHub},
    {"LLM", "", 0, {"model"}, ReferenceKind::kHub},
    {"AsyncEngineArgs", "", -1, {"model"}, ReferenceKind::kHub},
    {"EngineArgs", "", -1, {"model"}, ReferenceKind::kHub},
    {"from_model_id", "", -1, {"model_id"}, ReferenceKind::kHub},
    {"HuggingFaceEmbeddings", "", -1, {"model_name"}, ReferenceKind::kHub},
    {"HuggingFaceEndpoint", "", -1, {"repo_id"}, ReferenceKind::kHub},
    {"InferenceClient", "", 0, {"model"}, ReferenceKind::kHub},
    {"chat", "ollama", 0, {"model"}, ReferenceKind::kOllama},
    {"generate", "ollama", 0, {"model"}, ReferenceKind::kOllama},
    {"embed", "ollama", 0, {"model"}, ReferenceKind::kOllama},
    {"embeddings", "ollama", 0, {"model"}, ReferenceKind::kOllama},
    {"pull", "ollama", 0, {"model"}, ReferenceKind::kOllama},
    {"ChatOllama", "", -1, {"model"}, ReferenceKind::kOllama},
    {"OllamaLLM", "", -1, {"model"}, ReferenceKind::kOllama},
    {"OllamaEmbeddings", "", -1, {"model"}, ReferenceKind::kOllama},
};

const CallRule* FindRule(std::string_view callee, std::string_view qualifier) {
  for (const CallRule& r : kCallRules) {
    if (r.callee != callee) continue;
    if (r.qualifier.empty()) return &r;
    if (r.qualifier.ends_with("*")) {
      if (qualifier.starts_with(r.qualifier.substr(0, r.qualifier.size() - 1))) return &r;
    } else if (qualifier == r.qualifier) {
      return &r;
    }
  }
  return nullptr;
}

struct Constant {
  std::string value;
  uint32_t line;
};

// The string a token range evaluates to: adjacent string literals, or a module constant.
std::optional<std::pair<std::string, std::string>> EvalArg(
    const std::vector<Token>& t, size_t a, size_t b,
    const std::map<std::string, std::vector<Constant>>& consts, uint32_t call_line) {
  if (a >= b) return std::nullopt;
  if (t[a].type == Tok::kString) {
    std::string s;
    for (size_t k = a; k < b; ++k) {
      if (t[k].type != Tok::kString || t[k].interpolated) return std::nullopt;
      s += t[k].text;
    }
    return std::make_pair(std::move(s), std::string());
  }
  if (b == a + 1 && t[a].type == Tok::kName) {
    auto it = consts.find(t[a].text);
    if (it == consts.end()) return std::nullopt;
    // The last assignment before the call; else the first one (defined further down).
    const Constant* best = &it->second.front();
    for (const Constant& c : it->second) {
      if (c.line <= call_line) best = &c;
    }
    return std::make_pair(best->value, t[a].text + " (line " + std::to_string(best->line) + ")");
  }
  return std::nullopt;
}

void ScanPython(std::string_view text, Sink* sink,
                const std::vector<uint32_t>* line_map = nullptr) {
  const std::vector<Token> t = TokenizePython(text, text.size() + 16);
  auto map_line = [&](uint32_t l) {
    return line_map != nullptr && l >= 1 && l <= line_map->size() ? (*line_map)[l - 1] : l;
  };
  std::map<std::string, std::vector<Constant>> consts;

  // Module constants: NAME = "..." and NAME = os.getenv("X", "...") / os.environ.get(...).
  for (size_t k = 0; k + 2 < t.size(); ++k) {
    const bool stmt_start = k == 0 || t[k - 1].type == Tok::kNewline;
    if (!stmt_start || t[k].type != Tok::kName) continue;
    size_t eq = k + 1;
    if (t[eq].type == Tok::kOp && t[eq].text == ":" && eq + 2 < t.size()) eq += 2;  // x: str = ..
    if (t[eq].type != Tok::kOp || t[eq].text != "=") continue;
    size_t end = eq + 1;
    while (end < t.size() && t[end].type != Tok::kNewline) ++end;
    if (auto v = EvalArg(t, eq + 1, end, {}, 0)) {
      consts[t[k].text].push_back({std::move(v->first), t[k].line});
      continue;
    }
    // getenv("NAME", "default") / environ.get("NAME", "default"): the default.
    for (size_t m = eq + 1; m + 5 < end; ++m) {
      if (t[m].type == Tok::kName && (t[m].text == "getenv" || t[m].text == "get") &&
          t[m + 1].text == "(" && t[m + 2].type == Tok::kString && t[m + 3].text == "," &&
          t[m + 4].type == Tok::kString && !t[m + 4].interpolated && t[m + 5].text == ")") {
        consts[t[k].text].push_back({t[m + 4].text, t[k].line});
        break;
      }
    }
  }

  for (size_t k = 0; k + 1 < t.size(); ++k) {
    if (t[k].type != Tok::kName || t[k + 1].type != Tok::kOp || t[k + 1].text != "(") continue;
    std::string_view qualifier;
    if (k >= 2 && t[k - 1].type == Tok::kOp && t[k - 1].text == "." &&
        t[k - 2].type == Tok::kName) {
      qualifier = t[k - 2].text;
    }
    // A definition (def from_pretrained(...)) is not a use.
    if (k >= 1 && t[k - 1].type == Tok::kName &&
        (t[k - 1].text == "def" || t[k - 1].text == "class")) {
      continue;
    }
    const CallRule* rule = FindRule(t[k].text, qualifier);
    if (rule == nullptr) continue;
    // Split the arguments at top-level commas.
    int depth = 1;
    size_t arg_start = k + 2, positional = 0;
    std::optional<std::pair<size_t, size_t>> chosen;
    bool keyword_hit = false;
    size_t m = k + 2;
    for (; m < t.size() && m < k + 4096 && depth > 0; ++m) {
      const Token& x = t[m];
      const bool open = x.type == Tok::kOp && (x.text == "(" || x.text == "[" || x.text == "{");
      const bool close = x.type == Tok::kOp && (x.text == ")" || x.text == "]" || x.text == "}");
      if (open) ++depth;
      if (close) --depth;
      const bool boundary = (depth == 1 && x.type == Tok::kOp && x.text == ",") || depth == 0;
      if (!boundary) continue;
      const size_t a = arg_start, b = m;
      arg_start = m + 1;
      if (a >= b) continue;
      if (b - a >= 3 && t[a].type == Tok::kName && t[a + 1].type == Tok::kOp &&
          t[a + 1].text == "=") {
        for (std::string_view kw : rule->keywords) {
          if (!kw.empty() && t[a].text == kw) {
            chosen = {a + 2, b};
            keyword_hit = true;
          }
        }
      } else if (t[a].type == Tok::kOp && (t[a].text == "*" || t[a].text == "**")) {
        // *args / **kwargs: positions after this are unknown
        positional = 1000;
      } else {
        if (!keyword_hit && rule->position >= 0 &&
            positional == static_cast<size_t>(rule->position)) {
          chosen = {a, b};
        }
        ++positional;
      }
    }
    if (!chosen) continue;
    auto value = EvalArg(t, chosen->first, chosen->second, consts, t[k].line);
    if (!value) continue;
    std::optional<Classified> c = rule->kind == ReferenceKind::kOllama
                                      ? ClassifyOllamaValue(value->first)
                                      : ClassifyModelValue(value->first, true);
    if (!c) continue;
    std::string via(t[k].text);
    if (!value->second.empty()) via += " via " + value->second;
    const Token& at = t[chosen->first];
    sink->Add(map_line(at.line), at.column, value->first, *c, via);
  }
}

// Notebooks: each source line is one JSON string on one line of the .ipynb file. The code is
// rebuilt from those strings (with a map back to the notebook's lines) and read as Python.
void ScanNotebook(std::string_view text, Sink* sink) {
  std::string code;
  std::vector<uint32_t> line_map;
  bool in_source = false;
  ForEachLine(text, [&](uint32_t line_no, std::string_view line) {
    std::string_view t = Trim(line);
    bool single = false;
    if (t.starts_with("\"source\":")) {
      in_source = true;
      t = Trim(t.substr(9));
      if (t.starts_with("[")) {
        t = Trim(t.substr(1));
      } else {
        single = true;  // "source": "one string for the whole cell"
        in_source = false;
      }
      if (t.empty()) return;
    }
    if (!in_source && !single) return;
    if (t.starts_with("]")) {
      in_source = false;
      if (!code.empty() && code.back() != '\n') {
        code += '\n';
        line_map.push_back(line_no);
      }
      return;
    }
    if (t.ends_with(",")) t.remove_suffix(1);
    if (t.size() < 2 || t.front() != '"' || t.back() != '"') return;
    nlohmann::json s = nlohmann::json::parse(t.begin(), t.end(), nullptr, false);
    if (!s.is_string()) return;
    std::string piece = s.get<std::string>();
    const size_t newlines = static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n'));
    code += piece;
    for (size_t k = 0; k < std::max<size_t>(newlines, 1); ++k) line_map.push_back(line_no);
    if (newlines == 0 || single) {
      if (!code.empty() && code.back() != '\n') code += '\n';
      if (newlines != 0) line_map.push_back(line_no);
    }
  });
  ScanPython(code, sink, &line_map);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string_view ReferenceKindName(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::kHub:
      return "hub";
    case ReferenceKind::kLocal:
      return "local";
    case ReferenceKind::kOllama:
      return "ollama";
  }
  return "hub";
}

bool IsHubRepoId(std::string_view s, bool single_segment_ok) {
  if (s.empty() || s.size() > 200) return false;
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return single_segment_ok && IsRepoPart(s);
  if (s.find('/', slash + 1) != std::string_view::npos) return false;
  return IsRepoPart(s.substr(0, slash)) && IsRepoPart(s.substr(slash + 1));
}

bool IsOllamaModelName(std::string_view s) {
  if (s.empty() || s.size() > 300) return false;
  std::string_view path = s, tag;
  const size_t colon = s.rfind(':');
  if (colon != std::string_view::npos) {
    path = s.substr(0, colon);
    tag = s.substr(colon + 1);
    if (tag.empty() || tag.size() > 128) return false;
    for (char c : tag) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
  }
  size_t parts = 0, pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view part = path.substr(pos, next - pos);
    // The first of three parts is a registry host ("hf.co", "registry.ollama.ai").
    if (part.empty() || part.front() == '.' || part.front() == '-' ||
        part.find("..") != std::string_view::npos) {
      return false;
    }
    for (char c : part) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    ++parts;
    pos = next + 1;
  }
  if (parts > 4) return false;
  bool letter = false;
  for (char c : path) letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return letter;
}

std::string_view InventoryScannerFor(std::string_view rel_path) {
  const std::string base = Lower(BaseName(rel_path));
  if (base == "modelfile" || base.starts_with("modelfile.") || base.ends_with(".modelfile")) {
    return "modelfile";
  }
  if (base == "dockerfile" || base.starts_with("dockerfile.") || base.ends_with(".dockerfile") ||
      base == "containerfile") {
    return "dockerfile";
  }
  if (base.ends_with(".py") || base.ends_with(".pyw")) return "python";
  if (base.ends_with(".ipynb")) return "notebook";
  if (base.ends_with(".yaml") || base.ends_with(".yml")) return "yaml";
  if (base.ends_with(".json")) {
    if (base.ends_with("lock.json") || base == "package.json" || base == "tsconfig.json" ||
        base.ends_with(".index.json") || base == "tokenizer.json" || base == "vocab.json") {
      return "";
    }
    return "json";
  }
  if (base.ends_with(".toml") || base.ends_with(".ini") || base.ends_with(".cfg") ||
      base.ends_with(".conf") || base == ".env" || base.starts_with(".env.") ||
      base.ends_with(".env")) {
    return "assignments";
  }
  if (base.ends_with(".sh") || base.ends_with(".bash")) return "shell";
  return "";
}

void ScanTextForReferences(std::string_view scanner, std::string_view rel_path,
                           std::string_view text, std::vector<ModelReference>* out) {
  Sink sink(rel_path, text, out);
  if (scanner == "python") {
    ScanPython(text, &sink);
  } else if (scanner == "notebook") {
    ScanNotebook(text, &sink);
  } else if (scanner == "yaml") {
    ScanYaml(text, &sink);
  } else if (scanner == "json") {
    ScanJson(text, &sink);
  } else if (scanner == "assignments") {
    ScanAssignments(text, &sink);
  } else if (scanner == "modelfile") {
    ScanModelfile(text, &sink);
  } else if (scanner == "dockerfile") {
    ScanDockerfile(text, &sink);
  } else if (scanner == "shell") {
    ScanShell(text, &sink);
  }
}

std::vector<InventoryTarget> Inventory::Targets() const {
  std::vector<InventoryTarget> targets;
  std::map<std::pair<ReferenceKind, std::string>, size_t> index;
  for (size_t i = 0; i < references.size(); ++i) {
    const ModelReference& r = references[i];
    auto [it, fresh] = index.emplace(std::make_pair(r.kind, r.resolved), targets.size());
    if (fresh) targets.push_back({r.kind, r.resolved, r.exists, {}});
    targets[it->second].references.push_back(i);
  }
  return targets;
}

namespace {

bool SkippedFolder(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  static constexpr std::string_view kSkip[] = {
      ".git",          ".hg",           ".svn",          "node_modules",
      "__pycache__",   ".venv",         "venv",          ".tox",
      ".nox",          ".mypy_cache",   ".pytest_cache", ".ruff_cache",
      "site-packages", "dist-packages", ".cache",        ".ipynb_checkpoints",
      ".idea",         ".eggs"};
  for (std::string_view s : kSkip) {
    if (name == s) return true;
  }
  std::error_code ec;
  return fs::exists(entry.path() / "pyvenv.cfg", ec);  // any virtual environment
}

bool ReadWhole(const fs::path& p, uint64_t max, std::string* out) {
  auto file = OpenFileSource(p.string());
  return file.ok() && file.value()->Read(0, std::min(file.value()->size(), max), out).ok();
}

bool IsModelFolderMarker(std::string_view base) {
  return base == "config.json" || base == "adapter_config.json" || base == "params.json" ||
         ClassifyFile(base) == FileRole::kCard;
}

// Paths relative to the root when inside it; absolute otherwise.
std::string RelativeOrAbsolute(const fs::path& p, const fs::path& root) {
  const fs::path rel = p.lexically_relative(root);
  if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
  return p.generic_string();
}

void ResolveLocal(const fs::path& root, ModelReference* r) {
  const fs::path file_dir = (root / r->file).parent_path();
  std::string target = r->resolved;
  std::error_code ec;
  if (target.starts_with("~")) {
    r->exists = false;
    return;
  }
  fs::path t(target);
  std::vector<fs::path> candidates;
  if (t.is_absolute()) {
    candidates.push_back(t);
  } else {
    candidates.push_back(file_dir / t);
    candidates.push_back(root / t);
  }
  for (const fs::path& c : candidates) {
    if (fs::exists(c, ec)) {
      r->resolved = RelativeOrAbsolute(c.lexically_normal(), root);
      r->exists = true;
      return;
    }
  }
  r->resolved = RelativeOrAbsolute(candidates.front().lexically_normal(), root);
  r->exists = false;
}

}  // namespace

Status TakeInventory(const std::string& dir, const InventoryOptions& options, Inventory* out) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::NotFound(dir + ": no such folder");
  if (!fs::is_directory(dir, ec)) return Status::InvalidArgument(dir + ": not a folder");
  const fs::path root = fs::path(dir).lexically_normal();
  out->root = dir;

  std::map<std::string, std::vector<std::string>> weights_by_dir;  // dir -> weights files
  std::set<std::string> marked_dirs;                               // dirs with config or card
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IOError(dir + ": " + ec.message());
  uint64_t seen = 0;
  std::string text;
  try {
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        out->problems.push_back({"", Status::IOError("walking the folder: " + ec.message())});
        break;
      }
      const fs::directory_entry& entry = *it;
      std::error_code e2;
      if (entry.is_symlink(e2)) continue;  // neither folders nor files behind links are read
      const std::string rel = entry.path().lexically_relative(root).generic_string();
      if (entry.is_directory(e2)) {
        if (SkippedFolder(entry)) {
          it.disable_recursion_pending();
        } else if (it.depth() + 1 >= static_cast<int>(options.max_depth)) {
          out->problems.push_back(
              {rel, Status::TooLarge("folder nesting deeper than " +
                                     std::to_string(options.max_depth) + " levels: not walked")});
          it.disable_recursion_pending();
        }
        continue;
      }
      if (!entry.is_regular_file(e2)) continue;
      if (++seen > options.max_files) {
        out->problems.push_back(
            {"", Status::TooLarge("more than " + std::to_string(options.max_files) +
                                  " files: the rest were not read")});
        break;
      }
      const std::string base = entry.path().filename().string();
      const std::string parent = fs::path(rel).parent_path().generic_string();
      if (IsModelFolderMarker(base)) marked_dirs.insert(parent);
      if (ClassifyFile(rel) == FileRole::kWeights) {
        weights_by_dir[parent].push_back(rel);
        continue;
      }
      const std::string_view scanner = InventoryScannerFor(rel);
      if (scanner.empty()) continue;
      const uint64_t size = entry.file_size(e2);
      if (e2) continue;
      if (size > options.max_file_bytes) {
        out->problems.push_back(
            {rel, Status::TooLarge("larger than " + std::to_string(options.max_file_bytes) +
                                   " bytes: not read")});
        continue;
      }
      if (!ReadWhole(entry.path(), options.max_file_bytes, &text)) {
        out->problems.push_back({rel, Status::IOError("cannot be read")});
        continue;
      }
      if (text.find('\0') != std::string::npos) continue;  // binary
      ++out->files_scanned;
      ScanTextForReferences(scanner, rel, text, &out->references);
      if (out->references.size() > options.max_references) {
        out->references.resize(options.max_references);
        out->problems.push_back(
            {"", Status::TooLarge("more than " + std::to_string(options.max_references) +
                                  " references: the rest were not listed")});
        break;
      }
    }
  } catch (const std::bad_alloc&) {
    out->problems.push_back({"", Status::TooLarge("out of memory while reading the tree")});
  } catch (const std::exception& e) {
    out->problems.push_back({"", Status::IOError(std::string("walking the folder: ") + e.what())});
  }

  // Model files: a folder with a config or card, or several non-GGUF weights files, is one
  // release; weights below such a folder belong to it; other files stand alone.
  std::vector<std::string> release_dirs;
  for (const auto& [d, files] : weights_by_dir) {
    const bool all_gguf = std::all_of(files.begin(), files.end(), [](const std::string& f) {
      return WeightsFormatOf(f) == "gguf";
    });
    if (marked_dirs.count(d) != 0 || (files.size() > 1 && !all_gguf)) release_dirs.push_back(d);
  }
  auto inside_release = [&](const std::string& d) {
    for (const std::string& r : release_dirs) {
      if (r.empty() || d == r || d.starts_with(r + "/")) return &r;
    }
    return static_cast<const std::string*>(nullptr);
  };
  std::set<std::string> folder_done;
  for (const auto& [d, files] : weights_by_dir) {
    const std::string* release = inside_release(d);
    for (const std::string& f : files) {
      ModelReference r;
      r.file = f;
      r.kind = ReferenceKind::kLocal;
      if (release != nullptr) {
        if (!folder_done.insert(*release).second) break;
        r.target = release->empty() ? "." : *release;
        r.via = "model folder";
      } else {
        r.target = f;
        r.via = "model file";
      }
      r.resolved = r.target;
      out->references.push_back(std::move(r));
    }
  }

  for (ModelReference& r : out->references) {
    if (r.line == 0) continue;  // model files found by the walk
    if (r.kind == ReferenceKind::kLocal) {
      ResolveLocal(root, &r);
    } else if (r.kind == ReferenceKind::kHub && r.target == r.resolved) {
      // from_pretrained("models/mine") loads a local folder when one exists.
      const fs::path file_dir = (root / r.file).parent_path();
      if (fs::is_directory(file_dir / r.target, ec) || fs::is_directory(root / r.target, ec)) {
        r.kind = ReferenceKind::kLocal;
        ResolveLocal(root, &r);
      }
    }
  }
  std::sort(out->references.begin(), out->references.end(),
            [](const ModelReference& a, const ModelReference& b) {
              return std::tie(a.file, a.line, a.column, a.target) <
                     std::tie(b.file, b.line, b.column, b.target);
            });
  out->references.erase(std::unique(out->references.begin(), out->references.end()),
                        out->references.end());
  return Status::Ok();
}

}  // namespace openness
