#!/usr/bin/env bash
# REST-through-Portico-to-fixed-width-TCP against speaking the raw protocol to the same peer, in one
# run. The peer is portico-tcp-bench-peer: the "mainframe" balance enquiry of tests/demo/tcp (2-byte
# big-endian length, IBM037 records) on one epoll thread, answering every account at once, so it is
# never the bottleneck. porticod fronts it with the tcp adapter and the "balance" route's exact layout
# from etc/portico.xml. Two clients, one thread each, N connections each:
#   - wrk to porticod:                       GET /api/accounts/12345/balance (REST -> TCP -> JSON);
#   - portico-tcp-bench-client to the peer:  the same 14-byte record, framed, and its 28-byte reply.
# Rounds alternate the order. Prints requests/s and latency percentiles for both and the ratios, and
# the CPU time each process spent per request (user + system, from /proc and the shell's `times`):
# on a machine where clients, gateway and peer share the cores, those sums bound the ratio.
#
#   tests/bench/tcp-bench.sh [--duration 10] [--connections 64] [--rounds 3]
#
# Builds nothing: the peer and the client are build/bin/portico-tcp-bench-{peer,client} (target of
# tests/bench/CMakeLists.txt; PORTICO_BENCH_BIN points elsewhere).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PORTICO_BENCH_BIN:-$root/build/bin}"
duration=10
connections=64
rounds=3
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
for program in "$bin/portico-tcp-bench-peer" "$bin/portico-tcp-bench-client" "$root/build/bin/porticod" \
               "$root/build/plugins/tcp.so"; do
    [ -e "$program" ] || { echo "missing $program: build first (tests/bench is built with the tests)" >&2; exit 2; }
done

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
gateway_port=$(free_port)

# The peer picks its own port and says which; wait for that line rather than racing for a free one.
"$bin/portico-tcp-bench-peer" > "$work/peer.log" 2>&1 & pids+=($!)
peer_pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/peer.log" && break
    sleep 0.05
done
peer_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/peer.log")
[ -n "$peer_port" ] || { echo "the peer did not start:" >&2; cat "$work/peer.log" >&2; exit 1; }

# The plugin loader refuses a module in a group- or other-writable file or folder.
mkdir -p "$work/plugins"
cp "$root/build/plugins/tcp.so" "$work/plugins/"
chmod 755 "$work/plugins" "$work/plugins/tcp.so"
cat > "$work/portico.xml" <<XML
<portico>
  <server ioThreads="1">
    <listener address="127.0.0.1:$gateway_port"/>
    <accessLog path="/dev/null"/>
  </server>
  <plugins directory="$work/plugins"/>
  <routes>
    <route name="balance" path="/api/accounts/{account}/balance" methods="GET">
      <adapter type="tcp">
        <endpoint>127.0.0.1:$peer_port</endpoint>
        <framing type="length-prefix" bytes="2" byteOrder="big"/>
        <charset>IBM037</charset>
        <request codec="fixed">
          <field name="txn" length="4" value="BAL1"/>
          <field name="account" length="10" align="right" pad="0"/>
        </request>
        <response codec="fixed">
          <field name="rc" length="2" type="int"/>
          <field name="account" length="10"/>
          <field name="balance" length="13" type="decimal" scale="2" align="right" pad="0"/>
          <field name="currency" length="3"/>
        </response>
        <pool size="64" connectTimeout="2s" timeout="5s"/>
      </adapter>
    </route>
  </routes>
</portico>
XML
"$root/build/bin/porticod" --config="$work/portico.xml" > "$work/porticod.log" 2>&1 & pids+=($!)
gateway_pid=$!

for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && break
    sleep 0.1
