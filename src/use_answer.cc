// RenderUseAnswer: the direct answer `openness scan --use <case>` prints before the report.
//
//   Commercial SaaS use: ALLOWED WITH CONDITIONS (Llama 3.1 Community License Agreement)
//     1. Display "Built with Llama" prominently on a related website, user interface or
//        documentation (§1.b.i, LICENSE line 24)
//     2. ...
//
// The conditions are the report's, in its order; each cites where the release says it.
#include <fmt/format.h>

#include <algorithm>

#include "openness/report_writer.h"

namespace openness {
namespace {

std::string_view Label(std::string_view use_case) {
  if (use_case == "commercial") return "Commercial use";
  if (use_case == "saas") return "Commercial SaaS use";
  if (use_case == "redistribute") return "Redistributing the weights";
  if (use_case == "derivatives") return "Sharing fine-tunes and other derivatives";
  if (use_case == "train-other-models") return "Training other models on its outputs";
  if (use_case == "research") return "Research use";
  return use_case;
}

std::string Verdict(RightStatus s) {
  switch (s) {
    case RightStatus::kAllowed:
      return "ALLOWED";
    case RightStatus::kConditional:
      return "ALLOWED WITH CONDITIONS";
    case RightStatus::kProhibited:
      return "NOT ALLOWED";
    case RightStatus::kUnknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string Paint(bool on, std::string_view text, std::string_view code) {
  if (!on) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

// "LICENSE line 32", "README.md line 2", "model.gguf [general.license]", a URL, or "".
std::string Where(const Evidence& e) {
  std::string out;
  if (e.file) {
    out = *e.file;
    if (e.line) out += " line " + std::to_string(*e.line);
    if (e.key && !e.line) out += " [" + *e.key + "]";
  } else if (e.key) {
    out = "[" + *e.key + "]";
  }
  if (out.empty() && e.url) out = *e.url;
  return out;
}

// The condition's text with its citation, merged into the trailing parenthetical that names the
// section ("(§2)" -> "(§2, LICENSE line 32)"). A condition that cites the declaration because
// the license text is not shipped says where the license was declared.
std::string Cited(const Condition& c) {
  const std::string where = Where(c.evidence);
  std::string text = c.text;
  if (where.empty()) return text;
  if (text.find("is not in the release") != std::string::npos) {
    return text + " (declared at " + where + ")";
  }
  if (!text.empty() && text.back() == ')') {
    text.insert(text.size() - 1, ", " + where);
    return text;
  }
  return text + " (" + where + ")";
}

// Greedy word wrap: the first line is prefixed by first, the others by rest.
std::string Wrap(std::string_view text, const std::string& first, const std::string& rest,
                 size_t width) {
  std::string out, line = first;
  size_t line_len = first.size();
  bool empty = true;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (!empty && line_len + 1 + word.size() > width) {
      out += line + "\n";
      line = rest;
      line_len = rest.size();
      empty = true;
    }
    if (!empty) {
      line += ' ';
      ++line_len;
    }
    line += word;
    line_len += word.size();
    empty = false;
  }
  out += line + "\n";
  return out;
}

}  // namespace

const std::vector<std::string>& AnswerableUseCases() {
  static const std::vector<std::string>* cases = [] {
    auto* v = new std::vector<std::string>(kUseCases.begin(), kUseCases.end());
    v->push_back("research");
    return v;
  }();
  return *cases;
}

std::string RenderUseAnswer(const Report& report, std::string_view use_case,
                            const TextOptions& options) {
  const size_t width = static_cast<size_t>(std::max(options.width, 40));
  const auto it = report.rights.find(std::string(use_case));
  const Right right = it == report.rights.end() ? Right{} : it->second;

  std::string licenses;
  for (const EffectiveLicense& e : report.license.effective) {
    licenses += (licenses.empty() ? "" : " + ") + e.name;
  }
  std::string verdict = Verdict(right.status);
  std::string_view colour = "2";
  if (right.status == RightStatus::kAllowed) colour = "32";
  if (right.status == RightStatus::kConditional) colour = "33";
  if (right.status == RightStatus::kProhibited) colour = "31";

  std::string header = std::string(Label(use_case)) + ": " + verdict;
  if (!licenses.empty()) header += " (" + licenses + ")";
  if (right.status == RightStatus::kUnknown && right.conditions.empty()) {
    header += ": the release's license files do not say";
  }
  std::string out = Wrap(header, "", "    ", width);
  if (options.color) {
    const size_t at = out.find(verdict);
    if (at != std::string::npos) {
      out.replace(at, verdict.size(), Paint(true, verdict, "1;" + std::string(colour)));
    }
  }
  size_t n = 0;
  for (const Condition& c : right.conditions) {
    const std::string number = fmt::format("  {}. ", ++n);
    out += Wrap(Cited(c), number, std::string(number.size(), ' '), width);
  }
  if (right.status == RightStatus::kAllowed && right.conditions.empty()) {
    out += "  No conditions beyond the license itself.\n";
  }
  return out;
}

}  // namespace openness
