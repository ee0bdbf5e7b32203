// ParseModelCard: YAML front matter with yaml-cpp, Markdown structure with md4c.
//
// The card is untrusted text. Its size is checked first; the YAML block is located with the same
// rules as huggingface_hub's REGEX_YAML_BLOCK but with plain string scanning, then run through a
// cheap event-only pass of yaml-cpp that enforces nesting depth, node count and alias count
// before the block is loaded into a node tree. The tree walk spends a node budget so shared
// (aliased) subtrees cannot make it exponential. Every yaml-cpp exception is caught and turned
// into front_matter_error; the Markdown body is parsed in every case.
//
// Sections: `filled` is true when the section's whole span (its own text and the text of its
// subsections, up to end_line) holds anything but headings, HTML comments and the template
// placeholder. A line whose only value is the placeholder after a label ("Developed by:
// [More Information Needed]") counts as empty. `own_filled` looks at the section's own text
// only, up to the next heading of any level.
#include "openness/model_card.h"

#include <fmt/format.h>
#include <md4c.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openness {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kPlaceholder = "[More Information Needed]";
constexpr std::string_view kOptionalSuffix = "[optional]";
// Aliases are legitimate YAML but no real card needs many; a handful of them nested is how an
// expansion bomb is built, so more than this is refused before yaml-cpp builds a tree.
constexpr uint64_t kMaxAliases = 100;

// ---------------------------------------------------------------------------------------------
// Small string helpers (ASCII only: the card may hold anything).

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && EqualsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

// Collapses runs of whitespace to one space, trims, and drops a trailing " [optional]" (the
// template marks optional headings that way; readers match headings without it).
std::string NormalizeHeading(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool space = false;
  for (char c : raw) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  if (EndsWithIgnoreCase(out, kOptionalSuffix)) {
    std::string_view rest = std::string_view(out).substr(0, out.size() - kOptionalSuffix.size());
    if (rest.empty() || IsSpace(rest.back())) out = std::string(Trim(rest));
  }
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

// md4c hands entities over raw ("&amp;"); headings and link texts want the character. Only the
// numeric forms and a few common names are decoded; others stay as written.
void AppendEntity(std::string_view ent, std::string* out) {
  if (ent.size() >= 4 && ent[1] == '#') {
    const bool hex = ent[2] == 'x' || ent[2] == 'X';
    uint32_t cp = 0;
    bool valid = ent.back() == ';';
    for (size_t i = hex ? 3 : 2; valid && i + 1 < ent.size(); ++i) {
      const char c = ent[i];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<uint32_t>(c - '0');
      } else if (hex && AsciiLower(c) >= 'a' && AsciiLower(c) <= 'f') {
        d = static_cast<uint32_t>(AsciiLower(c) - 'a' + 10);
      } else {
        valid = false;
        break;
      }
      cp = cp * (hex ? 16u : 10u) + d;
      if (cp > 0x10FFFF) cp = 0x110000;  // saturate: AppendUtf8 maps it to U+FFFD
    }
    if (valid) {
      AppendUtf8(cp, out);
      return;
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
      {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", " "},
  };
  for (const auto& [name, value] : kNamed) {
    if (ent == name) {
      out->append(value);
      return;
    }
  }
  out->append(ent);
}

// ---------------------------------------------------------------------------------------------
// Lines. \n, \r\n and a lone \r all end a line, as in YAML and in md4c.

std::vector<size_t> ComputeLineStarts(std::string_view text) {
  std::vector<size_t> starts;
  starts.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      starts.push_back(i + 1);
    }
  }
  return starts;
}

// Lines of the card: a final line terminator does not start another line.
int LineCount(const std::vector<size_t>& starts, size_t text_size) {
  size_t n = starts.size();
  if (n > 1 && starts.back() == text_size) --n;
  return static_cast<int>(std::min<size_t>(n, std::numeric_limits<int>::max()));
}

int LineOfOffset(const std::vector<size_t>& starts, size_t offset) {
  const auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  const auto line = static_cast<size_t>(it - starts.begin());
  return static_cast<int>(std::min<size_t>(line, std::numeric_limits<int>::max()));
}

// ---------------------------------------------------------------------------------------------
// Front matter location: huggingface_hub's
//   ^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))
// without a regex engine on untrusted text. huggingface_hub applies it to text read with
// universal newlines, so a lone \r also ends the closing line (cards with "\r\r\n" exist).

struct YamlBlock {
  enum class Kind { kNone, kClosed, kUnterminated };
  Kind kind = Kind::kNone;
  size_t open = 0;           // offset of the opening ---
  size_t content_begin = 0;  // first byte after the opener's line break
  size_t content_end = 0;    // the line break before the closing ---
  size_t close = 0;          // offset of the closing ---
  size_t body_begin = 0;     // first byte of the Markdown
};

size_t LineBreakLength(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == '\r') return (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
  return text[i] == '\n' ? 1 : 0;
}

