// Evaluation: agreement between audits and expert labels.
//
// A labels file (CSV, ../shared/labels/README.md) gives, per release folder, the license that
// governs the weights, whether commercial use is allowed, the openness level, the OSAID result and
// the findings an audit must report (findings_optional: may be reported or not). Evaluate audits
// every labelled folder and compares field by field; `openness eval` prints the result.
//
// A labelled folder holds a card and license files but no weights, while the release it
// documents publishes them: the harness audits it with ScanOptions::assume_weights_published.
#ifndef OPENNESS_EVALUATION_H_
#define OPENNESS_EVALUATION_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "openness/report.h"
#include "openness/scan.h"
#include "openness/status.h"

namespace openness {

struct LabelRow {
  int line = 0;  ///< line in the labels file
  std::string dir;
  std::string hf_id;
  std::string license;  ///< key, or "a+b" when two licenses govern at once
  std::string commercial;
  std::string level;
  std::string osaid;
  std::vector<std::string> findings;
  std::vector<std::string> findings_optional;
  std::string confidence;
  std::string rationale;
};

/// Parses a labels CSV (RFC 4180 quoting; a header row names the columns, in any order; dir is
/// required, the other columns are compared only when present). Bounded: at most 100,000 rows.
Status ParseLabels(std::string_view csv, std::vector<LabelRow>* out);

/// The fields compared, in print order.
inline constexpr std::string_view kEvalFields[] = {"license", "commercial", "level", "osaid",
                                                   "findings"};

/// The finding codes labels judge; other codes (gated, unsafe-weights-format, ...) report facts
/// about files and are not labelled.
inline constexpr std::string_view kJudgedFindings[] = {
    "license-conflicts-with-base", "open-washing",    "declared-license-mismatch",
    "license-contradiction",       "license-missing", "license-changed"};

struct FieldResult {
  std::string field;
  std::string expected;
  std::string actual;
  bool agree = false;
  std::string why;  ///< for disagreements: what the audit based its answer on
};

struct RowResult {
  LabelRow label;
  bool audited = false;
  std::string error;  ///< why the folder could not be audited
  std::vector<FieldResult> fields;
};

struct FieldAgreement {
  int agree = 0;
  int total = 0;
  double percent() const { return total == 0 ? 100.0 : 100.0 * agree / total; }
};

struct EvaluationResult {
  std::vector<RowResult> rows;
  std::map<std::string, FieldAgreement> agreement;  ///< by field
};

/// Compares one report with its label. Pure.
RowResult CompareWithLabel(const LabelRow& label, const Report& report);

/// Audits root/dir for every row (assume_weights_published set on a copy of options) and
/// compares. A folder that cannot be read counts as disagreeing on every field.
EvaluationResult Evaluate(const std::vector<LabelRow>& labels, const std::string& root,
                          const ScanOptions& options);

}  // namespace openness

#endif  // OPENNESS_EVALUATION_H_
