#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""trickle.py - feeds a pcap to a command's stdin one packet at a time and
keeps the pipe open, so that each finding must come out before the end.

  trickle.py CAPTURE WAIT FRAMES... -- COMMAND...

After writing each packet whose number is in FRAMES (1-based), waits up to
WAIT seconds for one more line containing '"frame": N' (--json) or ':#N '
(text) on the command's stdout.  Prints one line per frame, "frame N: ok"
or "frame N: missing" and, once everything was written, closes the pipe,
reads the rest and exits 0 when no finding was missing, 1 otherwise."""
import os
import select
import struct
import subprocess
import sys
import time

cap, wait = sys.argv[1], float(sys.argv[2])
sep = sys.argv.index('--')
frames = set(int(f) for f in sys.argv[3:sep])
cmd = sys.argv[sep + 1:]
data = open(cap, 'rb').read()
magic = data[:4]
endian = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
out = proc.stdout.fileno()
pending = b''


def wait_for(needles):
    """Reads stdout until a line holding one of needles comes, or WAIT passes."""
    global pending
    deadline = time.monotonic() + wait
    while True:
        while b'\n' in pending:
            line, pending = pending.split(b'\n', 1)
            if any(n in line for n in needles):
                return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([out], [], [], left)
        if not r:
            return False
        chunk = os.read(out, 65536)
        if not chunk:
            return False
        pending += chunk


proc.stdin.write(data[:24])
pos, frame, missing = 24, 0, 0
while pos + 16 <= len(data):
    caplen = struct.unpack(endian + 'I', data[pos + 8:pos + 12])[0]
    frame += 1
    proc.stdin.write(data[pos:pos + 16 + caplen])
    pos += 16 + caplen
    if frame in frames:
        ok = wait_for([b'"frame": %d,' % frame, b':#%d ' % frame])
        print('frame %d: %s' % (frame, 'ok' if ok else 'missing'))
        missing += not ok
proc.stdin.close()
try:
    proc.stdout.read()
    proc.wait(timeout=wait)
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
    print('the command did not end after the pipe closed')
    missing += 1
sys.exit(1 if missing else 0)
