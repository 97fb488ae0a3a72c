#!/usr/bin/env bash
# Sets everything up and runs the gateway on etc/portico.xml in front of the bundled demo
# service. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/install-deps.sh
./installer/build.sh

demo_port="${PORTICO_DEMO_PORT:-8081}"
./build/bin/portico-demo-upstream --port="$demo_port" --name=demo-orders > /dev/null &
demo_pid=$!
trap 'kill "$demo_pid" 2>/dev/null || true' EXIT

cat <<MSG

Portico is starting on http://127.0.0.1:8080 in front of the demo service on 127.0.0.1:${demo_port}.
In another terminal, try:

  curl -i http://127.0.0.1:8080/api/orders/1001          # proxied to the demo service, path rewritten
  curl -s http://127.0.0.1:8080/api/echo/hello?x=1         # what the upstream received (X-Forwarded-*, X-Request-Id)
  curl -i http://127.0.0.1:8080/nowhere                    # 404 as application/problem+json
  curl -i -X DELETE http://127.0.0.1:8080/api/orders/1     # 405 with Allow
  curl -s http://127.0.0.1:9901/healthz                    # the admin listener

Each request prints one JSON access-log line below. Ctrl-C stops the gateway (graceful drain).

MSG
PORTICO_DEMO_UPSTREAM="127.0.0.1:${demo_port}" ./build/bin/porticod --config=etc/portico.xml
