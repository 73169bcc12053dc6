#!/usr/bin/env bash
# tests/data/make-tunnel-captures.sh - remakes the tunnel, multi-interface and gzip captures in tests/data/ with real tools.
#
#   bash tests/data/make-tunnel-captures.sh        (as root: it makes network namespaces)
#
# Why: `sipstatus check` must find SIP inside a VXLAN tunnel, in a pcapng
# whose interfaces have different link types and time resolutions, and in
# gzipped files (issue "Captures v2"); these are tested on files that real
# tools wrote over real kernel tunnels, not on files our own code wrote.
# The same sipp scenarios as make-captures.sh (sipp/uac.xml calls
# sipp/uas_malformed.xml, 2 calls, one at a time) run between two network
# namespaces joined by a veth pair with a vxlan interface on top (see
# tunnel-net.sh); tcpdump records on the OUTER veth in the UAC's namespace.
# What it makes:
#
#   sipp-vxlan.pcap       UDP over vxlan, IPv4 inside: every SIP packet is
#                         Ethernet/IPv4/UDP 4789/VXLAN/Ethernet/IPv4/UDP/SIP
#   sipp-vxlan-tcp.pcap   the same over TCP (sipp -t t1), .../IPv4/TCP/SIP
#   sipp-vxlan6.pcap      UDP over vxlan, IPv6 inside: .../VXLAN/Ethernet/IPv6/UDP/SIP
#   sipp-merged.pcapng    mergecap of two UDP runs over the veth itself (no
#                         vxlan): one by tcpdump -i any -y LINUX_SLL2
#                         (microseconds), then one by tcpdump -i veth-a
#                         --time-stamp-precision=nano (Ethernet); one pcapng,
#                         two interfaces, two link types, two resolutions
#   sipp-udp.pcap.gz, sipp-vxlan.pcap.gz, sipp-merged.pcapng.gz
#                         gzip -n -9 of sipp-udp.pcap (made by
#                         make-captures.sh, taken as committed), sipp-vxlan.pcap
#                         and sipp-merged.pcapng: -n stores no name or time,
#                         so the same input gives the same bytes
#
# Each capture is checked with tshark and capinfos before it replaces the
# old one: sipp exited 0 on both ends, tcpdump dropped nothing, every frame
# has the expected encapsulation, addresses and interface, and the SIP
# messages are exactly the ones sipp sent, in order, one per frame.  A run
# that fails is made again, at most 3 times.  The files in tests/data/ are
# replaced only when all of them succeed.
#
# Installs sip-tester, tcpdump, tshark, wireshark-common (capinfos,
# mergecap) and iproute2 when missing.  Creates only the namespaces
# ss-a-PID and ss-b-PID (and the links inside them) and deletes them on
# exit; every process it starts runs under timeout and is stopped by its
# pid on exit.  Fixed ports inside the namespaces, PORT_BASE..PORT_BASE+9
# (default 25180).
set -euo pipefail

DATA=$(cd "$(dirname "$0")" && pwd)
SIPP_DIR=$DATA/sipp
PORT_BASE=${PORT_BASE:-25180}

die() {
    echo "make-tunnel-captures.sh: $*" >&2
    exit 1
}

# --- tools ----------------------------------------------------------------

missing=()
command -v sipp >/dev/null 2>&1 || missing+=(sip-tester)
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
command -v tshark >/dev/null 2>&1 || missing+=(tshark)
{ command -v capinfos && command -v mergecap; } >/dev/null 2>&1 || missing+=(wireshark-common)
{ command -v ip && command -v ss; } >/dev/null 2>&1 || missing+=(iproute2)
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "as root, run: apt-get install -y --no-install-recommends ${missing[*]}"
    # wireshark-common asks whether non-root users may capture; keep the default.
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ||
        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
[ "$(id -u)" = 0 ] || die "network namespaces need root"
for tool in sipp tcpdump tshark capinfos mergecap ip ss gzip python3 timeout; do
    command -v $tool >/dev/null 2>&1 || die "$tool not found"
done
[ -f "$DATA/sipp-udp.pcap" ] || die "$DATA/sipp-udp.pcap is missing (make-captures.sh makes it)"

