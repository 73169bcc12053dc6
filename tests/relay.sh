#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/relay.sh - end-to-end test of examples/relay.c: sipp calls through it, then raw datagrams.
#
#   bash tests/relay.sh build/relay
#
# Part 1: sipp UAC (tests/sipp/uac.xml) -> relay -> sipp UAS
# (tests/sipp/uas_mixed.xml), which answers with good, rewritable and
# invalid Status-Lines.  Asserts that every call completes, that the UAC
# saw only the rewritten lines, and the relay's counters and log lines.
# The expected counts come from sipp's own message logs, so a UDP
# retransmission under load cannot make the test fail.  A control run
# without the relay must fail: the UAC scenario's checks do bite.
# Part 2: datagrams sipp cannot produce (bare LF, NUL, broken UTF-8, no
# CRLF, foreign Via, Max-Forwards 0...) sent with python3; the relay's
# output is compared byte for byte.
# Only 127.0.0.1, on free ports the kernel picks (the relays bind
# 127.0.0.1, so nothing they send can leave the host, whatever a Via
# says); sipp's -trace_err files are shown on failure; every wait is bounded;
# every process started is stopped by its pid on exit.  Prints
# `ok N - name` or `not ok N - name`, then `P passed, F failed`; exits 1
# when a case failed, 2 when it cannot run.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/relay.sh path/to/relay" >&2
    exit 2
