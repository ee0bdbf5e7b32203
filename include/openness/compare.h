// Compare: several audit reports side by side, one column per model, one row per question
// (license, openness level, OSAID, MOF class, weights, each right, key conditions, findings).
//
// The table is built from the reports alone; its cells carry the evidence of what they list, so
// every form (text, Markdown, HTML, JSON) can cite it. docs/reports.md describes the forms.
//
// **Example**:
//   std::vector<openness::Report> reports = ...;  // from ScanPath, one per model
//   openness::Comparison table = openness::CompareReports(reports);
//   std::string md;
//   openness::Status s = openness::RenderComparison(table, openness::ReportFormat::kMarkdown,
//                                                   {}, &md);
#ifndef OPENNESS_COMPARE_H_
#define OPENNESS_COMPARE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "openness/evidence.h"
#include "openness/report.h"
#include "openness/report_writer.h"
#include "openness/status.h"

namespace openness {

/// One line inside a cell (a condition, a finding, a declaration) and where it comes from.
struct ComparisonItem {
  std::string text;
  std::optional<Evidence> evidence;
};

struct ComparisonCell {
  std::string value;  ///< the answer in a few words: "allowed", "MIT License", "open-weights"
  std::string tone;   ///< "good" | "caution" | "bad" | "unknown", or "" when neutral
  std::vector<ComparisonItem> items;
};

struct ComparisonRow {
  std::string key;    ///< stable: "license", "level", "osaid", "mof-class", "weights",
                      ///< "right:<use case>", "conditions", "findings"
  std::string label;  ///< for people: "License", "Commercial use", ...
  std::vector<ComparisonCell> cells;  ///< one per model, in column order
  bool differs = false;               ///< the cells do not all say the same
};

struct Comparison {
  std::vector<Subject> models;        ///< the subject of each column (for evidence links)
  std::vector<std::string> headings;  ///< column headings: the subject ids, made unique
  std::vector<ComparisonRow> rows;
};

/// The table for reports in the order given (one column each).
Comparison CompareReports(const std::vector<Report>& reports);

/// Fixed-width columns for a terminal; the table grows past options.width when the columns need
/// it (about 24 columns per model). Colour only when options.color.
std::string RenderComparisonText(const Comparison& table, const TextOptions& options);
/// A GitHub-flavoured Markdown table (escaped as RenderMarkdown escapes).
std::string RenderComparisonMarkdown(const Comparison& table);
/// One self-contained HTML page, like RenderHtml's (no scripts, no external requests).
std::string RenderComparisonHtml(const Comparison& table);
/// {"schema": "openness/compare/v1", "models": [...], "rows": [...]}.
nlohmann::ordered_json ComparisonToJson(const Comparison& table);

/// The formats a comparison has: text, json, markdown, html (a subset of ReportFormatNames).
std::vector<std::string> ComparisonFormatNames();

/// Dispatch on the format, like RenderReport; InvalidArgument for a format not listed by
/// ComparisonFormatNames. The result ends with a newline.
Status RenderComparison(const Comparison& table, ReportFormat format, const RenderOptions& options,
                        std::string* out);

}  // namespace openness

#endif  // OPENNESS_COMPARE_H_
