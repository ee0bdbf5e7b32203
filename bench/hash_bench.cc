// hash_bench: throughput of the SHA-256 used by `--hash` (openness/hashing.h) on real files.
//
//   hash_bench [--threads N] [--block BYTES] [--runs R] FILE...
//
// Hashes the files R times through Sha256Files (the code path of `openness scan --hash`: a
// LocalStore, one thread per file in flight) and prints the best wall time, the throughput in
// MB/s (10^6 bytes) and each digest, in sha256sum's "<hex>  <file>" form so the two can be
// compared. bench/hash_peers.sh runs it beside sha256sum.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "openness/hashing.h"

int main(int argc, char** argv) {
  openness::HashOptions options;
  int runs = 3;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--threads" || arg == "--block" || arg == "--runs") && i + 1 < argc) {
      const unsigned long v = std::strtoul(argv[++i], nullptr, 10);
      if (arg == "--threads") options.threads = static_cast<unsigned>(v);
      if (arg == "--block") options.block_bytes = v;
      if (arg == "--runs") runs = static_cast<int>(v);
    } else if (arg.starts_with("--")) {
      std::fprintf(stderr, "usage: hash_bench [--threads N] [--block BYTES] [--runs R] FILE...\n");
      return 64;
    } else {
      files.push_back(std::filesystem::absolute(arg).string());
    }
  }
  if (files.empty() || runs < 1) {
    std::fprintf(stderr, "usage: hash_bench [--threads N] [--block BYTES] [--runs R] FILE...\n");
    return 64;
  }
  uint64_t bytes = 0;
  for (const std::string& f : files) bytes += std::filesystem::file_size(f);

  // Absolute paths resolve against any root.
  auto store = openness::LocalStore("/");
  double best = 1e300;
  std::vector<openness::FileDigest> digests;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    digests = openness::Sha256Files(store.get(), files, options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    if (took.count() < best) best = took.count();
  }
  for (const openness::FileDigest& d : digests) {
    if (!d.status.ok()) {
      std::fprintf(stderr, "hash_bench: %s: %s\n", d.path.c_str(), d.status.ToString().c_str());
      return 2;
    }
    std::printf("%s  %s\n", d.sha256.c_str(), d.path.c_str());
  }
  std::printf("best of %d: %.3f s, %.0f MB/s (%llu bytes, %zu files, threads %u, block %zu)\n",
              runs, best, static_cast<double>(bytes) / best / 1e6,
              static_cast<unsigned long long>(bytes), files.size(), options.threads,
              options.block_bytes);
  return 0;
}
