#include "openness/batch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "test_util.h"

namespace openness {
namespace {

// A task that sleeps a little (later items often finish first) and records concurrency.
struct Probe {
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<size_t> started{0};
};

std::vector<BatchTask> SleepyTasks(size_t n, Probe* probe) {
  std::vector<BatchTask> tasks;
  for (size_t i = 0; i < n; ++i) {
    tasks.push_back({"t" + std::to_string(i), [i, probe](ScanResult* r) {
                       const int now = ++probe->running;
                       int seen = probe->max_running.load();
                       while (now > seen && !probe->max_running.compare_exchange_weak(seen, now)) {
                       }
                       ++probe->started;
                       // Reverse-ish durations: early items are the slow ones.
                       std::this_thread::sleep_for(
                           std::chrono::microseconds(((i * 7919) % 13) * 150));
                       r->report.subject.id = "id" + std::to_string(i);
                       r->report.openness.level = i % 3 == 0 ? "open-weights" : "undetermined";
                       --probe->running;
                       if (i % 5 == 4) return Status::NotFound("t" + std::to_string(i) + ": gone");
                       return Status::Ok();
                     }});
  }
  return tasks;
}

TEST(BatchTest, ItemsComeBackInInputOrderWithTheirResults) {
  Probe probe;
  std::vector<size_t> order;
  std::vector<std::string> ids;
  size_t failures = 0;
  const auto caller = std::this_thread::get_id();
  BatchOptions options;
  options.jobs = 4;
  ASSERT_OK(RunBatch(SleepyTasks(60, &probe), options, [&](BatchItem& item) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    order.push_back(item.index);
    EXPECT_EQ(item.target, "t" + std::to_string(item.index));
    if (item.status.ok()) {
      ids.push_back(item.result.report.subject.id);
    } else {
      ++failures;
      EXPECT_EQ(item.status.code(), Status::Code::kNotFound);
      EXPECT_TRUE(item.result.report.subject.id.empty());
    }
  }));
  ASSERT_EQ(order.size(), 60u);
  for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
  EXPECT_EQ(failures, 12u);
  EXPECT_EQ(ids.front(), "id0");
  EXPECT_LE(probe.max_running.load(), 4);
  EXPECT_GE(probe.max_running.load(), 2);  // it did run in parallel
}

TEST(BatchTest, WindowBoundsWorkAheadOfTheSlowestItem) {
  // Item 0 blocks until the test lets it go; no more than `window` items may start meanwhile.
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<size_t> started{0};
  std::vector<BatchTask> tasks;
  tasks.push_back({"slow", [&](ScanResult*) {
                     ++started;
                     std::unique_lock<std::mutex> lock(mu);
                     cv.wait(lock, [&] { return release; });
                     return Status::Ok();
                   }});
  for (int i = 0; i < 100; ++i) {
    tasks.push_back({"fast", [&](ScanResult*) {
                       ++started;
                       return Status::Ok();
                     }});
  }
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_LE(started.load(), 8u);  // the window: items 0..7
    EXPECT_GE(started.load(), 2u);
    std::lock_guard<std::mutex> lock(mu);
    release = true;
    cv.notify_all();
  });
  BatchOptions options;
  options.jobs = 2;
  options.window = 8;
  size_t items = 0;
  ASSERT_OK(RunBatch(std::move(tasks), options, [&](BatchItem&) { ++items; }));
  releaser.join();
  EXPECT_EQ(items, 101u);
}

TEST(BatchTest, ThrowingTasksBecomeErrorsAndTheBatchGoesOn) {
  std::vector<BatchTask> tasks;
  tasks.push_back({"boom", [](ScanResult*) -> Status { throw std::runtime_error("kaput"); }});
  tasks.push_back({"oom", [](ScanResult*) -> Status { throw std::bad_alloc(); }});
  tasks.push_back({"none", nullptr});
  tasks.push_back({"fine", [](ScanResult*) { return Status::Ok(); }});
  std::vector<Status> statuses;
  BatchOptions options;
  options.jobs = 2;
  ASSERT_OK(RunBatch(std::move(tasks), options,
                     [&](BatchItem& item) { statuses.push_back(item.status); }));
  ASSERT_EQ(statuses.size(), 4u);
  EXPECT_EQ(statuses[0].code(), Status::Code::kIOError);
  EXPECT_NE(statuses[0].message().find("kaput"), std::string::npos);
  EXPECT_EQ(statuses[1].code(), Status::Code::kTooLarge);
  EXPECT_FALSE(statuses[2].ok());
  EXPECT_TRUE(statuses[3].ok());
}

