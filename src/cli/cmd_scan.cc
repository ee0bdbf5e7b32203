// openness scan: audit local folders and model files.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_status.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kScanHelp = R"(Audit a model release: what it contains, which license governs the weights,
what you may do with them, and how open the release is. Weights are never
loaded: only headers and metadata are read.

examples:
  openness scan ./Llama-3.1-8B                 a model folder
  openness scan model.Q4_K_M.gguf              a single model file
  openness scan ./my-model --format json       the JSON report (docs/report-contract.md)
  openness scan a/ b/ c.gguf --format json     one JSON object per line

exit status: 0 audited (whatever the verdict), 2 a target could not be read,
64 bad usage.)";

bool UseColor(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}


std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

int RunScan(int argc, char** argv) {
  CLI::App app(kScanHelp, "openness scan");
  app.get_formatter()->column_width(28);
  std::vector<std::string> targets;
  std::string format = "text";
  std::string color = "auto";
  app.add_option("targets", targets, "model folders or files to audit")->required();
  app.add_option("-f,--format", format, "output format: " + JoinNames(ReportFormatNames()))
      ->check(CLI::IsMember(ReportFormatNames()));
  app.add_option("--color", color, "colour the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  ReportFormat report_format = ReportFormat::kText;
  ParseReportFormat(format, &report_format);
  RenderOptions render;
  render.text.color = UseColor(color);
  render.json_lines = targets.size() > 1;

  int status = kExitAudited;
  bool first = true;
  for (const std::string& target : targets) {
    ScanResult result;
    Status s = ScanPath(target, ScanOptions{}, &result);
    if (!s.ok()) {
      std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
      status = kExitUnreadable;
      continue;
    }
    for (const Problem& p : result.problems) {
      std::fprintf(stderr, "openness: %s%s%s\n", p.file.c_str(), p.file.empty() ? "" : ": ",
                   p.status.ToString().c_str());
    }
    std::string out;
    s = RenderReport(result.report, report_format, render, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "openness: %s: %s\n", target.c_str(), s.ToString().c_str());
      status = kExitUnreadable;
      continue;
    }
    // Reports for people are separated by a blank line; JSON Lines are not.
    if (!first && !render.json_lines) std::fputs("\n", stdout);
    std::fputs(out.c_str(), stdout);
    first = false;
  }
  return status;
}

}  // namespace openness::cli