# shellcheck source=tests/data/tunnel-net.sh
. "$DATA/tunnel-net.sh"

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-tunnels.XXXXXX")
cleanup() {
    tun_down
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
exec </dev/null # sipp must not read a terminal
cd "$T"

tun_up || die "could not make the namespaces $TUN_A and $TUN_B (needs veth and vxlan in the kernel)"

# --- checks ---------------------------------------------------------------

# sip_frames FILE KIND: checks with tshark every frame of FILE, KIND being
# vxlan4, vxlan6, vxlan4-tcp or merged; prints the SIP responses'
# frame numbers, or says what is wrong and returns 1.
#
# The SIP messages must be exactly the ones the scenarios send, in order,
# one message per frame starting at the first payload byte, and no frame
# may carry anything else (TCP: only handshake, pure ACKs and FIN).  The
# payload is read raw (tshark does not take frames 4, 7, 8 of a call for
# SIP even with -d ...,sip); the last occurrence of a field is the
# innermost one.
sip_frames() {
    tshark -r "$1" -T fields -E occurrence=a -E aggregator=";" -e frame.number -e frame.interface_id \
        -e frame.encap_type -e frame.protocols -e vxlan.vni -e ip.src -e ip.dst -e ipv6.src \
        -e ipv6.dst -e udp.srcport -e udp.dstport -e tcp.srcport -e tcp.dstport \
        -e udp.payload -e tcp.payload >"$1.fields" 2>"$1.tshark.err" ||
        { cat "$1.tshark.err" >&2; return 1; }
    python3 - "$1.fields" "$2" <<'PY'
import re, sys

path, kind = sys.argv[1], sys.argv[2]
# The first line of each message the scenarios send, per call, in order
# (the 182's line ends in a bare LF, so it has no CR here).
CALL = [r"INVITE sip:\S+ SIP/2\.0\r", r"SIP/2\.0 100 Trying\r", r"SIP/2\.0 180 Ringing\r",
        r"sip/2\.0 180 Ringing\r",
        r"SIP/2\.0 480 Temporarily Unavailable \[call Processing Released\]\r",
        r"SIP/2\.0 182 Queued", r"SIP/2\.0 1830 Session Progress\r", r"SIP/2\.0 183\r",
        r"SIP/2\.0 200 OK\r", r"ACK sip:\S+ SIP/2\.0\r", r"BYE sip:\S+ SIP/2\.0\r",
        "SIP/2\\.0 200 Tr\u00e8s bien\\r"]
runs = 2 if kind == "merged" else 1
want = CALL * 2 * runs
if kind.startswith("vxlan"):
    ip = "ipv6" if kind == "vxlan6" else "ip"
    l4 = "tcp" if kind.endswith("tcp") else "udp"
    encap = "eth:ethertype:ip:udp:vxlan:eth:ethertype:%s:%s" % (ip, l4)
    inner = ("2001:db8::1", "2001:db8::2") if ip == "ipv6" else ("198.51.100.1", "198.51.100.2")
msgs, responses, bad = [], [], []
for row in open(path, encoding="ascii"):
    (num, iface, enc, protos, vni, ip4s, ip4d, ip6s, ip6d,
     usp, udp_, tsp, tdp, upay, tpay) = row.rstrip("\n").split("\t")
    num = int(num)
    if kind.startswith("vxlan"):
        if not protos.startswith(encap) or vni != "4242":
            bad.append("frame %d: %s, VNI %s" % (num, protos, vni))
            continue
        outer_s, outer_d = ip4s.split(";")[0], ip4d.split(";")[0]
        if {outer_s, outer_d} != {"192.0.2.1", "192.0.2.2"} or usp.split(";")[0] != "4789" \
                or udp_.split(";")[0] != "4789":
            bad.append("frame %d: outer %s:%s > %s:%s" % (num, outer_s, usp, outer_d, udp_))
        src, dst = (ip6s, ip6d) if ip == "ipv6" else (ip4s.split(";")[-1], ip4d.split(";")[-1])
        if {src, dst} != set(inner):
            bad.append("frame %d: inner %s > %s" % (num, src, dst))
    else:
        first = num <= 24
        if iface != ("0" if first else "1") or enc != ("210" if first else "1") \
                or {ip4s, ip4d} != {"192.0.2.1", "192.0.2.2"} or not protos.startswith(
                    "sll:ethertype:ip:udp" if first else "eth:ethertype:ip:udp"):
            bad.append("frame %d: interface %s, encapsulation %s, %s, %s > %s"
                       % (num, iface, enc, protos, ip4s, ip4d))
    # Over vxlan, the outer UDP payload (the VXLAN packet) comes first.
    if kind == "vxlan4-tcp":
        pay = tpay
    elif kind.startswith("vxlan"):
        pay = upay.split(";")[1] if upay.count(";") == 1 else ""
    else:
        pay = upay
    if not pay:
        if kind.endswith("tcp"):
            continue
        bad.append("frame %d: no SIP payload" % num)
        continue
    line = bytes.fromhex(pay).split(b"\n")[0].decode("utf-8", "replace")
    if len(msgs) < len(want) and not re.fullmatch(want[len(msgs)], line):
        bad.append("frame %d: %r where %r was due" % (num, line, want[len(msgs)]))
    msgs.append(line)
    if line.lower().startswith("sip/2.0 "):
        responses.append(num)
if len(msgs) != len(want):
    bad.append("%d SIP messages, %d expected" % (len(msgs), len(want)))
if bad:
    sys.exit("\n".join(bad[:20]))
print(" ".join(map(str, responses)))
PY
}

# no_drops NAME: tcpdump said it dropped nothing ("N packets dropped by kernel").
no_drops() {
    if grep -qE '^[1-9][0-9]* packets dropped' "$1.cap.err"; then
        echo "$1: the capture lost packets:" >&2
        cat "$1.cap.err" >&2
        return 1
    fi
}

# try NAME KIND SIPP_T FAMILY PORT CAPTURE_ARGS...: one tun_calls run into
# NAME (a pcap), then its checks; the calls go over the vxlan (FAMILY v4
# or v6) or, with FAMILY outer, over the veth.
try() {
    local name=$1 kind=$2 sipp_t=$3 family=$4 port=$5 frames
    shift 5
    local uas=$TUN_INNER_B uac=$TUN_INNER_A
    case $family in
    v6) uas=$TUN_INNER6_B uac=$TUN_INNER6_A ;;
    outer) uas=$TUN_OUTER_B uac=$TUN_OUTER_A ;;
    esac
    tun_calls "$T" "$name" "$sipp_t" "$TUN_B" "$uas" "$TUN_A" "$uac" "$port" "$SIPP_DIR" "$TUN_A" \
        "${TCPDUMP[@]}" -w "$T/$name" "$@" &&
        no_drops "$name" &&
        { [ "$kind" = none ] || frames=$(sip_frames "$name" "$kind"); } &&
        echo "$name: $(capinfos -c -M "$name" | awk -F': *' '/Number of packets/ { print $2 }') packets${frames:+, responses in frames $frames}"
}

