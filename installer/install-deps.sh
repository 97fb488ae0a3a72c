#!/usr/bin/env bash
# Installs everything Portico needs to build, run and test on Debian 12, non-interactively.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(
    cmake g++ make pkg-config
    libpoco-dev libpugixml-dev libboost-dev libcppunit-dev libssl-dev libsqlite3-dev libpq-dev libsystemd-dev libhttp-parser-dev
    openssl curl ca-certificates
    python3 python3-spyne python3-waitress python3-lxml python3-hl7 python3-jwt python3-cryptography
    redis-server sqlite3
)
# --tests: also what only the test suite uses: promtool (from Debian's prometheus package) checks
# the format of GET /metrics; PostgreSQL's server, which the tests start themselves, holds the
# shared audit trail; systemd's systemd-analyze checks the shipped unit; lintian checks the .deb
# that cpack builds (dpkg-dev's dpkg-shlibdeps gives it its dependencies); gSOAP (gsoap and
# libgsoap-dev) builds the MTOM service the soap adapter is tested against (tests/demo/mtom);
# MinGW-w64's g++ compiles the Windows build's sources for Windows (tests/portable).
test_packages=(prometheus postgresql-15 systemd lintian dpkg-dev gsoap libgsoap-dev g++-mingw-w64-x86-64-posix)
# The ISO 8583 switch the tests talk to runs on Node.js, on another implementation of the
# standard (tests/demo/iso8583): Debian's nodejs and npm, unless a Node.js with npm is there.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    test_packages+=(nodejs npm)
fi
if [ "${1:-}" = "--tests" ]; then
    packages+=("${test_packages[@]}")
fi

if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
else
    sudo=""
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # The tests want promtool, not a Prometheus server running on this machine.
    if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null 2>&1 &&
        systemctl is-active --quiet prometheus 2>/dev/null; then
        $sudo systemctl disable --now prometheus || true
    fi
fi

if [ "${1:-}" = "--tests" ]; then
    # The switch's one dependency, at the version its lock file pins.
    npm ci --prefix "$(dirname "$0")/../tests/demo/iso8583" --no-audit --no-fund --loglevel=error
fi
