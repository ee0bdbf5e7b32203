#include "batch_output.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "exit_status.h"

namespace openness::cli {

void AddJobsOption(CLI::App* app, unsigned* jobs) {
  app->add_option("-j,--jobs", *jobs,
                  "audits run at once (default: one per core; at least 8 with Hub ids)")
      ->check(CLI::Range(1u, 256u));
}

ScanOptions CliScanOptions(bool offline, bool history) {
  HubOptions hub = HubOptionsFromEnv();
  hub.offline = hub.offline || offline;
  hub.history = history;
  ScanOptions options;
  options.hub = hub;
  if (Result<std::shared_ptr<HubClient>> made = HubClient::Create(hub); made.ok()) {
    options.hub_client = std::move(made.value());
  }
  return options;
}

std::vector<BatchTask> ScanTasks(const std::vector<std::string>& targets,
                                 const ScanOptions& options, bool* any_hub) {
  std::vector<BatchTask> tasks;
  tasks.reserve(targets.size());
  bool hub = false;
  for (const std::string& target : targets) {
    hub = hub || HubTargetOf(target).has_value();
    tasks.push_back(
        {target, [target, options](ScanResult* r) { return ScanPath(target, options, r); }});
  }
  if (any_hub != nullptr) *any_hub = hub;
  return tasks;
}

BatchOptions CliBatchOptions(unsigned jobs, bool any_hub) {
  BatchOptions options;
  options.jobs = jobs != 0 ? jobs : (any_hub ? std::max(DefaultJobs(), 8u) : DefaultJobs());
  return options;
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) != 0; }

void ProgressBar::Update(size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  constexpr size_t kWidth = 30;
  const size_t filled = done * kWidth / total;
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '.');
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string eta;
  if (done > 0 && done < total) {
    const double left = elapsed / static_cast<double>(done) * static_cast<double>(total - done);
    eta = "  ETA " + std::to_string(static_cast<long>(left + 0.5)) + "s";
  }
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu%s", bar.c_str(), done, total, eta.c_str());
  std::fflush(stderr);
  shown_ = true;
}

void ProgressBar::Clear() {
  if (!enabled_ || !shown_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

BatchPrinter::BatchPrinter(ReportFormat format, RenderOptions render, bool batch,
                           ProgressBar* progress)
    : format_(format), render_(render), batch_(batch), progress_(progress) {
  render_.json_lines = batch;
}

void BatchPrinter::Err(const std::string& line) {
  if (progress_ != nullptr) progress_->Clear();
  std::fprintf(stderr, "openness: %s\n", line.c_str());
}

void BatchPrinter::Print(BatchItem& item) {
  summary_.Add(item);
  const std::string prefix = batch_ ? item.target + ": " : std::string();
  if (progress_ != nullptr) progress_->Clear();
  if (!item.status.ok()) {
    status_ = kExitUnreadable;
    // The status usually names the target already; say it once.
    const std::string message = item.status.ToString();
    Err(message.find(item.target) != std::string::npos ? message : prefix + message);
    if (batch_ && format_ == ReportFormat::kJson) {
      const std::string line = BatchErrorToJson(item.target, item.status)
                                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      std::fputs((line + "\n").c_str(), stdout);
      std::fflush(stdout);
    }
    return;
  }
  for (const Problem& p : item.result.problems) {
    Err(prefix + p.file + (p.file.empty() ? "" : ": ") + p.status.ToString());
  }
  std::string out;
  Status s = RenderReport(item.result.report, format_, render_, &out);
  if (!s.ok()) {
    status_ = kExitUnreadable;
    Err(item.target + ": " + s.ToString());
    if (batch_ && format_ == ReportFormat::kJson) {
      std::fputs((BatchErrorToJson(item.target, s)
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                  "\n")
                     .c_str(),
                 stdout);
    }
    return;
  }
  // Reports for people are separated by a blank line; JSON Lines are not.
  if (!first_ && !render_.json_lines) std::fputs("\n", stdout);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  first_ = false;
}

void BatchPrinter::Finish() {
  if (progress_ != nullptr) progress_->Clear();
  if (!batch_) return;
  const std::string table = RenderBatchSummary(summary_);
  if (format_ == ReportFormat::kText) {
    std::fputs("\n", stdout);
    std::fputs(table.c_str(), stdout);
  } else {
    std::fputs(table.c_str(), stderr);
  }
  std::fflush(stdout);
}

}  // namespace openness::cli
