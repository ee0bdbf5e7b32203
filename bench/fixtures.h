// Benchmark fixtures: large sparse model releases that take no disk space.
#ifndef OPENNESS_BENCH_FIXTURES_H_
#define OPENNESS_BENCH_FIXTURES_H_

#include <string>

namespace openness::bench {

/// dir/: 4 safetensors shards of 5 GB each (sparse; real headers of 291 tensors each),
/// model.safetensors.index.json, README.md with front matter, LICENSE.
void MakeShardedRelease(const std::string& dir);

/// path: a 40 GB sparse GGUF v3 file with 30,000 metadata entries (plus a 32,000-token
/// vocabulary array) and 291 tensor infos.
void MakeBigGguf(const std::string& path);

}  // namespace openness::bench

#endif  // OPENNESS_BENCH_FIXTURES_H_
