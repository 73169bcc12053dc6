#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
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

# The budget: the decoder's own count of what it holds never passes
# --max-memory, and the classes that would need more than it evict.
budget=262144
for class in flows header ooo fragflood fragdup ordinary; do
    run "$S" check --summary --max-memory 256K "$class.pcap"
    peak=$(sed -n "s/^sipstatus: decoder state: at most \([0-9]*\) bytes of a $budget-byte budget\$/\1/p" "$T/out")
    report "$class: the decoder held at most the budget (${peak:-?} of $budget bytes)" \
        "$([ -n "$peak" ] && [ "$peak" -le "$budget" ] || { echo "summary:"; cat "$T/out"; })"
done
run "$S" check --summary --max-memory 256K flows.pcap
expect_grep "flows: past the budget, the least recently active streams are evicted" 0 out \
    '^sipstatus: memory budget full: [1-9][0-9]* TCP streams and 0 IP datagrams evicted$'
run "$S" check --summary --max-memory 256K fragflood.pcap
expect_grep "fragflood: past the budget, the oldest datagrams are evicted" 0 out \
    '^sipstatus: memory budget full: 0 TCP streams and [1-9][0-9]* IP datagrams evicted$'
run "$S" check --summary fragflood.pcap
expect_grep "fragflood: first fragments that never complete give one warning, not one each" 0 out \
    '^sipstatus: 1 capture warning$'
run "$S" check --max-memory 1000 flows.pcap
expect_grep "--max-memory below 64K is refused" 2 err "'1000' is not a size"

# What the process holds (GNU time's maximum resident set size) stays
# within the budget and a few MiB, however many flows come.
if ldd "$S" 2>/dev/null | grep -q 'libasan\|libtsan\|libmsan'; then
    skip "flows: RSS within the budget" "a sanitizer build holds memory of its own"
elif command -v /usr/bin/time >/dev/null 2>&1; then
    "$HOSTILE" flows many.pcap 200000 >/dev/null
    /usr/bin/time -f "%M" -o rss.txt "$S" check --quiet --max-memory 4M many.pcap
    rss=$(tail -1 rss.txt)
    report "flows: 200000 flows in a 4 MiB budget: RSS $rss KiB < 4 MiB + 8 MiB" \
        "$([ "$rss" -lt $((12 * 1024)) ] || echo "max RSS $rss KiB")"
else
    skip "flows: RSS within the budget" "no /usr/bin/time"
fi

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
