#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/live.sh - findings as packets arrive: `sipstatus check -` on a pipe
# that a writer fills one packet at a time and keeps open, and `check -i`
# on the loopback interface while sipp makes calls.
#
#   bash tests/live.sh build/sipstatus
#
# PIPE: tests/live/trickle.py writes one frame of a committed capture,
# then waits (at most 5 s) for that frame's finding before writing the
# next, so a finding held back until the pipe closes fails the case.
# IFACE (root, sipp, tcpdump's libpcap): check -i lo --duration and
# -i any ended by SIGINT while a sipp UAC calls the malformed-response UAS
# of tests/data/sipp on 127.0.0.1; the rows must be exactly the responses
# sipp sent, in order; --packets and the errors for a missing interface.
# Every process started here is stopped on exit.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/live.sh path/to/sipstatus" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1
case $S in /*) ;; *) S=$PWD/$S ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-live.XXXXXX") || exit 2
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
exec </dev/null
cd "$HERE/data" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

# --- PIPE ------------------------------------------------------------------

# trickle NAME CAPTURE FRAMES ARGS...: each finding of FRAMES before the
# next frame is written, with the pipe open.
trickle() {
    local name=$1 cap=$2 frames=$3 p=""
    shift 3
    if [ "$HAVE_PY" = 0 ]; then
        skip "$name" "no python3"
        return
    fi
    # shellcheck disable=SC2086
    if ! timeout 120 python3 "$HERE/live/trickle.py" "$cap" 5 $frames -- "$S" check "$@" - \
        >"$T/trickle" 2>"$T/trickle.err"; then
        p="$(grep -v ': ok$' "$T/trickle" | head -5; tail -3 "$T/trickle.err")"
    fi
    [ "$(grep -c ': ok$' "$T/trickle")" = "$(echo $frames | wc -w)" ] || p+=" (not every frame seen)"
    report "$name" "$p"
}
UDP_FRAMES='2 3 4 5 6 7 8 9 12 14 15 16 17 18 19 20 21 24'
TCP_FRAMES='6 8 10 12 14 16 18 20 25 28 30 32 34 36 38 40 42 47'
trickle "pipe: every JSON row of a UDP capture before its next frame is written" \
    sipp-udp.pcap "$UDP_FRAMES" --json
trickle "pipe: every JSON row of a TCP capture before its next frame is written" \
    sipp-tcp.pcap "$TCP_FRAMES" --json
# the errors (E_REASON, E_EOL, E_CODE, E_SPACE) of both calls, in text
trickle "pipe: every text error before the next frame is written" \
    sipp-udp.pcap "5 6 7 8 17 18 19 20" --quiet
trickle "pipe: nanosecond pcap, text notes (-W) as they come" \
    sipp-udp-nano.pcap "4 12 16 24" -W --quiet

# --- IFACE -----------------------------------------------------------------

run "$S" check -i no-such-if0 --duration 1
p=""
[ "$rc" = 2 ] || p="exit status $rc, want 2"
grep -qF 'sipstatus: no-such-if0: no such interface' "$T/err" || p+=" stderr: $(cat "$T/err")"
report "check -i: a missing interface is said, exit 2" "$p"
run "$S" check -i lo --duration 0
p=""
[ "$rc" = 2 ] || p="exit status $rc, want 2"
report "check -i: --duration 0 is a usage error" "$p"
run "$S" check -i lo tests/data/sipp-udp.pcap
p=""
[ "$rc" = 2 ] || p="exit status $rc, want 2"
report "check -i: -i and files together is a usage error" "$p"

live_skip=""
if [ "$(id -u)" != 0 ]; then
    live_skip="not root: capturing needs root"
else
    for tool in sipp ss timeout; do
        command -v $tool >/dev/null 2>&1 || { live_skip="$tool not found"; break; }
    done
fi
if [ -z "$live_skip" ] && command -v setpriv >/dev/null 2>&1; then
    # without the capabilities, the error says what to do
    run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
        "$S" check -i lo --duration 1
    p=""
    [ "$rc" = 2 ] || p="exit status $rc, want 2"
    grep -qF 'no permission to capture' "$T/err" || p+=" stderr: $(head -c 300 "$T/err")"
    report "check -i as an unprivileged user: no permission, and how to get it" "$p"
fi

# wait_for COMMAND...: up to 10 s for COMMAND to succeed.
wait_for() {
    local k
    for k in $(seq 100); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
bound() { # PROTO PORT: something listens on 127.0.0.1:PORT
    local flag=-u
    [ "$1" = tcp ] && flag=-t
    ss -H -n -l $flag "sport = :$2" | grep -q .
}

# calls SIPP_T PORT: 2 calls, the UAS on 127.0.0.1:PORT, the UAC on PORT+1.
calls() {
    local t=$1 port=$2 proto=udp uas
    [ "$t" = t1 ] && proto=tcp
    timeout -k 5 30 sipp -sf "$HERE/data/sipp/uas_malformed.xml" -t "$t" -i 127.0.0.1 -p "$port" \
        -m 2 -nostdin -trace_err -error_file "$T/uas.err" -timeout 20s -timeout_error \
        >"$T/uas.out" 2>&1 &
    uas=$!
    PIDS+=("$uas")
    wait_for bound "$proto" "$port" || { echo "the sipp UAS did not start"; return 1; }
    timeout -k 5 30 sipp -sf "$HERE/data/sipp/uac.xml" "127.0.0.1:$port" -t "$t" -i 127.0.0.1 \
        -p $((port + 1)) -m 2 -l 1 -nostdin -trace_err -error_file "$T/uac.err" -timeout 20s \
        -timeout_error >"$T/uac.out" 2>&1 || { echo "sipp UAC failed: $(tail -5 "$T/uac.out")"; return 1; }
    wait "$uas" || { echo "sipp UAS failed: $(tail -5 "$T/uas.out")"; return 1; }
}

# The per-call responses of uas_malformed.xml (tests/tunnels.sh).
CALL='[("OK", None, 100, []), ("OK", None, 180, []), ("OK", None, 180, ["CASE"]),
       ("E_REASON", 36, 480, []), ("E_EOL", 18, 182, []), ("E_CODE", 11, 183, []),
       ("E_SPACE", 11, 183, []), ("OK", None, 200, []), ("OK", None, 200, ["PHRASE"])]'

# live NAME IFACE SIPP_T PORT STOP: check --json -i IFACE during 2 calls;
# STOP is "duration" (the run ends by itself) or a signal name.
live() {
    local name=$1 iface=$2 t=$3 port=$4 stop=$5 pid k p="" transport=udp extra=()
    [ "$t" = t1 ] && transport=tcp
    if [ -n "$live_skip" ]; then
        skip "$name" "$live_skip"
        return
    fi
    [ "$stop" = duration ] && extra=(--duration 6)
    "$S" check --json -i "$iface" --port "$port" --port $((port + 1)) "${extra[@]}" \
        >"$T/live.out" 2>"$T/live.err" &
    pid=$!
    PIDS+=("$pid")
    if ! wait_for grep -qs 'listening on' "$T/live.err"; then
        report "$name" "check -i did not start: $(cat "$T/live.err")"
        return
    fi
    p=$(calls "$t" "$port")
    if [ "$stop" != duration ]; then
        sleep 0.5
        kill -s "$stop" "$pid"
    fi
    for k in $(seq 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        report "$name" "check -i still running 15 s after it should have ended"
        return
    fi
    wait "$pid"
    rc=$?
    if [ -n "$p" ]; then
        report "$name" "$p"
        return
    fi
    py "$name" "$T/live.out" "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
got = [(r['result'], r['error_offset'], r['code'], r['notes']) for r in rows]
want = [tuple(c) for c in $CALL] * 2
assert got == want, 'got:\\n' + '\\n'.join(map(str, got)) + '\\nstderr: ' + open('$T/live.err').read()[:400]
frames = [r['frame'] for r in rows]
assert frames == sorted(set(frames)), frames
for r in rows:
    assert r['file'] == '$iface' and r['transport'] == '$transport', r
    assert (r['src'], r['dst']) == ('127.0.0.1:$port', '127.0.0.1:$((port + 1))'), r
    assert r['call_id'] and r['cseq']['method'] in ('INVITE', 'BYE'), r
assert rows[3]['line'] == 'SIP/2.0 480 Temporarily Unavailable [call Processing Released]'
err = open('$T/live.err').read()
assert 'sipstatus: 18 responses checked: 10 valid, 8 invalid' in err, err
assert $rc == 1, 'exit status %d, want 1' % $rc
"
}
live "check -i lo --duration: the responses of 2 UDP calls, as sipp sent them" lo u1 25200 duration
live "check -i lo, SIGINT: the responses of 2 TCP calls, then the summary" lo t1 25202 INT
live "check -i any, SIGTERM: the responses of 2 UDP calls, then the summary" any u1 25204 TERM

# --packets: ends by itself after N packets.
if [ -n "$live_skip" ]; then
    skip "check -i lo --packets 3" "$live_skip"
else
    "$S" check --json -i lo --port 25206 --port 25207 --packets 3 >"$T/pk.out" 2>"$T/pk.err" &
    pk=$!
    PIDS+=("$pk")
    wait_for grep -qs 'listening on' "$T/pk.err"
    calls u1 25206 >/dev/null
    for k in $(seq 100); do kill -0 "$pk" 2>/dev/null || break; sleep 0.1; done
    p=""
    if kill -0 "$pk" 2>/dev/null; then
        p="still running"
        kill "$pk"
    fi
    wait "$pk"
    grep -qF 'sipstatus: 3 frames read from 1 capture' "$T/pk.err" || p+=" stderr: $(cat "$T/pk.err")"
    report "check -i lo --packets 3: ends after 3 packets" "$p"
fi

tap_end