# capture ARGS...: try ARGS, up to 3 times (a loaded machine can starve
# tcpdump or time sipp out).
capture() {
    local n
    for n in 1 2 3; do
        try "$@" && return 0
        echo "make-tunnel-captures.sh: $1: attempt $n failed" >&2
    done
    die "$1: giving up"
}

P=$PORT_BASE
# As in make-captures.sh: -U and --immediate-mode hand each packet over
# as it comes, and -B (KiB) gives the kernel ring enough slots for that.
TCPDUMP=(tcpdump -U --immediate-mode -B 32768 -s 0 -n)
OUTER=(-i "$TUN_VETH_A")

capture sipp-vxlan.pcap vxlan4 u1 v4 "$P" "${OUTER[@]}" "$(tun_filter "$P" v4)"
capture sipp-vxlan-tcp.pcap vxlan4-tcp t1 v4 $((P + 2)) "${OUTER[@]}" "$(tun_filter $((P + 2)) v4)"
capture sipp-vxlan6.pcap vxlan6 u1 v6 $((P + 4)) "${OUTER[@]}" "$(tun_filter $((P + 4)) v6)"

# The two halves of sipp-merged.pcapng, over the veth: in the UAC's
# namespace -i any sees them on veth-a only, once each.
for try_merge in 1 2 3; do
    capture any.pcap none u1 outer $((P + 6)) -i any -y LINUX_SLL2 "udp port $((P + 6))"
    capture veth-nano.pcap none u1 outer $((P + 8)) "${OUTER[@]}" --time-stamp-precision=nano \
        "udp port $((P + 8))"
    rm -f sipp-merged.pcapng
    if mergecap -w sipp-merged.pcapng any.pcap veth-nano.pcap &&
        capinfos -M sipp-merged.pcapng >merged.capinfos &&
        grep -q '^Number of interfaces in file: 2$' merged.capinfos &&
        grep -q 'Time precision = nanoseconds (9)' merged.capinfos &&
        frames=$(sip_frames sipp-merged.pcapng merged); then
        echo "sipp-merged.pcapng: 2 interfaces, responses in frames $frames"
        break
    fi
    echo "make-tunnel-captures.sh: sipp-merged.pcapng: attempt $try_merge failed" >&2
    [ "$try_merge" != 3 ] || die "sipp-merged.pcapng: giving up"
done

cp "$DATA/sipp-udp.pcap" sipp-udp.pcap
GZ=(sipp-udp.pcap sipp-vxlan.pcap sipp-merged.pcapng)
for f in "${GZ[@]}"; do
    gzip -n -9 -c "$f" >"$f.gz"
    if ! gzip -t "$f.gz" || ! gzip -dc "$f.gz" | cmp -s - "$f"; then
        die "$f.gz does not give $f back"
    fi
done

OUT=(sipp-vxlan.pcap sipp-vxlan-tcp.pcap sipp-vxlan6.pcap sipp-merged.pcapng sipp-udp.pcap.gz
    sipp-vxlan.pcap.gz sipp-merged.pcapng.gz)
for f in "${OUT[@]}"; do
    cp "$f" "$DATA/$f"
    chmod 644 "$DATA/$f"
done
echo "make-tunnel-captures.sh: wrote ${OUT[*]} in $DATA"
