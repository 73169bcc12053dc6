#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/cli.sh - end-to-end tests of the sipstatus command-line tool.
#
#   bash tests/cli.sh build/sipstatus
#
# Each case runs the tool, then asserts its exit status and its exact
# stdout/stderr (or a grep of them).  Prints `ok N - name` or
# `not ok N - name` with the differences, then `P passed, F failed`;
# exits 1 when a case failed.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/cli.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "tests/cli.sh: $BIN is not an executable" >&2
    exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null # no case reads the terminal by accident
cd "$T" || exit 2

# shellcheck source=tests/tap.sh
. "$HERE/tap.sh"

# caret N: N spaces then '^' (no newline).
caret() { printf '%*s^' "$1" ''; }
# summary LINES VALID INVALID [MORE...]: a summary of lines (see totals).
summary() { totals line "$@"; }

S=$BIN

# ---------------------------------------------------------------- check

printf 'SIP/2.0 200 OK\n' >good.txt
run "$S" check good.txt
expect "check: a valid line" 0 "" "$(summary 1 1 0)"$'\n'

printf 'SIP/2.0 180 Ringing\r\nSIP/2.0 183 Session Progress\r\nSIP/2.0 200 OK\r\n' >crlf.txt
run "$S" check -W crlf.txt
expect "check: a CRLF file, no notes" 0 "" "$(summary 3 3 0)"$'\n'

printf 'SIP/2.0 200 OK\nSIP/2.0 2x0 OK\n' >badcode.txt
run "$S" check badcode.txt
expect "check: finding format FILE:LINE:COL, line, caret" 1 \
"badcode.txt:2:10: error: $M_CODE (E_CODE)
SIP/2.0 2x0 OK
$(caret 9)
" "$(summary 2 1 1 'invalid: E_CODE 1')"$'\n'

printf 'SIP/2.0 200 a\tb\x7f\n' >escaped.txt
run "$S" check --quiet escaped.txt
expect "check: escaped line, caret on the escaped column" 1 \
"escaped.txt:1:16: error: $M_REASON (E_REASON)
SIP/2.0 200 a\\tb\\x7f
$(caret 16)
" ""

printf 'SIP/2.0 200 \\x\n' >backslash.txt
run "$S" check --quiet backslash.txt
expect "check: a backslash is shown as \\\\" 1 \
"backslash.txt:1:13: error: $M_REASON (E_REASON)
SIP/2.0 200 \\\\x
$(caret 12)
" ""

printf 'SIP/2.0 200\n' >nosp.txt
run "$S" check --quiet nosp.txt
expect "check: error at the end of the line (caret past it)" 1 \
"nosp.txt:1:12: error: $M_SPACE (E_SPACE)
SIP/2.0 200
$(caret 11)
" ""

printf 'SIP/2.0 200 OK\rX\nSIP/2.0 200 OK\r\r\n' >cr.txt
run "$S" check --quiet cr.txt
expect "check: a CR inside the line; only one CRLF is stripped" 1 \
"cr.txt:1:16: error: $M_EOL (E_EOL)
SIP/2.0 200 OK\\x0dX
$(caret 18)
cr.txt:2:16: error: $M_EOL (E_EOL)
SIP/2.0 200 OK\\x0d
$(caret 18)
" ""

printf 'SIP/2.0 200 OK\nSIP/2.0 099 Low' >nonl.txt
run "$S" check nonl.txt
expect "check: last line without a newline is checked" 1 \
"nonl.txt:2:9: error: $M_CODE (E_CODE)
SIP/2.0 099 Low
$(caret 8)
" "$(summary 2 1 1 'invalid: E_CODE 1')"$'\n'

printf 'SIP/2.0 200 OK\n\nSIP/2.0 200 OK\n' >empty.txt
run "$S" check empty.txt
expect "check: an empty line is a candidate, the end of file is not" 1 \
"empty.txt:2:1: error: $M_VERSION (E_VERSION)

^
" "$(summary 3 2 1 'invalid: E_VERSION 1')"$'\n'

