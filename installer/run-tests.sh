#!/usr/bin/env bash
# Sets everything up and runs the whole test suite (unit and integration tests through CTest).
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/install-deps.sh --tests
./installer/build.sh
cd build
ctest --output-on-failure --timeout 600 -j1
