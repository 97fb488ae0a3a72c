#!/usr/bin/env bash
# Runs the tests under the sanitizers, each in its own build folder (the normal build is not
# touched):
#   --asan  AddressSanitizer with UndefinedBehaviorSanitizer (build-asan): the whole suite but the
#           Windows compile check, leak detection on.
#   --tsan  ThreadSanitizer (build-tsan): the concurrent parts. The unit suites of event loops,
#           alarms and resume tokens (net, pipeline), stream and multiplexed pools (hostservices,
#           tcp), the cache, rate limiter, quotas and Redis client, the audit writer, the proxy;
#           and porticod itself, with its plugins, under the integration suites that drive it from
#           many connections and threads: proxy, tcp, cache, ratelimit, cluster, strictaudit,
#           reload and a 30-second soak.
# Every process the tests start (porticod and the plugins it loads, the demo upstream, the test
# binaries) writes its sanitizer reports to build-*/sanitizer-reports/, so a report from a
# gateway that a test stopped is not lost in that test's scratch folder. A run fails when a test
# fails or any report was written; the reports are then printed.
#
#   installer/run-sanitizers.sh [--asan] [--tsan]    (both when neither is given)
set -euo pipefail
cd "$(dirname "$0")/.."
asan=no
tsan=no
for option in "$@"; do
    case "$option" in
        --asan) asan=yes ;;
        --tsan) tsan=yes ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option $option" >&2; exit 2 ;;
    esac
done
if [ "$asan" = no ] && [ "$tsan" = no ]; then asan=yes; tsan=yes; fi

# run_sanitized FOLDER FLAGS TARGETS CTEST-SELECTION... : configures FOLDER with FLAGS, builds
# TARGETS (space-separated; empty for all), runs ctest with the selection, and checks the report
# folder.
run_sanitized() {
    local folder=$1 flags=$2 targets=$3
    shift 3
    # clang at -O1 with line tables only: the whole ASan build in about 8 minutes on two cores,
    # where g++ at -O2 -g had done a fifth in 6; the reports still name files and lines.
    CC=clang CXX=clang++ cmake -S . -B "$folder" -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only $flags" \
        -DCMAKE_C_FLAGS="-O1 -gline-tables-only $flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
        -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
    local target_options=()
    for target in $targets; do target_options+=(--target "$target"); done
    cmake --build "$folder" -j2 "${target_options[@]}"
    local reports="$PWD/$folder/sanitizer-reports"
    rm -rf "$reports"
    mkdir -p "$reports"
    local status=0
    (cd "$folder" && ctest --output-on-failure --timeout 600 -j1 "$@") || status=1
    if [ -n "$(ls -A "$reports")" ]; then
        echo "sanitizer reports in $reports:"
        for report in "$reports"/*; do
            echo "--- $report"
            head -60 "$report"
        done
        status=1
    fi
    return $status
}

# clang and its sanitizer runtimes, from Debian, when missing.
if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; else sudo=""; fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi
failed=0
if [ "$asan" = yes ]; then
    echo "== AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)"
    reports="$PWD/build-asan/sanitizer-reports"
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan" \
    ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan" \
    LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan-suppressions.txt:print_suppressions=0" \
        run_sanitized build-asan "-fsanitize=address,undefined -fno-omit-frame-pointer" "" -E '^portable\.' ||
        failed=1
fi
if [ "$tsan" = yes ]; then
    echo "== ThreadSanitizer (build-tsan)"
    # Only what the selected tests run: the SOAP unit tests, fuzz targets and benches stay unbuilt.
    tsan_targets="porticod soap tcp portico_unit_tests portico_tcp_tests portico_hostservices_tests portico_integration_tests"
    reports="$PWD/build-tsan/sanitizer-reports"
    PORTICO_SOAK_SECONDS=30 TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$reports/tsan:suppressions=$PWD/tests/sanitizers/tsan-suppressions.txt" \
        run_sanitized build-tsan "-fsanitize=thread" "$tsan_targets" \
        -R '^unit\.(net|pipeline|util|hostservices|tcp|cache|ratelimit|quota|redis|audit|proxy)$|^integration\.(proxy|tcp|cache|ratelimit|cluster|strictaudit|reload|soak)$' ||
        failed=1
fi
exit $failed