: >zero.txt
run "$S" check zero.txt
expect "check: an empty file" 0 "" "$(summary 0 0 0)"$'\n'

printf 'sip/2.0 200 Fine\nSIP/2.0 200 OK\n' >notes.txt
run "$S" check -W notes.txt
expect "check -W: notes" 0 \
"notes.txt:1: note: $N_CASE (CASE)
notes.txt:1: note: $N_PHRASE (PHRASE)
" "$(summary 2 2 0 'notes: CASE 1, PHRASE 1')"$'\n'

run "$S" check --notes --quiet notes.txt
expect "check --notes: long form" 0 \
"notes.txt:1: note: $N_CASE (CASE)
notes.txt:1: note: $N_PHRASE (PHRASE)
" ""

run "$S" check notes.txt
expect "check: notes only in the summary without -W" 0 "" \
"$(summary 2 2 0 'notes: CASE 1, PHRASE 1')"$'\n'

run "$S" check notes.txt -W --quiet
expect "check: options after the operands" 0 \
"notes.txt:1: note: $N_CASE (CASE)
notes.txt:1: note: $N_PHRASE (PHRASE)
" ""

printf 'SIP/2.0 200 OK\nSIP/2.0 2x0 OK\nSIP/2.1 699 Caf\xc3\xa9\n' >mixed.txt
run "$S" check --json mixed.txt
expect "check --json: one object per line" 1 \
'{"file": "mixed.txt", "line": 1, "result": "OK", "error_offset": null, "code": 200, "reason": "OK", "notes": []}
{"file": "mixed.txt", "line": 2, "result": "E_CODE", "error_offset": 9, "code": null, "reason": null, "notes": []}
{"file": "mixed.txt", "line": 3, "result": "OK", "error_offset": null, "code": 699, "reason": "Caf'$'\xc3\xa9''", "notes": ["VERSION", "UNREGISTERED"]}
' "$(summary 3 2 1 'invalid: E_CODE 1' 'notes: VERSION 1, UNREGISTERED 1')"$'\n'
cp out json1.out
json_valid "check --json: valid JSON" json1.out

printf 'SIP/2.0 200 Caf\xe9 "x" \\ \xc3\xa9 \xc0\xaf\tEnd\n' >latin1.txt
run "$S" check --json --lenient-reason --quiet latin1.txt
expect "check --json: bytes that are not UTF-8 as \\xNN, a backslash as two" 0 \
'{"file": "latin1.txt", "line": 1, "result": "OK", "error_offset": null, "code": 200, "reason": "Caf\\xe9 \"x\" \\\\ '$'\xc3\xa9'' \\xc0\\xaf\u0009End", "notes": ["PHRASE", "UTF8", "REASON_CHARS"]}
' ""
cp out json2.out
json_valid "check --json: escaped reason is valid JSON" json2.out
py "check --json: reason decodes as expected" json2.out \
'import json,sys; o=json.loads(sys.stdin.readline()); assert o["reason"]=="Caf\\xe9 \"x\" \\\\ \u00e9 \\xc0\\xaf\tEnd", o'

# Which reason bytes JSON and CSV keep as UTF-8 and which they escape:
# each RFC 3629 character (2, 3, 4 bytes) as it is; an overlong form, a
# surrogate, a code point past U+10FFFF, a byte never in UTF-8 and a lone
# continuation byte as \xNN (the reason is valid without --strict-utf8).
#   hex bytes      the reason as written (a Python string literal)
UTF8_CASES='
c3a9           a\u00e9b
e282ac         a\u20acb
f09f9880       a\U0001f600b
c0af           a\\xc0\\xafb
e080af         a\\xe0\\x80\\xafb
eda080         a\\xed\\xa0\\x80b
f4908080       a\\xf4\\x90\\x80\\x80b
f5808080       a\\xf5\\x80\\x80\\x80b
80             a\\x80b
'
printf '%s\n' "$UTF8_CASES" | while read -r hex _; do
    [ -n "$hex" ] && printf "SIP/2.0 200 a$(printf '%s' "$hex" | sed 's/../\\x&/g')b\r\n"
