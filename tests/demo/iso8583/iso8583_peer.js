#!/usr/bin/env node
'use strict';
/*
 * A fake ISO 8583 card switch / issuer host for Portico's tcp adapter integration tests.
 *
 *   node iso8583_peer.js [--host 127.0.0.1] [--port 0] [--out-of-order N]
 *                        [--connection-log FILE] [--delay-ms N]
 *
 * Messages are parsed and built with the npm package iso_8583 (see README.md for the exact wire
 * format and for how the package is adapted to it). Each message on the TCP stream is preceded
 * by a 2-byte big-endian length that does not count itself. A connection carries any number of
 * messages.
 *
 *   0100 / 0200 -> 0110 / 0210: fields 2, 3, 4, 7, 11, 12, 13, 37, 41 echoed when present;
 *                  39 = "14" when the PAN (2) fails the Luhn check, else "51" when the amount (4)
 *                  is above 000000100000, else "00"; 38 = "A" + last 5 digits of the STAN when "00".
 *   0800        -> 0810: fields 7, 11, 70 echoed, 39 = "00".
 *
 * Anything else (a message that does not parse, or an MTI it does not serve) is reported on
 * stderr and the connection is closed.
 *
 * Prints "listening on HOST:PORT" once it accepts connections; runs until SIGTERM or SIGINT.
 */

// Loading the iso_8583 package takes a moment: exit cleanly on a signal even before it is loaded.
let onSignal = () => process.exit(0);
if (require.main === module) {
  process.on('SIGTERM', () => onSignal());
  process.on('SIGINT', () => onSignal());
}

const fs = require('fs');
const net = require('net');
const Iso8583 = require('iso_8583');
const packageFormats = require('iso_8583/lib/formats');

// ---------------------------------------------------------------------------------------------
// The iso_8583 package, adapted to the wire format in README.md
// ---------------------------------------------------------------------------------------------

// Out of the box the package always sets bit 1 and always writes 16 bitmap bytes (primary and
// secondary), even when no field 65-128 is present. This subclass keeps its packer but writes the
// secondary bitmap (and sets bit 1) only when a field above 64 is present, or when told to keep
// it (forceSecondary, used to re-encode a request exactly as it arrived). Its unpacker already
// reads the secondary bitmap only when bit 1 is set.
class WireMessage extends Iso8583 {
  constructor(message, customFormats, options) {
    super(message, customFormats);
    const forceSecondary = Boolean(options && options.forceSecondary);
    const assemble = this.assembleBitMap; // the package's own, bound to this instance
    this.assembleBitMap = () => {
      const map = assemble();
      if (map.error) return map;
      let secondary = forceSecondary;
      for (let i = 64; i < map.length; i++) if (map[i] === 1) secondary = true;
      map[0] = secondary ? 1 : 0;
      return map;
    };
  }

  buildBitmapBuffer(bitmapHex, type) {
    const bitmap = super.buildBitmapBuffer(bitmapHex, type);
    if (type === 'ascii') return bitmap; // hex-text bitmaps are not used on this wire
    return bitmap[0] & 0x80 ? bitmap : bitmap.subarray(0, 8);
  }
}

// The package's formats with every character field's content type relaxed to 'z' (anything):
// used only to check that a request is well formed (see decode). Binary fields keep 'b' because
// that changes how they are laid out, not only how they are checked.
const STRUCTURE_ONLY = {};
for (const [field, format] of Object.entries(packageFormats)) {
  if (!field.includes('.') && format.ContentType !== 'b') {
    STRUCTURE_ONLY[field] = Object.assign({}, format, { ContentType: 'z' });
  }
}

// Pads fixed-length character fields: numeric ones left with zeros, the others right with spaces.
// (The package itself does no padding: it rejects a fixed field of the wrong length.)
function padFixedFields(json) {
  const out = {};
  for (const [field, value] of Object.entries(json)) {
    const format = packageFormats[field];
    let text = String(value);
    if (field !== '0' && format && format.LenType === 'fixed' && format.ContentType !== 'b') {
      if (text.length < format.MaxLen) {
        text = /^(n|x\+n)$/.test(format.ContentType)
          ? text.padStart(format.MaxLen, '0')
          : text.padEnd(format.MaxLen, ' ');
      }
    }
    out[field] = text;
  }
  return out;
}

