// One order open in two tabs, and reloads at every stage: one tab drives at a time (exactly one finalize request),
// both end on the certificate, a reload says the truth, and a reload while the CA is checking or issuing carries on
// by itself. A proxy in front of the real Pebble counts the requests and holds the order at a stage on request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { editJson, isRead, type CaProxy } from '../test/support/ca-proxy.ts';
import { connectToCa, runShellCommand, useResolver, User } from './support/user.ts';
import { startProxiedWorld, type ProxiedWorld } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('two tabs and reloads', () => {
  let world: ProxiedWorld;
  let proxy: CaProxy;

  before(async () => {
    world = await startProxiedWorld({ pebble: { authzReuse: 0 } });
    proxy = world.proxy;
  });
  after(() => world?.close());

  // Accepted requests only: Pebble refuses some nonces on purpose, and the page then sends the same request again.
  const finalizes = () => proxy.log.filter((r) => r.method === 'POST' && r.path.startsWith('/finalize-order/') && r.status === 200).length;
  const challengePosts = () => proxy.log.filter((r) => r.method === 'POST' && r.path.startsWith('/chalZ/') && r.status === 200).length;
  const ready = (p: Page) => p.getByRole('heading', { name: 'Your certificate is ready' });
  const rows = (p: Page) => p.getByRole('region', { name: 'My certificates' }).locator('tbody tr').filter({ has: p.locator('td.names') });

  /** Orders `names` in `page` and places their files (not submitted); returns once the cards show. */
  async function orderAndPlace(page: Page, names: string[]): Promise<void> {
    const user = new User(page);
    await user.fill(page.getByLabel('Domain names'), names.join('\n'));
    await user.click(page.getByRole('button', { name: 'Create order' }));
    await page.getByRole('heading', { name: `Prove you control these ${names.length} names` }).waitFor();
    const files = runShellCommand(await user.copy(page, 'Command for all files'));
    for (const [token, body] of files) await world.stack.addHttp01(token, body);
  }

  test('typed names and the terms tick survive a reload made right after typing', async () => {
    const page = world.browser.page;
    await page.goto(world.app.url);
    await useResolver(page, world.doh.url);
    await page.getByLabel('Directory URL').fill(proxy.directoryUrl);
    await page.getByText('Connected.').waitFor();
    await page.getByLabel("I agree to the CA's terms of service").check();
    await page.getByLabel('Domain names').fill(`${zone('kept')}\n${zone('www-kept')}`);
    await page.reload(); // no pause: nothing may be waiting to be written
    await page.getByText('Connected.').waitFor();
    assert.equal(await page.getByLabel('Domain names').inputValue(), `${zone('kept')}\n${zone('www-kept')}`);
    assert.equal(await page.getByLabel("I agree to the CA's terms of service").isChecked(), true);
  });

  test('one order in two tabs: the second follows, takes over on request, exactly one finalize, both end on the certificate', async () => {
    const one = world.browser.page;
    const names = [zone('tabs'), zone('www-tabs')];
    await orderAndPlace(one, names);
    const two = await world.browser.context.newPage();
    await two.goto(world.app.url);
    await two.getByText('This order is open in another tab').waitFor();
    assert.equal(await two.getByRole('button', { name: 'All in place: submit all' }).count(), 0, 'a following tab cannot submit');
    assert.equal(await two.getByRole('button', { name: 'The file is in place' }).count(), 0);
    await two.screenshot({ path: 'e2e/screenshots/tabs-and-reloads/second-tab-follows.png', fullPage: true });

    // The user goes on in the second tab.
    const before = finalizes();
    await two.getByRole('button', { name: 'Continue here instead' }).click();
    await one.getByText('This order is open in another tab').waitFor();
    await two.getByRole('button', { name: 'All in place: submit all' }).click();
    try {
      await ready(two).waitFor({ timeout: 60_000 });
      await ready(one).waitFor({ timeout: 60_000 });
    } catch (err) {
      await two.screenshot({ path: 'e2e/screenshots/DEBUG-two.png', fullPage: true });
      await one.screenshot({ path: 'e2e/screenshots/DEBUG-one.png', fullPage: true });
      console.log(proxy.log.slice(-30).map((l) => `${l.method} ${l.path} ${l.status}`).join('\n'));
      throw err;
    }
    assert.equal(finalizes() - before, 1, 'exactly one finalize request');
    assert.equal(challengePosts(), 2, 'each challenge told to the CA once');

    // A reload of either says the truth.
    await one.reload();
    await ready(one).waitFor();
    await rows(one).first().waitFor();
    assert.equal(await rows(one).count(), 1);
    assert.equal(await one.getByText('The CA did not issue the certificate').count(), 0);
    await two.close();
  });

  test('a reload while the CA is checking: the page asks the CA again and finishes by itself', async () => {
    const page = world.browser.page;
    let hold = true;
    proxy.rewrite = (x) => {
      if (hold && isRead(x, 'order')) editJson(x, (b) => { if (b.status === 'ready') b.status = 'pending'; });
    };
    await page.getByRole('button', { name: 'Get another certificate' }).click();
    await orderAndPlace(page, [zone('checking'), zone('www-checking')]);
    const sentBefore = challengePosts();
    await page.getByRole('button', { name: 'All in place: submit all' }).click();
    await page.getByText('The CA is checking…').first().waitFor();
    await page.reload();
    await page.getByRole('heading', { name: /Prove you control|Issuing your certificate/ }).waitFor();
    hold = false;
    await ready(page).waitFor({ timeout: 60_000 });
    assert.equal(challengePosts() - sentBefore, 2, 'no challenge sent twice after the reload');
    proxy.rewrite = undefined;
  });

  test('a reload while the CA is issuing: the page waits for it and finishes, with one finalize', async () => {
    const page = world.browser.page;
    let hold = true;
    proxy.rewrite = (x) => {
      if (!hold || !(isRead(x, 'order') || x.path.startsWith('/finalize-order/'))) return;
      editJson(x, (b) => {
        if (b.status === 'valid') {
          b.status = 'processing';
          delete b.certificate;
        }
      });
    };
    await page.getByRole('button', { name: 'Get another certificate' }).click();
    await orderAndPlace(page, [zone('issuing'), zone('www-issuing')]);
    const before = finalizes();
    await page.getByRole('button', { name: 'All in place: submit all' }).click();
    await page.getByText('The CA is issuing the certificate…').waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByRole('heading', { name: 'Issuing your certificate' }).waitFor();
    hold = false;
    await ready(page).waitFor({ timeout: 60_000 });
    assert.equal(finalizes() - before, 1, 'finalize is never sent again after a reload');
    proxy.rewrite = undefined;
    assert.deepEqual(world.browser.errors, []);
  });
});
