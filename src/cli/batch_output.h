// Output of a batch on the command line: reports in input order (text, or JSON Lines with an
// error record in the place of each unreadable target), problems on stderr, a progress bar when
// stderr is a terminal, and the closing summary table.
#ifndef OPENNESS_CLI_BATCH_OUTPUT_H_
#define OPENNESS_CLI_BATCH_OUTPUT_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "openness/batch.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace CLI {
class App;
}  // namespace CLI

namespace openness::cli {

// The batch path every multi-target command shares (scan, check, compare, inventory): one Hub
// client for all targets, ScanPath tasks, and the same -j semantics.

/// Adds "-j,--jobs N" (1..256) to a command, with scan's meaning: audits run at once.
void AddJobsOption(CLI::App* app, unsigned* jobs);

/// ScanOptions for the targets of one command: the Hub options from the environment (offline
/// also when asked) and one Hub client shared by every target (connection reuse, one memo).
ScanOptions CliScanOptions(bool offline = false, bool history = false);

/// A task per target that audits it with ScanPath, in the order given. *any_hub, when set, is
/// set to whether a target names a Hub repository.
std::vector<BatchTask> ScanTasks(const std::vector<std::string>& targets,
                                 const ScanOptions& options, bool* any_hub = nullptr);

/// The batch options for -j: jobs when given, else one per core, at least 8 when Hub targets
/// are listed (their audits wait on the network, not on the cores).
BatchOptions CliBatchOptions(unsigned jobs, bool any_hub);

/// "[#######.......]  120/534  ETA 3s" on stderr, redrawn at most ten times a second; does
/// nothing unless enabled (the CLI enables it when stderr is a terminal).
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(size_t done, size_t total);
  /// Erases the bar (before anything else is written to the terminal).
  void Clear();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

/// True when stderr is a terminal.
bool StderrIsTerminal();

/// Writes the items of a batch as RunBatch hands them over.
class BatchPrinter {
 public:
  /// batch: JSON Lines and a closing summary (several targets, --from, --hf-cache, --ollama);
  /// otherwise one report as for a single target.
  BatchPrinter(ReportFormat format, RenderOptions render, bool batch, ProgressBar* progress);

  void Print(BatchItem& item);
  /// Prints the summary table (text: stdout, JSON: stderr) for a batch.
  void Finish();
  /// kExitUnreadable when any target could not be read or rendered, else kExitAudited.
  int exit_status() const { return status_; }
  const BatchSummary& summary() const { return summary_; }

 private:
  void Err(const std::string& line);
  ReportFormat format_;
  RenderOptions render_;
  bool batch_;
  ProgressBar* progress_;
  BatchSummary summary_;
  bool first_ = true;
  int status_ = 0;
};

}  // namespace openness::cli

#endif  // OPENNESS_CLI_BATCH_OUTPUT_H_