done >utf8.txt
printf '%s\n' "$UTF8_CASES" | awk 'NF == 2 { print $2 }' >utf8.want
run "$S" check --json --quiet utf8.txt
cp out utf8.json
py "check --json: RFC 3629 characters kept, every other byte >= 0x80 as \\xNN" utf8.json "
import ast, json, sys
want = [ast.literal_eval('\"' + l.strip() + '\"') for l in open('utf8.want')]
got = [json.loads(l)['reason'] for l in sys.stdin]
assert got == want, (got, want)"
run "$S" check --format csv --quiet utf8.txt
cp out utf8.csv
py "check --format csv: the same reasons as --json, UTF-8 kept" utf8.csv "
import ast, csv, sys
want = [ast.literal_eval('\"' + l.strip() + '\"') for l in open('utf8.want')]
got = [r['reason'] for r in csv.DictReader(sys.stdin)]
assert got == want, (got, want)"

printf 'SIP/2.0 200 OK\n' >in1.txt
run "$S" check -W <in1.txt
expect "check: stdin when no FILE" 0 "" "$(summary 1 1 0)"$'\n'

printf 'SIP/2.0 20 OK\n' >in2.txt
run "$S" check --quiet <in2.txt
expect "check: stdin is named <stdin>" 1 \
"<stdin>:1:11: error: $M_CODE (E_CODE)
SIP/2.0 20 OK
$(caret 10)
" ""

run "$S" check --quiet good.txt - badcode.txt <in2.txt
expect "check: '-' between files" 1 \
"<stdin>:1:11: error: $M_CODE (E_CODE)
SIP/2.0 20 OK
$(caret 10)
badcode.txt:2:10: error: $M_CODE (E_CODE)
SIP/2.0 2x0 OK
$(caret 9)
" ""

run "$S" check --json --quiet <in2.txt
expect "check --json: stdin" 1 \
'{"file": "<stdin>", "line": 1, "result": "E_CODE", "error_offset": 10, "code": null, "reason": null, "notes": []}
' ""

run "$S" check good.txt missing.txt badcode.txt
expect "check: a missing file (exit 2, other files still checked)" 2 \
"badcode.txt:2:10: error: $M_CODE (E_CODE)
SIP/2.0 2x0 OK
$(caret 9)
" "sipstatus: missing.txt: No such file or directory
$(summary 3 2 1 'invalid: E_CODE 1' '1 file could not be read')"$'\n'

run "$S" check --quiet good.txt missing.txt
expect "check: a missing file alone with valid lines exits 2" 2 "" \
"sipstatus: missing.txt: No such file or directory
"

mkdir adir
run "$S" check --quiet adir good.txt
expect "check: a directory is an error" 2 "" "sipstatus: adir: Is a directory
"

if [ "$(id -u)" != 0 ]; then
    printf 'SIP/2.0 200 OK\n' >noperm.txt
    chmod 000 noperm.txt
    run "$S" check --quiet noperm.txt
    expect "check: an unreadable file" 2 "" "sipstatus: noperm.txt: Permission denied
"
else
    skip "check: an unreadable file" "running as root"
fi

printf 'SIP/2.0 200 O\0K\n\0\0\0\nSIP/2.0 200 OK\n' >nul.bin
run "$S" check --quiet nul.bin
expect "check: NUL bytes" 1 \
"nul.bin:1:14: error: $M_REASON (E_REASON)
SIP/2.0 200 O\\x00K
$(caret 13)
nul.bin:2:1: error: $M_VERSION (E_VERSION)
\\x00\\x00\\x00
^
" ""

# Every byte value, several times, in a deterministic order.
python_free_bytes() {
    local i j
    for j in 1 2 3; do
        for i in $(seq 0 255); do
            printf "\\x$(printf '%02x' $(((i * 7 + j * 13) % 256)))"
        done
    done
}
python_free_bytes >binary.bin
run "$S" check binary.bin
expect_grep "check: a binary file (findings, no crash)" 1 err \
    '^sipstatus: [0-9]+ lines checked: 0 valid, [0-9]+ invalid$'
