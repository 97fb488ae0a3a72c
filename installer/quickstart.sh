#!/usr/bin/env bash
# Sets everything up and runs the gateway on etc/portico.xml in front of the bundled demo
# service. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

./installer/install-deps.sh
./installer/build.sh porticod portico-demo-upstream soap tcp example

# A plugin file others can write is refused by the loader: make sure the build's is not.
chmod go-w build/plugins build/plugins/*.so

# The bundled demo services, each on its port; all stopped when this script ends.
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
./build/bin/portico-demo-upstream --port=8081 --name=demo-orders > /dev/null & pids+=($!)
/usr/bin/python3 tests/demo/soap/calculator_service.py --port=8082 > /dev/null & pids+=($!)
/usr/bin/python3 tests/demo/tcp/legacy_tcp_service.py --mode=mainframe --port=8083 > /dev/null & pids+=($!)
/usr/bin/python3 tests/demo/tcp/hl7_ack_service.py --port=8084 > /dev/null & pids+=($!)
for port in 8081 8082 8083 8084; do
    for _ in $(seq 1 100); do
        (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
done

cat <<'MSG'

Portico is starting on http://127.0.0.1:8080 in front of four demo back ends: a REST service,
a SOAP calculator, a fixed-width EBCDIC "mainframe" and an HL7 v2 system. In another terminal, try:

  # REST, proxied (path rewritten; X-Forwarded-*, X-Request-Id added)
  curl -i http://127.0.0.1:8080/api/orders/1001

  # SOAP as REST: JSON in, SOAP envelope to the service, typed JSON out -> {"AddResult":5}
  curl -s -X POST -H 'Content-Type: application/json' -d '{"a":2,"b":3}' http://127.0.0.1:8080/api/calculator/Add
  curl -s -X POST -H 'Content-Type: application/json' -d '{"a":1,"b":0}' http://127.0.0.1:8080/api/calculator/Divide

  # A mainframe transaction as REST: EBCDIC fixed-width records over TCP
  #   -> {"account":"0000012345","balance":12345.67,"currency":"EUR","rc":0}
  curl -s http://127.0.0.1:8080/api/accounts/12345/balance

  # HL7 v2 over MLLP: the ACK as JSON
  curl -s -X POST --data-binary "$(printf 'MSH|^~\\&|GW|PORTICO|LAB|HOSP|20261128120000||ADT^A01|MSG00001|P|2.5\rPID|1||12345^^^HOSP||Doe^John\r')" http://127.0.0.1:8080/api/hl7/adt

  curl -i http://127.0.0.1:8080/nowhere                    # 404 as application/problem+json
  curl -s http://127.0.0.1:8080/openapi.json               # OpenAPI 3 of every route, schemas from the WSDL
  curl -s http://127.0.0.1:9901/healthz                    # the admin listener

Each request prints one JSON access-log line below. Ctrl-C stops the gateway (graceful drain).

MSG
./build/bin/porticod --config=etc/portico.xml
