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
  const names = [zone('out'), zone('www-out')];

  /** Press "Download <label>" in the result (the first one: My certificates may show the same files) and read the file `name`. */
  async function download(user: User, label: string, name = label): Promise<Buffer> {
    browser.downloads.delete(name);
    await user.click(page().getByRole('button', { name: `Download ${label}`, exact: true }).first());
    return readFileSync(await browser.waitForDownload(name));
  }

  test('combined.pem, certificate.pfx with a password, and the install snippets', async () => {
    const user = new User(page());
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

  test('Download all (zip): the server\'s files in one download, equal to the separate ones, in the result and in My certificates', async () => {
    const user = new User(page());
    const zipName = `${names[0]}.zip`;
    const zip = await download(user, 'all (zip)', zipName);
    const inside = unzipAll(zip);
    assert.deepEqual([...inside.keys()], ['fullchain.pem', 'privkey.pem', 'cert.pem', 'chain.pem', 'cert.der', 'chain-1.der']);

    // Each file equals its separate download (the DER ones sit in their own section).
    for (const name of ['fullchain.pem', 'privkey.pem', 'cert.pem', 'chain.pem']) assert.deepEqual(inside.get(name), await download(user, name), name);
    await page().getByText('Binary (DER) files, for tools that take no PEM').first().click();
    for (const name of ['cert.der', 'chain-1.der']) assert.deepEqual(inside.get(name), await download(user, name), name);

    // What a server needs: the key is the certificate's, and the chain verifies.
    const text = (name: string) => inside.get(name)?.toString('utf8') ?? '';
    assert.equal(openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': text('privkey.pem') }), openssl(['x509', '-in', 'c.pem', '-noout', '-pubkey'], { 'c.pem': text('cert.pem') }));
    assert.match(verifyChain(text('fullchain.pem'), issuers), /OK/);
    assert.equal(text('fullchain.pem'), text('cert.pem') + text('chain.pem'));

    // My certificates' Files panel offers the same download, byte for byte.
    const mine = page().getByRole('region', { name: 'My certificates' });
    await mine.locator('tbody tr').filter({ has: page().locator('td.names') }).first().getByRole('button', { name: 'Files' }).click();
    browser.downloads.delete(zipName);
    await mine.getByRole('button', { name: 'Download all (zip)' }).click();
    assert.deepEqual(readFileSync(await browser.waitForDownload(zipName)), zip);
    await browser.shot('zip in my certificates');
    assert.deepEqual(browser.errors, []);
  });
});

/** Every file of a zip as Info-ZIP's unzip reads it (after `unzip -t`), in the archive's order. */
function unzipAll(zip: Buffer): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-zip-'));
  try {
    writeFileSync(join(dir, 'all.zip'), zip);
    assert.match(execFileSync('unzip', ['-t', 'all.zip'], { cwd: dir, encoding: 'utf8' }), /No errors detected/);
    const names = execFileSync('unzip', ['-Z1', 'all.zip'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
    execFileSync('unzip', ['-q', 'all.zip', '-d', 'out'], { cwd: dir });
    return new Map(names.map((n) => [n, readFileSync(join(dir, 'out', n))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
