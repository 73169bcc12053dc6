#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/report.sh - what each output format of the report layer (src/report.c,
# src/report_html.c) costs, against `check --quiet` on the same file in the
# same run.  Run by `make bench-report`.
#
#   bash bench/report.sh build/sipstatus [MEGABYTES] [LINES]
#
# 1. A capture (scripts/big-capture, MEGABYTES): every format, output to
#    /dev/null (--html to a file), wall time and peak RSS.
# 2. A line file: `sipstatus gen --seed 1 --count LINES`, valid and invalid
#    lines mixed, so one line in about two is a finding: the same formats.
# 3. The bounds: --html and --format junit at 1x and 4x the line file
#    (peak RSS stays flat: the page lists at most 10,000 findings, JUnit
#    spools its test cases to a temporary file).
# Wall times are medians of 5 runs, from the page cache; nothing is
# asserted.
set -euo pipefail

S=$1
MB=${2:-200}
LINES=${3:-1000000}
D=build/bench-report
mkdir -p "$D"
cap=$D/big-$MB.pcap
[ -f "$cap" ] || scripts/big-capture "$cap" "$MB"
lines=$D/gen-$LINES.txt
[ -f "$lines" ] || "$S" gen --seed 1 --count "$LINES" >"$lines" 2>/dev/null || true
lines4=$D/gen-$((LINES * 4)).txt
[ -f "$lines4" ] || for _ in 1 2 3 4; do cat "$lines"; done >"$lines4"

# seconds of wall time and peak RSS (KB) of a command, its output to /dev/null
measure() {
    /usr/bin/time -f '%e %M' -o "$D/time" "$@" >/dev/null 2>"$D/stderr" || true
    tail -n 1 "$D/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# median wall seconds and median peak RSS of 5 runs: "wall rss"
runs() {
    local out="" i
    for ((i = 0; i < 5; i++)); do out+="$(measure "$@")"$'\n'; done
    echo "$(printf '%s' "$out" | awk '{print $1}' | median) $(printf '%s' "$out" | awk '{print $2}' | median)"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

FORMATS=("--quiet" "" "--json" "--format csv" "--format sarif" "--format junit"
         "--quiet --html $D/report.html")

label() { local l=${1:-(text)}; echo "${l/$D\/report.html/FILE}"; }

# one table: each format on file $1
table() {
    local f=$1 base="" fmt wall rss
    cat "$f" >/dev/null
    printf '%-40s %8s %10s %12s\n' "" "wall s" "x --quiet" "peak RSS KB"
    for fmt in "${FORMATS[@]}"; do
        # shellcheck disable=SC2086 # the format's words are separate arguments
        read -r wall rss <<<"$(runs "$S" check $fmt "$f")"
        [ -n "$base" ] || base=$wall
        printf '%-40s %8s %10s %12s\n' "check $(label "$fmt")" "$wall" "$(ratio "$wall" "$base")" "$rss"
    done
}

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
findings=$({ "$S" check --json "$cap" 2>/dev/null || true; } | grep -vc '"result": "OK"' || true)
echo
echo "1. $cap: $(stat -c %s "$cap") bytes, $findings findings"
table "$cap"
findings=$({ "$S" check --json "$lines" 2>/dev/null || true; } | grep -vc '"result": "OK"' || true)
echo
echo "2. $lines: $(wc -l <"$lines") lines, $findings findings"
table "$lines"

echo
echo "3. peak RSS (KB) as the line file grows 4x"
printf '%-40s %12s %12s\n' "" "$(wc -l <"$lines") lines" "$(wc -l <"$lines4") lines"
for fmt in "--quiet" "--format junit" "--quiet --html $D/report.html"; do
    # shellcheck disable=SC2086
    read -r _ r1 <<<"$(measure "$S" check $fmt "$lines")"
    # shellcheck disable=SC2086
    read -r _ r4 <<<"$(measure "$S" check $fmt "$lines4")"
    printf '%-40s %12s %12s\n' "check $(label "$fmt")" "$r1" "$r4"
done
