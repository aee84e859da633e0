// The other outputs of an issued certificate: combined.pem, a password-protected certificate.pfx and the
// install snippets. Debian's Chromium plays the user against a real Pebble; openssl judges the files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from './support/world.ts';
import type { Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import type { DohServer } from '../test/support/doh.ts';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import type { PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('outputs of an issued certificate', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let issuers: { root: string; intermediate: string };
  let browser: Browser;
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    ({ stack, doh, app, browser } = world);
    issuers = await stack.issuerPems();
  });
  after(() => world?.close());

  const page = () => browser.page;

  async function download(user: User, name: string): Promise<Buffer> {
    browser.downloads.delete(name);
    await user.click(page().getByRole('button', { name: `Download ${name}`, exact: true }));
    return readFileSync(await browser.waitForDownload(name));
  }

  test('combined.pem, certificate.pfx with a password, and the install snippets', async () => {
    const user = new User(page());
    const names = [zone('out'), zone('www-out')];
    await page().goto(app.url);
    await useResolver(page(), doh.url);
    await connectToCa(user, stack.directoryUrl);
    await issueWithOneCommand(user, stack, names);

    const fullchain = (await download(user, 'fullchain.pem')).toString('utf8');
    const privkey = (await download(user, 'privkey.pem')).toString('utf8');

    // combined.pem: the key first, then the full chain (HAProxy's one file).
    const combined = (await download(user, 'combined.pem')).toString('utf8');
    assert.equal(combined, privkey + fullchain);
    assert.match(combined, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(
      openssl(['pkey', '-in', 'c.pem', '-pubout'], { 'c.pem': combined }),
      openssl(['x509', '-in', 'c.pem', '-noout', '-pubkey'], { 'c.pem': combined }),
    );

    // No password: the page refuses and says why; nothing is downloaded.
    await user.click(page().getByRole('button', { name: 'Download certificate.pfx' }));
    await page().getByRole('alert').filter({ hasText: 'Choose a password for the .pfx file' }).waitFor();
    assert.equal(browser.downloads.has('certificate.pfx'), false);

    // With a password: openssl reads the key and both certificates, and the key is the leaf's.
    const password = 'Pfx pässword 1';
    await user.fill(page().getByLabel('PFX password'), password);
    await browser.shot('pfx password');
    const pfx = await download(user, 'certificate.pfx');
    assert.equal(await page().getByRole('alert').filter({ hasText: 'password' }).count(), 0, 'the refusal went away');
    const pem = pkcs12Out(pfx, password);
    assert.equal((pem.match(/-----BEGIN PRIVATE KEY-----/g) ?? []).length, 1);
    assert.equal((pem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length, 2);
    assert.match(verifyChain(fullchain, issuers), /OK/);
    assert.equal(
      openssl(['pkey', '-in', 'p.pem', '-pubout'], { 'p.pem': pem }),
      openssl(['x509', '-in', 'f.pem', '-noout', '-pubkey'], { 'f.pem': fullchain }),
    );
    assert.throws(() => pkcs12Out(pfx, `${password}x`), /mac verify failure|invalid password/i);

    // How to install it: each server's snippet names the files and the folder from the first name.
    await user.click(page().getByText('How to install it'));
    const nginx = await user.copy(page(), 'nginx configuration');
    assert.match(nginx, new RegExp(`ssl_certificate\\s+/etc/ssl/${names[0]}/fullchain\\.pem;`));
    assert.match(nginx, new RegExp(`ssl_certificate_key\\s+/etc/ssl/${names[0]}/privkey\\.pem;`));
    assert.match(await user.copy(page(), 'HAProxy configuration'), new RegExp(`bind :443 ssl crt /etc/haproxy/certs/${names[0]}\\.pem`));
    assert.match(await user.copy(page(), 'Apache httpd configuration'), /SSLCertificateFile\s+\S+\/fullchain\.pem/);
    assert.match(await user.copy(page(), 'Caddy configuration'), /tls \S+\/fullchain\.pem \S+\/privkey\.pem/);
    await browser.shot('install snippets');
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});

/** certificate.pfx opened by openssl with the password, as PEM (key and certificates). */
function pkcs12Out(pfx: Buffer, password: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-pfx-'));
  try {
    writeFileSync(join(dir, 'c.pfx'), pfx);
    return execFileSync('openssl', ['pkcs12', '-in', 'c.pfx', '-passin', `pass:${password}`, '-nodes'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`openssl pkcs12 failed: ${(err as { stderr?: string }).stderr ?? String(err)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
