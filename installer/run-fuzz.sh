#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address and undefined-behaviour sanitizers) in
# build-fuzz and runs each for a bounded time on a scratch copy of its corpus, so the repository's
# corpora stay as they are. Fails when any target finds a crash, leak, sanitizer report or broken
# property; the input is then in build-fuzz/findings/. Prints the executions of each target.
#
#   installer/run-fuzz.sh [--seconds N (default 60)] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
if [ "${1:-}" = "--seconds" ]; then
    seconds="$2"
    shift 2
fi
# target:corpus folders (comma-separated):max_len
all=(
    "HttpHeadFuzzer:http-request,http-response:4096"
    "PathNormalizerFuzzer:path:1024"
    "RouterFuzzer:routing:1024"
    "CacheHeaderFuzzer:cache-header:1024"
    "CacheKeyFuzzer:cache-key:4096"
    "CredentialsFuzzer:credentials:4096"
    "ConfigFuzzer:config:8192"
    "FrameDecoderFuzzer:framing:512"
    "Iso8583Fuzzer:iso8583:512"
    "Hl7Fuzzer:hl7:2048"
    "FixedCodecFuzzer:fixed:512"
    "SoapReplyFuzzer:soap-reply:2048"
    "SoapRequestFuzzer:soap-request:2048"
    "WsdlFuzzer:wsdl:8192"
)
wanted=("$@")
# clang and its sanitizer and libFuzzer runtimes, from Debian, when missing.
if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed"; then
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; else sudo=""; fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev
fi
CXX=clang++ cmake -S . -B build-fuzz -DPORTICO_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=()
for entry in "${all[@]}"; do
    name="${entry%%:*}"
    if [ ${#wanted[@]} -eq 0 ] || [[ " ${wanted[*]} " == *" $name "* ]]; then targets+=("$name"); fi
done
cmake --build build-fuzz -j2 --target "${targets[@]}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p build-fuzz/findings
failed=0
for entry in "${all[@]}"; do
    IFS=: read -r name corpora max_len <<< "$entry"
    [[ " ${targets[*]} " == *" $name "* ]] || continue
    work="$scratch/$name"
    mkdir -p "$work"
    IFS=, read -r -a folders <<< "$corpora"
    for folder in "${folders[@]}"; do cp tests/fuzz/corpus/"$folder"/* "$work"/; done
    log="build-fuzz/findings/$name.log"
    if (cd build-fuzz/findings && "../bin/$name" -max_total_time="$seconds" -max_len="$max_len" \
            -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work" >"$name.log" 2>&1); then
        echo "$name: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") inputs in ${seconds}s, no finding"
    else
        failed=1
        echo "$name: FINDING (see $log and build-fuzz/findings/crash-* or leak-*)"
        grep -E "^(==[0-9]+==ERROR|SUMMARY|[A-Za-z]+Fuzzer: )" "$log" | head -5 || true
    fi
done
exit $failed
