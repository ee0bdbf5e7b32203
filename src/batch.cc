#include "openness/batch.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace openness {
namespace {

// What the workers and the calling thread share. Items live in a ring of `window` slots:
// item i may start only while i < emitted + window, so slot i % window is free for it.
struct Shared {
  std::mutex mu;
  std::condition_variable work_cv;  // a worker may start the next item
  std::condition_variable done_cv;  // an item finished
  size_t next = 0;                  // next task to start
  size_t emitted = 0;               // items handed back so far
  size_t done = 0;                  // items finished
  bool stop = false;
  std::vector<std::optional<BatchItem>> ring;
};

BatchItem RunOne(BatchTask& task, size_t index) {
  BatchItem item;
  item.index = index;
  item.target = task.target;
  try {
    if (!task.run) {
      item.status = Status::InvalidArgument("nothing to run for this target");
    } else {
      item.status = task.run(&item.result);
    }
  } catch (const std::bad_alloc&) {
    item.status = Status::TooLarge("out of memory while auditing this target");
  } catch (const std::exception& e) {
    item.status = Status::IOError(std::string("internal error while auditing: ") + e.what());
  } catch (...) {
    item.status = Status::IOError("internal error while auditing");
  }
  if (!item.status.ok()) item.result = ScanResult();
  task.run = nullptr;  // free what the task captured
  return item;
}

void Worker(std::vector<BatchTask>* tasks, Shared* sh, size_t window) {
  const size_t n = tasks->size();
  for (;;) {
    size_t i;
    {
      std::unique_lock<std::mutex> lock(sh->mu);
      sh->work_cv.wait(
          lock, [&] { return sh->stop || sh->next >= n || sh->next < sh->emitted + window; });
      if (sh->stop || sh->next >= n) return;
      i = sh->next++;
    }
    BatchItem item = RunOne((*tasks)[i], i);
    {
      std::lock_guard<std::mutex> lock(sh->mu);
      sh->ring[i % window] = std::move(item);
      ++sh->done;
    }
    sh->done_cv.notify_one();
  }
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string PadLeft(const std::string& s, size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

// Rows sorted by count (descending), then name.
std::vector<std::pair<std::string, size_t>> ByCount(const std::map<std::string, size_t>& m) {
  std::vector<std::pair<std::string, size_t>> rows(m.begin(), m.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return rows;
}

}  // namespace

unsigned DefaultJobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

Status RunBatch(std::vector<BatchTask> tasks, const BatchOptions& options,
                const std::function<void(BatchItem& item)>& on_item,
                const std::function<void(size_t done, size_t total)>& on_progress) {
  const size_t n = tasks.size();
  if (n == 0) return Status::Ok();
  size_t jobs = options.jobs != 0 ? options.jobs : DefaultJobs();
  jobs = std::clamp<size_t>(jobs, 1, n);
  const size_t window =
      std::max<size_t>(options.window != 0 ? options.window : std::max<size_t>(4 * jobs, 16), jobs);
  Shared sh;
  sh.ring.resize(std::min(window, n));
  const size_t ring = sh.ring.size();

  std::vector<std::thread> threads;
  if (jobs > 1) {
    for (size_t t = 0; t < jobs; ++t) {
      try {
        threads.emplace_back(Worker, &tasks, &sh, ring);
      } catch (const std::system_error&) {
        break;  // fewer threads than asked: the ones started do the work
      }
    }
  }
  auto stop_and_join = [&] {
    {
      std::lock_guard<std::mutex> lock(sh.mu);
      sh.stop = true;
    }
    sh.work_cv.notify_all();
    for (std::thread& t : threads) t.join();
  };

  Status result;
  size_t reported_done = 0;
  try {
    std::vector<BatchItem> ready;
    for (;;) {
      ready.clear();
      size_t done_now;
      {
        std::unique_lock<std::mutex> lock(sh.mu);
        if (sh.emitted >= n) break;
        if (threads.empty()) {
          // No worker threads: run the next item here.
          const size_t i = sh.emitted;
          lock.unlock();
          BatchItem item = RunOne(tasks[i], i);
          lock.lock();
          sh.ring[i % ring] = std::move(item);
          ++sh.done;
        } else {
          sh.done_cv.wait(lock, [&] {
            return sh.done != reported_done || sh.ring[sh.emitted % ring].has_value();
          });
        }
        while (sh.emitted < n && sh.ring[sh.emitted % ring]) {
          ready.push_back(std::move(*sh.ring[sh.emitted % ring]));
          sh.ring[sh.emitted % ring].reset();
          ++sh.emitted;
        }
        done_now = sh.done;
      }
      if (!ready.empty()) sh.work_cv.notify_all();
      if (on_progress && done_now != reported_done) on_progress(done_now, n);
      reported_done = done_now;
      for (BatchItem& item : ready) on_item(item);
    }
  } catch (const std::exception& e) {
    result = Status::IOError(std::string("batch stopped: ") + e.what());
  } catch (...) {
    result = Status::IOError("batch stopped by an unknown error");
  }
  stop_and_join();
  return result;
}

void BatchSummary::Add(const BatchItem& item) {
  ++items;
  if (!item.status.ok()) {
    ++unreadable;
    return;
  }
  ++audited;
  if (!item.result.problems.empty()) ++with_problems;
  const Report& r = item.result.report;
  ++levels[r.openness.level];
  std::string keys;
  for (const EffectiveLicense& l : r.license.effective) {
    keys += (keys.empty() ? "" : " + ") + l.key;
  }
  ++licenses[keys.empty() ? std::string("unknown") : keys];
}

std::string RenderBatchSummary(const BatchSummary& s, size_t max_licenses) {
  std::string out = "batch: " + std::to_string(s.items) + " target" + (s.items == 1 ? "" : "s") +
                    ", " + std::to_string(s.audited) + " audited";
  if (s.with_problems != 0) {
    out += " (" + std::to_string(s.with_problems) + " with unreadable files)";
  }
  out += ", " + std::to_string(s.unreadable) + " could not be read\n";
  if (s.audited == 0) return out;

  size_t width = 24;
  for (const auto& [name, n] : s.levels) width = std::max(width, name.size() + 4);
  const auto licenses = ByCount(s.licenses);
  for (size_t i = 0; i < licenses.size() && i < max_licenses; ++i) {
    width = std::max(width, std::min<size_t>(licenses[i].first.size() + 4, 60));
  }
  out += "\n" + Pad("openness level", width) + PadLeft("releases", 9) + "\n";
  // The ladder's order, then anything else.
  static constexpr std::string_view kLadder[] = {
      "open-source", "open-weights", "open-weights-restricted", "closed", "undetermined"};
  std::map<std::string, size_t> rest = s.levels;
  for (std::string_view level : kLadder) {
    auto it = rest.find(std::string(level));
    if (it == rest.end()) continue;
    out += "  " + Pad(it->first, width - 2) + PadLeft(std::to_string(it->second), 9) + "\n";
    rest.erase(it);
  }
  for (const auto& [name, n] : rest) {
    out += "  " + Pad(name, width - 2) + PadLeft(std::to_string(n), 9) + "\n";
  }
  out += "\n" + Pad("effective license", width) + PadLeft("releases", 9) + "\n";
  size_t shown = 0, others = 0, other_releases = 0;
  for (const auto& [name, n] : licenses) {
    if (shown < max_licenses) {
      std::string label = name.size() > width - 2 ? name.substr(0, width - 5) + "..." : name;
      out += "  " + Pad(label, width - 2) + PadLeft(std::to_string(n), 9) + "\n";
      ++shown;
    } else {
      ++others;
      other_releases += n;
    }
  }
  if (others != 0) {
    out += "  " + Pad("(" + std::to_string(others) + " more licenses)", width - 2) +
           PadLeft(std::to_string(other_releases), 9) + "\n";
  }
  return out;
}

std::string_view StatusCodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kNotFound:
      return "not-found";
    case Status::Code::kInvalidArgument:
      return "invalid-argument";
    case Status::Code::kCorruption:
      return "corruption";
    case Status::Code::kTooLarge:
      return "too-large";
    case Status::Code::kUnsupported:
      return "unsupported";
    case Status::Code::kIOError:
      return "io-error";
  }
  return "io-error";
}

nlohmann::ordered_json BatchErrorToJson(std::string_view target, const Status& status) {
  nlohmann::ordered_json j;
  j["schema"] = kErrorSchema;
  j["target"] = std::string(target);
  j["error"] = status.ToString();
  j["code"] = StatusCodeName(status.code());
  return j;
}

}  // namespace openness
