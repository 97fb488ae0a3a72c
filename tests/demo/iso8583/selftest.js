#!/usr/bin/env node
'use strict';
/*
 * Self-test for a running iso8583_peer.js. Every byte is built and read here by hand (no ISO 8583
 * library), following the wire format in README.md.
 *
 *   node selftest.js HOST:PORT                     # peer started without --out-of-order
 *   node selftest.js --out-of-order 5 HOST:PORT    # peer started with --out-of-order 5
 *
 * On one connection: a 0200 (fields 2, 3, 4, 7, 11, 41, 49) that is approved, a 0800 (7, 11, 70),
 * declines for amount ("51") and card number ("14"), the amount limit itself, a request written
 * in pieces, and a burst of requests in one write whose replies must come back matched by STAN:
 * in order, or, with --out-of-order N (N requests), in reverse order. On a second connection a
 * message that does not parse must make the peer close without answering.
 * Prints every reply, then "N passed, N failed"; exits 1 on any mismatch.
 */

const net = require('net');

const REPLY_TIMEOUT_MS = 5000;

// Field table (ISO 8583:1987) for the fields sent and expected: [kind, length]; 'll' = LLVAR.
const FIELDS = {
  2: ['n', 'll', 19], 3: ['n', 6], 4: ['n', 12], 7: ['n', 10], 11: ['n', 6], 12: ['n', 6],
  13: ['n', 4], 37: ['an', 12], 38: ['an', 6], 39: ['an', 2], 41: ['ans', 8], 49: ['an', 3],
  70: ['n', 3],
};

// ---------------------------------------------------------------------------------------------
// Hand encoding and decoding
// ---------------------------------------------------------------------------------------------

function encodeMessage(mti, fields) {
  const numbers = Object.keys(fields).map(Number).sort((a, b) => a - b);
  const secondary = numbers.some((n) => n > 64);
  const bitmap = Buffer.alloc(secondary ? 16 : 8);
  if (secondary) bitmap[0] |= 0x80; // bit 1: a secondary bitmap follows
  const data = [];
  for (const n of numbers) {
    const [kind, length, max] = FIELDS[n];
    let value = String(fields[n]);
    bitmap[(n - 1) >> 3] |= 0x80 >> ((n - 1) & 7);
    if (length === 'll') {
      if (value.length > max) throw new Error(`field ${n} too long`);
      value = String(value.length).padStart(2, '0') + value;
    } else {
      value = kind === 'n' ? value.padStart(length, '0') : value.padEnd(length, ' ');
      if (value.length !== length) throw new Error(`field ${n} too long`);
    }
    data.push(Buffer.from(value, 'ascii'));
  }
  const body = Buffer.concat([Buffer.from(mti, 'ascii'), bitmap, ...data]);
  const header = Buffer.alloc(2);
  header.writeUInt16BE(body.length, 0);
  return Buffer.concat([header, body]);
}

// body (without the length prefix) -> { mti, fields: { n: 'value' }, secondary }
function decodeMessage(body) {
  if (body.length < 12) throw new Error(`reply too short (${body.length} bytes)`);
  const mti = body.toString('ascii', 0, 4);
  if (!/^[0-9]{4}$/.test(mti)) throw new Error(`bad MTI ${JSON.stringify(mti)}`);
  const secondary = (body[4] & 0x80) !== 0;
  const bitmapLength = secondary ? 16 : 8;
  if (body.length < 4 + bitmapLength) throw new Error('reply too short for its bitmap');
  const bitmap = body.subarray(4, 4 + bitmapLength);
  let at = 4 + bitmapLength;
  const fields = {};
  for (let n = 2; n <= bitmapLength * 8; n++) {
    if (!(bitmap[(n - 1) >> 3] & (0x80 >> ((n - 1) & 7)))) continue;
    if (n === 65) throw new Error('bit 65 set');
    const spec = FIELDS[n];
    if (!spec) throw new Error(`unexpected field ${n} in reply`);
    let length = spec[1];
    if (length === 'll') {
      const digits = body.toString('ascii', at, at + 2);
      if (!/^[0-9]{2}$/.test(digits)) throw new Error(`bad length digits for field ${n}`);
      length = Number(digits);
      at += 2;
    }
    if (at + length > body.length) throw new Error(`field ${n} runs past the end of the reply`);
    fields[n] = body.toString('ascii', at, at + length);
    at += length;
  }
  if (at !== body.length) throw new Error(`${body.length - at} bytes left over after the last field`);
  return { mti, fields, secondary };
}

