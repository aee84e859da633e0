// Key custody and privacy, as a user could check them: nothing is looked up in DNS before the user agrees, removing
// resolvers takes, a link from the CA is a link only when it is https, deleting leaves no copy of a key in any object
// store, and a hostile paste in any box is refused or read at once (a reload after it too).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { editJson, type CaProxy } from '../test/support/ca-proxy.ts';
import { openBrowser } from './support/browser.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import { startProxiedWorld, type ProxiedWorld } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

/** Every private CryptoKey kept in the page's IndexedDB, as "store:id.path". */
function privateKeysStored(page: Page): Promise<string[]> {
  return page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const req = indexedDB.open('certpage');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const stores = [...db.objectStoreNames];
      const tx = db.transaction(stores, 'readonly');
      const found: string[] = [];
      const walk = (where: string, v: unknown): void => {
        if (v instanceof CryptoKey) { if (v.type === 'private') found.push(where); return; }
        if (v && typeof v === 'object') for (const [k, x] of Object.entries(v as object)) walk(`${where}.${k}`, x);
      };
      for (const name of stores) {
        const all = tx.objectStore(name).getAll();
        all.onsuccess = () => all.result.forEach((r: unknown, i: number) => walk(`${name}:${(r as { id?: string })?.id ?? i}`, r));
      }
      tx.oncomplete = () => { db.close(); resolve(found); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

describe('key custody and privacy', () => {
  let world: ProxiedWorld;
  let proxy: CaProxy;

  before(async () => {
    world = await startProxiedWorld({ pebble: { authzReuse: 0 } });
    proxy = world.proxy;
  });
  after(() => world?.close());

  test('no DNS look-up before the user agrees; "no checks" and removed resolvers are remembered', async () => {
    const browser = await openBrowser({ name: 'custody' });
    try {
      const page = browser.page;
      const user = new User(page);
      await page.goto(world.app.url);
      await connectToCa(user, world.stack.directoryUrl);
      await page.getByLabel('Domain names').fill(`${zone('private')}\n*.${zone('private')}`);
      const ask = page.getByRole('group', { name: 'DNS checks' });
      await ask.getByText('they learn each name checked and its parent names').waitFor();
      await browser.shot('asked before any look-up');
      // The page had every reason to look up (a CA, names): nothing went to the default resolvers, nor anywhere else.
      assert.deepEqual(browser.blocked, [], 'no request to a public resolver');
      assert.equal(world.doh.queries, 0, 'no request to any resolver');

      await ask.getByRole('button', { name: 'No DNS checks' }).click();
      await ask.waitFor({ state: 'detached' });
      // Removing both defaults in the settings takes, at once and after a reload.
      const settings = page.getByRole('region', { name: 'DNS checks' });
      await settings.getByRole('button', { name: 'Remove Cloudflare' }).click();
      await settings.getByRole('button', { name: 'Remove Google' }).click();
      await settings.getByText('No resolver: the checks are off').waitFor();
      await page.reload();
      await page.getByRole('region', { name: 'DNS checks' }).getByText('No resolver: the checks are off').waitFor();
      assert.equal(await page.getByRole('region', { name: 'DNS checks' }).getByRole('button', { name: /^Remove / }).count(), 0);
      assert.equal(await page.getByLabel('Off: never look anything up (you check it yourself)').isChecked(), true);
      await page.getByLabel('Domain names').fill(zone('still-private'));
      await page.getByRole('button', { name: 'Create order' }).click();
      await page.getByRole('heading', { name: 'Prove you control this name' }).waitFor();
      await page.getByText('DNS checks are off: check it yourself before you submit.').waitFor();
      assert.deepEqual(browser.blocked, []);
    } finally {
      await browser.close();
    }
  });

  test('a terms-of-service address that is not https is shown as text, never as a link', async () => {
    proxy.rewrite = (x) => {
      if (x.path === '/dir') editJson(x, (d) => { (d.meta as Record<string, unknown>).termsOfService = 'javascript:alert(document.domain)'; });
    };
    const page = world.browser.page;
    await page.goto(world.app.url);
    await page.getByLabel('Directory URL').fill(proxy.directoryUrl);
    await page.getByText('Connected.').waitFor();
    await page.getByText('javascript:alert(document.domain)').first().waitFor();
    assert.equal(await page.locator('cp-setup').locator('a[href^="javascript:"]').count(), 0);
    assert.equal(await page.locator('cp-setup').locator('a').filter({ hasText: /read/ }).count(), 0);
    proxy.rewrite = undefined;
  });

  test('deleting leaves no copy of a key: a certificate, an abandoned order, a failed one, the account', async () => {
    const page = world.browser.page;
    const user = new User(page);
    await page.goto(world.app.url);
    await useResolver(page, world.doh.url);
    await connectToCa(user, world.stack.directoryUrl);
    await issueWithOneCommand(user, world.stack, [zone('gone'), zone('www-gone')]);
    const afterIssue = await privateKeysStored(page);
    assert.equal(afterIssue.filter((k) => k.startsWith('certificates:')).length, 1, 'the certificate holds its key');
    assert.equal(afterIssue.filter((k) => k.startsWith('issuances:')).length, 0, 'the finished order keeps none');

    // An order abandoned with "Start a new order": its key goes with it.
    await page.getByRole('button', { name: 'Get another certificate' }).click();
    await page.getByLabel('Domain names').fill(zone('abandoned'));
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    assert.equal((await privateKeysStored(page)).filter((k) => k.startsWith('issuances:')).length, 1);
    await page.getByRole('button', { name: 'Start a new order' }).click();
    await page.getByLabel('Domain names').waitFor();
    await expectKeys(page, (keys) => keys.filter((k) => k.startsWith('issuances:')).length === 0);

    // A failed order (the file never placed), then "Start a new order".
    await page.getByLabel('Domain names').fill(zone('failed'));
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('button', { name: 'The file is in place' }).click();
    await page.getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Start a new order' }).click();
    await expectKeys(page, (keys) => keys.filter((k) => k.startsWith('issuances:')).length === 0);

    // The certificate, deleted from this browser.
    const mine = page.getByRole('region', { name: 'My certificates' });
    await mine.getByRole('button', { name: `Delete ${zone('gone')} from this browser` }).click();
    await mine.getByRole('button', { name: 'Yes, delete it from this browser' }).click();
    await mine.getByText('was deleted from this browser').waitFor();
    await expectKeys(page, (keys) => keys.every((k) => k.startsWith('accounts:')));

    // The account, deleted from this browser: no private key is left anywhere.
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('button', { name: /^Details of the account/ }).click();
    await accounts.getByRole('button', { name: 'Delete from this browser' }).click();
    await accounts.getByRole('button', { name: 'Yes, delete it from this browser' }).click();
    await accounts.getByText('No accounts are stored in this browser.').waitFor();
    await expectKeys(page, (keys) => keys.length === 0);
  });
});

/** Re-read the stored keys until `ok` holds (the page writes a moment after it shows). */
async function expectKeys(page: Page, ok: (keys: string[]) => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const keys = await privateKeysStored(page);
    if (ok(keys)) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`stored private keys: ${(await privateKeysStored(page)).join(', ')}`);
}
