#!/usr/bin/env bash
# A fuzzing campaign: every libFuzzer target in fuzz/ for SECONDS each (default 600), JOBS at a
# time (default: the number of cores), from the sanitizer build:
#
#   cmake --preset asan && cmake --build --preset asan
#   scripts/fuzz.sh [SECONDS] [JOBS] [TARGET...]
#
# Each target starts from its seed corpus (fuzz/corpus/<name>/, read only) and its dictionary
# (fuzz/<name>.dict) when there is one; new inputs go to build/asan/fuzz-campaign/<name>/corpus,
# crashes, leaks and timeouts to build/asan/fuzz-campaign/<name>/ (crash-*, leak-*, timeout-*).
# Once a crash is fixed, keep its input as fuzz/corpus/<name>/regression-<what> so the CTest
# smoke run replays it. Prints executions and findings per target; exits 1 when any target
# found something.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
jobs="${2:-$(nproc)}"
shift $(($# > 2 ? 2 : $#))
build=build/asan
out="$build/fuzz-campaign"
[ -d "$build/fuzz" ] || { echo "fuzz.sh: build the asan preset first" >&2; exit 2; }

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*_fuzz.cc; do targets+=("$(basename "$f" .cc)"); done
fi

run_one() {  # target
  local target=$1 name=${1%_fuzz} dir="$out/${1%_fuzz}"
  mkdir -p "$dir/corpus"
  local args=(-max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10
              -print_final_stats=1 -artifact_prefix="$dir/")
  [ -f "fuzz/$name.dict" ] && args+=(-dict="fuzz/$name.dict")
  local seeds=()
  [ -d "fuzz/corpus/$name" ] && seeds+=("fuzz/corpus/$name")
  "$build/fuzz/$target" "${args[@]}" "$dir/corpus" "${seeds[@]}" >"$dir/log" 2>&1 || true
  local execs found
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  found=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  printf '%-28s %12s executions  %d finding(s)  %s\n' "$target" "${execs:-?}" "$found" "$dir/log"
}
export -f run_one
export build out seconds

printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}' | tee "$out.summary"
! grep -qv ' 0 finding(s)' "$out.summary"
