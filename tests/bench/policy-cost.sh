#!/usr/bin/env bash
# What one policy costs: one porticod serves two routes to the same nginx backend, identical but
# for the policy under test, and wrk loads them in interleaved rounds (the order alternates), so
# both see the same machine. Reports requests/s and porticod's CPU time per request for each
# route, medians over the rounds, and their ratios. Not a test: it measures for the README.
#
#   tests/bench/policy-cost.sh [--duration S] [--rounds R] [--connections N] [--policy XML]
#                              [--section XML] [--header "NAME: VALUE"] [--redis]
#                              [--redis-core gateway|client] [--instructions]
#
# --instructions counts instead of timing: porticod runs under valgrind (callgrind, counting only
# inside its event loops), once per route, and the script prints the instructions per request.
# Counts do not depend on what else the machine does, so they show a small cost that timing on
# shared cores hides in its noise.
#
# --policy is the policy element(s) put on the second route; the default is a <headers> policy
# that sets two request and two response headers. --section adds top-level configuration (such as
# <consumers>) and --header a request header sent to both routes (a credential, say), so the two
# routes see the same bytes and differ only by the policy. --redis starts a redis-server (persistence
# off) and adds <redis address="…"/>, for scope="cluster" limits; --redis-core gateway (the
# default: it shares porticod's core, as the gateway's own infrastructure) or client (it competes
# with wrk and the backend) says where it runs. The timing
# also reports each route's p99 latency, the median over the rounds. On a machine with two or more cores porticod
# gets core 0 to itself and wrk and the backend share core 1 (--no-pin to let them float): where
# the scheduler puts three busy processes on two cores changes throughput by more than the 3%
# this is meant to see.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/bench-common.sh"
duration=10
rounds=5
connections=64
pin=1
instructions=0
redis=0
redis_core=gateway
section=""
header=""
policy='<headers><request><set name="X-Api-Version" value="2"/><set name="X-Route" value="{requestId}"/></request><response><set name="X-Served-By" value="portico"/><set name="Cache-Control" value="no-store"/></response></headers>'
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --policy) policy="$2"; shift 2 ;;
        --section) section="$2"; shift 2 ;;
        --header) header="$2"; shift 2 ;;
        --no-pin) pin=0; shift ;;
        --instructions) instructions=1; shift ;;
        --redis) redis=1; shift ;;
        --redis-core) redis=1; redis_core="$2"; shift 2 ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
gateway_cpu=""
client_cpu=""
if [ "$pin" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
    gateway_cpu="taskset -c 0"
    client_cpu="taskset -c 1"
fi
for tool in nginx wrk; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx wrk)" >&2; exit 1; }
done

tmp="$(mktemp -d)"

backend_port=$(free_port)
gateway_port=$(free_port)

$client_cpu nginx -c "$(backend_config "$tmp" "$backend_port")" -p "$tmp" & pids+=($!)
if [ "$redis" = 1 ]; then
    command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)" >&2; exit 1; }
    redis_port=$(free_port)
    if [ "$redis_core" = gateway ]; then redis_cpu="$gateway_cpu"; else redis_cpu="$client_cpu"; fi
    $redis_cpu redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$tmp" \
        > "$tmp/redis.log" 2>&1 & pids+=($!)
    section="$section<redis address=\"127.0.0.1:$redis_port\"/>"
    sleep 0.5
fi

cat > "$tmp/portico.xml" <<CONF
<portico>
  <server ioThreads="1">
    <listener address="127.0.0.1:$gateway_port"/>
    <limits idleTimeout="120s"/>
    <accessLog path="/dev/null"/>
  </server>
  $section
  <upstreams>
    <upstream name="backend" maxIdle="1024"><target url="http://127.0.0.1:$backend_port"/></upstream>
  </upstreams>
  <routes>
    <route name="plain" path="/plain/*"><proxy upstream="backend"/></route>
    <route name="policy" path="/policy/*">$policy<proxy upstream="backend"/></route>
  </routes>
