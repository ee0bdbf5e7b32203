// openness compare: audit several releases and print them side by side.
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "batch_output.h"
#include "commands.h"
#include "exit_status.h"
#include "openness/batch.h"
#include "openness/compare.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kCompareHelp =
    R"(Audit several model releases and compare them in one table: a column per model,
a row for the license, openness level, OSAID, MOF class, weights, each right,
the key conditions and the findings. Rows on which the models differ are marked.

examples:
  openness compare ./model-a ./model-b                    in the terminal
  openness compare a/ b/ c.gguf --format markdown         for a pull request
  openness compare a/ b/ --format html > compare.html     one self-contained page

The targets are audited in parallel (-j, default one per core; at least 8 when
Hub ids are listed); the columns keep the order of the command line.

exit status: 0 every target audited, 2 a target could not be read (the others
are still compared), 64 bad usage.)";

bool UseColor(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}

int TerminalWidth() {
  winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) {
    return ws.ws_col;
  }
  return 100;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

int RunCompare(int argc, char** argv) {
  CLI::App app(kCompareHelp, "openness compare");
  app.get_formatter()->column_width(28);
  std::vector<std::string> targets;
  std::string format = "text";
  std::string color = "auto";
  int width = 0;
  app.add_option("targets", targets, "two or more model folders or files")->required();
  app.add_option("-f,--format", format, "output format: " + JoinNames(ComparisonFormatNames()))
      ->check(CLI::IsMember(ComparisonFormatNames()));
  app.add_option("--color", color, "colour the text table: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--width", width, "text table width (default: the terminal's, else 100)")
      ->check(CLI::Range(40, 1000));
  unsigned jobs = 0;
  AddJobsOption(&app, &jobs);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  if (targets.size() < 2) {
    std::fprintf(stderr, "openness compare: give at least two targets to compare\n");
    return kExitUsage;
  }
  ReportFormat report_format = ReportFormat::kText;
  ParseReportFormat(format, &report_format);
  RenderOptions render;
  render.text.color = UseColor(color);
  render.text.width = width > 0 ? width : TerminalWidth();

  // The batch path of `openness scan`: in parallel (-j), in input order; a target that cannot be
  // read is reported and left out, and the others are still compared.
  int status = kExitAudited;
  std::vector<Report> reports;
  bool any_hub = false;
  std::vector<BatchTask> tasks = ScanTasks(targets, CliScanOptions(), &any_hub);
  ProgressBar progress(StderrIsTerminal());
  const Status batch = RunBatch(
      std::move(tasks), CliBatchOptions(jobs, any_hub),
      [&](BatchItem& item) {
        progress.Clear();
        if (!item.status.ok()) {
          const std::string message = item.status.ToString();
          std::fprintf(
              stderr, "openness: %s%s\n",
              message.find(item.target) == std::string::npos ? (item.target + ": ").c_str() : "",
              message.c_str());
          status = kExitUnreadable;
          return;
        }
        for (const Problem& p : item.result.problems) {
          std::fprintf(stderr, "openness: %s: %s%s%s\n", item.target.c_str(), p.file.c_str(),
                       p.file.empty() ? "" : ": ", p.status.ToString().c_str());
        }
        reports.push_back(std::move(item.result.report));
      },
      [&](size_t done, size_t total) { progress.Update(done, total); });
  progress.Clear();
  if (!batch.ok()) {
    std::fprintf(stderr, "openness: %s\n", batch.ToString().c_str());
    return kExitUnreadable;
  }
  if (reports.empty()) return kExitUnreadable;
  std::string out;
  Status s = RenderComparison(CompareReports(reports), report_format, render, &out);
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
    return kExitUnreadable;
  }
  std::fputs(out.c_str(), stdout);
  return status;
}

}  // namespace openness::cli
