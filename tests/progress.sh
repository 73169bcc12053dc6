# SPDX-License-Identifier: MIT
# tests/progress.sh - the status line on a terminal: check's progress
# through a capture, the once-a-second status of check -i and of listen,
# each run under a pseudo-terminal made by script(1) (util-linux).
#
#   bash tests/progress.sh path/to/sipstatus
#
# What is asserted, on the bytes the terminal received:
#  - the line is drawn: "\r\033[K" then the status text, more than once;
#  - in place: no draw is followed by a newline (the next write starts
#    with "\r\033[K" again, which erases it);
#  - cleared at the end: after the last draw comes "\r\033[K" before the
#    summary;
#  - a finding printed to the same terminal starts on a line of its own;
#  - with standard error not a terminal, or with --quiet, nothing of it.
# Timing: the capture is fed through a pipe in parts with pauses of 0.6 s
# (the progress line is drawn at most every 0.25 s, when a frame comes), so
# the draws do not depend on how fast the machine checks.  check -i runs
# as root only (it captures on lo); otherwise it is skipped, saying so.
set -u

if [ $# -ne 1 ]; then
    echo "usage: bash tests/progress.sh path/to/sipstatus" >&2
    exit 2
fi
BIN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
if [ ! -x "$BIN" ]; then
    echo "tests/progress.sh: $BIN is not an executable" >&2
    exit 2
fi
command -v script >/dev/null 2>&1 || "$HERE/../scripts/deps" check
T=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-progress.XXXXXX") || exit 2
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
exec </dev/null
cd "$T" || exit 2

. "$HERE/tap.sh"
S=$BIN
DATA=$HERE/data

if ! command -v script >/dev/null 2>&1 || [ "$HAVE_PY" = 0 ]; then
    echo "tests/progress.sh: script(1) (util-linux) and python3 are needed" >&2
    exit 2
fi

# feed.py CAPTURE PARTS PAUSE: the pcap on stdout in PARTS parts of its
# frames, with PAUSE seconds between them (a pipe kept open).
cat >feed.py <<'EOF'
import struct, sys, time
d = open(sys.argv[1], 'rb').read()
parts, pause = int(sys.argv[2]), float(sys.argv[3])
frames, pos = [], 24
while pos + 16 <= len(d):
    n = struct.unpack('<I', d[pos + 8:pos + 12])[0]
    frames.append(d[pos:pos + 16 + n])
    pos += 16 + n
out = sys.stdout.buffer
out.write(d[:24])
per = max(1, -(-len(frames) // parts))
for i in range(0, len(frames), per):
    if i:
        out.flush()
        time.sleep(pause)
    out.write(b''.join(frames[i:i + per]))
out.flush()
EOF

# check.py FILE PATTERN MIN [SUMMARY]: FILE (what the terminal got) has at
# least MIN draws "\r\033[K" + PATTERN; none is followed by a newline; the
# last is erased by "\r\033[K" before SUMMARY (a regex) when given; every
# line of a finding ("<stdin>:#N ") starts a line.  With "alone" (stdout
# elsewhere): the line is erased only to be redrawn, and once at the end.
cat >check.py <<'EOF'
import re, sys
b = open(sys.argv[1], 'rb').read()
pat, least = sys.argv[2].encode(), int(sys.argv[3])
summary = sys.argv[4].encode() if len(sys.argv) > 4 else None
alone = len(sys.argv) > 5 and sys.argv[5] == 'alone'
draws = [m for m in re.finditer(rb'\r\x1b\[K(' + pat + rb')', b)]
bad = []
if len(draws) < least:
    bad.append('%d draws of %r, want at least %d' % (len(draws), pat, least))
for m in draws:
    rest = b[m.end():m.end() + 2]
    if rest[:1] in (b'\n', b'\r') and rest[:2] != b'\r\x1b'[:2]:
        bad.append('a draw ends in a newline: %r' % b[m.start():m.end() + 2])
if draws and summary is not None:
    tail = b[draws[-1].end():]
    s = re.search(summary, tail)
    if s is None:
        bad.append('no summary %r after the last draw' % summary)
    elif b'\r\x1b[K' not in tail[:s.start()]:
        bad.append('the last draw is not erased before the summary: %r' % tail[:s.start() + 20])
if alone:
    # nothing else on the terminal: erased only to be redrawn, and once at the end
    bare = [m for m in re.finditer(rb'\r\x1b\[K', b) if not re.match(rb'\r\x1b\[K' + pat, b[m.start():])]
    if len(bare) != 1:
        bad.append('%d erasures without a redraw, want 1 (the last)' % len(bare))
for m in re.finditer(rb'(?:\x1b\[1m)?<stdin>:#[0-9]+ ', b):  # bold when coloured (--color)
    before = b[max(0, m.start() - 3):m.start()]
    if m.start() > 0 and not (before.endswith(b'\n') or before.endswith(b'\x1b[K')):
        bad.append('a finding does not start a line: %r' % b[max(0, m.start() - 40):m.end()])
if bad:
    print('\n'.join(bad[:5]))
    sys.exit(1)
EOF

# pty NAME COMMAND: run sh -c COMMAND with a pseudo-terminal as its
# stdin, stdout and stderr; what the terminal shows goes to NAME.tty.
pty() {
    script -qfec "$2" /dev/null >"$T/$1.tty" 2>&1 </dev/null
}

pycheck() { # NAME ARGS...
    local name=$1
    shift
    report "$name" "$(python3 check.py "$@" 2>&1)"
}

PROG_RE='sipstatus: <stdin>( [0-9.]+ MB)?, [0-9]+ frames, [0-9]+ responses, [0-9]+ invalid, [0-9.]+ MB/s'

# ---- check: progress through a capture on a pipe

pty pipe "python3 feed.py '$DATA/sipp-udp.pcap' 3 0.6 | '$S' check - >findings.txt"
pycheck "check -: the progress line is drawn in place and erased" pipe.tty "$PROG_RE" 2 \
    'sipstatus: [0-9]+ responses? checked' alone
report "check -: the findings went to stdout, not into the status" \
    "$(grep -q -- '^<stdin>:#' findings.txt || echo 'no findings in stdout'; grep -a -l $'\033' findings.txt)"

# a pipe kept open with nothing coming: redrawn once a second all the same
# (the 2.6 s pause gives two idle draws, then one when frames come again)
pty idle "python3 feed.py '$DATA/sipp-udp.pcap' 2 2.6 | '$S' check - >/dev/null"
pycheck "check -, an idle pipe: the line is redrawn once a second" idle.tty "$PROG_RE" 3 \
    'sipstatus: [0-9]+ responses? checked' alone

# stdout on the same terminal: each finding starts its own line
pty both "python3 feed.py '$DATA/sipp-udp.pcap' 3 0.6 | '$S' check -"
pycheck "check -, findings on the same terminal: the line is erased before each" both.tty \
    "$PROG_RE" 1 'sipstatus: [0-9]+ responses? checked'
report "check -, findings on the same terminal: they are all there" \
    "$(python3 feed.py "$DATA/sipp-udp.pcap" 1 0 | "$S" check - 2>/dev/null | grep -c '^<stdin>:#' >n.txt
       want=$(cat n.txt); got=$(grep -a -c -- '<stdin>:#' both.tty)
       [ "$want" -gt 0 ] && [ "$got" = "$want" ] || echo "$got findings on the terminal, want $want")"

# not a terminal, or --quiet: no progress
python3 feed.py "$DATA/sipp-udp.pcap" 3 0.6 | "$S" check - >/dev/null 2>err.txt
report "check -, stderr a file: no progress line" \
    "$(grep -a -c -e $'\033' -e ' frames, ' err.txt | grep -v '^0$')"
pty quiet "python3 feed.py '$DATA/sipp-udp.pcap' 3 0.6 | '$S' check --quiet - >/dev/null"
report "check --quiet on a terminal: no progress line" \
    "$(grep -a -c -e $'\033' -e ' frames, ' quiet.tty | grep -v '^0$')"

# ---- check: progress through a capture file, with its bar
# A file is read as fast as the machine goes, so to make the run outlast the
# 0.25 s before a draw whatever the machine's speed, the process is stopped
# for 0.3 s after each 20 ms it runs (SIGSTOP, SIGCONT), under a python pty
# (script(1) stops itself when its child stops).
cat >stopgo.py <<'EOF'
import os, pty, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.execv(sys.argv[2], sys.argv[2:])
out, stopped, toggle = b'', False, time.monotonic() + 0.02
while True:
    r, _, _ = select.select([fd], [], [], 0.01)
    if r:
        try:
            d = os.read(fd, 65536)
        except OSError:
            d = b''
        if not d:
            break
        out += d
    now = time.monotonic()
    if now >= toggle:
        try:
            os.kill(pid, signal.SIGCONT if stopped else signal.SIGSTOP)
        except ProcessLookupError:
            pass
        stopped = not stopped
        toggle = now + (0.3 if stopped else 0.02)
try:
    os.kill(pid, signal.SIGCONT)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
open(sys.argv[1], 'wb').write(out)
EOF
(cd "$HERE/.." && python3 scripts/big-capture "$T/big.pcap" 60 >/dev/null)
python3 stopgo.py file.tty "$S" check big.pcap
FILE_RE='sipstatus: big.pcap \[[#.]{20}\] +[0-9]+% [0-9.]+/[0-9.]+ MB, [0-9]+ frames, [0-9]+ responses, [0-9]+ invalid, [0-9.]+ MB/s'
pycheck "check FILE: the progress line with its bar, in place, erased" file.tty "$FILE_RE" 2 \
    'sipstatus: [0-9]+ responses? checked' alone
rm -f big.pcap

# ---- listen: the status once a second

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# the sender starts once listen has had time to bind, and sends for ~2 s
(sleep 0.5; for i in 1 2 3 4; do
     python3 "$HERE/listen/hep.py" send 127.0.0.1 "$port" "$DATA/sipp-udp.pcap" >/dev/null 2>&1
     sleep 0.5
 done) &
PIDS+=($!)
pty listen "'$S' listen --hep 127.0.0.1:$port --duration 3.2 >listen.out"
LISTEN_RE='sipstatus: listen: [0-9]+ s, [0-9]+ HEP packets, [0-9]+ responses, [0-9]+ invalid, [0-9]+ dropped'
pycheck "listen: the status line once a second, in place, erased" listen.tty "$LISTEN_RE" 2 \
    'sipstatus: [0-9]+ responses? checked' alone
report "listen: the status counts what was received" \
    "$(grep -a -o -E 'listen: [0-9]+ s, [1-9][0-9]* HEP packets, [1-9][0-9]* responses' listen.tty |
       grep -q . || echo 'no status with packets and responses counted')"
"$S" listen --hep "127.0.0.1:$port" --duration 1.3 >/dev/null 2>err.txt
report "listen, stderr a file: no status line" \
    "$(grep -a -c -e $'\033' -e ' HEP packets, ' err.txt | grep -v '^0$')"
wait

# ---- check -i: the status once a second (root: captures on lo)

if [ "$(id -u)" = 0 ]; then
    lport=25398
    python3 - "$lport" <<'EOF' &
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
time.sleep(0.5)
for i in range(25):
    s.sendto(b'SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n', ('127.0.0.1', int(sys.argv[1])))
    s.sendto(b'SIP/2.0 2000 OK\r\nCSeq: 1 INVITE\r\n\r\n', ('127.0.0.1', int(sys.argv[1])))
    time.sleep(0.1)
EOF
    PIDS+=($!)
    pty live "'$S' check -i lo --port $lport --duration 3.2 >live.out"
    LIVE_RE='sipstatus: lo: [0-9]+ s, [0-9]+ packets, [0-9]+ responses, [0-9]+ invalid, [0-9]+ dropped'
    pycheck "check -i: the status line once a second, in place, erased" live.tty "$LIVE_RE" 2 \
        'sipstatus: [0-9]+ responses? checked' alone
    report "check -i: the status counts invalid responses" \
        "$(grep -a -o -E 'lo: [0-9]+ s, [0-9]+ packets, [1-9][0-9]* responses, [1-9][0-9]* invalid' live.tty |
           grep -q . || echo 'no status with responses and invalid ones counted')"
    wait
    "$S" check -i lo --port "$lport" --duration 1.3 >/dev/null 2>err.txt
    report "check -i, stderr a file: no status line" \
        "$(grep -a -c -e $'\033' -e ' packets, ' err.txt | grep -v '^0$')"
else
    skip "check -i: the status line" "not root: capturing on lo needs CAP_NET_RAW"
    skip "check -i: the status counts" "not root"
    skip "check -i, stderr a file" "not root"
fi

tap_end
