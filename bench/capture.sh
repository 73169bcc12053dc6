#!/usr/bin/env bash
# bench/capture.sh - `sipstatus check` on a large capture against tshark,
# the tool people use today, on the same file; and the CLI's peak memory
# as the capture grows.  Run by `make bench-capture`.
#
#   bash bench/capture.sh build/sipstatus [MEGABYTES]
#
# Prints MB/s and responses/s (median of 5 runs for sipstatus; tshark runs
# once, it is slow), the ratio, CPU time against wall time, the speed of
# just reading the file (cat, the I/O floor), and peak RSS at 1x and 4x the
# size.  Times are from this machine, in one run; nothing is asserted.
set -euo pipefail

S=$1
MB=${2:-100}
D=build/bench-capture
mkdir -p "$D"
small=$D/big-$MB.pcap
large=$D/big-$((MB * 4)).pcap
[ -f "$small" ] || scripts/big-capture "$small" "$MB"
[ -f "$large" ] || scripts/big-capture "$large" $((MB * 4))
bytes=$(stat -c %s "$small")

# seconds of wall time, user+sys CPU and peak RSS (KB) of a command
measure() {
    /usr/bin/time -f '%e %U %S %M' -o "$D/time" "$@" >/dev/null 2>"$D/stderr" || true
    read -r wall user sys rss < <(tail -n 1 "$D/time")
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cat "$small" >/dev/null # into the page cache, for every contestant alike
responses=$({ "$S" check --summary "$small" 2>/dev/null || true; } | sed -n 's/^sipstatus: \([0-9]*\) responses checked.*/\1/p')

runs=""
for _ in 1 2 3 4 5; do runs+="$(measure "$S" check --quiet "$small")"$'\n'; done
s_wall=$(printf '%s' "$runs" | awk '{print $1}' | median)
s_cpu=$(printf '%s' "$runs" | awk '{print $2}' | median)
s_rss=$(printf '%s' "$runs" | awk '{print $3}' | median)
read -r c_wall _ _ <<<"$(measure cat "$small")"
read -r l_wall _ l_rss <<<"$(measure "$S" check --quiet "$large")"

if command -v tshark >/dev/null 2>&1; then
    read -r t_wall t_cpu t_rss <<<"$(measure tshark -r "$small" -Y sip.Status-Line -T fields -e sip.Status-Line)"
    t_lines=$({ tshark -r "$small" -Y sip.Status-Line -T fields -e sip.Status-Line 2>/dev/null || true; } | wc -l)
else
    t_wall="" t_cpu="" t_rss="" t_lines=""
fi

rate() { awk -v b="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", b / s / 1e6; else print "inf" }'; }
per() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'; }

echo "capture: $small, $bytes bytes, $responses responses ($(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1))"
printf '%-34s %9s %9s %9s %12s %10s\n' "" "wall s" "CPU s" "MB/s" "responses/s" "peak RSS"
printf '%-34s %9s %9s %9s %12s %8s KB\n' "sipstatus check (median of 5)" "$s_wall" "$s_cpu" \
    "$(rate "$bytes" "$s_wall")" "$(per "$responses" "$s_wall")" "$s_rss"
printf '%-34s %9s %9s %9s %12s %10s\n' "cat (reading the file, the floor)" "$c_wall" "" "$(rate "$bytes" "$c_wall")" "" ""
if [ -n "$t_wall" ]; then
    printf '%-34s %9s %9s %9s %12s %8s KB\n' "tshark -Y sip.Status-Line" "$t_wall" "$t_cpu" \
        "$(rate "$bytes" "$t_wall")" "$(per "$t_lines" "$t_wall")" "$t_rss"
    echo "sipstatus is $(awk -v t="$t_wall" -v s="$s_wall" 'BEGIN { if (s > 0) printf "%.0f", t / s; else print "inf" }')x tshark in wall time (tshark printed $t_lines status lines; it does not take malformed ones for SIP)"
else
    echo "tshark is not installed: scripts/deps bench-capture installs it"
fi
echo "peak RSS: $s_rss KB at $MB MB, $l_rss KB at $((MB * 4)) MB (that run, not cached first: $l_wall s, $(rate "$(stat -c %s "$large")" "$l_wall") MB/s)"
