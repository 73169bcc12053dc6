#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""hep.py - a HEP sender for tests/listen.sh: the UDP payloads of a pcap
(Ethernet, IPv4), each wrapped in a HEP packet, sent to sipstatus listen.

  hep.py send ADDR PORT CAPTURE [--tcp] [--v2] [--key KEY] [--split N] [--delay S]
  hep.py raw ADDR PORT HEXFILE [--tcp]   each line of HEXFILE one datagram (or
                                         all of them one stream, --tcp)
  hep.py hostile ADDR PORT [--tcp]       broken packets of every kind
  hep.py slow ADDR PORT SECONDS          a TCP sender that sends half a packet and stalls

--split N sends the TCP stream N bytes at a time (a packet cut across reads)."""
import socket
import struct
import sys
import time


def udp_payloads(path):
    d = open(path, 'rb').read()
    assert d[:4] == b'\xd4\xc3\xb2\xa1' and struct.unpack('<I', d[20:24])[0] == 1
    pos = 24
    while pos + 16 <= len(d):
        sec, usec, caplen, _ = struct.unpack('<IIII', d[pos:pos + 16])
        f = d[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        if len(f) < 42 or f[12:14] != b'\x08\x00' or f[23] != 17:
            continue
        ihl = (f[14] & 15) * 4
        ip = f[14:]
        udp = ip[ihl:]
        yield sec, usec, ip[12:16], ip[16:20], struct.unpack('>HH', udp[:4]), udp[8:]


def chunk(t, v):
    return struct.pack('>HHH', 0, t, 6 + len(v)) + v


def hep3(sec, usec, src, dst, ports, payload, key=None, proto=17):
    b = (chunk(1, b'\x02') + chunk(2, bytes([proto])) + chunk(3, src) + chunk(4, dst) +
         chunk(7, struct.pack('>H', ports[0])) + chunk(8, struct.pack('>H', ports[1])) +
         chunk(9, struct.pack('>I', sec)) + chunk(10, struct.pack('>I', usec)) +
         chunk(11, b'\x01') + chunk(12, struct.pack('>I', 2001)))
    if key is not None:
        b += chunk(14, key)
    b += chunk(15, payload)
    return b'HEP3' + struct.pack('>H', 6 + len(b)) + b


def hep2(sec, usec, src, dst, ports, payload):
    # as Kamailio's siptrace writes it: the length counts the addresses
    # only, the time header (12 bytes, padded) follows
    h = struct.pack('>BBBBHH', 2, 16, 2, 17, ports[0], ports[1]) + src + dst
    h += struct.pack('<IIH', sec, usec, 2001) + b'\x00\x00'
    return h + payload


def sock(addr, port, tcp):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
    s.connect((addr, port))
    return s


def send_all(s, packets, tcp, split=0, delay=0.0):
    if tcp:
        stream = b''.join(packets)
        step = split or len(stream) or 1
        for i in range(0, len(stream), step):
            s.sendall(stream[i:i + step])
            if delay:
                time.sleep(delay)
    else:
        for p in packets:
            s.send(p)
            if delay:
                time.sleep(delay)


def opt(name, default=None):
    if name in sys.argv:
        i = sys.argv.index(name)
        return sys.argv[i + 1]
    return default


def main():
    cmd, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tcp = '--tcp' in sys.argv
    if cmd == 'send':
        key = opt('--key')
        v2 = '--v2' in sys.argv
        pk = []
        for sec, usec, src, dst, ports, payload in udp_payloads(sys.argv[4]):
            if v2:
                pk.append(hep2(sec, usec, src, dst, ports, payload))
            else:
                pk.append(hep3(sec, usec, src, dst, ports, payload,
                               key.encode() if key is not None else None))
        s = sock(addr, port, tcp)
        send_all(s, pk, tcp, int(opt('--split', '0')), float(opt('--delay', '0')))
        s.close()
    elif cmd == 'hostile':
        good = hep3(1, 2, b'\x7f\x00\x00\x01', b'\x7f\x00\x00\x01', (5060, 5061),
                    b'SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n')
        bad = [
            b'',                                   # not-hep
            b'GET / HTTP/1.0\r\n\r\n',             # not-hep
            b'HEP3',                               # truncated
            good[:20],                             # truncated: length says more
            b'HEP3\x00\x05',                       # malformed: length < 6
            good + b'xx',                          # malformed: bytes after the packet
            b'HEP3\x00\x0c' + struct.pack('>HHH', 0, 1, 3),   # malformed: chunk length 3
            b'HEP3\x00\x0c' + struct.pack('>HHH', 0, 1, 60),  # malformed: chunk past the end
            b'\x02\x05\x02\x11' + b'\x00' * 30,    # malformed v2 header
            b'\x02\x1c\x07\x11' + b'\x00' * 30,    # malformed v2: unknown family
        ]
        s = sock(addr, port, tcp)
        if tcp:
            # junk, then a packet split in three, then a packet that never ends
            s.sendall(b'junk before' + good[:5])
            time.sleep(0.1)
            s.sendall(good[5:30])
            time.sleep(0.1)
            s.sendall(good[30:] + b'HEP3\xff\xff' + b'\x00' * 100)
        else:
            for p in bad:
                s.send(p)
            s.send(good)
        s.close()
    elif cmd == 'slow':
        s = sock(addr, port, True)
        good = hep3(1, 2, b'\x7f\x00\x00\x01', b'\x7f\x00\x00\x01', (5060, 5061),
                    b'SIP/2.0 200 OK\r\n\r\n')
        s.sendall(good[:10])
        time.sleep(float(sys.argv[4]))
        s.close()
    else:
        sys.exit('unknown command ' + cmd)


main()
