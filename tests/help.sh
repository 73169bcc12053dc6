# SPDX-License-Identifier: MIT
# tests/help.sh - the CLI's conventions: per-subcommand --help, one-line
# usage errors, --quiet with --summary, and --help against the man page.
#
#   bash tests/help.sh path/to/sipstatus [man/sipstatus.1]
#
# How the two lists are read:
#  - `sipstatus CMD --help`: every line that starts with two spaces and '-'
#    is an option line; its first column (up to two spaces in a row) holds
#    the option's names ("-W, --notes", "--port N"): each word there that
#    starts with '-' is an option of CMD.
#  - man/sipstatus.1 (mdoc): the SYNOPSIS is one block per form, each
#    starting at `.Nm`; a block whose first `.Cm` is CMD is a form of CMD
#    (check has two: files and -i).  Every word after an `Fl` macro, up to
#    the next macro (a capitalised two- or three-letter word such as Ar, Ns,
#    Op) and skipping the punctuation | , is a flag: `Fl -valid | -invalid`
#    gives --valid and --invalid.  The block with no `.Cm` holds the global
#    options.  -h and --help, which every subcommand takes, are shown once,
#    in that global block, and are left out of the comparison per
#    subcommand.
#  - Every option in a --help also has an `.It Fl` entry (same reading) in
#    the man page's DESCRIPTION, where it is described.
# The comparison is both ways: an option in --help but not in the
# subcommand's synopsis fails, and so does one in the synopsis but not in
# --help.  Each option listed in --help is also accepted by the parser,
# and an option of another subcommand is rejected as unknown.
set -u

