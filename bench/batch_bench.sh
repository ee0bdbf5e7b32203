#!/bin/sh
# Whole-process batch throughput: `openness scan --from LIST --format json -j N` over the corpus
# model cards (one release per folder under ../shared/corpus/cards/<family>/), timed with
# hyperfine when present (else `time`). Usage: bench/batch_bench.sh [BUILD_DIR] [JOBS...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/bench}
[ $# -gt 0 ] && shift
jobs=${*:-1 2}
bin=$build/openness
cards=$here/../shared/corpus/cards
[ -x "$bin" ] || { echo "batch_bench.sh: build $bin first (cmake --preset bench)" >&2; exit 2; }
[ -d "$cards" ] || { echo "batch_bench.sh: $cards is absent" >&2; exit 2; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$cards" -mindepth 2 -maxdepth 2 -type d | sort > "$list"
n=$(wc -l < "$list")
echo "batch_bench.sh: $n releases"
for j in $jobs; do
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 1 --runs 5 -N --export-json /dev/null \
      "$bin scan --from $list --format json -j $j" --output=null 2>&1 | sed -n '1,4p'
  else
    /usr/bin/time -f "-j $j: %e s, %M KB peak RSS" "$bin" scan --from "$list" --format json -j "$j" >/dev/null 2>/dev/null
  fi
done