</portico>
CONF
# Starts porticod (behind the given command prefix, if any) and waits until both routes answer.
start_gateway() {
    "$@" "$root/build/bin/porticod" --config="$tmp/portico.xml" > "$tmp/porticod.log" 2>&1 &
    gateway_pid=$!
    pids+=($gateway_pid)
    for _ in $(seq 1 600); do
        curl -fs ${header:+-H "$header"} "http://127.0.0.1:$gateway_port/policy/x" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fs ${header:+-H "$header"} "http://127.0.0.1:$gateway_port/plain/x" >/dev/null || { cat "$tmp/porticod.log"; exit 1; }
}

if [ "$instructions" = 1 ]; then
    command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
    for route in plain policy; do
        start_gateway valgrind --tool=callgrind --toggle-collect='portico::net::EventLoop::run*' \
            --callgrind-out-file="$tmp/callgrind.$route"
        out=$(wrk -t1 -c8 -d"${duration}s" ${header:+-H "$header"} "http://127.0.0.1:$gateway_port/$route/x")
        requests=$(echo "$out" | awk '/requests in/ {print $1}')
        kill -TERM "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
        cp "$tmp/callgrind.$route" "${TMPDIR:-/tmp}/policy-cost.callgrind.$route"
        total=$(awk '/^summary:/ {print $2}' "$tmp/callgrind.$route")
        # The readiness checks above are a handful of requests more.
        echo "$route $requests $total" | awk '{ printf "%s: %d requests, %.0f instructions per request\n", $1, $2, $3 / ($2 + 2) }' \
            | tee -a "$tmp/counts"
    done
    awk '{ v[$1] = $(NF - 3) } END { printf "ratio policy/plain instructions per request: %.4f\n", v["policy:"] / v["plain:"] }' "$tmp/counts"
    exit 0
fi

start_gateway $gateway_cpu
ticks=$(getconf CLK_TCK)

# One wrk run: prints "requests/s cpu-µs-per-request user-µs-per-request p99-ms" (porticod's CPU
# time, all of it and the part in user space; the 99th percentile of the latency wrk saw).
run() {
    local path=$1 before after out requests rps p99
    before=$(cpu_ticks "$gateway_pid")
    out=$($client_cpu wrk --latency -t1 -c"$connections" -d"${duration}s" ${header:+-H "$header"} "http://127.0.0.1:$gateway_port$path")
    after=$(cpu_ticks "$gateway_pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | wrk_p99_ms)
    echo "$before $after" | awk -v r="$rps" -v n="$requests" -v hz="$ticks" -v p="$p99" \
        '{ user = $3 - $1; total = user + $4 - $2; printf "%.1f %.2f %.2f %.2f\n", r, (total / hz) * 1e6 / n, (user / hz) * 1e6 / n, p }'
}

wrk -t1 -c"$connections" -d2s ${header:+-H "$header"} "http://127.0.0.1:$gateway_port/plain/x" >/dev/null
wrk -t1 -c"$connections" -d2s ${header:+-H "$header"} "http://127.0.0.1:$gateway_port/policy/x" >/dev/null
: > "$tmp/results"
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order="plain policy"; else order="policy plain"; fi
    for route in $order; do
        echo "$round $route $(run "/$route/x")" | tee -a "$tmp/results"
        sleep 1
    done
done

for route in plain policy; do
    rps=$(awk -v r=$route '$2 == r {print $3}' "$tmp/results" | median)
    cpu=$(awk -v r=$route '$2 == r {print $4}' "$tmp/results" | median)
    user=$(awk -v r=$route '$2 == r {print $5}' "$tmp/results" | median)
    p99=$(awk -v r=$route '$2 == r {print $6}' "$tmp/results" | median)
    echo "$route: median $rps requests/s, $cpu µs CPU per request ($user µs of it in user space), p99 $p99 ms"
    eval "${route}_rps=$rps ${route}_cpu=$cpu"
done
# Paired per-round ratios, then their median: rounds share machine conditions.
rps_ratio=$(awk '{ v[$1 " " $2] = $3 } END { for (k in v) { split(k, p, " "); if (p[2] == "policy") print v[k] / v[p[1] " plain"] } }' "$tmp/results" | median)
cpu_ratio=$(awk '{ v[$1 " " $2] = $4 } END { for (k in v) { split(k, p, " "); if (p[2] == "policy") print v[k] / v[p[1] " plain"] } }' "$tmp/results" | median)
echo "ratio policy/plain requests/s: $rps_ratio"
echo "ratio policy/plain CPU per request: $cpu_ratio"