done
url="http://127.0.0.1:$gateway_port/api/accounts/12345/balance"
check=$(curl -s "$url" || true)
echo "check: $check"
# A gateway that answers errors quickly would look fast; measure only one that really translates.
python3 -c 'import json, sys; d = json.loads(sys.argv[1]); sys.exit(0 if d.get("rc") == 0 and d.get("account") == "0000012345" else 1)' "$check" 2>/dev/null || {
    echo "porticod did not answer the balance as JSON; its log:" >&2; cat "$work/porticod.log" >&2; exit 1; }

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system clock ticks of a process
# The CPU seconds of the commands a subshell ran, from the second line of its `times`.
children_seconds() { awk 'NR == 2 { t = 0; for (i = 1; i <= 2; ++i) { split($i, a, "m"); t += a[1] * 60 + a[2] } print t }' "$1"; }
per_request_us() { python3 -c 'import sys; print("%.1f" % (eval(sys.argv[1]) * 1e6 / float(sys.argv[2])))' "$1" "$2"; }

run_portico() {
    local g0 p0 g1 p1
    g0=$(ticks "$gateway_pid"); p0=$(ticks "$peer_pid")
    ( wrk -t1 -c"$connections" -d"${duration}s" --latency "$url" > "$work/portico.txt" 2>&1; times > "$work/times.txt" )
    g1=$(ticks "$gateway_pid"); p1=$(ticks "$peer_pid")
    if grep -q 'Non-2xx' "$work/portico.txt"; then
        echo "porticod answered errors during the run:" >&2; cat "$work/portico.txt" >&2; exit 1
    fi
    local rps p50 p99 count
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/portico.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/portico.txt")
    p99=$(awk '$1=="99%" {print $2}' "$work/portico.txt")
    count=$(awk '/requests in/ {print $1}' "$work/portico.txt")
    echo "portico $rps $p50 $p99 $(per_request_us "$(children_seconds "$work/times.txt")" "$count")" \
         "$(per_request_us "$(( g1 - g0 ))/$hz" "$count")" "$(per_request_us "$(( p1 - p0 ))/$hz" "$count")"
}
run_raw() {
    local p0 p1
    p0=$(ticks "$peer_pid")
    # The client exits non-zero on any missing or wrong reply, which ends the benchmark.
    ( "$bin/portico-tcp-bench-client" --host 127.0.0.1 --port "$peer_port" --connections "$connections" \
        --duration "$duration" > "$work/raw.txt" 2>&1 || { cat "$work/raw.txt" >&2; exit 1; }
      times > "$work/times.txt" ) || exit 1
    p1=$(ticks "$peer_pid")
    local rps count
    rps=$(awk '$1=="raw" {print $3}' "$work/raw.txt")
    count=$(python3 -c "print(float('$rps') * $duration)")
    awk '$1=="raw" {printf "raw %s %sus %sus", $3, $5, $7}' "$work/raw.txt"
    echo " $(per_request_us "$(children_seconds "$work/times.txt")" "$count") 0" \
         "$(per_request_us "$(( p1 - p0 ))/$hz" "$count")"
}
results=()
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order="raw portico"; else order="portico raw"; fi
    for target in $order; do
        if [ "$target" = raw ]; then line=$(run_raw); else line=$(run_portico); fi
        echo "round $round: $line"
        results+=("$line")
    done
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
def us(v):
    return float(v[:-2])*1000 if v.endswith("ms") else float(v[:-2]) if v.endswith("us") else float(v[:-1])*1e6
rows = {}
for line in sys.stdin:
    name, rps, p50, p99, client, gateway, peer = line.split()
    rows.setdefault(name, []).append((float(rps), us(p50), us(p99), float(client), float(gateway), float(peer)))
r = [statistics.median(x[i] for x in rows["raw"]) for i in range(6)]
p = [statistics.median(x[i] for x in rows["portico"]) for i in range(6)]
print("raw     TCP             rps %.0f  p50 %.0f us  p99 %.0f us" % tuple(r[:3]))
print("portico REST->TCP->REST rps %.0f  p50 %.0f us  p99 %.0f us" % tuple(p[:3]))
print("ratio portico/raw rps: %.3f" % (p[0] / r[0]))
print("added latency p50: %.0f us, p99: %.0f us" % (p[1] - r[1], p[2] - r[2]))
print("CPU us per request: raw client %.1f + peer %.1f = %.1f;  wrk %.1f + porticod %.1f + peer %.1f = %.1f"
      % (r[3], r[5], r[3] + r[5], p[3], p[4], p[5], p[3] + p[4] + p[5]))
'
