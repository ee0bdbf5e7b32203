#!/usr/bin/env bash
# License identification side by side: openness, GitHub's licensee (Debian ruby-licensee) and
# Debian's licensecheck, on the same files, each run as a whole process per file as a user would.
#
#   open-source set: the SPDX list's text of every license licensee knows (the spdx-id of each
#                    choosealicense.com entry it bundles), from the npm spdx-license-list
#                    package that scripts/setup.sh installs;
#   AI set:          the texts of ../shared/corpus/licenses/texts (when present), which neither
#                    peer knows;
#   cold start:      `openness license FILE` from process start to answer.
#
# Run from the repository root after building (default build/release; BIN=... to change):
#   cmake --preset release && cmake --build --preset release
#   bench/license_peers.sh
# Installs ruby-licensee and licensecheck with apt-get when they are missing. Prints a Markdown
# table (docs/benchmarks.md has the last figures).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${BIN:-build/release/openness}"
spdx_dir=third_party/npm/node_modules/spdx-license-list/licenses
shared=../shared/corpus/licenses/texts
[ -x "$bin" ] || { echo "license_peers: build $bin first" >&2; exit 2; }
[ -d "$spdx_dir" ] || { echo "license_peers: run scripts/setup.sh (spdx-license-list)" >&2; exit 2; }

missing=()
command -v licensee >/dev/null || missing+=(ruby-licensee)
command -v licensecheck >/dev/null || missing+=(licensecheck)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
gem_dir=$(ls -d /usr/share/rubygems-integration/all/gems/licensee-* | head -1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The open-source set: <id>/LICENSE with the SPDX text, expected answer = the SPDX id.
mkdir -p "$work/os"
for f in "$gem_dir"/vendor/choosealicense.com/_licenses/*.txt; do
  id=$(sed -n 's/^spdx-id: *//p' "$f" | head -1)
  [ -f "$spdx_dir/$id.json" ] || continue
  mkdir -p "$work/os/$id"
  python3 -c 'import json,sys; sys.stdout.write(json.load(open(sys.argv[1]))["licenseText"])' \
    "$spdx_dir/$id.json" > "$work/os/$id/LICENSE"
done
# The AI set: expected answer = "an AI license" (any identification counts for ours; the peers
# are scored on whether they claim a license at all, which would be wrong).
mkdir -p "$work/ai"
if [ -d "$shared" ]; then
  for f in "$shared"/*.txt; do
    name=$(basename "$f" .txt)
    case "$name" in apache-2.0|deepseek-r1-mit|cc-by-nc-4.0|openmdw-1.0) continue ;; esac
    mkdir -p "$work/ai/$name"
    cp "$f" "$work/ai/$name/LICENSE"
  done
fi

now() { date +%s%N; }
lower() { tr '[:upper:]' '[:lower:]'; }

# One tool over one set: prints "files correct total_ms".
# Each tool's raw answer per file is stored inside the timed loop and parsed after it, so the
# times hold the tools' own work only (no JSON parsing by python3 per file).
run_tool() {
  local tool=$1 set=$2 correct=0 files=0 start end answer expected out="$work/out/$1-$2"
  mkdir -p "$out"
  start=$(now)
  for d in "$work/$set"/*/; do
    expected=$(basename "$d")
    case "$tool" in
      loop) /bin/true "$d/LICENSE" --format json >"$out/$expected" 2>/dev/null || true ;;
      openness) "$bin" license "$d/LICENSE" --format json >"$out/$expected" 2>/dev/null || true ;;
      licensee) licensee detect "$d" >"$out/$expected" 2>/dev/null || true ;;
      licensecheck)
        licensecheck --check='.*' --shortname-scheme=spdx "$d/LICENSE" >"$out/$expected" \
          2>/dev/null || true ;;
    esac
  done
  end=$(now)
  if [ "$tool" = loop ]; then
    echo "0 0 $(((end - start) / 1000))"
    return
  fi
  for d in "$work/$set"/*/; do
    expected=$(basename "$d")
    files=$((files + 1))
    case "$tool" in
      openness)
        answer=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"]; print((m[0]["spdx"] or m[0]["key"]) if m else "none")' "$out/$expected" 2>/dev/null || echo none) ;;
      licensee) answer=$(sed -n 's/^License: *//p' "$out/$expected" | head -1) ;;
      licensecheck) answer=$(sed 's/^[^:]*: *//' "$out/$expected" | head -1) ;;
    esac
    if [ "$set" = os ]; then
      # choosealicense.com keeps the deprecated ids (GPL-2.0); their texts are those of the
      # current "-only" ids, so either answer is right.
      [ "$(echo "$answer" | lower | sed 's/-only$//')" = "$(echo "$expected" | lower)" ] &&
        correct=$((correct + 1))
    else
      case "$tool" in
        openness) [ "$answer" != none ] && correct=$((correct + 1)) ;;
        *) case "$(echo "$answer" | lower)" in ""|none|noassertion|other|unknown|"*no copyright* unknown"|"unknown"*) correct=$((correct + 1)) ;; esac ;;
      esac
    fi
  done
  echo "$correct $files $(((end - start) / 1000))"
}

