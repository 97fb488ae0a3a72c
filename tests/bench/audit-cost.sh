#!/usr/bin/env bash
# What the audit log costs: three porticod processes, identical but for <audit> (none, async,
# strict), proxy to the same nginx backend, and wrk loads each in interleaved rounds (the order
# rotates), so all three see the same machine. Reports requests/s, porticod's CPU time per request
# (all its threads: the audit writer too) and p99 for each, medians over the rounds, their ratios
# to the gateway without audit, and the group-commit batch sizes strict mode saw (from /metrics).
# The audit databases are on the disk of the current folder's file system, since strict mode waits
# for fsync. Not a test: it measures for the README.
#
# By default every process shares every core, as in proxy-bench.sh: the writer thread then runs on
# whatever core is free, as it would on a server. --pin-gateway confines each gateway (its event
# loop and its writer) to core 0 and wrk and the backend to core 1: the worst case, in which every
# microsecond the writer spends is one the event loop loses.
#
#   tests/bench/audit-cost.sh [--duration S] [--rounds R] [--connections N] [--bodies none|redacted|full]
#                             [--pin-gateway]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/bench-common.sh"
duration=10
rounds=3
connections=64
bodies=none
pin=no
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --bodies) bodies="$2"; shift 2 ;;
        --pin-gateway) pin=yes; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
gateway_cpu=""
client_cpu=""
if [ "$pin" = yes ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    gateway_cpu="taskset -c 0"
    client_cpu="taskset -c 1"
fi
for tool in nginx wrk curl; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx wrk curl)" >&2; exit 1; }
done

tmp="$(mktemp -d "$PWD/audit-cost.XXXXXX")"

backend_port=$(free_port)
$client_cpu nginx -c "$(backend_config "$tmp" "$backend_port")" -p "$tmp" & pids+=($!)

declare -A port pid admin
for kind in off async strict; do
    port[$kind]=$(free_port)
    admin[$kind]=$(free_port)
    audit=""
    [ "$kind" != off ] && audit="<audit database=\"$tmp/$kind.db\" mode=\"$kind\" bodies=\"$bodies\"/>"
    cat > "$tmp/$kind.xml" <<CONF
<portico>
  <server ioThreads="1">
    <listener address="127.0.0.1:${port[$kind]}"/>
    <admin address="127.0.0.1:${admin[$kind]}" token="bench-admin-token-0123456789"/>
    <limits idleTimeout="120s"/>
    <accessLog path="/dev/null"/>
  </server>
  $audit
  <upstreams>
    <upstream name="backend" maxIdle="1024"><target url="http://127.0.0.1:$backend_port"/></upstream>
  </upstreams>
  <routes><route name="bench" path="/*"><proxy upstream="backend"/></route></routes>
</portico>
CONF
    $gateway_cpu "$root/build/bin/porticod" --config="$tmp/$kind.xml" > "$tmp/$kind.log" 2>&1 &
    pid[$kind]=$!
    pids+=(${pid[$kind]})
done
for kind in off async strict; do
    for _ in $(seq 1 300); do
        curl -fs "http://127.0.0.1:${port[$kind]}/x" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fs "http://127.0.0.1:${port[$kind]}/x" >/dev/null || { cat "$tmp/$kind.log"; exit 1; }
done

ticks=$(getconf CLK_TCK)
# CPU ticks of every thread of the process (user, system).
# One wrk run: "requests/s cpu-µs-per-request p99-ms".
run() {
    local kind=$1 before after out requests rps p99
    before=$(cpu_ticks "${pid[$kind]}")
    out=$($client_cpu wrk --latency -t1 -c"$connections" -d"${duration}s" "http://127.0.0.1:${port[$kind]}/x")
    after=$(cpu_ticks "${pid[$kind]}")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | wrk_p99_ms)
    echo "$before $after" | awk -v r="$rps" -v n="$requests" -v hz="$ticks" -v p="$p99" \
        '{ total = $3 - $1 + $4 - $2; printf "%.1f %.2f %.2f\n", r, (total / hz) * 1e6 / n, p }'
}

for kind in off async strict; do
    wrk -t1 -c"$connections" -d2s "http://127.0.0.1:${port[$kind]}/x" >/dev/null
done
: > "$tmp/results"
orders=("off async strict" "async strict off" "strict off async")
for round in $(seq 1 "$rounds"); do
    for kind in ${orders[$(( (round - 1) % 3 ))]}; do
        echo "$round $kind $(run "$kind")" | tee -a "$tmp/results"
        sleep 1
    done
done

for kind in off async strict; do
    rps=$(awk -v k=$kind '$2 == k {print $3}' "$tmp/results" | median)
    cpu=$(awk -v k=$kind '$2 == k {print $4}' "$tmp/results" | median)
    p99=$(awk -v k=$kind '$2 == k {print $5}' "$tmp/results" | median)
    echo "$kind: median $rps requests/s, $cpu µs CPU per request (every thread), p99 $p99 ms"
done
for kind in async strict; do
    ratio=$(awk -v k=$kind '{ v[$1 " " $2] = $3 } END { for (r = 1; (r " off") in v; ++r) print v[r " " k] / v[r " off"] }' "$tmp/results" | median)
    cpu=$(awk -v k=$kind '{ v[$1 " " $2] = $4 } END { for (r = 1; (r " off") in v; ++r) print v[r " " k] / v[r " off"] }' "$tmp/results" | median)
    echo "ratio $kind/off requests/s: $ratio; CPU per request: $cpu"
done
# The group commits strict mode made: how many rows each carried.
metrics=$(curl -fs -H "Authorization: Bearer bench-admin-token-0123456789" "http://127.0.0.1:${admin[strict]}/metrics")
echo "strict: rows per commit (cumulative buckets, le=rows):"
echo "$metrics" | sed -n 's/^portico_audit_commit_rows_bucket{le="\([^"]*\)"} \(.*\)$/  <= \1: \2/p'
echo "$metrics" | awk '/^portico_audit_commit_rows_(sum|count)/ { v[$1] = $2 } END { if (v["portico_audit_commit_rows_count"] > 0) printf "  mean %.1f rows per commit over %d commits\n", v["portico_audit_commit_rows_sum"] / v["portico_audit_commit_rows_count"], v["portico_audit_commit_rows_count"] }'
async_metrics=$(curl -fs -H "Authorization: Bearer bench-admin-token-0123456789" "http://127.0.0.1:${admin[async]}/metrics")
echo "$async_metrics" | awk '/^portico_audit_commit_rows_(sum|count)/ { v[$1] = $2 } END { if (v["portico_audit_commit_rows_count"] > 0) printf "async: mean %.1f rows per commit over %d commits\n", v["portico_audit_commit_rows_sum"] / v["portico_audit_commit_rows_count"], v["portico_audit_commit_rows_count"] }'
echo "$metrics$async_metrics" | awk '/^portico_audit_rows_lost_total/ { lost += $2 } END { print "rows lost: " lost + 0 }'
