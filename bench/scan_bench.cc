// Benchmarks of whole scans on large sparse releases (docs/benchmarks.md records the figures):
//   BM_ScanShardedSafetensors  4 x 5 GB safetensors shards + index + card + license
//   BM_ScanBigGguf             one 40 GB GGUF with 30,000 metadata entries
// Counters: weights_bytes_read is what the scan read from the weights files.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "fixtures.h"
#include "openness/scan.h"

namespace {

std::string FixtureDir() {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "openness-bench-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    openness::bench::MakeShardedRelease(tmpl + "/sharded");
    openness::bench::MakeBigGguf(tmpl + "/big.gguf");
    std::atexit([] { std::filesystem::remove_all(FixtureDir()); });
    return tmpl;
  }();
  return dir;
}

void RunScan(benchmark::State& state, const std::string& target) {
  uint64_t bytes = 0;
  for (auto _ : state) {
    openness::ScanResult result;
    openness::Status s = openness::ScanPath(target, {}, &result);
    if (!s.ok() || !result.problems.empty()) {
      state.SkipWithError(s.ok() ? result.problems[0].status.ToString().c_str()
                                 : s.ToString().c_str());
      return;
    }
    bytes = result.weights_bytes_read;
    benchmark::DoNotOptimize(result);
  }
  state.counters["weights_bytes_read"] = static_cast<double>(bytes);
}

void BM_ScanShardedSafetensors(benchmark::State& state) {
  RunScan(state, FixtureDir() + "/sharded");
}
BENCHMARK(BM_ScanShardedSafetensors)->Unit(benchmark::kMillisecond);

void BM_ScanBigGguf(benchmark::State& state) { RunScan(state, FixtureDir() + "/big.gguf"); }
BENCHMARK(BM_ScanBigGguf)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