fi
RELAY=$1
case $RELAY in /*) ;; *) RELAY=$PWD/$RELAY ;; esac
SIPP_DIR=$(cd "$(dirname "$0")/sipp" && pwd) || exit 2
for tool in sipp python3 timeout; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "tests/relay.sh: $tool not found (scripts/deps check installs it)" >&2
        exit 2
    fi
done
if [ ! -x "$RELAY" ]; then
    echo "tests/relay.sh: $RELAY is not an executable" >&2
    exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-relay.XXXXXX") || exit 2
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
exec </dev/null # sipp must not read a terminal; CI has none
cd "$T" || exit 2

n=0
passed=0
failed=0
# check NAME EXPECTED ACTUAL
check() {
    n=$((n + 1))
    if [ "$2" == "$3" ]; then
        passed=$((passed + 1))
        echo "ok $n - $1"
    else
        failed=$((failed + 1))
        echo "not ok $n - $1"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/#   /'
    fi
}
# wait_for COMMAND...: runs it every 0.1 s until it succeeds, for 10 s at most.
wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
# bound PORT: some UDP socket is bound to PORT.
bound() { grep -q "^ *[0-9]*: [0-9A-F]*:$(printf '%04X' "$1") " /proc/net/udp; }
# first_lines FILE sent|received: the first line of each message sipp logged.
first_lines() { awk -v dir="$2" '$0 ~ "^UDP message " dir { getline; getline; sub(/\r$/, ""); print }' "$1"; }
# count FILE LINE: how many lines of FILE are exactly LINE.
count() { grep -cxF -- "$2" "$1"; }
# stat_of FILE NAME: the cumulative column of sipp's last "NAME" line.
stat_of() { grep -a "^  $2 " "$1" | tail -n 1 | awk -F'|' '{ gsub(/ /, "", $3); print $3 }'; }

# udp.py ports N: N free UDP ports on 127.0.0.1.
# udp.py FROM TO AT: stdin as one datagram from 127.0.0.1:FROM to
# 127.0.0.1:TO, then the first datagram that reaches 127.0.0.1:AT on
# stdout (AT "-": none; exit 1 when none comes within 5 s).
cat >udp.py <<'EOF'
import socket, sys

def sock(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    return s

if sys.argv[1] == "ports":
    socks = [sock(0) for _ in range(int(sys.argv[2]))]
    print(" ".join(str(s.getsockname()[1]) for s in socks))
    sys.exit(0)
src, dst, at = sys.argv[1:4]
out = sock(int(src))
into = None if at == "-" else out if at == src else sock(int(at))
out.sendto(sys.stdin.buffer.read(), ("127.0.0.1", int(dst)))
if into is None:
    sys.exit(0)
into.settimeout(5)
try:
    sys.stdout.buffer.write(into.recvfrom(65535)[0])
except socket.timeout:
    sys.exit(1)
EOF

# $(...), not <(...): the ports must be closed again before they are used.
ports=$(python3 udp.py ports 6) || exit 2
read -r P_UAS P_RELAY P_UAC P_RELAY2 P_C P_H <<<"$ports"
LOCAL=127.0.0.1

# --- Part 1: sipp calls through the relay ---------------------------------

CALLS=20
timeout -k 5 60 sipp -sf "$SIPP_DIR/uas_mixed.xml" -i $LOCAL -p "$P_UAS" -m $CALLS -nostdin \
    -trace_msg -message_file uas.msg -trace_err -error_file uas.err \
    -timeout 30s -timeout_error >uas.out 2>&1 &
uas_pid=$!
PIDS+=("$uas_pid")
# --foreground: timeout then signals the relay alone and sends no SIGCONT,
# which can hang a sanitizer build's leak check at exit.
timeout --foreground -k 5 60 "$RELAY" -l $LOCAL:"$P_RELAY" -n $LOCAL:"$P_UAS" 2>relay.log &
relay_pid=$!
PIDS+=("$relay_pid")
wait_for grep -qs '^relay: listening on' relay.log
wait_for bound "$P_UAS"
timeout -k 5 60 sipp -sf "$SIPP_DIR/uac.xml" $LOCAL:"$P_RELAY" -i $LOCAL -p "$P_UAC" -m $CALLS -r 20 \
    -nostdin -trace_msg -message_file uac.msg -trace_err -error_file uac.err \
    -timeout 30s -timeout_error >uac.out 2>&1
uac_rc=$?
wait "$uas_pid"
uas_rc=$?
kill -TERM "$relay_pid" 2>/dev/null # timeout passes it on; the relay prints its counters
wait "$relay_pid"
relay_rc=$?

check "sipp UAC exits 0" 0 "$uac_rc"
[ "$uac_rc" = 0 ] || awk '{ print "#   " $0 }' uac.err 2>/dev/null | head -n 30
check "sipp UAC: every call successful" "$CALLS successful, 0 failed" \
    "$(stat_of uac.out 'Successful call') successful, $(stat_of uac.out 'Failed call') failed"
check "sipp UAS exits 0" 0 "$uas_rc"
check "sipp UAS: every call successful" "$CALLS successful, 0 failed" \
    "$(stat_of uas.out 'Successful call') successful, $(stat_of uas.out 'Failed call') failed"
check "relay exits 0 on SIGTERM" 0 "$relay_rc"

# What the UAS sent and the UAC received, one first line each (with
# retransmissions, which the relay forwards too).
first_lines uas.msg sent >uas.sent
first_lines uac.msg sent >uac.sent
first_lines uac.msg received >uac.received
rw_180=$(count uas.sent 'SIP/2.0 180 Ringing <test>')
rw_183=$(count uas.sent 'SIP/2.0 183 Session Progress 100%')
rw_188=$(count uas.sent 'SIP/2.0 188 {queued}')
rw_200=$(count uas.sent 'SIP/2.0 200')
dr_code=$(count uas.sent 'SIP/2.0 1830 Session Progress')
dr_version=$(count uas.sent 'SIP/X.0 183 Session Progress')
dr_space=$(count uas.sent 'SIP/2.0  183 Session Progress')
rewritten=$((rw_180 + rw_183 + rw_188 + rw_200))
dropped=$((dr_code + dr_version + dr_space))
check "UAS sent each malformed line at least once a call" "1 1 1 1 1 1 1" \
    "$(for c in $rw_180 $rw_183 $rw_188 $rw_200 $dr_code $dr_version $dr_space; do
        echo -n "$((c >= CALLS)) "; done | sed 's/ $//')"
check "relay counters match what the UAC and UAS sent" \
    "relay: requests=$(wc -l <uac.sent) responses=$(($(wc -l <uas.sent) - dropped)) rewritten=$rewritten dropped=$dropped" \
    "$(tail -n 1 relay.log)"

from="from $LOCAL:$P_UAS"
check "relay log: a line per rewrite and drop, nothing else" \
    "$(printf '%s\n' "1 relay: listening on $LOCAL:$P_RELAY, next hop $LOCAL:$P_UAS" \
        "$dr_code relay: dropped response $from: E_CODE at byte 11" \
        "$dr_space relay: dropped response $from: E_SPACE at byte 8" \
        "$dr_version relay: dropped response $from: E_VERSION at byte 4" \
        "$rw_180 relay: rewrote response $from: E_REASON at byte 20: SIP/2.0 180 Ringing" \
        "$rw_188 relay: rewrote response $from: E_REASON at byte 12: SIP/2.0 188 " \
        "$rw_183 relay: rewrote response $from: E_ESCAPE at byte 33: SIP/2.0 183 Session Progress" \
        "$rw_200 relay: rewrote response $from: E_SPACE at byte 11: SIP/2.0 200 OK" | sort)" \
    "$(sed '$d' relay.log | sort | uniq -c | sed 's/^ *//' | sort)"
check "UAC received only valid Status-Lines, the rewritten ones among them" \
    "$(printf '%s\n' 'SIP/2.0 100 Trying' 'SIP/2.0 180 Ringing' 'SIP/2.0 183 Session Progress' \
        'SIP/2.0 188 ' 'SIP/2.0 200 OK')" \
    "$(sort -u uac.received)"
