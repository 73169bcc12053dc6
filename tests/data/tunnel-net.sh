# tests/data/tunnel-net.sh - the two network namespaces, joined by a veth pair with a vxlan
# interface on top, over which make-tunnel-captures.sh and tests/tunnels.sh run sipp (sourced).
#
#   netns $TUN_A                                  netns $TUN_B
#   veth-a 192.0.2.1/24  ------- veth --------    veth-b 192.0.2.2/24        outer (TEST-NET-1)
#   vx0    198.51.100.1/24, 2001:db8::1/64        vx0    198.51.100.2/24, 2001:db8::2/64
#          VXLAN VNI 4242, UDP 4789 over the veth                            inner (TEST-NET-2, RFC 3849)
#
# Both ends are created inside their namespace (`ip link add ... netns`),
# so nothing is ever added to the namespace the caller runs in, and
# deleting the two namespaces (tun_down) removes every link with them.
# The names carry the caller's pid, so two runs do not meet.
#
# Everything that could put a frame of its own on the veth is switched
# off or made static: fixed MAC addresses, permanent ARP/NDP entries,
# no IPv6 on the veth, no router solicitations, no link-local address on
# vx0; the vxlan source port range is one port wide (4789), so the outer
# UDP ports are fixed too.  The capture filter (tun_filter) still selects
# only the SIP packets, as the outer frame shows them, so a stray MLD report
# cannot shift the frame numbers.
#
# The caller runs as root.
# shellcheck shell=bash

TUN_A=ss-a-$$
TUN_B=ss-b-$$
TUN_VETH_A='veth-a'
TUN_VETH_B='veth-b'
TUN_VX=vx0
TUN_VNI=4242
TUN_VXLAN_PORT=4789
TUN_OUTER_A=192.0.2.1
TUN_OUTER_B=192.0.2.2
TUN_INNER_A=198.51.100.1
TUN_INNER_B=198.51.100.2
TUN_INNER6_A=2001:db8::1
TUN_INNER6_B=2001:db8::2
TUN_MAC_VETH_A=02:00:00:00:0a:01
TUN_MAC_VETH_B=02:00:00:00:0a:02
TUN_MAC_VX_A=02:00:00:00:0b:01
TUN_MAC_VX_B=02:00:00:00:0b:02
# Processes started by tun_calls, stopped by tun_down.
TUN_PIDS=()

# tun_in NS COMMAND...: runs COMMAND inside the namespace NS.
tun_in() {
    local ns=$1
    shift
    ip netns exec "$ns" "$@"
}

# tun_side NS VETH VETH_MAC VX_MAC OUTER REMOTE_OUTER INNER INNER6 PEER_VETH_MAC PEER_VX_MAC
#   PEER_INNER PEER_INNER6: one end of the link, inside NS (whose veth exists).
tun_side() {
    local ns=$1 veth=$2 mac=$3 vxmac=$4 outer=$5 remote=$6 inner=$7 inner6=$8
    local peer_mac=$9 peer_vxmac=${10} peer_inner=${11} peer_inner6=${12}
    # Set before the links come up: the first router solicitation goes
    # out as soon as an interface is up.
    tun_in "$ns" sysctl -q -w net.ipv6.conf."$veth".disable_ipv6=1 &&
        ip -n "$ns" link set lo up &&
        ip -n "$ns" link set "$veth" address "$mac" &&
        ip -n "$ns" addr add "$outer"/24 dev "$veth" &&
        ip -n "$ns" link set "$veth" up &&
        ip -n "$ns" neigh replace "$remote" lladdr "$peer_mac" dev "$veth" nud permanent &&
        ip -n "$ns" link add "$TUN_VX" address "$vxmac" type vxlan id $TUN_VNI \
            local "$outer" remote "$remote" dev "$veth" dstport $TUN_VXLAN_PORT \
            srcport $TUN_VXLAN_PORT $((TUN_VXLAN_PORT + 1)) &&
        ip -n "$ns" link set "$TUN_VX" addrgenmode none &&
        tun_in "$ns" sysctl -q -w net.ipv6.conf."$TUN_VX".router_solicitations=0 \
            net.ipv6.conf."$TUN_VX".accept_ra=0 &&
        ip -n "$ns" addr add "$inner"/24 dev "$TUN_VX" &&
        ip -n "$ns" addr add "$inner6"/64 dev "$TUN_VX" nodad &&
        ip -n "$ns" link set "$TUN_VX" up &&
        ip -n "$ns" neigh replace "$peer_inner" lladdr "$peer_vxmac" dev "$TUN_VX" nud permanent &&
        ip -n "$ns" neigh replace "$peer_inner6" lladdr "$peer_vxmac" dev "$TUN_VX" nud permanent
}

