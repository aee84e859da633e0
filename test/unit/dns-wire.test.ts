// The DNS wire codec: RFC 8484's example query, real answers from
// pebble-challtestsrv recorded in fixtures/dns/packets.json (checked against the
// live server, and re-recorded, by test/integration/dns-live.test.ts), and
// hand-written broken packets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { base64url } from '../../src/dns/doh.ts';
import { DnsFormatError, type DnsFormatErrorCode } from '../../src/dns/errors.ts';
import { decodeResponse, encodeQuery, ipv6Text, type DnsMessage, type RecordType } from '../../src/dns/wire.ts';
import { EXPECT, type Fixture } from './fixtures/dns/setup.ts';
import { pointerChainMessage, pointerHopsMessage, pointerPerLabelMessage } from '../fuzz/hostile-dns.ts';

const FIXTURES = new URL('./fixtures/dns/packets.json', import.meta.url);

/** Hex with `#` comments and any whitespace. */
function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/#.*$/gm, '').replace(/\s+/g, ''), 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function rejectsWith(code: DnsFormatErrorCode, bytes: Uint8Array): void {
  assert.throws(() => decodeResponse(bytes), (err: unknown) => {
    assert.ok(err instanceof DnsFormatError, `expected DnsFormatError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

// ------------------------------------------------------------------ encoding

test('encodeQuery reproduces the RFC 8484 §4.1.1 example query (no EDNS, id 0)', () => {
  const query = encodeQuery('www.example.com', 'A', 0, { edns: false });
  assert.equal(base64url(query), 'AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
});

test('encodeQuery adds an EDNS0 OPT record with a 4096-byte UDP size by default', () => {
  const query = encodeQuery('www.example.com', 'TXT');
  assert.equal(toHex(query), [
    '0000 0100 0001 0000 0000 0001', // id 0, RD, QD=1, AR=1
    '03777777 076578616d706c65 03636f6d 00 0010 0001', // www.example.com TXT IN
    '00 0029 1000 00000000 0000', // root, OPT, 4096, ext-rcode/version/flags 0, no options
  ].join('').replace(/\s+/g, ''));
});

test('encodeQuery: type codes, lower-case, trailing dot, id', () => {
  const codes: [RecordType, number][] = [['A', 1], ['AAAA', 28], ['CNAME', 5], ['TXT', 16], ['CAA', 257]];
  for (const [type, code] of codes) {
    const q = encodeQuery('x.test', type, 0, { edns: false });
    assert.equal((q[q.length - 4]! << 8) | q[q.length - 3]!, code, type);
  }
  assert.deepEqual(encodeQuery('WWW.Example.COM.', 'A', 0, { edns: false }), encodeQuery('www.example.com', 'A', 0, { edns: false }));
  const q = encodeQuery('x.test', 'A', 0xbeef);
  assert.equal((q[0]! << 8) | q[1]!, 0xbeef);
});

test('encodeQuery refuses names that cannot be sent', () => {
  const bad: [string, DnsFormatErrorCode][] = [
    [`${'a'.repeat(64)}.example.com`, 'label-too-long'],
    ['www..example.com', 'bad-name'],
    ['bücher.example', 'bad-name'],
    ['has space.example', 'bad-name'],
    [Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.'), 'name-too-long'],
  ];
  for (const [name, code] of bad) {
    assert.throws(() => encodeQuery(name, 'A'), (err: unknown) => err instanceof DnsFormatError && err.code === code, name);
  }
  // 63-octet labels and a 253-character name are fine.
  assert.doesNotThrow(() => encodeQuery([...Array.from({ length: 3 }, () => 'a'.repeat(63)), 'a'.repeat(61)].join('.'), 'A'));
});

// ------------------------------------------------------------------ recorded answers (challtestsrv)

function checkAgainst(name: string, message: DnsMessage): void {
  const want = EXPECT[name]!;
  assert.equal(message.id, 0, name);
  assert.equal(message.rcodeName, want.rcodeName, name);
  assert.equal(message.truncated, false, name);
  assert.deepEqual(message.questions, [want.query], name);
  assert.deepEqual(message.answers, want.answers, name);
  // challtestsrv always adds its SOA (TTL 0, MINIMUM 1): negative TTL = min(0, 1).
  assert.equal(message.negativeTtl, 0, name);
}

function loadFixtures(): Fixture[] {
  return JSON.parse(readFileSync(FIXTURES, 'utf8')) as Fixture[];
}

test('recorded challtestsrv answers decode offline', () => {
  const fixtures = loadFixtures();
  assert.deepEqual(fixtures.map((f) => f.name).sort(), Object.keys(EXPECT).sort());
  for (const f of fixtures) checkAgainst(f.name, decodeResponse(hex(f.response)));
});

// ------------------------------------------------------------------ hand-written packets

const HEADER_1_2 = '0000 8180 0001 0002 0000 0000'; // id 0, QR RD RA, QD=1 AN=2

test('compressed names (RFC 1035 §4.1.4), including a pointer to a pointer', () => {
  const packet = hex(`
    0000 8180 0001 0003 0000 0000                     # QD=1 AN=3
    03777777 076578616d706c65 03636f6d 00 0001 0001   # @12 www.example.com A IN
    c00c 0005 0001 0000012c 0006 03776562 c010        # @33 www.example.com CNAME web.<@16 example.com>
    c02d 0001 0001 0000003c 0004 c0000201             # @51 <@45 web.example.com> A 192.0.2.1
    c021 0001 0001 00000000 0004 7f000001             # @67 <@33, itself a pointer to @12> A 127.0.0.1
  `);
  assert.deepEqual(decodeResponse(packet).answers, [
    { name: 'www.example.com', ttl: 300, type: 'CNAME', data: 'web.example.com' },
    { name: 'web.example.com', ttl: 60, type: 'A', data: '192.0.2.1' },
    { name: 'www.example.com', ttl: 0, type: 'A', data: '127.0.0.1' },
  ]);
});

test('a TXT record with several strings is one value, concatenated', () => {
  const message = decodeResponse(hex(`
    0000 8180 0001 0001 0000 0000
    01780474657374 00 0010 0001                      # x.test TXT
    c00c 0010 0001 00000e10 000d 05616263646505 666768696a 00   # "abcde" "fghij" ""
  `));
  assert.deepEqual(message.answers, [{ name: 'x.test', ttl: 3600, type: 'TXT', data: 'abcdefghij' }]);
});

test('names are lower-cased; dots and odd bytes inside a label are escaped', () => {
  const message = decodeResponse(hex(`
    0000 8180 0000 0001 0000 0000
    03 412e42 02 0a5c 04 54455354 00 0001 0001 00000000 0004 01020304  # "A.B" "\\n\\\\" "TEST"
  `));
  assert.equal(message.answers[0]?.name, 'a\\.b.\\010\\\\.test');
});

test('CAA flags, unknown types as raw bytes, other classes skipped, TTL with the top bit set is 0', () => {
  const message = decodeResponse(hex(`
    0000 8180 0000 0004 0000 0000
    00 0101 0001 00000000 000f 80 05 7461626f6f 64656e7920616c6c   # . CAA 128 "taboo" "deny all"
    00 0063 0001 00000001 0003 010203                               # . type 99, 3 bytes
    00 0001 0003 00000001 0004 01020304                             # . A in class CH: skipped
    00 0001 0001 80000000 0004 0a000001                             # TTL 2^31 -> 0
  `));
  assert.deepEqual(message.answers, [
    { name: '', ttl: 0, type: 'CAA', data: { flags: 128, tag: 'taboo', value: 'deny all' } },
    { name: '', ttl: 1, type: 99, data: new Uint8Array([1, 2, 3]) },
    { name: '', ttl: 0, type: 'A', data: '10.0.0.1' },
  ]);
});

test('TC bit, NXDOMAIN with SOA negative TTL, and the EDNS extended RCODE', () => {
  const nx = decodeResponse(hex(`
    1234 8383 0000 0000 0001 0000                     # QR RD TC RA, NXDOMAIN
    00 0006 0001 00000e10 0016 00 00 00000001 00000001 00000001 00000001 0000012c  # SOA, TTL 3600, MINIMUM 300
  `));
  assert.equal(nx.id, 0x1234);
  assert.equal(nx.truncated, true);
  assert.equal(nx.rcodeName, 'NXDOMAIN');
  assert.equal(nx.negativeTtl, 300);

  const badvers = decodeResponse(hex(`
    0000 8180 0000 0000 0000 0001
    00 0029 1000 01000000 0000                        # OPT, extended RCODE 1 -> 16 = BADVERS
  `));
  assert.equal(badvers.rcode, 16);
  assert.equal(badvers.rcodeName, 'BADVERS');
});

test('IPv6 text follows RFC 5952', () => {
  const cases: [string, string][] = [
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // one zero group stays
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first of two equal runs
    ['20010000000000010000000000000000', '2001:0:0:1::'], // the longer run wins
    ['FE800000000000000ABCDEF012345678', 'fe80::abc:def0:1234:5678'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
  ];
  for (const [bytes, text] of cases) assert.equal(ipv6Text(hex(bytes)), text, bytes);
});

// ------------------------------------------------------------------ malformed packets

test('malformed packets give DnsFormatError with a stable code', () => {
  const Q = '0000 8180 0001 0000 0000 0000';
  const A1 = '0000 8180 0000 0001 0000 0000';
  const cases: [DnsFormatErrorCode, string, string][] = [
    ['truncated', 'header cut short', '0000 8180 00'],
    ['truncated', 'empty body', ''],
    ['truncated', 'question cut short', `${Q} 03777777`],
    ['truncated', 'question type missing', `${Q} 00 00`],
    ['truncated', 'record header cut short', `${A1} 00 0001 0001 0000`],
    ['truncated', 'counts promise more records', `${A1}`],
    ['not-response', 'a query echoed back', '0000 0100 0000 0000 0000 0000'],
    ['pointer-loop', 'pointer to itself', `${Q} c00c 0001 0001`],
    ['pointer-loop', 'two pointers pointing at each other', `${Q} c00e c00c 0001 0001`],
    ['pointer-loop', 'a label then a pointer back to it', `${Q} 0161 c00c 0001 0001`],
    ['pointer-out-of-range', 'pointer past the end', `${Q} c0ff 0001 0001`],
    ['truncated', 'pointer cut in half', `${Q} c0`],
    ['rdata-overrun', 'rdlength past the end', `${A1} 00 0001 0001 00000000 0100 01020304`],
    ['label-too-long', 'label of 64 octets', `${Q} 40 ${'61'.repeat(64)} 00 0001 0001`],
    ['bad-label', 'reserved label type 10', `${Q} 80 0001 0001`],
    ['name-too-long', 'name of 257 octets', `${Q} ${`3f${'61'.repeat(63)}`.repeat(4)} 00 0001 0001`],
    ['bad-rdata', 'A record of 5 bytes', `${A1} 00 0001 0001 00000000 0005 0102030405`],
    ['bad-rdata', 'AAAA record of 4 bytes', `${A1} 00 001c 0001 00000000 0004 01020304`],
    ['bad-rdata', 'TXT string longer than the record', `${A1} 00 0010 0001 00000000 0003 05616263 6465`],
    ['bad-rdata', 'CAA with a zero-length tag', `${A1} 00 0101 0001 00000000 0002 0000`],
    ['bad-rdata', 'CAA tag longer than the record', `${A1} 00 0101 0001 00000000 0003 0009 61`],
    ['bad-rdata', 'CNAME target runs into the next bytes', `${A1} 00 0005 0001 00000000 0001 0161 00`],
    ['bad-rdata', 'SOA without its numbers', '0000 8180 0000 0000 0001 0000 00 0006 0001 00000000 0002 00 00'],
  ];
  for (const [code, why, packet] of cases) {
    assert.throws(() => decodeResponse(hex(packet)), (err: unknown) => {
      assert.ok(err instanceof DnsFormatError, `${why}: expected DnsFormatError, got ${String(err)}`);
      assert.equal(err.code, code, `${why}: ${err.message}`);
      assert.doesNotMatch(err.message, /undefined|NaN/, why);
      return true;
    }, why);
  }
  rejectsWith('truncated', new Uint8Array(0));
});

test('no cut or changed byte of a real answer makes the decoder throw anything but DnsFormatError', () => {
  const packets = [...loadFixtures().map((f) => hex(f.response)), hex(`
    ${HEADER_1_2}
    03777777 076578616d706c65 03636f6d 00 0001 0001
    c00c 0005 0001 0000012c 0006 03776562 c010
    c02d 0001 0001 0000003c 0004 c0000201
  `)];
  let decoded = 0;
  let rejected = 0;
  const attempt = (bytes: Uint8Array): void => {
    try {
      decodeResponse(bytes);
      decoded++;
    } catch (err) {
      if (!(err instanceof DnsFormatError)) throw new Error(`${toHex(bytes)}: ${String(err)}`);
      rejected++;
    }
  };
  for (const packet of packets) {
    for (let len = 0; len < packet.length; len++) attempt(packet.subarray(0, len));
    for (let i = 0; i < packet.length; i++) {
      for (const b of [0x00, 0x3f, 0x40, 0x80, 0xc0, 0xff, packet[i]! ^ 0x01]) {
        const changed = packet.slice();
        changed[i] = b;
        attempt(changed);
      }
    }
  }
  // Both outcomes happen, so the loop really exercised the decoder.
  assert.ok(decoded > 100 && rejected > 100, `decoded ${decoded}, rejected ${rejected}`);
});

// ------------------------------------------------------------------ hostile answers (issue 11)

/** Decodes and measures the CPU time it took (not the clock: a loaded machine makes a wait look like work). */
function timedDecode(bytes: Uint8Array): { ms: number; result: DnsMessage | DnsFormatError } {
  const started = process.cpuUsage();
  let result: DnsMessage | DnsFormatError;
  try {
    result = decodeResponse(bytes);
  } catch (err) {
    if (!(err instanceof DnsFormatError)) throw err;
    result = err;
  }
  const used = process.cpuUsage(started);
  return { ms: (used.user + used.system) / 1000, result };
}

test('a 0.8 MB answer of pointer chains ends at once in DnsFormatError too-long (it took 109 s)', () => {
  const { ms, result } = timedDecode(pointerChainMessage(800_000));
  assert.ok(result instanceof DnsFormatError && result.code === 'too-long', String(result));
  assert.match(result.message, /799\d{3} bytes long; a DNS message is at most 65535 bytes/);
  assert.ok(ms < 200, `${ms} ms`);
});

test('pointer chains: a name may follow at most 127 pointers, so a full-size message decodes in linear time', () => {
  // 30 KB of names through an 8,000-pointer chain took about a second; now the first name stops at the cap.
  for (const size of [30_000, 65_535]) {
    const { ms, result } = timedDecode(pointerChainMessage(size));
    assert.ok(result instanceof DnsFormatError && result.code === 'pointer-chain', String(result));
    assert.ok(ms < 200, `${size}: ${ms} ms`);
  }
  // The worst a message may do within the cap: ~5,400 names of 127 hops each.
  const { ms, result } = timedDecode(pointerChainMessage(65_535, 126));
  assert.ok(!(result instanceof DnsFormatError), String(result));
  assert.ok(result.answers.length > 5_000);
  assert.ok(ms < 500, `${ms} ms`);
  // 127 labels, each behind its own pointer, is a legal (if silly) name of 255 octets; 127 pointers in a row
  // are allowed, 128 are not.
  const legal = decodeResponse(pointerPerLabelMessage(127));
  assert.equal(legal.questions[0]?.name, Array(127).fill('a').join('.'));
  assert.equal(decodeResponse(pointerHopsMessage(127)).questions[0]?.name, '');
  rejectsWith('pointer-chain', pointerHopsMessage(128));
});
