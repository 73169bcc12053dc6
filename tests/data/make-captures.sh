#!/usr/bin/env bash
# tests/data/make-captures.sh - remakes the packet captures in tests/data/ with real SIP tools.
#
#   bash tests/data/make-captures.sh        (as root: it captures on lo)
#
# Why: `sipstatus check` on pcap/pcapng (issue 4) must be tested on files
# that real tools wrote, not on files written by our own test code.  sipp
# (Debian package sip-tester) plays both ends of 2 calls on 127.0.0.1: the
# UAC tests/data/sipp/uac.xml calls the UAS tests/data/sipp/uas_malformed.xml,
# which answers each INVITE with good and malformed Status-Lines (listed in
# that file and, frame by frame, in tests/data/README.md).  Each run is
# recorded by a capture tool; what it makes:
#
#   sipp-udp.pcap        UDP, tcpdump -i lo: Ethernet link type, microseconds
#   sipp-tcp.pcap        the same calls over TCP (sipp -t t1), tcpdump -i lo
#   sipp-udp.pcapng      UDP, dumpcap -i lo: pcapng (tcpdump 4.99 writes pcap only)
#   sipp-any.pcap        UDP, tcpdump -i any -y LINUX_SLL2: Linux cooked v2 link type
#   sipp-udp-nano.pcap   UDP, tcpdump -i lo --time-stamp-precision=nano
#
# Deterministic in content: the UAC runs one call at a time (-l 1) and
# expects every response in order, no message is retransmitted (the
# scenarios have no retrans attribute; nothing is lost on lo), so each
# capture holds the same SIP messages in the same order every time; each
# capture is checked for that (and for packets the capture tool dropped)
# before it replaces the old one, and is made again, at most 3 times, when
# it fails.  Time stamps vary, and so do Call-IDs and tags, which hold sipp's
# pid (and with them message lengths, by a byte or two); over TCP, the pure
# ACK segments between the SIP messages could too (see README).
#
# Installs sip-tester, tcpdump and wireshark-common (dumpcap, capinfos) when
# missing.  Uses the fixed ports PORT_BASE..PORT_BASE+9 (default 25160,
# outside the kernel's ephemeral range and far from 5060) on 127.0.0.1 only.
# Every process it starts is stopped by its pid on exit; every wait is bounded.
set -euo pipefail

DATA=$(cd "$(dirname "$0")" && pwd)
SIPP_DIR=$DATA/sipp
PORT_BASE=${PORT_BASE:-25160}
CALLS=2
LOCAL=127.0.0.1
# Per call: INVITE, 8 responses, ACK, BYE, 200.
RESPONSES=$((CALLS * 9))
REQUESTS=$((CALLS * 3))

die() {
    echo "make-captures.sh: $*" >&2
    exit 1
}

# --- tools ----------------------------------------------------------------

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
{ command -v dumpcap && command -v capinfos; } >/dev/null 2>&1 || missing+=(wireshark-common)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "as root, run: apt-get install -y --no-install-recommends ${missing[*]}"
    # wireshark-common asks whether non-root users may capture; keep the default.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
[ "$(id -u)" = 0 ] || die "capturing on lo needs root"
for tool in sipp tcpdump dumpcap capinfos timeout; do
    command -v $tool >/dev/null 2>&1 || die "$tool not found"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-captures.XXXXXX")
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
exec </dev/null # sipp must not read a terminal
cd "$T"

# wait_for COMMAND...: runs it every 0.1 s until it succeeds, for 10 s at most.
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
# listening udp|tcp PORT: a socket is bound to 127.0.0.1:PORT (TCP: listening).
listening() {
    local hex
    hex=$(printf '0100007F:%04X' "$2")
    if [ "$1" = udp ]; then
        grep -q "^ *[0-9]*: $hex " /proc/net/udp
    else
        grep -q "^ *[0-9]*: $hex 00000000:0000 0A " /proc/net/tcp
    fi
}
# port_free PORT: no UDP socket is bound to PORT and no TCP socket listens
# on it (a TIME_WAIT left by the last run does not count: sipp binds with
# SO_REUSEADDR).
port_free() {
    local hex
    hex=$(printf ':%04X' "$1")
    ! awk 'FILENAME ~ /udp/ || $4 == "0A" { print $2 }' /proc/net/udp /proc/net/tcp | grep -q "$hex\$"
}

