#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/gen.sh - end-to-end tests of `sipstatus gen` and `sipstatus diff`.
#
#   bash tests/gen.sh build/sipstatus
#
# The test peers in tests/peers/ are built here, with $CC (cc), against the
# libsipstatus.a beside the tool.  Prints `ok N - name` or `not ok N -
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
$CC -shared -fPIC -o accept_all.so "$HERE/peers/accept_all.c" 2>cc.err || p+="accept_all: $(cat cc.err)"
$CC -shared -fPIC -I"$HERE/../include" -o mirror.so "$HERE/peers/mirror.c" "$LIB" 2>cc.err ||
    p+="mirror: $(cat cc.err)"
report "diff: the test peers build" "$p"

# An accept-everything peer: one group per error kind and family, with its count, and
# the shortest line of each.
run "$S" diff --invalid --count 60 --seed 1 --peer ./accept_all.so
"$S" gen --invalid --count 60 --seed 1 --format tsv 2>/dev/null | cut -f2,6 | sort | uniq -c |
    awk '{ print "accepts-invalid " $2 " " $3 ": " $1 }' | sort >want.groups
grep '^[a-z]' out | sort >got.groups
expect_grep "diff: accept-all exits 1 and sums up" 1 err \
    '^sipstatus: diff: 60 lines \(seed 1\): 0 agree, 60 disagree: accepts-invalid 60, rejects-valid 0, code-differs 0$'
report "diff: accept-all gives exactly one group per error kind and family" "$(diff want.groups got.groups)"
expect_grep "diff: a group shows its shortest line, our verdict and the peer's" 1 out \
    '^  SIP/2\.0 30 OK\\x0d\\x0a$' '^  ours: E_CODE at 10 \(code-2-digits\); peer: accepts, code 0$'

run "$S" diff --mix --count 400 --seed 4 --peer ./mirror.so
expect "diff: sipstatus against itself agrees on every line" 0 "" \
'sipstatus: diff: 400 lines (seed 4): 400 agree, 0 disagree: accepts-invalid 0, rejects-valid 0, code-differs 0
'

# --cmd: a command that rejects everything; the groups are the families.
run "$S" diff --valid --count 12 --cmd 'cat >/dev/null; exit 1'
"$S" gen --valid --count 12 --format tsv 2>/dev/null | cut -f6 | sort | uniq -c |
    awk '{ print "rejects-valid " $2 ": " $1 }' >want.groups
grep '^[a-z]' out >got.groups
report "diff --cmd: a rejecting command gives one group per family" "$(diff want.groups got.groups)"

# --cmd printing the code it read: a 2.0 line agrees, so only versions of
# another length can differ.
run "$S" diff --valid --count 200 --cmd 'cut -c9-11'
expect_grep "diff --cmd: the code printed is compared" 1 out '^code-differs version-other: ' \
    '!^(accepts|rejects)' '!^code-differs [^v]'

run "$S" diff --count 3
expect_grep "diff: without --peer or --cmd, a usage error" 2 err 'exactly one of --peer'
run "$S" diff --count 3 --peer nowhere.so
expect_grep "diff: a peer must be given as a path" 2 err 'cannot load nowhere.so'
run "$S" diff --count 3 --peer ./missing.so
expect_grep "diff: a peer that cannot be loaded" 2 err 'cannot load ./missing.so'

tap_end