// One message body (without the 2-byte length) -> { '0': MTI, '<field>': 'value', ... }.
// Throws when the body is not a well-formed message: besides the package's own checks, the
// parsed fields are packed again with the same layout and must give back the very same bytes
// (this catches truncated fields, bad length digits and trailing garbage, which the package's
// unpacker alone lets through).
function decode(body) {
  const json = new WireMessage(null, STRUCTURE_ONLY).getIsoJSON(body, { lenHeader: false });
  if (!json || json.error) throw new Error((json && json.error) || 'unpack failed');
  const secondary = body.length > 4 && (body[4] & 0x80) !== 0;
  const again = new WireMessage(Object.assign({}, json), STRUCTURE_ONLY, { forceSecondary: secondary })
    .getRawMessage();
  if (!Buffer.isBuffer(again)) throw new Error(again.error || 'cannot re-encode the parsed fields');
  if (!again.equals(body)) {
    let at = 0;
    while (at < again.length && at < body.length && again[at] === body[at]) at++;
    throw new Error(`malformed message: fields do not account for the bytes (first difference at byte ${at} of ${body.length})`);
  }
  return json;
}

// { '0': MTI, ... } -> length-prefixed Buffer, built by the package with its default (strict)
// field formats.
function encode(json) {
  const message = new WireMessage(padFixedFields(json));
  const framed = message.getBufferMessage(); // the package writes the 2-byte big-endian length
  if (!Buffer.isBuffer(framed)) throw new Error(framed.error || 'cannot pack the reply');
  if (framed.readUInt16BE(0) !== framed.length - 2) throw new Error('length header mismatch');
  return framed;
}

// ---------------------------------------------------------------------------------------------
// The issuer's rules
// ---------------------------------------------------------------------------------------------

const AMOUNT_LIMIT = 100000; // field 4, in minor units: above 000000100000 is declined with "51"

