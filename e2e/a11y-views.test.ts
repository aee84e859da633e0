// Every view and state of the page, scanned by axe-core (WCAG 2.2 A/AA and best practices) at 1280 and 390 px wide,
// with the colour rules again in the dark scheme: no serious or critical violation anywhere. The main views are also
// photographed in both schemes at both widths (e2e/screenshots/a11y-views/) and must not scroll sideways at 320 px.
// The states are reached as a user reaches them, against the real Pebble; a proxy in front of it holds an order while
// the CA checks or issues, and certificates that are due, expired, revoked or replaced are written into IndexedDB.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { editJson, isRead, type CaProxy } from '../test/support/ca-proxy.ts';
import { heldResolver, shotsBoth, sideways } from './support/a11y.ts';
import { scan } from './support/axe.ts';
import { runShellCommand, useResolver } from './support/user.ts';
import { startProxiedWorld, type ProxiedWorld } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('every view, scanned by axe', () => {
  let world: ProxiedWorld;
  let proxy: CaProxy;

  before(async () => {
    world = await startProxiedWorld({ pebble: { authzReuse: 0 } });
    proxy = world.proxy;
  });
  after(() => world?.close());

  const page = () => world.browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });
  const mine = () => page().getByRole('region', { name: 'My certificates' });

  /** A main view: scanned, photographed in both schemes at both widths, and no sideways scrolling at 320 px. */
  async function mainView(state: string, shot: string): Promise<void> {
    await scan(page(), state);
    await shotsBoth(world.browser, shot);
    assert.deepEqual(await sideways(page()), [], `${state}: nothing scrolls the page sideways at 320 px`);
  }

  test('setup: first visit, every field at fault, the DNS question, an account key, EAB, own CSR', async () => {
    await page().goto(world.app.url);
    await page().getByLabel('Directory URL').waitFor();
    await page().getByRole('heading', { name: 'DNS checks' }).waitFor();
    await mainView('setup: first visit', 'setup');

    await page().getByLabel('Directory URL').fill(proxy.directoryUrl);
    await page().getByText('Connected.').waitFor();
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().locator('#names-err').getByRole('alert').waitFor();
    await scan(page(), 'setup: every field at fault');
    await page().getByLabel("I agree to the CA's terms of service").check();
    await page().getByLabel('Domain names').fill(`${zone('www')}\n${zone('api')}`);
    await page().getByText('Check your DNS before you order?').waitFor();
    await scan(page(), 'setup: the DNS question');

    await page().getByText('I already have an account key').click();
    await page().getByRole('button', { name: 'Use an existing account key' }).click();
    await page().getByLabel('Account private key (PEM or JWK)').waitFor();
    await scan(page(), 'setup: an existing account key');
    await page().getByLabel('Account', { exact: true }).selectOption('new');

    const dir = mkdtempSync(join(tmpdir(), 'certpage-a11y-'));
    try {
      execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'r.pem',
        '-subj', `/CN=${zone('csr')}`, '-addext', `subjectAltName=DNS:${zone('csr')}`], { cwd: dir, stdio: 'ignore' });
      await page().getByLabel('Certificate key').selectOption('csr');
      await page().getByLabel('CSR (PEM)').fill('-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----');
      await page().locator('cp-setup cp-problem').getByRole('alert').waitFor();
      await scan(page(), 'setup: own CSR refused');
      await page().getByLabel('CSR (PEM)').fill(readFileSync(join(dir, 'r.pem'), 'utf8'));
      await page().getByText(`The CSR names: ${zone('csr')}`).waitFor();
      await scan(page(), 'setup: own CSR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page().getByLabel('Certificate key').selectOption('P-256');

    // A CA that requires External Account Binding (the proxy says so in Pebble's directory).
    proxy.rewrite = (x) => {
      if (x.method === 'GET' && x.path === new URL(proxy.directoryUrl).pathname) editJson(x, (b) => { b.meta = { ...(b.meta as object), externalAccountRequired: true }; });
    };
    await page().reload();
    await page().getByLabel('EAB key ID').waitFor();
    await scan(page(), 'setup: EAB fields');
    proxy.rewrite = undefined;
    await page().reload();
    await page().getByText('Connected.').waitFor();
  });

  test('cards: the DNS question, each check state, DNS-01, TLS-ALPN-01, checks off', async () => {
    const [www, api] = [zone('www'), zone('api')];
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();
    await page().getByText('Check your DNS before you tell the CA?').waitFor();
    await scan(page(), 'cards: the DNS question');

    // Checking…, held by a resolver that does not answer yet (the page gives up on it after 5 s): a quick scan.
    const held = await heldResolver();
    try {
      await useResolver(page(), held.url);
      const checking = card(www).getByText('Checking…');
      await checking.waitFor();
      await scan(page(), 'cards: checking', { widths: [1280] });
      held.release();
      await card(www).getByText('Could not check the address: no DNS resolver answered.').waitFor({ timeout: 15_000 });
      await scan(page(), 'cards: could not check (unknown)');
    } finally {
      await held.close();
    }

    await useResolver(page(), world.doh.url);
    await card(www).getByText(`${www} points to 127.0.0.1.`).waitFor({ timeout: 15_000 });
    await mainView('cards: HTTP-01, check passed', 'cards');
    await card(www).getByText('Ready-made commands and server snippets').click();
    await scan(page(), 'cards: commands and snippets open');
    assert.deepEqual(await sideways(page()), [], 'the snippets wrap or scroll inside their boxes');

    await card(api).getByRole('radio', { name: /DNS-01/ }).check();
    // These look at the card's own check states: the switch that tells the CA by itself is turned off first.
    const auto = page().getByLabel('Tell the CA by itself once every resolver sees the record');
    if (await auto.isChecked()) await auto.uncheck();
    await card(api).getByText(/^Not found yet/).waitFor({ timeout: 15_000 });
    await scan(page(), 'cards: DNS-01, not found yet (wait)');
    const recordName = await card(api).getByRole('textbox', { name: 'Record name', exact: true }).textContent() ?? '';
    const value = await card(api).getByRole('textbox', { name: 'Record value', exact: true }).textContent() ?? '';
    await world.stack.setTxt(recordName, 'a-wrong-value-from-an-earlier-try');
    await card(api).getByRole('button', { name: 'Check now' }).click();
    await card(api).getByText('A TXT record is there, but its value is not the expected one.').waitFor({ timeout: 15_000 });
    await scan(page(), 'cards: DNS-01, wrong value (fail)');
    await shotsBoth(world.browser, 'cards-dns-fail');
    await world.stack.clearTxt(recordName);
    await world.stack.setTxt(recordName, value);
    await card(api).getByRole('button', { name: 'Check now' }).click();
    await card(api).getByText('Found: seen by 1 of 1 resolver.').waitFor({ timeout: 15_000 });
    await scan(page(), 'cards: DNS-01, found (pass)');
    await world.stack.clearTxt(recordName);

    await card(www).getByRole('radio', { name: /TLS-ALPN-01/ }).check();
    await card(www).getByRole('button', { name: 'Make the validation certificate and key' }).click();
    await card(www).getByRole('button', { name: /^Download tls-alpn-.*-cert\.pem$/ }).waitFor();
    await scan(page(), 'cards: TLS-ALPN-01');
    assert.deepEqual(await sideways(page()), []);

    for (const name of [www, api]) await card(name).getByRole('radio', { name: /HTTP-01/ }).check();
    await page().getByRole('region', { name: 'DNS checks' }).getByLabel('Off: never look anything up (you check it yourself)').check();
    await card(www).getByText('DNS checks are off: check it yourself before you submit.').waitFor();
    await scan(page(), 'cards: DNS checks off');
    await page().getByRole('region', { name: 'DNS checks' }).getByLabel('On: check through the resolvers below').check();
  });

  test('the CA checking, issuing, the result with every panel open', async () => {
    let stage: 'checking' | 'issuing' | 'free' = 'checking';
    proxy.rewrite = (x) => {
      if (stage === 'checking' && isRead(x, 'order')) editJson(x, (b) => { if (b.status === 'ready') b.status = 'pending'; });
      if (stage === 'issuing' && (isRead(x, 'order') || x.path.startsWith('/finalize-order/'))) {
        editJson(x, (b) => { if (b.status === 'valid') { b.status = 'processing'; delete b.certificate; } });
      }
    };
    try {
      const files = runShellCommand(await page().getByRole('textbox', { name: 'Command for all files', exact: true }).textContent() ?? '');
      for (const [token, body] of files) await world.stack.addHttp01(token, body);
      await page().getByRole('button', { name: 'All in place: submit all' }).click();
      await page().getByText('The CA is checking…').first().waitFor();
      await scan(page(), 'cards: the CA is checking');
      stage = 'issuing';
      await page().getByText('The CA is issuing the certificate…').waitFor({ timeout: 30_000 });
      await mainView('issuing', 'issuing');
    } finally {
      stage = 'free';
    }
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 30_000 });
    proxy.rewrite = undefined;
    await page().getByRole('button', { name: 'Download fullchain.pem' }).waitFor();
    await mainView('result', 'result');

    const result = page().locator('cp-result').first();
    for (const summary of ['Binary (DER) files, for tools that take no PEM', 'Show as text to copy', 'How to install it']) await result.getByText(summary).click();
    await page().getByRole('button', { name: 'Download certificate.pfx' }).click(); // no password yet
    await result.getByRole('alert').waitFor();
    await scan(page(), 'result: every panel open, PFX refused');
    assert.deepEqual(await sideways(page()), [], 'chains, snippets and serials wrap or scroll in their own boxes');
  });

  test('failure: a file that is not in place', async () => {
    const missing = zone('missing');
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await page().getByLabel('Domain names').fill(missing);
    await page().getByRole('button', { name: 'Create order' }).click();
    await card(missing).getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 30_000 });
    await mainView('failure', 'failure');
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await page().getByLabel('Domain names').waitFor();
  });

  test('My certificates: fine, due, expired, revoked and replaced; files, renew, revoke, delete, revoke with a key', async () => {
    const rows = () => mine().locator('tbody tr').filter({ has: page().locator('td.names') });
    await rows().first().waitFor();
    await seedCertificates(page());
    await page().reload();
    for (const label of ['fine', 'renew now', 'expired', 'revoked', 'replaced']) {
      await mine().locator('.badge', { hasText: new RegExp(`^${label}$`) }).first().waitFor();
    }
    await mine().getByText('Due for renewal:').waitFor();
    await mine().scrollIntoViewIfNeeded();
    await mainView('my certificates: fine, due, expired, revoked, replaced', 'my-certificates');

    const first = rows().first();
    await first.getByRole('button', { name: 'Files' }).click();
    await mine().getByRole('button', { name: 'Download fullchain.pem' }).waitFor();
    await scan(page(), 'my certificates: files');
    await first.getByRole('button', { name: 'Files' }).click();
    await first.getByRole('button', { name: 'Renew', exact: true }).click();
    await mine().getByRole('button', { name: 'Renew now' }).waitFor();
    await scan(page(), 'my certificates: renew');
    await first.getByRole('button', { name: 'Revoke', exact: true }).click();
    await mine().getByRole('button', { name: 'Revoke…' }).click();
    await mine().getByRole('button', { name: 'Yes, revoke it' }).waitFor();
    await scan(page(), 'my certificates: revoke, confirming');
    await first.getByRole('button', { name: /^Delete / }).click();
    await mine().getByRole('button', { name: 'Yes, delete it from this browser' }).waitFor();
    await scan(page(), 'my certificates: delete, confirming');
    await mine().getByRole('button', { name: 'Cancel' }).click();

    await mine().getByText("Revoke a certificate not stored here (with the certificate's key)").click();
    const form = mine().locator('cp-revoke-key');
    await form.getByRole('button', { name: 'Revoke with this key…' }).click();
    await form.getByRole('alert').waitFor();
    await scan(page(), 'revoke with a key: nothing pasted');
    assert.deepEqual(await sideways(page()), []);
  });

  test('accounts (details open), backup and restore, the key-and-CSR tool, the resolver settings', async () => {
    const accounts = page().getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('button', { name: /^Details of the account/ }).first().click();
    await accounts.getByLabel('Status at the CA').getByText('valid').waitFor({ timeout: 15_000 });
    await scan(page(), 'accounts: details open');
    assert.deepEqual(await sideways(page()), []);

    const backup = page().getByRole('region', { name: 'Backup and restore' });
    await backup.getByText('Backup and restore (an encrypted file').click();
    const make = backup.getByRole('group', { name: 'Make a backup' });
    await make.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
    await make.getByLabel('Passphrase again').fill('correct horse battery stapler');
    await make.getByRole('button', { name: 'Download encrypted backup' }).click();
    await make.getByRole('alert').waitFor();
    await backup.getByRole('button', { name: 'Restore', exact: true }).click();
    await backup.getByRole('group', { name: 'Restore a backup' }).getByRole('alert').waitFor();
    await scan(page(), 'backup and restore: both refused');
    await make.getByLabel('Passphrase again').fill('correct horse battery staple');
    await make.getByRole('button', { name: 'Download encrypted backup' }).click();
    await make.getByText(/^Saved certpage-backup-/).waitFor({ timeout: 30_000 });
    await scan(page(), 'backup and restore: saved');

    const tool = page().getByRole('region', { name: 'Make a key and CSR' });
    await tool.getByText('Make a key and CSR (for a CA elsewhere').click();
    await tool.getByRole('button', { name: 'Make key and CSR' }).click();
    await tool.getByRole('alert').waitFor();
    await scan(page(), 'key and CSR: no names');
    await tool.getByLabel('Names for the CSR').fill(zone('tool'));
    await tool.getByRole('button', { name: 'Make key and CSR' }).click();
    await tool.getByRole('textbox', { name: 'CSR', exact: true }).waitFor();
    await scan(page(), 'key and CSR: made');

    const dns = page().getByRole('region', { name: 'DNS checks' });
    await dns.getByLabel('Resolver URL').fill('ftp://dns.example/');
    await dns.getByRole('button', { name: 'Add resolver' }).click();
    await dns.getByRole('alert').waitFor();
    await scan(page(), 'resolver settings: a refused URL');
    assert.deepEqual(await sideways(page()), []);
  });

  test('banners: offline, another tab', async () => {
    await world.browser.context.setOffline(true);
    try {
      await page().getByText('You are offline.').waitFor();
      await scan(page(), 'banner: offline');
    } finally {
      await world.browser.context.setOffline(false);
    }
    await page().getByText('You are offline.').waitFor({ state: 'detached' });

    await page().getByLabel('Domain names').fill(zone('tabs'));
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    const other = await world.browser.context.newPage();
    try {
      await other.goto(world.app.url);
      await other.getByText('This order is open in another tab').waitFor();
      await scan(other, 'banner: the order is open in another tab');
    } finally {
      await other.close();
    }
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await page().getByLabel('Domain names').waitFor();
    assert.deepEqual(world.browser.blocked, []);
    assert.deepEqual(world.browser.errors, []);
  });
});

