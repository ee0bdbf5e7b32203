// Policy report: the result of one `openness check` run over several targets, and the four forms
// it is written in: a text summary, JSON ("openness/check/v1"), SARIF 2.1.0 for code scanning,
// and JUnit XML for test dashboards.
//
// SARIF puts each violation at a file and line. A target that came from a codebase inventory
// carries `reference` (the first file and line that names the model): the violation is shown
// there, and the release evidence and the other places that name it become related locations.
// A local target's violations are shown at the release evidence itself (evidence_root + "/" +
// evidence file), so a model folder checked into the repository gets its alerts on the model
// card or license line.
//
// Every writer is deterministic: no timestamps, no random ids; the same run gives the same bytes.
#ifndef OPENNESS_POLICY_REPORT_H_
#define OPENNESS_POLICY_REPORT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "openness/policy.h"
#include "openness/report.h"
#include "openness/report_writer.h"

namespace openness {

/// A place in a source file (1-based line and column; 0 = not known).
struct SourceLocation {
  std::string file;  ///< relative to the repository root, or absolute
  int64_t line = 0;
  int64_t column = 0;
};

struct CheckedTarget {
  std::string target;            ///< as given on the command line
  std::optional<Report> report;  ///< absent when the target could not be audited
  std::string error;             ///< why it could not be audited
  PolicyOutcome outcome;
  /// The folder the report's evidence paths are relative to, as the user wrote it (a folder
  /// target itself; a single file's parent folder). EvidenceRootFor computes it.
  std::string evidence_root;
  /// Where a codebase references this model (from an inventory of a code repository).
  std::optional<SourceLocation> reference;
  /// The other places the codebase names the same model (SARIF: related locations).
  std::vector<SourceLocation> other_references;
};

enum class CheckVerdict { kPass, kFail, kError };
std::string_view CheckVerdictName(CheckVerdict verdict);  ///< "pass" | "fail" | "error"

/// kError when the target could not be audited, kFail when a violation fails, else kPass.
CheckVerdict VerdictOf(const CheckedTarget& target);

struct CheckRun {
  const Policy* policy = nullptr;  ///< REQUIRES: set before writing
  std::string tool_version;
  PolicyDate as_of;  ///< the date exceptions were judged against
  std::vector<CheckedTarget> targets;
};

/// kError if any target could not be audited, else kFail if any failed, else kPass.
CheckVerdict OverallVerdict(const CheckRun& run);

/// The folder evidence paths of report are relative to, for a target written as target.
std::string EvidenceRootFor(const std::string& target, const Report& report);

/// True when the report's evidence files are on this machine, under evidence_root (a local
/// folder or file, or a non-empty evidence_root); false for Hub reports, whose files are remote.
bool EvidenceIsLocal(const CheckedTarget& target);

/// "README.md:3 (cardData.license) \"license: llama3.1\"": file, line, key, URL and excerpt
/// of one piece of evidence, whichever are set.
std::string DescribeEvidence(const Evidence& e);

/// {"schema": "openness/check/v1", "tool", "policy", "as_of", "status", "summary", "targets"}.
nlohmann::ordered_json CheckToJson(const CheckRun& run);

/// A summary for a terminal or a CI log: one line per target, then its violations with their
/// evidence, then a count. Ends with a newline.
std::string RenderCheckText(const CheckRun& run, const TextOptions& options);

/// A SARIF 2.1.0 log with one run: every PolicyRules() entry as a rule, one result per
/// violation (waived ones carry an accepted external suppression; warnings have level
/// "warning"), targets that could not be audited and policy notes as notifications.
nlohmann::ordered_json CheckToSarif(const CheckRun& run);

/// JUnit XML: one testsuite for the policy, one testcase per target (a <failure> listing the
/// failing violations, an <error> when it could not be audited, warnings and waivers in
/// <system-out>).
std::string CheckToJunit(const CheckRun& run);

/// Text safe inside XML 1.0 character data and attribute values: escapes & < > " ', replaces
/// control characters XML forbids and invalid UTF-8 with U+FFFD.
std::string XmlEscape(std::string_view text);

}  // namespace openness

#endif  // OPENNESS_POLICY_REPORT_H_
