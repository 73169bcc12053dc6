#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/fuzzuas.sh - end-to-end test of `sipstatus fuzz-uas` against real sipp UACs on 127.0.0.1.
#
# Part 1: sipp -sn uac, tests/sipp/fuzz_options.xml and fuzz_register.xml
# call fuzz-uas over UDP, then over TCP.  sipp's message log (-trace_msg)
# holds every response it received; check.py pairs each with a record of
# fuzz-uas's --log (same Call-ID and CSeq) and checks that its first line
# is exactly that record's line and that Via, From, To, Call-ID and CSeq
# are the request's as RFC 3261 section 8.2.6.2 and RFC 3581 want.  sipp
# ends a call on a code it did not expect; only what it logged is checked.
# Part 2: the probe.  A long sipp UAC run (answering the OPTIONS probes
# out of call) is killed; fuzz-uas must report it hung or dead and leave
# the last lines sent, with their labels, in --crashes.
#
# Every process started is stopped by its pid on exit.  Prints `ok N -
# name` or `not ok N - name`, then `P passed, F failed`; exits 1 when a
# case failed, 2 when it cannot run.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/fuzzuas.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
SIPP_DIR=$(cd "$(dirname "$0")/sipp" && pwd) || exit 2
for tool in sipp python3 timeout; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "tests/fuzzuas.sh: $tool not found (scripts/deps check installs it)" >&2
        exit 2
    fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-fuzzuas.XXXXXX") || exit 2
PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    if [ -n "${KEEP:-}" ]; then echo "# kept $T"; else rm -rf "$T"; fi
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
# alive PID: the process is still running.
alive() { kill -0 "$1" 2>/dev/null; }

# ports.py N: N ports free for both UDP and TCP on 127.0.0.1.
cat >ports.py <<'EOF'
import socket, sys
out = []
while len(out) < int(sys.argv[1]):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    p = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", p))
        out.append(p)
    except OSError:
        pass
    t.close(); u.close()
print(" ".join(map(str, out)))
EOF

# check.py MSGLOG UASLOG: pairs every response in sipp's message log with
# a --log record; prints "checked N" and one line per problem.
cat >check.py <<'EOF'
import json, re, sys

