// The TLS-ALPN-01 card's files and recipes: fixed file names, checked names, the exact openssl line (run for real
// with sh against a TLS client that asks for acme-tls/1), and the nginx stream block's shape.
import '../../src/crypto/pkijs-engine.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, test } from 'node:test';
import { pemDecodeAll } from '../../src/crypto/pem.ts';
import {
  ACME_TLS_ALPN,
  NGINX_CHALLENGE_PORT,
  NGINX_SITE_PORT,
  nginxStreamRecipe,
  opensslServerRecipe,
  tlsAlpnFileNames,
  tlsAlpnFiles,
} from '../../src/flow/outputs/tls-alpn.ts';
import { freePorts } from '../support/ports.ts';

const KEY_AUTH = 'evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const work = mkdtempSync(join(tmpdir(), 'certpage-alpn-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('file names are fixed per name, lower-cased', () => {
  assert.deepEqual(tlsAlpnFileNames('www.example.com'), { cert: 'tls-alpn-www.example.com-cert.pem', key: 'tls-alpn-www.example.com-key.pem' });
  assert.deepEqual(tlsAlpnFileNames(' WWW.Example.COM '), tlsAlpnFileNames('www.example.com'));
  assert.deepEqual(tlsAlpnFileNames('xn--bcher-kva.example'), { cert: 'tls-alpn-xn--bcher-kva.example-cert.pem', key: 'tls-alpn-xn--bcher-kva.example-key.pem' });
});

test('names that are not one plain DNS name never reach a file name or a command', () => {
  for (const bad of ['*.example.com', '192.0.2.1', '2001:db8::1', "a';rm -rf ~;'.example.com", 'ex ample.com', '$(id).example.com', '../etc/passwd', '']) {
    assert.throws(() => tlsAlpnFileNames(bad), /one plain DNS name/, bad);
    assert.throws(() => opensslServerRecipe(bad), /one plain DNS name/, bad);
    assert.throws(() => nginxStreamRecipe(bad), /one plain DNS name/, bad);
  }
  for (const accept of ['443; id', '$(id)', '443 -www', 'host:port']) {
    assert.throws(() => opensslServerRecipe('example.com', { accept }), /not a port/, accept);
  }
});

test('the openssl line: port 443, the two files, ALPN acme-tls/1; and what to stop, said plainly', () => {
  const r = opensslServerRecipe('www.example.com');
  assert.equal(r.command, 'openssl s_server -accept 443 -cert tls-alpn-www.example.com-cert.pem -key tls-alpn-www.example.com-key.pem -alpn acme-tls/1');
  const before = r.before.join(' ');
  assert.match(before, /port 443 must be answered by this command, not by your web server/);
  assert.match(before, /stop whatever holds port 443/);
  assert.match(before, /systemctl stop nginx/);
  assert.match(before, /as root/);
  assert.match(before, /nginx stream block/);
  assert.match(r.after.join(' '), /Ctrl-C, start your web server again/);
  assert.equal(opensslServerRecipe('www.example.com', { accept: '127.0.0.1:10443' }).command,
    'openssl s_server -accept 127.0.0.1:10443 -cert tls-alpn-www.example.com-cert.pem -key tls-alpn-www.example.com-key.pem -alpn acme-tls/1');
});

test('the nginx stream block routes acme-tls/1 to s_server on loopback and the rest to the site', () => {
  const r = nginxStreamRecipe('www.example.com');
  assert.equal(r.command, `openssl s_server -accept 127.0.0.1:${NGINX_CHALLENGE_PORT} -cert tls-alpn-www.example.com-cert.pem -key tls-alpn-www.example.com-key.pem -alpn ${ACME_TLS_ALPN}`);
  const lines = r.config.split('\n');
  assert.ok(lines.filter((l) => !l.startsWith('#') && l.trim()).every((l) => /^( {4})*\S/.test(l)), 'four-space indents');
  assert.match(r.config, /^stream \{$/m);
  assert.match(r.config, /^ {4}map \$ssl_preread_alpn_protocols \$acme_tls_upstream \{$/m);
  assert.match(r.config, new RegExp(`^ {8}~\\\\bacme-tls/1\\\\b +127\\.0\\.0\\.1:${NGINX_CHALLENGE_PORT};$`, 'm'));
  assert.match(r.config, new RegExp(`^ {8}default +127\\.0\\.0\\.1:${NGINX_SITE_PORT};$`, 'm'));
  assert.match(r.config, /^ {8}listen 443;$/m);
  assert.match(r.config, /^ {8}ssl_preread on;$/m);
  assert.match(r.config, /^ {8}proxy_pass \$acme_tls_upstream;$/m);
  assert.equal(r.config.split('{').length, r.config.split('}').length, 'braces balance');
  assert.match(r.steps[0] ?? '', new RegExp(`listen 127\\.0\\.0\\.1:${NGINX_SITE_PORT} ssl`));
  assert.ok(r.steps.some((s) => s.includes(r.command)), 'the steps include the openssl line');
  assert.ok(r.steps.some((s) => /nginx -t/.test(s)));
});

test('tlsAlpnFiles: the certificate and key under those names; the recipe line run by sh answers acme-tls/1 with them', async (t) => {
  const files = await tlsAlpnFiles('alpn.example.com', KEY_AUTH);
  assert.equal(files.cert.name, 'tls-alpn-alpn.example.com-cert.pem');
  assert.equal(files.key.name, 'tls-alpn-alpn.example.com-key.pem');
  assert.deepEqual(pemDecodeAll(files.cert.text).map((b) => b.label), ['CERTIFICATE']);
  assert.deepEqual(pemDecodeAll(files.key.text).map((b) => b.label), ['PRIVATE KEY']);
  writeFileSync(join(work, files.cert.name), files.cert.text);
  writeFileSync(join(work, files.key.name), files.key.text);

  // The line exactly as the card shows it, with only the port moved to a free one on loopback.
  const [port = 0] = await freePorts(1);
  const command = opensslServerRecipe('alpn.example.com').command.replace('-accept 443 ', `-accept 127.0.0.1:${port} `);
  const server = spawn('sh', ['-c', `exec ${command}`], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  t.after(() => { server.kill('SIGTERM'); });
  let out = '';
  await new Promise<void>((ok, fail) => {
    server.stdout.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('ACCEPT')) ok(); });
    server.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    server.once('exit', (code) => fail(new Error(`openssl s_server exited (${code}): ${out}`)));
  });

  const peer = await new Promise<{ alpn: string | false; der: Buffer }>((ok, fail) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'alpn.example.com', ALPNProtocols: [ACME_TLS_ALPN], rejectUnauthorized: false }, () => {
      const result = { alpn: socket.alpnProtocol ?? false, der: socket.getPeerX509Certificate()?.raw ?? Buffer.alloc(0) };
      socket.end();
      ok(result);
    });
    socket.once('error', fail);
  });
  assert.equal(peer.alpn, ACME_TLS_ALPN, 'the server agreed to acme-tls/1');
  assert.ok(peer.der.equals(new X509Certificate(files.cert.text).raw), 'it answered with the downloaded certificate');
});
