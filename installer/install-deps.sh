#!/usr/bin/env bash
# Installs everything Portico needs to build, run and test on Debian 12, non-interactively.
# Safe to run again: apt-get skips what is already there.
set -euo pipefail

packages=(
    cmake g++ make pkg-config
    libpoco-dev libpugixml-dev libboost-dev libcppunit-dev libssl-dev libsqlite3-dev libhttp-parser-dev
    openssl curl ca-certificates
    python3 python3-spyne python3-lxml python3-hl7 python3-jwt python3-cryptography
    redis-server sqlite3
)

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
fi
