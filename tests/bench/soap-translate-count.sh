#!/usr/bin/env bash
# Instructions and heap allocations per request of the soap adapter's translation, counted under
# valgrind (so the figures do not depend on the machine's load): runs portico-soap-translate-bench
# with two iteration counts and divides the difference, which cancels the WSDL load.
#
#   tests/bench/soap-translate-count.sh [BENCH_BINARY]   (default: build/bin/portico-soap-translate-bench)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="${1:-$here/../../build/bin/portico-soap-translate-bench}"
low=200
high=1200
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

instructions() { # iterations
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" "$bench" "$1" >/dev/null 2>"$work/cg.$1.log"
    awk '/^summary:/ {print $2}' "$work/cg.$1"
}
allocations() { # iterations -> "allocs bytes"
    valgrind --tool=memcheck --leak-check=no "$bench" "$1" >/dev/null 2>"$work/mc.$1.log"
    sed -n 's/.*total heap usage: \([0-9,]*\) allocs, [0-9,]* frees, \([0-9,]*\) bytes allocated.*/\1 \2/p' \
        "$work/mc.$1.log" | tr -d ,
}

i_low=$(instructions $low)
i_high=$(instructions $high)
read -r a_low b_low <<<"$(allocations $low)"
read -r a_high b_high <<<"$(allocations $high)"
span=$((high - low))
echo "instructions per request: $(((i_high - i_low) / span))"
echo "heap allocations per request: $(((a_high - a_low) / span)) ($(((b_high - b_low) / span)) bytes)"