TEST(BatchTest, OneJobRunsOnTheCallingThreadAndProgressCounts) {
  Probe probe;
  std::vector<size_t> progress;
  size_t items = 0;
  BatchOptions options;
  options.jobs = 1;
  ASSERT_OK(RunBatch(
      SleepyTasks(10, &probe), options, [&](BatchItem&) { ++items; },
      [&](size_t done, size_t total) {
        EXPECT_EQ(total, 10u);
        progress.push_back(done);
      }));
  EXPECT_EQ(items, 10u);
  EXPECT_EQ(probe.max_running.load(), 1);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 10u);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
}

TEST(BatchTest, ACallbackThatThrowsStopsTheBatchCleanly) {
  Probe probe;
  BatchOptions options;
  options.jobs = 3;
  size_t seen = 0;
  Status s = RunBatch(SleepyTasks(50, &probe), options, [&](BatchItem&) {
    if (++seen == 3) throw std::runtime_error("disk full");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("disk full"), std::string::npos);
  EXPECT_LT(probe.started.load(), 50u);
}

TEST(BatchTest, EmptyBatchIsFine) {
  ASSERT_OK(RunBatch({}, {}, [](BatchItem&) { FAIL(); }));
  EXPECT_GE(DefaultJobs(), 1u);
}

TEST(BatchSummaryTest, CountsLevelsAndLicenses) {
  BatchSummary s;
  auto item = [](const char* level, std::vector<std::string> keys, bool ok = true) {
    BatchItem i;
    if (!ok) {
      i.status = Status::NotFound("x");
      return i;
    }
    i.result.report.openness.level = level;
    for (const std::string& k : keys) {
      EffectiveLicense l;
      l.key = k;
      i.result.report.license.effective.push_back(l);
    }
    return i;
  };
  s.Add(item("open-weights", {"apache-2.0"}));
  s.Add(item("open-weights", {"apache-2.0"}));
  s.Add(item("open-weights-restricted", {"llama3", "other"}));
  s.Add(item("undetermined", {}));
  s.Add(item("", {}, false));
  BatchItem with_problem = item("closed", {"mit"});
  with_problem.result.problems.push_back({"a", Status::Corruption("bad")});
  s.Add(with_problem);
  EXPECT_EQ(s.items, 6u);
  EXPECT_EQ(s.audited, 5u);
  EXPECT_EQ(s.unreadable, 1u);
  EXPECT_EQ(s.with_problems, 1u);
  EXPECT_EQ(s.levels["open-weights"], 2u);
  EXPECT_EQ(s.licenses["apache-2.0"], 2u);
  EXPECT_EQ(s.licenses["llama3 + other"], 1u);
  EXPECT_EQ(s.licenses["unknown"], 1u);

  const std::string table = RenderBatchSummary(s, /*max_licenses=*/2);
  EXPECT_NE(table.find("6 targets, 5 audited (1 with unreadable files), 1 could not be read"),
            std::string::npos)
      << table;
  // The ladder order: open-weights before closed before undetermined.
  EXPECT_LT(table.find("open-weights "), table.find("closed"));
  EXPECT_LT(table.find("closed"), table.find("undetermined"));
  EXPECT_NE(table.find("apache-2.0"), std::string::npos);
  EXPECT_NE(table.find("(2 more licenses)"), std::string::npos) << table;
}

TEST(BatchSummaryTest, ErrorRecord) {
  const auto j = BatchErrorToJson("org/x", Status::NotFound("org/x: no such repository"));
  EXPECT_EQ(
      j.dump(),
      R"({"schema":"openness/error/v1","target":"org/x","error":"not found: org/x: no such repository","code":"not-found"})")
      << j.dump();
  EXPECT_EQ(StatusCodeName(Status::Code::kCorruption), "corruption");
}

}  // namespace
}  // namespace openness
