#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/gen.sh - end-to-end tests of `sipstatus gen` and `sipstatus diff`.
#
#   bash tests/gen.sh build/sipstatus
#
# The test peers in tests/peers/ are built here, with $CC (cc), against the
# libsipstatus.a beside the tool: plugins of ABI 2 (accept_all, mirror,
# wrap) and broken, a --cmd peer that misbehaves on purpose.  Prints `ok N - name` or `not ok N -
# name`, then `P passed, F failed`; exits 1 when a case failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/gen.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "tests/gen.sh: $BIN is not an executable" >&2
    exit 2
fi
LIB=$(dirname "$BIN")/libsipstatus.a

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-gen.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2

# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

S=$BIN

# ---------------------------------------------------------------- gen

run "$S" gen --count 4 --seed 3 --format tsv
expect "gen: tsv, labels, summary" 0 \
'SIP/2.0 100 Trying\x0d\x0a	OK	-	100	-	registered-phrase	1
SI. 200 OK\x0d\x0a	E_VERSION	2	-	-	version-bad-byte	2
SIP/2.0 229 (%6a\xf1\xbf\xb4\x83%A6\xed\xa8\xad \xed\xb3\x91\x94\xfd\x90\xb1\xa1\xa5\x88o~\xf5\xb0\xaf\x90\x0d\x0a	OK	-	229	UNREGISTERED,UTF8	extension-code	3
SIP/578863310527043411/0 200 OK\x0d\x0a	E_VERSION	22	-	-	version-long-bad-byte	4
' 'sipstatus: gen: 4 lines (seed 3): 2 valid, 2 invalid; 0 not as meant
'

for fmt in lines tsv jsonl; do
    "$S" gen --mix --seed 42 --count 3000 --format $fmt >a.$fmt 2>/dev/null
    "$S" gen --mix --seed 42 --count 3000 --format $fmt >b.$fmt 2>/dev/null
    "$S" gen --mix --seed 43 --count 3000 --format $fmt >c.$fmt 2>/dev/null
    p=""
    cmp -s a.$fmt b.$fmt || p+="two runs with seed 42 differ"$'\n'
    cmp -s a.$fmt c.$fmt && p+="seeds 42 and 43 give the same lines"$'\n'
    report "gen: --format $fmt is deterministic for a seed" "$p"
done
json_valid "gen: jsonl is JSON lines" a.jsonl

# Every flag set gen knows: no line is labelled other than meant.
p=""
for flags in "" --lenient --lenient-lf --lenient-space --lenient-reason --strict-utf8 \
    --registered-only "--lenient --strict-utf8" "--lenient-reason --strict-utf8" \
    "--lenient --strict-utf8 --registered-only" --skip-crlf "--skip-crlf --lenient-lf" \
    "--skip-crlf --lenient --strict-utf8" --any-code "--any-code --registered-only" \
    "--any-code --lenient --skip-crlf"; do
    # shellcheck disable=SC2086
    "$S" gen --mix --count 4000 $flags >/dev/null 2>err.txt || p+="flags '$flags': $(head -3 err.txt)"$'\n'
done
report "gen: the self-check agrees under every flag set" "$p"

run "$S" gen --count 2 --format xml
expect_grep "gen: an unknown format is a usage error" 2 err "unknown format 'xml'"
run "$S" gen --count -1
expect_grep "gen: a bad count is a usage error" 2 err "'-1' is not a count"
run "$S" gen --seed 18446744073709551616
expect_grep "gen: a seed above 2^64-1 is a usage error" 2 err "is not a seed"
run "$S" gen extra
expect_grep "gen: an operand is a usage error" 2 err "unexpected operand 'extra'"

# Labels are what `sipstatus check --json` says of the same lines (valid
# lines: they hold no LF before their end, so they stay one line each).
labels_equal='
import json, sys
gen = [json.loads(l) for l in open(sys.argv[1])]
chk = [json.loads(l) for l in sys.stdin]
assert len(gen) == len(chk) > 0, (len(gen), len(chk))
for g, c in zip(gen, chk):
    for k in ("result", "error_offset", "code", "reason", "notes"):
        assert g[k] == c[k], (g["n"], k, g[k], c[k])
'
for flags in "" "--lenient-space --lenient-reason --strict-utf8" "--registered-only" "--any-code"; do
    # shellcheck disable=SC2086
    "$S" gen --valid --count 400 --seed 5 $flags --format lines >v.txt 2>/dev/null
    # shellcheck disable=SC2086
    "$S" gen --valid --count 400 --seed 5 $flags --format jsonl >v.jsonl 2>/dev/null
    # shellcheck disable=SC2086
    "$S" check --json $flags v.txt >v.check 2>/dev/null
    py "gen: labels of valid lines equal check --json ('$flags')" v.check \
        "import sys; sys.argv = ['', 'v.jsonl']; $labels_equal"
done

# Invalid lines: the tsv input column is in explain's escapes.
"$S" gen --invalid --count 90 --seed 9 --format tsv >i.tsv 2>/dev/null
p=""
while IFS=$'\t' read -r input result offset code notes family k; do
    got=$("$S" explain --json -- "$input")
    want="\"result\": \"$result\", \"error_offset\": $offset,"
    case $got in *"$want"*) ;; *) p+="line $k ($family): gen says $result at $offset, explain: $got"$'\n' ;; esac
