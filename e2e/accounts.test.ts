// Accounts in the page: bring an existing account key, External Account Binding, alternate chains.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AcmeAccount } from '../src/acme/account.ts';
import { AcmeClient } from '../src/acme/client.ts';
import { importPrivateKey } from '../src/crypto/keys.ts';
import { startApp } from './support/app.ts';
import { openBrowser, type Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { useResolver } from './support/user.ts';
import { startDoh, type DohServer } from '../test/support/doh.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const EAB = { 'kid-1': 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W' };

function opensslKey(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-acct-'));
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'k.pem'], { cwd: dir });
  const pem = readFileSync(join(dir, 'k.pem'), 'utf8'); // SEC1 "EC PRIVATE KEY", openssl's default
  rmSync(dir, { recursive: true, force: true });
  return pem;
}

async function issueOne(b: Browser, stack: PebbleStack, name: string): Promise<void> {
  const page = b.page;
  await page.getByLabel('Domain names').fill(name);
  await page.getByRole('button', { name: 'Create order' }).click();
  const card = page.getByRole('region', { name, exact: true });
  const token = await card.getByRole('textbox', { name: 'File name', exact: true }).textContent();
  const body = await card.getByRole('textbox', { name: 'File content', exact: true }).textContent();
  await stack.addHttp01(token ?? '', body ?? '');
  await card.getByRole('button', { name: 'The file is in place' }).click();
  await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
}

describe('an existing account key, and alternate chains', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let b: Browser;
  before(async () => {
    stack = await startPebble({ alternateRoots: 1 });
    doh = await startDoh(stack.dnsAddress);
    app = await startApp();
    b = await openBrowser();
  });
  after(async () => { await b?.close(); await app?.close(); await doh?.stop(); await stack?.stop(); });

  test('a key without an account says so; with an account (made elsewhere) the page finds and uses it', async () => {
    const page = b.page;
    await page.goto(app.url);
    await useResolver(page, doh.url);
    await page.getByLabel('Directory URL').fill(stack.directoryUrl);
    await page.getByText('Connected.').waitFor();
    await page.getByText('I already have an account key').click();
    await page.getByRole('button', { name: 'Use an existing account key' }).click();
    const keyBox = page.getByLabel('Account private key (PEM or JWK)');

    await keyBox.fill('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    await page.getByLabel('Domain names').fill(`imported-${run}.example.com`);
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByText(/looks like a certificate|not a private key/i).first().waitFor();
    await b.shot('certificate pasted as key');

    const key = opensslKey();
    await keyBox.fill(key);
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByText('The CA has no account for this key.').waitFor();
    await b.shot('no account for key');

    // The same key gets an account elsewhere (here: the engine in Node, as another client would).
    const client = await AcmeClient.connect(stack.directoryUrl);
    const elsewhere = await AcmeAccount.create(client, await importPrivateKey(key), { termsOfServiceAgreed: true });
    assert.ok(elsewhere.url);
    assert.equal(await keyBox.inputValue(), key, 'the pasted key is still there');
    await issueOne(b, stack, `imported-${run}.example.com`);
    await b.page.getByRole('region', { name: 'My certificates' }).getByText(/^1 account stored/).waitFor();
  });

  test('alternate chains are offered and downloadable', async () => {
    const page = b.page;
    await page.getByLabel('Chain', { exact: true }).selectOption({ label: 'Alternate chain 1' });
    b.downloads.delete('fullchain.pem');
    await page.getByRole('button', { name: 'Download fullchain.pem' }).first().click();
    const alt = readFileSync(await b.waitForDownload('fullchain.pem'), 'utf8');
    await page.getByLabel('Chain', { exact: true }).selectOption({ label: "The CA's default chain" });
    b.downloads.delete('fullchain.pem');
    await page.getByRole('button', { name: 'Download fullchain.pem' }).first().click();
    const main = readFileSync(await b.waitForDownload('fullchain.pem'), 'utf8');
    const certs = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    assert.equal(certs(alt)[0], certs(main)[0], 'same leaf');
    assert.notEqual(certs(alt)[1], certs(main)[1], 'another intermediate');
    assert.deepEqual(b.blocked, []);
    assert.deepEqual(b.errors, []);
  });
});

describe('a CA that requires External Account Binding', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let b: Browser;
  before(async () => {
    stack = await startPebble({ eabKeys: EAB });
    doh = await startDoh(stack.dnsAddress);
    app = await startApp();
    b = await openBrowser();
  });
  after(async () => { await b?.close(); await app?.close(); await doh?.stop(); await stack?.stop(); });

  test('EAB fields appear, are required, and a wrong MAC key shows the CA\'s refusal', async () => {
    const page = b.page;
    await page.goto(app.url);
    await useResolver(page, doh.url);
    await page.getByLabel('Directory URL').fill(stack.directoryUrl);
    await page.getByText('Connected.').waitFor();
    await page.getByLabel("I agree to the CA's terms of service").check();
    await page.getByLabel('Domain names').fill(`eab-${run}.example.com`);
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByText('This CA needs an EAB key ID and MAC key from its website.').waitFor();
    await b.shot('eab required');

    await page.getByLabel('EAB key ID').fill('kid-1');
    // A MAC key that is not base64url at all: the message names the field.
    await page.getByLabel('EAB MAC key').fill('not base64 at all!');
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByText('The EAB MAC key is not valid: it must be base64url text').waitFor();
    await page.getByLabel('EAB MAC key').fill('b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH');
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByText('The CA did not accept the EAB key ID and MAC key.').waitFor();
    await b.shot('eab wrong');

    await page.getByLabel('EAB MAC key').fill(EAB['kid-1']);
    await issueOne(b, stack, `eab-${run}.example.com`);
    assert.deepEqual(b.errors, []);
  });
});