expect_grep "check: a binary file gives findings" 1 out \
    '^binary\.bin:1:1: error: .* \(E_VERSION\)$'
run "$S" check --json binary.bin
cp out json3.out
json_valid "check --json: a binary file gives valid JSON" json3.out

{ printf 'SIP/2.0 200 '; head -c 5000000 /dev/zero | tr '\0' 'a'; printf '\r\n'; } >big.txt
run "$S" check --max-line 8M big.txt
expect "check: a 5 MB valid line (--max-line 8M)" 0 "" "$(summary 1 1 0 'notes: PHRASE 1')"$'\n'
run "$S" check big.txt
expect "check: a 5 MB valid line is not checked past --max-line (1M): a warning, counted" 0 \
    "big.txt:1: warning: the line is still valid after 1048576 bytes (--max-line); not checked further
" "sipstatus: 0 lines checked: 0 valid, 0 invalid
sipstatus: 1 line not checked past --max-line
"
run "$S" check --max-line 100 big.txt
expect_grep "check: --max-line 100" 0 out '^big\.txt:1: warning: the line is still valid after 100 bytes'
run "$S" check --max-line 1X big.txt
expect_grep "check: --max-line takes a size" 2 err "'1X' is not a size"

# A 200 MB line whose verdict is known at its first byte is not kept: the
# memory stays that of a short line (GNU time's maximum resident set size).
if command -v /usr/bin/time >/dev/null 2>&1; then
    { printf 'XIP/2.0 200 '; head -c 200000000 /dev/zero | tr '\0' a; printf '\r\nSIP/2.0 200 OK\r\n'; } >huge.txt
    run /usr/bin/time -f "%M" -o rss.txt "$S" check --quiet huge.txt; rss=$(tail -1 rss.txt)
    expect_grep "check: a 200 MB line with an error at byte 0: found" 1 out '^huge\.txt:1:1: error: .*\(E_VERSION\)$'
    report "check: a 200 MB line with an error at byte 0 is not stored (RSS $rss KiB < 16 MiB)" \
        "$([ "$rss" -lt 16384 ] || echo "max RSS $rss KiB")"
    rm -f huge.txt
else
    skip "check: a 200 MB line is not stored" "no /usr/bin/time"
fi

{ printf 'SIP/2.0 200 '; head -c 5000000 /dev/zero | tr '\0' 'a'; printf '<\n'; } >bigbad.txt
run "$S" check --quiet --max-line 8M bigbad.txt
head -1 out >out1
printf 'bigbad.txt:1:5000013: error: %s (E_REASON)\n' "$M_REASON" >want1
report "check: a 5 MB invalid line, error column" \
    "$(cmp -s want1 out1 || { echo 'first line:'; head -c 200 out1; })"
# a long line is shown as a window of 60 bytes either side of the bad one
report "check: a 5 MB invalid line, shown as a window" \
    "$(sed -n 2p out | cmp -s - <(printf '...%s<\n' "$(head -c 60 /dev/zero | tr '\0' a)") || echo 'window wrong')"
report "check: a 5 MB invalid line, caret line" \
    "$(tail -1 out | cmp -s - <(printf '%*s^\n' 63 '') || echo 'caret line wrong')"

printf 'SIP/2.0  200 OK\nSIP/2.0\t200\t \tOK\nSIP/2.0 200\n' >space.txt
run "$S" check --quiet space.txt
expect_grep "check: separators strict" 1 out \
    '^space\.txt:1:9: error: .*\(E_SPACE\)$' '^space\.txt:2:8: error: .*\(E_SPACE\)$' \
    '^space\.txt:3:12: error: .*\(E_SPACE\)$'
run "$S" check -W --lenient-space --quiet space.txt
expect "check --lenient-space" 0 \
"space.txt:1: note: $N_WS (WHITESPACE)
space.txt:2: note: $N_WS (WHITESPACE)
space.txt:3: note: $N_PHRASE (PHRASE)
space.txt:3: note: $N_WS (WHITESPACE)
" ""

