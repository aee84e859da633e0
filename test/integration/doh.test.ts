// The loopback DoH server (test/support/doh.ts) answering from challtestsrv's mock DNS, queried the way a page does:
// RFC 8484 GET/POST with fetch. The DNS wire format is encoded/decoded by hand here, independent of src/dns/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDoh, type DohServer } from '../support/doh.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

const TYPE = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, CAA: 257 } as const;
const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

/** A standard query, RD set, ID 0 (RFC 8484 §4.1). */
function encodeQuery(name: string, type: number, id = 0): Uint8Array<ArrayBuffer> {
  const bytes = [id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  for (const label of name.replace(/\.$/, '').split('.')) {
    const l = new TextEncoder().encode(label);
    bytes.push(l.length, ...l);
  }
  bytes.push(0, type >> 8, type & 0xff, 0, 1);
  return Uint8Array.from(bytes);
}

interface Rr { name: string; type: number; data: Uint8Array; rdataOffset: number }
interface Reply { id: number; rcode: number; tc: boolean; answers: Rr[]; msg: Uint8Array }

function readName(msg: Uint8Array, off: number): [string, number] {
  const labels: string[] = [];
  let end = -1;
  for (let hops = 0; hops < 64; hops++) {
    const len = msg[off] ?? 0;
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = off + 2;
      off = ((len & 0x3f) << 8) | (msg[off + 1] ?? 0);
      continue;
    }
    if (len === 0) return [labels.join('.') + '.', end < 0 ? off + 1 : end];
    labels.push(new TextDecoder().decode(msg.subarray(off + 1, off + 1 + len)));
    off += 1 + len;
  }
  throw new Error('name compression loop');
}

function decodeReply(msg: Uint8Array): Reply {
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const qd = view.getUint16(4), an = view.getUint16(6);
  let off = 12;
  for (let i = 0; i < qd; i++) off = readName(msg, off)[1] + 4;
  const answers: Rr[] = [];
  for (let i = 0; i < an; i++) {
    const [name, next] = readName(msg, off);
    const type = view.getUint16(next), rdlen = view.getUint16(next + 8);
    const rdataOffset = next + 10;
    answers.push({ name, type, data: msg.subarray(rdataOffset, rdataOffset + rdlen), rdataOffset });
    off = rdataOffset + rdlen;
  }
  return { id: view.getUint16(0), rcode: view.getUint8(3) & 0x0f, tc: (view.getUint8(2) & 0x02) !== 0, answers, msg };
}

