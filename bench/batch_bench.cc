// Batch throughput: the corpus model cards (../shared/corpus/cards, 500+ releases) audited as one
// batch, as `openness scan --from LIST --format json` does it, at several thread counts. A plain
// program (no Google Benchmark): each configuration runs `rounds` times and the best and median
// rounds are printed in releases per second. docs/benchmarks.md records the figures.
//
//   build/bench/bench/batch_bench [CARDS_DIR] [ROUNDS] [JOBS...]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "openness/batch.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace fs = std::filesystem;

namespace {

// Every folder under cards/<family>/ that holds files: one release each.
std::vector<std::string> Releases(const fs::path& cards) {
  std::vector<std::string> out;
  for (const fs::directory_entry& family : fs::directory_iterator(cards)) {
    if (!family.is_directory()) continue;
    for (const fs::directory_entry& model : fs::directory_iterator(family.path())) {
      if (model.is_directory()) out.push_back(model.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Round {
  double seconds = 0;
  size_t audited = 0;
  size_t bytes = 0;  // JSON written
};

Round RunOnce(const std::vector<std::string>& releases, unsigned jobs) {
  std::vector<openness::BatchTask> tasks;
  tasks.reserve(releases.size());
  for (const std::string& r : releases) {
    tasks.push_back({r, [r](openness::ScanResult* out) {
                       return openness::ScanPath(r, openness::ScanOptions{}, out);
                     }});
  }
  openness::BatchOptions options;
  options.jobs = jobs;
  Round round;
  openness::BatchSummary summary;
  const auto start = std::chrono::steady_clock::now();
  openness::RenderOptions render;
  render.json_lines = true;
  openness::Status s =
      openness::RunBatch(std::move(tasks), options, [&](openness::BatchItem& item) {
        summary.Add(item);
        if (!item.status.ok()) return;
        std::string line;
        if (openness::RenderReport(item.result.report, openness::ReportFormat::kJson, render, &line)
                .ok()) {
          round.bytes += line.size();
        }
      });
  round.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  round.audited = summary.audited;
  if (!s.ok()) std::fprintf(stderr, "batch failed: %s\n", s.ToString().c_str());
  return round;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path cards = argc > 1
                             ? fs::path(argv[1])
                             : fs::path(OPENNESS_SOURCE_DIR) / ".." / "shared" / "corpus" / "cards";
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<unsigned> jobs;
  for (int i = 3; i < argc; ++i) jobs.push_back(static_cast<unsigned>(std::atoi(argv[i])));
  if (jobs.empty()) jobs = {1, 2, openness::DefaultJobs()};
  std::error_code ec;
  if (!fs::is_directory(cards, ec)) {
    std::fprintf(stderr, "batch_bench: %s is not a folder\n", cards.string().c_str());
    return 2;
  }
  const std::vector<std::string> releases = Releases(cards);
  std::printf("batch_bench: %zu releases from %s, %d rounds, %u hardware threads\n",
              releases.size(), cards.string().c_str(), rounds, openness::DefaultJobs());
  RunOnce(releases, 1);  // warm the page cache and the lazily built tables
  for (unsigned j : jobs) {
    std::vector<double> rates;
    size_t audited = 0, bytes = 0;
    for (int r = 0; r < rounds; ++r) {
      const Round round = RunOnce(releases, j);
      rates.push_back(static_cast<double>(releases.size()) / round.seconds);
      audited = round.audited;
      bytes = round.bytes;
    }
    std::sort(rates.begin(), rates.end());
    std::printf(
        "  -j %-3u best %7.0f releases/s  median %7.0f releases/s  (%zu audited, %.1f MB JSON)\n",
        j, rates.back(), rates[rates.size() / 2], audited, static_cast<double>(bytes) / 1e6);
  }
  return 0;
}
