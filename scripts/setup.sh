#!/usr/bin/env bash
# Installs everything openness needs to build and test on Debian 12. Idempotent: packages that
# are already present are skipped, so a second run costs a few dpkg queries.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  libre2-dev libmd4c-dev libmd4c-html0-dev libutf8proc-dev libssl-dev
  libcurl4-openssl-dev libcpp-httplib-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libtomlplusplus-dev  # the policy file of `openness check` (src/policy.cc, header-only)
  libxml2-utils        # xmllint: the JUnit output tests parse the XML they check
  chromium  # tests/html_browser_test.cc renders the HTML report headless
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#packages[@]} packages present"
fi

# Node.js and npm, for the pinned npm packages below (data and test tools, never linked into the
# binary). Debian's packages, only when no npm is on the PATH already (a NodeSource nodejs brings
# its own npm and conflicts with Debian's).
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing nodejs npm"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm ||
    echo "setup: nodejs/npm could not be installed; the npm-based steps below are skipped" >&2
fi

# The SPDX license list (ids, names, OSI flags, full texts) for the license matcher's index. It is
# compiled into the binary at build time and never copied into the repository. Pinned version, in
# a git-ignored folder; skipped when already there. Without it the build still works, with the AI
# license fingerprints of data/license-fingerprints.tsv only.
spdx_version=6.12.0
spdx_dir="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm"
spdx_pkg="$spdx_dir/node_modules/spdx-license-list/package.json"
if [ -f "$spdx_pkg" ] && grep -q "\"version\": \"$spdx_version\"" "$spdx_pkg"; then
  echo "setup: spdx-license-list $spdx_version present"
elif command -v npm >/dev/null; then
  echo "setup: installing spdx-license-list $spdx_version into $spdx_dir"
  mkdir -p "$spdx_dir"
  npm install --prefix "$spdx_dir" --no-audit --no-fund --no-save --silent \
    "spdx-license-list@$spdx_version" ||
    echo "setup: npm install failed; the license index will hold the AI fingerprints only" >&2
else
  echo "setup: npm not found; the license index will hold the AI fingerprints only" >&2
fi

# The SARIF 2.1.0 JSON schema (OASIS final, rtm.5) for the tests of `openness check --format
# sarif`: the npm package @microsoft/jest-sarif ships it (lib/schemas/sarif-2.1.0-rtm.5.json)
# with the ajv 6 validator it depends on (ajv 6 still reads draft-04, the schema's dialect; only
# these two files are used). Pinned, in its own git-ignored prefix: `npm install --no-save`
# removes every package of its prefix that it was not asked for, so each pinned npm install here
# keeps a folder of its own. Without it the SARIF tests fall back to their structural checks.
sarif_version=1.0.0-beta.0
sarif_dir="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm/sarif"
sarif_pkg="$sarif_dir/node_modules/@microsoft/jest-sarif/package.json"
if [ -f "$sarif_pkg" ] && grep -q "\"version\": \"$sarif_version\"" "$sarif_pkg"; then
  echo "setup: @microsoft/jest-sarif $sarif_version (SARIF schema) present"
elif command -v npm >/dev/null; then
  echo "setup: installing @microsoft/jest-sarif $sarif_version (SARIF schema) into $sarif_dir"
  mkdir -p "$sarif_dir"
  npm install --prefix "$sarif_dir" --no-audit --no-fund --no-save --silent \
    "@microsoft/jest-sarif@$sarif_version" ||
    echo "setup: npm install failed; SARIF output is checked structurally only" >&2
else
  echo "setup: npm not found; SARIF output is checked structurally only" >&2
fi

# The official CycloneDX JSON schemas (res/schema/ of @cyclonedx/cyclonedx-library) and the ajv
# validator with ajv-formats, for tests/bom_schema_test.cc, which validates every CycloneDX BOM
# the tests generate with tests/validate_cyclonedx.js. Pinned, in a git-ignored prefix of its own
# (see above); without them the schema test skips with a message.
cdx_version=10.3.0
ajv_version=8.20.0
ajv_formats_version=3.0.1
cdx_dir="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm/cyclonedx"
cdx_have() {  # package version
  local pkg="$cdx_dir/node_modules/$1/package.json"
  [ -f "$pkg" ] && grep -q "\"version\": \"$2\"" "$pkg"
}
if cdx_have @cyclonedx/cyclonedx-library "$cdx_version" && cdx_have ajv "$ajv_version" &&
    cdx_have ajv-formats "$ajv_formats_version"; then
  echo "setup: @cyclonedx/cyclonedx-library $cdx_version, ajv $ajv_version present"
elif command -v npm >/dev/null; then
  echo "setup: installing @cyclonedx/cyclonedx-library $cdx_version, ajv, ajv-formats into $cdx_dir"
  mkdir -p "$cdx_dir"
  npm install --prefix "$cdx_dir" --no-audit --no-fund --no-save --silent \
    "@cyclonedx/cyclonedx-library@$cdx_version" "ajv@$ajv_version" \
    "ajv-formats@$ajv_formats_version" ||
    echo "setup: npm install failed; the CycloneDX schema test will skip" >&2
else
  echo "setup: npm not found; the CycloneDX schema test will skip" >&2
fi