# try_capture NAME TRANSPORT PORT SIPP_TRANSPORT CAPTURE_COMMAND...: starts
# the capture command (which must write to NAME), waits until it captures,
# runs the sipp UAS on PORT and the UAC on PORT+1, stops the capture with
# SIGINT and checks what it recorded.  Returns 1, saying why, when sipp
# failed or the file is not complete.  Called in an && list, so set -e is
# off in here: every step is checked by hand.
try_capture() {
    local name=$1 transport=$2 port=$3 sipp_t=$4
    shift 4
    local uac_port=$((port + 1)) cap_pid uas_pid uas_rc uac_rc n
    rm -f "$name" "$name".*
    port_free "$port" && port_free "$uac_port" || die "port $port or $uac_port is in use (set PORT_BASE)"

    # timeout passes our SIGINT on, and kills the tool 5 s later if it
    # has not exited by then; -s INT: at 60 s, stop it as we would.
    timeout -s INT -k 5 60 "$@" 2>"$name.cap.err" &
    cap_pid=$!
    PIDS+=("$cap_pid")
    # tcpdump says "listening on" and dumpcap "Capturing on" once the
    # filter is set; the pause covers the rest of their start-up.
    if ! wait_for grep -qsE '^(tcpdump: listening on|Capturing on)' "$name.cap.err"; then
        cat "$name.cap.err" >&2
        die "$name: the capture did not start"
    fi
    sleep 0.5

    timeout -k 5 30 sipp -sf "$SIPP_DIR/uas_malformed.xml" -t "$sipp_t" -i $LOCAL -p "$port" \
        -m $CALLS -nostdin -trace_err -error_file "$name.uas.err" \
        -timeout 20s -timeout_error >"$name.uas.out" 2>&1 &
    uas_pid=$!
    PIDS+=("$uas_pid")
    uac_rc=0
    if wait_for listening "$transport" "$port"; then
        timeout -k 5 30 sipp -sf "$SIPP_DIR/uac.xml" $LOCAL:"$port" -t "$sipp_t" -i $LOCAL -p "$uac_port" \
            -m $CALLS -l 1 -nostdin -trace_err -error_file "$name.uac.err" \
            -timeout 20s -timeout_error >"$name.uac.out" 2>&1 || uac_rc=$?
    else
        echo "$name: the sipp UAS did not start" >&2
        uac_rc=no-uas
        kill "$uas_pid" 2>/dev/null
    fi
    uas_rc=0
    wait "$uas_pid" || uas_rc=$?

    # Let the last packets reach the capture file before it is closed.
    sleep 1
    kill -INT "$cap_pid"
    wait "$cap_pid"
    PIDS=() # all waited for: none is ours any more

    if [ "$uac_rc" != 0 ] || [ "$uas_rc" != 0 ]; then
        echo "--- $name: sipp UAC exit $uac_rc, UAS exit $uas_rc" >&2
        tail -n 30 "$name.uac.out" "$name.uas.out" >&2
        return 1
    fi
    # A capture tool that could not keep up says so: tcpdump
    # "N packets dropped by kernel", dumpcap "received/dropped ...: R/N".
    if grep -qE '^[1-9][0-9]* packets dropped|dropped on interface .*: [0-9]+/[1-9]' "$name.cap.err"; then
        echo "$name: the capture lost packets:" >&2
        cat "$name.cap.err" >&2
        return 1
    fi
    # The same messages every time: count the Status-Lines and request
    # lines in the capture (tcpdump -A prints each payload as text).
    n=$(tcpdump -A -r "$name" 2>/dev/null | grep -aoE '(SIP|sip)/2\.0 [0-9]{3}' | wc -l)
    if [ "$n" != $RESPONSES ]; then
        echo "$name: $n responses captured, $RESPONSES expected" >&2
        return 1
    fi
    n=$(tcpdump -A -r "$name" 2>/dev/null | grep -aoE '(INVITE|ACK|BYE) sip:' | wc -l)
    if [ "$n" != $REQUESTS ]; then
        echo "$name: $n requests captured, $REQUESTS expected" >&2
        return 1
    fi
    echo "$name: $(capinfos -c -M "$name" | awk -F': *' '/Number of packets/ { print $2 }') packets"
}

# capture ARGS...: try_capture ARGS, up to 3 times (a loaded machine can
# starve the capture tool or time sipp out).
capture() {
    local try
    for try in 1 2 3; do
        try_capture "$@" && return 0
        echo "make-captures.sh: $1: attempt $try failed" >&2
    done
    die "$1: giving up"
}

P=$PORT_BASE
# -U: each packet is written to the file as it comes; --immediate-mode:
# and handed over as it comes.  In that mode each packet takes a whole
# snaplen-sized slot of the kernel ring, which with the default 2 MiB has
# only a few: on a busy machine the kernel dropped packets.  -B is in KiB.
TCPDUMP=(tcpdump -U --immediate-mode -B 32768 -s 0 -n)

capture sipp-udp.pcap udp $P u1 \
    "${TCPDUMP[@]}" -i lo -w sipp-udp.pcap "udp port $P"
capture sipp-tcp.pcap tcp $((P + 2)) t1 \
    "${TCPDUMP[@]}" -i lo -w sipp-tcp.pcap "tcp port $((P + 2))"
# dumpcap -n: pcapng (its default too, made explicit); -B: ring in MiB.
capture sipp-udp.pcapng udp $((P + 4)) u1 \
    dumpcap -q -n -B 32 -i lo -f "udp port $((P + 4))" -w sipp-udp.pcapng
capture sipp-any.pcap udp $((P + 6)) u1 \
    "${TCPDUMP[@]}" -i any -y LINUX_SLL2 -w sipp-any.pcap "udp port $((P + 6))"
capture sipp-udp-nano.pcap udp $((P + 8)) u1 \
    "${TCPDUMP[@]}" -i lo --time-stamp-precision=nano -w sipp-udp-nano.pcap "udp port $((P + 8))"

for f in sipp-udp.pcap sipp-tcp.pcap sipp-udp.pcapng sipp-any.pcap sipp-udp-nano.pcap; do
    cp "$f" "$DATA/$f"
done
chmod 644 "$DATA"/sipp-*.pcap "$DATA"/sipp-*.pcapng
echo "make-captures.sh: wrote $CALLS calls into each of sipp-udp.pcap sipp-tcp.pcap sipp-udp.pcapng sipp-any.pcap sipp-udp-nano.pcap in $DATA"
