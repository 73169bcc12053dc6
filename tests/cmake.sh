#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cmake.sh - make install into a temporary DESTDIR, then build tests/cmake-consumer against it with find_package(sipstatus), shared and static, from the prefix and from a moved copy.
set -u
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

make -s install DESTDIR="$dest" PREFIX="$prefix" >"$dest/install.log" 2>&1 || { cat "$dest/install.log"; exit 1; }
root=$dest$prefix
cmakedir=$root/lib/cmake/sipstatus
version=$(sed -n 's/^#define SIPSTATUS_VERSION_STRING "\(.*\)"/\1/p' include/sipstatus.h)
src=$PWD/tests/cmake-consumer

# configure NAME PREFIX [ARGS...]: the consumer in $dest/NAME, finding
# packages only under PREFIX (never a system-wide sipstatus).
configure() {
    local name=$1 pfx=$2
    shift 2
    rm -rf "$dest/$name"
    cmake -S "$src" -B "$dest/$name" -DCMAKE_PREFIX_PATH="$pfx" -DCMAKE_IGNORE_PREFIX_PATH='/usr;/usr/local' \
        -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "$@" \
        >"$dest/$name.log" 2>&1
}
build() { cmake --build "$dest/$1" -j 2 >>"$dest/$1.log" 2>&1; }
# the consumer's output, each line computed by the library
expected="parsed 180 [Ringing] 21 bytes
bad: E_REASON at byte 13
formatted SIP/2.0 486 Busy Here
library $version, header $version"
needs_sipstatus() { readelf -d "$1" | grep -q 'NEEDED.*\[libsipstatus\.so\.0\]'; }
needs_no_sipstatus() { [ -x "$1" ] && ! readelf -d "$1" | grep -q 'NEEDED.*libsipstatus'; }
show() { sed 's/^/# /' "$dest/$1.log"; }

check "CMake package installed" "[ -f '$cmakedir/sipstatusConfig.cmake' ] && [ -f '$cmakedir/sipstatusConfigVersion.cmake' ] && [ -f '$cmakedir/sipstatusTargets.cmake' ]"
check "no absolute path in the CMake files" "! grep -n '$prefix' '$cmakedir'/*.cmake"

# shared: sipstatus::sipstatus
if configure shared "$root" && build shared; then ok "consumer builds, shared"; else not_ok "consumer builds, shared"; show shared; fi
check "found the package installed under DESTDIR" "grep -qxF 'sipstatus_DIR:PATH=$cmakedir' '$dest/shared/CMakeCache.txt'"
check "app needs libsipstatus.so.0" "needs_sipstatus '$dest/shared/app'"
check "app runs on the installed library" "[ \"\$(LD_LIBRARY_PATH='$root/lib' '$dest/shared/app')\" = \"\$expected\" ]"
check "it is the installed library it loads" "LD_LIBRARY_PATH='$root/lib' ldd '$dest/shared/app' | grep -qF '$root/lib/libsipstatus.so.0'"
check "sipstatus::sipstatus_static links no libsipstatus.so" "needs_no_sipstatus '$dest/shared/app_static'"
check "app_static runs without it" "[ \"\$('$dest/shared/app_static')\" = \"\$expected\" ]"

# static: the same target line with sipstatus_USE_STATIC_LIBS
if configure static "$root" -Dsipstatus_USE_STATIC_LIBS=ON && build static; then ok "consumer builds, static"; else not_ok "consumer builds, static"; show static; fi
check "static app needs no libsipstatus.so" "needs_no_sipstatus '$dest/static/app'"
check "static app runs without it" "[ \"\$('$dest/static/app')\" = \"\$expected\" ]"

# versions: SameMajorVersion (the soname's promise), never a later minor
for want in 0.1 0.2 "$version" 0.1...0.3 ""; do
    check "find_package(sipstatus ${want:-(no version)}) accepts $version" "configure 'v$want' '$root' -DSIPSTATUS_WANT='$want'"
done
for want in 0.3 1.0 0.2.1 0.3...1.0; do
    if configure "v$want" "$root" -DSIPSTATUS_WANT="$want"; then
        not_ok "find_package(sipstatus $want) refuses $version"
    else
        check "find_package(sipstatus $want) refuses $version" "grep -qE 'requested version( range)? \"$want\"' '$dest/v$want.log' && grep -qF 'version: $version' '$dest/v$want.log'"
    fi
done

# relocatable: a copy of the prefix elsewhere, at another depth
moved=$dest/some/other/place
mkdir -p "$moved"
cp -a "$root/." "$moved/"
if configure moved "$moved" && build moved; then ok "consumer builds from a moved prefix"; else not_ok "consumer builds from a moved prefix"; show moved; fi
check "it links the moved library" "grep -qF '$moved/lib/libsipstatus.so' '$dest/moved/CMakeFiles/app.dir/link.txt'"
check "and takes the moved header" "grep -rqF -- '$moved/include' '$dest/moved/CMakeFiles/app.dir/flags.make'"
check "moved app runs" "[ \"\$(LD_LIBRARY_PATH='$moved/lib' '$dest/moved/app')\" = \"\$expected\" ]"
rm "$moved/lib/libsipstatus.a"
if configure broken "$moved"; then not_ok "a prefix without libsipstatus.a is refused"; else
    check "a prefix without libsipstatus.a is refused" "grep -qF 'libsipstatus.a is missing' '$dest/broken.log'"
fi

make -s uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null 2>&1
check "uninstall removes the CMake package" "[ ! -e '$cmakedir' ] && [ -d '$root/lib' ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
