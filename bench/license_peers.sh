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
      openness) "$bin" license "$d/LICENSE" --format json >"$out/$expected" 2>/dev/null || true ;;
      licensee) licensee detect "$d" >"$out/$expected" 2>/dev/null || true ;;
      licensecheck)
        licensecheck --check='.*' --shortname-scheme=spdx "$d/LICENSE" >"$out/$expected" \
          2>/dev/null || true ;;
    esac
  done
  end=$(now)
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
  echo "$correct $files $(((end - start) / 1000000))"
}

echo "| tool | set | correct | files | total ms | ms per file |"
echo "|---|---|---|---|---|---|"
for set in os ai; do
  [ -n "$(ls "$work/$set")" ] || continue
  for tool in openness licensee licensecheck; do
    read -r ok n ms < <(run_tool "$tool" "$set")
    printf '| %s | %s | %d | %d | %d | %s |\n' "$tool" "$set" "$ok" "$n" "$ms" \
      "$(python3 -c "print(f'{$ms/$n:.1f}')")"
  done
done

# Cold start: process start to answer, on a typical text (the Llama 3.1 license when the corpus
# is there, else the example's MIT license).
typical=examples/tiny-release/LICENSE
[ -f "$shared/llama3_1-community-license.txt" ] && typical="$shared/llama3_1-community-license.txt"
runs=50
"$bin" license "$typical" >/dev/null
start=$(now)
for _ in $(seq $runs); do "$bin" license "$typical" >/dev/null; done
end=$(now)
echo
echo "cold start, \`openness license $(basename "$typical")\`: $(python3 -c "print(f'{($end-$start)/1e6/$runs:.2f}')") ms per run (mean of $runs)"
