#!/usr/bin/env bash
# Checks that C++ sources follow .clang-format. With a git revision as argument, only the files
# changed since it; without one, every tracked source (the whole tree is kept formatted, so that
# is every changed source too). Installs Debian's clang-format when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; else sudo=""; fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-format
fi

if [ $# -gt 0 ]; then
    mapfile -t files < <(git diff --name-only --diff-filter=d "$1" -- '*.cpp' '*.h')
else
    mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
fi
if [ ${#files[@]} -eq 0 ]; then
    echo "clang-format: no C++ sources to check"
    exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}"; then
    echo "clang-format: the files above differ from .clang-format; run: clang-format -i FILE" >&2
    exit 1
fi
echo "clang-format: ${#files[@]} sources checked"
