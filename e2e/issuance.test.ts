// The page end to end: Debian's Chromium plays the user against a real Pebble; openssl judges the files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApp } from './support/app.ts';
import { newProfileDir, openBrowser, type Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { runShellCommand, useResolver, User } from './support/user.ts';
import { startDoh, type DohServer } from '../test/support/doh.ts';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import { freePorts } from '../test/support/ports.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('getting a certificate in the page', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let issuers: { root: string; intermediate: string };
  // One Chromium profile for the whole file: later tests use the account the first one stored.
  const profile = newProfileDir();
  let browser: Browser;

  before(async () => {
    stack = await startPebble({ authzReuse: 0 });
    issuers = await stack.issuerPems();
    doh = await startDoh(stack.dnsAddress);
    app = await startApp();
    browser = await openBrowser({ userDataDir: profile });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await doh?.stop();
    await stack?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  const page = () => browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  async function download(user: User, name: string): Promise<string> {
    browser.downloads.delete(name);
    await user.click(page().getByRole('button', { name: `Download ${name}` }).first());
    return readFileSync(await browser.waitForDownload(name), 'utf8');
  }

  function keyMatchesCert(keyPem: string, certPem: string): boolean {
    const fromKey = openssl(['pkey', '-in', 'key.pem', '-pubout'], { 'key.pem': keyPem });
    const fromCert = openssl(['x509', '-in', 'cert.pem', '-noout', '-pubkey'], { 'cert.pem': certPem });
    return fromKey === fromCert;
  }

  test('HTTP-01, new account, generated P-256 key, two names, in at most 9 user actions', async () => {
    const user = new User(page());
    const names = [zone('www'), zone('api')];
    await page().goto(app.url);
    await browser.shot('empty form');
    await useResolver(page(), doh.url); // set-up, not a user action: the default resolvers are public
    await user.fill(page().getByLabel('Directory URL'), stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    await user.click(page().getByLabel("I agree to the CA's terms of service"));
    await user.fill(page().getByLabel('Domain names'), names.join('\n'));
    await browser.shot('form filled');
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();
    await browser.shot('challenges');

    // The user copies the one command, runs it on the web server (here: challtestsrv serves what it wrote).
    const command = await user.copy(page(), 'Command for all files');
    const files = runShellCommand(command);
    assert.equal(files.size, 2);
    for (const [token, body] of files) await stack.addHttp01(token, body);
    user.placed(files.size);
    await user.click(page().getByRole('button', { name: 'All in place: submit all' }));

    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await browser.shot('certificate ready');
    // One download for the server: fullchain.pem and privkey.pem (and the rest) in <first name>.zip.
    browser.downloads.delete(`${names[0]}.zip`);
    await user.click(page().getByRole('button', { name: 'Download all (zip)' }).first());
    const zip = await browser.waitForDownload(`${names[0]}.zip`);
    const fullchain = execFileSync('unzip', ['-p', zip, 'fullchain.pem'], { encoding: 'utf8' });
    const privkey = execFileSync('unzip', ['-p', zip, 'privkey.pem'], { encoding: 'utf8' });
    assert.match(verifyChain(fullchain, issuers), /OK/);
    assert.ok(keyMatchesCert(privkey, fullchain), 'privkey.pem belongs to the certificate');
    assert.match(privkey, /BEGIN PRIVATE KEY/);
    const text = openssl(['x509', '-in', 'c.pem', '-noout', '-text'], { 'c.pem': fullchain });
    for (const n of names) assert.ok(text.includes(`DNS:${n}`), `certificate names ${n}`);
    assert.match(text, /ASN1 OID: prime256v1/);

    // Each authorization was mapped by the identifier the CA returned: both cards ended valid.
    console.log(`[e2e] user actions for HTTP-01 with two names: ${user.total} (${JSON.stringify(user.count)})`);
    assert.ok(user.total <= 9, `at most 9 actions, took ${user.total}`);
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });

  test('DNS-01 for a wildcard and its apex with an RSA 2048 key, using the stored account', async () => {
    const user = new User(page());
    const apex = zone('dns');
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    // The account from the first test is offered, not a new one.
    await page().getByText('Connected.').waitFor();
    assert.equal(await page().getByLabel('Account', { exact: true }).locator('option:checked').getAttribute('value') !== 'new', true);
    await user.fill(page().getByLabel('Domain names'), `*.${apex}, ${apex}`);
    await user.select(page().getByLabel('Certificate key'), 'New RSA 2048 (for old clients)');
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();

    await user.click(card(apex).getByRole('radio', { name: /DNS-01/ }));
    await card(apex).getByRole('textbox', { name: 'Record name' }).waitFor();
    await browser.shot('dns challenges');
    assert.match(await card(`*.${apex}`).textContent() ?? '', /2 records share this name/);
    const values: string[] = [];
    for (const name of [`*.${apex}`, apex]) {
      const recordName = await user.copy(card(name), 'Record name');
      const value = await user.copy(card(name), 'Record value');
      values.push(value);
      assert.equal(recordName, `_acme-challenge.${apex}`);
      await stack.setTxt(recordName, value);
      user.placed();
    }
    // The page sees both values under the one name (through the loopback DoH server) and, with its switch on (the
    // default), tells the CA about both cards by itself: no button pressed.
    const placed = user.total;
    // The card re-checks on its own (5, 10, 15, 20, then every 30 s); on a loaded machine that can be after the last.
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 120_000 });
    assert.equal(user.total, placed, 'nothing pressed after the records were placed');
    const fullchain = await download(user, 'fullchain.pem');
    const privkey = await download(user, 'privkey.pem');
    assert.match(verifyChain(fullchain, issuers), /OK/);
    assert.ok(keyMatchesCert(privkey, fullchain));
    const text = openssl(['x509', '-in', 'c.pem', '-noout', '-text'], { 'c.pem': fullchain });
    assert.match(text, /Public-Key: \(2048 bit\)/);
    assert.ok(text.includes(`DNS:*.${apex}`) && text.includes(`DNS:${apex}`));
    // DER for tools that take no PEM: openssl reads it, and it is the same certificate as cert.pem.
    const certPem = await download(user, 'cert.pem');
    await page().getByText('Binary (DER) files, for tools that take no PEM').click();
    browser.downloads.delete('cert.der');
    await page().getByRole('button', { name: 'Download cert.der' }).click();
    const der = readFileSync(await browser.waitForDownload('cert.der'));
    assert.equal(execFileSync('openssl', ['x509', '-inform', 'der', '-outform', 'pem'], { input: der, encoding: 'utf8' }).trim(), certPem.trim());
    // The two TXT records can go now: each is listed, and the removal line names both.
    const cleanup = page().getByRole('region', { name: 'DNS records you can remove' });
    for (const v of values) await cleanup.getByText(v, { exact: true }).waitFor(); // the listed value, not the nsupdate line that also names it
    const removal = await user.copy(cleanup, 'nsupdate: remove them');
    for (const v of values) assert.ok(removal.includes(`update delete _acme-challenge.${apex}. TXT "${v}"`), removal);
    await page().getByRole('region', { name: 'My certificates' }).getByText(/^1 account stored/).waitFor();
    await stack.clearTxt(`_acme-challenge.${apex}`);
    assert.deepEqual(browser.errors, []);
  });

  test('own CSR made by openssl: the key never enters the page, the certificate matches the CSR', async () => {
    const user = new User(page());
    const names = [zone('csr'), zone('csr2')];
    const dir = mkdtempSync(join(tmpdir(), 'certpage-csr-'));
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes',
      '-keyout', 'key.pem', '-out', 'req.pem', '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=DNS:${names[0]},DNS:${names[1]}`], { cwd: dir, stdio: 'ignore' });
    const csrPem = readFileSync(`${dir}/req.pem`, 'utf8');
    const keyPem = readFileSync(`${dir}/key.pem`, 'utf8');

    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await user.select(page().getByLabel('Certificate key'), 'My own CSR (the key stays on my server)');
    await user.fill(page().getByLabel('CSR (PEM)'), csrPem);
    await page().getByText(`The CSR names: ${names[0]}, ${names[1]}`).waitFor();
    await browser.shot('own csr');
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();
    for (const name of names) {
      const token = await user.copy(card(name), 'File name');
      const body = await user.copy(card(name), 'File content');
      await stack.addHttp01(token, body);
      await user.click(card(name).getByRole('button', { name: 'The file is in place' }));
    }
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    assert.equal(await page().getByRole('button', { name: 'Download privkey.pem' }).count(), 0, 'no key to offer');
    const fullchain = await download(user, 'fullchain.pem');
    assert.match(verifyChain(fullchain, issuers), /OK/);
    assert.ok(keyMatchesCert(keyPem, fullchain), 'certificate carries the CSR key');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a reload after the order was created resumes with the same challenges and finishes', async () => {
    const name = zone('reload');
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await page().getByLabel('Certificate key').selectOption({ label: 'New ECDSA P-256 (recommended)' });
    await page().getByLabel('Domain names').fill(name);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    const token = await card(name).getByRole('textbox', { name: 'File name', exact: true }).textContent();
    await page().reload();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    await browser.shot('after reload');
    assert.equal(await card(name).getByRole('textbox', { name: 'File name', exact: true }).textContent(), token, 'same challenge after reload');
    const body = await card(name).getByRole('textbox', { name: 'File content', exact: true }).textContent();
    await stack.addHttp01(token ?? '', body ?? '');
    await card(name).getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    const fullchain = readFileSync(await (async () => {
      browser.downloads.delete('fullchain.pem');
      await page().getByRole('button', { name: 'Download fullchain.pem' }).first().click();
      return browser.waitForDownload('fullchain.pem');
    })(), 'utf8');
    assert.match(verifyChain(fullchain, issuers), /OK/);
    // My certificates lists all four.
    await page().reload();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor();
    await page().getByRole('region', { name: 'My certificates' }).locator('tbody tr').nth(3).waitFor();
    assert.equal(await page().getByRole('region', { name: 'My certificates' }).locator('tbody tr').count(), 4);
    assert.deepEqual(browser.errors, []);
  });

  test('bad input: invalid name, non-ACME and unreachable directories, a file not in place', async () => {
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await browser.shot('new form');
    const names = page().getByLabel('Domain names');
    await names.fill('bad_name..example.com');
    await page().getByRole('button', { name: 'Create order' }).click();
    const nameError = page().locator('#names-err');
    await assert.doesNotReject(nameError.getByRole('alert').waitFor());
    assert.match(await nameError.textContent() ?? '', /bad_name\.\.example\.com/);
    await browser.shot('invalid name');

    const dir = page().getByLabel('Directory URL');
    // A web page instead of a directory (the page's own address answers with HTML).
    await dir.fill(app.url);
    await page().getByText('This address answered, but not with an ACME directory (the reply is not JSON).').waitFor();
    await browser.shot('not acme');
    const [closed] = await freePorts(1);
    await dir.fill(`https://127.0.0.1:${closed}/dir`);
    await page().getByText(/does not allow requests from web pages \(CORS\)/).waitFor();
    await browser.shot('unreachable');

    // Back to Pebble; a name whose file is never placed.
    await dir.fill(stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    const missing = zone('missing');
    await names.fill(missing);
    await page().getByRole('button', { name: 'Create order' }).click();
    await card(missing).getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 60_000 });
    await page().getByText(`The CA could not confirm ${missing}.`).waitFor();
    // The card says why in the page's words, with Pebble's own detail under "The CA said".
    await card(missing).getByText(`The CA fetched the file for ${missing} but did not get the expected content.`).waitFor();
    await card(missing).getByText(/The CA said/).waitFor();
    assert.match(await card(missing).getByText(/key authorization/i).textContent() ?? '', /key authorization/i);
    await browser.shot('challenge failed');

    await page().getByRole('button', { name: 'Start a new order' }).click();
    await page().getByLabel('Domain names').waitFor();
    assert.equal(await page().getByLabel('Domain names').inputValue(), missing, 'names kept');
    assert.notEqual(await page().getByLabel('Account', { exact: true }).inputValue(), 'new', 'account kept');
    assert.deepEqual(browser.blocked, []);
  });
});
