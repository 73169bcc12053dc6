#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/capture.sh - `sipstatus check` on captures, end to end.
#
#   bash tests/capture.sh build/sipstatus build/craft/craft
#
# The crafted captures (tests/craft/craft.c writes them with pcap_dump)
# cover each link type, IPv4/IPv6, fragments, TCP reassembly, HEP and
# damaged files; each case asserts the exact findings (frame, time,
# addresses, kind, byte) and the summary.  The captures made by sipp and
# tcpdump (tests/data/) are checked in tests/data.sh.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/capture.sh path/to/sipstatus path/to/craft" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1 CRAFT=$2
case $S in /*) ;; *) S=$PWD/$S ;; esac
case $CRAFT in /*) ;; *) CRAFT=$PWD/$CRAFT ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-capture.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

"$CRAFT" . || { echo "tests/capture.sh: $CRAFT failed" >&2; exit 2; }

# csum RESPONSES VALID INVALID [MORE...]: a summary of responses (see totals).
csum() { totals response "$@"; }

W='2026-11-24T12:00'   # the crafted frames are one second apart from 12:00:00
A='10.0.0.1:5060 > 10.0.0.2:5060'
A6='[2001:db8::1]:5060 > [2001:db8::2]:5060'

# ------------------------------------------------------------ link layers

run "$S" check ethernet.pcap
expect "ethernet: VLAN and QinQ tags, requests, keep-alives, STUN, ports" 1 \
"ethernet.pcap:#2 $W:01.123456Z udp 10.0.0.1:5060 > 10.0.0.2:5062: error: $M_REASON (E_REASON) at byte 15
SIP/2.0 200 OK \"quoted\"
               ^
ethernet.pcap:#8 $W:07.123456Z udp $A: error: $M_VERSION (E_VERSION) at byte 3
SIP /2.0 200 OK
   ^
ethernet.pcap:#11 $W:10.123456Z udp $A: error: the message ends inside the status line (INCOMPLETE) at byte 19
SIP/2.0 180 Ringing
                   ^
" "$(csum 8 5 3 'invalid: E_VERSION 1, E_REASON 1, INCOMPLETE 1' 'notes: CASE 1' \
    'codes: 100 1, 180 1, 200 2, 486 1' \
    '14 frames read from 1 capture; not checked: keep-alive 1, request 1, not-sip 2, stun 1, not-ip 1' \
    'encapsulated frames: vlan 2')"$'\n'

run "$S" check --json ethernet.pcap
py "ethernet --json: one object per response, with where it was" "$T/out" '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [r["frame"] for r in rows] == [1, 2, 8, 9, 11, 12, 13, 14], rows
r = {r["frame"]: r for r in rows}
assert r[1] == {"file": "ethernet.pcap", "frame": 1, "time": "2026-11-24T12:00:00.123456Z",
    "transport": "udp", "src": "10.0.0.1:5060", "dst": "10.0.0.2:5060", "offset": 0,
    "line": "SIP/2.0 200 OK", "result": "OK", "error_offset": None, "code": 200,
    "reason": "OK", "notes": [], "call_id": None, "cseq": None, "partial": False}, r[1]
assert r[2]["result"] == "E_REASON" and r[2]["error_offset"] == 15 and r[2]["code"] == 200
assert r[9]["src"] == "10.0.0.1:7000" and r[9]["code"] == 486
assert r[11]["result"] == "INCOMPLETE" and r[11]["error_offset"] == 19
assert r[12]["offset"] == 2 and r[12]["code"] == 100, r[12]
assert r[13]["notes"] == ["CASE"], r[13]
'

# one counter for every format: INCOMPLETE is its own kind in the JSON
# summary as in the text one (it was counted as "other" in line mode once)
run "$S" check --json --summary ethernet.pcap
py "ethernet --json --summary: the summary as the last line, counted as in text" "$T/out" '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
s = rows[-1]["summary"]
assert len(rows) == 9 and all("summary" not in r for r in rows[:-1]), rows
assert (s["responses"], s["valid"], s["invalid"], s["incomplete"]) == (8, 5, 3, 1), s
assert s["invalid_by_kind"] == {"E_VERSION": 1, "E_REASON": 1}, s
assert s["codes"] == {"100": 1, "180": 1, "200": 2, "486": 1}, s
assert s["not_checked"] == {"keep-alive": 1, "request": 1, "not-sip": 2, "stun": 1, "not-ip": 1}, s
assert s["notes"] == {"CASE": 1} and s["frames"] == 14 and s["captures"] == 1, s
'

run "$S" check -W sll.pcap
expect "sll: Linux cooked v1, IPv4 and IPv6" 1 \
"sll.pcap:#2 $W:01.123456Z udp $A6: error: $M_REASON (E_REASON) at byte 19
SIP/2.0 603 Decline\\x7f
                   ^
" "$(csum 2 1 1 'invalid: E_REASON 1' 'codes: 200 1' '2 frames read from 1 capture')"$'\n'

run "$S" check sll2.pcap
expect "sll2: Linux cooked v2, IPv6 with hop-by-hop and destination options" 1 \
"sll2.pcap:#1 $W:00.123456Z udp $A6: error: $M_CODE (E_CODE) at byte 11
SIP/2.0 1800 Ringing
           ^
" "$(csum 1 0 1 'invalid: E_CODE 1' '1 frame read from 1 capture')"$'\n'

run "$S" check null.pcap loop.pcap
expect "null and loop: BSD loopback in both byte orders, IPv6 family 30" 1 \
"null.pcap:#2 $W:01.123456Z udp $A6: error: $M_EOL (E_EOL) at byte 20
SIP/2.0 180 Ringing\\x0d
                       ^
" "$(csum 3 2 1 'invalid: E_EOL 1' 'codes: 180 1, 183 1' '3 frames read from 2 captures')"$'\n'

run "$S" check raw.pcap
expect "raw: raw IPv4 and IPv6" 1 \
"raw.pcap:#1 $W:00.123456Z udp $A: error: $M_CODE (E_CODE) at byte 8
SIP/2.0 999 Nine
        ^
" "$(csum 2 1 1 'invalid: E_CODE 1' 'codes: 200 1' '2 frames read from 1 capture')"$'\n'

run "$S" check linktype.pcap
expect "an unsupported link type is said, counted, and exits 2" 2 "" \
"sipstatus: linktype.pcap: link type IEEE802_11 (105) is not supported; no frame of it is checked
$(csum 0 0 0 '2 frames read from 1 capture; not checked: link-type 2' '1 file could not be read')"$'\n'

# ------------------------------------------------------------- IP and TCP

run "$S" check frag.pcap
expect "frag: IPv4 out of order, IPv6, a lost fragment, a lone fragment, a hole" 1 \
"frag.pcap:#2 $W:01.123456Z udp $A: error: $M_REASON (E_REASON) at byte 13
SIP/2.0 200 O\\x01K
             ^
frag.pcap:#6 $W:05.123456Z udp $A: warning: IP datagram never completed (fragments missing); only what its first fragment carries is checked
" "$(csum 3 2 1 'invalid: E_REASON 1' 'codes: 202 1, 480 1' \
    '10 frames read from 1 capture; not checked: fragment 4' '1 capture warning')"$'\n'

run "$S" check --json frag.pcap
py "frag --json: the reassembled datagrams and the partial one" "$T/out" '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [(r["frame"], r["code"], r["partial"]) for r in rows] == \
    [(2, 200, False), (4, 202, False), (6, 480, True)], rows
assert rows[1]["src"] == "[2001:db8::1]:5060"
'

T1='10.0.0.1:5060 > 10.0.0.2:40000'
T2='10.0.0.1:5060 > 10.0.0.2:40002'
run "$S" check tcp.pcap
expect "tcp: two messages a segment, out of order, retransmission, Content-Length, gap, FIN" 1 \
"tcp.pcap:#2 $W:01.123456Z tcp $T1: error: $M_SPACE (E_SPACE) at byte 8
SIP/2.0  180 Ringing
        ^
tcp.pcap:#6 $W:05.123456Z tcp $T1: warning: TCP stream cannot be framed: a message without a valid Content-Length (RFC 3261 section 18.3); looking for the next one
tcp.pcap:#10 $W:09.123456Z tcp $T2: warning: TCP stream has a gap before this frame: 142 bytes were never captured
tcp.pcap:#11 $W:10.123456Z tcp $T2: warning: TCP stream ends inside a message
" "$(csum 11 10 1 'invalid: E_SPACE 1' 'codes: 100 1, 183 1, 200 4, 202 1, 404 1, 486 1, 487 1' \
    '21 frames read from 1 capture; not checked: keep-alive 1, no-payload 5, retransmission 2, unframed 4' \
    '3 capture warnings')"$'\n'

run "$S" check --json tcp.pcap
py "tcp --json: frames and offsets of each message" "$T/out" '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
got = [(r["frame"], r["offset"], r["code"], r["result"], r["partial"]) for r in rows]
assert got == [(2, 0, 100, "OK", False), (2, 41, None, "E_SPACE", False),
               (4, 0, 200, "OK", False), (6, 0, 404, "OK", False), (7, 0, 202, "OK", False),
               (9, 21, 200, "OK", False),
               (13, 0, 200, "OK", False),   # once: frame 14 sends it again
               (17, 0, 200, "OK", False),   # the FIN came first, in frame 16
               (21, 2, 183, "OK", False),   # after 90000 bytes of no line end
               # the stream with a gap waits for the end of the capture
               (10, 0, 486, "OK", False), (11, 0, 487, "OK", True)], got
'

run "$S" check --json tcpcut.pcap
py "tcpcut --json: TCP segments cut by the snapshot length, each message found again" "$T/out" '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
got = [(r["frame"], r["code"], r["partial"]) for r in rows]
assert got == [(2, 180, True), (3, 200, False), (5, 486, True)], got
'
run "$S" check tcpcut.pcap
expect_grep "tcpcut: each cut message said, the cut request skipped" 0 out \
    "^tcpcut.pcap:#2 $W:01.123456Z tcp 10.0.0.1:5060 > 10.0.0.2:40010: warning: TCP message cut short by the snapshot length\$"

# -------------------------------------------------------------------- HEP

run "$S" check hep.pcap
expect "hep.pcap: HEP v3 on UDP and TCP 9060, original addresses and time, a broken packet" 1 \
"hep.pcap:#2 2026-11-24T13:00:00.250000Z hep/udp [2001:db8::1]:5080 > [2001:db8::2]:5090: error: $M_ESCAPE (E_ESCAPE) at byte 15
SIP/2.0 200 O%4K
               ^
hep.pcap:#3 $W:02.123456Z udp 10.0.0.1:40000 > 10.0.0.2:9060: warning: broken HEP packet: chunk type 15 at byte 93 has length 136
hep.pcap:#5 2026-11-24T13:00:00.250000Z hep/udp [2001:db8::1]:5080 > [2001:db8::2]:5090: error: $M_REASON (E_REASON) at byte 35
SIP/2.0 181 Call Is Being Forwarded}
                                   ^
" "$(csum 5 3 2 'invalid: E_REASON 1, E_ESCAPE 1' 'notes: PHRASE 1' 'codes: 180 1, 200 1, 603 1' \
    '8 frames read from 1 capture; not checked: no-payload 1, unframed 1, hep 1' \
    'encapsulated frames: hep 3' '1 capture warning')"$'\n'

run "$S" check --hep-port 0 hep.pcap
expect_grep "--hep-port 0: HEP is not looked for" 0 err \
    '^sipstatus: 0 responses checked' 'not checked: not-sip 7, no-payload 1$'

run "$S" check hep.hep
expect "hep.hep: a file of HEP packets, junk between, cut at the end" 2 \
"hep.hep: warning: byte 183: 4 bytes that are not a HEP packet skipped
hep.hep:#2 2026-11-24T13:00:00.250000Z hep/udp [2001:db8::1]:5080 > [2001:db8::2]:5090: error: $M_UTF8 (E_UTF8) at byte 36
SIP/2.0 500 Server Internal Error \\xe2\\x82
                                          ^
" "sipstatus: hep.hep: damaged after packet #2: the file ends inside a HEP packet at byte 412; the rest of the file is not checked
$(csum 2 1 1 'invalid: E_UTF8 1' 'codes: 100 1' \
    '2 frames read from 1 capture; not checked: hep 1' '1 capture warning' '1 file could not be read')"$'\n'

# ------------------------------------------------- files, damage, options

run "$S" check nano.pcap
expect "nano: a nanosecond pcap prints nanoseconds" 1 \
"nano.pcap:#2 $W:01.000123456Z udp $A: error: $M_EOL (E_EOL) at byte 18
SIP/2.0 100 Trying
                  ^
" "$(csum 2 1 1 'invalid: E_EOL 1' 'codes: 100 1' '2 frames read from 1 capture')"$'\n'

run "$S" check bigendian.pcap
expect_grep "bigendian: a big-endian pcap reads the same" 1 out \
    "^bigendian.pcap:#2 $W:01.123456Z udp 10.0.0.1:5060 > 10.0.0.2:5062: error: .*\\(E_REASON\\) at byte 15$"

run "$S" check snaplen.pcap
expect "snaplen: a line cut by the snapshot length is said, one that fits is checked, a cut request skipped" 0 \
"snaplen.pcap:#1 $W:00.123456Z udp $A: warning: the status line goes on past the captured bytes; not checked
" "$(csum 1 1 0 'codes: 100 1' '3 frames read from 1 capture; not checked: request 1, truncated 1' '1 capture warning')"$'\n'

run "$S" check damaged.pcap raw.pcap
expect "damaged: findings before the damage kept, the next file checked, exit 2" 2 \
"damaged.pcap:#2 $W:01.123456Z udp 10.0.0.1:5060 > 10.0.0.2:5062: error: $M_REASON (E_REASON) at byte 15
SIP/2.0 200 OK \"quoted\"
               ^
raw.pcap:#1 $W:00.123456Z udp $A: error: $M_CODE (E_CODE) at byte 8
SIP/2.0 999 Nine
        ^
" "sipstatus: damaged.pcap: damaged after frame #4: the file ends inside a record of 99 captured bytes, 10 there; the rest of the file is not checked
$(csum 4 2 2 'invalid: E_CODE 1, E_REASON 1' 'codes: 200 2' \
    '6 frames read from 2 captures; not checked: not-sip 1, not-ip 1' 'encapsulated frames: vlan 2' \
    '1 file could not be read')"$'\n'

run sh -c "cat tcp.pcap | '$S' check --quiet -"
expect_grep "stdin: a capture through a pipe; --quiet prints no warning" 1 out \
    '^<stdin>:#2 .* \(E_SPACE\) at byte 8$' '!warning'
run sh -c "cat tcp.pcap | '$S' check -"
expect_grep "stdin: without --quiet, the warning" 1 out '^<stdin>:#11 .*: warning: TCP stream ends inside a message$'
run sh -c "'$S' check --json - <hep.hep"
expect_grep "stdin: a HEP file redirected" 2 out '"frame": 2, .*"result": "E_UTF8"'

run "$S" check --summary raw.pcap
expect_grep "--summary: the summary on stdout" 1 out '^sipstatus: 2 responses checked: 1 valid, 1 invalid$' \
    '^sipstatus: codes: 200 1$'

run "$S" check --lenient --registered-only -W ethernet.pcap
expect_grep "parse flags apply to captures; -W prints notes with where" 1 out \
    "^ethernet.pcap:#13 $W:12.123456Z udp $A: note: $N_CASE \\(CASE\\)$"

run "$S" check --port 7000 ethernet.pcap
expect_grep "--port: another port is SIP" 1 out \
    "^ethernet.pcap:#10 $W:09.123456Z udp 10.0.0.1:7000 > 10.0.0.2:7001: error: .*\\(E_VERSION\\) at byte 3$"
run "$S" check --port=70000 ethernet.pcap
expect_grep "--port: not a port" 2 err "^sipstatus: check: '70000' is not a port number \\(1-65535\\)$"
run "$S" check --port
expect_grep "--port: no value" 2 err "^sipstatus: check: option '--port' needs a value$"

printf 'SIP/2.0 200 OK\r\n' >lines.txt
run "$S" check lines.txt raw.pcap
expect_grep "lines and captures in one run" 1 err \
    '^sipstatus: 1 line, 2 responses checked: 2 valid, 1 invalid$'

# ------------------------------------------------------------ --show-skipped

run "$S" check --show-skipped ethernet.pcap
expect_grep "--show-skipped: each item not checked, with its frame and reason" 1 out \
    "^ethernet.pcap:#[0-9]+ $W:[0-9.]+Z udp [^ ]+ > [^ ]+: skipped: only CR, LF, SP, HTAB and NUL bytes \\(keep-alive\\)$" \
    "^ethernet.pcap:#[0-9]+ $W:[0-9.]+Z udp [^ ]+ > [^ ]+: skipped: a SIP request \\(request\\)$" \
    "^ethernet.pcap:#[0-9]+ .*: skipped: a payload that is not SIP \\(not-sip\\)$"
run "$S" check --show-skipped --json ethernet.pcap
expect_grep "--show-skipped: not in JSON on stdout" 1 out '!skipped:'

# ------------------------------------------------------------ pcapng in both byte orders, gzip

# sipp-udp.pcapng (little-endian, as dumpcap writes it) turned big-endian:
# every block's type and lengths, the section's magic and version, the
# interface's link type and snaplen, each option's code and length, and
# each packet block's fields; the packets' bytes stay.
python3 - "$HERE/data/sipp-udp.pcapng" be.pcapng <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
out, pos = [], 0
def opts(b):
    o, i = b'', 0
    while i + 4 <= len(b):
        code, ln = struct.unpack('<HH', b[i:i + 4])
        v = b[i + 4:i + 4 + ln]
        if code in (9,):
            pass
        elif ln == 8:
            v = struct.pack('>Q', struct.unpack('<Q', v)[0])
        o += struct.pack('>HH', code, ln) + v + b'\0' * ((-ln) % 4)
        i += 4 + ln + (-ln) % 4
        if code == 0:
            break
    return o
while pos < len(d):
    t, ln = struct.unpack('<II', d[pos:pos + 8])
    body = d[pos + 8:pos + ln - 4]
    if t == 0x0A0D0D0A:
        magic, ma, mi, sl = struct.unpack('<IHHq', body[:16])
        body = struct.pack('>IHHq', magic, ma, mi, sl) + opts(body[16:])
    elif t == 1:
        lt, res, snap = struct.unpack('<HHI', body[:8])
        body = struct.pack('>HHI', lt, res, snap) + opts(body[8:])
    elif t == 6:
        f = struct.unpack('<IIIII', body[:20])
        cap = f[3]
        pad = (-cap) % 4
        body = struct.pack('>IIIII', *f) + body[20:20 + cap + pad] + opts(body[20 + cap + pad:])
    n = len(body) + 12
    out.append(struct.pack('>II', t, n) + body + struct.pack('>I', n))
    pos += ln
open(sys.argv[2], 'wb').write(b''.join(out))
PY
run "$S" check --json "$HERE/data/sipp-udp.pcapng"
cp out le.json
run "$S" check --json be.pcapng
py "pcapng big-endian: the same rows as little-endian" "$T/out" '
import json, sys
be = [json.loads(l) for l in sys.stdin]
le = [json.loads(l) for l in open("le.json")]
for r in be + le:
    del r["file"]
assert len(be) == 18 and be == le, (len(be), len(le))
'

gzip -n -c ethernet.pcap >ethernet.pcap.gz
run "$S" check ethernet.pcap
cp out plain.out
run "$S" check ethernet.pcap.gz
report "gzip: a compressed capture gives the same findings" \
    "$(sed 's/^ethernet\.pcap\.gz:/ethernet.pcap:/' out | cmp -s - plain.out || echo 'findings differ')"
head -c 300 ethernet.pcap.gz >cut.pcap.gz
run "$S" check cut.pcap.gz ethernet.pcap
expect_grep "gzip: a cut stream is reported, the next file checked" 2 err \
    '^sipstatus: cut\.pcap\.gz: damaged after frame #[0-9]+: the gzip stream is cut short; the rest of the file is not checked$' \
    '^sipstatus: 2 files? could not be read$|^sipstatus: 1 file could not be read$'
printf 'SIP/2.0 200 OK\nSIP/2.0 20 OK\n' | gzip -n >lines.txt.gz
run sh -c "'$S' check - <lines.txt.gz"
expect_grep "gzip: lines too, from standard input" 1 out '^<stdin>:2:11: error: .*\(E_CODE\)$'

# ------------------------------------------------------------ regressions (review of the decoder)

R=$HERE/data/regress
run "$S" check --max-memory 64K "$R/finish-evicts-itself.pcap"
expect_grep "regression: a stream ended at the end of the capture is not evicted by its own flush" 0 err \
    '^sipstatus: [0-9]+ frames read from 1 capture' '!could not be read'
run "$S" check --max-memory 64K --show-skipped "$R/null-where.pcap"
report "regression: --show-skipped on a stream the budget cannot hold (no NULL where)" \
    "$([ "$rc" -le 1 ] || echo "exit status $rc")"
run "$S" check "$R/tsoffset-overflow.pcapng"
report "regression: a pcapng time offset past 2^63 wraps, no overflow" "$([ "$rc" -le 2 ] || echo "exit status $rc")"
run "$S" check "$R/tcp-space-keepalive.pcap"
expect_grep "regression: a space keep-alive between TCP messages is no finding" 0 err '!could not be read'
head -c 300000 /dev/urandom >random.bin
gzip -n -1 -c random.bin >random.gz
run "$S" check --quiet random.gz
report "regression: a gzip file whose first read is larger than zlib's input buffer" \
    "$([ "$rc" = 1 ] || echo "exit status $rc")"

tap_end