def unescape(s):
    """The --log line: JSON, then the CLI's escapes (\\\\ and \\xNN)."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1] == "\\":
            out += b"\\"; i += 2
        elif s[i] == "\\" and s[i + 1] == "x":
            out.append(int(s[i + 2:i + 4], 16)); i += 4
        else:
            out += s[i].encode("utf-8"); i += 1
    return bytes(out)

def messages(path):
    """(direction, bytes) of each message sipp logged."""
    data = open(path, "rb").read()
    for block in re.split(rb"(?m)^-{47}[^\n]*\n", data):
        m = re.match(rb"(UDP|TCP) message (sent|received)[^\n]*\n\n", block)
        if m:
            body = block[m.end():]
            # sipp ends each logged message with one extra LF
            yield m.group(2).decode(), body[:-1] if body.endswith(b"\n") else body

def headers(raw):
    """[(lower-case name, value)] of a header block."""
    out = []
    for line in raw.split(b"\r\n"):
        if b":" in line:
            k, v = line.split(b":", 1)
            out.append((k.strip().lower(), v.strip()))
    return out

def get(hs, name):
    return [v for k, v in hs if k == name]

records = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    key = (r["request"]["call_id"].encode(), r["request"]["cseq"].encode())
    records.setdefault(key, []).append(unescape(r["line"]))

requests, problems, checked = {}, [], 0
for direction, msg in messages(sys.argv[1]):
    head = msg.split(b"\r\n\r\n", 1)[0]
    if direction == "sent":
        hs = headers(head)
        cid, cseq = get(hs, b"call-id"), get(hs, b"cseq")
        if cid and cseq and not msg.startswith(b"SIP/2.0 "):
            requests[(cid[0], cseq[0])] = hs
        continue
    if b"sipstatus-probe-" in msg:
        continue  # a probe of fuzz-uas, not a response
    # the record: same Call-ID and CSeq, and the message starts with its line
    hs = headers(head)
    cid, cseq = get(hs, b"call-id"), get(hs, b"cseq")
    key = (cid[0] if cid else b"", cseq[0] if cseq else b"")
    cands = [l for l in records.get(key, []) if msg.startswith(l)]
    if not cands:
        problems.append("no --log line for %r starts %r" % (key, msg[:80]))
        continue
    l = max(cands, key=len)
    checked += 1
    rq = requests.get(key)
    if rq is None:
        problems.append("no request sent for %r" % (key,))
        continue
    hs = headers(msg[len(l):].split(b"\r\n\r\n", 1)[0])
    for name in (b"call-id", b"cseq", b"from"):
        if get(hs, name) != get(rq, name):
            problems.append("%s: %r, request had %r" % (name.decode(), get(hs, name), get(rq, name)))
    to, rto = get(hs, b"to"), get(rq, b"to")
    if len(to) != 1 or not (to[0] == rto[0] if b"tag=" in rto[0] else
                            re.fullmatch(re.escape(rto[0]) + rb";tag=fz[0-9a-f]{16}", to[0])):
        problems.append("to: %r, request had %r" % (to, rto))
    vias, rvias = get(hs, b"via"), get(rq, b"via")
    top = rvias[0]
    port = re.search(rb"\[?[0-9.]+\]?:([0-9]+)", top).group(1)
    top = re.sub(rb";received=[^;]*", b"", top)
    want = re.sub(rb";rport(?=;|$)", b";rport=" + port, top) + b";received=127.0.0.1"
    if vias != [want] + rvias[1:]:
        problems.append("via: %r, want %r" % (vias, [want] + rvias[1:]))
print("checked %d" % checked)
for p in problems[:20]:
    print(p)
EOF

ports=$(python3 ports.py 3) || exit 2
read -r P_UAS P_UAC P_UAS2 <<<"$ports"
LOCAL=127.0.0.1
CALLS=20

# --- Part 1: sipp UACs over UDP and TCP -------------------------------------
for tr in udp tcp; do
    case $tr in udp) st=u1 ;; tcp) st=t1 ;; esac
    "$BIN" fuzz-uas --listen $LOCAL:"$P_UAS" --$tr --seed 7 --count 0 --log uas-$tr.jsonl \
        2>uas-$tr.err &
    uas=$!
    PIDS+=("$uas")
    wait_for grep -qs answering uas-$tr.err
    for sc in uac options register; do
        if [ $sc = uac ]; then scen=(-sn uac); else scen=(-sf "$SIPP_DIR/fuzz_$sc.xml"); fi
        timeout -k 5 60 sipp "${scen[@]}" $LOCAL:"$P_UAS" -t $st -i $LOCAL -p "$P_UAC" -m $CALLS -r 50 \
            -nostdin -timeout 20 -recv_timeout 2000 -trace_msg -message_file msg-$tr-$sc.log \
            >sipp-$tr-$sc.out 2>&1
        check "$tr: sipp $sc ran" yes "$( [ -s msg-$tr-$sc.log ] && echo yes || echo no)"
        out=$(python3 check.py msg-$tr-$sc.log uas-$tr.jsonl)
        got=$(printf '%s\n' "$out" | head -n 1)
        echo "# $tr $sc: $got of the responses sipp logged"
        check "$tr $sc: every response sipp logged is a --log line with the request's headers" \
            "" "$(printf '%s\n' "$out" | tail -n +2)"
        check "$tr $sc: sipp logged responses" yes "$( [ "${got#checked }" -gt 0 ] && echo yes || echo no)"
    done
    check "$tr: fuzz-uas still running" yes "$(alive "$uas" && echo yes || echo no)"
    kill "$uas"
    wait "$uas"
    check "$tr: fuzz-uas exits 0 on SIGTERM" 0 $?
    check "$tr: its summary" yes "$(grep -q 'responses sent' uas-$tr.err && echo yes || echo no)"
    # every record labels its line as sipstatus explain does (valid / invalid)
    bad=$(python3 - uas-$tr.jsonl <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if (r["label"] == "valid") != (r["kind"] == "OK") or (r["offset"] is None) != (r["kind"] == "OK"):
        print(line.strip())
EOF
)
    check "$tr: labels consistent" "" "$bad"
done
check "the invalid families were sent" yes \
    "$(grep -q '"label": "invalid"' uas-udp.jsonl && echo yes || echo no)"
check "INVITEs got a final after a provisional" yes \
    "$(python3 -c '
import json, sys
seq = {}
for l in open("uas-udp.jsonl"):
    r = json.loads(l)
    if r["request"]["method"] == "INVITE":
        seq.setdefault(r["request"]["call_id"], []).append(r["line"][8:11])
ok = [s for s in seq.values() if len(s) >= 2 and s[-1][0] in "23456"]
print("yes" if len(ok) > 0 else "no")')"

# --family: only lines of the families named (OPTIONS gets no INVITE final)
"$BIN" fuzz-uas --listen $LOCAL:"$P_UAS" --family reason-empty --family code-letter --count 10 \
    --log uas-family.jsonl 2>uas-family.err &
uas=$!
PIDS+=("$uas")
wait_for grep -qs answering uas-family.err
timeout -k 5 30 sipp -sf "$SIPP_DIR/fuzz_options.xml" $LOCAL:"$P_UAS" -i $LOCAL -p "$P_UAC" -m 10 -r 50 \
    -nostdin -timeout 10 -recv_timeout 1000 >/dev/null 2>&1
wait "$uas"
check "--family: fuzz-uas stops after --count responses" "0 10" "$? $(wc -l <uas-family.jsonl)"
check "--family: only those families" "code-letter reason-empty" \
    "$(python3 -c '
import json
print(" ".join(sorted({json.loads(l)["family"] for l in open("uas-family.jsonl")})))')"
check "--family: an unknown one is a usage error" 2 \
    "$("$BIN" fuzz-uas --listen $LOCAL:0 --family no-such-family 2>/dev/null; echo $?)"

# raw.py PORT: bad requests, then an INVITE cancelled at once, over UDP.
cat >raw.py <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
me = "127.0.0.1:%d" % s.getsockname()[1]

def req(method, branch, cseq, extra=""):
    return ("%s sip:uas@127.0.0.1:%d SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=%s;rport\r\n"
            "From: <sip:raw@%s>;tag=r1\r\nTo: <sip:uas@127.0.0.1>%s\r\nCall-ID: raw-1@test\r\n"
            "CSeq: %d %s\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
            % (method, port, me, branch, me, extra, cseq, method)).encode()

def responses(wait):
    out, end = [], time.time() + wait
    while time.time() < end:
        s.settimeout(max(0.01, end - time.time()))
        try:
            out.append(s.recv(65535))
        except socket.timeout:
            break
    return out

bad = [b"garbage\r\n\r\n", b"INVITE sip:x SIP/2.0\r\n\r\n", b"\x00" * 100,
       req("OPTIONS", "z9hG4bK-b", 1).replace(b"CSeq: 1 OPTIONS", b"CSeq: -1 OPTIONS"),
       req("OPTIONS", "z9hG4bK-b", 1).replace(b"Via:", b"Via: a\r\nVia: b\r\n" * 9 + b"Via:", 1),
       req("OPTIONS", "z9hG4bK-b", 1).replace(b"Call-ID: raw-1@test\r\n", b"")]
for b in bad:
    s.sendto(b, ("127.0.0.1", port))
got = responses(0.3)
print("bad answered %d" % len(got))
s.sendto(req("INVITE", "z9hG4bK-i1", 1), ("127.0.0.1", port))
s.sendto(req("CANCEL", "z9hG4bK-i1", 1), ("127.0.0.1", port))
got = responses(0.5)
for g in got:
    line = g.split(b"\r\n")[0] if g.startswith(b"SIP/2.0 200 OK") or g.startswith(b"SIP/2.0 487") else b"GEN"
    cseq = [h for h in g.split(b"\r\n") if h.startswith(b"CSeq:")]
    print("%s | %s" % (line.decode(), cseq[0].decode() if cseq else "-"))
s.sendto(req("ACK", "z9hG4bK-i1", 1, ";tag=x"), ("127.0.0.1", port))
print("ack answered %d" % len(responses(0.3)))
EOF
"$BIN" fuzz-uas --listen $LOCAL:"$P_UAS" --invalid --count 0 2>uas-raw.err &
uas=$!
PIDS+=("$uas")
wait_for grep -qs answering uas-raw.err
check "bad requests ignored; an INVITE cancelled gets 200 for the CANCEL and 487" \
    "bad answered 0
GEN | CSeq: 1 INVITE
SIP/2.0 200 OK | CSeq: 1 CANCEL
SIP/2.0 487 Request Terminated | CSeq: 1 INVITE
ack answered 0" "$(python3 raw.py "$P_UAS" 2>&1)"
kill "$uas"
wait "$uas"
check "bad requests counted" yes \
    "$(grep -q ' 1 ACKs, 6 bad requests ignored' uas-raw.err && echo yes || echo no)"

# --probe-cmd: the command's exit status is the answer
touch up
"$BIN" fuzz-uas --listen $LOCAL:"$P_UAS" --probe-cmd 'test -e up' --probe-interval 100 \
    --crashes crashes-cmd 2>uas-cmd.err &
uas=$!
PIDS+=("$uas")
sleep 1
check "--probe-cmd: running while the command succeeds" yes "$(alive "$uas" && echo yes || echo no)"
rm up
wait_for eval '! alive "$uas"'
wait "$uas"
check "--probe-cmd: exit 1 once it fails" 1 $?
check "--probe-cmd: reported" yes \
    "$(grep -q "target test -e up hung or dead" uas-cmd.err && echo yes || echo no)"

# --- Part 2: the probe notices a killed target ------------------------------
"$BIN" fuzz-uas --listen $LOCAL:"$P_UAS2" --seed 3 --count 0 --probe-interval 500 --crashes crashes \
    --log uas-probe.jsonl 2>uas-probe.err &
uas=$!
PIDS+=("$uas")
wait_for grep -qs answering uas-probe.err
sipp -sn uac $LOCAL:"$P_UAS2" -i $LOCAL -p "$P_UAC" -m 100000 -r 5 -nostdin -oocsn ooc_default \
    -trace_msg -message_file msg-probe.log >sipp-probe.out 2>&1 &
sp=$!
PIDS+=("$sp")
sleep 3
check "probes answered while sipp runs" yes "$(alive "$uas" && echo yes || echo no)"
check "sipp answered a probe" yes \
    "$(grep -aq 'Call-ID: sipstatus-probe-' msg-probe.log && echo yes || echo no)"
kill -9 "$sp"
wait "$sp" 2>/dev/null
wait_for eval '! alive "$uas"'
wait "$uas"
check "fuzz-uas exits 1 after the kill" 1 $?
check "it reports the target hung or dead" yes \
    "$(grep -q "target $LOCAL:$P_UAC hung or dead" uas-probe.err && echo yes || echo no)"
nrec=$(wc -l <uas-probe.jsonl)
want=$((nrec < 16 ? nrec : 16))
check "--crashes holds the last lines" "$want" "$(ls crashes/*.line | wc -l)"
check "each reproducer is its line, with the log's record" "" "$(python3 - "$want" <<'EOF'
import json, sys
exec(open("check.py").read().split("def messages")[0])
last = [json.loads(l) for l in open("uas-probe.jsonl")][-int(sys.argv[1]):]
got = [json.loads(l) for l in open("crashes/labels.jsonl")]
if [g["record"] for g in got] != last:
    print("labels.jsonl differs from the log's last records")
for g in got:
    if open("crashes/" + g["file"], "rb").read() != unescape(g["record"]["line"]):
        print(g["file"], "is not its line")
EOF
)" 2>&1
check "the reproducers are labelled" yes \
    "$(grep -q '"label": "\(in\)\?valid", "kind": "[A-Z_]*", "offset": ' crashes/labels.jsonl && echo yes || echo no)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
