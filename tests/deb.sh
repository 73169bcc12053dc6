#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# deb.sh - the Debian packages of `make deb`: lintian, then installed on this machine and used (the CLI, a pkg-config build, a CMake build), dpkg-gensymbols against the symbols file, then purged.
#
#   tests/deb.sh build/deb
#
# Installs into the running system (as root), so it refuses to run when a
# sipstatus package or a `make install PREFIX=/usr` is there already, and
# purges what it installed on every exit.  dpkg -i installs them (their
# dependencies are the build's, installed by scripts/deps deb); a dpkg
# lock held by another install is waited for, 15 minutes at most.
set -u
dir=${1:?usage: tests/deb.sh DEBDIR}
pkgs="libsipstatus0 libsipstatus-dev sipstatus"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

[ "$(id -u)" -eq 0 ] || { echo "tests/deb.sh: installs packages, run it as root" >&2; exit 1; }
for p in $pkgs; do
    s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    case $s in ''|not-installed) ;; *)
        echo "tests/deb.sh: $p is on this system already ($s); purge it first (apt-get purge $pkgs)" >&2; exit 1 ;;
    esac
done
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for f in /usr/include/sipstatus.h /usr/bin/sipstatus /usr/lib/$ma/libsipstatus.so.0 /usr/lib/libsipstatus.so.0; do
    [ ! -e "$f" ] || { echo "tests/deb.sh: $f exists outside any package; remove it first" >&2; exit 1; }
done

version=$(sed -n 's/^#define SIPSTATUS_VERSION_STRING "\(.*\)"/\1/p' include/sipstatus.h)
debver=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg --print-architecture)
debs=""
for p in $pkgs; do debs="$debs $dir/${p}_${debver}_$arch.deb"; done
changes=$dir/sipstatus_${debver}_$arch.changes
check "the three packages were built" "ls $debs >/dev/null"

