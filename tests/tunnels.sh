#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/tunnels.sh - `sipstatus check` on SIP inside VXLAN, in a pcapng with two link types, and gzipped,
# on the committed captures (tests/data/README.md lists, from tshark, what each frame holds)
# and, as root, on a capture made live over a vxlan between two network namespaces.
#
#   bash tests/tunnels.sh build/sipstatus
#
# Asserts that exactly the responses the sipp UAS sent are reported (frame,
# result, byte, code, notes), with the addresses of the innermost IP header,
# and that a .gz gives the same rows as the file it was made from, read by
# name or from stdin.  The LIVE part needs root, ip, sipp and tcpdump, and
# a kernel with veth and vxlan; it makes its own namespaces ss-a-PID and
# ss-b-PID (tests/data/tunnel-net.sh) and deletes them on exit.  Without
# these it is skipped, saying why.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/tunnels.sh path/to/sipstatus" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1
case $S in /*) ;; *) S=$PWD/$S ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-tunnels.XXXXXX") || exit 2
# shellcheck source=tests/data/tunnel-net.sh
. "$HERE/data/tunnel-net.sh"
trap 'tun_down; rm -rf "$T"' EXIT
trap 'exit 2' INT TERM
exec </dev/null
cd "$HERE/data" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

# The per-call responses of tests/data/sipp/uas_malformed.xml, in order, as
# (result, error offset, code, notes), as in tests/data.sh.
CALL='[("OK", None, 100, []), ("OK", None, 180, []), ("OK", None, 180, ["CASE"]),
       ("E_REASON", 36, 480, []), ("E_EOL", 18, 182, []), ("E_CODE", 11, 183, []),
       ("E_SPACE", 11, 183, []), ("OK", None, 200, []), ("OK", None, 200, ["PHRASE"])]'
# Frames of the responses (tests/data/README.md): 2 UDP calls; the same 2
# calls over TCP; in sipp-merged.pcapng, interface 0 (frames 1-24) then
# interface 1 (frames 25-48).
UDP_FRAMES='[2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 18, 19, 20, 21, 24]'
TCP_FRAMES='[6, 8, 10, 12, 14, 16, 18, 20, 25, 28, 30, 32, 34, 36, 38, 40, 42, 47]'
MERGED_FRAMES='[2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 18, 19, 20, 21, 24,
                26, 27, 28, 29, 30, 31, 32, 33, 36, 38, 39, 40, 41, 42, 43, 44, 45, 48]'

# check_rows NAME FRAMES TRANSPORT UAS UAC [PYTHON]: after run (check
# --json), stdout holds exactly the responses sipp sent, at FRAMES (a
# python list, or None for "any, increasing"), each from the address UAS
# to UAC (python expressions, which may use the row's index i), over
# TRANSPORT, and the exit status is 1 (invalid lines found).  PYTHON: more
# assertions on rows.
check_rows() {
    py "$1" "$T/out" "
import json, sys
rc = $rc
rows = [json.loads(l) for l in sys.stdin]
got = [(r.get('frame'), r.get('result'), r.get('error_offset'), r.get('code'), r.get('notes')) for r in rows]
frames = $2
calls = $CALL * (len(frames) // 9 if frames else 2)
if frames is None:
    frames = [r.get('frame') for r in rows]
    assert all(isinstance(f, int) for f in frames) and frames == sorted(set(frames)), frames
want = [(f,) + c for f, c in zip(frames, calls)]
assert len(want) == len(calls)
assert got == want, 'got:\\n' + '\\n'.join(map(str, got)) + '\\nstderr: ' + open('$T/err').read()[:400]
for i, r in enumerate(rows):
    assert r['transport'] == '$3' and r['offset'] == 0 and not r['partial'], r
    assert (r['src'], r['dst']) == ($4, $5), (i, r['src'], r['dst'])
assert rows[8]['reason'] == 'Tr\u00e8s bien', rows[8]
assert rows[3]['line'] == 'SIP/2.0 480 Temporarily Unavailable [call Processing Released]'
assert rc == 1, 'exit status %d, want 1' % rc
${6:-}
"
}

# responses FILE FRAMES TRANSPORT UAS UAC [PYTHON]: check --json FILE, then check_rows.
responses() {
    local f=$1
    shift
    run "$S" check --json "$f"
    check_rows "$f: exactly the responses sipp sent, innermost addresses, over $2" "$@"
}

# The UAS answers from PORT to the UAC on PORT+1 (make-tunnel-captures.sh).
responses sipp-vxlan.pcap "$UDP_FRAMES" udp '"198.51.100.2:25180"' '"198.51.100.1:25181"'
responses sipp-vxlan-tcp.pcap "$TCP_FRAMES" tcp '"198.51.100.2:25182"' '"198.51.100.1:25183"'
responses sipp-vxlan6.pcap "$UDP_FRAMES" udp '"[2001:db8::2]:25184"' '"[2001:db8::1]:25185"'

# Interface 0 is tcpdump -i any (LINUX_SLL2, microseconds) with the calls
# on 25186/25187, interface 1 tcpdump -i veth-a (Ethernet, nanoseconds) on
# 25188/25189, both over the veth (192.0.2.0/24); each row keeps the time
# stamp of its frame to the nanosecond (from tshark -e frame.time_epoch,
# README), however many digits it is written with.
MERGED_UAS='"192.0.2.2:%d" % (25186 if i < 18 else 25188)'
MERGED_UAC='"192.0.2.1:%d" % (25187 if i < 18 else 25189)'
MERGED_TIMES="
import datetime
def ns(t):
    assert t.endswith('Z') and '.' in t, t
    whole, frac = t[:-1].split('.')
    s = datetime.datetime.strptime(whole, '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    return int(s.timestamp()) * 10**9 + int(frac.ljust(9, '0'))
times = {r['frame']: ns(r['time']) for r in rows}
assert times[2] == 1796165211689598000, times[2]
assert times[24] == 1796165211801242000, times[24]
assert times[26] == 1796165213693005075, times[26]
assert times[48] == 1796165213806970882, times[48]
"
responses sipp-merged.pcapng "$MERGED_FRAMES" udp "$MERGED_UAS" "$MERGED_UAC" "$MERGED_TIMES"

# gz FILE.gz FRAMES TRANSPORT UAS UAC: a .gz gives the rows of the file it
# was made from (all but "file"), and those rows are the right ones; read
# by name, and on stdin.
gz() {
    local f=$1 same
    shift
    run "$S" check --json "${f%.gz}"
    cp "$T/out" "$T/plain.json"
    same="
import json
plain = [json.loads(l) for l in open('$T/plain.json')]
for r in plain + rows:
    r.pop('file', None)
assert rows == plain, 'rows differ from those of ${f%.gz}'
"
    run "$S" check --json "$f"
    check_rows "$f: the rows of ${f%.gz}" "$@" "$same"
    run "$S" check --json - <"$f"
    check_rows "$f on stdin: the rows of ${f%.gz}" "$@" "$same"
}
gz sipp-udp.pcap.gz "$UDP_FRAMES" udp '"127.0.0.1:25160"' '"127.0.0.1:25161"'
gz sipp-vxlan.pcap.gz "$UDP_FRAMES" udp '"198.51.100.2:25180"' '"198.51.100.1:25181"'
gz sipp-merged.pcapng.gz "$MERGED_FRAMES" udp "$MERGED_UAS" "$MERGED_UAC"

# --- LIVE: over a vxlan made here ------------------------------------------

live_skip=""
if [ "$(id -u)" != 0 ]; then
    live_skip="not root: making network namespaces needs root"
else
    for tool in ip ss sipp tcpdump timeout; do
        command -v $tool >/dev/null 2>&1 || { live_skip="$tool not found"; break; }
    done
fi
if [ -z "$live_skip" ] && ! tun_up 2>"$T/tun.err"; then
    live_skip="could not make namespaces, veth and vxlan: $(head -c 200 "$T/tun.err" | tr '\n' ' ')"
fi

# live NAME SIPP_T PORT FRAMES TRANSPORT: 2 calls over the vxlan (IPv4
# inside) captured on the outer veth, then check --json on the capture.
live() {
    local name=$1 sipp_t=$2 port=$3 frames=$4 transport=$5
    local what="LIVE: $transport over vxlan, captured on the outer veth"
    if [ -n "$live_skip" ]; then
        skip "$what" "$live_skip"
        return
    fi
    if ! tun_calls "$T" "$name" "$sipp_t" "$TUN_B" "$TUN_INNER_B" "$TUN_A" "$TUN_INNER_A" "$port" \
        "$HERE/data/sipp" "$TUN_A" tcpdump -U --immediate-mode -B 32768 -s 0 -n -i "$TUN_VETH_A" \
        -w "$T/$name" "$(tun_filter "$port" v4)" 2>"$T/live.err"; then
        report "$what" "the calls or the capture failed: $(tail -n 20 "$T/live.err")"
        return
    fi
    run "$S" check --json "$T/$name"
    check_rows "$what" "$frames" "$transport" "'$TUN_INNER_B:$port'" "'$TUN_INNER_A:$((port + 1))'" "
assert all(r['file'] == '$T/$name' for r in rows)
"
}
live live-udp.pcap u1 25190 "$UDP_FRAMES" udp
# Over TCP the pure ACKs depend on timing, so the frames are only required
# to increase.
live live-tcp.pcap t1 25192 None tcp

tap_end