done <i.tsv
[ "$(wc -l <i.tsv)" -eq 90 ] || p+="i.tsv has $(wc -l <i.tsv) lines"$'\n'
report "gen: labels of invalid lines equal explain --json" "$p"

# --dir: one file per line, and a dictionary
run "$S" gen --mix --count 61 --seed 2 --dir corpus --format tsv
p=""
[ "$rc" = 0 ] || p+="exit status $rc"$'\n'
[ "$(find corpus -type f | wc -l)" -eq 62 ] || p+="$(find corpus -type f | wc -l) files"$'\n'
grep -q '^version="SIP/2.0"$' corpus/sipstatus-gen.dict || p+="no version in the dictionary"$'\n'
f=$(ls corpus/000002-*)
[ "$(cat "$f" | od -An -tx1)" = "$("$S" gen --mix --count 2 --seed 2 2>/dev/null | tail -c "$(wc -c <"$f")" | od -An -tx1)" ] ||
    p+="$f is not the second line"$'\n'
case $f in *-version-bad-byte) ;; *) p+="second file is $f"$'\n' ;; esac
report "gen: --dir writes each line to its own file and a dictionary" "$p"

# The first families cover every registered code and every error kind.
"$S" gen --valid --count 75 --registered-only --format tsv >codes.tsv 2>/dev/null
p=$(diff <(cut -f4 codes.tsv | sort -u) <("$S" codes | cut -d' ' -f1 | sort -u))
report "gen: 75 valid lines carry every registered code (--registered-only)" "$p"
"$S" gen --valid --count 150 --format tsv >codes.tsv 2>/dev/null
p=$(comm -13 <(cut -f4 codes.tsv | sort -u) <("$S" codes | cut -d' ' -f1 | sort -u))
report "gen: 150 valid lines carry every registered code" "$p"
"$S" gen --invalid --count 31 --registered-only --strict-utf8 --format tsv >kinds.tsv 2>/dev/null
p=$(diff <(cut -f2 kinds.tsv | sort -u) <(printf '%s\n' E_CODE E_EOL E_ESCAPE E_REASON E_SPACE E_UNREGISTERED E_UTF8 E_VERSION))
report "gen: 31 invalid lines give every error kind" "$p"

# ---------------------------------------------------------------- diff

