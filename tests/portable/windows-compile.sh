#!/bin/sh
# Compiles, for Windows, every source file a Windows build of porticod, the plugin SDK and the
# shipped adapters would compile: the portable files and those under windows/ folders, never those
# under posix/ or linux/. MinGW-w64's g++ checks them (syntax and types, no code generated)
# against this machine's POCO, Boost, OpenSSL, SQLite, pugixml and http-parser headers, which
# carry their Windows branches. A POSIX-only call outside posix/ or linux/ fails here, and so
# does Windows code that does not compile. It does not link, and nothing runs on Windows.
#
#   tests/portable/windows-compile.sh [SOURCE_ROOT [SCRATCH_FOLDER]]
#
# Exit status 77 (skipped) when the MinGW-w64 compiler is not installed
# (Debian: g++-mingw-w64-x86-64-posix).
set -eu
root=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
scratch=${2:-$(mktemp -d)}
compiler=x86_64-w64-mingw32-g++-posix
command -v "$compiler" >/dev/null 2>&1 || { echo "skipped: $compiler is not installed"; exit 77; }
windows_headers=$("$compiler" -print-sysroot 2>/dev/null)/include
[ -d "$windows_headers" ] || windows_headers=/usr/x86_64-w64-mingw32/include

# The libraries' headers, without the rest of /usr/include (glibc's would shadow MinGW's).
shim="$scratch/windows-include"
rm -rf "$shim"
mkdir -p "$shim/openssl"
for header in Poco boost pugixml.hpp pugiconfig.hpp sqlite3.h sqlite3ext.h http_parser.h; do
    ln -s "/usr/include/$header" "$shim/$header"
done
# libpq's client header, for the PostgreSQL audit sink's connection check.
for header in libpq-fe.h postgres_ext.h pg_config_ext.h; do
    ln -s "/usr/include/postgresql/$header" "$shim/$header"
done
for header in /usr/include/openssl/* /usr/include/x86_64-linux-gnu/openssl/*; do
    ln -sf "$header" "$shim/openssl/"
done
# POCO and Boost name some Windows headers in mixed case (Winsock2.h); MinGW's are lower case.
grep -rhoE '#[[:space:]]*include[[:space:]]*<[A-Za-z0-9_]+\.h>' /usr/include/Poco /usr/include/boost/dll \
        /usr/include/boost/winapi 2>/dev/null | sed -E 's/.*<(.*)>/\1/' | sort -u |
    while read -r header; do
        lower=$(echo "$header" | tr 'A-Z' 'a-z')
        if [ ! -e "$windows_headers/$header" ] && [ -e "$windows_headers/$lower" ]; then
            ln -sf "$windows_headers/$lower" "$shim/$header"
        fi
    done

cd "$root"
find server plugins adapters -name '*.cpp' | grep -v -E '/(posix|linux)/' | sort > "$scratch/windows-sources"
count=$(wc -l < "$scratch/windows-sources")
failures="$scratch/windows-failures"
: > "$failures"
# -Werror: a warning on Windows (a narrowing socket handle, say) is a fault to fix, as on Linux.
xargs -P "$(nproc)" -I SOURCE sh -c '
    log="$2.$(echo "$3" | tr / _).log"
    if ! "$0" -std=c++17 -fsyntax-only -Wall -Wextra -Werror -Wno-unknown-pragmas \
            -DWIN32_LEAN_AND_MEAN -DNOMINMAX -D_WIN32_WINNT=0x0600 -DBOOST_DLL_USE_STD_FS \
            -DPORTICO_VERSION=\"check\" -DPORTICO_BOOST_VERSION=0 -DPORTICO_POCO_VERSION=0 \
            -DPORTICO_BUILD_TYPE=check -DPOCO_STATIC -isystem "$1" -Iserver -Iplugins -Iplugins/include -Iadapters \
            "$3" > "$log" 2>&1; then
        echo "$3" >> "$2"
    fi' "$compiler" "$shim" "$failures" SOURCE < "$scratch/windows-sources"
if [ -s "$failures" ]; then
    echo "$(wc -l < "$failures") of $count files do not compile for Windows:"
    while read -r source; do
        echo "--- $source"
        grep -m 8 -E 'error' "$failures.$(echo "$source" | tr / _).log" || true
    done < "$failures"
    exit 1
fi
echo "all $count files compile for Windows"
