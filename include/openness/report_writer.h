// Report writers: one Report, several forms. JSON follows the report contract exactly; text is
// for people at a terminal (80 columns, colour only when asked).
#ifndef OPENNESS_REPORT_WRITER_H_
#define OPENNESS_REPORT_WRITER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "openness/report.h"

namespace openness {

enum class ReportFormat { kText, kJson };

/// "text" or "json" -> format; false for anything else.
bool ParseReportFormat(std::string_view name, ReportFormat* format);

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

}  // namespace openness

#endif  // OPENNESS_REPORT_WRITER_H_
