#!/usr/bin/env bash
# SHA-256 throughput of openness (`--hash`, bench/hash_bench.cc) beside GNU sha256sum, on files
# in the page cache: one large file (one thread each), then two files (sha256sum hashes them one
# after the other; openness hashes them at once on two threads). Prints best-of-N wall times and
# the ratios the targets are stated in. Run from the repository root after
#   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPENNESS_BENCH=ON
#   ninja -C build/bench hash_bench openness
# Usage: bench/hash_peers.sh [SIZE_MIB] [RUNS]   (default 2048 MiB per file, 5 runs)
set -euo pipefail
size_mib=${1:-2048}
runs=${2:-5}
bench=${HASH_BENCH:-build/bench/bench/hash_bench}
cli=${OPENNESS:-build/bench/openness}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Incompressible content, written once and then read into the page cache.
for f in a b; do
  head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$dir/$f.gguf"
done
cat "$dir"/*.gguf >/dev/null

# Best wall time of N runs of a command, in seconds.
best() {
  local best_s="" s e t
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    t=$(awk -v e="$e" -v s="$s" 'BEGIN { print e - s }')
    if [ -z "$best_s" ] || awk -v t="$t" -v b="$best_s" 'BEGIN { exit !(t < b) }'; then best_s=$t; fi
  done
  awk -v t="$best_s" 'BEGIN { printf "%.3f", t }'
}

bytes1=$((size_mib * 1024 * 1024))
mbs() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%.0f", b / t / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Same digests first.
[ "$(sha256sum "$dir/a.gguf" | cut -d' ' -f1)" = "$("$bench" --runs 1 "$dir/a.gguf" | head -1 | cut -d' ' -f1)" ] ||
  { echo "digests differ" >&2; exit 1; }

echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;" \
  "sha_ni: $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)"
echo "files: ${size_mib} MiB each, in the page cache; best of $runs runs"

t_sum1=$(best sha256sum "$dir/a.gguf")
t_ours1=$(best "$bench" --runs 1 --threads 1 "$dir/a.gguf")
echo "one file:  sha256sum ${t_sum1} s ($(mbs $bytes1 "$t_sum1") MB/s)" \
  " openness ${t_ours1} s ($(mbs $bytes1 "$t_ours1") MB/s)" \
  " ratio $(ratio "$t_sum1" "$t_ours1")x (target >= 0.90x)"

t_sum2=$(best sha256sum "$dir/a.gguf" "$dir/b.gguf")
t_ours2=$(best "$bench" --runs 1 --threads 2 "$dir/a.gguf" "$dir/b.gguf")
echo "two files: sha256sum ${t_sum2} s ($(mbs $((2 * bytes1)) "$t_sum2") MB/s)" \
  " openness ${t_ours2} s ($(mbs $((2 * bytes1)) "$t_ours2") MB/s)" \
  " ratio $(ratio "$t_sum2" "$t_ours2")x (target >= 1.70x)"

if [ -x "$cli" ]; then
  t_scan=$(best "$cli" scan "$dir" --hash --format json)
  echo "whole process: openness scan DIR --hash (both files) ${t_scan} s" \
    "($(mbs $((2 * bytes1)) "$t_scan") MB/s)"
fi
