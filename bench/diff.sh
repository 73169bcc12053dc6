#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/diff.sh - `make bench-diff`: inputs per second of `sipstatus diff` against persistent --cmd peers and plugins; not a test.
#
#   bash bench/diff.sh build/sipstatus COUNT [PLUGIN.so...]
#
# For each npm stack of peers/node/ (node peers/node/peer.js STACK, one
# process kept for the whole run), then each plugin given: COUNT lines of
# `diff --mix --seed 1`, wall time, inputs/s.  The goal for a node peer is
# 5,000 inputs/s (issue 14).  For a node peer also "alone": the same
# process reading the very hex lines sipstatus writes it (kept by tee in
# an untimed run before) from a file, with no sipstatus: the stack's own
# ceiling.
set -u
S=$1
N=$2
shift 2
HERE=$(cd "$(dirname "$0")/.." && pwd)

now() { date +%s.%N; }

rate() { awk -v n="$N" -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", n / (b - a) }'; }

row() { # NAME PEER-OPTION ARG [ALONE-COMMAND]
    local t0 t1 t2 t3 alone="-"
    t0=$(now)
    "$S" diff --mix --count "$N" --seed 1 "$2" "$3" >/dev/null 2>"$T/err"
    t1=$(now)
    grep -q "^sipstatus: diff: $N lines" "$T/err" || { echo "$1: the run failed: $(tail -2 "$T/err")" >&2; return 1; }
    if [ $# -gt 3 ]; then
        "$S" diff --mix --count "$N" --seed 1 --cmd "tee $T/hex | $4" >/dev/null 2>&1
        t2=$(now)
        $4 <"$T/hex" >/dev/null
        t3=$(now)
        alone=$(rate "$t2" "$t3")
    fi
    awk -v n="$N" -v a="$t0" -v b="$t1" -v name="$1" -v alone="$alone" \
        'BEGIN { printf "| %-14s | %9d | %8.2f | %11.0f | %11s |\n", name, n, b - a, n / (b - a), alone }'
}

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "sipstatus diff --mix --count $N --seed 1; $(nproc) CPUs; node $(node --version 2>/dev/null)"
echo
echo "| peer           |    inputs | wall (s) |    inputs/s | alone (1/s) |"
echo "|---|---|---|---|---|"
status=0
for stack in sip jssip drachtio-sip; do
    row "$stack" --cmd "node $HERE/peers/node/peer.js $stack" \
        "node $HERE/peers/node/peer.js $stack" || status=1
done
for so in "$@"; do
    row "$(basename "$so" .so)" --peer "$so" || status=1
done
exit $status