ok_200=$(count uac.received 'SIP/2.0 200 OK')
check "UAC received 'SIP/2.0 200 OK' for every INVITE and every BYE" "at least $((2 * CALLS))" \
    "at least $((ok_200 >= 2 * CALLS ? 2 * CALLS : ok_200))"

# Control: straight to the UAS, the UAC's checks must fail the call.
timeout -k 5 30 sipp -sf "$SIPP_DIR/uas_mixed.xml" -i $LOCAL -p "$P_UAS" -m 1 -nostdin \
    -trace_err -error_file ctl_uas.err -timeout 10s >ctl_uas.out 2>&1 &
ctl_pid=$!
PIDS+=("$ctl_pid")
wait_for bound "$P_UAS"
timeout -k 5 30 sipp -sf "$SIPP_DIR/uac.xml" $LOCAL:"$P_UAS" -i $LOCAL -p "$P_UAC" -m 1 -nostdin \
    -trace_err -error_file ctl_uac.err -timeout 10s >ctl_uac.out 2>&1
ctl_rc=$?
wait "$ctl_pid"
check "control: without the relay the UAC fails on the raw 180" "1 1" \
    "$ctl_rc $(grep -c "Failed regexp match: looking in 'SIP/2.0 180 Ringing <test>" ctl_uac.err)"

# --- Part 2: raw datagrams ------------------------------------------------

timeout --foreground -k 5 60 "$RELAY" -l $LOCAL:"$P_RELAY2" -n $LOCAL:"$P_H" -v 2>raw.log &
raw_pid=$!
PIDS+=("$raw_pid")
wait_for grep -qs '^relay: listening on' raw.log

OURS="Via: SIP/2.0/UDP $LOCAL:$P_RELAY2;branch=z9hG4bKfeed"
BACK="Via: SIP/2.0/UDP $LOCAL:9;rport=$P_C;received=$LOCAL;branch=z9hG4bKc1"
HEAD=$'From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 4\r\n'
BODY=$'\r\nbody'
# bytes TEXT: TEXT as od -c, so that a failure shows every CR.
bytes() { printf '%s' "$1" | od -An -c; }
# response NAME STATUS-BYTES EXPECTED-STATUS [VIAS [EXPECTED-VIAS]]: sent
# by the next hop with our Via on top, it must reach the client (through
# the rport and received of the Via below ours) as EXPECTED-STATUS, our
# Via gone, the rest byte for byte.
response() {
    local got
    got=$({ printf '%b' "$2"; printf '%s\r\n' "${4:-$OURS$'\r\n'$BACK}"; printf '%s' "$HEAD$BODY"; } |
        timeout -k 5 10 python3 udp.py "$P_H" "$P_RELAY2" "$P_C" | od -An -c)
    check "$1" "$(bytes "$3"$'\r\n'"${5:-$BACK}"$'\r\n'"$HEAD$BODY")" "$got"
}
# dropped NAME FROM-PORT BYTES LOG-LINE: sent from FROM-PORT, it must be
# dropped with LOG-LINE (the relay runs with -v: a datagram it forwards
# leaves a "->" line, counted at the end).
dropped() {
    printf '%b' "$3" | timeout -k 5 10 python3 udp.py "$2" "$P_RELAY2" -
    wait_for grep -qxF -- "$4" raw.log
    check "$1" "$4" "$(grep -xF -- "$4" raw.log)"
}
# request FILE VIA [MAX-FORWARDS-LINE]: an INVITE from the client; what
# the next hop gets goes to FILE, our branch's hash changed to HASH.
request() {
    { printf '%s\r\n' "INVITE sip:b@x SIP/2.0" "$2" ${3:+"$3"}; printf '%s' "$HEAD$BODY"; } |
        timeout -k 5 10 python3 udp.py "$P_C" "$P_RELAY2" "$P_H" >"$1.raw"
    sed -E "2s/^(Via: SIP\/2\.0\/UDP $LOCAL:$P_RELAY2;branch=z9hG4bK)[0-9a-f]{16}\r\$/\\1HASH\r/" \
        "$1.raw" >"$1"
}
# branch FILE: the branch the relay gave the request in FILE.
branch() { sed -n '2s/.*;branch=//p' "$1.raw"; }
OUR_VIA="Via: SIP/2.0/UDP $LOCAL:$P_RELAY2;branch=z9hG4bKHASH"
CLIENT="Via: SIP/2.0/UDP $LOCAL:$P_C;branch=z9hG4bKc1"

request invite "Via: SIP/2.0/UDP $LOCAL:$P_C;rport;branch=z9hG4bKc1" "Max-Forwards: 10"
check "request: our Via on top, rport filled, received added, Max-Forwards 10 -> 9" \
    "$(bytes "INVITE sip:b@x SIP/2.0"$'\r\n'"$OUR_VIA"$'\r\n'"Via: SIP/2.0/UDP $LOCAL:$P_C;rport=$P_C;branch=z9hG4bKc1;received=$LOCAL"$'\r\n'"Max-Forwards: 9"$'\r\n'"$HEAD$BODY")" \
    "$(od -An -c invite)"