# Errors and warnings fail; info tags are shown.  The overrides (debian/*.lintian-overrides) say why.
# (--show-overrides would make lintian 2.116 fail on the overridden tags, so they are listed from the files.)
lintian --display-info --fail-on error,warning "$changes" > "$dir/lintian.log" 2>&1
rc=$?
grep -v 'running with root privileges' "$dir/lintian.log" | sed 's/^/# /'
for o in debian/*.lintian-overrides; do grep -v '^#' "$o" | sed "s|^|# overridden in $o: |"; done
check "lintian: no errors, no warnings" "[ $rc -eq 0 ]"

# dpkg_wait ARGS...: dpkg ARGS, again every 2 s while another dpkg holds its lock.
dpkg_wait() {
    local t=0 rc
    while :; do
        dpkg "$@" >"$tmp/dpkg.log" 2>&1
        rc=$?
        if [ $rc -ne 0 ] && grep -q 'lock' "$tmp/dpkg.log" && [ $t -lt 900 ]; then
            sleep 2; t=$((t + 2)); continue
        fi
        cat "$tmp/dpkg.log"
        return $rc
    done
}

tmp=$(mktemp -d)
installed=0
cleanup() {
    if [ "$installed" -eq 1 ]; then
        dpkg_wait --purge $pkgs >"$tmp/purge.log" 2>&1 || cat "$tmp/purge.log"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
installed=1
if dpkg_wait -i $debs >"$tmp/install.log" 2>&1; then
    ok "dpkg installs the three packages"
else
    not_ok "dpkg installs the three packages"; sed 's/^/# /' "$tmp/install.log"
fi
for p in $pkgs; do
    check "$p $debver installed" "[ \"\$(dpkg-query -W -f='\${db:Status-Status} \${Version}' $p)\" = 'installed $debver' ]"
done

check "sipstatus --version says $version" "[ \"\$(sipstatus --version)\" = 'sipstatus $version' ]"
check "it is the packaged CLI" "[ \"\$(command -v sipstatus)\" = /usr/bin/sipstatus ] && dpkg -S /usr/bin/sipstatus | grep -q '^sipstatus:'"
sipstatus check tests/data/sipp-udp.pcap >"$tmp/check.out" 2>&1
check "sipstatus check finds the malformed responses of a sipp capture (exit 1)" "[ $? -eq 1 ] && grep -q E_ '$tmp/check.out'"
check "sipstatus(1) and sipstatus(3) installed" "[ -f /usr/share/man/man1/sipstatus.1.gz ] && [ -f /usr/share/man/man3/sipstatus.3.gz ]"

# a program built with the system's pkg-config
check "pkg-config knows sipstatus $version" "[ \"\$(env -u PKG_CONFIG_PATH pkg-config --modversion sipstatus)\" = '$version' ]"
check "examples/minimal.c builds with pkg-config --cflags --libs sipstatus" \
    "cc -std=c11 -Wall -Wextra -Wpedantic -Werror \$(env -u PKG_CONFIG_PATH pkg-config --cflags sipstatus) examples/minimal.c \$(env -u PKG_CONFIG_PATH pkg-config --libs sipstatus) -o '$tmp/minimal'"
check "it needs libsipstatus.so.0" "readelf -d '$tmp/minimal' | grep -q 'NEEDED.*\\[libsipstatus\\.so\\.0\\]'"
check "it loads the packaged library" "ldd '$tmp/minimal' | grep -qE '=> (/usr)?/lib/$ma/libsipstatus\.so\.0 '"
check "it runs" "'$tmp/minimal' 2>&1 | grep -qxF 'SIP/2.0 486 [Busy], 18 bytes'"

# tests/cmake-consumer against the packaged CMake files (multiarch paths)
if cmake -S tests/cmake-consumer -B "$tmp/cmake" >"$tmp/cmake.log" 2>&1 && cmake --build "$tmp/cmake" -j 2 >>"$tmp/cmake.log" 2>&1; then
    ok "tests/cmake-consumer builds against the packages"
else
    not_ok "tests/cmake-consumer builds against the packages"; sed 's/^/# /' "$tmp/cmake.log"
fi
check "find_package took /usr/lib/$ma/cmake/sipstatus" "grep -qxF 'sipstatus_DIR:PATH=/usr/lib/$ma/cmake/sipstatus' '$tmp/cmake/CMakeCache.txt'"
check "the CMake app runs on the packaged library" "'$tmp/cmake/app' | grep -qxF 'library $version, header $version' && readelf -d '$tmp/cmake/app' | grep -q 'NEEDED.*\\[libsipstatus\\.so\\.0\\]'"

# dpkg-gensymbols on the installed library: nothing new, nothing lost (-c4)
lib=$(realpath "/usr/lib/$ma/libsipstatus.so.0")
if dpkg-gensymbols -c4 -plibsipstatus0 -v"$debver" -Idebian/libsipstatus0.symbols -e"$lib" -O"$tmp/gen.symbols" >"$tmp/gensymbols.log" 2>&1; then
    ok "dpkg-gensymbols -c4 agrees with debian/libsipstatus0.symbols"
else
    not_ok "dpkg-gensymbols -c4 agrees with debian/libsipstatus0.symbols"; sed 's/^/# /' "$tmp/gensymbols.log"
fi

dpkg_wait --purge $pkgs >"$tmp/purge.log" 2>&1
check "dpkg --purge removes them" "[ \$? -eq 0 ]"
installed=0
for p in $pkgs; do
    check "$p gone" "[ \"\$(dpkg-query -W -f='\${db:Status-Status}' $p 2>/dev/null || echo not-installed)\" = not-installed ]"
done
check "no file left" "[ ! -e /usr/bin/sipstatus ] && [ ! -e /usr/include/sipstatus.h ] && [ ! -e /usr/lib/$ma/cmake/sipstatus ] && [ ! -e /usr/lib/$ma/libsipstatus.so.0 ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