function describe(message) {
  const parts = Object.keys(message.fields).map((n) => `${n}=${JSON.stringify(message.fields[n])}`);
  return `${message.mti}${message.secondary ? ' (secondary bitmap)' : ''} ${parts.join(' ')}`;
}

// ---------------------------------------------------------------------------------------------
// A connection that hands out whole frames
// ---------------------------------------------------------------------------------------------

class Connection {
  constructor(host, port) {
    this.socket = net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.frames = [];
    this.waiters = [];
    this.closed = false;
    this.socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 2 && this.buffer.length >= 2 + this.buffer.readUInt16BE(0)) {
        const length = this.buffer.readUInt16BE(0);
        this.frames.push(this.buffer.subarray(2, 2 + length));
        this.buffer = this.buffer.subarray(2 + length);
      }
      this.wake();
    });
    this.socket.on('error', (error) => { this.error = error; this.closed = true; this.wake(); });
    this.socket.on('close', () => { this.closed = true; this.wake(); });
  }

  ready() {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  // Resolves when predicate() holds, or rejects after timeoutMs.
  until(predicate, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (predicate()) { clearTimeout(timer); resolve(); } else this.waiters.push(check);
      };
      check();
    });
  }

  async nextFrame() {
    await this.until(() => this.frames.length > 0 || this.closed, REPLY_TIMEOUT_MS, 'a reply');
    if (this.frames.length === 0) throw new Error('the peer closed the connection');
    return this.frames.shift();
  }

  write(bytes) { this.socket.write(bytes); }
  close() { this.socket.destroy(); }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

let passed = 0;
let failed = 0;

