// Hub audit benchmark against the fixture Hub on 127.0.0.1 (tests/hub_fixture.h).
//
// Targets (issue 5): one repo costs at most 1 API call + the raw files it needs + 2 range
// requests per weights file; 100 repos audit in under 2 s with 8 concurrent connections.
//
//   build/bench/bench/hub_bench [repos=100] [threads=8]
//
// Prints the request counts of one audit, then the wall time of the batch (best of 3 runs).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "hub_fixture.h"
#include "openness/scan.h"

using openness::testing::FixtureHub;

int main(int argc, char** argv) {
  const int repos = argc > 1 ? std::atoi(argv[1]) : 100;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
  FixtureHub hub;
  for (int i = 0; i < repos; ++i) {
    openness::testing::FixtureRepo r = openness::testing::SimpleModelRepo(
        "bench/model-" + std::to_string(i), {{"license", "apache-2.0"}}, 4 << 20);
    r.files["model.safetensors.index.json"] = {
        R"({"metadata": {"total_size": 8388608}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}})",
        false};
    r.files.erase("model.safetensors");
    r.files["model-00001-of-00002.safetensors"] = {openness::testing::MakeSafetensors(4 << 20),
                                                   true};
    r.files["model-00002-of-00002.safetensors"] = {openness::testing::MakeSafetensors(4 << 20),
                                                   true};
    hub.Add(std::move(r));
  }
  openness::HubOptions options;
  options.endpoint = hub.endpoint();

  // One audit: what it asks for.
  {
    auto client = openness::HubClient::Create(options).value();
    openness::ScanOptions so;
    so.hub = options;
    so.hub_client = client;
    openness::ScanResult result;
    openness::Status s = openness::ScanPath("bench/model-0", so, &result);
    if (!s.ok() || !result.problems.empty()) {
      std::fprintf(stderr, "audit failed: %s\n", s.ToString().c_str());
      return 1;
    }
    const openness::HubStats st = client->stats();
    std::printf("one repo (2 safetensors shards of 4 MiB, index, README, LICENSE, config):\n");
    std::printf(
        "  client: %llu API call(s), %llu whole-file request(s), %llu range request(s), "
        "%llu bytes received\n",
        static_cast<unsigned long long>(st.api_calls),
        static_cast<unsigned long long>(st.file_requests),
        static_cast<unsigned long long>(st.range_requests),
        static_cast<unsigned long long>(st.bytes_received));
    const FixtureHub::Counts c = hub.counts();
    std::printf("  server: %d requests (%d api, %d resolve, %d cdn after redirects, %d ranged)\n",
                c.total, c.api, c.resolve, c.cdn, c.ranged);
  }

  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    auto client = openness::HubClient::Create(options).value();
    std::atomic<int> next{0}, failed{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (int i = next++; i < repos; i = next++) {
          openness::ScanOptions so;
          so.hub = options;
          so.hub_client = client;
          openness::ScanResult result;
          openness::Status s = openness::ScanPath("bench/model-" + std::to_string(i), so, &result);
          if (!s.ok() || !result.problems.empty()) ++failed;
        }
      });
    }
    for (std::thread& t : pool) t.join();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, secs);
    const openness::HubStats st = client->stats();
    std::printf(
        "run %d: %d repos, %d threads: %.3f s (%.1f repos/s), %d failed; "
        "%llu API, %llu files, %llu ranges\n",
        run + 1, repos, threads, secs, repos / secs, failed.load(),
        static_cast<unsigned long long>(st.api_calls),
        static_cast<unsigned long long>(st.file_requests),
        static_cast<unsigned long long>(st.range_requests));
    if (failed.load() != 0) return 1;
  }
  std::printf("best: %.3f s for %d repos with %d threads\n", best, repos, threads);
  return 0;
}