/**
 * Certificates in every renewal state, written as the page stores them: copies of the stored one (a real chain and
 * key), one due (the CA's ARI window has opened), one expired, one revoked and one replaced by the first.
 */
async function seedCertificates(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('certpage');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const store = db.transaction('certificates', 'readwrite').objectStore('certificates');
    const all = await new Promise<Record<string, unknown>[]>((ok) => { const r = store.getAll(); r.onsuccess = () => ok(r.result as Record<string, unknown>[]); });
    const base = all[0];
    if (!base) throw new Error('no stored certificate to copy');
    const day = 86_400_000;
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    const copies = [
      { id: 'a11y-due', ari: { start: iso(now - day), end: iso(now + day), checkedAt: iso(now), nextCheck: iso(now + 6 * 3_600_000) } },
      { id: 'a11y-expired', notBefore: iso(now - 100 * day), notAfter: iso(now - 10 * day) },
      { id: 'a11y-revoked', status: 'revoked', revokedAt: iso(now - day), revokedReason: 4 },
      { id: 'a11y-replaced', status: 'replaced', replacedBy: base.id },
    ];
    for (const c of copies) await new Promise((ok, fail) => { const r = store.put({ ...base, ...c }); r.onsuccess = ok; r.onerror = () => fail(r.error); });
    db.close();
  });
}