function check(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}: ${problems.join('; ')}`);
  }
}

function authReply(request, reply, expectedCode) {
  const problems = [];
  const want = (cond, text) => { if (!cond) problems.push(text); };
  const stan = request.fields[11];
  want(reply.mti === '0210', `MTI ${reply.mti}, expected 0210`);
  want(reply.fields[11] === stan, `STAN ${reply.fields[11]}, expected ${stan}`);
  want(reply.fields[39] === expectedCode, `response code ${reply.fields[39]}, expected ${expectedCode}`);
  for (const n of [2, 3, 4, 7, 41]) {
    want(reply.fields[n] === request.fields[n], `field ${n} ${JSON.stringify(reply.fields[n])} not echoed`);
  }
  want(reply.fields[49] === undefined, 'field 49 echoed');
  if (expectedCode === '00') want(reply.fields[38] === 'A' + stan.slice(-5), `field 38 ${reply.fields[38]}`);
  else want(reply.fields[38] === undefined, 'field 38 present on a decline');
  want(!reply.secondary, 'secondary bitmap on a reply without fields 65-128');
  return problems;
}

let stanCounter = Math.floor(Math.random() * 900000) + 1;
function nextStan() {
  stanCounter = (stanCounter % 999999) + 1;
  return String(stanCounter).padStart(6, '0');
}

function financialRequest(pan, amount) {
  const fields = {
    2: pan, 3: '000000', 4: amount, 7: '0611143015', 11: nextStan(), 41: 'TERM0001', 49: '978',
  };
  return { mti: '0200', fields, bytes: encodeMessage('0200', fields) };
}

async function roundTrip(connection, request) {
  connection.write(request.bytes);
  const reply = decodeMessage(await connection.nextFrame());
  console.log(`     -> ${describe(request)}\n     <- ${describe(reply)}`);
  return reply;
}

async function run(host, port, outOfOrder) {
  const burst = outOfOrder || 5;
  const connection = new Connection(host, port);
  await connection.ready();

  const cases = [
    ['0200 approved', financialRequest('4111111111111111', '000000005000'), '00'],
    ['0200 amount at the limit approved', financialRequest('5500005555555559', '000000100000'), '00'],
    ['0200 amount over the limit declined 51', financialRequest('4111111111111111', '000000100001'), '51'],
    ['0200 bad card number declined 14', financialRequest('4111111111111112', '000000005000'), '14'],
  ];
  for (const [name, request, code] of cases) {
    try {
      check(name, authReply(request, await roundTrip(connection, request), code));
    } catch (error) {
      check(name, [error.message]);
    }
  }

  // 0800 echo test: field 70 needs the secondary bitmap.
  try {
    const fields = { 7: '0611143015', 11: nextStan(), 70: '301' };
    const request = { mti: '0800', fields, bytes: encodeMessage('0800', fields) };
    const reply = await roundTrip(connection, request);
    const problems = [];
    if (reply.mti !== '0810') problems.push(`MTI ${reply.mti}, expected 0810`);
    if (reply.fields[11] !== fields[11]) problems.push(`STAN ${reply.fields[11]}, expected ${fields[11]}`);
    if (reply.fields[39] !== '00') problems.push(`response code ${reply.fields[39]}, expected 00`);
    if (reply.fields[7] !== fields[7]) problems.push('field 7 not echoed');
    if (reply.fields[70] !== fields[70]) problems.push('field 70 not echoed');
    if (!reply.secondary) problems.push('no secondary bitmap');
    check('0800 network management echoed as 0810', problems);
  } catch (error) {
    check('0800 network management echoed as 0810', [error.message]);
  }

  // A request written in three pieces, some bytes apart in time.
  try {
    const request = financialRequest('4111111111111111', '000000000042');
    connection.write(request.bytes.subarray(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    connection.write(request.bytes.subarray(1, 20));
    await new Promise((resolve) => setTimeout(resolve, 30));
    request.bytes = request.bytes.subarray(20);
    check('request split across writes', authReply(request, await roundTrip(connection, request), '00'));
  } catch (error) {
    check('request split across writes', [error.message]);
  }

  // A burst in one write: replies matched by STAN, in order (or reverse order with --out-of-order).
  const name = outOfOrder
    ? `${burst} requests in one write answered in reverse order`
    : `${burst} requests in one write answered in order`;
  try {
    const requests = [];
    for (let i = 0; i < burst; i++) {
      const amount = i % 2 ? '000000200000' : String(1000 * (i + 1)).padStart(12, '0');
      requests.push(financialRequest('4111111111111111', amount));
    }
    connection.write(Buffer.concat(requests.map((r) => r.bytes)));
    const replies = [];
    for (let i = 0; i < burst; i++) replies.push(decodeMessage(await connection.nextFrame()));
    const byStan = new Map(requests.map((r) => [r.fields[11], r]));
    const problems = [];
    for (const reply of replies) {
      console.log(`     <- ${describe(reply)}`);
      const request = byStan.get(reply.fields[11]);
      if (!request) { problems.push(`reply with unknown or repeated STAN ${reply.fields[11]}`); continue; }
      byStan.delete(reply.fields[11]);
      problems.push(...authReply(request, reply, request.fields[4] === '000000200000' ? '51' : '00'));
    }
    if (byStan.size) problems.push(`no reply for STAN ${[...byStan.keys()].join(', ')}`);
    const sent = requests.map((r) => r.fields[11]);
    const expected = outOfOrder ? [...sent].reverse() : sent;
    const got = replies.map((r) => r.fields[11]);
    if (got.join() !== expected.join()) problems.push(`reply order ${got.join(' ')}, expected ${expected.join(' ')}`);
    check(name, problems);
  } catch (error) {
    check(name, [error.message]);
  }

  check('one connection carried every request', connection.closed ? ['the connection was closed'] : []);
  connection.close();

  // Something that does not parse: the peer closes the connection without answering.
  try {
    const bad = new Connection(host, port);
    await bad.ready();
    bad.write(Buffer.from([0x00, 0x06, 0x30, 0x32, 0x30, 0x30, 0xff, 0xff])); // "0200" + 2 bitmap bytes
    await bad.until(() => bad.closed, REPLY_TIMEOUT_MS, 'the peer to close the connection');
    check('unparseable message closes the connection', bad.frames.length ? ['the peer answered it'] : []);
    bad.close();
  } catch (error) {
    check('unparseable message closes the connection', [error.message]);
  }
}

function main() {
  const args = process.argv.slice(2);
  let outOfOrder = 0;
  let target = null;
  let usable = true;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out-of-order' && /^[1-9][0-9]*$/.test(args[i + 1] || '')) outOfOrder = Number(args[++i]);
    else if (target === null && !args[i].startsWith('-')) target = args[i];
    else usable = false;
  }
  const match = usable && target !== null && /^(.*):([0-9]+)$/.exec(target);
  if (!match) {
    process.stderr.write('usage: node selftest.js [--out-of-order N] HOST:PORT\n');
    process.exit(2);
  }
  const host = match[1].replace(/^\[(.*)\]$/, '$1');
  run(host, Number(match[2]), outOfOrder).then(
    () => {
      console.log(`selftest: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    },
    (error) => {
      console.log(`selftest: ${error.message}`);
      console.log(`selftest: ${passed} passed, ${failed + 1} failed`);
      process.exit(1);
    },
  );
}

main();
