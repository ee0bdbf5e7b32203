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
enum class ReportFormat { kText, kJson };

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

struct RenderOptions {
  TextOptions text;
  bool json_lines = false;  ///< one JSON object per line (batches) instead of indented JSON
};

/// The one place the CLI turns a report into output: dispatches on the format. The result ends
/// with a newline.
Status RenderReport(const Report& report, ReportFormat format, const RenderOptions& options,
                    std::string* out);

}  // namespace openness

#endif  // OPENNESS_REPORT_WRITER_H_
