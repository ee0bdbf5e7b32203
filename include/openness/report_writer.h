// Report writers: one Report, several forms. JSON follows the report contract exactly; text is
// for people at a terminal (80 columns, colour only when asked).
#ifndef OPENNESS_REPORT_WRITER_H_
#define OPENNESS_REPORT_WRITER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "openness/report.h"
#include "openness/status.h"

namespace openness {

/// Every output form of a scan report. To add one: a value here, a row in kReportFormats
/// (src/report_writer.cc) and a case in RenderReport.
enum class ReportFormat { kText, kJson, kMarkdown, kHtml, kMof };

/// A format's name ("text", "json", ...) -> format; false for anything else.
bool ParseReportFormat(std::string_view name, ReportFormat* format);

/// The names of every format, in the order --help lists them.
std::vector<std::string> ReportFormatNames();

/// The report as a JSON object with the contract's fields in the contract's order.
nlohmann::ordered_json ReportToJson(const Report& report);

/// One Evidence as JSON ({"file", "line", "key", "url", "excerpt"}, null where unset).
nlohmann::ordered_json EvidenceToJson(const Evidence& e);

struct TextOptions {
  bool color = false;  ///< ANSI colours (the CLI sets this for a TTY without NO_COLOR)
  int width = 80;
};

/// A human-readable summary: what the release contains, its license, the rights table, the
/// openness level, lineage and findings, each with its evidence.
std::string RenderText(const Report& report, const TextOptions& options);

/// The report as GitHub-flavoured Markdown for a pull-request comment: the verdict first, then
/// the rights table, conditions with citations, license, openness, lineage and findings, with
/// long lists folded into <details>. Text from the release is escaped (no tags, links, images or
/// @mentions survive). docs/reports.md describes it.
std::string RenderMarkdown(const Report& report);

/// The report as one self-contained HTML page (no scripts, no external requests, a CSP that
/// forbids both): verdict, rights table, the 17-component grid, the OSAID checklist, MOF class
/// progress, the lineage as inline SVG and findings linked to their evidence. Responsive and
/// printable. Text from the release is escaped. docs/reports.md describes it.
std::string RenderHtml(const Report& report);

/// kMof: the audit as a Model Openness Framework model file (mof.h, MofModelFromReport), ready to
/// submit to the Model Openness Tool.

/// The use cases `openness scan --use` answers: the five of kUseCases, then "research".
const std::vector<std::string>& AnswerableUseCases();

/// A short, direct answer for one use case of AnswerableUseCases(), for people: the verdict
/// ("Commercial SaaS use: ALLOWED WITH CONDITIONS") with the governing licenses, then every
/// condition numbered, each with its citation ("(§2, LICENSE line 32)"). An unknown use
/// case, or a report without that right, answers UNKNOWN. Ends with a newline.
std::string RenderUseAnswer(const Report& report, std::string_view use_case,
                            const TextOptions& options);

struct RenderOptions {
  TextOptions text;
  bool json_lines = false;  ///< one JSON object per line (batches) instead of indented JSON
  /// Text format: put RenderUseAnswer for this use case before the report (scan --use).
  std::string use_case;
};

/// The one place the CLI turns a report into output: dispatches on the format. The result ends
/// with a newline.
Status RenderReport(const Report& report, ReportFormat format, const RenderOptions& options,
                    std::string* out);

}  // namespace openness

#endif  // OPENNESS_REPORT_WRITER_H_
