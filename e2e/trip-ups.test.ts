// What a new user trips over (issue 15): cards that move, a button that does nothing, a failure that leaves stale
// states, and words that do not say what happened. Each as the user meets it, against the real Pebble.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCaProxy } from '../test/support/ca-proxy.ts';
import type { Page } from 'playwright-core';
import { openBrowser } from './support/browser.ts';
import { connectToCa, runShellCommand, useResolver, User } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

/** Tick the terms when the form asks for a new account (a stored account needs none). */
async function agreeIfAsked(page: Page): Promise<void> {
  const agree = page.getByLabel("I agree to the CA's terms of service");
  if (await agree.count() && !(await agree.isChecked())) await agree.check();
}

/** Back to the form, leaving whatever order an earlier test left open. */
async function toForm(page: Page): Promise<void> {
  // The form shows at once; wait until the page has looked for an order a reload left.
  await page.locator('cp-app main[aria-busy="false"]').waitFor();
  const leave = page.getByRole('button', { name: /^(Start a new order|Get another certificate)$/ });
  await page.getByLabel('Directory URL').or(leave).first().waitFor();
  if (await leave.count()) await leave.first().click();
  await page.getByLabel('Directory URL').waitFor();
}

/** The names on the cards, top to bottom, as they are at this moment. */
function cardOrder(page: Page): Promise<string[]> {
  return page.locator('cp-challenges section.card h3.mono').allTextContents();
}

