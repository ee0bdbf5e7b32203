#!/usr/bin/env bash
# Installs what is missing, builds openness and runs the whole test suite.
#   scripts/test.sh          GCC, optimised (the everyday run)
#   scripts/test.sh asan     Clang with AddressSanitizer + UBSan, plus a short run of every fuzzer
# Corpus suites read ../shared when it is there and skip otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
scripts/setup.sh
cmake --workflow --preset "$preset"
