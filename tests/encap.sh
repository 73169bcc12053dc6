#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/encap.sh - `sipstatus check` through tunnels and other encapsulations.
#
#   bash tests/encap.sh build/sipstatus build/craft
#
# The captures are the ones tests/craft/craft.c writes after odd(): MPLS,
# PPPoE, DLT_PPP, GRE, IP in IP, VXLAN, GTP-U, NFLOG, nesting, a nesting past
# any limit, and what is and is not SIP.  For each, the table below gives the
# exit status and every JSON row (frame, result, error offset, code, the
# INNER source and destination, transport, offset); a frame without a row
# must be counted as not checked.  When tshark is installed, it is asked
# for the innermost addresses of the same frames, which checks the captures
# themselves.
set -u

if [ $# -ne 2 ]; then
    echo "usage: bash tests/encap.sh path/to/sipstatus path/to/craft" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
S=$1 CRAFT=$2
case $S in /*) ;; *) S=$PWD/$S ;; esac
case $CRAFT in /*) ;; *) CRAFT=$PWD/$CRAFT ;; esac

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-encap.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

"$CRAFT" . || { echo "tests/encap.sh: $CRAFT failed" >&2; exit 2; }

# The table: for each capture, its frames, the requests among them, the
# rows `check --json` must print (in this order) and, for the frames
# without one, which "not checked" classes may count them (None: any).
#
# Classes of a UDP payload (classify*.pcap): response (checked: a row),
# request (a Request-Line, or a line whose method and shape say request
# though it is garbled), keep-alive (whitespace only), not-sip (anything
# else, on a SIP port or not).  Where a payload could fairly be either a
# keep-alive or not-sip (NUL bytes), either is accepted.  Other class names
# (tunnel control frames: LCP, PADI, GTP echo, PPTP ack) are the decoder's.
#
# Lines (craft.c V_*): "SIP/2.0 200 OK" OK 200; "SIP/2.0 486 Busy Here" OK
# 486; "SIP/2.0 180 Ringing" OK 180; "SIP/2.0 20 OK" E_CODE at 10 (the
# digits were not all read: code null); "SIP/2.0 200OK" E_SPACE at 11 and
# "SIP/2.0 200 OK \"q\"" E_REASON at 15 (three digits read: code 200, as
# the issue asks; null before it).
cat >"$T/want.py" <<'PY'
import json, re, subprocess

V4 = ("10.1.0.1:5060", "10.1.0.2:5060")
V6 = ("[2001:db8:1::1]:5060", "[2001:db8:1::2]:5060")


def row(frame, result, at, code, addr=V4, offset=0):
    return (frame, result, at, code) + addr + ("udp", offset)


def ok(frame, code, addr=V4, offset=0):
    return row(frame, "OK", None, code, addr, offset)


def bad_code(frame, addr=V4):
    return row(frame, "E_CODE", 10, None, addr)


def bad_space(frame, addr=V4):
    return row(frame, "E_SPACE", 11, 200, addr)


# name: (frames, requests, rows, allowed classes of the frames without a row)
WANT = {
    # 1 label v4, 3 labels v4, 1 label v6, 3 labels v6, 5 request
    "mpls.pcap": (5, 1, [ok(1, 200), bad_code(2), bad_space(3, V6), ok(4, 486, V6)], None),
    # PPPoE session, PPP 0x0021 / 0x0057; 5 request, 6 LCP, 7 PADI
    "pppoe.pcap": (7, 1, [ok(1, 200), bad_code(2), bad_space(3, V6), ok(4, 486, V6)], None),
    # DLT_PPP: 1 FF 03 v4, 2 v4, 3 FF 03 v6, 4 v6, 5 request, 6 LCP
    "ppp.pcap": (6, 1, [ok(1, 200), bad_code(2), bad_space(3, V6), ok(4, 486, V6)], None),
    # 1 plain, 2 C K S, 3 K v6, 4 C v6, 5 S TEB, 6 K S TEB v6, 7 PPTP S FF 03,
    # 8 PPTP S A v6, 9 PPTP ack only, 10 outer IPv6, 11 request
    "gre.pcap": (11, 1, [ok(1, 200), bad_code(2), ok(3, 486, V6), bad_space(4, V6), ok(5, 180),
                         row(6, "E_REASON", 15, 200, V6), ok(7, 183), bad_code(8, V6),
                         ok(10, 202)], None),
    # 1 4in4, 2 6in4, 3 4in6, 4 6in6, 5 request, 6 6in6 behind destination options
    "ipip.pcap": (6, 1, [ok(1, 200), bad_code(2, V6), bad_space(3), ok(4, 486, V6),
                         ok(6, 180, V6)], None),
    # 1-3 over IPv4, 4 over IPv6, 5 inner 802.1Q, 6 inner ARP, 7 request
    "vxlan.pcap": (7, 1, [ok(1, 200), bad_code(2), bad_space(3, V6), ok(4, 486),
                          ok(5, 180)], None),
    # 1 plain, 2 S, 3 E 0x85 v6, 4 E 0x85 -> 0x82 v6, 5 PN request, 6 echo, 7 E S 0x85
    "gtpu.pcap": (7, 1, [ok(1, 200), bad_code(2), ok(3, 486, V6), bad_space(4, V6),
                         ok(7, 180)], None),
    # 1-2 AF_INET, 3-4 AF_INET6, 5 no NFULA_PAYLOAD, 6 request
    "nflog.pcap": (6, 1, [ok(1, 200), bad_code(2), bad_space(3, V6), ok(4, 486, V6)], None),
    # 1-2 VLAN MPLS IPv4 GRE IPv4 UDP VXLAN Ethernet IPv4 UDP;
    # 3 PPPoE PPP IPv6 UDP GTP-U IPv4 IPv6 UDP
    "nested.pcap": (3, 0, [ok(1, 200), bad_code(2), bad_space(3, V6)], None),
    # 2 sixteen IPv4-in-IPv4, 3 twelve IPv4+GRE, each around an E_CODE line:
    # past the limit, so not checked (no row), and the file is not failed
    "deep.pcap": (4, 0, [ok(1, 200), ok(4, 486)], None),
    # 2 five spaces, 3 CRLF CRLF: keep-alive; 4 four NULs: keep-alive or
    # not-sip; 5 "hello", 6 an RTP header: not-sip; 7 "INVTE sip:x SIP/2.0",
    # 8 "INVITE sip:a@b" (no SIP-Version): request; 9 CR LF SP HT NUL:
    # keep-alive or not-sip
    "classify.pcap": (10, 2, [ok(1, 200), ok(10, 180)], {"keep-alive", "not-sip", "request"}),
    # 1 "SIP /2.0 200 OK" on 5060; 2 CRLF then a response on 7000 > 7001;
    # 3 a garbage first line then Via, Call-ID, CSeq on 7000 > 7001;
    # 4 "hello there" on 7000 > 7001: not-sip; 5 two CRLFs then a response
    "classify-report.pcap": (5, 0, [row(1, "E_VERSION", 3, None),
                                    ok(2, 200, ("10.1.0.1:7000", "10.1.0.2:7001"), 2),
                                    row(3, "E_VERSION", 0, None, ("10.1.0.1:7000", "10.1.0.2:7001")),
                                    ok(5, 486, ("10.1.0.1:7002", "10.1.0.2:7003"), 4)],
                             {"not-sip"}),
}


def not_checked(err):
    """The summary's "N frames read ...; not checked: a 1, b 2" as (N, {a: 1, b: 2})."""
    for line in err.splitlines():
        m = re.match(r"sipstatus: (\d+) frames? read from \d+ captures?(?:; not checked: (.*))?$", line)
        if m:
            counts = {}
            for item in (m.group(2) or "").split(", "):
                if item:
                    name, n = item.rsplit(" ", 1)
                    counts[name] = int(n)
            return int(m.group(1)), counts
    raise AssertionError("no frames-read line in: " + err)


def check(name, out, err):
    frames, requests, want, classes = WANT[name]
    rows = [json.loads(l) for l in out.splitlines()]
    got = [(r["frame"], r["result"], r["error_offset"], r["code"], r["src"], r["dst"],
            r["transport"], r["offset"]) for r in rows]
    assert got == want, "got %s; want %s" % (got, want)
    assert all(r["file"] == name and not r["partial"] for r in rows), rows
    read, counts = not_checked(err)
    assert read == frames, (read, frames)
    assert sum(counts.values()) == frames - len(want), counts
    assert counts.get("request", 0) == requests, counts
    if classes is not None:
        assert set(counts) <= classes, counts


def check_classify(err):
    """classify.pcap, class by class where the class is not in doubt."""
    _, c = not_checked(err)
    assert c.get("keep-alive", 0) >= 2 and c.get("not-sip", 0) >= 2, c
    assert c.get("keep-alive", 0) + c.get("not-sip", 0) == 6, c


def innermost(name):
    """tshark's innermost addresses and ports per frame, as JSON rows give them."""
    out = subprocess.run(["tshark", "-r", name, "-T", "fields", "-E", "separator=|",
                          "-e", "frame.number", "-e", "frame.protocols", "-e", "ip.src",
                          "-e", "ip.dst", "-e", "ipv6.src", "-e", "ipv6.dst",
                          "-e", "udp.srcport", "-e", "udp.dstport"],
                         capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        f, protos, s4, d4, s6, d6, sp, dp = line.split("|")
        layers = [p for p in protos.split(":") if p in ("ip", "ipv6")]
        if not layers or not sp:
            continue
        last = lambda v: v.split(",")[-1]
        if layers[-1] == "ip":
            src, dst = last(s4), last(d4)
        else:
            src, dst = "[%s]" % last(s6), "[%s]" % last(d6)
        got[int(f)] = (src + ":" + last(sp), dst + ":" + last(dp))
    return got


def check_tshark(name):
    got = innermost(name)
    for r in WANT[name][2]:
        assert got.get(r[0]) == (r[4], r[5]), (r[0], got.get(r[0]), r[4:6])
PY

# name:exit status.  1: an invalid response is in the capture; 0: none is.
CAPTURES='mpls.pcap:1 pppoe.pcap:1 ppp.pcap:1 gre.pcap:1 ipip.pcap:1 vxlan.pcap:1 gtpu.pcap:1
nflog.pcap:1 nested.pcap:1 deep.pcap:0 classify.pcap:0 classify-report.pcap:1'

HAVE_TSHARK=0
command -v tshark >/dev/null 2>&1 && HAVE_TSHARK=1

for c in $CAPTURES; do
    f=${c%:*} want_rc=${c#*:}
    run "$S" check --json "$f"
    expect_grep "$f: exit status $want_rc, the file read to its end" "$want_rc" err \
        '!could not be read' '!is not supported'
    py "$f: every row, with the inner addresses; the other frames counted as not checked" "$T/out" "
import sys
exec(open('$T/want.py').read())
check('$f', sys.stdin.read(), open('$T/err').read())
"
    if [ "$HAVE_TSHARK" = 1 ]; then
        py "$f: tshark finds the same innermost addresses in these frames" /dev/null "
exec(open('$T/want.py').read())
check_tshark('$f')
"
    else
        skip "$f: tshark finds the same innermost addresses in these frames" "no tshark"
    fi
done

run "$S" check --json classify.pcap
py "classify.pcap: keep-alives and not-sip payloads are told apart" "$T/err" "
import sys
exec(open('$T/want.py').read())
check_classify(sys.stdin.read())
"

# The text output names the inner addresses too.
run "$S" check gre.pcap
expect_grep "gre.pcap: the finding names the inner addresses" 1 out \
    '^gre\.pcap:#2 2026-11-24T12:00:01\.123456Z udp 10\.1\.0\.1:5060 > 10\.1\.0\.2:5060: error: .* \(E_CODE\) at byte 10$' \
    '!192\.0\.2\.'

run "$S" check deep.pcap
expect "deep.pcap: frames past the nesting limit are skipped, not a crash, not a finding" 0 "" @any
expect_grep "deep.pcap: frames 1 and 4 checked, 2 and 3 counted as not checked" 0 err \
    '^sipstatus: 2 responses checked: 2 valid, 0 invalid$' '^sipstatus: 4 frames read from 1 capture; not checked: ' \
    '!could not be read'

run "$S" check --summary nested.pcap
expect_grep "nested: the summary counts the frames through each encapsulation" 1 out \
    '^sipstatus: encapsulated frames: vlan 2, mpls 2, pppoe 1, ppp 1, gre 2, ip-in-ip 1, vxlan 2, gtp-u 1$'
run "$S" check --summary deep.pcap
expect_grep "deep: frames nested past 16 layers are counted as too-deep" 0 out \
    '^sipstatus: 4 frames read from 1 capture; not checked: too-deep 2$'
run "$S" check --summary gre.pcap
expect_grep "gre: a PPTP acknowledgment without payload is no-payload, not malformed" 1 out \
    'not checked: .*no-payload 1' '!malformed'

tap_end
