#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/kamailio.sh - `sipstatus listen` fed by a real Kamailio: its
# siptrace module mirrors in HEP (v3, then v2; over UDP, then TCP) what it
# proxies, statelessly, between a sipp UAC and the malformed-response sipp
# UAS of tests/data/sipp, all on 127.0.0.1.  The findings of listen must
# equal those of `sipstatus check` on a tcpdump capture of the same calls
# (both legs: UAS to Kamailio and Kamailio to UAC), row for row but for the
# file, frame, time and transport.
#
#   bash tests/kamailio.sh build/sipstatus
#
# Needs root (tcpdump), kamailio with siptrace.so, sipp, tcpdump and ss;
# without them it is skipped, saying why.  Every wait is bounded, every
# process started is stopped on exit.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/kamailio.sh path/to/sipstatus" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1
case $S in /*) ;; *) S=$PWD/$S ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-kamailio.XXXXXX") || exit 2
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    [ -n "${KEEP:-}" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
exec </dev/null
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

MODULES=""
for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/kamailio/modules \
    /usr/local/lib64/kamailio/modules "$(dirname "$(command -v kamailio 2>/dev/null || echo /x)")/../lib/kamailio/modules"; do
    [ -f "$d/siptrace.so" ] && { MODULES=$d; break; }
done
why=""
if [ "$(id -u)" != 0 ]; then
    why="not root: the tcpdump capture needs root"
else
    for tool in kamailio sipp tcpdump ss timeout python3; do
        command -v $tool >/dev/null 2>&1 || { why="$tool not found"; break; }
    done
    [ -n "$why" ] || [ -n "$MODULES" ] || why="kamailio's siptrace.so not found"
fi

wait_for() { # COMMAND...: up to 10 s
    local k
    for k in $(seq 100); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
bound() { # PROTO PORT
    local flag=-u
    [ "$1" = tcp ] && flag=-t
    ss -H -n -l $flag "sport = :$2" | grep -q .
}
# stop PID: TERM, then at most 10 s, then KILL.
stop() {
    local k
    kill "$1" 2>/dev/null
    for k in $(seq 100); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

BASE=$((26000 + ($$ % 300) * 10))

# one VERSION TRANSPORT N: calls through Kamailio mirroring HEP VERSION over TRANSPORT.
one() {
    local version=$1 transport=$2 n=$3 name="Kamailio siptrace, HEP v$1 over $2: listen finds what check finds on a capture"
    local proxy=$((BASE + n * 5)) uas=$((BASE + n * 5 + 1)) hep=$((BASE + n * 5 + 3))
    local lpid kpid tpid upid p="" d="$T/$n"
    if [ -n "$why" ]; then
        skip "$name" "$why"
        return
    fi
    mkdir -p "$d/run"
    sed "s|@PROXY@|$proxy|g; s|@UAS@|$uas|g; s|@HEP@|$hep|g; s|@HEP_TRANSPORT@|$transport|g;
         s|@HEP_VERSION@|$version|g; s|@MODULES@|$MODULES/|g" "$HERE/kamailio/kamailio.cfg" >"$d/k.cfg"
    "$S" listen --json --hep "127.0.0.1:$hep" >"$d/listen.json" 2>"$d/listen.err" &
    lpid=$!
    PIDS+=("$lpid")
    tcpdump -U --immediate-mode -s 0 -n -i lo -w "$d/cap.pcap" \
        "(port $proxy or port $uas or port $((uas + 1))) and not port $hep" 2>"$d/tcpdump.err" &
    tpid=$!
    PIDS+=("$tpid")
    kamailio -f "$d/k.cfg" -DD -E -Y "$d/run" >"$d/kamailio.log" 2>&1 &
    kpid=$!
    PIDS+=("$kpid")
    if ! wait_for grep -qs 'listening for HEP' "$d/listen.err" ||
        ! wait_for grep -qs 'listening on' "$d/tcpdump.err" ||
        ! wait_for bound udp "$proxy"; then
        report "$name" "did not start: $(tail -3 "$d/listen.err" "$d/tcpdump.err" "$d/kamailio.log")"
        return
    fi
    sleep 0.5
    timeout -k 5 40 sipp -sf "$HERE/data/sipp/uas_malformed.xml" -t u1 -i 127.0.0.1 -p "$uas" -m 2 \
        -nostdin -timeout 30s >"$d/uas.out" 2>&1 &
    upid=$!
    PIDS+=("$upid")
    wait_for bound udp "$uas"
    # Kamailio does not forward what it cannot parse, so the UAC's
    # scenario (which wants every response) fails: its status is not
    # the test's, the responses are.
    timeout -k 5 40 sipp -sf "$HERE/data/sipp/uac.xml" "127.0.0.1:$proxy" -t u1 -i 127.0.0.1 \
        -p $((uas + 1)) -m 2 -l 1 -nostdin -timeout 20s >"$d/uac.out" 2>&1
    stop "$upid"
    sleep 1
    stop "$kpid"
    stop "$tpid"
    stop "$lpid"
    "$S" check --json --port "$proxy" --port "$uas" --port $((uas + 1)) "$d/cap.pcap" >"$d/check.json" 2>"$d/check.err"
    py "$name" "$d/listen.json" "
import json, sys
keys = ['src', 'dst', 'offset', 'line', 'result', 'error_offset', 'code', 'reason', 'notes',
        'call_id', 'cseq', 'partial']
def rows(f):
    return sorted(json.dumps({k: r[k] for k in keys}, sort_keys=True) for r in map(json.loads, f))
got = rows(sys.stdin)
want = rows(open('$d/check.json'))
assert len(want) >= 18, 'the capture has %d responses: %s' % (len(want), open('$d/check.err').read()[-300:])
assert got == want, 'listen %d rows, check %d\\nonly listen: %s\\nonly check: %s\\n%s' % (
    len(got), len(want), sorted(set(got) - set(want))[:3], sorted(set(want) - set(got))[:3],
    open('$d/listen.err').read()[-300:])
results = [json.loads(r)['result'] for r in want]
for e in ['E_REASON', 'E_EOL', 'E_CODE', 'E_SPACE']:
    assert e in results, (e, results)
err = open('$d/listen.err').read()
assert 'HEP packets: v$version/$transport ' in err, err
assert 'dropped' not in err, err
"
}

one 3 udp 0
one 3 tcp 1
one 2 udp 2
one 2 tcp 3

tap_end
