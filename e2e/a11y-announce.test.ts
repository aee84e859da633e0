// What a screen reader is told, and motion. Status changes go through polite live regions (role=status) that are on
// the page before the news arrives (a region inserted together with its text is often not read at all); errors
// through role=alert; no live region inside another (said twice); a check that runs again and finds the same says
// nothing again. With prefers-reduced-motion, nothing on the page animates or transitions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { useResolver } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

/** Marks the element so the test can tell later whether it is still the same one (not replaced by a new region). */
async function mark(region: Locator, tag: string): Promise<void> {
  await region.evaluate((el, t) => { (el as HTMLElement).dataset.e2eMark = t; }, tag);
}

/** Starts counting the changes of text of `region` (a MutationObserver in the page); returns how to read them. */
async function countChanges(region: Locator): Promise<() => Promise<string[]>> {
  await region.evaluate((el) => {
    const seen: string[] = [];
    let last = el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    new MutationObserver(() => {
      const now = el.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      if (now !== last) seen.push(now);
      last = now;
    }).observe(el, { subtree: true, childList: true, characterData: true });
    (el as unknown as { e2eSaid: string[] }).e2eSaid = seen;
  });
  return () => region.evaluate((el) => [...(el as unknown as { e2eSaid: string[] }).e2eSaid]);
}

/** Live regions (role status/alert/log, aria-live) that sit inside another one, through shadow roots. */
function nestedLiveRegions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const live = (el: Element) => ['status', 'alert', 'log'].includes(el.getAttribute('role') ?? '') || (el.hasAttribute('aria-live') && el.getAttribute('aria-live') !== 'off');
    const found: string[] = [];
    const walk = (node: ParentNode, inside: string | undefined) => {
      for (const el of Array.from(node.children)) {
        const here = live(el) ? `${el.tagName.toLowerCase()}[role=${el.getAttribute('role')}] "${(el.textContent ?? '').trim().slice(0, 40)}"` : undefined;
        if (here && inside) found.push(`${here} inside ${inside}`);
        const next = inside ?? here;
        if (el.shadowRoot) walk(el.shadowRoot, next);
        walk(el, next);
      }
    };
    walk(document, undefined);
    return found;
  });
}

/** Waits for something outside the page (the resolver's count of queries), looking every 100 ms. */
async function until(done: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

describe('what is announced', () => {
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
  });
  after(() => world?.close());

  const page = () => world.browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  test('"Connected." arrives in a polite live region that was already there', async () => {
    await page().goto(world.app.url);
    const ca = page().locator('cp-setup').getByRole('region', { name: /Certificate authority/ });
    const region = ca.getByRole('status');
    await region.waitFor({ state: 'attached' });
    assert.equal((await region.textContent())?.trim(), '', 'nothing said yet');
    await mark(region, 'ca');
    await useResolver(page(), world.doh.url);
    await page().getByLabel('Directory URL').fill(world.stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    assert.equal(await ca.locator('[data-e2e-mark="ca"]').getByText('Connected.').count(), 1, 'the same region now says it');
    // A wrong name is an error: said assertively.
    await page().getByLabel("I agree to the CA's terms of service").check();
    await page().getByLabel('Domain names').fill('bad_name..example.com');
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().locator('#names-err').getByRole('alert').getByText(/bad_name\.\.example\.com/).waitFor();
    assert.deepEqual(await nestedLiveRegions(page()), []);
  });

  test('a copy button says what it copied; a re-check that finds the same says nothing again', async () => {
    const name = zone('said');
    await page().getByLabel('Domain names').fill(name);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    await card(name).getByRole('radio', { name: /DNS-01/ }).check();
    // These look at the card's own check states: the switch that tells the CA by itself is turned off first.
    const auto = page().getByLabel('Tell the CA by itself once every resolver sees the record');
    if (await auto.isChecked()) await auto.uncheck();
    await card(name).getByRole('textbox', { name: 'Record value', exact: true }).waitFor();

    const copy = card(name).locator('cp-copy', { has: page().getByRole('button', { name: 'Copy Record value' }) });
    const said = copy.getByRole('status');
    await mark(said, 'copy');
    await card(name).getByRole('button', { name: 'Copy Record value' }).click();
    await copy.locator('[data-e2e-mark="copy"]').getByText('Copied Record value').waitFor();
    const value = await card(name).getByRole('textbox', { name: 'Record value', exact: true }).textContent();
    assert.equal(await page().evaluate(() => navigator.clipboard.readText()), value);

    // Not found yet: the card checks again on its own (5 s, then 10 s); the live region says it once.
    const check = card(name).getByRole('group', { name: `Check for ${name}` }).getByRole('status');
    await check.getByText(/^Not found yet/).waitFor({ timeout: 15_000 });
    const changes = await countChanges(check);
    const busy = card(name).locator('.badge.busy', { hasText: 'Checking…' });
    const asked = world.doh.queries;
    await until(() => world.doh.queries > asked, 'the card checked again on its own');
    await busy.waitFor({ state: 'detached', timeout: 15_000 });
    await card(name).getByRole('button', { name: 'Check now' }).click();
    await busy.waitFor({ state: 'detached', timeout: 15_000 });
    await check.getByText(/^Not found yet/).waitFor();
    assert.deepEqual(await changes(), [], 'checking again and finding the same is not said again');

    const recordName = await card(name).getByRole('textbox', { name: 'Record name', exact: true }).textContent() ?? '';
    await world.stack.setTxt(recordName, value ?? '');
    await card(name).getByRole('button', { name: 'Check now' }).click();
    await check.getByText('Found: seen by 1 of 1 resolver.').waitFor({ timeout: 15_000 });
    assert.deepEqual(await changes(), [`${name}: Found: seen by 1 of 1 resolver.`], 'the news is said once');
    assert.deepEqual(await nestedLiveRegions(page()), []);
    await world.stack.clearTxt(recordName);
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await page().getByLabel('Domain names').waitFor();
  });

  test('with prefers-reduced-motion, nothing animates or transitions', async () => {
    await page().emulateMedia({ reducedMotion: 'reduce' });
    try {
      const moving = await page().evaluate(() => {
        const out: string[] = [];
        const walk = (node: ParentNode) => {
          for (const el of Array.from(node.children)) {
            for (const pseudo of [null, '::before', '::after']) {
              const s = getComputedStyle(el, pseudo);
              const long = (v: string) => v.split(',').some((d) => Number.parseFloat(d) > 0);
              if (long(s.transitionDuration) || (s.animationName !== 'none' && long(s.animationDuration))) {
                out.push(`${el.tagName.toLowerCase()}${pseudo ?? ''}: transition ${s.transitionDuration}, animation ${s.animationName} ${s.animationDuration}`);
              }
            }
            if (el.shadowRoot) walk(el.shadowRoot);
            walk(el);
          }
        };
        walk(document);
        return [...out, ...document.getAnimations().map((a) => `running animation ${a.constructor.name}`)];
      });
      assert.deepEqual(moving, []);
    } finally {
      await page().emulateMedia({ reducedMotion: null });
    }
  });
});
