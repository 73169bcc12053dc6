#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install.sh - make install into a temporary DESTDIR, then build the README's example against it with pkg-config, shared and static.
set -u
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

make -s install DESTDIR="$dest" PREFIX="$prefix" >"$dest/install.log" 2>&1 || { cat "$dest/install.log"; exit 1; }
lib=$dest$prefix/lib
export PKG_CONFIG_PATH=$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$dest

check "header installed" "[ -f '$dest$prefix/include/sipstatus.h' ]"
check "CLI installed" "[ -x '$dest$prefix/bin/sipstatus' ]"
check "soname symlinks" "[ \"\$(readlink '$lib/libsipstatus.so')\" = libsipstatus.so.0 ] && [ -f '$lib/libsipstatus.so.0' ]"
check "SONAME is libsipstatus.so.0" "readelf -d '$lib/libsipstatus.so' | grep -q 'SONAME.*\\[libsipstatus.so.0\\]'"
check "man pages installed" "[ -f '$dest$prefix/share/man/man1/sipstatus.1' ] && [ -f '$dest$prefix/share/man/man3/sipstatus.3' ]"
check "pkg-config knows the version" "[ \"\$(pkg-config --modversion sipstatus)\" = \"\$(sed -n 's/^#define SIPSTATUS_VERSION_STRING \"\\(.*\\)\"/\\1/p' include/sipstatus.h)\" ]"

# the shared library exports the API and nothing else
# (functions and data, without the version-definition symbol SIPSTATUS_0)
exports=$(nm -D --defined-only --without-symbol-versions "$lib/libsipstatus.so" |
    awk '$2 != "A" {print $3}' | sort)
check "exports only sipstatus_*" "[ -n \"\$exports\" ] && ! printf '%s\n' \"\$exports\" | grep -qv '^sipstatus_[a-z]'"
check "exports every public function" "(for f in parse format lookup codes effective_code strerror errname notename notetext version; do printf '%s\n' \"\$exports\" | grep -qx \"sipstatus_\$f\" || exit 1; done)"

cflags=$(pkg-config --cflags sipstatus) libs=$(pkg-config --libs sipstatus)
check "minimal example builds, shared" "cc -std=c11 -Wall -Wextra -Wpedantic -Werror \$cflags examples/minimal.c \$libs -o '$dest/minimal-shared'"
check "minimal example runs, shared" "LD_LIBRARY_PATH='$lib' '$dest/minimal-shared' | grep -q '180'"
check "it is linked to the installed library" "LD_LIBRARY_PATH='$lib' ldd '$dest/minimal-shared' | grep -q '$lib/libsipstatus.so.0'"
check "minimal example builds, static" "cc -std=c11 -Wall -Wextra -Wpedantic -Werror \$cflags examples/minimal.c -Wl,-Bstatic \$libs -Wl,-Bdynamic -o '$dest/minimal-static'"
check "minimal example runs, static" "'$dest/minimal-static' | grep -q '180' && ! ldd '$dest/minimal-static' | grep -q libsipstatus"
check "installed CLI runs" "'$dest$prefix/bin/sipstatus' --version | grep -q sipstatus"

make -s uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null 2>&1
check "uninstall removes every file" "[ -z \"\$(find '$dest' -type f ! -name '*.log' ! -name 'minimal-*')\" ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
