// Renewal and revocation from My certificates: Debian's Chromium plays the user against a real Pebble.
// Pebble has no ARI (renewalInfo), so the renewal goes without `replaces`; a second revocation answering
// alreadyRevoked is the proof that the first one reached the CA.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { startWorld, type World } from './support/world.ts';
import type { Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { connectToCa, issueWithOneCommand, proveWaiting, useResolver, User } from './support/user.ts';
import { AcmeProblemError } from '../src/acme/errors.ts';
import { revokeWithCertificateKey } from '../src/acme/revoke.ts';
import { exportPrivateKeyPem, generateKeyPair } from '../src/crypto/keys.ts';
import { parseCertificate } from '../src/crypto/x509.ts';
import type { DohServer } from '../test/support/doh.ts';
import { issue } from '../test/support/issue.ts';
import { newAccount } from '../test/support/fixtures.ts';
import type { PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('renewal and revocation', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let browser: Browser;
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    ({ stack, doh, app, browser } = world);
  });
  after(() => world?.close());

  const page = () => browser.page;
  const mine = () => page().getByRole('region', { name: 'My certificates' });
  const rows = () => mine().locator('tbody tr').filter({ has: page().locator('td.names') });
  const badged = (label: string): Locator => rows().filter({ has: page().locator('.badge', { hasText: new RegExp(`^${label}$`) }) });

  test('renew a certificate (new key), then revoke the renewal with its account', async () => {
    const user = new User(page());
    const names = [zone('life'), zone('www-life')];
    await page().goto(app.url);
    await useResolver(page(), doh.url);
    await connectToCa(user, stack.directoryUrl);
    await issueWithOneCommand(user, stack, names);
    await badged('fine').first().waitFor();
    assert.equal(await rows().count(), 1);
    const oldSerial = (await parseCertificate(await firstLeafPem())).serialHex;

    // Renew: new key (the default), straight to the cards; the same one command places the new files.
    await user.click(rows().first().getByRole('button', { name: 'Renew', exact: true }));
    assert.equal(await mine().getByLabel('New key (recommended)').isChecked(), true);
    await user.click(mine().getByRole('button', { name: 'Renew now' }));
    await page().getByRole('heading', { name: `Prove you control these ${names.length} names` }).waitFor();
    // Pebble may reuse one of the two validations even at authzReuse 0 (about 1 in 50 renewals): then the note says so.
    const note = mine().getByRole('status').filter({ hasText: /Renewal order created for 2 names|Challenges skipped for 1 of 2 names/ });
    await note.waitFor();
    assert.equal(await proveWaiting(user, stack), /skipped/.test(await note.innerText()) ? 1 : 2);
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await note.waitFor({ state: 'detached' }); // no "prove control in the cards above" once the cards are gone

    // The new certificate is stored; the old one shows "replaced" (no Renew, but it can still be revoked).
    await badged('replaced').waitFor();
    assert.equal(await rows().count(), 2);
    await badged('fine').waitFor();
    assert.match(await badged('replaced').innerText(), /by a renewal issued/);
    assert.equal(await badged('replaced').getByRole('button', { name: 'Renew', exact: true }).count(), 0);

    // Revoke the new one with the account: reason superseded, confirmed.
    const fresh = badged('fine');
    await user.click(fresh.getByRole('button', { name: 'Revoke', exact: true }));
    const panel = mine().locator('cp-revoke-stored');
    await user.select(panel.getByLabel('Reason'), 'Superseded (4)');
    await user.click(panel.getByRole('button', { name: 'Revoke…' }));
    await user.click(panel.getByRole('button', { name: 'Yes, revoke it' }));
    await panel.getByRole('status').filter({ hasText: 'Revoked (superseded)' }).waitFor();
    await badged('revoked').waitFor();
    assert.equal(await badged('revoked').getByRole('button', { name: 'Revoke', exact: true }).count(), 0, 'a revoked certificate offers no Revoke');
    await browser.shot('my certificates replaced and revoked');

    // Again: the CA says it is already revoked, in its own words.
    await user.click(panel.getByRole('button', { name: 'Revoke…' }));
    await user.click(panel.getByRole('button', { name: 'Yes, revoke it' }));
    await panel.getByRole('alert').filter({ hasText: 'alreadyRevoked' }).waitFor();
    assert.notEqual(oldSerial, '');
    assert.deepEqual(browser.blocked, []);
  });

  test('revoke a certificate not stored here with its own key; a key that does not match is refused', async () => {
    const account = await newAccount(stack);
    const issued = await issue(stack, account, [zone('elsewhere')]);
    const keyPem = await exportPrivateKeyPem(issued.certKeys.privateKey);
    const otherPem = await exportPrivateKeyPem((await generateKeyPair('P-256', { extractable: true })).privateKey);

    const user = new User(page());
    await page().goto(app.url);
    await mine().getByText("Revoke a certificate not stored here (with the certificate's key)").click();
    const form = mine().locator('cp-revoke-key');
    await user.fill(form.getByLabel('Certificate (PEM)'), issued.certPem);
    await user.fill(form.getByLabel('Its private key (PEM)'), otherPem);
    assert.equal(await form.getByLabel('CA directory URL').inputValue(), stack.directoryUrl, 'prefilled with the last used directory');
    assert.equal(await form.getByLabel('Reason').inputValue(), '1', 'key compromise by default');
    await user.click(form.getByRole('button', { name: 'Revoke with this key…' }));
    await form.getByRole('alert').filter({ hasText: 'This private key does not belong to this certificate.' }).waitFor();
    assert.equal(await form.getByRole('button', { name: 'Yes, revoke it' }).count(), 0, 'no confirmation for a key that does not match');
    await browser.shot('key does not match');

    await user.fill(form.getByLabel('Its private key (PEM)'), keyPem);
    await user.click(form.getByRole('button', { name: 'Revoke with this key…' }));
    await user.click(form.getByRole('button', { name: 'Yes, revoke it' }));
    await form.getByRole('status').filter({ hasText: 'Revoked (key compromise)' }).waitFor();
    assert.equal(await form.getByRole('alert').count(), 0);

    // The CA has it as revoked: a second revocation is refused with alreadyRevoked.
    const leaf = await parseCertificate(issued.certPem);
    await assert.rejects(revokeWithCertificateKey(account.client, leaf.der, issued.certKeys, 1),
      (err: unknown) => err instanceof AcmeProblemError && err.is('alreadyRevoked'));
  });

  /** The leaf of the only stored certificate, as its Files panel offers it (cert.pem). */
  async function firstLeafPem(): Promise<string> {
    await rows().first().getByRole('button', { name: 'Files' }).click();
    const name = 'cert.pem';
    browser.downloads.delete(name);
    await mine().getByRole('button', { name: `Download ${name}`, exact: true }).click();
    const { readFileSync } = await import('node:fs');
    const pem = readFileSync(await browser.waitForDownload(name), 'utf8');
    await rows().first().getByRole('button', { name: 'Files' }).click();
    return pem;
  }
});