describe('what a user trips over', () => {
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
  });
  after(() => world?.close());

  const page = () => world.browser.page;

  test('Create order always starts something or says why, next to the field at fault', async () => {
    await page().goto(world.app.url);
    await useResolver(page(), world.doh.url);
    await page().getByLabel('CA', { exact: true }).selectOption({ label: 'Other ACME CA (enter its directory URL)' });
    await page().getByLabel('Directory URL').fill('');
    await page().getByLabel("I agree to the CA's terms of service").check();
    await page().getByLabel('Domain names').fill(zone('silent'));
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().locator('#ca-state').getByText('Choose a CA from the list, or paste its ACME directory URL.').waitFor();
    assert.equal(await page().evaluate(() => document.querySelector('cp-app')?.shadowRoot?.querySelector('cp-setup')?.shadowRoot?.activeElement?.id), 'dir', 'the field at fault has the focus');
    await world.browser.shot('empty directory url');

    // A plain-http CA (the page's own policy would block it) is named as such, not as "no answer".
    await page().getByLabel('Directory URL').fill('http://acme.example.net/directory');
    await page().getByText('The directory URL must start with https://.').waitFor();
    assert.deepEqual(world.browser.blocked, [], 'nothing was sent there');
  });

  test('names are sent as shown: a final dot dropped, capitals lowered, each said', async () => {
    await page().getByLabel('Domain names').fill(`Shown-${run}.Example.COM.`);
    const shown = page().getByRole('list', { name: 'Names as sent to the CA' });
    await shown.getByText(`Shown-${run}.Example.COM. → shown-${run}.example.com`).waitFor();
    await shown.getByText('the final dot is dropped').waitFor();
  });

  test('cards keep the order the names were typed, across a reload and in a second tab', async () => {
    const user = new User(page());
    await user.fill(page().getByLabel('Directory URL'), world.stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    const typed = [zone('charlie'), zone('alpha'), zone('bravo')];
    await user.fill(page().getByLabel('Domain names'), typed.join('\n'));
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control these 3 names' }).waitFor();
    assert.deepEqual(await cardOrder(page()), typed);
    await page().reload();
    await page().getByRole('heading', { name: 'Prove you control these 3 names' }).waitFor();
    assert.deepEqual(await cardOrder(page()), typed, 'the first view after a reload');
    // And they stay put while the page asks the CA where things stand.
    await page().getByRole('button', { name: 'All in place: submit all' }).waitFor();
    assert.deepEqual(await cardOrder(page()), typed);
    const two = await world.browser.context.newPage();
    await two.goto(world.app.url);
    await two.getByRole('heading', { name: 'Prove you control these 3 names' }).waitFor();
    assert.deepEqual(await cardOrder(two), typed, 'a second tab lists them the same way');
    await two.close();
  });

  test('after a failure every card shows its real end and the step bar says where it failed', async () => {
    // Only the first name's file is placed; the other two never are.
    const files = runShellCommand(await new User(page()).copy(page(), 'Command for all files'));
    const [first] = files;
    if (!first) throw new Error('no file');
    await world.stack.addHttp01(first[0], first[1]);
    await page().getByRole('button', { name: 'All in place: submit all' }).click();
    await page().getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 60_000 });
    await page().getByText('2. Prove control (failed)').waitFor();
    assert.equal(await page().getByText('The CA is checking…').count(), 0, 'no card left checking');
    const badges = await page().locator('cp-challenges section.card .badge').allTextContents();
    assert.ok(badges.includes('Failed'), `badges: ${badges.join(', ')}`);
    assert.ok(badges.every((b) => ['Failed', 'Valid', 'Not checked: the order ended'].includes(b)), `badges: ${badges.join(', ')}`);
    await world.browser.shot('failed, each card its end');
  });

  test("an apex name's DNS hint names the record once", async () => {
    await page().getByRole('button', { name: 'Start a new order' }).click();
    // A zone's own name (two labels): the record's short name and its name relative to the zone are the same.
    const apex = `apex-${run}.test`;
    await page().getByLabel('Domain names').fill(`*.${apex}`);
    await page().getByRole('button', { name: 'Create order' }).click();
    const card = page().getByRole('region', { name: `*.${apex}`, exact: true });
    await card.getByText('Some panels want only').waitFor();
    const hint = (await card.getByText('Some panels want only').textContent()) ?? '';
    assert.match(hint, /want only _acme-challenge as the name/);
  });

  test('a new order whose names the CA all reused says so (and asks nothing)', async () => {
    // Pebble reuses every valid authorization of this account here.
    const reuse = await startWorld({ pebble: { authzReuse: 100 } });
    try {
      const p = reuse.browser.page;
      const user = new User(p);
      await p.goto(reuse.app.url);
      await useResolver(p, reuse.doh.url);
      await connectToCa(user, reuse.stack.directoryUrl);
      const names = [zone('reused'), zone('www-reused')];
      await user.fill(p.getByLabel('Domain names'), names.join('\n'));
      await user.click(p.getByRole('button', { name: 'Create order' }));
      const files = runShellCommand(await user.copy(p, 'Command for all files'));
      for (const [token, body] of files) await reuse.stack.addHttp01(token, body);
      await user.click(p.getByRole('button', { name: 'All in place: submit all' }));
      await p.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
      await p.getByRole('button', { name: 'Get another certificate' }).click();
      await p.getByRole('button', { name: 'Create order' }).click();
      await p.getByText(`No challenge needed: the CA reused this account's earlier validation of all 2 names.`).waitFor({ timeout: 60_000 });
      await p.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    } finally {
      await reuse.close();
    }
  });

  test("a CA whose certificate the browser does not trust: the words say so and how to check", async () => {
    const strict = await openBrowser({ name: 'trip-ups', ignoreHTTPSErrors: false });
    try {
      const p = strict.page;
      await p.goto(world.app.url);
      await p.getByLabel('Directory URL').fill(world.stack.directoryUrl);
      await p.getByText("this browser may not trust the CA's certificate").waitFor();
      await p.getByText(`open ${new URL(world.stack.directoryUrl).origin} once in a new tab`).waitFor();
      await strict.shot('untrusted CA certificate');
    } finally {
      await strict.close();
    }
  });

  test('a CSR with an RSA 1024 key is named and refused before ordering, with the way out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certpage-weak-'));
    const name = zone('weak');
    execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr',
      '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name}`], { cwd: dir, stdio: 'ignore' });
    const csr = readFileSync(join(dir, 'req.csr'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    await page().goto(world.app.url);
    await toForm(page());
    await page().getByLabel('Directory URL').fill(world.stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    await page().getByLabel('Certificate key').selectOption({ label: 'My own CSR (the key stays on my server)' });
    await page().getByLabel('CSR (PEM)').fill(csr);
    await page().getByText(`The CSR names: ${name} (RSA 1024 key).`).waitFor();
    await page().getByText("The CSR's key is RSA 1024, which CAs refuse").waitFor();
    await agreeIfAsked(page());
    await world.browser.shot('weak csr key');
    await page().getByRole('button', { name: 'Create order' }).click();
    // The press is answered: the CSR box gets the focus, next to its problem; no order is made.
    await page().waitForFunction(() => {
      let el: Element | null | undefined = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id === 'csr';
    });
    assert.equal(await page().getByRole('heading', { name: /Prove you control/ }).count(), 0, 'no order was made');
    assert.equal(await page().getByText("The CSR's key is RSA 1024, which CAs refuse").count(), 1);
    await page().getByLabel('Certificate key').selectOption({ label: 'New ECDSA P-256 (recommended)' });
  });

  test('30 names: a modest pace towards the CA, one poll of the order instead of one per name', async () => {
    const proxy = await startCaProxy(world.stack.directoryUrl);
    try {
      const user = new User(page());
      await page().goto(world.app.url);
      await toForm(page());
      await user.fill(page().getByLabel('Directory URL'), proxy.directoryUrl);
      await page().getByText('Connected.').waitFor();
      await page().getByLabel('Certificate key').selectOption({ label: 'New ECDSA P-256 (recommended)' });
      await agreeIfAsked(page());
      const names = Array.from({ length: 30 }, (_, i) => zone(`burst${i}`));
      await user.fill(page().getByLabel('Domain names'), names.join('\n'));
      await user.click(page().getByRole('button', { name: 'Create order' }));
      await page().getByRole('heading', { name: 'Prove you control these 30 names' }).waitFor({ timeout: 60_000 });
      const files = runShellCommand(await user.copy(page(), 'Command for all files'));
      for (const [token, body] of files) await world.stack.addHttp01(token, body);
      await user.click(page().getByRole('button', { name: 'All in place: submit all' }));
      await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 120_000 });
      const log = proxy.log.filter((r) => r.path !== '/dir');
      const perSecond = new Map<number, number>();
      for (const r of log) perSecond.set(Math.floor(r.at / 1000), (perSecond.get(Math.floor(r.at / 1000)) ?? 0) + 1);
      const peak = Math.max(...perSecond.values());
      const authzPolls = log.filter((r) => r.method === 'POST' && r.path.startsWith('/authZ/')).length;
      const nonces = log.filter((r) => r.path.startsWith('/nonce-plz')).length;
      console.log(`[e2e] 30 names: ${log.length} requests to the CA, peak ${peak} in one second, ${authzPolls} authorization reads, ${nonces} new-nonce`);
      assert.ok(peak <= 20, `at most 20 requests in any second (peak ${peak})`);
      assert.ok(authzPolls <= 40, `each authorization read about once, not polled (${authzPolls})`);
      assert.ok(log.length < 120, `far fewer requests than 327 (${log.length})`);
    } finally {
      await proxy.close();
    }
  });
});

