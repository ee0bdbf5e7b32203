// Batch: many audits at once, on a bounded pool of threads, with results in input order.
//
// A batch is a list of tasks, each naming its target and the function that audits it (ScanPath
// for a folder, file or Hub id, ScanHfCacheModel, ScanOllamaModel, ...). RunBatch runs them on
// `jobs` threads and hands every result back on the calling thread, in the order of the tasks,
// as soon as it and all before it are done, so output streams while later items still run.
// At most `window` items are in flight or waiting to be handed back, whatever the batch size.
//
// A task that fails, or throws, gives an item with a non-ok status; the batch goes on.
//
// **Example**:
//   std::vector<openness::BatchTask> tasks;
//   for (const std::string& t : targets) {
//     tasks.push_back({t, [t](openness::ScanResult* r) { return openness::ScanPath(t, {}, r); }});
//   }
//   openness::BatchSummary summary;
//   openness::Status s = openness::RunBatch(std::move(tasks), {}, [&](openness::BatchItem& item) {
//     summary.Add(item);  // and write item.result.report
//   });
#ifndef OPENNESS_BATCH_H_
#define OPENNESS_BATCH_H_

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "openness/scan.h"
#include "openness/status.h"

namespace openness {

/// The schema of a per-item error record in a JSON Lines batch.
inline constexpr std::string_view kErrorSchema = "openness/error/v1";

struct BatchTask {
  std::string target;                      ///< as the user named it; echoed in error records
  std::function<Status(ScanResult*)> run;  ///< audits the target; called on a worker thread
};

struct BatchItem {
  size_t index = 0;  ///< position in the task list
  std::string target;
  Status status;  ///< not ok: the target could not be read at all (result is empty)
  ScanResult result;
};

struct BatchOptions {
  unsigned jobs = 0;  ///< worker threads; 0 = one per hardware thread (DefaultJobs)
  size_t window = 0;  ///< items in flight or waiting to be handed back; 0 = max(4 * jobs, 16)
};

/// One per hardware thread, at least 1.
unsigned DefaultJobs();

/// Runs every task. on_item gets each item in task order; on_progress(done, total), when set,
/// is called after each completion. Both are called on the calling thread only, never at the
/// same time. Errors only when a callback throws (the batch then stops after the items in
/// flight).
Status RunBatch(std::vector<BatchTask> tasks, const BatchOptions& options,
                const std::function<void(BatchItem& item)>& on_item,
                const std::function<void(size_t done, size_t total)>& on_progress = nullptr);

/// Counts of a batch for the closing summary table.
struct BatchSummary {
  size_t items = 0;
  size_t audited = 0;
  size_t unreadable = 0;                   ///< items whose target could not be read
  size_t with_problems = 0;                ///< audited items with files that could not be read
  std::map<std::string, size_t> levels;    ///< openness.level -> releases
  std::map<std::string, size_t> licenses;  ///< effective license keys (" + "-joined) -> releases

  void Add(const BatchItem& item);
};

/// The summary as a text table: the counts, then releases per openness level and per effective
/// license (most frequent first; at most max_licenses rows, the rest counted in one line).
std::string RenderBatchSummary(const BatchSummary& summary, size_t max_licenses = 20);

/// A Status code's stable name in error records: "not-found", "invalid-argument", "corruption",
/// "too-large", "unsupported", "io-error".
std::string_view StatusCodeName(Status::Code code);

/// {"schema": "openness/error/v1", "target", "error", "code"}: the record a JSON Lines batch
/// writes, in the item's place, for a target that could not be read.
nlohmann::ordered_json BatchErrorToJson(std::string_view target, const Status& status);

}  // namespace openness

#endif  // OPENNESS_BATCH_H_