printf 'SIP/2.0 403 <forbidden>\nSIP/2.0 400 100%% sure\n' >reason.txt
run "$S" check --quiet reason.txt
expect "check: forbidden reason bytes and a bad escape" 1 \
"reason.txt:1:13: error: $M_REASON (E_REASON)
SIP/2.0 403 <forbidden>
$(caret 12)
reason.txt:2:17: error: $M_ESCAPE (E_ESCAPE)
SIP/2.0 400 100% sure
$(caret 16)
" ""
run "$S" check -W --lenient-reason reason.txt
expect "check --lenient-reason" 0 \
"reason.txt:1: note: $N_PHRASE (PHRASE)
reason.txt:1: note: $N_CHARS (REASON_CHARS)
reason.txt:2: note: $N_PHRASE (PHRASE)
reason.txt:2: note: $N_CHARS (REASON_CHARS)
" "$(summary 2 2 0 'notes: PHRASE 2, REASON_CHARS 2')"$'\n'

run "$S" check -W --lenient-lf --quiet good.txt crlf.txt
expect "check --lenient-lf: line ends are stripped, no BARE_LF" 0 "" ""

printf 'SIP/2.0\t 403  <x>\r\n' >lenient.txt
run "$S" check -W --lenient --quiet lenient.txt
expect "check --lenient: all three" 0 \
"lenient.txt:1: note: $N_PHRASE (PHRASE)
lenient.txt:1: note: $N_WS (WHITESPACE)
lenient.txt:1: note: $N_CHARS (REASON_CHARS)
" ""

printf 'SIP/2.0 404 Not Found \xc0\xaf\n' >utf8.txt
run "$S" check -W --quiet utf8.txt
expect "check: overlong UTF-8 is a note" 0 \
"utf8.txt:1: note: $N_PHRASE (PHRASE)
utf8.txt:1: note: $N_UTF8 (UTF8)
" ""
run "$S" check --strict-utf8 --quiet utf8.txt
expect "check --strict-utf8: overlong UTF-8 is an error" 1 \
"utf8.txt:1:23: error: $M_UTF8 (E_UTF8)
SIP/2.0 404 Not Found \\xc0\\xaf
$(caret 22)
" ""

printf 'SIP/2.0 699 Custom\nSIP/2.0 486 Busy Here\n' >unreg.txt
run "$S" check -W --quiet unreg.txt
expect "check: an unregistered code is a note" 0 \
"unreg.txt:1: note: $N_UNREG (UNREGISTERED)
" ""
run "$S" check --registered-only unreg.txt
expect "check --registered-only" 1 \
"unreg.txt:1:9: error: $M_UNREG (E_UNREGISTERED)
SIP/2.0 699 Custom
$(caret 8)
" "$(summary 2 1 1 'invalid: E_UNREGISTERED 1')"$'\n'

printf 'HTTP/1.1 200 OK\nSIP/2.0 99 x\nSIP/2.0  200 OK\nSIP/2.0 200 <\nSIP/2.0 200 %%g\nsip/3.0 699 \xc0\xaf\n' >summary.txt
run "$S" check summary.txt
expect "check: the summary by kind" 1 @any \
"$(summary 6 1 5 'invalid: E_VERSION 1, E_SPACE 1, E_CODE 1, E_REASON 1, E_ESCAPE 1' \
    'notes: CASE 1, VERSION 1, UNREGISTERED 1, UTF8 1')"$'\n'

run "$S" check --quiet summary.txt
expect_grep "check --quiet: no summary" 1 err '!.'

if [ -w /dev/full ]; then
    "$S" check badcode.txt >/dev/full 2>"$T/err"
    rc=$?
    expect_grep "check: a write error exits 2" 2 err '^sipstatus: error writing standard output'
else
    skip "check: a write error exits 2" "no /dev/full"
fi

# --------------------------------------------------------------- format

run "$S" format 200
expect "format: registered phrase" 0 $'SIP/2.0 200 OK\r\n' ""

run "$S" format 486 'Busy Here Now'
expect "format: own reason" 0 $'SIP/2.0 486 Busy Here Now\r\n' ""

run "$S" format 699
expect "format: unregistered code without reason" 0 $'SIP/2.0 699 \r\n' ""

