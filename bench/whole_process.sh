#!/usr/bin/env bash
# Whole-process figures: wall time (hyperfine when installed) and peak RSS (/usr/bin/time) of
# `openness scan` on the sparse benchmark fixtures. Run from the repository root after
#   cmake --preset bench && cmake --build --preset bench
set -euo pipefail
bin=build/bench/openness
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
build/bench/bench/make_bench_fixtures "$dir" >/dev/null
for target in "$dir/sharded" "$dir/big.gguf"; do
  echo "== $(basename "$target")"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 30 "$bin scan $target --format json" 2>/dev/null | sed -n '2,3p'
  fi
  /usr/bin/time -f "peak RSS %M KiB, wall %e s" "$bin" scan "$target" --format json >/dev/null
done