CC=${CC:-cc}
p=""
for peer in accept_all mirror wrap; do
    $CC -std=c11 -Wall -Wextra -Werror -shared -fPIC -I"$HERE/../include" -I"$HERE/../peers" \
        -o $peer.so "$HERE/peers/$peer.c" "$LIB" 2>cc.err || p+="$peer: $(cat cc.err)"$'\n'
done
$CC -std=c11 -Wall -Wextra -Werror -o broken "$HERE/peers/broken.c" 2>cc.err || p+="broken: $(cat cc.err)"
report "diff: the test peers build" "$p"

# An accept-everything plugin: every invalid line is accepts-invalid, and
# the groups of a family add up to gen's count of it.
run "$S" diff --invalid --count 60 --seed 1 --peer ./accept_all.so
"$S" gen --invalid --count 60 --seed 1 --format tsv 2>/dev/null | cut -f6 | sort | uniq -c |
    awk '{ print $2 " " $1 }' >want.groups
grep '^accepts-invalid ' out | sed -E 's/^.* ([^ ]+): ([0-9]+)$/\1 \2/' |
    awk '{ n[$1] += $2 } END { for (f in n) print f " " n[f] }' | sort >got.groups
sort -o want.groups want.groups
expect_grep "diff: accept-all exits 1 and sums up" 1 err \
    '^sipstatus: diff: 60 lines \(seed 1\): 0 agree, 60 disagree: message-corrupting 0, peer-hang 0, peer-died 0, peer-garbage 0, misread 0, accepts-invalid 60, rejects-valid 0$'
report "diff: accept-all: the groups of each family add up to gen's count" "$(diff want.groups got.groups)"
p=$(grep '^sipstatus: diff: accepts-invalid by rule: ' err | tr ',' '\n' | awk '{ n += $NF } END { print n }')
[ "$p" = 60 ] && p="" || p="the rules add up to '$p', not 60: $(grep 'by rule' err)"
report "diff: accept-all: the findings by rule add up to the lines" "$p"
expect_grep "diff: a group shows its rule, shortest line, why, and both verdicts" 1 out \
    '^accepts-invalid Status-Code code-2-digits: ' '^  SIP/2\.0 30 OK\\x0d\\x0a$' \
    '^  why: Status-Code is not 3DIGIT at byte 10$' '^  ours: E_CODE at 10; peer: accepts$'

run "$S" diff --mix --count 400 --seed 4 --peer ./mirror.so
expect "diff: sipstatus against itself (ABI v2: code span, reason, consumed, version) agrees" 0 "" \
'sipstatus: diff: 400 lines (seed 4): 400 agree, 0 disagree: message-corrupting 0, peer-hang 0, peer-died 0, peer-garbage 0, misread 0, accepts-invalid 0, rejects-valid 0
'

# The rule each rejected line breaks: a table of lines (--input takes each
# line of a file, LF included), the kind and rule --json gives for each.
rules_check='
import json, sys
want = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
got = [json.loads(l) for l in sys.stdin]
byn = {g["n"]: g for g in got}
for n, (kind, rule) in enumerate(want, 1):
    g = byn.get(n)
    if kind == "-":
        assert g is None, (n, g)
        continue
    assert g is not None, (n, "no finding")
    assert (g["kind"], g["rule"]) == (kind, rule), (n, g["input"], g["kind"], g["rule"], kind, rule)
assert set(byn) <= set(range(1, len(want) + 1)), byn.keys()
'
check_rules() { # NAME FLAGS TABLE PEER-OPTION...: TABLE is lines of INPUT|KIND|RULE
    local name=$1 flags=$2 table=$3
    shift 3
    : >rules.in
    : >rules.want
    while IFS='|' read -r line kind rule; do
        # shellcheck disable=SC2059 # the table's lines are printf formats
        printf "$line" >>rules.in
        echo "$kind|$rule" >>rules.want
    done <<<"$table"
    # shellcheck disable=SC2086
    "$S" diff $flags --json --input rules.in "$@" >rules.json 2>rules.err
    py "$name" rules.json "import sys; sys.argv = ['', 'rules.want']; $rules_check"
}
check_rules "diff: accepts-invalid names the ABNF rule, the RFC 3261 §21 class, the registry" \
    "--registered-only" \
