// Writes the benchmark fixtures for whole-process timing (bench/whole_process.sh).
#include <cstdio>
#include <string>

#include "fixtures.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_bench_fixtures DIR\n");
    return 64;
  }
  const std::string dir = argv[1];
  openness::bench::MakeShardedRelease(dir + "/sharded");
  openness::bench::MakeBigGguf(dir + "/big.gguf");
  std::printf("%s/sharded and %s/big.gguf written (sparse)\n", dir.c_str(), dir.c_str());
  return 0;
}
