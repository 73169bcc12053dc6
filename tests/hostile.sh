#!/usr/bin/env bash
# tests/hostile.sh - `sipstatus check` on the hostile captures, small.
#
#   bash tests/hostile.sh build/sipstatus build/hostile
#
# tests/craft/hostile.c writes each class (many flows, an endless header
# block, reordering, fragment floods and duplicates, and an ordinary
# baseline) at its small default size.  Asserted here only what holds
# whatever the decoder's budgets: the run ends with exit status 0 (no class
# has an invalid byte in a status line: each line is valid, or a prefix of
# a valid one), every frame written is read, and the baseline's responses
# are all checked and valid.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/hostile.sh path/to/sipstatus path/to/hostile" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1 HOSTILE=$2
case $S in /*) ;; *) S=$PWD/$S ;; esac
case $HOSTILE in /*) ;; *) HOSTILE=$PWD/$HOSTILE ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-hostile.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

for class in flows header ooo fragflood fragdup ordinary; do
    if ! "$HOSTILE" "$class" "$class.pcap" >"$T/made"; then
        report "$class: hostile writes it" "$HOSTILE $class failed"
        continue
    fi
    frames=$(sed -n "s/^$class frames=\\([0-9]*\\) bytes=[0-9]*\$/\\1/p" "$T/made")
    report "$class: hostile says what it wrote" "$([ -n "$frames" ] || echo "said: $(cat "$T/made")")"
    run "$S" check --quiet --summary "$class.pcap"
    expect_grep "$class: check --quiet --summary ends, exit status 0" 0 err '!could not be read'
    run "$S" check --summary "$class.pcap"
    expect_grep "$class: all $frames frames read" 0 out \
        "^sipstatus: $frames frames? read from 1 capture(;|\$)" '!could not be read'
done

run "$S" check --summary ordinary.pcap
expect_grep "ordinary: the 1000 responses checked, all valid" 0 out \
    '^sipstatus: 1000 responses checked: 1000 valid, 0 invalid$' '^sipstatus: codes: 200 1000$'

run "$HOSTILE" ordinary small.pcap 3
expect "hostile SIZE: ordinary 3" 0 "ordinary frames=3 bytes=996"$'\n' ""
run "$HOSTILE" ooo small.pcap 40
expect "hostile SIZE: ooo 40 is two whole blocks of 16, after the SYN" 0 "ooo frames=33 bytes=4982"$'\n' ""
run "$HOSTILE" ordinary small.pcap 0
expect_grep "hostile: SIZE 0 is refused" 2 err '^usage: hostile '
run "$HOSTILE" nothing small.pcap
expect_grep "hostile: an unknown class is refused" 2 err '^usage: hostile '

tap_end
