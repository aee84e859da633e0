// queryDoh's transport and its errors. The HTTP server here is a test double
// of the transport only: it answers with packets recorded from challtestsrv
// (fixtures/dns/packets.json) or with the failures we want to see handled.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { base64url, queryDoh } from '../../src/dns/doh.ts';
import { DnsFormatError, DohError, type DohErrorCode } from '../../src/dns/errors.ts';
import { encodeQuery, type RecordType } from '../../src/dns/wire.ts';
import { freePorts } from '../support/ports.ts';

interface Fixture {
  name: string;
  query: { name: string; type: RecordType };
  response: string;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/dns/packets.json', import.meta.url), 'utf8')) as Fixture[];
const packet = (name: string): Buffer => Buffer.from(fixtures.find((f) => f.name === name)!.response, 'hex');

let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const dns = url.searchParams.get('dns') ?? '';
    const reply = (status: number, type: string, body: Buffer | string): void => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    switch (url.pathname) {
      case '/dns-query': {
        // The recorded answer to exactly the query we were sent.
        const f = fixtures.find((x) => base64url(encodeQuery(x.query.name, x.query.type)) === dns);
        if (f) reply(200, 'application/dns-message; charset=binary', Buffer.from(f.response, 'hex'));
        else reply(404, 'text/plain', 'no such fixture');
        return;
      }
      case '/other-answer': return reply(200, 'application/dns-message', packet('a'));
      case '/500': return reply(500, 'text/plain', 'internal error');
      case '/html': return reply(200, 'text/html', '<!doctype html><title>Not DoH</title>');
      case '/garbage': return reply(200, 'application/dns-message', 'this is not a DNS message at all');
      case '/slow': return; // never answers
      case '/endless': { // a DNS content type, no Content-Length, and bytes that never end
        res.writeHead(200, { 'content-type': 'application/dns-message' });
        const chunk = Buffer.alloc(16 * 1024);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      case '/declared-huge': // says 5 MB up front, then sends a few bytes and stalls
        res.writeHead(200, { 'content-type': 'application/dns-message', 'content-length': String(5 * 1024 * 1024) });
        res.write(packet('a'));
        return;
      case '/just-over': return reply(200, 'application/dns-message', Buffer.alloc(65_536));
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'application/dns-message' });
        res.write(packet('a').subarray(0, 4)); // and never ends
        return;
      default: return reply(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));