request same "Via: SIP/2.0/UDP $LOCAL:$P_C;rport;branch=z9hG4bKc1" "Max-Forwards: 70"
request other "Via: SIP/2.0/UDP $LOCAL:$P_C;branch=z9hG4bKc2;rport" "Max-Forwards: 70"
check "request: rport as the last parameter is filled too" \
    "Via: SIP/2.0/UDP $LOCAL:$P_C;branch=z9hG4bKc2;rport=$P_C;received=$LOCAL"$'\r' "$(sed -n 3p other)"
check "request: the same client Via gives the same branch (RFC 3261 §16.11), another a new one" \
    "same new" \
    "$([ "$(branch invite)" == "$(branch same)" ] && echo same) $([ "$(branch invite)" != "$(branch other)" ] && echo new)"
request nomf "$CLIENT"
check "request: no Max-Forwards gets Max-Forwards: 70, no received when sent-by is the source" \
    "$(bytes "INVITE sip:b@x SIP/2.0"$'\r\n'"$OUR_VIA"$'\r\n'"$CLIENT"$'\r\n'"$HEAD"$'Max-Forwards: 70\r\n'"$BODY")" \
    "$(od -An -c nomf)"
dropped "request: Max-Forwards 0 is dropped" "$P_C" \
    "INVITE sip:b@x SIP/2.0\r\n$CLIENT\r\nMax-Forwards: 0\r\n$HEAD$BODY" \
    "relay: dropped request from $LOCAL:$P_C: Max-Forwards is 0"
dropped "request: one from the next hop is dropped" "$P_H" \
    "INVITE sip:b@x SIP/2.0\r\n$CLIENT\r\n$HEAD$BODY" \
    "relay: dropped request from $LOCAL:$P_H: it comes from the next hop"

response "response: a valid line passes byte for byte" \
    'SIP/2.0 486 Busy Here, really\r\n' 'SIP/2.0 486 Busy Here, really'
response "response: E_UTF8 in the reason is rewritten" \
    'SIP/2.0 486 Busy \xc3(\r\n' 'SIP/2.0 486 Busy Here'
check "response: the E_UTF8 rewrite is logged" \
    "relay: rewrote response from $LOCAL:$P_H: E_UTF8 at byte 18: SIP/2.0 486 Busy Here" \
    "$(grep -F E_UTF8 raw.log)"
response "response: a missing reason is rewritten; our via-parm leaves a shared Via line" \
    'SIP/2.0 180\r\n' 'SIP/2.0 180 Ringing' \
    "$OURS, ${BACK#Via: }" "$BACK"
dropped "response: a NUL in the reason is dropped (even leniently invalid)" "$P_H" \
    "SIP/2.0 180 Ring\\x00ing\r\n$OURS\r\n$BACK\r\n$HEAD$BODY" \
    "relay: dropped response from $LOCAL:$P_H: E_REASON at byte 16"
dropped "response: a bare LF is dropped" "$P_H" \
    "SIP/2.0 200 OK\n$OURS\r\n$BACK\r\n$HEAD$BODY" \
    "relay: dropped response from $LOCAL:$P_H: E_EOL at byte 14"
dropped "response: a datagram with no line end is dropped" "$P_H" \
    "SIP/2.0 200 OK" \
    "relay: dropped response from $LOCAL:$P_H: INCOMPLETE at byte 14"
dropped "response: a top Via that is not ours is dropped" "$P_H" \
    "SIP/2.0 200 OK\r\n$BACK\r\n$HEAD$BODY" \
    "relay: dropped response from $LOCAL:$P_H: the top Via is not ours"
dropped "response: no Via below ours is dropped" "$P_H" \
    "SIP/2.0 200 OK\r\n$OURS\r\n$HEAD$BODY" \
    "relay: dropped response from $LOCAL:$P_H: no IPv4 Via to send it back to"
printf '\r\n\r\n' | timeout -k 5 10 python3 udp.py "$P_C" "$P_RELAY2" -

kill -TERM "$raw_pid" 2>/dev/null
wait "$raw_pid"
check "raw: relay exits 0 on SIGTERM" 0 $?
check "raw: counters (the keepalive is not counted)" \
    "relay: requests=4 responses=3 rewritten=2 dropped=7" "$(tail -n 1 raw.log)"
check "raw: one log line per datagram, none for the keepalive" "18" "$(wc -l <raw.log)"
check "raw: forwarded datagrams are the 7 above" "7" "$(grep -c ' -> ' raw.log)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