run "$S" format 200 ''
expect "format: empty reason" 0 $'SIP/2.0 200 \r\n' ""

run "$S" format 404 $'N\xc3\xa3o Encontrado'
expect "format: UTF-8 reason" 0 $'SIP/2.0 404 N\xc3\xa3o Encontrado\r\n' ""

run "$S" format --escape 200 'a<b% c'
expect "format --escape" 0 $'SIP/2.0 200 a%3Cb%25 c\r\n' ""

run "$S" format 200 --escape $'caf\xe9 [x]'
expect "format --escape after CODE, a Latin-1 byte" 0 $'SIP/2.0 200 caf%E9 %5Bx%5D\r\n' ""

run "$S" format 200 $'x\xc0\xaf'
expect "format: overlong UTF-8 allowed by default" 0 $'SIP/2.0 200 x\xc0\xaf\r\n' ""

run "$S" format --strict-utf8 200 $'x\xc0\xaf'
expect "format --strict-utf8: overlong UTF-8 rejected" 1 "" \
"sipstatus: format: invalid reason: $M_UTF8 (E_UTF8)
  x\\xc0\\xaf
$(caret 3)
"

run "$S" format 200 'a<b'
expect "format: bad reason" 1 "" \
"sipstatus: format: invalid reason: $M_REASON (E_REASON)
  a<b
$(caret 3)
"

run "$S" format 200 '100% sure'
expect "format: bad escape in reason" 1 "" \
"sipstatus: format: invalid reason: $M_ESCAPE (E_ESCAPE)
  100% sure
$(caret 6)
"

run "$S" format 200 $'a\r\nVia: x'
expect "format: CRLF in the reason (caret at the CR)" 1 "" \
"sipstatus: format: invalid reason: $M_EOL (E_EOL)
  a\\x0d\\x0aVia: x
$(caret 3)
"

run "$S" format --escape 200 $'a\r\nb'
expect "format --escape: CRLF in the reason" 0 $'SIP/2.0 200 a%0D%0Ab\r\n' ""

for code in 700 099 abc 0200 20 2000 -200 +20 ' 200' ''; do
    run "$S" format -- "$code"
    expect "format: bad code '$code'" 1 "" "sipstatus: format: invalid code '$code': $M_CODE
"
done

run "$S" format
expect_grep "format: no CODE is a usage error" 2 err '^sipstatus: format: CODE is missing$' "^try 'sipstatus format --help'$"
run "$S" format 200 a b
expect_grep "format: too many operands" 2 err '^sipstatus: format: too many operands'
run "$S" format --json 200
expect_grep "format: unknown option" 2 err "^sipstatus: format: unknown option '--json'$" "^try 'sipstatus format --help'$"

# ---------------------------------------------------------------- codes

run "$S" codes
expect_grep "codes: the table" 0 out '^100  Trying +RFC 3261$' '^200  OK +RFC 3261$' \
    '^603  Decline +RFC 3261$' ' deprecated$' '!^[^1-6]' '! $'
if [ "$(wc -l <out)" -eq 75 ]; then report "codes: 75 codes" ""; else report "codes: 75 codes" "$(wc -l <out) lines"; fi

run "$S" codes --json
cp out codes.json
py "codes --json: a JSON array" codes.json \
'import json,sys; a=json.load(sys.stdin); assert len(a)==75, len(a); assert a[0]=={"code":100,"phrase":"Trying","reference":"RFC 3261","deprecated":False}, a[0]; assert [x["code"] for x in a]==sorted(x["code"] for x in a)'

run "$S" codes extra
expect_grep "codes: an operand is a usage error" 2 err "^sipstatus: codes: unexpected operand 'extra'$"

# -------------------------------------------------------------- explain

run "$S" explain 'SIP/2.0 200 OK'
expect "explain: a valid line" 0 \
'result:    OK
input:     SIP/2.0 200 OK\x0d\x0a
version:   SIP/2.0 (major 2, minor 0, "SIP" upper case)
code:      200 "OK" (RFC 3261)
effective: 200 (how a UAC treats it, RFC 3261 section 8.1.3.2)
reason:    "OK" (2 bytes)
length:    16 bytes
notes:     none
' ""

