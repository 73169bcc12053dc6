#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# debian.sh - debian/ against the tree, without building packages: the symbols file lists exactly what LIB exports (src/libsipstatus.map) and what the header declares; the changelog has the header's version; scripts/deps deb has the Build-Depends.
#
#   tests/debian.sh build/libsipstatus.so
set -u
lib=${1:?usage: tests/debian.sh LIBSIPSTATUS.SO}
symbols=debian/libsipstatus0.symbols
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

version=$(sed -n 's/^#define SIPSTATUS_VERSION_STRING "\(.*\)"/\1/p' include/sipstatus.h)
major=$(sed -n 's/^#define SIPSTATUS_VERSION_MAJOR \([0-9]*\)/\1/p' include/sipstatus.h)
node=$(sed -n 's/^\([A-Z0-9_]*\) {$/\1/p' src/libsipstatus.map)

# NAME@VERSION of every symbol the library defines, the version node too.
nm -D --defined-only "$lib" | awk '{ s = $3; sub(/@@/, "@", s); if (s !~ /@/) s = s "@" s; print s }' | sort > "$tmp/exported"
# The symbol lines of the symbols file (one leading space), without versions.
sed -n 's/^ \([^ ]*\) .*/\1/p' "$symbols" | sort > "$tmp/listed"
if diff -u "$tmp/listed" "$tmp/exported" > "$tmp/diff"; then
    ok "$symbols lists exactly what $(basename "$lib") exports ($(wc -l < "$tmp/exported") symbols)"
else
    not_ok "$symbols lists exactly what $(basename "$lib") exports (- listed only, + exported only)"
    sed 's/^/# /' "$tmp/diff"
fi

# Every function the header declares, in the version node of the map.
grep -oE '^[a-z][a-z_ *]*[ *]sipstatus_[a-z_]+\(' include/sipstatus.h | sed -E 's/.*(sipstatus_[a-z_]+)\($/\1/' |
    sed "s/\$/@$node/" | sort -u > "$tmp/declared"
grep -v '^[A-Z]' "$tmp/listed" > "$tmp/listed-functions"
if diff -u "$tmp/listed-functions" "$tmp/declared" > "$tmp/diff"; then
    ok "$symbols lists exactly the $(wc -l < "$tmp/declared") functions of include/sipstatus.h"
else
    not_ok "$symbols lists exactly the functions of include/sipstatus.h (- listed only, + declared only)"
    sed 's/^/# /' "$tmp/diff"
fi

if head -n 1 "$symbols" | grep -qxF "libsipstatus.so.$major libsipstatus$major #MINVER#"; then
    ok "$symbols is for libsipstatus.so.$major in libsipstatus$major"
else
    not_ok "$symbols is for libsipstatus.so.$major in libsipstatus$major: $(head -n 1 "$symbols")"
fi
# A minimum version later than this one could never be satisfied.
late=$(awk -v v="$version" '/^ / && $2 != v { print $2 }' "$symbols" | while read -r m; do
    dpkg --compare-versions "$m" gt "$version" && echo "$m"; done)
if [ -z "$late" ]; then ok "no symbol needs a version after $version"; else not_ok "symbols need versions after $version: $late"; fi

top=$(dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null || head -n 1 debian/changelog | sed 's/.*(\(.*\)).*/\1/')
if [ "${top%-*}" = "$version" ]; then ok "debian/changelog is at $version ($top)"; else not_ok "debian/changelog is at $top, the header at $version"; fi
if grep -q "^Package: libsipstatus$major\$" debian/control; then ok "debian/control's library package is libsipstatus$major"; else not_ok "debian/control has no libsipstatus$major"; fi

# scripts/deps deb installs every Build-Depends (debhelper-compat comes with debhelper).
group=$(sed -n 's/^deb) pkgs="\(.*\)" ;;$/\1/p' scripts/deps)
missing=""
for b in $(sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control | sed 's/^Build-Depends://; /^[A-Z]/d' | tr ',' '\n' |
        sed 's/(.*)//; s/|.*//' | tr -d ' ' | sed 's/^debhelper-compat$/debhelper/' | grep .); do
    case " $group " in *" $b "*) ;; *) missing="$missing $b" ;; esac
done
if [ -n "$group" ] && [ -z "$missing" ]; then ok "scripts/deps deb installs every Build-Depends"; else not_ok "scripts/deps deb lacks:$missing"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
