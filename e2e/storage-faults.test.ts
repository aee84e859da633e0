// Storage that fails: a write refused at each step of an issuance (the certificate is never lost and is offered for
// download at once), IndexedDB that cannot be opened (a banner; issuing still works), and a schema upgrade while an
// old tab holds the database (neither tab hangs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import { openBrowser, type Browser } from './support/browser.ts';
import { allowRefusals, holdOpens, refusedCount, releaseOpens, setRefusal, withoutIndexedDb, type Refusal } from './support/storage-faults.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

async function download(browser: Browser, name: string): Promise<string> {
  browser.downloads.delete(name);
  await browser.page.getByRole('button', { name: `Download ${name}` }).first().click();
  return readFileSync(await browser.waitForDownload(name), 'utf8');
}

function keyMatches(keyPem: string, certPem: string): boolean {
  return openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': keyPem }) === openssl(['x509', '-in', 'c.pem', '-noout', '-pubkey'], { 'c.pem': certPem });
}

describe('storage that refuses', () => {
  let world: World;
  let issuers: { root: string; intermediate: string };

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    issuers = await world.stack.issuerPems();
  });
  after(() => world?.close());

  const cases: { what: string; rule: Refusal; recoveredAfterReload: boolean }[] = [
    { what: 'the new account', rule: { store: 'accounts' }, recoveredAfterReload: false },
    { what: 'the new order', rule: { store: 'issuances', stage: 'challenges', once: true }, recoveredAfterReload: false },
    { what: 'the submitted cards', rule: { store: 'issuances', cardState: 'submitted' }, recoveredAfterReload: false },
    { what: 'the downloaded chain', rule: { store: 'issuances', field: 'chain' }, recoveredAfterReload: true },
    { what: 'the certificate record', rule: { store: 'certificates' }, recoveredAfterReload: true },
  ];

  for (const c of cases) {
    test(`a refused write of ${c.what}: the certificate is offered for download, and nothing the CA issued is lost`, async () => {
      const browser = await openBrowser({ name: 'storage-faults' });
      try {
        await allowRefusals(browser.context);
        const page = browser.page;
        const user = new User(page);
        await page.goto(world.app.url);
        await useResolver(page, world.doh.url);
        await setRefusal(page, c.rule);
        await connectToCa(user, world.stack.directoryUrl);
        const label = c.what.replace(/\W+/g, '-');
        const names = [zone(`${label}-a`), zone(`${label}-b`)];
        await issueWithOneCommand(user, world.stack, names);
        assert.ok(await refusedCount(page) > 0, 'the write was refused');
        await browser.shot(`refused ${c.what}`);
        const unsaved = page.getByText('This certificate is not stored in this browser: download its files now.');
        if (c.recoveredAfterReload) await unsaved.waitFor();
        const fullchain = await download(browser, 'fullchain.pem');
        const privkey = await download(browser, 'privkey.pem');
        assert.match(verifyChain(fullchain, issuers), /OK/);
        assert.ok(keyMatches(privkey, fullchain), 'privkey.pem belongs to the certificate');

        if (c.recoveredAfterReload) {
          // The writes work again after a reload: the page finishes storing what the CA issued, by itself.
          await page.reload();
          await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
          await page.getByRole('region', { name: 'My certificates' }).locator('td.names', { hasText: names[0] }).waitFor();
          assert.equal(await unsaved.count(), 0);
          assert.equal(keyMatches(await download(browser, 'privkey.pem'), await download(browser, 'fullchain.pem')), true);
        }
        assert.deepEqual(browser.errors, []);
      } finally {
        await browser.close();
      }
    });
  }

  test('IndexedDB cannot be opened: a banner says what it means, and a certificate can still be had, with its files at once', async () => {
    const browser = await openBrowser({ name: 'storage-faults' });
    try {
      await withoutIndexedDb(browser.context);
      const page = browser.page;
      const user = new User(page);
      await page.goto(world.app.url);
      await page.getByText('This browser does not let certpage store anything').waitFor();
      await page.getByLabel('Domain names').waitFor();
      await useResolver(page, world.doh.url);
      await connectToCa(user, world.stack.directoryUrl);
      await issueWithOneCommand(user, world.stack, [zone('nodb-a'), zone('nodb-b')]);
      await browser.shot('no indexeddb, certificate ready');
      const fullchain = await download(browser, 'fullchain.pem');
      const privkey = await download(browser, 'privkey.pem');
      assert.match(verifyChain(fullchain, issuers), /OK/);
      assert.ok(keyMatches(privkey, fullchain));
      // Try again still cannot open it: the banner stays, the page keeps working from memory.
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByText('This browser does not let certpage store anything').waitFor();
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  test('a first visit whose database is slow to be made: "Connected." does not wait for it, and the issuance goes on once it is there', async () => {
    const browser = await openBrowser({ name: 'storage-faults' });
    try {
      await holdOpens(browser.context);
      const page = browser.page;
      const user = new User(page);
      await page.goto(world.app.url);
      // A new visitor has no stored account to wait for: the CA's directory is all "Connected." needs.
      await connectToCa(user, world.stack.directoryUrl);
      await page.getByRole('region', { name: 'Accounts' }).getByText('Reading the accounts kept in this browser…').waitFor();
      await browser.shot('connected while the database is made');
      await releaseOpens(page);
      await page.getByRole('region', { name: 'My certificates' }).getByText('None yet', { exact: false }).waitFor();
      await useResolver(page, world.doh.url);
      await issueWithOneCommand(user, world.stack, [zone('slowdb-a'), zone('slowdb-b')]);
      await page.getByRole('region', { name: 'My certificates' }).locator('td.names', { hasText: zone('slowdb-a') }).waitFor();
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }
  });

  /** A page of the app's origin that is not the app (the favicon), to hold IndexedDB connections as another tab would. */
  async function sideTab(browser: Browser): Promise<Page> {
    const side = await browser.context.newPage();
    await side.goto(`${world.app.url}favicon.svg`);
    return side;
  }

  test('a newer version upgrades the database while this tab is open: this tab lets go and says to reload', async () => {
    const browser = await openBrowser({ name: 'storage-faults' });
    try {
      const page = browser.page;
      await page.goto(world.app.url);
      await page.getByRole('region', { name: 'My certificates' }).getByText('None yet', { exact: false }).waitFor();
      const side = await sideTab(browser);
      const result = await side.evaluate(() => new Promise<string>((resolve) => {
        const req = indexedDB.open('certpage', 99);
        req.onupgradeneeded = () => undefined;
        req.onblocked = () => resolve('blocked');
        req.onsuccess = () => { req.result.close(); resolve('upgraded'); };
        req.onerror = () => resolve(`error ${req.error?.name}`);
      }));
      assert.equal(result, 'upgraded', 'the newer version was not kept waiting by this tab');
      await page.getByText('A newer version of certpage was opened in another tab').waitFor();
      await browser.shot('outdated tab');
    } finally {
      await browser.close();
    }
  });

  test('an older tab holds the database: the page still shows, says why storage waits, and carries on once it is closed', async () => {
    const browser = await openBrowser({ name: 'storage-faults' });
    try {
      const side = await sideTab(browser);
      // An "older certpage" holding version 1 open, without listening for upgrades.
      await side.evaluate(() => new Promise<void>((resolve) => {
        const req = indexedDB.open('certpage', 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-directory', 'directoryUrl');
          db.createObjectStore('issuances', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
          db.createObjectStore('certificates', { keyPath: 'id' }).createIndex('by-account', 'accountId');
          db.createObjectStore('settings');
        };
        req.onsuccess = () => { (globalThis as unknown as { held: IDBDatabase }).held = req.result; resolve(); };
      }));
      const page = browser.page;
      await page.goto(world.app.url);
      await page.getByLabel('Domain names').waitFor(); // the form does not wait for storage
      await page.getByText('An older certpage tab is still open').waitFor();
      // Nothing is read yet, so no list may say it is empty.
      const accounts = page.getByRole('region', { name: 'Accounts' });
      await accounts.getByText('Reading the accounts kept in this browser…').waitFor();
      assert.equal(await accounts.getByText('No accounts are stored in this browser.').count(), 0);
      assert.equal(await page.getByRole('region', { name: 'My certificates' }).getByText('0 accounts stored in this browser.').count(), 0);
      await browser.shot('blocked by an older tab');
      await side.evaluate(() => (globalThis as unknown as { held: IDBDatabase }).held.close());
      await page.getByText('An older certpage tab is still open').waitFor({ state: 'detached' });
      await page.getByRole('region', { name: 'My certificates' }).getByText('None yet', { exact: false }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
