#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/listen.sh - `sipstatus listen` on loopback: HEP v3 and v2 over UDP
# and TCP from tests/listen/hep.py, whose findings must equal those of
# `sipstatus check` on the capture the packets came from (--color too); the key
# (--hep-password) and --allow paths; hostile packets counted by reason;
# a stalled TCP sender that holds up no one; the connection and buffer
# limits; SIGHUP reopening --output; SIGINT/SIGTERM ending with the
# summary and exit 0; the /metrics exposition (promtool check metrics) and
# a real Prometheus server scraping it, read back through its HTTP API.
#
#   bash tests/listen.sh build/sipstatus
#
# Every wait is bounded; every process started here is stopped on exit;
# ports are picked from the pid, so two runs do not meet.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/listen.sh path/to/sipstatus" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1
case $S in /*) ;; *) S=$PWD/$S ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-listen.XXXXXX") || exit 2
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
if [ "$HAVE_PY" = 0 ]; then
    skip "listen" "no python3"
    tap_end
    exit $?
fi
HEP="python3 $HERE/listen/hep.py"
BASE=$((20000 + ($$ % 4000) * 10))
PORT=$BASE

# wait_for COMMAND...: up to 10 s for COMMAND to succeed.
wait_for() {
    local k
    for k in $(seq 100); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# start ARGS...: sipstatus listen ARGS on a new port ($PORT); stdout to
# $T/l.out, stderr to $T/l.err; returns once it listens.
start() {
    PORT=$((PORT + 1))
    "$S" listen --hep "127.0.0.1:$PORT" "$@" >"$T/l.out" 2>"$T/l.err" &
    LPID=$!
    PIDS+=("$LPID")
    wait_for grep -qs 'listening for HEP' "$T/l.err"
}

# stop [SIGNAL]: ends it (TERM by default) and waits at most 10 s; $rc its status.
stop() {
    local k
    sleep 0.3 # what was sent has reached the socket
    kill -s "${1:-TERM}" "$LPID" 2>/dev/null
    for k in $(seq 100); do
        kill -0 "$LPID" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$LPID" 2>/dev/null; then
        kill -9 "$LPID"
        echo "listen did not end on SIG${1:-TERM}" >>"$T/l.err"
    fi
    wait "$LPID"
    rc=$?
}

# The rows check --json gives on the capture, to compare against.
"$S" check --json sipp-udp.pcap >"$T/check.json" 2>/dev/null

# same NAME TRANSPORT [PYTHON]: listen's rows are check's, field by field
# (but file, frame and transport), all over TRANSPORT; exit 0.
same() {
    py "$1" "$T/l.out" "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
want = [json.loads(l) for l in open('$T/check.json')]
keys = ['time', 'src', 'dst', 'offset', 'line', 'result', 'error_offset', 'code', 'reason',
        'notes', 'call_id', 'cseq', 'partial']
got = [{k: r[k] for k in keys} for r in rows]
exp = [{k: r[k] for k in keys} for r in want]
assert len(exp) == 18
assert got == exp, 'got %d rows:\\n%s\\nstderr: %s' % (len(got), '\\n'.join(map(str, got[:3])), open('$T/l.err').read()[:500])
assert all(r['transport'] == '$2' for r in rows), set(r['transport'] for r in rows)
assert $rc == 0, 'exit status %d' % $rc
err = open('$T/l.err').read()
assert 'sipstatus: 18 responses checked: 10 valid, 8 invalid' in err, err
${3:-}
"
}

start --json
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
stop TERM
same "HEP v3/UDP: the findings of check on the same capture; SIGTERM: summary, exit 0" hep/udp "
assert 'HEP packets: v3/udp 24;' in err, err
assert all(r['file'].startswith('hep-udp:127.0.0.1:') for r in rows)"

start --json
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --tcp --split 7
stop INT
same "HEP v3/TCP, 7 bytes a read: the findings of check; SIGINT: summary, exit 0" hep/udp "
assert 'HEP packets: v3/tcp 24;' in err, err
assert all(r['file'].startswith('hep-tcp:127.0.0.1:') for r in rows)"

start --json
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --v2
stop
same "HEP v2/UDP: the findings of check" hep/udp "
assert 'HEP packets: v2/udp 24;' in err, err"

start --json
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --v2 --tcp --split 5
stop
same "HEP v2/TCP, 5 bytes a read (framed by the SIP message's Content-Length): the findings of check" hep/udp "
assert 'HEP packets: v2/tcp 24;' in err, err"

# text mode: the errors, as check prints them but for the name and frame
start
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
stop
"$S" check sipp-udp.pcap 2>/dev/null | sed 's/^[^ ]* //; s/ udp / hep\/udp /' >"$T/check.txt"
sed 's/^[^ ]* //' "$T/l.out" >"$T/listen.txt"
report "text mode: the error lines of check, with hep/udp" "$(diff "$T/check.txt" "$T/listen.txt" | head -10)"

# --color: listen's text writer is check's; always colours it, never (and
# auto, stdout being a file here) does not
start --color=always
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
stop
ESC=$(printf '\033')
"$S" check --color=always sipp-udp.pcap 2>/dev/null | sed 's/^[^ ]* //; s/ udp / hep\/udp /' >"$T/check.txt"
sed 's/^[^ ]* //' "$T/l.out" >"$T/listen.txt"
report "listen --color=always: the coloured error lines of check" \
    "$(grep -q "${ESC}\\[1;31merror:" "$T/listen.txt" || echo "no red 'error:' in listen's output"; diff "$T/check.txt" "$T/listen.txt" | head -10)"
start --color=never
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
stop
report "listen --color=never: no escape in the error lines" \
    "$(grep -c "$ESC" "$T/l.out" | grep -vx 0; grep -q ' error: ' "$T/l.out" || echo 'no error lines')"

# --- the key and --allow ------------------------------------------------------

start --json --hep-password s3cret
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --key s3cret
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --key wrong
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --key s3cre
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --v2
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --key s3cret --tcp
stop
py "--hep-password: only packets with the key are decoded; the others dropped as auth" "$T/l.out" "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
err = open('$T/l.err').read()
assert len(rows) == 36, (len(rows), err)
assert 'HEP packets: v3/udp 24, v3/tcp 24; dropped: auth 96;' in err, err
"

start --json --allow 10.0.0.0/8 --allow 2001:db8::/32
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --tcp 2>/dev/null
stop
py "--allow 10.0.0.0/8: a sender on 127.0.0.1 is dropped (datagrams and connections)" "$T/l.out" "
import sys
err = open('$T/l.err').read()
assert sys.stdin.read() == '', 'rows came'
assert 'HEP packets: none; dropped: denied 25;' in err, err
"

start --json --allow 127.0.0.0/8
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
stop
same "--allow 127.0.0.0/8: a sender on 127.0.0.1 is decoded" hep/udp

run "$S" listen --allow 300.0.0.0/8
p=""
[ "$rc" = 2 ] || p="exit status $rc"
grep -qF "'300.0.0.0/8' is not an address or CIDR" "$T/err" || p+=" $(cat "$T/err")"
report "--allow with a bad address: usage error" "$p"
run "$S" listen --hep 127.0.0.1
p=""
[ "$rc" = 2 ] || p="exit status $rc"
report "--hep without a port: usage error" "$p"

# --- hostile senders ----------------------------------------------------------

start --json
$HEP hostile 127.0.0.1 $PORT
$HEP hostile 127.0.0.1 $PORT --tcp
stop
py "hostile HEP: each broken packet counted by reason, never fatal" "$T/l.out" "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
err = open('$T/l.err').read()
assert len(rows) == 2 and all(r['result'] == 'OK' for r in rows), rows
assert 'HEP packets: v3/udp 1, v3/tcp 1; dropped: not-hep 3, truncated 2, malformed 6, cut 1;' in err, err
assert $rc == 0
"

# A sender that sends half a packet and stalls holds up no one.
start --json
$HEP slow 127.0.0.1 $PORT 8 &
SLOW=$!
PIDS+=("$SLOW")
sleep 0.3
t0=$(date +%s%N)
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --tcp
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
wait_for test "$(wc -l <"$T/l.out")" -ge 36
t1=$(date +%s%N)
p=""
[ "$(wc -l <"$T/l.out")" = 36 ] || p="$(wc -l <"$T/l.out") rows, want 36"
[ $(((t1 - t0) / 1000000)) -lt 4000 ] || p+=" took $(((t1 - t0) / 1000000)) ms"
kill -0 "$SLOW" 2>/dev/null || p+=" (the slow sender was gone already)"
stop
kill "$SLOW" 2>/dev/null
wait "$SLOW" 2>/dev/null
grep -qF 'dropped: cut 1;' "$T/l.err" || p+=" $(tail -1 "$T/l.err")"
report "a stalled TCP sender does not hold up the others; its half packet counted as cut" "$p"

# --max-connections 2: a third connection is refused, counted.
start --json --max-connections 2
python3 -c "
import socket, time
s = [socket.create_connection(('127.0.0.1', $PORT)) for _ in range(3)]
time.sleep(0.5)
" 
stop
p=""
grep -qF 'dropped: connections 1;' "$T/l.err" || p="$(tail -1 "$T/l.err")"
report "--max-connections 2: the third connection is dropped, counted" "$p"

# --max-memory 64K: 16K of TCP buffers; a packet that says 65535 bytes does not fit.
start --json --max-memory 64K
python3 -c "
import socket, time
s = socket.create_connection(('127.0.0.1', $PORT))
s.sendall(b'HEP3\xff\xff' + b'\x00' * 40000)
time.sleep(0.3)
"
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --tcp
stop
p=""
grep -qF 'dropped: budget 1;' "$T/l.err" || p="$(tail -1 "$T/l.err")"
python3 -c "
import re, sys
m = re.search(r'TCP buffers: at most (\d+) bytes of (\d+)', open('$T/l.err').read())
sys.exit(0 if m and int(m.group(1)) <= int(m.group(2)) == 16384 else 1)" || p+=" buffers past the budget: $(tail -1 "$T/l.err")"
[ "$(wc -l <"$T/l.out")" = 18 ] || p+=" $(wc -l <"$T/l.out") rows after it, want 18"
report "--max-memory 64K: a connection past the TCP budget is closed, counted; others go on" "$p"

# --- --output and SIGHUP ------------------------------------------------------

start --json --output "$T/rows.json"
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
wait_for test "$(wc -l <"$T/rows.json" 2>/dev/null || echo 0)" -ge 18
mv "$T/rows.json" "$T/rows.json.1"
kill -HUP "$LPID"
sleep 0.5
$HEP send 127.0.0.1 $PORT sipp-udp.pcap --tcp
stop
p=""
[ "$(wc -l <"$T/rows.json.1")" = 18 ] || p="rotated file: $(wc -l <"$T/rows.json.1") rows"
[ "$(wc -l <"$T/rows.json" 2>/dev/null)" = 18 ] || p+=" new file: $(wc -l <"$T/rows.json" 2>/dev/null) rows"
grep -q hep-tcp "$T/rows.json" 2>/dev/null || p+=" new file without the TCP rows"
[ -s "$T/l.out" ] && p+=" rows on stdout"
[ "$rc" = 0 ] || p+=" exit $rc"
report "--output: SIGHUP reopens the file (rotation); nothing on stdout" "$p"

# --- metrics ------------------------------------------------------------------

MPORT=$((BASE + 9))
start --json --metrics "127.0.0.1:$MPORT"
$HEP send 127.0.0.1 $PORT sipp-udp.pcap
$HEP hostile 127.0.0.1 $PORT
sleep 0.5
python3 -c "
import urllib.request, urllib.error, sys
open('$T/metrics', 'wb').write(urllib.request.urlopen('http://127.0.0.1:$MPORT/metrics', timeout=5).read())
try:
    urllib.request.urlopen('http://127.0.0.1:$MPORT/other', timeout=5)
    sys.exit('no 404')
except urllib.error.HTTPError as e:
    assert e.code == 404, e.code
" 2>"$T/m.err" || echo "fetch failed: $(cat "$T/m.err")" >"$T/metrics.fail"
py "/metrics: the counters, HELP and TYPE for each family, 404 elsewhere" "$T/metrics" "
import sys, os
assert not os.path.exists('$T/metrics.fail'), open('$T/metrics.fail').read()
text = sys.stdin.read()
for line in ['sipstatus_responses_total{result=\"valid\"} 11', 'sipstatus_responses_total{result=\"invalid\"} 8',
             'sipstatus_errors_total{kind=\"E_REASON\"} 2', 'sipstatus_notes_total{note=\"PHRASE\"} 2',
             'sipstatus_codes_total{code=\"180\"} 4', 'sipstatus_hep_packets_total{version=\"3\",transport=\"udp\"} 25',
             'sipstatus_dropped_total{reason=\"malformed\"} 6', 'sipstatus_skipped_total{reason=\"request\"} 6',
             'sipstatus_source_errors_total{source=\"127.0.0.1\"} 8', 'sipstatus_source_errors_total{source=\"other\"} 0']:
    assert line + '\n' in text, line + ' not in:\n' + text
for fam in ['responses', 'errors', 'notes', 'codes', 'hep_packets', 'dropped', 'skipped', 'source_errors']:
    assert '# HELP sipstatus_%s_total ' % fam in text and '# TYPE sipstatus_%s_total counter\n' % fam in text, fam
"
if command -v promtool >/dev/null 2>&1; then
    promtool check metrics <"$T/metrics" >"$T/promtool.out" 2>&1
    report "promtool check metrics accepts the exposition" "$([ $? = 0 ] || cat "$T/promtool.out")"
else
    report "promtool check metrics accepts the exposition" "promtool not found (scripts/deps check installs prometheus)"
fi

# A real Prometheus server scrapes it and gives a counter back.
if command -v prometheus >/dev/null 2>&1; then
    PPORT=$((BASE + 8))
    cat >"$T/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: sipstatus
    static_configs:
      - targets: ['127.0.0.1:$MPORT']
EOC
    prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
        --web.listen-address="127.0.0.1:$PPORT" >"$T/prom.log" 2>&1 &
    PROM=$!
    PIDS+=("$PROM")
    p="no value"
    for k in $(seq 60); do
        if python3 -c "
import json, urllib.request, urllib.parse, sys
q = urllib.parse.quote('sipstatus_responses_total{result=\"invalid\",job=\"sipstatus\"}')
r = json.load(urllib.request.urlopen('http://127.0.0.1:$PPORT/api/v1/query?query=' + q, timeout=2))
res = r['data']['result']
sys.exit(0 if res and res[0]['value'][1] == '8' else 1)
" 2>/dev/null; then
            p=""
            break
        fi
        sleep 0.5
    done
    [ -z "$p" ] || p="no value within 30 s: $(tail -3 "$T/prom.log")"
    kill "$PROM"
    wait "$PROM" 2>/dev/null
    report "a Prometheus server scraping listen reads sipstatus_responses_total{result=\"invalid\"} 8" "$p"
else
    report "a Prometheus server scraping listen" "prometheus not found (scripts/deps check installs it)"
fi
stop

run "$S" listen --hep "127.0.0.1:$MPORT" --metrics "127.0.0.1:$MPORT"
p=""
[ "$rc" = 2 ] || p="exit status $rc"
report "--metrics on a port in use: said, exit 2" "$p"

tap_end