'SIP/2.0 200 OK\r\n|-|
SIP/2.0 759 OK\r\n|accepts-invalid|RFC 3261 §21
SIP/2.0 099 OK\r\n|accepts-invalid|RFC 3261 §21
SIP/2.0 20 OK\r\n|accepts-invalid|Status-Code
SIP/2.0 2000 OK\r\n|accepts-invalid|Status-Code
SIP/2.0 2x0 OK\r\n|accepts-invalid|Status-Code
SIP/2.x 200 OK\r\n|accepts-invalid|SIP-Version
HTTP/1.1 200 OK\r\n|accepts-invalid|SIP-Version
SIP/2.0  200 OK\r\n|accepts-invalid|SP
SIP/2.0 200\tOK\r\n|accepts-invalid|SP
SIP/2.0 200 a"b\r\n|accepts-invalid|Reason-Phrase
SIP/2.0 200 a\x01b\r\n|accepts-invalid|Reason-Phrase
SIP/2.0 200 %%4x\r\n|accepts-invalid|escaped
SIP/2.0 200 \xff\r\n|accepts-invalid|UTF8-NONASCII
SIP/2.0 200 \xc3\r\n|accepts-invalid|UTF8-NONASCII
SIP/2.0 200 OK\n|accepts-invalid|CRLF
SIP/2.0 200 OK\r\r\n|accepts-invalid|CRLF
SIP/2.0 299 OK\r\n|accepts-invalid|IANA registry' --peer ./accept_all.so
check_rules "diff: under --strict-utf8, what only RFC 3629 forbids is named so" \
    "--strict-utf8" \
'SIP/2.0 200 \xed\xa0\x80\r\n|accepts-invalid|RFC 3629
SIP/2.0 200 \xc0\x80\r\n|accepts-invalid|RFC 3629
SIP/2.0 200 \xff\r\n|accepts-invalid|UTF8-NONASCII
SIP/2.0 200 caf\xc3\xa9\r\n|-|' --peer ./accept_all.so
check_rules "diff: rejects-valid names what makes the line valid" \
    "" \
'SIP/2.0 200 OK\r\n|rejects-valid|Status-Line
SIP/2.0 299 OK\r\n|rejects-valid|extension-code
SIP/2.0 799 OK\r\n|-|
sip/2.0 200 OK\r\n|rejects-valid|SIP-Version
SIP/2.10 200 OK\r\n|rejects-valid|SIP-Version
SIP/2.0 200 \xed\xa0\x80\r\n|rejects-valid|UTF8-NONASCII' \
    --cmd 'while read -r l; do echo reject no; done'

# ABI v2 carries a code above 2^64 as overflowed, and misread codes show.
printf 'SIP/2.0 18446744073709551621 x\r\nSIP/2.0 4294967301 x\r\n' >wrap.in
run "$S" diff --json --input wrap.in --peer ./wrap.so
py "diff: ABI v2: a 64-bit code with its overflow flag" out '
import json, sys
a, b = [json.loads(l) for l in sys.stdin]
assert a["peer"]["code"] == "5" and a["peer"]["code_overflow"] is True, a["peer"]
assert b["peer"]["code"] == "4294967301" and b["peer"]["code_overflow"] is False, b["peer"]
assert a["rule"] == b["rule"] == "Status-Code", (a["rule"], b["rule"])
'

