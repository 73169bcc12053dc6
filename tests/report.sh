#!/bin/bash
# SPDX-License-Identifier: MIT
# tests/report.sh - every output format of `sipstatus check`, read back by
# a real consumer and held against `check --json` on the same input:
# SARIF by Microsoft's SARIF Multitool (npm, pinned in tests/report/),
# JUnit by junitparser (Debian python3-junitparser), CSV by Python's csv
# module, the HTML page rendered by headless Chromium (a screenshot that is
# not blank, and the DOM holding every finding).
#
#   bash tests/report.sh path/to/sipstatus [path/to/craft]
#
# With build/craft, its ethernet.pcap (a response that ends inside its
# status line: INCOMPLETE) is among the inputs.  scripts/deps report
# installs the consumers; a part whose consumer is missing is skipped,
# saying so.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: bash tests/report.sh path/to/sipstatus [path/to/craft]" >&2
    exit 2
fi
BIN=$1 CRAFT=${2:-}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $CRAFT in /* | '') ;; *) CRAFT=$PWD/$CRAFT ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/data
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-report.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2
# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"
S=$BIN
# Debian's python3, which has python3-junitparser (another python3 may be
# first on PATH)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# The inputs: lines of every kind, hostile bytes among them (quotes, a
# comma, markup, a control byte, invalid UTF-8, a backslash, a very long
# line, non-ASCII before the bad byte so that code points and bytes
# differ), a valid line with a note, a second line file whose name needs
# quoting in CSV and percent-encoding in a URI, captures with invalid
# responses over UDP, TCP and VXLAN, and a HEP file with junk (warnings,
# which must stay out of every document).
printf '%s\r\n' 'SIP/2.0 200 OK' 'SIP/2.0 20 OK' 'SIP/2.0 200 O"K,x' 'SIP /2.0 200 OK' \
    'SIP/2.0 200 <script>alert(1)</script> & co' 'SIP/2.0 200 50%zz' 'sip/2.0 200 OK' \
    'SIP/2.0 999 Nine' $'SIP/2.0 200 Caf\xc3\xa9 \xe2\x82\xac\x7f' >lines.txt
head -c 3000 /dev/zero | tr '\0' 'a' | sed 's/^/SIP\/2.0 200 /; s/$/\x01/' >>lines.txt
TWO='two, "quoted" #2 100%.txt'
printf 'SIP/2.0 200 \001ctl\nSIP/2.0 200 \xc3\x28bad utf-8\nSIP/2.0  200 OK\nSIP/2.0 200 back\\slash\nSIP/2.0 180 Ringing\n' \
    >"$TWO"
printf 'HEP3\000\010abcdefgh-garbage-not-hep' >junk.hep
INPUTS=(lines.txt "$TWO" "$DATA/sipp-vxlan.pcap" "$DATA/sipp-udp.pcap" "$DATA/sipp-tcp.pcap" junk.hep)
if [ -n "$CRAFT" ]; then
    mkdir craft
    if ! "$CRAFT" craft >craft.log 2>&1; then
        echo "tests/report.sh: $CRAFT failed" >&2
        exit 2
    fi
    INPUTS+=(craft/ethernet.pcap)
fi
export NINPUTS=${#INPUTS[@]}
INPUT_LIST=$(printf '%s\n' "${INPUTS[@]}")
export INPUT_LIST

"$S" check --json "${INPUTS[@]}" >ref.jsonl 2>ref.err
ref_rc=$?
py "the reference: check --json finds invalid lines and responses of many kinds, and notes" ref.jsonl '
import json, os, sys
ref = [json.loads(l) for l in sys.stdin]
kinds = {r["result"] for r in ref} - {"OK"}
assert len(kinds) >= 7, kinds
assert sum(1 for r in ref if r["result"] != "OK") >= 20
assert any(r["notes"] for r in ref)
assert len({r["file"] for r in ref}) == int(os.environ["NINPUTS"]) - 1, "a file without records"
'
report "the reference: exit status 1, the HEP warnings on stderr" \
    "$([ "$ref_rc" = 1 ] || echo "rc $ref_rc")$(grep -q 'not a HEP packet' ref.err || echo ' no warning')"
if [ -n "$CRAFT" ]; then
    report "the inputs: a response that ends inside its status line (INCOMPLETE)" \
        "$(grep -q '"result": "INCOMPLETE"' ref.jsonl || echo 'none in the reference')"
else
    skip "the inputs: a response that ends inside its status line (INCOMPLETE)" "no path/to/craft given"
fi

run "$S" check --format json "${INPUTS[@]}"
report "--format json is --json" "$(cmp out ref.jsonl 2>&1)"
run "$S" check --format bogus lines.txt
expect_grep "--format bogus: a one-line usage error and the hint, exit 2" 2 err \
    "^sipstatus: check: .*'bogus'" "^try 'sipstatus check --help'\$"
report "--format bogus: nothing on stdout, two lines on stderr" \
    "$([ -s out ] && echo "stdout: $(head -c 100 out)")$([ "$(wc -l <err)" = 2 ] || echo "$(wc -l <err) lines")"

# ---- SARIF ----
run "$S" check -W --format sarif "${INPUTS[@]}"
cp out out.sarif
cp err sarif.err
report "sarif: exit status 1, warnings on stderr only" \
    "$([ "$rc" = 1 ] || echo "rc $rc")$(grep -q 'not a HEP packet' sarif.err || echo 'no warning on stderr')"
py "sarif: the document: version, \$schema, one run, the driver, a rule for every kind and note" out.sarif '
import json, sys
d = json.load(sys.stdin)
assert d["version"] == "2.1.0", d["version"]
assert "sarif" in d["$schema"] and d["$schema"].startswith("https://"), d["$schema"]
assert len(d["runs"]) == 1, len(d["runs"])
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "sipstatus" and drv["version"] and drv["informationUri"].startswith("https://"), drv
assert run["columnKind"] == "unicodeCodePoints", run.get("columnKind")
ids = [r["id"] for r in drv["rules"]]
assert len(ids) == len(set(ids)), "a rule twice: %r" % ids
want = "E_VERSION E_SPACE E_CODE E_REASON E_ESCAPE E_UTF8 E_EOL E_UNREGISTERED INCOMPLETE".split()
assert not set(want) - set(ids), set(want) - set(ids)
ref = [json.loads(l) for l in open("ref.jsonl")]
notes = {"NOTE_" + n for r in ref for n in r["notes"]}
assert notes and not notes - set(ids), notes - set(ids)
for r in drv["rules"]:
    lvl = r["defaultConfiguration"]["level"]
    assert lvl == ("note" if r["id"].startswith("NOTE_") else "error"), r
    assert r["shortDescription"]["text"], r
for res in run["results"]:
    assert res["level"] in ("error", "note"), res
    assert res["message"]["text"].strip(), res
    assert drv["rules"][res["ruleIndex"]]["id"] == res["ruleId"], res
'
py "sarif: the results are the reference: rule, file, line, column; frame, time, addresses" out.sarif '
import json, sys, urllib.parse, os
d = json.load(sys.stdin)
run = d["runs"][0]
ref = [json.loads(l) for l in open("ref.jsonl")]
bad = [r for r in ref if r["result"] != "OK"]
errs = [r for r in run["results"] if r["level"] == "error"]
assert len(errs) == len(bad), (len(errs), len(bad))
ok = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%" + chr(39))
for res, r in zip(errs, bad):
    assert res["ruleId"] == r["result"], (res["ruleId"], r)
    loc = res["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert set(uri) <= ok and "#" not in uri and " " not in uri, "not percent-encoded: " + uri
    path = urllib.parse.unquote(uri)
    if r["file"].startswith("/"):
        assert path == "file://" + r["file"], (uri, r["file"])
    else:
        assert path == r["file"], (uri, r["file"])
    if "frame" not in r:
        line = open(r["file"], "rb").read().split(b"\n")[r["line"] - 1]
        col = len(line[:r["error_offset"]].decode("utf-8", "replace")) + 1
        assert loc["region"] == {"startLine": r["line"], "startColumn": col}, (loc, r, col)
    else:
        assert "region" not in loc, res
        p = res["properties"]
        got = {k: p.get(k) for k in ("frame", "time", "transport", "src", "dst")}
        assert got == {k: r[k] for k in got}, (got, r)
# the long line and the one with non-ASCII before the bad byte
cols = {(e["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], e["locations"][0]["physicalLocation"].get("region", {}).get("startLine")): e["locations"][0]["physicalLocation"]["region"]["startColumn"] for e in errs if "region" in e["locations"][0]["physicalLocation"]}
assert cols[("lines.txt", 10)] == 3013, cols[("lines.txt", 10)]
assert cols[("lines.txt", 9)] == 19, "code points, not bytes: %r" % cols[("lines.txt", 9)]
# with -W: a note result per note of the reference, in order
notes = [r for r in run["results"] if r["level"] == "note"]
want = [("NOTE_" + n, r["file"]) for r in ref for n in r["notes"]]
got = [(n["ruleId"], urllib.parse.unquote(n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).replace("file://", "")) for n in notes]
assert want and got == want, (got, want)
'
MULTITOOL=$HERE/report/node_modules/.bin/sarif-multitool
# validate SARIF OUT: the Multitool on SARIF, its findings (SARIF too) in OUT;
# it exits 0 whatever it finds, so the findings are what counts
validate() {
    rm -f "$2"
    timeout 300 "$MULTITOOL" validate "$1" --output "$2" --log ForceOverwrite >"$2.log" 2>&1
}
# findings: the errors in the Multitool's output, a result's level being its
# own or else its rule's default
FINDINGS='
import json, sys
d = json.load(sys.stdin)
run = d["runs"][0]
assert all(i.get("executionSuccessful") for i in run["invocations"]), run["invocations"]
rules = run["tool"]["driver"].get("rules", [])
def level(r):
    if "level" in r:
        return r["level"]
    rule = rules[r["ruleIndex"]] if "ruleIndex" in r else next((x for x in rules if x["id"] == r["ruleId"]), {})
    return rule.get("defaultConfiguration", {}).get("level", "warning")
errors = [(r["ruleId"], r["message"].get("arguments")) for r in run.get("results", []) if level(r) == "error"]
'
if [ -x "$MULTITOOL" ] && command -v node >/dev/null 2>&1; then
    validate out.sarif validation.sarif
    mrc=$?
    report "sarif: the SARIF Multitool runs" "$([ "$mrc" = 0 ] || { echo "exit $mrc"; tail -5 validation.sarif.log; })"
    py "sarif: the SARIF Multitool finds no error in it" validation.sarif "$FINDINGS"'
assert not errors, errors[:5]
'
    # The Multitool passes, silently, a document it cannot read as SARIF
    # (an unknown enum value): so a copy broken where a reader does look
    # must fail, and the enums are checked above by hand.
    python3 -c '
import json
d = json.load(open("out.sarif"))
loc = next(r for r in d["runs"][0]["results"] if "region" in r["locations"][0]["physicalLocation"])["locations"][0]["physicalLocation"]
loc["region"]["startLine"] = 0
loc["artifactLocation"]["uri"] = "not a uri"
json.dump(d, open("canary.sarif", "w"))
'
    validate canary.sarif canary-validation.sarif
    py "sarif: the Multitool finds a line 0 and a bad URI in a copy broken on purpose" canary-validation.sarif "$FINDINGS"'
ids = {e[0] for e in errors}
assert {"JSON1008", "SARIF1002"} <= ids, errors
'
else
    skip "sarif: the SARIF Multitool runs" "not installed (scripts/deps report)"
    skip "sarif: the SARIF Multitool finds no error in it" "not installed"
    skip "sarif: the Multitool finds the errors of a copy broken on purpose" "not installed"
fi

# ---- JUnit ----
run "$S" check --format junit "${INPUTS[@]}"
cp out out.xml
report "junit: exit status 1, stdout is the document only" \
    "$([ "$rc" = 1 ] || echo "rc $rc")$(head -c 5 out.xml | grep -q '<?xml' || echo "starts: $(head -c 40 out.xml)")"
"$S" check "${INPUTS[@]}" >text.out 2>/dev/null
if "$PY" -c 'import junitparser' 2>/dev/null; then
    p=$("$PY" - <<'EOF' 2>&1
import json, os, junitparser
xml = junitparser.JUnitXml.fromfile("out.xml")
ref = [json.loads(l) for l in open("ref.jsonl")]
n = int(os.environ["NINPUTS"])
suites = list(xml)
assert len(suites) == 1 and suites[0].name == "sipstatus check", suites
cases = list(suites[0])
names = [c.name for c in cases]
assert names == os.environ["INPUT_LIST"].split("\n"), names
text = open("text.out", encoding="utf-8", errors="replace").read()
failed = 0
for c in cases:
    assert c.classname == "sipstatus.check", c.classname
    want = [r for r in ref if r["file"] == c.name and r["result"] != "OK"]
    fails = [x for x in c.result if isinstance(x, junitparser.Failure)]
    assert [x.type for x in fails] == [r["result"] for r in want], (c.name, [x.type for x in fails], want)
    failed += bool(fails)
    for x, r in zip(fails, want):
        assert x.message, x
        where = "%s:#%d " % (r["file"], r["frame"]) if "frame" in r else "%s:%d:" % (r["file"], r["line"])
        assert x.text.startswith(where), (x.text[:80], where)
        assert "^" in x.text and x.text in text, "not the text view: " + x.text[:200]
for s in (suites[0], xml):
    assert s.tests == n and s.failures == failed, (s.tests, s.failures, failed)
EOF
)
    report "junit: junitparser reads a case per input, a failure per invalid response with its text view" "$p"
else
    skip "junit: junitparser reads it" "no python3-junitparser (scripts/deps report)"
fi

# ---- CSV ----
run "$S" check -W --format csv "${INPUTS[@]}"
cp out out.csv
py "csv: Python's csv reads a row per status line, as the reference" out.csv '
import csv, json, sys
raw = sys.stdin.buffer.read()
assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == raw.count(b"\n"), "a line end that is not CRLF"
rows = list(csv.DictReader(raw.decode("utf-8").split("\r\n")[:-1], strict=True))
ref = [json.loads(l) for l in open("ref.jsonl")]
head = raw.split(b"\r\n")[0].decode()
assert head == "file,line,frame,time,transport,src,dst,result,error_offset,code,reason,notes,call_id,cseq,status_line", head
assert len(rows) == len(ref), (len(rows), len(ref))
s = lambda v: "" if v is None else str(v)
for row, r in zip(rows, ref):
    assert None not in row and None not in row.values(), row
    assert row["file"] == r["file"] and row["result"] == r["result"], (row, r)
    assert row["error_offset"] == s(r["error_offset"]) and row["code"] == s(r["code"]), (row, r)
    assert row["reason"] == s(r["reason"]) and row["notes"].split() == r["notes"], (row, r)
    if "frame" in r:
        for k in ("frame", "time", "transport", "src", "dst", "call_id"):
            assert row[k] == s(r[k]), (k, row, r)
        assert row["line"] == "" and row["status_line"] == r["line"], (row, r)
    else:
        assert row["line"] == str(r["line"]) and row["frame"] == row["src"] == "", (row, r)
'
py "csv: the hostile fields round-trip, escaped as in text mode" out.csv '
import csv, re
rows = list(csv.DictReader(open("out.csv", newline="", encoding="utf-8"), strict=True))
quoted = [row for row in rows if row["file"] == "two, \"quoted\" #2 100%.txt"]
assert len(quoted) == 5, "the file name with a comma and quotes did not round-trip"
lines = [row["status_line"] for row in rows]
for want in ("SIP/2.0 200 O\"K,x", "SIP/2.0 200 <script>alert(1)</script> & co", "SIP/2.0 200 \\x01ctl",
             "SIP/2.0 200 \\xc3(bad utf-8", "SIP/2.0 200 back\\\\slash", "SIP/2.0 200 Caf\u00e9 \u20ac\\x7f"):
    assert want in lines, want
# every invalid line is shown as in text mode (where text mode shows it whole)
text = open("text.out", encoding="utf-8").read().split("\n")
views = {}
for i, l in enumerate(text):
    m = re.match(r"(.*):(\d+):\d+: error: ", l)
    if m and not text[i + 1].startswith("..."):
        views[(m.group(1), m.group(2))] = text[i + 1]
assert len(views) >= 10, len(views)
# (text mode shows valid UTF-8 as \\xNN too, which CSV keeps as it is)
def utf8(view):
    def dec(m):
        b = bytes(int(h, 16) for h in re.findall(r"\\x([0-9a-f]{2})", m.group(0)))
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return m.group(0)
    return re.sub(r"(\\x[89a-f][0-9a-f])+", dec, view)
for row in rows:
    if (row["file"], row["line"]) in views:
        assert row["status_line"] == utf8(views[(row["file"], row["line"])]), (row, views[(row["file"], row["line"])])
'
report "csv: the warnings of the HEP file on stderr, not in the document" \
    "$(grep -q 'not a HEP packet' err || echo 'no warning on stderr')$(grep -c 'warning' out.csv | grep -v '^0$')"

# ---- warnings and damage: stdout is the document alone ----
# A HEP file with junk (warnings) and a capture cut inside a record (a
# file that could not be read whole: exit 2): every machine format's
# stdout still parses, with a record for what was checked, and every
# warning is on stderr.
head -c 1500 "$DATA/sipp-udp.pcap" >cut.pcap
"$S" check --json junk.hep cut.pcap lines.txt >hostile.jsonl 2>/dev/null
for f in json sarif junit csv; do
    run "$S" check --format "$f" junk.hep cut.pcap lines.txt
    cp out "hostile.$f"
    report "$f: a HEP file with junk and a cut capture: exit 2, the warnings on stderr" \
        "$([ "$rc" = 2 ] || echo "rc $rc")$(grep -q 'not a HEP packet' err || echo ' no HEP warning')$(grep -q 'cut.pcap: damaged' err || echo ' no damage said')"
done
py "json, sarif, csv: each stdout parses whole, a record for every response checked" hostile.sarif '
import csv, json
ref = [json.loads(l) for l in open("hostile.jsonl")]
assert len(ref) >= 10 and any("frame" in r for r in ref), len(ref)
js = [json.loads(l) for l in open("hostile.json")]
assert js == ref, "--format json differs from --json"
d = json.load(open("hostile.sarif"))
assert len(d["runs"][0]["results"]) == sum(1 for r in ref if r["result"] != "OK"), "sarif results"
rows = list(csv.DictReader(open("hostile.csv", newline="", encoding="utf-8"), strict=True))
assert len(rows) == len(ref), ("csv rows", len(rows), len(ref))
'
if "$PY" -c 'import junitparser' 2>/dev/null; then
    p=$("$PY" -c '
import junitparser
x = junitparser.JUnitXml.fromfile("hostile.junit")
assert [c.name for s in x for c in s] == ["junk.hep", "cut.pcap", "lines.txt"], [c.name for s in x for c in s]
' 2>&1)
    report "junit: its stdout parses whole, a case for every input" "$p"
else
    skip "junit: its stdout parses whole" "no python3-junitparser"
fi

# ---- HTML ----
run "$S" check --format csv --html page.html "${INPUTS[@]}"
report "--html with another format: both written" \
    "$(cmp out out.csv 2>&1)$([ -s page.html ] || echo 'no page')"
py "html: a finding element for each invalid response of the reference, its kind and file" page.html '
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.found = []; self.tags = set(); self.urls = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs); self.tags.add(tag)
        if "finding" in (a.get("class") or "").split():
            self.found.append((a["data-kind"], a["data-file"]))
        for k in ("src", "href"):
            if k in a: self.urls.append(a[k])
p = P(); p.feed(sys.stdin.read())
ref = [json.loads(l) for l in open("ref.jsonl")]
want = [(r["result"], r["file"]) for r in ref if r["result"] != "OK"]
assert sorted(p.found) == sorted(want), (p.found, want)
assert "script" not in p.tags and "img" not in p.tags and "link" not in p.tags, p.tags
assert not p.urls, p.urls
'
report "html: no network reference (url(, @import, http(s) outside the SVG namespace)" \
    "$(sed 's#xmlns="http://www.w3.org/2000/svg"##g' page.html | grep -n -E 'https?://|url\(|@import' | head -3)"
# many findings: the first 10000 listed, the rest counted
yes 'SIP/2.0 20 OK' | head -n 30000 >many.txt
"$S" check --quiet --html many.html many.txt >/dev/null 2>&1
report "html: 30000 findings: 10000 listed, 20000 said to be more, the page bounded" \
    "$([ "$(grep -c 'class="finding"' many.html)" = 10000 ] || echo "$(grep -c 'class="finding"' many.html) listed")$(grep -q '20000 more findings not listed' many.html || echo ' no more-line')$([ "$(stat -c %s many.html)" -lt 6000000 ] || echo " $(stat -c %s many.html) bytes")"
run "$S" check --html /nonexistent/dir/page.html lines.txt
expect_grep "--html into a folder that does not exist: said, exit 2" 2 err '^sipstatus: /nonexistent/dir/page.html: '

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$CHROMIUM" ]; then
    shot() { # PAGE PNG: a screenshot by headless Chromium
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
            --user-data-dir="$T/chromium" --window-size=1280,1600 --screenshot="$2" \
            "file://$T/$1" >chromium.log 2>&1
    }
    shot page.html page.png
    py "html: Chromium renders it, not blank (many colours, dark text on light)" page.png '
import struct, sys, zlib
b = sys.stdin.buffer.read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(b):
    n, kind = struct.unpack(">I4s", b[pos:pos + 8])
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", b[pos + 8:pos + 18])
    if kind == b"IDAT":
        idat += b[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = 4 if ctype == 6 else 3
stride = w * bpp + 1
# the filter bytes vary; count distinct raw byte triples of unfiltered-ish rows
colours = set()
for y in range(0, len(raw) // stride, 7):
    row = raw[y * stride + 1:(y + 1) * stride]
    for x in range(0, len(row) - bpp, bpp * 5):
        colours.add(row[x:x + 3])
assert len(colours) > 20, "%d colours: blank?" % len(colours)
'
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
        --dump-dom "file://$T/page.html" >dom.html 2>chromium.log
    py "html: the DOM Chromium built holds every finding, the hostile text as text" dom.html '
import json, re, sys
dom = sys.stdin.read()
ref = [json.loads(l) for l in open("ref.jsonl")]
want = sorted(r["result"] for r in ref if r["result"] != "OK")
got = sorted(re.findall(r"<div class=\"finding\" data-kind=\"([A-Z_0-9]+)\"", dom))
assert got == want, (got, want)
assert "<script>" not in dom and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom, "the <script> of a line"
'
else
    skip "html: Chromium renders it" "no chromium (scripts/deps report)"
    skip "html: the DOM holds every finding" "no chromium"
fi

# Regressions: a CSeq method with a comma and a quote is one CSV field,
# quoted whole; a file name with a control byte and invalid UTF-8 stays
# well-formed XML in JUnit's failure text; -i on no interface leaves no
# --html file behind.
"$PY" - <<'PYEOF'
import struct
msg = b'SIP/2.0 20 OK\r\nCall-ID: a\r\nCSeq: 7 IN,"VITE\r\nContent-Length: 0\r\n\r\n'
udp = struct.pack('>HHHH', 5060, 5060, 8 + len(msg), 0) + msg
ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                 bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2])) + udp
frame = b'\x00' * 12 + b'\x08\x00' + ip
with open('cseq.pcap', 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    f.write(struct.pack('<IIII', 1, 0, len(frame), len(frame)) + frame)
PYEOF
run "$S" check --format csv cseq.pcap
cp out cseq.csv
py "csv: a CSeq method with a comma and a quote is one field, quoted whole" cseq.csv '
import csv
rows = list(csv.DictReader(open("cseq.csv", newline="", encoding="utf-8"), strict=True))
assert [r["cseq"] for r in rows] == ["7 IN,\"VITE"], rows
assert rows[0]["result"] == "E_CODE", rows'
ODD=$(printf 'odd\001\377.txt')
printf 'SIP/2.0 20 x\r\n' >"$ODD"
run "$S" check --format junit "$ODD"
cp out odd.xml
py "junit: a file name with a control byte and invalid UTF-8 is well-formed XML, escaped as in text" odd.xml '
import xml.dom.minidom
doc = xml.dom.minidom.parseString(open("odd.xml", "rb").read())
f = doc.getElementsByTagName("failure")[0].firstChild.data
assert f.startswith("odd\\x01\\xff.txt:1:"), f
assert doc.getElementsByTagName("testcase")[0].getAttribute("file") == "odd\\x01\\xff.txt"'
run "$S" check -i sipstatus-no-such-if0 --html gone.html
report "check -i on no interface with --html: exit 2, said why, no half-made page left" \
    "$([ "$rc" = 2 ] || echo "exit $rc")$([ -s err ] || echo 'nothing on stderr')$([ ! -e gone.html ] || echo 'gone.html was left')"

tap_end