run "$S" explain 'sip/02.1 299 Caf\xc3\xa9\r\nVia: x\r\n'
expect "explain: escapes, notes, unregistered code, bytes after the line" 0 \
'result:    OK
input:     sip/02.1 299 Caf\xc3\xa9\x0d\x0aVia: x\x0d\x0a
version:   sip/02.1 (major 2, minor 1, "sip" lower case)
code:      299 unregistered
effective: 200 (how a UAC treats it, RFC 3261 section 8.1.3.2)
reason:    "Caf\xc3\xa9" (5 bytes)
length:    20 bytes (8 more bytes after the line not read)
notes:     CASE: '"$N_CASE"'
           VERSION: '"$N_VERSION"'
           UNREGISTERED: '"$N_UNREG"'
' ""

run "$S" explain 'SIP/2.0 2x0 OK'
expect "explain: an error with a caret" 1 \
"result:    E_CODE: $M_CODE
input:     SIP/2.0 2x0 OK\\x0d\\x0a
$(caret 20)
offset:    9 (column 10)
" ""

run "$S" explain 'SIP/2.0 200 a\t\\<'
expect "explain: caret after escaped bytes" 1 \
"result:    E_REASON: $M_REASON
input:     SIP/2.0 200 a\\t\\\\<\\x0d\\x0a
$(caret 26)
offset:    14 (column 15)
" ""

run "$S" explain --registered-only 'SIP/2.0 299 OK'
expect_grep "explain --registered-only" 1 out '^result:    E_UNREGISTERED: ' '^offset:    8 \(column 9\)$' \
    '^code:      299 unregistered$'

# extension-code = 3DIGIT: any code with --any-code, note CLASS outside
# 100-699 and no effective code; without it E_CODE at the first digit
run "$S" explain --any-code 'SIP/2.0 759 OK'
expect_grep "explain --any-code: a code outside the classes" 0 out '^code:      759 unregistered$' \
    '^effective: 0 ' "^notes:     UNREGISTERED: $N_UNREG\$" "^           CLASS: $N_CLASS\$"
run "$S" explain 'SIP/2.0 759 OK'
expect_grep "explain: 759 without --any-code" 1 out '^result:    E_CODE: ' '^offset:    8 \(column 9\)$'
printf 'SIP/2.0 099 x\nSIP/2.0 999 y\nSIP/2.0 9999 z\n' >anycode.txt
run "$S" check --any-code anycode.txt
expect_grep "check --any-code: two valid, a 4-digit code is still E_CODE" 1 err \
    '^sipstatus: 3 lines checked: 2 valid, 1 invalid$' '^sipstatus: invalid: E_CODE 1$'

# 1*DIGIT: a version of any length is valid; a number that does not fit
# an unsigned int is shown as 4294967295
run "$S" explain 'SIP/123456789012345678901.0 200 OK'
expect_grep "explain: a version of 21 digits" 0 out \
    '^version:   SIP/123456789012345678901.0 \(major 4294967295, minor 0, "SIP" upper case\)$' \
    "^notes:     VERSION: $N_VERSION\$"

run "$S" explain --lenient-lf 'SIP/2.0 200 OK\n'
expect_grep "explain --lenient-lf: a bare LF" 0 out "^notes:     BARE_LF: $N_BARE_LF\$" '^length:    15 bytes$'

run "$S" explain 'SIP/2.0 200 OK\n'
expect_grep "explain: a bare LF is strict E_EOL" 1 out '^result:    E_EOL: ' '^offset:    14 '

run "$S" explain --skip-crlf '\r\n\r\nSIP/2.0 200 OK'
expect_grep "explain --skip-crlf: line ends before the line are skipped" 0 out '^result:    OK$' \
    '^length:    20 bytes$'
run "$S" explain '\r\nSIP/2.0 200 OK'
expect_grep "explain: without --skip-crlf a leading CRLF is E_VERSION" 1 out '^result:    E_VERSION: ' \
    '^offset:    0 '