# The protocol: a broken command peer.  Each misbehaviour is its own kind,
# the peer is restarted after each, and the message that did it is saved.
printf 'SIP/2.0 200 OK\r\nSIP/2.0 486 hang\r\nSIP/2.0 200 fine\r\nSIP/2.0 500 crash\r\nSIP/2.0 404 garbage\r\nSIP/2.0 200 swallow\nSIP/2.0 180 misread\r\nSIP/2.0 183 after\r\n' >broken.in
run "$S" diff --input broken.in --cmd ./broken --timeout 1000 --crashes repro
expect_grep "diff --cmd: a hang, a death, garbage, a swallowed header, a misread: each its own kind" 1 err \
    '^sipstatus: diff: 8 lines: 3 agree, 5 disagree: message-corrupting 1, peer-hang 1, peer-died 1, peer-garbage 1, misread 1, accepts-invalid 0, rejects-valid 0$' \
    '^sipstatus: diff: 3 reproducers in repro/$' '^sipstatus: diff: misread by rule: Status-Code 1$' \
    '^sipstatus: diff: peer-hang by rule: protocol 1$' '^sipstatus: diff: message-corrupting by rule: CRLF 1$'
expect_grep "diff --cmd: message-corrupting first, with why" 1 out \
    '^  why: consumed 77 bytes; the status line is 20$' \
    '^peer-hang protocol input: 1$' '^peer-died protocol input: 1$' '^peer-garbage protocol input: 1$' \
    '^misread Status-Code input: 1$' '^  why: code 181, ours 180$' '^  reproducer: repro/000002-peer-hang$'
p=""
[ "$(head -1 out)" = "message-corrupting CRLF input: 1" ] || p+="first group: $(head -1 out)"$'\n'
# shellcheck disable=SC2012 # names of our own making
[ "$(ls repro | tr '\n' ' ')" = "000002-peer-hang 000004-peer-died 000005-peer-garbage " ] || p+="repro/: $(ls repro)"$'\n'
[ "$(head -c 17 repro/000004-peer-died)" = "SIP/2.0 500 crash" ] || p+="000004: $(head -c 40 repro/000004-peer-died)"$'\n'
grep -q '^Call-ID: ' repro/000005-peer-garbage || p+="a reproducer lacks the headers sent"$'\n'
report "diff --cmd: reproducers hold the message the peer was given" "$p"
run "$S" diff --input broken.in --cmd ./broken --timeout 1000 --crashes repro --json
py "diff --cmd --json: each finding with its kind, rule and reproducer" out '
import json, sys
got = {(g["n"], g["kind"], g["rule"], g["reproducer"]) for g in map(json.loads, sys.stdin)}
want = {(2, "peer-hang", "protocol", "repro/000002-peer-hang"), (4, "peer-died", "protocol", "repro/000004-peer-died"),
        (5, "peer-garbage", "protocol", "repro/000005-peer-garbage"), (6, "message-corrupting", "CRLF", None),
        (7, "misread", "Status-Code", None)}
assert got == want, got ^ want
'

# A decoded escape is a misread, not a letter taken from a later header
# ("N" is in the CSeq's INVITE); the next header's value as the reason is
# corruption.
printf 'SIP/2.0 200 %%4E\r\nSIP/2.0 200\r\n' >decoded.in
run "$S" diff --input decoded.in --json --cmd 'read -r l; echo accept 200 4e -; read -r l;
    echo accept 200 5349502f322e302f554450203139322e302e322e313a353036303b6272616e63683d7a39684734624b373736617364686473 -'
py "diff: a reason is past the line end only where a parser that ran on would find it" out '
import json, sys
got = [(g["n"], g["kind"]) for g in map(json.loads, sys.stdin)]
assert got == [(1, "misread"), (2, "message-corrupting")], got
'

# Random bytes as answers: each one garbage (or, by chance, a reject), no
# crash, the peer restarted each time.
run "$S" diff --count 40 --cmd 'while read -r l; do head -c 300 /dev/urandom | tr -d "\n"; echo; done'
p=$(sed -n 's/.*peer-garbage \([0-9]*\),.*/\1/p' err)
[ "$rc" = 1 ] && [ "${p:-0}" -ge 35 ] && p="" || p="exit $rc, garbage '${p}': $(tail -3 err)"
report "diff --cmd: random answers are garbage, each one" "$p"

