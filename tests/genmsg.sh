#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/genmsg.sh - `sipstatus gen --message`: whole responses around the generated lines, and the --dir corpus with labels.
#
# For each flag set: gen --message --dir against gen --format jsonl of the
# same seed.  Every message must start with exactly the line gen writes,
# labelled in labels.tsv as jsonl labels it; its header fields must parse
# (NAME: VALUE, the required ones once each); Content-Length must be the
# body's length; standard output must be the files in order.  Prints
# `ok N - name` / `not ok N - name`, then `P passed, F failed`; exits 1
# when a case failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/genmsg.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-genmsg.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

n=0
passed=0
failed=0
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

cat >"$T/check.py" <<'EOF'
import json, os, re, sys

def unescape(s):
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1] == "\\":
            out += b"\\"; i += 2
        elif s[i] == "\\" and s[i + 1] == "x":
            out.append(int(s[i + 2:i + 4], 16)); i += 4
        else:
            out += s[i].encode("utf-8"); i += 1
    return bytes(out)

d, jsonl, stream = sys.argv[1:4]
cases = [json.loads(l) for l in open(jsonl, encoding="utf-8")]
labels = [l.rstrip("\n").split("\t") for l in open(os.path.join(d, "labels.tsv"))]
problems, whole = [], b""
if len(labels) != len(cases):
    problems.append("%d labels for %d cases" % (len(labels), len(cases)))
for c, (name, result, offset, family) in zip(cases, labels):
    msg = open(os.path.join(d, name), "rb").read()
    whole += msg
    line = unescape(c["input"])
    if not msg.startswith(line):
        problems.append("%s: does not start with its line" % name)
        continue
    want = (c["result"], "-" if c["error_offset"] is None else str(c["error_offset"]), c["family"])
    if (result, offset, family) != want:
        problems.append("%s: labelled %r, gen says %r" % (name, (result, offset, family), want))
    if name != "%06d-%s.msg" % (c["n"], c["family"]):
        problems.append("%s: name" % name)
    rest = msg[len(line):]
    if b"\r\n\r\n" not in rest:
        problems.append("%s: no end of headers" % name)
        continue
    head, body = rest.split(b"\r\n\r\n", 1)
    fields = {}
    for f in head.split(b"\r\n"):
        m = re.fullmatch(rb"([A-Za-z-]+): (\S.*)", f)
        if not m:
            problems.append("%s: header %r" % (name, f))
            continue
        fields.setdefault(m.group(1).lower(), []).append(m.group(2))
    for h in (b"via", b"from", b"to", b"call-id", b"cseq", b"content-length"):
        if len(fields.get(h, [])) != 1:
            problems.append("%s: %s %d times" % (name, h, len(fields.get(h, []))))
    if fields.get(b"content-length") != [str(len(body)).encode()]:
        problems.append("%s: Content-Length %r, body %d" % (name, fields.get(b"content-length"), len(body)))
    if body and (fields.get(b"content-type") != [b"application/sdp"] or not body.startswith(b"v=0\r\n")):
        problems.append("%s: body without SDP type" % name)
    if not re.search(rb";tag=", fields.get(b"to", [b""])[0]):
        problems.append("%s: To without tag" % name)
if open(stream, "rb").read() != whole:
    problems.append("stdout is not the files in order")
bodies = sum(1 for f in os.listdir(d) if f.endswith(".msg") and b"\r\nv=0\r\n" in open(os.path.join(d, f), "rb").read())
print("messages %d bodies %d" % (len(cases), bodies))
for p in problems[:20]:
    print(p)
EOF

for flags in "" "--lenient" "--strict-utf8 --registered-only"; do
    rm -rf "$T/d"
    # shellcheck disable=SC2086
    "$BIN" gen --message --seed 5 --count 300 $flags --dir "$T/d" >"$T/stream" 2>"$T/err"
    rc=$?
    # shellcheck disable=SC2086
    "$BIN" gen --format jsonl --seed 5 --count 300 $flags >"$T/cases.jsonl" 2>/dev/null
    check "gen --message ${flags:-(default)}: exit status as gen's" "$?" "$rc"
    out=$(python3 "$T/check.py" "$T/d" "$T/cases.jsonl" "$T/stream" 2>&1)
    check "gen --message ${flags:-(default)}: 300 messages, half with a body" \
        "messages 300 bodies 150" "$(printf '%s\n' "$out" | head -n 1)"
    check "gen --message ${flags:-(default)}: lines, labels, headers, Content-Length" "" \
        "$(printf '%s\n' "$out" | tail -n +2)"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
