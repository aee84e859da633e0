// Offline: the hosted page (dist/) loads from its service worker with the network off, keeps what is stored, makes a
// key and CSR, keeps an interrupted issuance and finishes it once back online; a new version waits for "Reload".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { distDir, startApp } from './support/app.ts';
import { startWorld, type World } from './support/world.ts';
import { openBrowser, workerReady, type Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { useResolver } from './support/user.ts';
import type { DohServer } from '../test/support/doh.ts';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import type { PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;
const OFFLINE_TEXT = 'You are offline. Everything stored here still works; talking to the CA waits until you are back online.';

/** Load the page, wait for its service worker, and reload so the worker controls the page. */
async function underServiceWorker(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await workerReady(page);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

describe('offline, with the service worker', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let browser: Browser;
  let world: World;
  let issuers: { root: string; intermediate: string };

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    ({ stack, doh, app, browser } = world);
    issuers = await stack.issuerPems();
  });
  after(() => world?.close());

  const page = () => browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });
  const certificates = () => page().getByRole('region', { name: 'My certificates' });

  async function placeFile(name: string): Promise<void> {
    const token = await card(name).getByRole('textbox', { name: 'File name', exact: true }).textContent();
    const body = await card(name).getByRole('textbox', { name: 'File content', exact: true }).textContent();
    await stack.addHttp01(token ?? '', body ?? '');
  }

  test('the page, stored certificates, a key and CSR and an interrupted order all survive going offline', async () => {
    await underServiceWorker(page(), app.url);
    await useResolver(page(), doh.url);

    // One certificate first, so there is something stored to download offline.
    const first = zone('stored');
    await page().getByLabel('Directory URL').fill(stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    await page().getByLabel("I agree to the CA's terms of service").check();
    await page().getByLabel('Domain names').fill(first);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    await placeFile(first);
    await card(first).getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });

    // A second order, interrupted at the challenge cards.
    const second = zone('interrupted');
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await page().getByLabel('Domain names').fill(second);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    const token = await card(second).getByRole('textbox', { name: 'File name', exact: true }).textContent();

    await browser.context.setOffline(true);
    await page().reload(); // served by the service worker
    await page().getByText(OFFLINE_TEXT).waitFor();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    assert.equal(await card(second).getByRole('textbox', { name: 'File name', exact: true }).textContent(), token, 'same challenge offline');
    await page().getByText('The CA cannot be reached while you are offline.').waitFor(); // asked after the reload: said calmly
    await browser.shot('offline');

    // Stored certificates: listed and downloadable.
    await certificates().locator('tbody tr').first().waitFor();
    assert.equal(await certificates().locator('tbody tr').count(), 1);
    await certificates().getByRole('button', { name: 'Files' }).click();
    browser.downloads.delete('fullchain.pem');
    await certificates().getByRole('button', { name: 'Download fullchain.pem' }).click();
    const fullchain = readFileSync(await browser.waitForDownload('fullchain.pem'), 'utf8');
    assert.match(verifyChain(fullchain, issuers), /OK/);

    // A key and CSR, made offline.
    const tool = page().getByRole('region', { name: 'Make a key and CSR' });
    await tool.getByText('Make a key and CSR').click();
    await tool.getByLabel('Names for the CSR').fill(`csr-${run}.example.com www.csr-${run}.example.com`);
    await tool.getByLabel('Key type').selectOption({ label: 'ECDSA P-384' });
    await tool.getByRole('button', { name: 'Make key and CSR' }).click();
    const csr = readFileSync(await browser.waitForDownload('request.csr'), 'utf8');
    const key = readFileSync(await browser.waitForDownload('privkey.pem'), 'utf8');
    assert.equal(await tool.getByRole('textbox', { name: 'CSR', exact: true }).textContent(), csr);
    // `openssl req -verify` exits 0 even for a bad signature (OpenSSL 3.0): read its verdict.
    const verdict = spawnSync('openssl', ['req', '-verify', '-noout'], { input: csr, encoding: 'utf8' });
    assert.equal(verdict.status, 0, verdict.stderr);
    assert.match(verdict.stdout + verdict.stderr, /verify OK/);
    assert.doesNotMatch(verdict.stdout + verdict.stderr, /failure/i);
    const checked = openssl(['req', '-in', 'r.csr', '-noout', '-text'], { 'r.csr': csr });
    assert.match(checked, /DNS:csr-[a-z0-9]+\.example\.com, DNS:www\.csr-[a-z0-9]+\.example\.com/);
    assert.match(checked, /NIST CURVE: P-384|ASN1 OID: secp384r1/);
    assert.equal(openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': key }), openssl(['req', '-in', 'r.csr', '-noout', '-pubkey'], { 'r.csr': csr }));
    await browser.shot('csr made offline');

    // Back online: the banner goes, the order carries on, the certificate arrives.
    await browser.context.setOffline(false);
    await page().getByText(OFFLINE_TEXT).waitFor({ state: 'detached' });
    await page().getByText('The CA cannot be reached while you are offline.').waitFor({ state: 'detached', timeout: 15_000 });
    await placeFile(second);
    await card(second).getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 }).catch(async (err: unknown) => { await browser.shot('DEBUG'); throw err; });
    assert.equal(await certificates().locator('tbody tr:has(td.names)').count(), 2);
    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});