# A command that exits without reading its input: no SIGPIPE, a finding.
run "$S" diff --count 5 --cmd true --crashes pipe
expect_grep "diff --cmd: a peer that exits unread is peer-died, not SIGPIPE" 1 err \
    'disagree: .*peer-died 5,' '5 reproducers in pipe/'
run "$S" diff --count 3 --cmd 'read -r l; head -c 100000 /dev/zero | tr "\0" a; sleep 30'
expect_grep "diff --cmd: an answer line past 16384 bytes is garbage, and the peer killed" 1 err \
    'peer-garbage 3,'
run "$S" diff --count 2 --cmd 'while read -r l; do echo "accept 200 4f4b 17 extra"; done'
expect_grep "diff --cmd: five fields is garbage" 1 err 'peer-garbage 2,'
run "$S" diff --count 2 --cmd 'while read -r l; do printf "reject no\\r\\n"; done'
expect_grep "diff --cmd: an answer ending in CRLF is garbage" 1 err 'peer-garbage 2,'
run "$S" diff --count 3 --cmd 'while read -r l; do printf "accept 200 4f4b 17\\naccept 200 4f4b 17\\n"; done'
expect_grep "diff --cmd: two answers to one input is garbage" 1 err 'peer-garbage [1-3],'
run "$S" diff --count 3 --cmd './nowhere-to-be-found'
expect_grep "diff --cmd: a command that cannot run is a usage error" 2 err 'command not found or not runnable'
run "$S" diff --count 3 --cmd true --timeout 0
expect_grep "diff: a timeout of 0 is a usage error" 2 err "'0' is not a timeout"

# The npm adapters, when `scripts/deps peers` has installed them: a bare LF
# makes sip.js take the Via header as the reason (peers/FINDINGS.md).
if command -v node >/dev/null && [ -d "$HERE/../peers/node/node_modules/sip" ]; then
    printf 'SIP/2.0 200 OK\r\nSIP/2.0 603 \nSIP/2.0 505  x\r\n' >node.in
    run "$S" diff --json --input node.in --cmd "node $HERE/../peers/node/peer.js sip"
    py "diff --cmd node peers/node/peer.js sip: the swallowed Via, the stripped reason" out '
import json, sys
got = [json.loads(l) for l in sys.stdin]
assert [(g["n"], g["kind"], g["rule"]) for g in got] == [(2, "message-corrupting", "CRLF"), (3, "misread", "Reason-Phrase")], got
assert got[0]["peer"]["reason"].startswith("Via: SIP/2.0/UDP"), got[0]["peer"]
assert got[1]["peer"]["reason"] == "x" and got[1]["ours"]["reason"] == " x", got[1]
'
else
    skip "diff --cmd node peers/node/peer.js sip" "no node or no peers/node/node_modules (scripts/deps peers)"
fi

run "$S" diff --count 3
expect_grep "diff: without --peer or --cmd, a usage error" 2 err 'exactly one of --peer'
run "$S" diff --count 3 --peer nowhere.so
expect_grep "diff: a peer must be given as a path" 2 err 'cannot load nowhere.so'
run "$S" diff --count 3 --peer ./missing.so
expect_grep "diff: a peer that cannot be loaded" 2 err 'cannot load ./missing.so'
printf '%s\n' 'int sipstatus_peer_parse(const char *b, unsigned long n, unsigned *c);' \
    'int sipstatus_peer_parse(const char *b, unsigned long n, unsigned *c) { (void)b; (void)n; *c = 200; return 1; }' >v1.c
$CC -shared -fPIC -o v1.so v1.c
run "$S" diff --count 3 --peer ./v1.so
expect_grep "diff: a plugin of ABI 1 is refused, saying so" 2 err 'a plugin of ABI 1'

tap_end