function luhnValid(pan) {
  if (!/^[0-9]{2,19}$/.test(pan)) return false;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let digit = pan.charCodeAt(pan.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function responseMti(mti) {
  const copy = new Iso8583({ 0: mti });
  copy.toResponse(); // the package's own MTI rule: third digit + 1 (0200 -> 0210)
  return copy.Msg['0'];
}

function pick(request, fields) {
  const out = {};
  for (const field of fields) if (request[field] !== undefined) out[field] = request[field];
  return out;
}

// The reply (as JSON) to a parsed request; throws for an MTI this peer does not serve.
function answer(request) {
  const mti = request['0'];
  if (mti === '0100' || mti === '0200') {
    const reply = Object.assign({ 0: responseMti(mti) }, pick(request, [2, 3, 4, 7, 11, 12, 13, 37, 41]));
    let code = '00';
    if (request['2'] !== undefined && !luhnValid(request['2'])) code = '14';
    else if (request['4'] !== undefined && Number(request['4']) > AMOUNT_LIMIT) code = '51';
    if (code === '00') reply['38'] = 'A' + String(request['11'] || '').padStart(5, '0').slice(-5);
    reply['39'] = code;
    return reply;
  }
  if (mti === '0800') {
    return Object.assign({ 0: responseMti(mti) }, pick(request, [7, 11, 70]), { 39: '00' });
  }
  throw new Error(`MTI ${mti} is not served (only 0100, 0200 and 0800)`);
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

const BATCH_WAIT_MS = 200;

function usage(problem) {
  if (problem) process.stderr.write(`iso8583_peer: ${problem}\n`);
  process.stderr.write('usage: node iso8583_peer.js [--host 127.0.0.1] [--port 0] [--out-of-order N] ' +
    '[--connection-log FILE] [--delay-ms N]\n');
  process.exit(2);
}

function parseArguments(argv) {
  const options = { host: '127.0.0.1', port: 0, outOfOrder: 0, connectionLog: null, delayMs: 0 };
  const integer = (name, value, min, max) => {
    if (value === undefined || !/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
      usage(`${name} needs an integer from ${min} to ${max}`);
    }
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=')
      ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
      : [argv[i], undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--host': options.host = value(); if (!options.host) usage('--host needs a value'); break;
      case '--port': options.port = integer('--port', value(), 0, 65535); break;
      case '--out-of-order': options.outOfOrder = integer('--out-of-order', value(), 1, 1000000); break;
      case '--connection-log': options.connectionLog = value(); if (!options.connectionLog) usage('--connection-log needs a file'); break;
      case '--delay-ms': options.delayMs = integer('--delay-ms', value(), 0, 3600000); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function hostPort(host, port) {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function serve(options) {
  const sockets = new Set();

  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const peer = hostPort(socket.remoteAddress || '?', socket.remotePort || 0);
    if (options.connectionLog) {
      try {
        fs.appendFileSync(options.connectionLog, `${peer}\n`);
      } catch (error) {
        process.stderr.write(`iso8583_peer: cannot write ${options.connectionLog}: ${error.message}\n`);
      }
    }

    let pending = Buffer.alloc(0); // bytes of an incomplete frame
    let closed = false;
    let clientDone = false; // the client half-closed: answer what came, then close
    let batch = [];         // --out-of-order: replies collected, in order of arrival
    let batchTimer = null;
    const outgoing = [];    // { due, bytes }, in sending order (due times never decrease)
    let sendTimer = null;

    const close = (reason) => {
      if (closed) return;
      closed = true;
      if (reason) process.stderr.write(`iso8583_peer: ${peer}: ${reason}; closing the connection\n`);
      clearTimeout(batchTimer);
      clearTimeout(sendTimer);
      socket.destroy();
    };

    const finishIfDone = () => {
      if (clientDone && !closed && batch.length === 0 && outgoing.length === 0) {
        closed = true;
        socket.end();
      }
    };

    const pump = () => {
      sendTimer = null;
      if (closed) return;
      const now = Date.now();
      while (outgoing.length && outgoing[0].due <= now) socket.write(outgoing.shift().bytes);
      if (outgoing.length) sendTimer = setTimeout(pump, outgoing[0].due - now);
      else finishIfDone();
    };

    const enqueue = (replies, readyAt) => {
      for (const bytes of replies) outgoing.push({ due: readyAt + options.delayMs, bytes });
      if (!sendTimer) pump();
    };

    const flushBatch = () => {
      clearTimeout(batchTimer);
      batchTimer = null;
      if (closed || batch.length === 0) return;
      const replies = batch.reverse();
      batch = [];
      enqueue(replies, Date.now());
    };

    const onMessage = (body) => {
      let reply;
      try {
        reply = encode(answer(decode(body)));
      } catch (error) {
        const head = body.subarray(0, 48).toString('hex');
        close(`cannot handle a ${body.length}-byte message (${error.message}); starts ${head}${body.length > 48 ? '...' : ''}`);
        return;
      }
      if (!options.outOfOrder) {
        enqueue([reply], Date.now());
        return;
      }
      batch.push(reply);
      if (batch.length >= options.outOfOrder) flushBatch();
      else if (!batchTimer) batchTimer = setTimeout(flushBatch, BATCH_WAIT_MS);
    };

    socket.on('data', (chunk) => {
      if (closed) return;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (!closed && pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const body = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        onMessage(body);
      }
    });

    socket.on('end', () => {
      if (closed) return;
      if (pending.length) {
        close(`the client closed in the middle of a message (${pending.length} bytes of it received)`);
        return;
      }
      clientDone = true;
      flushBatch();
      finishIfDone();
    });

    socket.on('error', (error) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
        process.stderr.write(`iso8583_peer: ${peer}: ${error.message}\n`);
      }
      closed = true;
      clearTimeout(batchTimer);
      clearTimeout(sendTimer);
    });

    socket.on('close', () => {
      closed = true;
      clearTimeout(batchTimer);
      clearTimeout(sendTimer);
      sockets.delete(socket);
    });
  });

  server.on('error', (error) => {
    process.stderr.write(`iso8583_peer: ${error.message}\n`);
    process.exit(1);
  });

  onSignal = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
    process.exit(0);
  };

  server.listen(options.port, options.host, () => {
    const address = server.address();
    process.stdout.write(`listening on ${hostPort(options.host, address.port)}\n`);
  });
}

if (require.main === module) {
  serve(parseArguments(process.argv.slice(2)));
}

module.exports = { WireMessage, decode, encode, answer, luhnValid, padFixedFields };
