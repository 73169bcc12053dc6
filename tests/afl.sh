#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/afl.sh - Debian's afl-fuzz with the grammar-aware mutator (afl_mutator.so) on fuzz/afl_target.c, its queue then checked.
#
# usage: bash tests/afl.sh AFL_TARGET AFL_MUTATOR.so SIPSTATUS SECONDS
# Seeds are whole responses from `sipstatus gen --message`.  afl-fuzz runs
# for SECONDS (-V) with only our mutator (AFL_CUSTOM_MUTATOR_ONLY, no
# trimming), so every queue entry past the seeds is its work.  Checks:
# afl-fuzz ran and found new entries; each keeps a seed's message after
# its first line (the mutator's contract); sipstatus explain labels their
# first lines both valid and invalid, with several error kinds, as the
# generator's valid and invalid families make them.  Prints `ok N - name`
# / `not ok N - name`, then `P passed, F failed`; exits 1 when a case
# failed, 2 when it cannot run.
set -u

if [ $# -ne 4 ]; then
    echo "usage: bash tests/afl.sh AFL_TARGET AFL_MUTATOR.so SIPSTATUS SECONDS" >&2
    exit 2
fi
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
TARGET=$(abs "$1")
MUTATOR=$(abs "$2")
BIN=$(abs "$3")
SECONDS_=$4
for tool in afl-fuzz python3 timeout; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "tests/afl.sh: $tool not found (scripts/deps check installs it)" >&2
        exit 2
    fi
done

T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-afl.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2

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

"$BIN" gen --message --seed 11 --count 8 --dir gen >/dev/null 2>&1
mkdir seeds
cp gen/*.msg seeds/

AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
    AFL_CUSTOM_MUTATOR_ONLY=1 AFL_CUSTOM_MUTATOR_LIBRARY="$MUTATOR" AFL_DISABLE_TRIM=1 \
    AFL_SKIP_CRASHES=1 AFL_NO_STARTUP_CALIBRATION=1 \
    timeout -k 10 $((SECONDS_ + 60)) afl-fuzz -i seeds -o out -V "$SECONDS_" -s 1 -- "$TARGET" @@ \
    >afl.out 2>&1
rc=$?
check "afl-fuzz ran to its time limit" 0 "$rc"
[ "$rc" -eq 0 ] || tail -n 20 afl.out | sed 's/^/#   /'
check "afl-fuzz loaded the custom mutator" yes \
    "$(grep -qi 'custom mutator' afl.out && echo yes || echo no)"

cat >queue.py <<'EOF'
import glob, json, os, subprocess, sys

def first_line(b):
    i = b.find(b"\n")
    return b if i < 0 else b[:i + 1]

def escaped(line):
    """explain's escapes (\\\\, \\xNN) for every byte that is not printable ASCII."""
    out = []
    for c in line:
        out.append("\\\\" if c == 0x5C else chr(c) if 0x20 <= c < 0x7F else "\\x%02x" % c)
    return "".join(out)

binary = sys.argv[1]
seeds = [open(p, "rb").read() for p in sorted(glob.glob("seeds/*.msg"))]
tails = {s[len(first_line(s)):] for s in seeds}
heads = {first_line(s) for s in seeds}
entries = [p for p in sorted(glob.glob("out/default/queue/id:*")) if ",orig:" not in p]
kinds, mutated, problems = {}, 0, []
for p in entries[:400]:
    b = open(p, "rb").read()
    # a generated line may itself hold LFs (skip-crlf): the line is what
    # comes before a seed's message
    kept = [t for t in tails if b.endswith(t)]
    if not kept:
        problems.append("%s: it does not end in a seed's message" % os.path.basename(p))
        continue
    line = b[:len(b) - max(len(t) for t in kept)]
    mutated += line not in heads
    esc = escaped(line)
    r = subprocess.run([binary, "explain", "--json", "--", esc], capture_output=True, text=True)
    kind = "OK" if r.returncode == 0 else "invalid" if r.returncode == 1 else "usage"
    if r.returncode == 1:
        try:
            kind = json.loads(r.stdout)["result"]
        except Exception:
            kind = "unparsed"
    kinds[kind] = kinds.get(kind, 0) + 1
print("entries %d mutated %d" % (len(entries), mutated))
print("kinds " + " ".join("%s:%d" % kv for kv in sorted(kinds.items())))
for p in problems[:10]:
    print(p)
EOF
out=$(python3 queue.py "$BIN" 2>&1)
echo "# $(printf '%s\n' "$out" | head -n 2 | tr '\n' ' ')"
entries=$(printf '%s\n' "$out" | sed -n 's/^entries \([0-9]*\) .*/\1/p')
mutated=$(printf '%s\n' "$out" | sed -n 's/^entries [0-9]* mutated \([0-9]*\)/\1/p')
kinds=$(printf '%s\n' "$out" | sed -n 's/^kinds //p')
check "afl-fuzz added queue entries" yes "$([ "${entries:-0}" -gt 0 ] && echo yes || echo no)"
check "their first lines are mutated" yes "$([ "${mutated:-0}" -gt 0 ] && echo yes || echo no)"
check "each ends in a seed's message after its new line" "" "$(printf '%s\n' "$out" | tail -n +3)"
check "explain labels some first lines valid" yes \
    "$(printf '%s\n' "$kinds" | grep -q '\bOK:' && echo yes || echo no)"
check "and others invalid, with at least three error kinds" yes \
    "$([ "$(printf '%s\n' "$kinds" | tr ' ' '\n' | grep -c '^E_')" -ge 3 ] && echo yes || echo no)"
check "nothing explain could not label" "" \
    "$(printf '%s\n' "$kinds" | tr ' ' '\n' | grep -E '^(usage|unparsed):')"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