# Each figure is the whole loop; "net" takes away the loop's own cost per file (the same loop
# running /bin/true with the same arguments and redirections: a fork of the shell and an exec),
# which is most of openness's figure on a machine where process creation is slow.
echo "| tool | set | correct | files | total ms | ms per file | net ms per file | net vs openness |"
echo "|---|---|---|---|---|---|---|---|"
for set in os ai; do
  [ -n "$(ls "$work/$set")" ] || continue
  read -r _ _ loop_us < <(run_tool loop "$set")
  ours=""
  for tool in openness licensee licensecheck; do
    read -r ok n us < <(run_tool "$tool" "$set")
    read -r per net ratio < <(python3 -c "
n, us, loop = $n, $us, $loop_us
net = max(us - loop, 0) / n / 1000
ours = float('${ours:-0}') or net
print(f'{us / n / 1000:.1f} {net:.1f} {net / ours:.0f}x')")
    [ "$tool" = openness ] && ours=$net
    printf '| %s | %s | %d | %d | %d | %s | %s | %s |\n' "$tool" "$set" "$ok" "$n" "$((us / 1000))" \
      "$per" "$net" "$ratio"
  done
  echo "| (the loop itself) | $set | | $n | $((loop_us / 1000)) | $(python3 -c "print(f'{$loop_us / $n / 1000:.1f}')") | | |"
done

# Cold start: process start to answer, on a typical text (the Llama 3.1 license when the corpus
# is there, else the example's MIT license).
typical=examples/tiny-release/LICENSE
[ -f "$shared/llama3_1-community-license.txt" ] && typical="$shared/llama3_1-community-license.txt"
runs=50
echo
if command -v hyperfine >/dev/null; then
  # hyperfine -N starts the process itself: no shell in the figure.
  hyperfine -N -w 5 -r 50 --export-json "$work/cold.json" "$bin license $typical" \
    "licensee detect examples/tiny-release" >/dev/null
  python3 - "$work/cold.json" "$(basename "$typical")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, theirs = r[0]["mean"] * 1e3, r[1]["mean"] * 1e3
print(f"cold start, `openness license {sys.argv[2]}`: {ours:.2f} ms ± {r[0]['stddev'] * 1e3:.2f} "
      f"(hyperfine, 50 runs); `licensee detect` on the example's MIT license: {theirs:.1f} ms "
      f"({theirs / ours:.0f}x)")
PY
else
  "$bin" license "$typical" >/dev/null
  start=$(now)
  for _ in $(seq $runs); do "$bin" license "$typical" >/dev/null; done
  end=$(now)
  echo "cold start, \`openness license $(basename "$typical")\`: $(python3 -c "print(f'{($end-$start)/1e6/$runs:.2f}')") ms per run (mean of $runs, shell loop included)"
fi