if [ $# -lt 1 ]; then
    echo "usage: bash tests/help.sh path/to/sipstatus [man/sipstatus.1]" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
MAN=${2:-$HERE/../man/sipstatus.1}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
case $MAN in /*) ;; *) MAN=$PWD/$MAN ;; esac
if [ ! -x "$BIN" ] || [ ! -f "$MAN" ]; then
    echo "tests/help.sh: $BIN is not an executable or $MAN is missing" >&2
    exit 2
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-help.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
exec </dev/null
cd "$T" || exit 2

. "$HERE/tap.sh"
S=$BIN
DATA=$HERE/data

# The subcommands, from the overview's "Commands:" list.
"$S" --help >overview.txt
cmds=$(sed -n '/^Commands:/,/^$/p' overview.txt | awk 'NF && !/^Commands:/ {print $1}')
report "the overview lists the subcommands" \
    "$([ "$(echo $cmds)" = "check listen explain format codes gen diff fuzz-uas" ] ||
       echo "got: $(echo $cmds)")"

# help_opts CMD: the options of `sipstatus CMD --help`, sorted, one a line.
help_opts() {
    "$S" "$1" --help | awk '/^  -/ {
        line = substr($0, 3); i = index(line, "  "); if (i) line = substr(line, 1, i - 1)
        n = split(line, w, /[ ,]+/)
        for (k = 1; k <= n; k++) if (w[k] ~ /^-/) print w[k]
    }' | sort -u
}

# man_flags: "BLOCK FLAG" for each flag of the SYNOPSIS (BLOCK is the
# subcommand, or "-" for the global form), or with "it" for each `.It Fl`
# line of the DESCRIPTION.
man_flags() {
    awk -v mode="$1" '
        function flags(line, who,   n, w, k, fl) {
            n = split(line, w, /[ \t]+/); fl = 0
            for (k = 1; k <= n; k++) {
                if (k == 1) sub(/^\./, "", w[k])
                if (w[k] == "Fl") fl = 1
                else if (w[k] ~ /^[A-Z][a-z][a-z]?$/) fl = 0
                else if (w[k] ~ /^[|,;:]$/ || w[k] == "") continue
                else if (fl) { f = "-" w[k]; sub(/=$/, "", f); print who, f }
            }
        }
        /^\.Sh / { sec = $2 }
        mode == "synopsis" && sec == "SYNOPSIS" {
            if ($1 == ".Nm") { who = "-"; fresh = 1; next }
            if ($1 == ".Cm" && fresh) { who = $2; fresh = 0; next }
            fresh = 0
            flags($0, who)
        }
        mode == "it" && sec == "DESCRIPTION" && $1 == ".It" { flags($0, "it") }
    ' "$MAN" | sort -u
}

man_flags synopsis >synopsis.txt
man_flags it | awk '{print $2}' >described.txt
report "the man page's SYNOPSIS has flags" "$([ -s synopsis.txt ] || echo none found)"
report "the man page's DESCRIPTION has .It Fl entries" "$([ -s described.txt ] || echo none found)"

for c in $cmds; do
    run "$S" "$c" --help
    expect_grep "$c --help: its own usage on stdout" 0 out "^Usage: sipstatus $c " '^Options:$' \
        "!^Commands:"
    # the whole Usage block names only this subcommand
    other=$(awk '/^(Usage: |       sipstatus )/' out | grep -v "sipstatus $c\( \|$\)" | head -3)
    report "$c --help: no other subcommand's usage" "$other"
    report "$c --help: lines fit 80 columns" "$(awk 'length > 80' out)"
    help_opts "$c" | grep -v -x -e -h -e --help >h.txt
    awk -v c="$c" '$1 == c {print $2}' synopsis.txt | sort -u >m.txt
    report "$c: every --help option is in its man SYNOPSIS, and back" \
        "$(diff --label "--help" --label "man SYNOPSIS" -u h.txt m.txt)"
    report "$c: every --help option is described in the man page (.It Fl)" \
        "$(grep -v -x -F -f described.txt h.txt | sed 's/^/not described: /')"
    # the parser takes every option listed (a value option is given one
    # that may be bad: then it says so, but never "unknown option")
    bad=""
    while read -r opt; do
        timeout 10 "$S" "$c" "$opt" --help --help >/dev/null 2>"$T/e"
        grep -q "unknown option" "$T/e" && bad+="$opt: $(head -1 "$T/e")"$'\n'
    done <h.txt
    report "$c: the parser takes every option its --help lists" "$bad"
    # and rejects those only other subcommands have
    bad=""
    for d in $cmds; do
        [ "$d" = "$c" ] && continue
        help_opts "$d"
    done | sort -u | grep -v -x -F -f h.txt | grep -v -x -e -h -e --help >others.txt
    while read -r opt; do
        timeout 10 "$S" "$c" "$opt" >/dev/null 2>"$T/e"
        r=$?
        [ "$r" = 2 ] && grep -q "^sipstatus: $c: unknown option '$opt'\$" "$T/e" ||
            bad+="$opt: exit $r: $(head -1 "$T/e")"$'\n'
    done <others.txt
    report "$c: options of other subcommands only are unknown" "$bad"
done

# The global form: sipstatus --help | --version, -h.
awk '$1 == "-" {print $2}' synopsis.txt | sort -u >m.txt
awk '/^Global options:/,/^$/' overview.txt | awk '/^  -/ {
    line = substr($0, 3); i = index(line, "  "); if (i) line = substr(line, 1, i - 1)
    n = split(line, w, /[ ,]+/); for (k = 1; k <= n; k++) if (w[k] ~ /^-/) print w[k]
}' | sort -u >h.txt
report "global options: --help's and the man SYNOPSIS's agree" \
    "$(diff --label "--help" --label "man SYNOPSIS" -u h.txt m.txt)"
"$S" -h >h2.txt
report "-h is --help" "$(cmp -s overview.txt h2.txt || echo differs)"
n=$(wc -l <overview.txt)
report "the overview is short (<= 40 lines, got $n)" "$([ "$n" -le 40 ] || echo too long)"

# ---- usage errors: one line, then the hint, exit 2, nothing on stdout

# usage_case NAME CMD WANT-FIRST-LINE ARGS...: stderr is exactly the line
# and "try 'sipstatus CMD --help'" (CMD "-": "try 'sipstatus --help'").
usage_case() {
    local name=$1 cmd=$2 first=$3 hint
    shift 3
    if [ "$cmd" = - ]; then hint="try 'sipstatus --help'"; else hint="try 'sipstatus $cmd --help'"; fi
    run "$S" "$@"
    expect "usage error: $name" 2 "" "$first"$'\n'"$hint"$'\n'
}

printf 'SIP/2.0 200 OK\n' >good.txt
usage_case "no command" - "sipstatus: no command given"
usage_case "unknown command" - "sipstatus: unknown command 'frob'" frob
usage_case "unknown global option" - "sipstatus: unknown option '--frob'" --frob
for c in $cmds; do
    usage_case "$c: unknown option" "$c" "sipstatus: $c: unknown option '--frob'" "$c" --frob
done
usage_case "check: a value missing" check "sipstatus: check: option '--port' needs a value" check --port
usage_case "check: a bad port" check "sipstatus: check: '0' is not a port number (1-65535)" \
    check --port 0 good.txt
usage_case "check: a bad size" check \
    "sipstatus: check: 'x' is not a size (bytes, or a number with K, M or G; at least 1)" \
    check --max-line x good.txt
usage_case "check: -i with files" check "sipstatus: check: -i and files cannot be given together" \
    check -i lo good.txt
usage_case "check: a bad --duration" check \
    "sipstatus: check: '-1' is not a number of seconds above 0" check -i lo --duration -1
usage_case "explain: no LINE" explain "sipstatus: explain: LINE is missing" explain
usage_case "explain: two operands" explain \
    "sipstatus: explain: too many operands (quote LINE)" explain a b
usage_case "explain: a bad escape" explain \
    "sipstatus: explain: bad escape at byte 14 of LINE (use \\r \\n \\t \\\\ or \\xNN with two hex digits)" \
    explain 'SIP/2.0 200 O\q'
usage_case "format: no CODE" format "sipstatus: format: CODE is missing" format
usage_case "codes: an operand" codes "sipstatus: codes: unexpected operand 'x'" codes x
usage_case "gen: an operand" gen "sipstatus: gen: unexpected operand 'x'" gen x
usage_case "gen: a bad --format" gen "sipstatus: gen: unknown format 'x' (lines, tsv or jsonl)" \
    gen --format x
usage_case "gen: a bad --count" gen "sipstatus: gen: 'x' is not a count (0-100000000)" gen --count x
usage_case "diff: no peer" diff \
    "sipstatus: diff: give exactly one of --peer PLUGIN.so and --cmd COMMAND" diff
usage_case "listen: an operand" listen "sipstatus: listen: no operands are taken ('x')" listen x
usage_case "listen: a bad --hep" listen \
    "sipstatus: listen: 'x' is not ADDR:PORT (127.0.0.1:9060, [::1]:9060)" listen --hep x
usage_case "listen: a bad --allow" listen \
    "sipstatus: listen: 'x' is not an address or CIDR (192.0.2.0/24, 2001:db8::/32)" \
    listen --allow x

# ---- --quiet with --summary prints the summary (on stdout)

printf 'SIP/2.0 200 OK\nSIP/2.0 99 X\n' >lines.txt
for order in "--quiet --summary" "--summary --quiet"; do
    # shellcheck disable=SC2086
    run "$S" check $order lines.txt
    expect_grep "check $order, a line file: the summary on stdout" 1 out \
        '^sipstatus: 2 lines checked: 1 valid, 1 invalid$'
    report "check $order, a line file: stderr empty" "$([ -s "$T/err" ] && head -3 "$T/err")"
done
run "$S" check --quiet lines.txt
report "check --quiet alone: no summary" "$(cat "$T/out" "$T/err" | grep checked)"
run "$S" check --quiet --summary - <lines.txt
expect_grep "check --quiet --summary, standard input" 1 out '^sipstatus: 2 lines checked: '
run "$S" check --quiet --summary "$DATA/sipp-udp.pcap"
expect_grep "check --quiet --summary, a capture" 1 out ' responses? checked: '
# in JSON the summary is a JSON object, the last line: stdout stays JSON Lines
run "$S" check --quiet --summary --json "$DATA/sipp-udp.pcap"
expect_grep "check --quiet --summary --json, a capture: the summary as JSON" 1 out '^{"summary": {"lines": 0, "responses": [1-9]'
report "check --quiet --summary --json: the summary is the last line, nothing on stderr" \
    "$([ "$(tail -n 1 "$T/out" | cut -c1-12)" = '{"summary": ' ] || echo "last line: $(tail -n 1 "$T/out")")$(cat "$T/err")"

# --color: gcc-like colours in text, never in a machine format; auto means
# a terminal (made by script(1)) without NO_COLOR; the option wins over it.
ESC=$(printf '\033')
printf 'SIP/2.0 20 OK\n' >bad.txt
run "$S" check --color=always bad.txt
expect_grep "check --color=always: the locus bold, error: red, the caret green" 1 out \
    "^${ESC}\\[1mbad.txt:1:11:${ESC}\\[m ${ESC}\\[1;31merror:${ESC}\\[m " "^ +${ESC}\\[1;32m\\^${ESC}\\[m\$"
run "$S" check --color never bad.txt
expect_grep "check --color never: no escape" 1 out "^bad.txt:1:11: error: " "!${ESC}"
run "$S" check bad.txt
expect_grep "check to a pipe (auto): no escape" 1 out "^bad.txt:1:11: error: " "!${ESC}"
run "$S" check --json --color=always bad.txt
expect_grep "check --json --color=always: JSON is never coloured" 1 out '"result": "E_CODE"' "!${ESC}"
run "$S" check --color=sometimes bad.txt
expect "check --color=sometimes: a one-line usage error" 2 "" \
"sipstatus: check: --color takes auto, always or never, not 'sometimes'
try 'sipstatus check --help'
"
if command -v script >/dev/null 2>&1; then
    tty_out() { # ENV...: check bad.txt under a pseudo-terminal, its output to tty.txt
        env "$@" script -qfec "$S check --quiet bad.txt" /dev/null >tty.txt 2>&1 </dev/null
    }
    tty_out -u NO_COLOR TERM=xterm
    report "check on a terminal (auto): coloured" "$(grep -q "${ESC}\\[1;31merror:" tty.txt || echo "no colour: $(head -c 300 tty.txt)")"
    tty_out NO_COLOR=1 TERM=xterm
    report "check on a terminal with NO_COLOR=1: not coloured" "$(! grep -q "${ESC}\\[1;31m" tty.txt || echo "coloured: $(head -c 300 tty.txt)")"
    tty_out NO_COLOR= TERM=xterm
    report "check on a terminal with NO_COLOR empty: coloured" "$(grep -q "${ESC}\\[1;31merror:" tty.txt || echo "no colour")"
    tty_out -u NO_COLOR TERM=dumb
    report "check on a terminal with TERM=dumb: not coloured" "$(! grep -q "${ESC}\\[1;31m" tty.txt || echo "coloured")"
    NO_COLOR=1 run "$S" check --color=always bad.txt
    expect_grep "check --color=always wins over NO_COLOR" 1 out "${ESC}\\[1;31merror:"
else
    skip "--color=auto on a terminal" "no script(1) (util-linux)"
fi

# listen: on a free loopback port, stopped by --duration
if [ "$HAVE_PY" = 1 ]; then
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run "$S" listen --hep "127.0.0.1:$port" --duration 0.3 --quiet --summary
    expect_grep "listen --quiet --summary: the summary on stdout" 0 out ' checked: ' '^sipstatus: HEP packets'
    run "$S" listen --hep "127.0.0.1:$port" --duration 0.3 --quiet
    report "listen --quiet alone: no summary" "$(cat "$T/out" "$T/err" | grep checked)"
else
    skip "listen --quiet --summary" "no python3 to find a free port"
    skip "listen --quiet alone" "no python3"
fi

# check -i: live, on loopback, as root only
if [ "$(id -u)" = 0 ]; then
    run "$S" check -i lo --port 25399 --duration 0.3 --quiet --summary
    expect_grep "check -i --quiet --summary: the summary on stdout" 0 out ' checked: '
else
    skip "check -i --quiet --summary" "not root: capturing on lo needs CAP_NET_RAW"
fi

tap_end
