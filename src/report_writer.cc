// RenderReport: the dispatch from a format name to its writer.
#include "openness/report_writer.h"

#include "openness/license_keys.h"
#include "openness/mof.h"

namespace openness {
namespace {

struct FormatEntry {
  std::string_view name;
  ReportFormat format;
};

constexpr FormatEntry kReportFormats[] = {
    {"text", ReportFormat::kText},
    {"json", ReportFormat::kJson},
    {"markdown", ReportFormat::kMarkdown},
    {"html", ReportFormat::kHtml},
    {"mof", ReportFormat::kMof},
};

}  // namespace

bool ParseReportFormat(std::string_view name, ReportFormat* format) {
  for (const FormatEntry& e : kReportFormats) {
    if (e.name == name) {
      *format = e.format;
      return true;
    }
  }
  return false;
}

std::vector<std::string> ReportFormatNames() {
  std::vector<std::string> out;
  for (const FormatEntry& e : kReportFormats) out.emplace_back(e.name);
  return out;
}

Status RenderReport(const Report& report, ReportFormat format, const RenderOptions& options,
                    std::string* out) {
  switch (format) {
    case ReportFormat::kText:
      *out = RenderText(report, options.text);
      if (!options.use_case.empty()) {
        *out = RenderUseAnswer(report, options.use_case, options.text) + "\n" + *out;
      }
      return Status::Ok();
    case ReportFormat::kJson:
      // Invalid UTF-8 from hostile files is replaced, never a reason to fail the report.
      *out = ReportToJson(report).dump(options.json_lines ? -1 : 2, ' ', false,
                                       nlohmann::ordered_json::error_handler_t::replace);
      *out += "\n";
      return Status::Ok();
    case ReportFormat::kMarkdown:
      *out = RenderMarkdown(report);
      return Status::Ok();
    case ReportFormat::kHtml:
      *out = RenderHtml(report);
      return Status::Ok();
    case ReportFormat::kMof:
      // One YAML document per target, so a batch stays one valid stream.
      *out = "---\n" + WriteMofYaml(MofModelFromReport(report, LicenseTable::Builtin()));
      return Status::Ok();
  }
  return Status::InvalidArgument("unknown report format");
}

}  // namespace openness