describe('a new version of the page', () => {
  let dir: string;
  let app: StaticServer;
  let browser: Browser;
  let world: World;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certpage-dist-'));
    cpSync(distDir, dir, { recursive: true });
    app = await startApp({ dir });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('waits until the user clicks Reload, then the page runs under it', async () => {
    const page = browser.page;
    await underServiceWorker(page, app.url);
    const sw = join(dir, 'sw.js');
    const old = /const VERSION = "([^"]+)"/.exec(readFileSync(sw, 'utf8'))?.[1];
    assert.ok(old, 'sw.js states its version');
    writeFileSync(sw, readFileSync(sw, 'utf8').replaceAll(old, 'e2e-next'));

    await workerReady(page, { update: true });
    const prompt = page.getByText('A new version of certpage is ready.');
    await prompt.waitFor();
    await browser.shot('update ready');
    // Nothing changes until the user says so: the old version still controls the page.
    assert.deepEqual((await page.evaluate(() => caches.keys())).sort(), [`certpage-${old}`, 'certpage-e2e-next'].sort());
    await page.evaluate(() => { (window as unknown as { marker: boolean }).marker = true; });
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => !(window as unknown as { marker?: boolean }).marker);
    await page.getByRole('heading', { name: /Certificate authority/ }).waitFor();
    await page.waitForFunction(async () => (await caches.keys()).join() === 'certpage-e2e-next');
    assert.equal(await prompt.count(), 0);
    assert.deepEqual(browser.errors, []);
  });
});

test('the first install waits until the visitor pauses: no worker is registered while they type, it is once they have left the page alone for 2 s', async () => {
  // The install reads and stores every file of the page; begun while a visitor typed a CA's URL and ordered, their
  // requests waited behind it (A/B of first visits: issuance 1,853 → 1,593 ms, "Connected." 182 → 94 ms).
  const app = await startApp();
  const browser = await openBrowser();
  try {
    const page = browser.page;
    await page.context().addInitScript(() => {
      const w = window as unknown as { lastActivity: number; registeredAt?: number };
      w.lastActivity = 0;
      for (const type of ['keydown', 'input']) addEventListener(type, () => { w.lastActivity = performance.now(); }, true);
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (this: ServiceWorkerContainer, ...args: Parameters<typeof register>) {
        w.registeredAt ??= performance.now();
        return register.apply(this, args);
      };
    });
    await page.goto(app.url);
    const names = page.getByLabel('Domain names');
    await names.waitFor();
    // The rest of the page has loaded (the worker's registration used to follow it at once).
    await page.getByRole('region', { name: 'My certificates' }).getByText('None yet', { exact: false }).waitFor();
    await names.pressSequentially('www.example.com\napi.example.com', { delay: 30 });
    await workerReady(page);
    const { lastActivity, registeredAt } = await page.evaluate(() => {
      const w = window as unknown as { lastActivity: number; registeredAt?: number };
      return { lastActivity: w.lastActivity, registeredAt: w.registeredAt };
    });
    assert.ok(registeredAt !== undefined, 'the worker was registered');
    assert.ok(lastActivity > 0, 'the typing was seen');
    assert.ok(registeredAt - lastActivity >= 1900, `registered ${Math.round(registeredAt - lastActivity)} ms after the last key (at least 2 s)`);
    assert.equal(await names.inputValue(), 'www.example.com\napi.example.com', 'nothing typed was lost');
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
    await app.close();
  }
});
