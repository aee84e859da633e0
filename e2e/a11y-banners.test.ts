// The banners that need a browser of their own, scanned by axe at 1280 and 390 px (colour rules in both schemes):
// storage that cannot be opened, an older tab holding it, a newer tab that upgraded it, the note about a shared
// origin (the page served under a sub-path), and a new version of the page waiting for Reload.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { distDir, startApp } from './support/app.ts';
import { scan } from './support/axe.ts';
import { openBrowser, workerReady } from './support/browser.ts';
import { serveDirs, type StaticServer } from './support/static-server.ts';
import { withoutIndexedDb } from './support/storage-faults.ts';

describe('banners', () => {
  let dir: string;
  let app: StaticServer;

  before(async () => {
    // A copy of the build of its own: the update test changes its sw.js.
    dir = mkdtempSync(join(tmpdir(), 'certpage-a11y-dist-'));
    cpSync(distDir, dir, { recursive: true });
    app = await startApp({ dir });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('storage: cannot be opened, held by an older tab, upgraded by a newer one', async () => {
    const none = await openBrowser();
    try {
      await withoutIndexedDb(none.context);
      await none.page.goto(app.url);
      await none.page.getByText('This browser does not let certpage store anything').waitFor();
      await scan(none.page, 'banner: storage cannot be opened');
    } finally {
      await none.close();
    }

    const browser = await openBrowser();
    try {
      const side = await browser.context.newPage();
      await side.goto(`${app.url}favicon.svg`);
      await side.evaluate(() => new Promise<void>((ok) => {
        const req = indexedDB.open('certpage', 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          for (const name of ['accounts', 'issuances', 'certificates', 'settings']) db.createObjectStore(name, name === 'settings' ? undefined : { keyPath: 'id' });
        };
        req.onsuccess = () => { (globalThis as unknown as { held: IDBDatabase }).held = req.result; ok(); };
      }));
      const page = browser.page;
      await page.goto(app.url);
      await page.getByText('An older certpage tab is still open').waitFor();
      await scan(page, 'banner: an older tab holds the storage');
      await side.evaluate(() => (globalThis as unknown as { held: IDBDatabase }).held.close());
      await page.getByRole('region', { name: 'My certificates' }).getByText('None yet', { exact: false }).waitFor();

      await side.evaluate(() => new Promise<void>((ok) => {
        const req = indexedDB.open('certpage', 99);
        req.onsuccess = () => { req.result.close(); ok(); };
      }));
      await page.getByText('A newer version of certpage was opened in another tab').waitFor();
      await scan(page, 'banner: a newer tab upgraded the storage');
    } finally {
      await browser.close();
    }
  });

  test('the note about a shared origin', async () => {
    const server = await serveDirs({ '/certpage/': dir });
    const browser = await openBrowser();
    try {
      await browser.page.goto(new URL('/certpage/', server.url).href);
      await browser.page.getByRole('note').getByText('This page shares its address with other pages').waitFor();
      await scan(browser.page, 'banner: shared origin note');
    } finally {
      await browser.close();
      await server.close();
    }
  });

  test('a new version waiting for Reload', async () => {
    const browser = await openBrowser();
    try {
      const page = browser.page;
      await underServiceWorker(page, app.url);
      const sw = join(dir, 'sw.js');
      const old = /const VERSION = "([^"]+)"/.exec(readFileSync(sw, 'utf8'))?.[1] ?? '';
      writeFileSync(sw, readFileSync(sw, 'utf8').replaceAll(old, 'a11y-next'));
      await workerReady(page, { update: true });
      await page.getByText('A new version of certpage is ready.').waitFor();
      await scan(page, 'banner: a new version is ready');
    } finally {
      await browser.close();
    }
  });
});

async function underServiceWorker(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await workerReady(page);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}
