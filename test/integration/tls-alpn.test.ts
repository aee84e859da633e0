// TLS-ALPN-01 against a real Pebble: the validation certificate from crypto/tls-alpn.ts, served by the card's own
// `openssl s_server` line (port moved to Pebble's tlsPort on loopback), proves the name; the issued certificate
// verifies with openssl. A certificate for another key authorization ends in the CA's own words, typed.
import '../../src/crypto/pkijs-engine.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AcmeAccount } from '../../src/acme/account.ts';
import { respondToChallenge, waitForAuthorization } from '../../src/acme/authorizations.ts';
import { keyAuthorization, tlsAlpn01 } from '../../src/acme/challenge-values.ts';
import { AcmeProblemError } from '../../src/acme/errors.ts';
import { downloadCertificate, finalizeOrder, getAuthorizations, newOrder, waitForOrder } from '../../src/acme/orders.ts';
import type { Challenge } from '../../src/acme/types.ts';
import { buildCsr } from '../../src/crypto/csr.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { opensslServerRecipe, tlsAlpnFiles } from '../../src/flow/outputs/tls-alpn.ts';
import { leafMatchesKey, newAccount, uniqueName } from '../support/fixtures.ts';
import { verifyChain } from '../support/openssl.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';
import { freePorts } from '../support/ports.ts';

/** Runs the card's openssl line in `dir` on 127.0.0.1:port; resolves once it accepts connections. */
async function runRecipe(name: string, dir: string, port: number): Promise<{ log: () => string; stop: () => Promise<void> }> {
  const line = opensslServerRecipe(name).command;
  assert.ok(line.includes('-accept 443 '), line);
  const server = spawn('sh', ['-c', `exec ${line.replace('-accept 443 ', `-accept 127.0.0.1:${port} `)}`], {
    cwd: dir,
    stdio: ['pipe', 'pipe', 'pipe'], // stdin stays open: s_server ends when its terminal input does
  });
  let out = '';
  server.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  server.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((ok) => server.once('exit', () => ok()));
  await new Promise<void>((ok, fail) => {
    const check = () => { if (out.includes('ACCEPT')) ok(); };
    server.stdout.on('data', check);
    void exited.then(() => fail(new Error(`openssl s_server exited: ${out}`)));
  });
  return {
    log: () => out,
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      await exited;
    },
  };
}

describe('TLS-ALPN-01 against Pebble', () => {
  let stack: PebbleStack;
  let issuers: { root: string; intermediate: string };
  let account: AcmeAccount;
  const dir = mkdtempSync(join(tmpdir(), 'certpage-tls-alpn-'));

  before(async () => {
    const [tlsPort = 0] = await freePorts(1);
    stack = await startPebble({ tlsPort, authzReuse: 0 });
    issuers = await stack.issuerPems();
    account = await newAccount(stack);
  });
  after(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function orderOne(name: string) {
    const order = await newOrder(account, { identifiers: [name] });
    const [authz] = await getAuthorizations(account, order.data);
    assert.ok(authz);
    const challenge = authz.data.challenges.find((c) => c.type === 'tls-alpn-01');
    assert.ok(challenge, `Pebble offers tls-alpn-01 for ${name}`);
    return { order, authz, challenge };
  }

  async function placeFiles(name: string, keyAuth: string): Promise<void> {
    const files = await tlsAlpnFiles(name, keyAuth);
    writeFileSync(join(dir, files.cert.name), files.cert.text);
    writeFileSync(join(dir, files.key.name), files.key.text);
  }

  test('the card\'s openssl s_server line proves the name; the certificate verifies and matches the CSR', async () => {
    const name = uniqueName('alpn');
    const { order, authz, challenge } = await orderOne(name);
    const values = await tlsAlpn01(authz.data.identifier, challenge, account.thumbprint);
    await placeFiles(name, values.keyAuthorization);
    const server = await runRecipe(name, dir, stack.tlsPort);
    try {
      await respondToChallenge(account, challenge);
      const valid = await waitForAuthorization(account, authz.url);
      assert.equal(valid.data.challenges.find((c) => c.type === 'tls-alpn-01')?.status, 'valid');
    } finally {
      await server.stop();
    }
    assert.match(server.log(), /ALPN protocols selected: acme-tls\/1/, 'the CA asked for acme-tls/1 and got it');
    const ready = await waitForOrder(account, order, 'ready');
    const keys = await generateKeyPair('P-256', { extractable: true });
    const done = await finalizeOrder(account, ready, (await buildCsr([name], keys)).der);
    const { chain } = await downloadCertificate(account, done.data.certificate ?? '');
    assert.match(verifyChain(chain.pem, issuers), /leaf\.pem: OK/);
    assert.ok(await leafMatchesKey(chain.pem, keys));
    assert.deepEqual((await parseCertificate(chain.pem)).dnsNames, [name]);
  });

  test('a certificate for another key authorization: the authorization is invalid, with the CA\'s detail in a typed error', async () => {
    const name = uniqueName('alpn-wrong');
    const { authz, challenge } = await orderOne(name);
    const other: Pick<Challenge, 'token'> = { token: `${challenge.token.slice(1)}x` };
    await placeFiles(name, keyAuthorization(other.token, account.thumbprint));
    const server = await runRecipe(name, dir, stack.tlsPort);
    let caught: unknown;
    try {
      await respondToChallenge(account, challenge);
      await waitForAuthorization(account, authz.url).catch((err: unknown) => { caught = err; });
    } finally {
      await server.stop();
    }
    assert.ok(caught instanceof AcmeProblemError, `a typed problem, got ${String(caught)}`);
    assert.equal(caught.identifier?.value, name);
    assert.match(caught.detail, /Incorrect validation certificate for tls-alpn-01 challenge/);
    assert.match(caught.detail, /acmeValidation extension value/);
    assert.equal(caught.shortType, 'unauthorized');
    assert.ok(caught.explanation.what.length > 0 && caught.explanation.next.length > 0, 'explained in plain words');
  });
});
