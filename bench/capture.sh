#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/capture.sh - `sipstatus check` on captures and line files, measured
# against floors run on the same files in the same run.  Run by
# `make bench-capture`.
#
#   bash bench/capture.sh build/sipstatus build/bench/floor build/hostile [MEGABYTES]
#
# 1. An ordinary capture (scripts/big-capture: the sipp captures replicated
#    to MEGABYTES) against bench/floor.c, which reads it with libpcap and
#    memchr's each frame: check --quiet, --summary and with its findings
#    written to /dev/null (findings are written in all three: 1 response in
#    9 is malformed); then a capture of valid responses only.  With
#    TSHARK=1, tshark on the same file too.
# 2. Each hostile class of tests/craft/hostile.c, large, in MB/s per byte
#    against the ordinary capture's MB/s, and its peak RSS against the
#    default budget (64 MiB) + 8 MiB.
# 3. Text mode: 10M status lines (canonical ones, and generated ones with
#    long reasons) against `wc -l` on the same file.
# 4. Peak RSS at 1x and 4x MEGABYTES.
# Wall times are medians of 5 runs (3 for the hostile classes), from the
# page cache; nothing is asserted.
set -euo pipefail

S=$1 FLOOR=$2 HOSTILE=$3
MB=${4:-100}
D=build/bench-capture
mkdir -p "$D"
small=$D/big-$MB.pcap
large=$D/big-$((MB * 4)).pcap
[ -f "$small" ] || scripts/big-capture "$small" "$MB"
[ -f "$large" ] || scripts/big-capture "$large" $((MB * 4))

