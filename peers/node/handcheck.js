// SPDX-License-Identifier: MIT
// handcheck.js - calls the npm stacks sip, jssip and drachtio-sip directly, without sipstatus, on the examples of peers/FINDINGS.md: node peers/node/handcheck.js.
//
// Each example is a status line followed by the headers of peers/message.h
// (the same bytes `sipstatus diff` gives every peer), as a "binary" string;
// each stack's own parse function reads it, and we print whether it took a
// response, the code, the reason and whether the message kept its Via.
'use strict';

const path = require('path');

const here = path.join(__dirname, 'node_modules');
const sip = require(path.join(here, 'sip'));
const Parser = require(path.join(here, 'jssip', 'lib', 'Parser'));
const SIPMessage = require(path.join(here, 'jssip', 'lib', 'SIPMessage'));
const { SipMessage } = require(path.join(here, 'drachtio-sip'));

const HEADERS = 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n' +
  'To: <sip:bob@example.com>;tag=a6c85cf\r\n' +
  'From: <sip:alice@example.com>;tag=1928301774\r\n' +
  'Call-ID: a84b4c76e66710@example.com\r\n' +
  'CSeq: 314159 INVITE\r\n' +
  'Content-Length: 0\r\n' +
  '\r\n';

const examples = [
  'SIP/2.0 200 OK\r\n',
  'SIP/2.0 603 \n',
  'SIP/2.0 416 \nr\r\n',
  'SIP/2.0 181  \r\n',
  'SIP/2.0 424 \t\r\n',
  'SIP/2.0 505  x\r\n',
  'SIP/2.0 4294967301 x\r\n',
  'SIP/2.0 99999999999999999999 x\r\n',
  'SIP/2.0 30 OK\r\n',
  'SIP/2.0 788 OK\r\n',
  'SIP/2.0 300\r\n',
  'SIP/2.0 302 ]\r\n',
  'SIP/2.0 180 %\r\n',
  'SIP/2 200 OK\r\n',
  'sip/2.0 484 _\r\n',
];

function esc(s) {
  return s.replace(/[^\x20-\x7e]|\\/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function show(name, f, s) {
  let r;
  try {
    r = f(s);
  } catch (e) {
    r = `threw ${e.name}`;
  }
  if (typeof r === 'string') console.log(`  ${name}: rejects (${r})`);
  else console.log(`  ${name}: accepts, code ${r.code}, reason '${esc(String(r.reason))}', Via ${r.via ? 'kept' : 'lost'}`);
}

for (const line of examples) {
  const s = line + HEADERS;
  console.log(`"${esc(line)}"`);
  show('sip', (m) => {
    const r = sip.parse(m);
    if (!r) return 'sip.parse undefined';
    if (r.status === undefined) return 'a request';
    return { code: r.status, reason: r.reason, via: r.headers.via !== undefined };
  }, s);
  show('jssip', (m) => {
    const r = Parser.parseMessage(m, undefined);
    if (!r) return 'Parser.parseMessage undefined';
    if (!(r instanceof SIPMessage.IncomingResponse)) return 'a request';
    return { code: r.status_code, reason: r.reason_phrase, via: r.hasHeader('via') };
  }, s);
  show('drachtio-sip', (m) => {
    const r = new SipMessage(m);
    if (r.type !== 'response') return 'not a response';
    return { code: r.status, reason: r.reason, via: r.has('via') };
  }, s);
}
