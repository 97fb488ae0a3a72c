#!/usr/bin/env bash
# REST-through-Portico-to-SOAP against calling the SOAP back end directly, in one run with the same
# client. The back end is nginx answering a canned calculator AddResponse (so it is never the
# bottleneck); porticod fronts it with the soap adapter and the real calculator WSDL. wrk sends
#   - to porticod: POST /api/calculator/Add {"intA":2,"intB":3} (JSON, translated to SOAP and back);
#   - to nginx:    the equivalent SOAP 1.1 envelope, with its SOAPAction;
#   - to porticod: that same envelope on a plain proxy route to nginx ("relay"): no translation,
#     only the extra hop, which is the most any gateway between client and back end can reach here.
# Rounds alternate the order. Prints requests/s and latency percentiles for both and the ratios,
# and how many connections the back end accepted during porticod's rounds (nginx's stub_status):
# the adapter keeps its connections alive, so a handful carries every request.
#
# --close-after-answer makes the back end close every connection after its answer, as many legacy
# SOAP servers do (nginx's keepalive_timeout 0): every call then pays for a new connection.
#
#   tests/bench/soap-bench.sh [--duration 10] [--connections 64] [--rounds 3] [--close-after-answer]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
duration=10
connections=64
rounds=3
keepalive_timeout=75s
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --close-after-answer) keepalive_timeout=0; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v nginx >/dev/null && command -v wrk >/dev/null || {
    echo "needs nginx and wrk (apt-get install nginx-light wrk)" >&2; exit 2; }

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
backend_port=$(free_port)
gateway_port=$(free_port)

response='<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AddResponse xmlns="http://tempuri.org/"><AddResult>5</AddResult></AddResponse></soap:Body></soap:Envelope>'
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout $keepalive_timeout;
  server {
    listen 127.0.0.1:$backend_port;
    location / { default_type "text/xml; charset=utf-8"; return 200 '$response'; }
    location = /nginx-status { stub_status; }
  }
}
NGINX
nginx -c "$work/nginx.conf" & pids+=($!)

mkdir -p "$work/plugins"
cp "$root/build/plugins/soap.so" "$work/plugins/"
chmod 755 "$work/plugins" "$work/plugins/soap.so"
cat > "$work/portico.xml" <<XML
<portico>
  <server ioThreads="1">
    <listener address="127.0.0.1:$gateway_port"/>
    <accessLog path="/dev/null"/>
  </server>
  <plugins directory="$work/plugins"/>
  <upstreams>
    <upstream name="soap-backend"><target url="http://127.0.0.1:$backend_port"/></upstream>
  </upstreams>
  <routes>
    <route name="relay" path="/relay/calculator.asmx" methods="POST">
      <proxy upstream="soap-backend" path="/calculator.asmx"/>
    </route>
    <route name="calculator" path="/api/calculator/{operation}" methods="POST">
      <adapter type="soap">
        <wsdl>$root/tests/data/soap/wsdl/calculator.wsdl</wsdl>
        <endpoint>http://127.0.0.1:$backend_port/calculator.asmx</endpoint>
        <operation>{operation}</operation>
      </adapter>
    </route>
  </routes>
</portico>
XML
"$root/build/bin/porticod" --config="$work/portico.xml" > "$work/porticod.log" 2>&1 & pids+=($!)

for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$gateway_port/" && curl -s -o /dev/null "http://127.0.0.1:$backend_port/" && break
    sleep 0.1
done
echo "check: $(curl -s -X POST -H 'Content-Type: application/json' -d '{"intA":2,"intB":3}' "http://127.0.0.1:$gateway_port/api/calculator/Add")"

cat > "$work/rest.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"intA":2,"intB":3}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$work/soap.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Add xmlns="http://tempuri.org/"><intA>2</intA><intB>3</intB></Add></soap:Body></soap:Envelope>'
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["SOAPAction"] = '"http://tempuri.org/Add"'
LUA

run() { # name url script
    wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$3" "$2" > "$work/$1.txt" 2>&1
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
    p50=$(awk '$1=="50%" {print $2}' "$work/$1.txt")
    p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
    echo "$1 $rps $p50 $p99"
}
# Connections the back end has accepted so far.
accepts() { curl -s "http://127.0.0.1:$backend_port/nginx-status" | awk 'NR == 3 {print $1}'; }
adapter_connections=0
adapter_requests=0
results=()
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then order="direct relay portico"; else order="portico relay direct"; fi
    for target in $order; do
        if [ "$target" = direct ]; then
            line=$(run direct "http://127.0.0.1:$backend_port/calculator.asmx" "$work/soap.lua")
        elif [ "$target" = relay ]; then
            line=$(run relay "http://127.0.0.1:$gateway_port/relay/calculator.asmx" "$work/soap.lua")
        else
            before=$(accepts)
            line=$(run portico "http://127.0.0.1:$gateway_port/api/calculator/Add" "$work/rest.lua")
            adapter_connections=$((adapter_connections + $(accepts) - before - 1))
            adapter_requests=$((adapter_requests + $(awk '/requests in/ {print $1}' "$work/portico.txt")))
        fi
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
    name, rps, p50, p99 = line.split()
    rows.setdefault(name, []).append((float(rps), us(p50), us(p99)))
d = [statistics.median(x[i] for x in rows["direct"]) for i in range(3)]
p = [statistics.median(x[i] for x in rows["portico"]) for i in range(3)]
r = [statistics.median(x[i] for x in rows["relay"]) for i in range(3)]
print("direct  SOAP       rps %.0f  p50 %.0f us  p99 %.0f us" % tuple(d))
print("relay   SOAP proxy rps %.0f  p50 %.0f us  p99 %.0f us" % tuple(r))
print("portico REST->SOAP rps %.0f  p50 %.0f us  p99 %.0f us" % tuple(p))
print("ratio portico/direct rps: %.3f (relay/direct: %.3f, portico/relay: %.3f)" % (p[0] / d[0], r[0] / d[0], p[0] / r[0]))
print("added latency p50: %.0f us, p99: %.0f us" % (p[1] - d[1], p[2] - d[2]))
'
echo "back-end connections opened by the soap adapter: $adapter_connections for $adapter_requests requests"
