#!/usr/bin/env bash
# Configures and builds Portico into build/ (two parallel jobs: the size of the CI machines).
# With arguments, builds only those targets (the quickstart builds what it runs, not the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${PORTICO_BUILD_TYPE:-RelWithDebInfo}" > build-configure.log 2>&1 \
    || { cat build-configure.log; exit 1; }
rm -f build-configure.log
targets=()
for target in "$@"; do
    targets+=(--target "$target")
done
cmake --build build -j"${PORTICO_BUILD_JOBS:-2}" "${targets[@]}"