YamlBlock FindYamlBlock(std::string_view text) {
  YamlBlock b;
  size_t i = 0;
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (text.substr(i, 3) != "---") return b;
  const size_t br = LineBreakLength(text, i + 3);
  if (br == 0) return b;
  b.open = i;
  b.content_begin = i + 3 + br;
  for (size_t p = b.content_begin; p < text.size(); ++p) {
    const size_t len = LineBreakLength(text, p);
    if (len == 0) continue;
    const size_t q = p + len;
    if (text.substr(q, 3) != "---") continue;
    size_t r = q + 3;
    while (r < text.size() && (text[r] == ' ' || text[r] == '\t')) ++r;
    size_t end = 0;
    if (r == text.size()) {
      end = r;
    } else if (text[r] == '\n') {
      end = r + 1;
    } else if (text[r] == '\r') {
      end = r + LineBreakLength(text, r);
    } else {
      continue;
    }
    b.kind = YamlBlock::Kind::kClosed;
    b.content_end = p;
    b.close = q;
    b.body_begin = end;
    return b;
  }
  b.kind = YamlBlock::Kind::kUnterminated;
  return b;
}

// An unclosed '---' is usually a Markdown rule; it is a broken front matter only when the next
// non-blank line looks like a YAML key ("license: mit").
bool LooksLikeYamlKey(std::string_view rest) {
  rest = Trim(rest);
  size_t i = 0;
  while (i < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[i])) != 0 ||
                             rest[i] == '_' || rest[i] == '-')) {
    ++i;
  }
  return i > 0 && i < rest.size() && rest[i] == ':' &&
         (i + 1 == rest.size() || IsSpace(rest[i + 1]));
}

// ---------------------------------------------------------------------------------------------
// YAML guard: an event-only pass that never builds a tree and stops at the first limit.

struct YamlLimitExceeded {
  YAML::Mark mark;
  std::string what;
};

class GuardHandler : public YAML::EventHandler {
 public:
  explicit GuardHandler(const Limits& limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Count(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Count(mark);
    if (++aliases_ > kMaxAliases) {
      throw YamlLimitExceeded{mark, fmt::format("more than {} aliases", kMaxAliases)};
    }
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
      throw YamlLimitExceeded{mark, fmt::format("more than {} nodes", limits_.yaml_nodes)};
    }
  }
  // Throwing here stops yaml-cpp's recursive descent before its own stack gets deep.
  void Open(const YAML::Mark& mark) {
    Count(mark);
    if (++depth_ > limits_.nesting_depth) {
      throw YamlLimitExceeded{mark, fmt::format("nesting deeper than {}", limits_.nesting_depth)};
    }
  }

  const Limits& limits_;
  uint64_t nodes_ = 0;
  uint64_t aliases_ = 0;
  uint64_t depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Walking the loaded tree. Only the keys we report are visited; each visited node costs one unit
// of budget so aliases that share subtrees cannot blow the walk up.

struct BudgetExhausted {};

class FrontMatterReader {
 public:
  FrontMatterReader(int first_content_line, uint64_t budget)
      : first_line_(first_content_line), budget_(budget) {}

  void Read(const YAML::Node& root, FrontMatter* fm) {
    for (const auto& kv : root) {
      Spend();
      const YAML::Node key = kv.first;
      const YAML::Node value = kv.second;
      if (!key.IsScalar()) continue;
      const std::string name = key.Scalar();
      const int line = LineOf(key);
      const bool first = std::none_of(fm->keys.begin(), fm->keys.end(),
                                      [&](const CardValue& k) { return k.value == name; });
      fm->keys.push_back(CardValue{name, line});
      if (!first) continue;  // like most YAML readers, the first of duplicate keys wins
      if (name == "license") {
        fm->license = List(value);
      } else if (name == "license_name") {
        fm->license_name = Scalar(value);
      } else if (name == "license_link") {
        fm->license_link = Scalar(value);
      } else if (name == "base_model") {
        fm->base_model = List(value);
      } else if (name == "base_model_relation") {
        fm->base_model_relation = Scalar(value);
      } else if (name == "datasets") {
        fm->datasets = List(value);
      } else if (name == "tags") {
        fm->tags = List(value);
      } else if (name == "language") {
        fm->language = List(value);
      } else if (name == "pipeline_tag") {
        fm->pipeline_tag = Scalar(value);
      } else if (name == "library_name") {
        fm->library_name = Scalar(value);
      } else if (name == "extra_gated_prompt") {
        fm->extra_gated_prompt = Scalar(value);
      } else if (name == "model-index") {
        fm->model_index_line = line;
        ReadModelIndex(value, &fm->eval_results);
      }
    }
  }

 private:
  void Spend() {
    if (budget_ == 0) throw BudgetExhausted{};
    --budget_;
  }

  int LineOf(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return m.is_null() || m.line < 0 ? first_line_ : first_line_ + m.line;
  }