# tun_up: makes both namespaces and the links; returns 1 (after undoing
# what it made) when any step fails.
tun_up() {
    if ip netns add "$TUN_A" && ip netns add "$TUN_B" &&
        ip link add "$TUN_VETH_A" netns "$TUN_A" type veth peer name "$TUN_VETH_B" netns "$TUN_B" &&
        tun_side "$TUN_A" $TUN_VETH_A $TUN_MAC_VETH_A $TUN_MAC_VX_A $TUN_OUTER_A $TUN_OUTER_B \
            $TUN_INNER_A $TUN_INNER6_A $TUN_MAC_VETH_B $TUN_MAC_VX_B $TUN_INNER_B $TUN_INNER6_B &&
        tun_side "$TUN_B" $TUN_VETH_B $TUN_MAC_VETH_B $TUN_MAC_VX_B $TUN_OUTER_B $TUN_OUTER_A \
            $TUN_INNER_B $TUN_INNER6_B $TUN_MAC_VETH_A $TUN_MAC_VX_A $TUN_INNER_A $TUN_INNER6_A; then
        return 0
    fi
    tun_down
    return 1
}

# tun_down: stops every process tun_calls started, by pid, and deletes
# both namespaces (and with them the veth and vxlan links).  Safe to call
# more than once and when tun_up did not finish.
tun_down() {
    local pid ns
    for pid in "${TUN_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${TUN_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    TUN_PIDS=()
    for ns in "$TUN_A" "$TUN_B"; do
        if [ -e "/run/netns/$ns" ]; then
            ip netns del "$ns" 2>/dev/null || true
        fi
    done
}

# tun_filter PORT v4|v6: the capture filter for the outer interface: VXLAN
# packets whose inner frame is IPv4 (or IPv6) carrying UDP or TCP from or
# to PORT.  libpcap 1.10 has no "vxlan" keyword, so the inner headers are
# read at fixed offsets into the outer UDP header: 8 bytes of UDP, 8 of
# VXLAN, then the inner Ethernet header (type at 28), then the inner IP
# header at 30; sipp's packets carry no IPv4 options or IPv6 extension
# headers, so the ports are at 30 + 20 (IPv4) or 30 + 40 (IPv6).
tun_filter() {
    local port=$1
    if [ "$2" = v4 ]; then
        echo "udp dst port $TUN_VXLAN_PORT and udp[28:2] = 0x0800 and (udp[39] = 17 or udp[39] = 6)" \
            "and (udp[50:2] = $port or udp[52:2] = $port)"
    else
        echo "udp dst port $TUN_VXLAN_PORT and udp[28:2] = 0x86dd and (udp[36] = 17 or udp[36] = 6)" \
            "and (udp[70:2] = $port or udp[72:2] = $port)"
    fi
}

