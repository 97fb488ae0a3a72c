#!/usr/bin/env bash
# What the response store's byte budget means for the process: porticod with <cacheStore bytes>
# caches every answer of the demo upstream (~400-byte bodies), wrk asks for N distinct paths
# (N misses, each stored), and the script prints porticod's resident memory before and after,
# the store's own count (GET /admin/cache), and RSS over the budget. Not a test: it measures for
# the README.
#
#   tests/bench/cache-memory.sh [--entries N (100000)] [--budget BYTES (64MiB)] [--body BYTES (400)]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
entries=100000
budget=64MiB
body=400
while [ $# -gt 0 ]; do
    case "$1" in
        --entries) entries="$2"; shift 2 ;;
        --budget) budget="$2"; shift 2 ;;
        --body) body="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
tmp="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

"$root/build/bin/portico-demo-upstream" --port=0 > "$tmp/upstream.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q "listening on" "$tmp/upstream.out" && break; sleep 0.1; done
upstream="$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$tmp/upstream.out")"
port=18190
admin=18191
cat > "$tmp/portico.xml" <<XML
<portico>
  <server ioThreads="1">
    <listener address="127.0.0.1:$port"/>
    <admin address="127.0.0.1:$admin" token="cache-memory-bench-token-0123456789"/>
    <accessLog enabled="false"/>
  </server>
  <cacheStore bytes="$budget"/>
  <routes>
    <route name="fill" path="/*">
      <cache ttl="1d"/>
      <proxy url="http://$upstream" path="/bytes"/>
    </route>
  </routes>
</portico>
XML
"$root/build/bin/porticod" --config="$tmp/portico.xml" > "$tmp/porticod.log" 2>&1 &
gateway=$!
pids+=($gateway)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/warm?n=$body" && break; sleep 0.1; done
rss() { awk '/VmRSS/{print $2}' "/proc/$gateway/status"; }
before=$(rss)

cat > "$tmp/distinct.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  if n > $entries then n = 1 end
  return wrk.format("GET", "/p" .. n .. "?n=$body")
end
LUA
# One connection and one thread, so every path is asked once, in order, until N were asked.
seconds=$(( entries / 2000 + 10 ))
timeout $(( seconds + 30 )) wrk -t1 -c1 -d"${seconds}s" -s "$tmp/distinct.lua" "http://127.0.0.1:$port" > "$tmp/wrk.out" &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do
    stored=$(curl -s -H "Authorization: Bearer cache-memory-bench-token-0123456789" "http://127.0.0.1:$admin/admin/cache")
    count=$(echo "$stored" | sed -n 's/.*"evictions":\([0-9]*\).*/\1/p')
    entriesNow=$(echo "$stored" | sed -n 's/.*"entries":\([0-9]*\).*/\1/p')
    if [ $(( ${count:-0} + ${entriesNow:-0} )) -ge "$entries" ]; then kill "$wrk_pid" 2>/dev/null || true; break; fi
    sleep 1
done
wait "$wrk_pid" 2>/dev/null || true
after=$(rss)
store=$(curl -s -H "Authorization: Bearer cache-memory-bench-token-0123456789" "http://127.0.0.1:$admin/admin/cache")
budget_bytes=$(echo "$store" | sed -n 's/.*"budget":\([0-9]*\).*/\1/p')
echo "store: $store"
echo "porticod RSS: ${before} kB before, ${after} kB after"
awk -v rss="$after" -v base="$before" -v budget="$budget_bytes" 'BEGIN {
    printf "RSS / budget: %.3f (RSS above the empty process / budget: %.3f)\n", rss * 1024 / budget, (rss - base) * 1024 / budget }'
