// SPDX-License-Identifier: MIT
// peer.js - a persistent `sipstatus diff --cmd` peer for the npm SIP stacks sip, jssip and drachtio-sip: node peers/node/peer.js STACK.
//
// The protocol is sipstatus(1)'s (DIFF PROTOCOL): one line of lowercase
// hex in (the message), one answer line out, `accept CODE REASON_HEX
// CONSUMED` or `reject TEXT`.  Each stack gets the message as a "binary"
// (latin1) string, one character per byte, as each one's transports give
// it (sip and drachtio-sip: Buffer#toString('binary'); JsSIP: binary
// WebSocket frames through String.fromCharCode).  None of them tells how
// many bytes the status line took, so CONSUMED is always `-`.
'use strict';

const path = require('path');
const readline = require('readline');

const here = path.join(__dirname, 'node_modules');

// Each stack: parse(str) -> {code, reason} for a response, or a string
// (why it was rejected).  code is the stack's own value (a Number).
const stacks = {
  sip() {
    const sip = require(path.join(here, 'sip'));
    return (s) => {
      const m = sip.parse(s);
      if (!m) return 'no message';
      if (m.status === undefined) return 'a request';
      return { code: m.status, reason: m.reason };
    };
  },
  jssip() {
    const Parser = require(path.join(here, 'jssip', 'lib', 'Parser'));
    const SIPMessage = require(path.join(here, 'jssip', 'lib', 'SIPMessage'));
    return (s) => {
      const m = Parser.parseMessage(s, undefined);
      if (!m) return 'no message';
      if (!(m instanceof SIPMessage.IncomingResponse)) return 'a request';
      return { code: m.status_code, reason: m.reason_phrase };
    };
  },
  'drachtio-sip'() {
    const { SipMessage } = require(path.join(here, 'drachtio-sip'));
    return (s) => {
      let m;
      try {
        m = new SipMessage(s);
      } catch (e) {
        return 'no message';
      }
      if (m.type !== 'response') return 'not a response';
      return { code: m.status, reason: m.reason };
    };
  },
};

// The code as the stack holds it, in decimal digits: a Number that is not
// a safe integer is written as the exact value of the double (1e21 is
// 1000000000000000000000), so a lost digit shows.
function codeText(v) {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || !Number.isInteger(v)) return null;
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

const name = process.argv[2];
if (!Object.prototype.hasOwnProperty.call(stacks, name)) {
  process.stderr.write(`usage: node peer.js ${Object.keys(stacks).join('|')}\n`);
  process.exit(2);
}
const parse = stacks[name]();
// a stack's warnings must not reach standard output, the protocol's
console.log = console.warn = console.info = console.debug = () => {};

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (hex) => {
  const s = Buffer.from(hex, 'hex').toString('latin1');
  let r;
  try {
    r = parse(s);
  } catch (e) {
    r = `threw ${e && e.name}`;
  }
  if (typeof r === 'string') {
    process.stdout.write(`reject ${r}\n`);
    return;
  }
  const code = codeText(r.code);
  const reason = typeof r.reason === 'string' && r.reason.length > 0
    ? Buffer.from(r.reason, 'latin1').toString('hex') : '-';
  process.stdout.write(`accept ${code === null ? '-' : code} ${reason} -\n`);
});