# seconds of wall time, user+sys CPU and peak RSS (KB) of a command
measure() {
    /usr/bin/time -f '%e %U %S %M' -o "$D/time" "$@" >/dev/null 2>"$D/stderr" || true
    read -r wall user sys rss < <(tail -n 1 "$D/time")
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# median wall seconds and median peak RSS of N runs: "wall rss"
runs() {
    local n=$1 out="" i
    shift
    for ((i = 0; i < n; i++)); do out+="$(measure "$@")"$'\n'; done
    echo "$(printf '%s' "$out" | awk '{print $1}' | median) $(printf '%s' "$out" | awk '{print $3}' | median)"
}
rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", b / s / 1e6; else print "inf" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"

# ---- 1. the ordinary capture against the floor
bytes=$(stat -c %s "$small")
cat "$small" >/dev/null # into the page cache, for every contestant alike
responses=$({ "$S" check --summary "$small" 2>/dev/null || true; } | sed -n 's/^sipstatus: \([0-9]*\) responses checked.*/\1/p')
read -r f_wall _ <<<"$(runs 5 "$FLOOR" "$small")"
read -r q_wall _ <<<"$(runs 5 "$S" check --quiet "$small")"
read -r m_wall _ <<<"$(runs 5 "$S" check --summary "$small")"
read -r o_wall _ <<<"$(runs 5 "$S" check "$small")"
echo
echo "1. $small: $bytes bytes, $responses responses"
printf '%-44s %8s %8s %12s\n' "" "wall s" "MB/s" "x the floor"
printf '%-44s %8s %8s %12s\n' "floor (libpcap + memchr each frame)" "$f_wall" "$(rate "$bytes" "$f_wall")" "1.00"
printf '%-44s %8s %8s %12s\n' "sipstatus check --quiet" "$q_wall" "$(rate "$bytes" "$q_wall")" "$(ratio "$q_wall" "$f_wall")"
printf '%-44s %8s %8s %12s\n' "sipstatus check --summary" "$m_wall" "$(rate "$bytes" "$m_wall")" "$(ratio "$m_wall" "$f_wall")"
printf '%-44s %8s %8s %12s\n' "sipstatus check (findings to /dev/null)" "$o_wall" "$(rate "$bytes" "$o_wall")" "$(ratio "$o_wall" "$f_wall")"
if [ "${TSHARK:-0}" = 1 ] && command -v tshark >/dev/null 2>&1; then
    read -r t_wall _ <<<"$(runs 1 tshark -r "$small" -Y sip.Status-Line -T fields -e sip.Status-Line)"
    printf '%-44s %8s %8s %12s\n' "tshark -Y sip.Status-Line (1 run)" "$t_wall" "$(rate "$bytes" "$t_wall")" "$(ratio "$t_wall" "$f_wall")"
fi
ordinary=$(rate "$bytes" "$q_wall")
valid=$D/hostile-ordinary-300000.pcap
[ -f "$valid" ] || "$HOSTILE" ordinary "$valid" 300000 >/dev/null
vb=$(stat -c %s "$valid")
cat "$valid" >/dev/null
read -r vf_wall _ <<<"$(runs 5 "$FLOOR" "$valid")"
read -r vq_wall _ <<<"$(runs 5 "$S" check --quiet "$valid")"
echo
echo "1b. $valid: $vb bytes, 300000 valid UDP responses (no findings to write)"
printf '%-44s %8s %8s %12s\n' "floor (libpcap + memchr each frame)" "$vf_wall" "$(rate "$vb" "$vf_wall")" "1.00"
printf '%-44s %8s %8s %12s\n' "sipstatus check --quiet" "$vq_wall" "$(rate "$vb" "$vq_wall")" "$(ratio "$vq_wall" "$vf_wall")"

# ---- 2. the hostile classes
echo
echo "2. hostile captures (tests/craft/hostile.c), check --quiet, default budget 64 MiB"
printf '%-34s %10s %8s %8s %14s %12s\n' "" "MB" "wall s" "MB/s" "x ordinary/B" "peak RSS KB"
for spec in flows:1000000 header:40000 ooo:400000 fragflood:200000 fragdup:200000; do
    class=${spec%:*} size=${spec#*:}
    f=$D/hostile-$class-$size.pcap
    [ -f "$f" ] || "$HOSTILE" "$class" "$f" "$size" >/dev/null
    b=$(stat -c %s "$f")
    cat "$f" >/dev/null
    read -r h_wall h_rss <<<"$(runs 3 "$S" check --quiet "$f")"
    printf '%-34s %10s %8s %8s %14s %12s\n' "$class ($size)" "$(awk -v b="$b" 'BEGIN { printf "%.1f", b / 1e6 }')" \
        "$h_wall" "$(rate "$b" "$h_wall")" "$(ratio "$(rate "$b" "$h_wall")" "$ordinary")" "$h_rss"
done
echo "(the budget + 8 MiB is $(((64 + 8) * 1024)) KB)"

# ---- 3. text mode
canon=$D/lines-canonical-10M.txt
mixed=$D/lines-gen-10M.txt
if [ ! -f "$canon" ]; then
    "$S" codes | awk '$1 ~ /^[0-9][0-9][0-9]$/ {print $1}' | while read -r code; do
        "$S" format "$code" | tr -d '\r'
    done >"$D/canonical.txt"
    awk -v want=10000000 '{ l[NR] = $0 } END { for (i = 0; i < want; i++) print l[i % NR + 1] }' \
        "$D/canonical.txt" >"$canon"
fi
if [ ! -f "$mixed" ]; then
    "$S" gen --seed 1 --count 1000 --valid >"$D/gen-1k.txt" 2>/dev/null || true
    for _ in $(seq 10000); do cat "$D/gen-1k.txt"; done >"$mixed"
fi
echo
echo "3. text mode, check --quiet against wc -l on the same file"
printf '%-58s %8s %8s %10s\n' "" "wc -l s" "check s" "x wc -l"
for f in "$canon" "$mixed"; do
    cat "$f" >/dev/null
    read -r w_wall _ <<<"$(runs 5 wc -l "$f")"
    read -r c_wall _ <<<"$(runs 5 "$S" check --quiet "$f")"
    printf '%-58s %8s %8s %10s\n' "$(basename "$f") ($(wc -l <"$f") lines, $(stat -c %s "$f") B)" \
        "$w_wall" "$c_wall" "$(ratio "$c_wall" "$w_wall")"
done
echo "(canonical: the registered codes' lines from sipstatus format, repeated; gen: sipstatus gen"
echo " --seed 1 --count 1000 --valid, 10000 times, long and escaped reasons among them)"

# ---- 4. memory as the capture grows
read -r _ s_rss <<<"$(runs 1 "$S" check --quiet "$small")"
read -r _ l4_rss <<<"$(runs 1 "$S" check --quiet "$large")"
echo
echo "4. peak RSS: $s_rss KB at $MB MB, $l4_rss KB at $((MB * 4)) MB"
