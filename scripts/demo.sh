#!/usr/bin/env bash
# Installs what is missing, builds openness, and audits the bundled example release.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target openness
build/release/openness scan examples/tiny-release "$@"
