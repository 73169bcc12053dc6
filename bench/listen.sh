#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/listen.sh - `make bench-listen`: sipstatus listen under HEP floods
# on loopback (bench/hepflood.c), for docs/performance.md; not a test.
#
#   bash bench/listen.sh build/sipstatus build/hepflood [PACKETS]
#
# For each rate (packets/s; 0: as fast as the sender goes): packets sent,
# decoded, dropped (by listen, and by the kernel: SO_RXQ_OVFL, counted as
# "kernel"), listen's CPU time per packet (utime+stime from /proc) and its
# RSS at the end; then 10M packets unpaced for RSS growth; then TCP with
# 1,000 concurrent senders.
set -u
S=$1
F=$2
N=${3:-2000000}
PORT=$((21000 + $$ % 1000))
T=$(mktemp -d)
trap 'kill $LP 2>/dev/null; rm -rf "$T"' EXIT
HZ=$(getconf CLK_TCK)

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# run MODE COUNT ARG: one listen, one flood; prints a table row.
run() {
    local mode=$1 count=$2 arg=$3 c0 c1 r0 r1 got drops k sent
    PORT=$((PORT + 1))
    "$S" listen --hep 127.0.0.1:$PORT --max-connections 2000 >"$T/out" 2>"$T/err" &
    LP=$!
    for k in $(seq 50); do grep -qs listening "$T/err" && break; sleep 0.1; done
    sleep 0.2
    c0=$(cpu $LP)
    r0=$(rss $LP)
    sent=$("$F" "$mode" $PORT "$count" "$arg")
    sleep 1
    c1=$(cpu $LP)
    r1=$(rss $LP)
    kill $LP
    wait $LP
    got=$(sed -n "s/.*HEP packets: v3\/$mode \([0-9]*\).*/\1/p" "$T/err")
    drops=$(sed -n 's/.*dropped: \([^;]*\);.*/\1/p' "$T/err")
    printf '| %s | %s | %s | %s | %s | %s | %.2f | %s -> %s |\n' "$mode" "$arg" "$sent" "$count" \
        "${got:-0}" "${drops:-none}" "$(echo "($c1 - $c0) * 1000000000 / $HZ / $count / 1000" | bc -l)" "$r0" "$r1"
}

echo "| transport | rate (pps) or connections | sender | packets | decoded | dropped | listen CPU us/packet | RSS KiB start -> end |"
echo "|---|---|---|---|---|---|---|---|"
for rate in 100000 200000 300000 0; do
    run udp "$N" $rate
done
run udp 10000000 0
run tcp 1000000 1000
