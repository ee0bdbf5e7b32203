// CheckToJunit: a check run as JUnit XML, the test-report form CI dashboards (GitLab, Jenkins,
// Azure Pipelines, GitHub test-report actions) display.
//
// One <testsuite> for the policy, one <testcase> per target named after the target as given.
// A target that violates the policy gets one <failure> whose type is the first failing rule and
// whose body lists every failing violation with its evidence; one that could not be audited
// gets an <error>. Warnings, waived violations and notes go to <system-out>, so a passing
// target still shows what was waived. The testcase carries `file` and `line` attributes (read by
// GitLab and the common GitHub annotation actions) at the primary location SARIF would use.
#include "openness/policy_report.h"

namespace openness {
namespace {

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + XmlEscape(value) + "\"";
}

// Where SARIF would show the target: its codebase reference, else the first evidence file of
// the first failing violation, under the evidence root.
bool PrimaryLocation(const CheckedTarget& t, std::string* file, int64_t* line) {
  if (t.reference) {
    *file = t.reference->file;
    *line = t.reference->line;
    return true;
  }
  if (!EvidenceIsLocal(t)) return false;
  for (const PolicyViolation& v : t.outcome.violations) {
    if (!v.fails()) continue;
    for (const Evidence& e : v.evidence) {
      if (!e.file) continue;
      const std::string& root = t.evidence_root;
      *file = root.empty() || root == "." ? *e.file : root + "/" + *e.file;
      *line = e.line.value_or(0);
      return true;
    }
  }
  return false;
}

std::string ViolationText(const CheckRun& run, const PolicyViolation& v) {
  std::string out = v.rule + ": " + v.message + "\n";
  for (const Evidence& e : v.evidence) out += "  evidence: " + DescribeEvidence(e) + "\n";
  if (v.policy_line > 0) {
    out += "  policy: " + run.policy->source + ":" + std::to_string(v.policy_line) + "\n";
  }
  if (v.waiver) {
    out += "  waived until " + v.waiver->expires.ToString() + " by the exception at " +
           run.policy->source + ":" + std::to_string(v.waiver->line) + ": " + v.waiver->reason +
           "\n";
  }
  return out;
}

}  // namespace

std::string CheckToJunit(const CheckRun& run) {
  size_t failures = 0, errors = 0;
  for (const CheckedTarget& t : run.targets) {
    const CheckVerdict v = VerdictOf(t);
    failures += v == CheckVerdict::kFail;
    errors += v == CheckVerdict::kError;
  }
  const std::string counts = Attr("tests", std::to_string(run.targets.size())) +
                             Attr("failures", std::to_string(failures)) +
                             Attr("errors", std::to_string(errors)) + Attr("skipped", "0");
  const Policy& policy = *run.policy;

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + Attr("name", "openness check") + counts + ">\n";
  out += "  <testsuite" + Attr("name", "openness check: " + policy.source) + counts +
         Attr("time", "0") + ">\n";
  out += "    <properties>\n";
  auto property = [&](std::string_view name, std::string_view value) {
    out += "      <property" + Attr("name", name) + Attr("value", value) + "/>\n";
  };
  property("policy", policy.source);
  if (!policy.name.empty()) property("policy.name", policy.name);
  std::string uses;
  for (const std::string& u : policy.uses) uses += (uses.empty() ? "" : ",") + u;
  if (!uses.empty()) property("use", uses);
  if (policy.min_level) property("min_level", *policy.min_level);
  if (run.as_of.valid()) property("as_of", run.as_of.ToString());
  property("openness.version", run.tool_version);
  out += "    </properties>\n";

  for (const CheckedTarget& t : run.targets) {
    out += "    <testcase" + Attr("name", t.target) + Attr("classname", "openness.check") +
           Attr("time", "0");
    std::string file;
    int64_t line = 0;
    if (PrimaryLocation(t, &file, &line)) {
      out += Attr("file", file);
      if (line > 0) out += Attr("line", std::to_string(line));
    }
    out += ">\n";
    const CheckVerdict verdict = VerdictOf(t);
    if (verdict == CheckVerdict::kError) {
      out += "      <error" + Attr("type", "could-not-audit") + Attr("message", t.error) + ">" +
             XmlEscape(t.target + ": could not audit: " + t.error) + "</error>\n";
      out += "    </testcase>\n";
      continue;
    }
    std::string failing_text, other_text, first_rule;
    size_t failing = 0;
    for (const PolicyViolation& v : t.outcome.violations) {
      if (v.fails()) {
        ++failing;
        if (first_rule.empty()) first_rule = v.rule;
        failing_text += ViolationText(run, v);
      } else {
        other_text += (v.waiver ? "waived " : "warning ") + ViolationText(run, v);
      }
    }
    for (const PolicyNote& n : t.outcome.notes) other_text += "note: " + n.text + "\n";
    if (failing > 0) {
      const std::string message = "[" + t.report->subject.id + "] " + std::to_string(failing) +
                                  " policy violation" + (failing == 1 ? "" : "s");
      out += "      <failure" + Attr("type", first_rule) + Attr("message", message) + ">" +
             XmlEscape(failing_text) + "</failure>\n";
    }
    if (!other_text.empty()) {
      out += "      <system-out>" + XmlEscape(other_text) + "</system-out>\n";
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace openness