run "$S" explain --lenient 'SIP/2.0  202  <x>'
expect_grep "explain --lenient" 0 out '^code:      202 "Accepted" \(RFC [0-9]+, deprecated\)$' \
    '^reason:    "<x>" \(3 bytes\)$' "^ +WHITESPACE: " "^ +REASON_CHARS: "

run "$S" explain --strict-utf8 'SIP/2.0 200 \xed\xa0\x80'
expect_grep "explain --strict-utf8: a surrogate" 1 out '^result:    E_UTF8: ' '^offset:    13 \(column 14\)$'

run "$S" explain 'SIP/2.0 200 O\x00K'
expect_grep "explain: \\x00 gives a NUL byte" 1 out '^result:    E_REASON: ' '^offset:    13 '

run "$S" explain --json 'SIP/2.0 200 Caf\xe9'
cp out explain.json
json_valid "explain --json: valid JSON" explain.json
py "explain --json: fields" explain.json \
'import json,sys; o=json.loads(sys.stdin.read()); assert o["result"]=="E_UTF8" and o["error_offset"]==16 and o["code"] is None, o'

run "$S" explain --json --lenient 'sip/2.0  603 Declined\n'
cp out explain2.json
py "explain --json: a valid line" explain2.json \
'import json,sys; o=json.loads(sys.stdin.read()); assert (o["result"],o["code"],o["reason"],o["phrase"],o["effective_code"],o["length"])==("OK",603,"Declined","Decline",603,22), o; assert o["notes"]==["CASE","PHRASE","BARE_LF","WHITESPACE"], o["notes"]'

run "$S" explain --quiet 'SIP/2.0 2x0 OK'
expect "explain --quiet: exit status only" 1 "" ""

run "$S" explain -- '-x'
expect_grep "explain: '--' ends the options" 1 out '^result:    E_VERSION: '

run "$S" explain 'SIP/2.0 200 \q'
expect_grep "explain: a bad escape is a usage error" 2 err '^sipstatus: explain: bad escape at byte 13 of LINE'
run "$S" explain 'SIP/2.0 200 \x4'
expect_grep "explain: \\x needs two hex digits" 2 err '^sipstatus: explain: bad escape'
run "$S" explain
expect_grep "explain: no LINE" 2 err '^sipstatus: explain: LINE is missing$' "^try 'sipstatus explain --help'$"
run "$S" explain SIP/2.0 200 OK
expect_grep "explain: unquoted LINE" 2 err '^sipstatus: explain: too many operands'

# ------------------------------------------------- help, version, usage

run "$S" --help
expect_grep "--help" 0 out '^Usage: sipstatus check ' '^ +sipstatus explain ' '^ +sipstatus format ' \
    '^ +sipstatus codes ' '^  check ' '^  diff ' '^Exit status'
cp out help.txt
run "$S" -h
report "-h is --help" "$(cmp -s help.txt out || echo differs)"
run "$S" check --help
expect_grep "check --help" 0 out '^Usage: sipstatus check ' '--lenient-reason' '--registered-only'
run "$S" explain --help
expect_grep "explain --help" 0 out '^Usage: sipstatus explain ' '\\xNN'

run "$S" --version
expect_grep "--version" 0 out '^sipstatus [0-9]+\.[0-9]+\.[0-9]+$'

run "$S"
expect_grep "no command" 2 err '^sipstatus: no command given$' "^try 'sipstatus --help'$"
run "$S" frobnicate
expect_grep "an unknown command" 2 err "^sipstatus: unknown command 'frobnicate'$" "^try 'sipstatus --help'$"
run "$S" --frob
expect_grep "an unknown global option" 2 err "^sipstatus: unknown option '--frob'$"
run "$S" check --frob good.txt
expect_grep "check: an unknown option" 2 err "^sipstatus: check: unknown option '--frob'$" "^try 'sipstatus check --help'$"
run "$S" check --escape good.txt
expect_grep "check: a format option is unknown" 2 err "unknown option '--escape'"
run "$S" codes -W
expect_grep "codes: an unknown option" 2 err "^sipstatus: codes: unknown option '-W'$"

tap_end