async function rejectsWith(code: DohErrorCode, run: () => Promise<unknown>, message?: RegExp): Promise<DohError> {
  let caught: unknown;
  await assert.rejects(run(), (err: unknown) => {
    caught = err;
    assert.ok(err instanceof DohError, `expected DohError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
  return caught as DohError;
}

test('an RFC 8484 GET with ?dns= (base64url, no padding) and Accept: application/dns-message', async () => {
  seen.length = 0;
  const message = await queryDoh(`${base}/dns-query`, '_acme-challenge.fixture.test', 'TXT');
  assert.deepEqual(message.answers.map((r) => r.data), ['LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0', 'stale-value-from-an-earlier-try']);
  const [req] = seen;
  assert.equal(req?.method, 'GET');
  assert.equal(req?.headers.accept, 'application/dns-message');
  assert.equal(req?.headers['content-type'], undefined, 'no Content-Type, so no CORS preflight');
  const dns = new URL(req?.url ?? '', base).searchParams.get('dns') ?? '';
  assert.match(dns, /^[A-Za-z0-9_-]+$/, 'base64url without padding');
  assert.deepEqual(new Uint8Array(Buffer.from(dns, 'base64url')), encodeQuery('_acme-challenge.fixture.test', 'TXT', 0));
});

test('resolver URLs: an RFC 8484 template, existing parameters, the injected fetch', async () => {
  const calls: string[] = [];
  const counting = (input: string, init?: RequestInit): Promise<Response> => {
    calls.push(input);
    return fetch(input, init);
  };
  const m = await queryDoh(`${base}/dns-query?ct=1{?dns}`, 'fixture.test', 'A', { fetch: counting });
  assert.deepEqual(m.answers.map((r) => r.data), ['192.0.2.1', '198.51.100.7']);
  assert.equal(calls.length, 1);
  const url = new URL(calls[0]!);
  assert.equal(url.searchParams.get('ct'), '1');
  assert.ok(url.searchParams.get('dns'));
});

test('resolver URL must be https:, or http: on loopback only', async () => {
  for (const url of ['http://dns.example/dns-query', 'ftp://127.0.0.1/dns-query', 'not a url', 'http://10.0.0.1/dns-query']) {
    await rejectsWith('bad-url', () => queryDoh(url, 'x.test', 'A'));
  }
  // https: and the loopback names pass the check (then fail to connect or answer normally).
  const never = (): Promise<Response> => Promise.reject(new TypeError('fetch failed'));
  for (const url of ['https://dns.example/dns-query', 'http://localhost:1/q', 'http://[::1]:1/q', 'http://127.0.0.1:1/q']) {
    await rejectsWith('network', () => queryDoh(url, 'x.test', 'A', { fetch: never }));
  }
});

test("'http' for a non-2xx status, with the status", async () => {
  const err = await rejectsWith('http', () => queryDoh(`${base}/500`, 'x.test', 'A'), /500/);
  assert.equal(err.status, 500);
  assert.equal(err.resolver, `${base}/500`);
});

test("'format' for the wrong content type, a body that is not DNS, or an answer to another question", async () => {
  await rejectsWith('format', () => queryDoh(`${base}/html`, 'x.test', 'A'), /text\/html/);
  const garbage = await rejectsWith('format', () => queryDoh(`${base}/garbage`, 'x.test', 'A'), /broken DNS message/);
  assert.ok(garbage.cause instanceof DnsFormatError, 'the DnsFormatError is the cause');
  await rejectsWith('format', () => queryDoh(`${base}/other-answer`, 'x.test', 'TXT'), /different question/);
});

test("'timeout' when the resolver does not answer, or stops halfway through the body", async () => {
  const started = Date.now();
  await rejectsWith('timeout', () => queryDoh(`${base}/slow`, 'x.test', 'A', { timeoutMs: 150 }), /0\.15 s/);
  await rejectsWith('timeout', () => queryDoh(`${base}/slow-body`, 'x.test', 'A', { timeoutMs: 150 }));
  assert.ok(Date.now() - started < 3000);
});

test("'too-large' as soon as a body passes 65,535 bytes, whatever Content-Length says (before, it was read whole)", async () => {
  const started = Date.now();
  await rejectsWith('too-large', () => queryDoh(`${base}/endless`, 'x.test', 'A', { timeoutMs: 20_000 }), /more than 64 KB; a DNS message is at most 65,535 bytes/);
  await rejectsWith('too-large', () => queryDoh(`${base}/declared-huge`, 'x.test', 'A', { timeoutMs: 20_000 }));
  await rejectsWith('too-large', () => queryDoh(`${base}/just-over`, 'x.test', 'A'));
  assert.ok(Date.now() - started < 15_000, 'ended by the cap, not by the timeout');
});

test("'network' when nothing listens, and the message names CORS as a cause", async () => {
  const [port] = await freePorts(1);
  await rejectsWith('network', () => queryDoh(`http://127.0.0.1:${port}/dns-query`, 'x.test', 'A'), /CORS/);
});

test("'aborted' when the caller's signal fires, before or during the request", async () => {
  const done = new AbortController();
  done.abort();
  await rejectsWith('aborted', () => queryDoh(`${base}/slow`, 'x.test', 'A', { signal: done.signal }));
  const later = new AbortController();
  setTimeout(() => later.abort(), 50);
  await rejectsWith('aborted', () => queryDoh(`${base}/slow`, 'x.test', 'A', { signal: later.signal, timeoutMs: 5000 }));
});

test('base64url matches Buffer for every length mod 3', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = new Uint8Array(Array.from({ length: n }, (_, i) => (i * 73 + n) & 0xff));
    assert.equal(base64url(bytes), Buffer.from(bytes).toString('base64url'));
  }
});