# tun_wait_for COMMAND...: runs it every 0.1 s until it succeeds, for 10 s at most.
tun_wait_for() {
    local i
    for ((i = 0; i < 100; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

# tun_bound NS udp|tcp PORT: in NS a UDP socket is bound to PORT (TCP: one listens on it).
tun_bound() {
    local opt=-Hlnu
    [ "$2" = tcp ] && opt=-Hlnt
    [ -n "$(tun_in "$1" ss $opt "sport = :$3")" ]
}

# tun_calls DIR NAME SIPP_T UAS_NS UAS_IP UAC_NS UAC_IP PORT SIPP_DIR CAPTURE_NS CAPTURE_COMMAND...:
#   starts CAPTURE_COMMAND in CAPTURE_NS (stderr to DIR/NAME.cap.err), waits
#   until it captures, runs the sipp UAS (SIPP_DIR/uas_malformed.xml) on
#   UAS_IP:PORT in UAS_NS and then 2 calls, one at a time, from the UAC
#   (SIPP_DIR/uac.xml) on UAC_IP:PORT+1 in UAC_NS, with transport SIPP_T
#   (u1 or t1); stops the capture with SIGINT.  sipp's output goes to
#   DIR/NAME.ua[sc].{out,err}.  Returns 0 when both sipp ends exit 0 and the
#   capture tool exited; otherwise 1, saying why on stderr.  Every wait is
#   bounded; no process is left behind.
tun_calls() {
    local dir=$1 name=$2 sipp_t=$3 uas_ns=$4 uas_ip=$5 uac_ns=$6 uac_ip=$7 port=$8 sipp_dir=$9
    local cap_ns=${10}
    shift 10
    local cap_pid uas_pid uac_rc=0 uas_rc=0 proto=udp remote=$uas_ip:$port
    [ "$sipp_t" = t1 ] && proto=tcp
    case $uas_ip in *:*) remote="[$uas_ip]:$port" ;; esac
    rm -f "$dir/$name" "$dir/$name".*

    # timeout passes our SIGINT on and kills the tool 5 s after it; at
    # 60 s it stops the tool as we would.
    # ip netns exec execs its command, so $! is timeout's pid.
    ip netns exec "$cap_ns" timeout -s INT -k 5 60 "$@" 2>"$dir/$name.cap.err" &
    cap_pid=$!
    TUN_PIDS+=("$cap_pid")
    # tcpdump says "listening on" once its filter is set; the pause
    # covers the rest of its start-up.
    if ! tun_wait_for grep -qsE '^(tcpdump: listening on|Capturing on)' "$dir/$name.cap.err"; then
        echo "$name: the capture did not start:" >&2
        cat "$dir/$name.cap.err" >&2
        return 1
    fi
    sleep 0.5

    ip netns exec "$uas_ns" timeout -k 5 30 sipp -sf "$sipp_dir/uas_malformed.xml" -t "$sipp_t" -i "$uas_ip" \
        -p "$port" -m 2 -nostdin -trace_err -error_file "$dir/$name.uas.err" \
        -timeout 20s -timeout_error >"$dir/$name.uas.out" 2>&1 &
    uas_pid=$!
    TUN_PIDS+=("$uas_pid")
    if tun_wait_for tun_bound "$uas_ns" $proto "$port"; then
        tun_in "$uac_ns" timeout -k 5 30 sipp -sf "$sipp_dir/uac.xml" "$remote" -t "$sipp_t" -i "$uac_ip" \
            -p $((port + 1)) -m 2 -l 1 -nostdin -trace_err -error_file "$dir/$name.uac.err" \
            -timeout 20s -timeout_error >"$dir/$name.uac.out" 2>&1 </dev/null || uac_rc=$?
    else
        echo "$name: the sipp UAS did not start" >&2
        uac_rc=no-uas
        kill "$uas_pid" 2>/dev/null
    fi
    wait "$uas_pid" || uas_rc=$?

    # Let the last packets reach the file before it is closed.
    sleep 1
    kill -INT "$cap_pid" 2>/dev/null
    wait "$cap_pid"
    TUN_PIDS=()

    if [ "$uac_rc" != 0 ] || [ "$uas_rc" != 0 ]; then
        echo "--- $name: sipp UAC exit $uac_rc, UAS exit $uas_rc" >&2
        tail -n 30 "$dir/$name.uac.out" "$dir/$name.uas.out" >&2
        return 1
    fi
    return 0
}
