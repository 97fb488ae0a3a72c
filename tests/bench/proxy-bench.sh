#!/usr/bin/env bash
# Runs the shared proxy benchmark (nginx beside porticod in the same run) with porticod proxying
# to the benchmark's backend, and samples porticod's resident memory every 5 s so a long run
# shows whether it stays flat. Not a test: it measures, and its figures go into the README.
#
#   tests/bench/proxy-bench.sh [proxy-bench.sh options, e.g. --duration 10 --connections 16,64,256]
#
# Environment: PORTICO_BENCH_LOOPS (event loops, default 1), PORTICO_BENCH_PORT (default 18090),
# PORTICO_BENCH_ACCESS_LOG (default /dev/null; the access log is still formatted and written),
# PORTICO_BENCH_CONFIG (default bench-gateway.xml; bench-cache.xml caches every answer, so the
# load measures cache hits against nginx's direct "return 200").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${PORTICO_PROXY_BENCH:-$root/../shared/bench/proxy-bench.sh}"
port="${PORTICO_BENCH_PORT:-18090}"
rss_log="${TMPDIR:-/tmp}/porticod-bench-rss.log"
: > "$rss_log"

# porticod in the foreground, plus a sampler of its RSS that ends with it.
gateway_cmd="'$root/build/bin/porticod' --config='${PORTICO_BENCH_CONFIG:-$here/bench-gateway.xml}' & pid=\$!; \
  (while kill -0 \$pid 2>/dev/null; do echo \"\$(date +%s) \$(awk '/VmRSS/{print \$2}' /proc/\$pid/status 2>/dev/null)\" >> '$rss_log'; sleep 5; done) & \
  wait \$pid"

"$bench" --gateway-cmd "$gateway_cmd" --gateway-url "http://127.0.0.1:$port/api/test" "$@"
echo "porticod RSS samples (epoch kB) in $rss_log:"
awk 'NF==2 && $2!="" {print "  " $0}' "$rss_log" | head -n 3
echo "  ..."
awk 'NF==2 && $2!="" {print "  " $0}' "$rss_log" | tail -n 3
