// The check run as JSON ("openness/check/v1") and as a text summary; the helpers the SARIF and
// JUnit writers share.
#include "openness/policy_report.h"

#include <fmt/format.h>

#include <filesystem>

namespace openness {
namespace {

using Json = nlohmann::ordered_json;

struct Palette {
  bool on;
  std::string Paint(std::string_view text, std::string_view code) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string Bold(std::string_view t) const { return Paint(t, "1"); }
  std::string Dim(std::string_view t) const { return Paint(t, "2"); }
  std::string Green(std::string_view t) const { return Paint(t, "32"); }
  std::string Yellow(std::string_view t) const { return Paint(t, "33"); }
  std::string Red(std::string_view t) const { return Paint(t, "31"); }
};

std::string JoinStrings(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "use: commercial, saas; min_level: open-weights": what the policy asks, in one line.
std::string PolicySummary(const Policy& p) {
  std::vector<std::string> parts;
  if (!p.uses.empty()) parts.push_back("use: " + JoinStrings(p.uses));
  if (p.min_level) parts.push_back("min_level: " + *p.min_level);
  if (!p.allow.empty()) parts.push_back("allow: " + JoinStrings(p.allow));
  if (!p.deny.empty()) parts.push_back("deny: " + JoinStrings(p.deny));
  std::string out;
  for (const std::string& s : parts) out += (out.empty() ? "" : "; ") + s;
  return out;
}

Json LocationToJson(const SourceLocation& l) {
  return {{"file", l.file},
          {"line", l.line > 0 ? Json(l.line) : Json(nullptr)},
          {"column", l.column > 0 ? Json(l.column) : Json(nullptr)}};
}

// "src/app.py:12" (the line only: columns are for tools, not for a summary read by people).
std::string LocationText(const SourceLocation& l) {
  return l.line > 0 ? l.file + ":" + std::to_string(l.line) : l.file;
}

Json ViolationToJson(const PolicyViolation& v) {
  Json j;
  j["rule"] = v.rule;
  j["message"] = v.message;
  j["fails"] = v.fails();
  j["blocking"] = v.blocking;
  j["from_unknown"] = v.from_unknown;
  j["policy_line"] = v.policy_line == 0 ? Json(nullptr) : Json(v.policy_line);
  Json ev = Json::array();
  for (const Evidence& e : v.evidence) ev.push_back(EvidenceToJson(e));
  j["evidence"] = std::move(ev);
  if (v.waiver) {
    j["waiver"] = {{"reason", v.waiver->reason},
                   {"expires", v.waiver->expires.ToString()},
                   {"approved_by",
                    v.waiver->approved_by.empty() ? Json(nullptr) : Json(v.waiver->approved_by)},
                   {"policy_line", v.waiver->line}};
  } else {
    j["waiver"] = nullptr;
  }
  return j;
}

}  // namespace

std::string_view CheckVerdictName(CheckVerdict verdict) {
  switch (verdict) {
    case CheckVerdict::kPass:
      return "pass";
    case CheckVerdict::kFail:
      return "fail";
    case CheckVerdict::kError:
      return "error";
  }
  return "error";
}

CheckVerdict VerdictOf(const CheckedTarget& target) {
  if (!target.report) return CheckVerdict::kError;
  return target.outcome.passed() ? CheckVerdict::kPass : CheckVerdict::kFail;
}

CheckVerdict OverallVerdict(const CheckRun& run) {
  CheckVerdict overall = CheckVerdict::kPass;
  for (const CheckedTarget& t : run.targets) {
    const CheckVerdict v = VerdictOf(t);
    if (v == CheckVerdict::kError) return CheckVerdict::kError;
    if (v == CheckVerdict::kFail) overall = CheckVerdict::kFail;
  }
  return overall;
}

std::string EvidenceRootFor(const std::string& target, const Report& report) {
  std::string root = target;
  if (report.subject.source == "file") {
    root = std::filesystem::path(target).parent_path().string();
  }
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

bool EvidenceIsLocal(const CheckedTarget& target) {
  if (!target.report) return false;
  const std::string& source = target.report->subject.source;
  return !target.evidence_root.empty() || source == "local" || source == "file";
}

std::string DescribeEvidence(const Evidence& e) {
  std::string out;
  if (e.file) {
    out = *e.file;
    if (e.line) out += ":" + std::to_string(*e.line);
  }
  if (e.key) out += (out.empty() ? "" : " ") + std::string("(") + *e.key + ")";
  if (e.url) out += (out.empty() ? "" : " ") + *e.url;
  if (e.excerpt && !e.excerpt->empty()) {
    out += (out.empty() ? "" : " ") + std::string("\"") + *e.excerpt + "\"";
  }
  return out;
}

Json CheckToJson(const CheckRun& run) {
  const Policy& policy = *run.policy;
  Json j;
  j["schema"] = "openness/check/v1";
  j["tool"] = {{"name", "openness"}, {"version", run.tool_version}};
  j["policy"] = {{"source", policy.source},
                 {"name", policy.name.empty() ? Json(nullptr) : Json(policy.name)},
                 {"use", policy.uses},
                 {"min_level", policy.min_level ? Json(*policy.min_level) : Json(nullptr)}};
  j["as_of"] = run.as_of.valid() ? Json(run.as_of.ToString()) : Json(nullptr);
  j["status"] = CheckVerdictName(OverallVerdict(run));
  size_t passed = 0, failed = 0, errors = 0;
  Json targets = Json::array();
  for (const CheckedTarget& t : run.targets) {
    const CheckVerdict verdict = VerdictOf(t);
    passed += verdict == CheckVerdict::kPass;
    failed += verdict == CheckVerdict::kFail;
    errors += verdict == CheckVerdict::kError;
    Json tj;
    tj["target"] = t.target;
    tj["status"] = CheckVerdictName(verdict);
    tj["error"] = t.report ? Json(nullptr) : Json(t.error);
    if (t.report) {
      const Report& r = *t.report;
      Json keys = Json::array();
      for (const EffectiveLicense& e : r.license.effective) keys.push_back(e.key);
      tj["subject"] = {{"source", r.subject.source}, {"id", r.subject.id}};
      tj["license"] = std::move(keys);
      tj["level"] = r.openness.level;
    } else {
      tj["subject"] = nullptr;
      tj["license"] = Json::array();
      tj["level"] = nullptr;
    }
    tj["reference"] = t.reference ? LocationToJson(*t.reference) : Json(nullptr);
    Json others = Json::array();
    for (const SourceLocation& r : t.other_references) others.push_back(LocationToJson(r));
    tj["other_references"] = std::move(others);
    Json violations = Json::array();
    for (const PolicyViolation& v : t.outcome.violations) violations.push_back(ViolationToJson(v));
    tj["violations"] = std::move(violations);
    Json notes = Json::array();
    for (const PolicyNote& n : t.outcome.notes) {
      notes.push_back({{"text", n.text}, {"policy_line", n.policy_line}});
    }
    tj["notes"] = std::move(notes);
    targets.push_back(std::move(tj));
  }
  j["summary"] = {
      {"targets", run.targets.size()}, {"passed", passed}, {"failed", failed}, {"errors", errors}};
  j["targets"] = std::move(targets);
  return j;
}

std::string RenderCheckText(const CheckRun& run, const TextOptions& options) {
  const Policy& policy = *run.policy;
  const Palette p{options.color};
  std::string out;
  out += p.Bold("openness check") + " against " + policy.source;
  if (!policy.name.empty()) out += " (" + policy.name + ")";
  out += "\n";
  if (const std::string summary = PolicySummary(policy); !summary.empty()) {
    out += p.Dim(summary) + "\n";
  }
  out += "\n";
  size_t passed = 0, failed = 0, errors = 0;
  for (const CheckedTarget& t : run.targets) {
    const CheckVerdict verdict = VerdictOf(t);
    switch (verdict) {
      case CheckVerdict::kPass:
        ++passed;
        out += p.Green("PASS ");
        break;
      case CheckVerdict::kFail:
        ++failed;
        out += p.Red("FAIL ");
        break;
      case CheckVerdict::kError:
        ++errors;
        out += p.Red("ERROR");
        break;
    }
    out += " " + p.Bold(t.target);
    if (!t.report) {
      out += "\n    could not audit: " + t.error + "\n";
      continue;
    }
    std::string license;
    for (const EffectiveLicense& e : t.report->license.effective) {
      license += (license.empty() ? "" : " + ") + e.key;
    }
    out += "  " +
           p.Dim((license.empty() ? "no license" : license) + ", " + t.report->openness.level) +
           "\n";
    if (t.reference) {
      out += "    referenced at " + LocationText(*t.reference);
      for (const SourceLocation& r : t.other_references) out += ", " + LocationText(r);
      out += "\n";
    }
    for (const PolicyViolation& v : t.outcome.violations) {
      std::string mark;
      if (v.waiver) {
        mark = p.Dim("~ " + v.rule + " (waived until " + v.waiver->expires.ToString() + ")");
      } else if (!v.blocking) {
        mark = p.Yellow("! " + v.rule + " (warning)");
      } else {
        mark = p.Red("x " + v.rule);
      }
      out += "  " + mark + "  " + v.message + "\n";
      for (const Evidence& e : v.evidence) out += "      " + p.Dim(DescribeEvidence(e)) + "\n";
      if (v.policy_line > 0) {
        out += "      " + p.Dim("policy: " + policy.source + ":" + std::to_string(v.policy_line)) +
               "\n";
      }
      if (v.waiver) {
        out += "      " +
               p.Dim("exception (" + policy.source + ":" + std::to_string(v.waiver->line) +
                     "): " + v.waiver->reason) +
               "\n";
      }
    }
    for (const PolicyNote& n : t.outcome.notes) out += "  " + p.Yellow("note: ") + n.text + "\n";
  }
  out +=
      fmt::format("\n{} target{}: {} passed, {} failed, {} could not be audited\n",
                  run.targets.size(), run.targets.size() == 1 ? "" : "s", passed, failed, errors);
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const std::string_view kReplacement = "\xEF\xBF\xBD";
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
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
          out += "&apos;";
          break;
        case '\t':
        case '\n':
        case '\r':
          out += static_cast<char>(c);
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += kReplacement;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A well-formed UTF-8 sequence (no overlongs, no surrogates, at most U+10FFFF) is copied;
    // anything else becomes U+FFFD, one byte at a time.
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
          (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) {
        ok = false;
      }
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

}  // namespace openness
