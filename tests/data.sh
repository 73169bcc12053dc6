#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/data.sh - `sipstatus check` on the captures sipp and tcpdump/dumpcap
# made (tests/data/README.md lists, from tshark, what each frame holds).
#
#   bash tests/data.sh build/sipstatus
#
# Asserts that exactly the malformed responses the sipp UAS sent are
# reported (frame, kind, byte) and nothing else, and the summary's counts.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/data.sh path/to/sipstatus" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1
case $S in /*) ;; *) S=$PWD/$S ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-data.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$HERE/data" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

# The per-call responses of tests/data/sipp/uas_malformed.xml, in order, as
# (result, error offset, code, notes); frames differ per file.
CALL='[("OK", None, 100, []), ("OK", None, 180, []), ("OK", None, 180, ["CASE"]),
       ("E_REASON", 36, 480, []), ("E_EOL", 18, 182, []), ("E_CODE", 11, 183, []),
       ("E_SPACE", 11, 183, []), ("OK", None, 200, []), ("OK", None, 200, ["PHRASE"])]'
UDP_FRAMES='[2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 17, 18, 19, 20, 21, 24]'
TCP_FRAMES='[6, 8, 10, 12, 14, 16, 18, 20, 25, 28, 30, 32, 34, 36, 38, 40, 42, 47]'

# responses FILE FRAMES TRANSPORT: every response of FILE, in order.
responses() {
    run "$S" check --json "$1"
    py "$1: exactly the responses sipp sent, the malformed ones where they break" "$T/out" "
import json, sys
rows = [json.loads(l) for l in sys.stdin]
got = [(r['frame'], r['result'], r['error_offset'], r['code'], r['notes']) for r in rows]
want = [(f,) + c for f, c in zip($2, $CALL * 2)]
assert got == want, '\\n'.join(map(str, got))
assert all(r['transport'] == '$3' and r['offset'] == 0 and not r['partial'] for r in rows)
assert all(r['src'].startswith('127.0.0.1:') for r in rows)
import re
assert all(re.fullmatch(r'%d-[0-9]+@127\\.0\\.0\\.1' % (i // 9 + 1), r['call_id']) for i, r in enumerate(rows)), rows
assert [r['cseq'] for r in rows] == ([{'number': 1, 'method': 'INVITE'}] * 8 + [{'number': 2, 'method': 'BYE'}]) * 2, rows
assert rows[8]['reason'] == 'Tr\u00e8s bien', rows[8]
assert rows[3]['line'] == 'SIP/2.0 480 Temporarily Unavailable [call Processing Released]'
"
}

responses sipp-udp.pcap "$UDP_FRAMES" udp
responses sipp-udp.pcapng "$UDP_FRAMES" udp
responses sipp-any.pcap "$UDP_FRAMES" udp
responses sipp-udp-nano.pcap "$UDP_FRAMES" udp
responses sipp-tcp.pcap "$TCP_FRAMES" tcp

for f in sipp-udp.pcap sipp-udp.pcapng sipp-any.pcap sipp-udp-nano.pcap; do
    run "$S" check "$f"
    expect "$f: the summary" 1 @any \
"sipstatus: 18 responses checked: 10 valid, 8 invalid
sipstatus: invalid: E_SPACE 2, E_CODE 2, E_REASON 2, E_EOL 2
sipstatus: notes: CASE 2, PHRASE 2
sipstatus: codes: 100 2, 180 4, 200 4
sipstatus: 24 frames read from 1 capture; not checked: request 6
"
done
run "$S" check sipp-tcp.pcap
expect "sipp-tcp.pcap: the summary (26 segments without payload)" 1 @any \
"sipstatus: 18 responses checked: 10 valid, 8 invalid
sipstatus: invalid: E_SPACE 2, E_CODE 2, E_REASON 2, E_EOL 2
sipstatus: notes: CASE 2, PHRASE 2
sipstatus: codes: 100 2, 180 4, 200 4
sipstatus: 50 frames read from 1 capture; not checked: request 6, no-payload 26
"

run "$S" check sipp-udp.pcap
expect_grep "sipp-udp.pcap: the finding format with time and addresses" 1 out \
    '^sipp-udp\.pcap:#5 2026-[0-9-]+T[0-9:]+\.[0-9]{6}Z udp 127\.0\.0\.1:25160 > 127\.0\.0\.1:25161 Call-ID 1-[0-9]+@127\.0\.0\.1 CSeq 1 INVITE: error: .* \(E_REASON\) at byte 36$' \
    '^SIP/2\.0 480 Temporarily Unavailable \[call Processing Released\]$'
run "$S" check sipp-udp.pcapng sipp-udp-nano.pcap
expect_grep "pcapng and nanosecond pcap print nanoseconds" 1 out \
    '^sipp-udp\.pcapng:#6 [0-9T:.-]+\.[0-9]{9}Z udp ' '^sipp-udp-nano\.pcap:#6 [0-9T:.-]+\.[0-9]{9}Z udp '

run "$S" check --strict-utf8 --registered-only sipp-udp.pcap sipp-tcp.pcap sipp-any.pcap \
    sipp-udp.pcapng sipp-udp-nano.pcap
expect_grep "all five at once" 1 err '^sipstatus: 90 responses checked: 50 valid, 40 invalid$' \
    '^sipstatus: 146 frames read from 5 captures; not checked: request 30, no-payload 26$'

# A corrupt pcapng block: the 11th Enhanced Packet Block's length is made
# impossible; libpcap stops there, what came before is kept.
python3 - "$HERE/data/sipp-udp.pcapng" "$T/corrupt.pcapng" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
pos, epb = 0, 0
while pos < len(data):
    btype, blen = struct.unpack_from("<II", data, pos)
    if btype == 6:
        epb += 1
        if epb == 11:
            struct.pack_into("<I", data, pos + 4, 0x7FFFFFF0)
            break
    pos += blen
open(sys.argv[2], "wb").write(data)
PY
run "$S" check "$T/corrupt.pcapng" sipp-tcp.pcap
expect_grep "a corrupt pcapng block: findings before it, the next file checked, exit 2" 2 err \
    "^sipstatus: $T/corrupt.pcapng: damaged after frame #10: .*; the rest of the file is not checked$" \
    '^sipstatus: 26 responses checked: 14 valid, 12 invalid$' '^sipstatus: 1 file could not be read$'

tap_end
