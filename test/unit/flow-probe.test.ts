// The page's own fetch of an HTTP-01 file: right, wrong, missing, and unreadable (a real local HTTP server).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { probeHttp01 } from '../../src/flow/checks/fetch-file.ts';

const token = 'tok_EN-1';
const body = `${token}.thumb`;
let base = '';
const server = createServer((req, res) => {
  if (req.url === `/.well-known/acme-challenge/${token}`) { res.end(`${body}\n`); return; }
  if (req.url === '/.well-known/acme-challenge/other') { res.end('<html>login</html>'); return; }
  res.statusCode = 404;
  res.end('not found');
});
before(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => { base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; r(); })));
after(() => new Promise<void>((r) => server.close(() => r())));

const file = (name: string) => ({ url: `${base}/.well-known/acme-challenge/${name}`, path: '', fileName: name, body });

test('the exact content passes (a trailing newline is fine, as for the CA)', async () => {
  assert.equal((await probeHttp01(file(token), 'http:')).state, 'pass');
});

test('other content fails and shows what was found next to what is expected', async () => {
  const r = await probeHttp01(file('other'), 'http:');
  assert.equal(r.state, 'fail');
  assert.deepEqual(r.details, ['Found: <html>login</html>', `Expected: ${body}`]);
});

test('a 404 says the file is not there', async () => {
  const r = await probeHttp01(file('missing'), 'http:');
  assert.equal(r.state, 'fail');
  assert.match(r.headline, /HTTP 404/);
});

test('no answer is "could not read", never "missing"', async () => {
  const r = await probeHttp01({ ...file(token), url: 'http://127.0.0.1:9/x' }, 'http:');
  assert.equal(r.state, 'unknown');
  assert.match(r.details.join(' '), /CORS/);
});

test('an https page tries https', async () => {
  const seen: string[] = [];
  await probeHttp01(file(token), 'https:', async (u) => { seen.push(u); throw new TypeError('blocked'); });
  assert.match(seen[0] ?? '', /^https:/);
});