const txtStrings = (d: Uint8Array): string => {
  let s = '';
  for (let o = 0; o < d.length; o += 1 + (d[o] ?? 0)) s += new TextDecoder().decode(d.subarray(o + 1, o + 1 + (d[o] ?? 0)));
  return s;
};
const caa = (d: Uint8Array) => {
  const tagLen = d[1] ?? 0;
  const dec = new TextDecoder();
  return { flags: d[0], tag: dec.decode(d.subarray(2, 2 + tagLen)), value: dec.decode(d.subarray(2 + tagLen)) };
};
const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describe('loopback DoH server over challtestsrv', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  before(async () => {
    stack = await startPebble({ defaultIPv4: '' });
    doh = await startDoh(stack.dnsAddress);
  });
  after(async () => {
    await doh?.stop();
    await stack?.stop();
  });

  const get = (name: string, type: number, id = 0) =>
    fetch(`${doh.url}?dns=${b64url(encodeQuery(name, type, id))}`, { headers: { accept: 'application/dns-message' } });
  const query = async (name: string, type: number): Promise<Reply> => {
    const res = await get(name, type);
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('content-type'), 'application/dns-message');
    return decodeReply(new Uint8Array(await res.arrayBuffer()));
  };

  test('a TXT record set with setTxt is answered, and gone after clearTxt (no caching)', async () => {
    const host = '_acme-challenge.txt.example.com';
    await stack.setTxt(host, 'token-digest-123');
    const reply = await query(host, TYPE.TXT);
    assert.equal(reply.rcode, RCODE.NOERROR);
    const txt = reply.answers.filter((a) => a.type === TYPE.TXT);
    assert.deepEqual(txt.map((a) => txtStrings(a.data)), ['token-digest-123']);
    assert.equal(txt[0]?.name, `${host}.`);

    await stack.clearTxt(host);
    assert.equal((await query(host, TYPE.TXT)).answers.length, 0);
  });

  test('the response carries Access-Control-Allow-Origin: * and echoes the query ID', async () => {
    const res = await get('cors.example.com', TYPE.TXT, 0x4242);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(decodeReply(new Uint8Array(await res.arrayBuffer())).id, 0x4242);
  });

  test('OPTIONS preflight allows GET and POST with Content-Type from any origin', async () => {
    const res = await fetch(doh.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bGET\b/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /content-type/i);
  });

  test('POST application/dns-message works too', async () => {
    await stack.setTxt('post.example.com', 'posted');
    const res = await fetch(doh.url, {
      method: 'POST',
      headers: { 'content-type': 'application/dns-message', accept: 'application/dns-message' },
      body: encodeQuery('post.example.com', TYPE.TXT),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const reply = decodeReply(new Uint8Array(await res.arrayBuffer()));
    assert.deepEqual(reply.answers.map((a) => txtStrings(a.data)), ['posted']);
  });

  test('a name with nothing answers with an empty answer section (challtestsrv says NOERROR, not NXDOMAIN)', async () => {
    for (const type of [TYPE.A, TYPE.AAAA, TYPE.TXT, TYPE.CAA]) {
      const reply = await query('nothing-here.example.com', type);
      assert.ok(reply.rcode === RCODE.NOERROR || reply.rcode === RCODE.NXDOMAIN, `rcode ${reply.rcode}`);
      assert.equal(reply.answers.length, 0, `type ${type}`);
    }
  });

  test('with defaultIPv4 "" only names given addresses with addA/addAaaa have them', async () => {
    await stack.addA('www.example.com', ['192.0.2.10', '192.0.2.11']);
    const a = await query('www.example.com', TYPE.A);
    assert.deepEqual(a.answers.filter((r) => r.type === TYPE.A).map((r) => [...r.data].join('.')).sort(), ['192.0.2.10', '192.0.2.11']);
    assert.equal((await query('other.example.com', TYPE.A)).answers.length, 0);

    await stack.addAaaa('www.example.com', ['2001:db8::1']);
    const aaaa = await query('www.example.com', TYPE.AAAA);
    assert.deepEqual(aaaa.answers.map((r) => Buffer.from(r.data).toString('hex')), ['20010db8000000000000000000000001']);

    await stack.clearA('www.example.com');
    await stack.clearAaaa('www.example.com');
    assert.equal((await query('www.example.com', TYPE.A)).answers.length, 0);
    assert.equal((await query('www.example.com', TYPE.AAAA)).answers.length, 0);
  });

  test('setDefaultIPv4 turns the default A answer on and off', async () => {
    await stack.setDefaultIPv4('192.0.2.99');
    assert.deepEqual((await query('any.example.net', TYPE.A)).answers.map((r) => [...r.data].join('.')), ['192.0.2.99']);
    await stack.setDefaultIPv4('');
    assert.equal((await query('any.example.net', TYPE.A)).answers.length, 0);
  });

  test('a CAA record added with addCaa is answered', async () => {
    await stack.addCaa('caa.example.com', [{ tag: 'issue', value: 'pebble.letsencrypt.org' }, { tag: 'iodef', value: 'mailto:sec@example.com' }]);
    const reply = await query('caa.example.com', TYPE.CAA);
    const got = reply.answers.filter((r) => r.type === TYPE.CAA).map((r) => caa(r.data));
    assert.deepEqual(got, [
      { flags: 0, tag: 'issue', value: 'pebble.letsencrypt.org' },
      { flags: 0, tag: 'iodef', value: 'mailto:sec@example.com' },
    ]);
    await assert.rejects(stack.addCaa('caa.example.com', [{ tag: 'issue', value: ';', critical: true }]), /critical/);
    await stack.clearCaa('caa.example.com');
    assert.equal((await query('caa.example.com', TYPE.CAA)).answers.length, 0);
  });

  test('a CNAME set with setCname is answered, and followed for A queries', async () => {
    await stack.addA('target.example.com', ['192.0.2.20']);
    await stack.setCname('alias.example.com', 'target.example.com');
    const cname = await query('alias.example.com', TYPE.CNAME);
    const [rec] = cname.answers;
    assert.equal(rec?.type, TYPE.CNAME);
    assert.equal(readName(cname.msg, rec.rdataOffset)[0], 'target.example.com.');

    const a = await query('alias.example.com', TYPE.A);
    assert.deepEqual(a.answers.map((r) => r.type), [TYPE.CNAME, TYPE.A]);
    assert.equal([...(a.answers[1]?.data ?? [])].join('.'), '192.0.2.20');

    await stack.clearCname('alias.example.com');
    assert.equal((await query('alias.example.com', TYPE.CNAME)).answers.length, 0);
  });

  test('setServfail makes every query for the name SERVFAIL (still HTTP 200)', async () => {
    await stack.setServfail('broken.example.com');
    assert.equal((await query('broken.example.com', TYPE.TXT)).rcode, RCODE.SERVFAIL);
    assert.equal((await query('broken.example.com', TYPE.A)).rcode, RCODE.SERVFAIL);
    await stack.clearServfail('broken.example.com');
    assert.equal((await query('broken.example.com', TYPE.TXT)).rcode, RCODE.NOERROR);
  });

  test('an answer too big for a 512-byte UDP reply arrives whole (dnss retries over TCP)', async () => {
    const host = '_acme-challenge.many.example.com';
    const values = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}-${'x'.repeat(100)}`);
    for (const v of values) await stack.setTxt(host, v);
    const reply = await query(host, TYPE.TXT);
    assert.equal(reply.tc, false);
    assert.ok(reply.msg.length > 512);
    assert.deepEqual(reply.answers.map((a) => txtStrings(a.data)).sort(), values);
  });

  test('a bad dns parameter gives 400 (with the CORS header)', async () => {
    for (const dns of ['!!!not-base64', 'AAAA' /* decodes, but is no DNS message */]) {
      const res = await fetch(`${doh.url}?dns=${encodeURIComponent(dns)}`);
      assert.equal(res.status, 400, dns);
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    }
  });

  test('queries counts the DNS queries the server received', async () => {
    const before = doh.queries;
    await query('count.example.com', TYPE.A);
    await query('count.example.com', TYPE.TXT);
    assert.equal(doh.queries, before + 2);
  });
});