  // A non-empty scalar (numbers and booleans keep their text); anything else is ignored.
  std::optional<CardValue> Scalar(const YAML::Node& n) {
    Spend();
    if (!n.IsScalar() || n.Scalar().empty()) return std::nullopt;
    return CardValue{n.Scalar(), LineOf(n)};
  }

  // A scalar or a sequence of scalars.
  std::vector<CardValue> List(const YAML::Node& n) {
    std::vector<CardValue> out;
    if (n.IsSequence()) {
      for (const YAML::Node& item : n) {
        if (auto v = Scalar(item)) out.push_back(std::move(*v));
      }
    } else if (auto v = Scalar(n)) {
      out.push_back(std::move(*v));
    }
    return out;
  }

  // The value of key in map n, or an undefined node.
  YAML::Node Child(const YAML::Node& n, std::string_view key) {
    if (!n.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    for (const auto& kv : n) {
      Spend();
      if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }

  std::string Text(const YAML::Node& n) {
    auto v = Scalar(n);
    return v ? std::move(v->value) : std::string();
  }

  void ReadModelIndex(const YAML::Node& index, std::vector<CardEvalResult>* out) {
    if (!index.IsSequence()) return;
    for (const YAML::Node& model : index) {
      Spend();
      const YAML::Node results = Child(model, "results");
      if (!results.IsSequence()) continue;
      for (const YAML::Node& result : results) {
        Spend();
        if (!result.IsMap()) continue;
        const YAML::Node task = Child(result, "task");
        const YAML::Node dataset = Child(result, "dataset");
        CardEvalResult base;
        base.task_type = Text(Child(task, "type"));
        base.dataset_type = Text(Child(dataset, "type"));
        base.dataset_name = Text(Child(dataset, "name"));
        const YAML::Node metrics = Child(result, "metrics");
        if (!metrics.IsSequence()) continue;
        for (const YAML::Node& metric : metrics) {
          Spend();
          auto value = Scalar(Child(metric, "value"));
          if (!value) continue;  // a metric without a value says nothing
          CardEvalResult r = base;
          r.metric_type = Text(Child(metric, "type"));
          r.metric_value = std::move(value->value);
          r.line = value->line;
          out->push_back(std::move(r));
        }
      }
    }
  }

  int first_line_;
  uint64_t budget_;
};

// The block text for yaml-cpp with every line break as "\n", so yaml-cpp's line numbers match
// ComputeLineStarts (which also treats a lone \r as a break).
std::string NormalizeBreaks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out.push_back('\n');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void ParseFrontMatter(std::string_view text, const YamlBlock& block,
                      const std::vector<size_t>& starts, const Limits& limits, ModelCard* out) {
  FrontMatter& fm = out->front_matter;
  fm.present = true;
  fm.first_line = LineOfOffset(starts, block.open);
  fm.last_line = LineOfOffset(starts, block.close);
  const int first_content_line = fm.first_line + 1;
  const int last_content_line = std::max(first_content_line, fm.last_line - 1);
  const size_t size = block.content_end - block.content_begin;
  if (size > limits.front_matter_bytes) {
    out->front_matter_error = Status::TooLarge(
        fmt::format("line {}: YAML front matter of {} bytes exceeds the limit of {}", fm.first_line,
                    size, limits.front_matter_bytes));
    return;
  }
  const auto card_line = [&](const YAML::Mark& m) {
    if (m.is_null() || m.line < 0) return first_content_line;
    return std::clamp(first_content_line + m.line, first_content_line, last_content_line);
  };
  const std::string yaml = NormalizeBreaks(text.substr(block.content_begin, size));
  try {
    {
      std::istringstream in(yaml);
      YAML::Parser parser(in);
      GuardHandler guard(limits);
      parser.HandleNextDocument(guard);
    }
    const YAML::Node root = YAML::Load(yaml);
    if (!root.IsDefined() || root.IsNull()) return;  // an empty block is an empty map
    if (!root.IsMap()) {
      out->front_matter_error = Status::Corruption(
          fmt::format("line {}: YAML front matter is a {}, not a map", card_line(root.Mark()),
                      root.IsSequence() ? "list" : "scalar"));
      return;
    }
    FrontMatterReader reader(first_content_line, limits.yaml_nodes);
    reader.Read(root, &fm);
  } catch (const YamlLimitExceeded& e) {
    out->front_matter_error =
        Status::TooLarge(fmt::format("line {}: YAML front matter: {}", card_line(e.mark), e.what));
  } catch (const BudgetExhausted&) {
    out->front_matter_error = Status::TooLarge(
        fmt::format("line {}: YAML front matter: more than {} nodes visited (aliases?)",
                    fm.first_line, limits.yaml_nodes));
  } catch (const YAML::Exception& e) {
    out->front_matter_error =
        Status::Corruption(fmt::format("line {}: YAML error: {}", card_line(e.mark), e.msg));
  } catch (const std::exception& e) {
    out->front_matter_error =
        Status::Corruption(fmt::format("line {}: YAML error: {}", fm.first_line, e.what()));
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown.

class MarkdownWalker {
 public:
  MarkdownWalker(std::string_view card, size_t body_begin, const std::vector<size_t>& starts,
                 ModelCard* out)
      : card_(card), starts_(starts), out_(out) {
    last_line_ = LineOfOffset(starts_, body_begin);
    first_body_line_ = last_line_;
  }

  void Run(size_t body_begin) {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_DIALECT_GITHUB;
    parser.enter_block = &EnterBlock;
    parser.leave_block = &LeaveBlock;
    parser.enter_span = &EnterSpan;
    parser.leave_span = &LeaveSpan;
    parser.text = &Text;
    const std::string_view body = card_.substr(body_begin);
    md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, this);
    ResolvePending(std::numeric_limits<int>::max());
    FinishSection();
    Finish();
  }

 private:
  // md4c callbacks: C code calls them, so nothing may propagate out; a failure stops the parse
  // with what was collected so far.
  template <typename F>
  static int Guarded(void* self, F&& f) {
    try {
      f(static_cast<MarkdownWalker*>(self));
      return 0;
    } catch (...) {
      return 1;
    }
  }
  static int EnterBlock(MD_BLOCKTYPE type, void* detail, void* self) {
    return Guarded(self, [&](MarkdownWalker* w) { w->OnEnterBlock(type, detail); });
  }
  static int LeaveBlock(MD_BLOCKTYPE type, void* detail, void* self) {
    return Guarded(self, [&](MarkdownWalker* w) { w->OnLeaveBlock(type, detail); });
  }
  static int EnterSpan(MD_SPANTYPE type, void* detail, void* self) {
    return Guarded(self, [&](MarkdownWalker* w) { w->OnEnterSpan(type, detail); });
  }
  static int LeaveSpan(MD_SPANTYPE type, void* /*detail*/, void* self) {
    return Guarded(self, [&](MarkdownWalker* w) { w->OnLeaveSpan(type); });
  }
  static int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
    return Guarded(self, [&](MarkdownWalker* w) { w->OnText(type, std::string_view(text, size)); });
  }

  // md4c passes pointers into our buffer for most text, and into its own buffers for text it
  // had to rewrite; only the former have a line.
  bool InCard(const char* p) const {
    return p != nullptr && std::less_equal<const char*>()(card_.data(), p) &&
           std::less<const char*>()(p, card_.data() + card_.size());
  }
  int LineOfPointer(const char* p) const {
    return LineOfOffset(starts_, static_cast<size_t>(p - card_.data()));
  }

  void OnEnterBlock(MD_BLOCKTYPE type, void* detail) {
    if (type != MD_BLOCK_H) return;
    FinishSection();
    in_heading_ = true;
    heading_level_ = static_cast<int>(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
    heading_text_.clear();
    heading_line_ = 0;
    heading_candidate_ = 0;
  }

  void OnLeaveBlock(MD_BLOCKTYPE type, void*) {
    in_html_comment_ = false;  // a comment never spans blocks in md4c
    in_html_tag_ = false;
    if (type != MD_BLOCK_H || !in_heading_) return;
    in_heading_ = false;
    // No text, but an image source or link target in the card: that is the heading's line
    // unless it points elsewhere (a reference definition further down, or back).
    if (heading_line_ == 0 && heading_candidate_ != 0) {
      const int from = pending_.empty() ? (seen_text_ ? last_line_ + 1 : first_body_line_)
                                        : pending_from_ + static_cast<int>(pending_.size());
      const int n = heading_candidate_;
      if (n >= from && n <= LineCount(starts_, card_.size()) &&
          (IsAtxHeadingLine(LineAt(n), heading_level_) || IsSetextUnderline(n + 1))) {
        heading_line_ = n;
        NoteLine(n);
      }
    }
    CardSection s;
    s.heading = NormalizeHeading(heading_text_);
    s.level = heading_level_;
    s.line = heading_line_;
    out_->sections.push_back(std::move(s));
    own_filled_.push_back(false);
    current_ = static_cast<int>(out_->sections.size()) - 1;
    if (heading_line_ != 0) {
      last_line_ = std::max(last_line_, heading_line_);
      seen_text_ = true;
    } else {
      // Nothing in the heading points into the card ("##"): its line is found once the next
      // text bounds it.
      if (pending_.empty()) pending_from_ = seen_text_ ? last_line_ + 1 : first_body_line_;
      pending_.push_back(out_->sections.size() - 1);
    }
  }

  // Gives the pending headings lines: each is the first ATX line of its level in
  // [pending_from_, limit], scanning forward, so lines stay in document order. After one miss
  // the rest of the batch takes the next lines without scanning (no quadratic rescans).
  void ResolvePending(int limit) {
    if (pending_.empty()) return;
    const int count = std::max(LineCount(starts_, card_.size()), 1);
    limit = std::min(limit, count);
    int from = pending_from_;
    bool scan = true;
    for (size_t index : pending_) {
      CardSection& s = out_->sections[index];
      int line = 0;
      for (int n = from; scan && n <= limit; ++n) {
        if (IsAtxHeadingLine(LineAt(n), s.level)) {
          line = n;
          break;
        }
      }
      if (line == 0) {
        scan = false;
        line = std::min(from, count);
      }
      s.line = line;
      from = line + 1;
      last_line_ = std::max(last_line_, line);
    }
    seen_text_ = true;
    pending_.clear();
  }

  bool IsSetextUnderline(int n) const {
    if (n > LineCount(starts_, card_.size())) return false;
    const std::string_view l = Trim(LineAt(n));
    return !l.empty() && l.find_first_not_of(l[0]) == std::string_view::npos &&
           (l[0] == '=' || l[0] == '-');
  }

  // "## x", also inside block quotes and list items ("> - ## x").
  static bool IsAtxHeadingLine(std::string_view l, int level) {
    size_t i = 0;
    while (true) {
      while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
      if (i < l.size() && l[i] == '>') {
        ++i;
        continue;
      }
      if (i + 1 < l.size() && (l[i] == '-' || l[i] == '*' || l[i] == '+') &&
          (l[i + 1] == ' ' || l[i + 1] == '\t')) {
        ++i;
        continue;
      }
      size_t d = i;
      while (d < l.size() && d - i < 9 && l[d] >= '0' && l[d] <= '9') ++d;
      if (d > i && d + 1 < l.size() && (l[d] == '.' || l[d] == ')') &&
          (l[d + 1] == ' ' || l[d + 1] == '\t')) {
        i = d + 1;
        continue;
      }
      break;
    }
    size_t hashes = 0;
    while (i + hashes < l.size() && l[i + hashes] == '#') ++hashes;
    return static_cast<int>(hashes) == level &&
           (i + hashes == l.size() || l[i + hashes] == ' ' || l[i + hashes] == '\t');
  }

  std::string_view LineAt(int n) const {
    const size_t begin = starts_[static_cast<size_t>(n - 1)];
    size_t end = begin;
    while (end < card_.size() && card_[end] != '\n' && card_[end] != '\r') ++end;
    return card_.substr(begin, end - begin);
  }

  void OnEnterSpan(MD_SPANTYPE type, void* detail) {
    if (type == MD_SPAN_IMG) {
      // "# ![](logo.png)": the source is the only pointer into the card.
      const auto* img = static_cast<const MD_SPAN_IMG_DETAIL*>(detail);
      if (in_heading_ && heading_candidate_ == 0 && InCard(img->src.text)) {
        heading_candidate_ = LineOfPointer(img->src.text);
      }
      if (!in_heading_) AddContent(last_line_, "!");  // an image is content without alt text
      return;
    }
    if (type != MD_SPAN_A) return;
    if (link_depth_++ > 0) return;  // md4c does not nest links; be safe anyway
    const auto* a = static_cast<const MD_SPAN_A_DETAIL*>(detail);
    link_url_ = AttributeText(a->href);
    link_text_.clear();
    link_text_line_ = 0;
    link_href_line_ = InCard(a->href.text) ? LineOfPointer(a->href.text) : 0;
    if (in_heading_ && heading_candidate_ == 0) heading_candidate_ = link_href_line_;
  }

  // A position in document order: resolves pending headings before it.
  void NoteLine(int line) {
    ResolvePending(line - 1);
    last_line_ = line;
    seen_text_ = true;
  }

  void OnLeaveSpan(MD_SPANTYPE type) {
    if (type != MD_SPAN_A || link_depth_ == 0) return;
    if (--link_depth_ > 0) return;
    // The line of the link text is where the link is used (the href of a reference link
    // points at its definition).
    const int line = link_text_line_ != 0   ? link_text_line_
                     : link_href_line_ != 0 ? link_href_line_
                                            : last_line_;
    AddLink(std::string(Trim(link_url_)), std::string(Trim(link_text_)), line);
  }

  void AddLink(std::string url, std::string text, int line) {
    if (url.empty()) return;
    CardLink link;
    link.kind = ClassifyLink(url);
    link.text = text.empty() ? url : std::move(text);
    link.url = std::move(url);
    link.line = line;
    out_->links.push_back(std::move(link));
  }

  static std::string AttributeText(const MD_ATTRIBUTE& attr) {
    std::string out;
    if (attr.text == nullptr || attr.substr_offsets == nullptr) {
      return attr.text == nullptr ? out : std::string(attr.text, attr.size);
    }
    for (size_t i = 0; attr.substr_offsets[i] < attr.size; ++i) {
      const MD_OFFSET begin = attr.substr_offsets[i];
      const MD_OFFSET end = std::min(attr.substr_offsets[i + 1], attr.size);
      const std::string_view piece(attr.text + begin, end - begin);
      switch (attr.substr_types[i]) {
        case MD_TEXT_ENTITY:
          AppendEntity(piece, &out);
          break;
        case MD_TEXT_NULLCHAR:
          AppendUtf8(0xFFFD, &out);
          break;
        default:
          out.append(piece);
      }
    }
    return out;
  }

  void OnText(MD_TEXTTYPE type, std::string_view text) {
    int line = last_line_;
    const bool in_card = InCard(text.data()) && type != MD_TEXT_BR && type != MD_TEXT_SOFTBR;
    if (in_card) {
      line = LineOfPointer(text.data());
      NoteLine(line);
      if (in_heading_ && heading_line_ == 0 && !Trim(text).empty()) heading_line_ = line;
    }
    std::string decoded;
    switch (type) {
      case MD_TEXT_NULLCHAR:
        AppendUtf8(0xFFFD, &decoded);
        break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        decoded = " ";
        break;
      case MD_TEXT_ENTITY:
        AppendEntity(text, &decoded);
        break;
      case MD_TEXT_HTML:
        decoded = VisibleHtml(text, line);
        if (in_heading_) return;  // tags are not part of a heading's name
        break;
      default:
        decoded = std::string(text);
    }
    if (in_heading_) heading_text_ += decoded;
    if (link_depth_ > 0) {
      if (link_text_line_ == 0 && InCard(text.data())) link_text_line_ = line;
      link_text_ += decoded;
    }
    if (!in_heading_) AddContent(line, decoded);
  }

  // Raw HTML: drops comments and tags (tracking both across chunks), collects href="..." links,
  // and returns the text a reader would see; an <img> or other media tag counts as content.
  std::string VisibleHtml(std::string_view html, int line) {
    std::string visible;
    size_t i = 0;
    while (i < html.size()) {
      if (in_html_comment_) {
        const size_t end = html.find("-->", i);
        if (end == std::string_view::npos) return visible;
        in_html_comment_ = false;
        i = end + 3;
      } else if (in_html_tag_) {
        const size_t end = html.find('>', i);
        const std::string_view tag = html.substr(i, end == std::string_view::npos ? end : end - i);
        ScanTag(tag, html, line);
        if (end == std::string_view::npos) return visible;
        in_html_tag_ = false;
        i = end + 1;
      } else if (html.substr(i, 4) == "<!--") {
        in_html_comment_ = true;
        i += 4;
      } else if (html[i] == '<') {
        in_html_tag_ = true;
        ++i;
        const std::string_view rest = html.substr(i);
        for (std::string_view media : {"img", "video", "iframe", "svg", "picture", "audio"}) {
          if (rest.size() >= media.size() &&
              EqualsIgnoreCase(rest.substr(0, media.size()), media)) {
            visible += " !";
          }
        }
      } else {
        visible.push_back(html[i++]);
      }
    }
    return visible;
  }

  // Records href="..." / href='...' links of one tag (or the part of it in this chunk).
  void ScanTag(std::string_view tag, std::string_view chunk, int line) {
    size_t pos = 0;
    while ((pos = FindIgnoreCase(tag, "href", pos)) != std::string_view::npos) {
      size_t i = pos + 4;
      pos = i;
      while (i < tag.size() && IsSpace(tag[i])) ++i;
      if (i >= tag.size() || tag[i] != '=') continue;
      ++i;
      while (i < tag.size() && IsSpace(tag[i])) ++i;
      if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
      const char quote = tag[i++];
      const size_t end = tag.find(quote, i);
      if (end == std::string_view::npos) continue;
      std::string url;
      // Entities in attribute values are common ("&amp;" in query strings).
      for (size_t k = i; k < end;) {
        if (tag[k] == '&') {
          const size_t semi = tag.find(';', k);
          if (semi != std::string_view::npos && semi < end && semi - k <= 10) {
            AppendEntity(tag.substr(k, semi - k + 1), &url);
            k = semi + 1;
            continue;
          }
        }
        url.push_back(tag[k++]);
      }
      // Lines inside a multi-line chunk: count breaks before the attribute.
      int at = line;
      if (InCard(chunk.data())) {
        at = LineOfPointer(tag.data() + i);
      }
      AddLink(std::string(Trim(url)), std::string(), at);
      pos = end + 1;
    }
  }

  void AddContent(int line, std::string_view text) {
    if (current_ < 0 || text.empty()) return;
    if (own_lines_.empty() || own_lines_.back().first != line) {
      own_lines_.emplace_back(line, std::string());
    }
    own_lines_.back().second.append(text);
  }

  // A line is content unless it is blank, or holds the placeholder and nothing but a label.
  static bool LineIsContent(std::string_view line) {
    std::string rest;
    bool placeholder = false;
    size_t i = 0;
    while (true) {
      const size_t at = FindIgnoreCase(line, kPlaceholder, i);
      if (at == std::string_view::npos) break;
      rest.append(line.substr(i, at - i));
      rest.push_back(' ');
      placeholder = true;
      i = at + kPlaceholder.size();
    }
    rest.append(line.substr(i));
    const std::string_view t = Trim(rest);
    if (t.empty()) return false;
    return !(placeholder && t.back() == ':');
  }

  void FinishSection() {
    if (current_ >= 0) {
      bool filled = false;
      for (const auto& [line, text] : own_lines_) {
        if (LineIsContent(text)) {
          filled = true;
          break;
        }
      }
      own_filled_[static_cast<size_t>(current_)] = filled;
    }
    own_lines_.clear();
  }

  // end_line: the line before the next heading of the same or a higher level (or the last line).
  // filled: the section or one of its subsections has content.
  void Finish() {
    std::vector<CardSection>& secs = out_->sections;
    const int count = std::max(LineCount(starts_, card_.size()), 1);
    for (size_t i = 0; i < secs.size(); ++i) {
      size_t j = i + 1;
      bool filled = own_filled_[i];
      while (j < secs.size() && secs[j].level > secs[i].level) {
        filled = filled || own_filled_[j];
        ++j;
      }
      const int end = j < secs.size() ? secs[j].line - 1 : count;
      secs[i].end_line = std::max(end, secs[i].line);
      secs[i].filled = filled;
      secs[i].own_filled = own_filled_[i];
    }
  }

  std::string_view card_;
  const std::vector<size_t>& starts_;
  ModelCard* out_;

  int last_line_ = 1;
  int first_body_line_ = 1;
  bool seen_text_ = false;
  std::vector<size_t> pending_;  // sections whose heading line is not known yet
  int pending_from_ = 1;

  bool in_heading_ = false;
  int heading_level_ = 0;
  int heading_line_ = 0;
  int heading_candidate_ = 0;
  std::string heading_text_;

  int link_depth_ = 0;
  std::string link_url_;
  std::string link_text_;
  int link_text_line_ = 0;
  int link_href_line_ = 0;

  bool in_html_comment_ = false;
  bool in_html_tag_ = false;

  int current_ = -1;
  std::vector<std::pair<int, std::string>> own_lines_;
  std::vector<bool> own_filled_;
};

// ---------------------------------------------------------------------------------------------
// Links.

bool HostIs(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    const size_t slash = path.find('/', i);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > i) out.push_back(path.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Classifies a lowercased URL.
LinkKind ClassifyLowercaseLink(const std::string& s) {
  std::string_view rest = s;
  // Scheme: http(s) and scheme-relative URLs have a host; other schemes (mailto:, ftp:) only
  // count when they name a PDF.
  bool has_host = false;
  const size_t colon = rest.find("://");
  if (colon != std::string_view::npos &&
      rest.substr(0, colon).find_first_of("/?#") == std::string_view::npos) {
    const std::string_view scheme = rest.substr(0, colon);
    rest.remove_prefix(colon + 3);
    has_host = scheme == "http" || scheme == "https";
  } else if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    has_host = true;
  }
  const size_t query = rest.find_first_of("?#");
  const std::string_view no_query = rest.substr(0, query);
  if (no_query.ends_with(".pdf")) return LinkKind::kPaper;
  // A picture (a logo or a figure kept in a repository) is not a link to the repository.
  for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}) {
    if (no_query.ends_with(ext)) return LinkKind::kOther;
  }

  const size_t slash = no_query.find('/');
  std::string_view host = no_query.substr(0, slash);
  const std::string_view path =
      slash == std::string_view::npos ? std::string_view() : no_query.substr(slash);
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (const size_t port = host.find(':'); port != std::string_view::npos) {
    host = host.substr(0, port);
  }
  while (host.ends_with('.')) host.remove_suffix(1);
  if (host.starts_with("www.")) host.remove_prefix(4);
  static constexpr std::string_view kKnownHosts[] = {
      "github.com",
      "gitlab.com",
      "bitbucket.org",
      "codeberg.org",
      "arxiv.org",
      "doi.org",
      "aclanthology.org",
      "aclweb.org",
      "openreview.net",
      "papers.nips.cc",
      "proceedings.neurips.cc",
      "proceedings.mlr.press",
      "jmlr.org",
      "biorxiv.org",
      "medrxiv.org",
      "huggingface.co",
      "hf.co",
  };
  if (!has_host) {
    // A link without a scheme ("github.com/org/repo") is relative unless it starts with a host
    // we know.
    bool known = false;
    for (std::string_view h : kKnownHosts) known = known || HostIs(host, h);
    if (!known) return LinkKind::kOther;
  }
  const std::vector<std::string_view> seg = Segments(path);

  if (host == "github.com" || host == "gitlab.com" || host == "bitbucket.org" ||
      host == "codeberg.org") {
    if (seg.size() >= 2 &&
        !OneOf(seg[0], {"orgs",  "sponsors",    "features",  "topics",   "marketplace", "settings",
                        "apps",  "collections", "about",     "pricing",  "enterprise",  "login",
                        "join",  "search",      "explore",   "trending", "site",        "security",
                        "users", "-",           "dashboard", "help"})) {
      return LinkKind::kCodeRepository;
    }
    return LinkKind::kOther;
  }
  if (HostIs(host, "arxiv.org") || HostIs(host, "doi.org") || HostIs(host, "aclanthology.org") ||
      HostIs(host, "openreview.net") || HostIs(host, "papers.nips.cc") ||
      HostIs(host, "proceedings.neurips.cc") || HostIs(host, "proceedings.mlr.press") ||
      HostIs(host, "biorxiv.org") || HostIs(host, "medrxiv.org")) {
    return seg.empty() ? LinkKind::kOther : LinkKind::kPaper;
  }
  if ((HostIs(host, "aclweb.org") && !seg.empty() && seg[0] == "anthology") ||
      (HostIs(host, "jmlr.org") && !seg.empty() && seg[0] == "papers")) {
    return LinkKind::kPaper;
  }
  if (host == "huggingface.co" || host == "hf.co") {
    if (seg.empty()) return LinkKind::kOther;
    if (seg[0] == "datasets") return seg.size() >= 2 ? LinkKind::kDataset : LinkKind::kOther;
    if (seg[0] == "papers") return seg.size() >= 2 ? LinkKind::kPaper : LinkKind::kOther;
    if (seg.size() >= 2 &&
        !OneOf(seg[0],
               {"spaces",       "docs",     "blog",          "models",      "organizations",
                "settings",     "join",     "login",         "pricing",     "collections",
                "tasks",        "learn",    "api",           "chat",        "posts",
                "enterprise",   "new",      "new-space",     "new-dataset", "inference-endpoints",
                "transformers", "course",   "notifications", "search",      "terms-of-service",
                "privacy",      "changelog"})) {
      return LinkKind::kModel;
    }
  }
  return LinkKind::kOther;
}

}  // namespace

std::string_view LinkKindName(LinkKind kind) {
  switch (kind) {
    case LinkKind::kCodeRepository:
      return "code-repository";
    case LinkKind::kPaper:
      return "paper";
    case LinkKind::kDataset:
      return "dataset";
    case LinkKind::kModel:
      return "model";
    case LinkKind::kOther:
      return "other";
  }
  return "other";
}

LinkKind ClassifyLink(std::string_view url) {
  try {
    return ClassifyLowercaseLink(ToLower(Trim(url)));
  } catch (...) {  // only allocation can fail; the library lets no exception out
    return LinkKind::kOther;
  }
}

const CardSection* ModelCard::FindSection(std::string_view name) const {
  try {
    const std::string want = NormalizeHeading(name);
    for (const CardSection& s : sections) {
      if (EqualsIgnoreCase(s.heading, want)) return &s;
    }
  } catch (...) {  // only allocation can fail
  }
  return nullptr;
}

std::string_view ModelCard::Line(int n) const {
  if (n < 1) return {};
  size_t begin = 0;
  if (!line_starts.empty()) {
    if (static_cast<size_t>(n) > line_starts.size()) return {};
    begin = line_starts[static_cast<size_t>(n - 1)];
  } else {
    // No table (a card built by hand): walk the text.
    int line = 1;
    while (line < n && begin < text.size()) {
      const size_t len = LineBreakLength(text, begin);
      if (len != 0) ++line;
      begin += len != 0 ? len : 1;
    }
    if (line < n) return {};
  }
  if (begin > text.size()) return {};
  size_t end = begin;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
  return std::string_view(text).substr(begin, end - begin);
}

Status ParseModelCard(std::string_view text, const Limits& limits, ModelCard* out) {
  std::string file = std::move(out->file);
  *out = ModelCard();
  out->file = std::move(file);
  try {
    if (text.size() > limits.card_bytes || text.size() > std::numeric_limits<MD_SIZE>::max()) {
      return Status::TooLarge(fmt::format("model card of {} bytes exceeds the limit of {} bytes",
                                          text.size(), limits.card_bytes));
    }
    if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
    out->text = std::string(text);
    out->line_starts = ComputeLineStarts(out->text);
    const std::string_view card = out->text;

    const YamlBlock block = FindYamlBlock(card);
    size_t body_begin = 0;
    if (block.kind == YamlBlock::Kind::kClosed) {
      ParseFrontMatter(card, block, out->line_starts, limits, out);
      body_begin = block.body_begin;
    } else if (block.kind == YamlBlock::Kind::kUnterminated) {
      const size_t next = card.find_first_not_of(" \t\r\n", block.content_begin);
      const size_t eol = next == std::string_view::npos ? next : card.find_first_of("\r\n", next);
      if (next != std::string_view::npos && LooksLikeYamlKey(card.substr(next, eol - next))) {
        out->front_matter_error = Status::Corruption(
            fmt::format("line {}: YAML front matter opened with '---' is never closed",
                        LineOfOffset(out->line_starts, block.open)));
      }
    }
    MarkdownWalker walker(card, body_begin, out->line_starts, out);
    walker.Run(body_begin);
  } catch (...) {
    // Only allocation failures can get here; the card is then unreadable as a whole.
    return Status::TooLarge("model card could not be parsed: out of memory");
  }
  return Status::Ok();
}

}  // namespace openness