describe('renewal with reused authorizations', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let browser: Browser;
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 100 } });
    ({ stack, doh, app, browser } = world);
  });
  after(() => world?.close());

  test('keep the key: no challenge, the page says the authorizations were reused', async () => {
    const page = browser.page;
    const mine = page.getByRole('region', { name: 'My certificates' });
    const rows = mine.locator('tbody tr').filter({ has: page.locator('td.names') });
    const user = new User(page);
    const names = [zone('reuse'), zone('www-reuse')];
    await page.goto(app.url);
    await useResolver(page, doh.url);
    await connectToCa(user, stack.directoryUrl);
    await issueWithOneCommand(user, stack, names);
    await rows.first().waitFor();

    await user.click(rows.first().getByRole('button', { name: 'Renew', exact: true }));
    await user.click(mine.getByLabel('Keep the key'));
    await user.click(mine.getByRole('button', { name: 'Renew now' }));
    await mine.getByRole('status').filter({ hasText: 'Challenges skipped: the CA reused' }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor();
    await mine.locator('.badge', { hasText: /^replaced$/ }).waitFor();
    assert.equal(await rows.count(), 2);
    await browser.shot('renewed with reused authorizations');

    // Both certificates carry the same key.
    const spkis = new Set<string>();
    for (let i = 0; i < 2; i++) {
      await rows.nth(i).getByRole('button', { name: 'Files' }).click();
      browser.downloads.delete('cert.pem');
      await mine.getByRole('button', { name: 'Download cert.pem', exact: true }).click();
      const { readFileSync } = await import('node:fs');
      const leaf = await parseCertificate(readFileSync(await browser.waitForDownload('cert.pem'), 'utf8'));
      spkis.add(Buffer.from(leaf.publicKeySpki).toString('hex'));
      await rows.nth(i).getByRole('button', { name: 'Files' }).click();
    }
    assert.equal(spkis.size, 1, 'the renewal kept the key');
  });

  // Pebble 2.4 has no ARI, so the CA's answer is written where the page keeps it (as the visit check would
  // store it); the page must then show the CA's window, not the lifetime rule, and put the certificate in the
  // due list. Asking the CA and parsing its reply are unit-tested against recorded replies.
  test("a stored ARI window (moved earlier by the CA) shows as the CA's and makes the certificate due", async () => {
    const page = browser.page;
    const mine = page.getByRole('region', { name: 'My certificates' });
    const live = mine.locator('tbody tr').filter({ has: page.locator('.badge', { hasText: /^fine$/ }) });
    assert.equal(await live.count(), 1);
    const now = Date.now();
    await page.evaluate(async (ari) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('certpage');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction(['certificates', 'catalogue'], 'readwrite');
      const store = tx.objectStore('certificates');
      const all = await new Promise<{ status?: string }[]>((resolve) => { const r = store.getAll(); r.onsuccess = () => resolve(r.result as { status?: string }[]); });
      const cert = all.find((c) => !c.status);
      await new Promise((resolve) => { const r = store.put({ ...cert, ari }); r.onsuccess = resolve; });
      // The lists read the catalogue (summaries kept beside the records); written by hand, it is dropped and rebuilt.
      tx.objectStore('catalogue').delete('certificates');
      await new Promise((resolve) => { tx.oncomplete = resolve; });
      db.close();
    }, {
      start: new Date(now - 86_400_000).toISOString(), end: new Date(now + 86_400_000).toISOString(),
      explanationURL: 'https://ca.example/incident', checkedAt: new Date(now).toISOString(), nextCheck: new Date(now + 6 * 3_600_000).toISOString(),
    });
    await page.reload();
    const due = mine.locator('tbody tr').filter({ has: page.locator('.badge', { hasText: /^renew now$/ }) });
    await due.waitFor();
    await due.getByText("CA's window").waitFor();
    assert.equal(await due.getByRole('link', { name: 'why' }).getAttribute('href'), 'https://ca.example/incident');
    await mine.getByText('Due for renewal:').waitFor();
    await browser.shot('ARI window');
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});
