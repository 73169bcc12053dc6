# SPDX-License-Identifier: MIT
# tests/tap.sh - the little test framework that tests/cli.sh and
# tests/capture.sh share (sourced; $T is the scratch directory).
#
# Each case prints `ok N - name` or `not ok N - name` with the
# differences; tap_end prints `P passed, F failed` and fails if any did.

n=0
passed=0
failed=0
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# The library's messages (the lists of include/sipstatus.h), in one place.
M_VERSION='SIP-Version is malformed (expected "SIP/" 1*DIGIT "." 1*DIGIT, RFC 3261 §25.1)'
M_SPACE='separator missing or not allowed (exactly one SP, RFC 3261 §7.2)'
M_CODE='Status-Code is not three digits in 100-699 (3DIGIT of RFC 3261 §25.1 in the classes of §21)'
M_REASON='byte not allowed in Reason-Phrase (RFC 3261 §25.1)'
M_ESCAPE="'%' not followed by two hex digits (RFC 3261 §25.1 escaped)"
M_UTF8='invalid UTF-8 sequence in Reason-Phrase'
M_EOL='line does not end in CRLF (RFC 3261 §7.2)'
M_UNREG='Status-Code is not in the IANA registry'
N_CASE='"SIP" is not in upper case'
N_VERSION='SIP-Version is not 2.0'
N_UNREG='Status-Code is not in the IANA registry'
N_PHRASE='Reason-Phrase differs from the registered phrase'
N_CLASS='Status-Code is outside the classes 1xx-6xx of RFC 3261 §21'
N_UTF8='Reason-Phrase is not RFC 3629 UTF-8'
N_BARE_LF='line ends in a bare LF, not CRLF'
N_WS='a separator is not exactly one SP'
N_CHARS='Reason-Phrase has bytes RFC 3261 does not allow'

# totals NOUN COUNT VALID INVALID [MORE...]: the first line of check's
# summary ("COUNT NOUNs checked: ..."), then each MORE as its own line, all
# prefixed "sipstatus: " ($(...) drops the last newline, so callers
# append $'\n').
totals() {
    local s="sipstatus: $2 $1" l
    [ "$2" = 1 ] || s+=s
    s+=" checked: $3 valid, $4 invalid"$'\n'
    shift 4
    for l in "$@"; do s+="sipstatus: $l"$'\n'; done
    printf '%s' "$s"
}

# run CMD...: run the tool's command line; stdout -> out, stderr -> err,
# status -> $rc.  Stdin is whatever the caller redirects.
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

report() { # NAME PROBLEMS
    n=$((n + 1))
    if [ -z "$2" ]; then
        echo "ok $n - $1"
        passed=$((passed + 1))
    else
        echo "not ok $n - $1"
        printf '%s\n' "$2" | sed 's/^/#   /'
        failed=$((failed + 1))
    fi
}

skip() { # NAME REASON
    n=$((n + 1))
    echo "ok $n - $1 # SKIP $2"
    passed=$((passed + 1))
}

# differs WANT FILE LABEL: empty when FILE holds exactly WANT, else a diff.
differs() {
    printf '%s' "$1" >"$T/want"
    if ! cmp -s "$T/want" "$2"; then
        echo "$3 differs (--- want, +++ got):"
        diff -a -u --label want --label got "$T/want" "$2" | head -40
    fi
}

# expect NAME RC OUT ERR: after run, the status is RC, stdout is exactly
# OUT and stderr exactly ERR; '@any' skips a stream.
expect() {
    local p=""
    [ "$rc" = "$2" ] || p+="exit status $rc, want $2"$'\n'
    [ "$3" = @any ] || p+=$(differs "$3" "$T/out" stdout)
    [ "$4" = @any ] || p+=$(differs "$4" "$T/err" stderr)
    if [ -n "$p" ]; then
        p+=$'\n'"stderr was: $(head -c 600 "$T/err")"
    fi
    report "$1" "$p"
}

# expect_grep NAME RC STREAM PATTERN...: the status is RC and the stream
# (out or err) has a line matching each extended regex PATTERN; a pattern
# starting with '!' must match no line.
expect_grep() {
    local name=$1 want_rc=$2 f=$T/$3 p="" pat
    shift 3
    [ "$rc" = "$want_rc" ] || p+="exit status $rc, want $want_rc"$'\n'
    for pat in "$@"; do
        if [ "${pat:0:1}" = '!' ]; then
            if grep -a -q -E -e "${pat:1}" "$f"; then p+="$(basename "$f") matches ${pat:1}"$'\n'; fi
        else
            grep -a -q -E -e "$pat" "$f" || p+="$(basename "$f") lacks $pat"$'\n'
        fi
    done
    if [ -n "$p" ]; then
        p+="stdout was: $(head -c 600 "$T/out")"$'\n'"stderr was: $(head -c 600 "$T/err")"
    fi
    report "$name" "$p"
}

# py NAME FILE SCRIPT: run a python3 assertion script on FILE as stdin.
py() {
    if [ "$HAVE_PY" = 0 ]; then
        skip "$1" "no python3"
        return
    fi
    local p=""
    if ! python3 -c "$3" <"$2" >"$T/pyerr" 2>&1; then
        p="python check failed: $(tail -5 "$T/pyerr")"
    fi
    report "$1" "$p"
}

# json_valid NAME FILE: every line of FILE is a JSON value (python3).
json_valid() {
    py "$1" "$2" 'import json, sys; [json.loads(l) for l in sys.stdin]'
}

tap_end() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
