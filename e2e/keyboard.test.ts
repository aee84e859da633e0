// The page with the keyboard alone: Tab, Shift+Tab, Enter, Space and the arrow keys of radio groups; no mouse, no
// locator.click or fill. Where focus is, is read through the shadow roots (document.activeElement, then each
// shadowRoot.activeElement). Every stop on the way must show a focus ring. A new view puts focus on its heading.
// (a) the two-name HTTP-01 issuance (the files placed with the copied command), (b) a renewal from My certificates,
// (c) a backup, the browser's storage wiped, and the restore (the file chooser answered through Playwright).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page, FileChooser } from 'playwright-core';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import { describeFocus, focused, type Focused } from './support/a11y.ts';
import { settled } from './support/axe.ts';
import { runShellCommand, waitingCards } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;
const PASS = 'correct horse battery staple';

/** A focus ring the eye can see: :focus-visible matches and an outline of at least 2 px is drawn. */
function ringProblem(f: Focused): string | undefined {
  const [style = 'none', width = '0px'] = f.outline.split(' ');
  if (!f.visible) return `${describeFocus(f)} has focus but :focus-visible does not match`;
  if (style === 'none' || Number.parseFloat(width) < 2) return `${describeFocus(f)} shows no focus ring (outline: ${f.outline})`;
  return undefined;
}

/** Press Tab (or Shift+Tab) until `want` has focus; every stop on the way must show its focus ring. */
async function tabTo(page: Page, what: string, want: (f: Focused) => boolean, opts: { back?: boolean; max?: number } = {}): Promise<Focused> {
  const key = opts.back ? 'Shift+Tab' : 'Tab';
  const path: string[] = [];
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    path.push(describeFocus(f));
    if (f) {
      const problem = ringProblem(f);
      assert.equal(problem, undefined, problem);
    }
    if (f && want(f)) return f;
  }
  throw new Error(`${what}: not reached with ${key}; focus went ${path.join(' → ')}`);
}

/** Marks the focused element (through shadow roots); true when it was marked before, i.e. focus came round again. */
function visitedBefore(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!(el instanceof HTMLElement)) return false;
    if (el.dataset.e2eStop) return true;
    el.dataset.e2eStop = '1';
    return false;
  });
}

const named = (name: string | RegExp, tag?: string) => (f: Focused) =>
  (typeof name === 'string' ? f.name === name : name.test(f.name)) && (!tag || f.tag === tag);

/** Waits (frame by frame, as the page renders) until focus is where `want` says. */
async function focusLandsOn(page: Page, what: string, want: (f: Focused) => boolean, timeoutMs = 30_000): Promise<Focused> {
  const until = Date.now() + timeoutMs;
  let last: Focused | undefined;
  while (Date.now() < until) {
    last = await focused(page);
    if (last && want(last)) return last;
    await settled(page);
  }
  throw new Error(`${what}: focus stayed on ${describeFocus(last)}`);
}

describe('the keyboard alone', () => {
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
  });
  after(() => world?.close());

  const page = () => world.browser.page;

  /** Copy a value with its Copy button (Enter); returns what the clipboard got, after the page said it was copied. */
  async function copyWithKeyboard(label: string): Promise<string> {
    await tabTo(page(), `Copy ${label}`, named(`Copy ${label}`, 'button'));
    await page().keyboard.press('Enter');
    await page().getByRole('status').filter({ hasText: `Copied ${label}` }).waitFor();
    return page().evaluate(() => navigator.clipboard.readText());
  }

  /**
   * From the cards: place what they ask for (the one command, or a lone waiting card's own file), submit, and wait
   * for the certificate. A renewal can find one card waiting instead of two: Pebble reuses a validation now and then
   * even at authzReuse 0 (test/support/pebble.ts).
   */
  async function proveCards(): Promise<void> {
    if (await waitingCards(page()).count() === 1) {
      await world.stack.addHttp01(await copyWithKeyboard('File name'), await copyWithKeyboard('File content'));
      await tabTo(page(), "the card's submit", named('The file is in place', 'button'));
    } else {
      const files = runShellCommand(await copyWithKeyboard('Command for all files'));
      for (const [token, body] of files) await world.stack.addHttp01(token, body);
      await tabTo(page(), 'submit all', named('All in place: submit all', 'button'));
    }
    await page().keyboard.press('Enter');
    await focusLandsOn(page(), 'the result', named('Your certificate is ready', 'h2'));
  }

  test('every stop of the page shows a focus ring: fields, radios, checkbox, summaries, file pickers', async () => {
    await page().goto(world.app.url);
    await page().getByLabel('Directory URL').waitFor();
    await tabTo(page(), 'the directory URL', named('Directory URL', 'input'));
    // Pasted, as a directory URL usually is (copied from the CA's documentation): Ctrl+V.
    await page().evaluate((url) => navigator.clipboard.writeText(url), world.stack.directoryUrl);
    await page().keyboard.press('ControlOrMeta+V');
    await page().getByText('Connected.').waitFor();
    // The panels that hold file pickers, opened from their summaries.
    for (const summary of [/^Revoke a certificate not stored here/, /^Backup and restore/, /^Make a key and CSR/]) {
      await tabTo(page(), 'a panel', named(summary, 'summary'));
      await page().keyboard.press('Enter');
    }
    await page().locator('cp-backup').getByLabel('Backup file').waitFor();
    await page().locator('cp-csr-tool').getByLabel('Names for the CSR').waitFor();

    // Once round the whole page: on to its end, past the browser's own controls, and from the top back to here.
    const kinds = new Set<string>();
    const stops: string[] = [];
    for (let i = 0; i < 300; i++) {
      await page().keyboard.press('Tab');
      const f = await focused(page());
      if (!f) continue; // past the last stop: the browser's own controls, then the top of the page
      if (await visitedBefore(page())) break; // round again
      const where = describeFocus(f);
      stops.push(where);
      assert.equal(ringProblem(f), undefined, ringProblem(f));
      kinds.add(f.tag === 'input' ? `input ${f.kind}` : f.tag);
    }
    console.log(`[e2e] ${stops.length} tab stops, each with a visible focus ring: ${[...kinds].sort().join(', ')}\n  ${stops.join('\n  ')}`);
    // (Links get the same ring; Pebble's terms are a data: URL, shown as text, so none is on the page here.)
    for (const kind of ['button', 'input checkbox', 'input file', 'input password', 'input radio', 'input url', 'select', 'summary', 'textarea']) {
      assert.ok(kinds.has(kind), `a ${kind} was among the stops`);
    }
  });

  test('(a) two names over HTTP-01 with a new account, by keyboard', async () => {
    const names = [zone('www'), zone('api')];
    await page().reload();
    await page().getByText('Connected.').waitFor(); // the directory typed before is kept
    await tabTo(page(), 'the directory URL', named('Directory URL', 'input'));
    // The account key: Locked is chosen; the arrow key moves to Exportable (the backup in (c) can then hold it).
    const locked = await tabTo(page(), 'the custody radios', (f) => f.kind === 'radio');
    assert.match(locked.name, /^Locked to this browser/);
    await page().keyboard.press('ArrowDown');
    assert.match((await focused(page()))?.name ?? '', /^Exportable for backup/);
    assert.equal(await page().getByLabel(/Exportable for backup/).isChecked(), true, 'the arrow key chose it');
    await tabTo(page(), 'the terms', (f) => f.kind === 'checkbox' && /terms of service/.test(f.name));
    await page().keyboard.press('Space');
    assert.equal(await page().getByLabel("I agree to the CA's terms of service").isChecked(), true);
    await tabTo(page(), 'the names', named('Domain names', 'textarea'));
    await page().keyboard.type(names.join('\n'));

    // The page asks before any DNS look-up; the answer takes the focus where the question was.
    await tabTo(page(), 'the DNS question', named('No DNS checks', 'button'));
    await page().keyboard.press('Enter');
    await focusLandsOn(page(), 'the answer', named(/^No DNS checks: check your records yourself/));
    await tabTo(page(), 'Create order', named('Create order', 'button'));
    await page().keyboard.press('Enter');
    await focusLandsOn(page(), 'the cards', named('Prove you control these 2 names', 'h2'));

    await proveCards();
    await world.browser.shot('keyboard result');
    // Files: privkey.pem forward with Tab, then back to fullchain.pem with Shift+Tab.
    await tabTo(page(), 'privkey.pem', named('Download privkey.pem', 'button'));
    await page().keyboard.press('Enter');
    await tabTo(page(), 'fullchain.pem', named('Download fullchain.pem', 'button'), { back: true });
    await page().keyboard.press('Enter');
    const fullchain = readFileSync(await world.browser.waitForDownload('fullchain.pem'), 'utf8');
    const privkey = readFileSync(await world.browser.waitForDownload('privkey.pem'), 'utf8');
    assert.match(verifyChain(fullchain, await world.stack.issuerPems()), /OK/);
    assert.equal(openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': privkey }), openssl(['x509', '-in', 'c.pem', '-noout', '-pubkey'], { 'c.pem': fullchain }));
  });

  test('(b) a renewal from My certificates, by keyboard', async () => {
    const mine = page().getByRole('region', { name: 'My certificates' });
    await tabTo(page(), 'Renew', named('Renew', 'button'));
    await page().keyboard.press('Enter');
    const fresh = await tabTo(page(), 'the key choice', (f) => f.kind === 'radio');
    assert.equal(fresh.name, 'New key (recommended)');
    await page().keyboard.press('ArrowDown');
    assert.equal(await mine.getByLabel('Keep the key').isChecked(), true, 'the arrow key chose it');
    await tabTo(page(), 'Renew now', named('Renew now', 'button'));
    await page().keyboard.press('Enter');
    await focusLandsOn(page(), 'the renewal\'s cards', named('Prove you control these 2 names', 'h2'));
    await proveCards();
    await mine.locator('.badge', { hasText: /^replaced$/ }).waitFor();
    await mine.locator('.badge', { hasText: /^fine$/ }).waitFor();
  });

  test('(c) a backup, then a restore from the file into an empty browser, by keyboard', async () => {
    const backup = page().locator('cp-backup');
    await tabTo(page(), 'the backup panel', named(/^Backup and restore/, 'summary'));
    await page().keyboard.press('Enter');
    await tabTo(page(), 'the passphrase', named('Passphrase', 'input'));
    await page().keyboard.type(PASS);
    await page().keyboard.press('Tab');
    assert.equal((await focused(page()))?.name, 'Passphrase again');
    await page().keyboard.type(PASS);
    await tabTo(page(), 'the download', named('Download encrypted backup', 'button'));
    await page().keyboard.press('Enter');
    const saved = backup.getByRole('status').getByText(/^Saved certpage-backup-.*: 1 account, 2 certificates/);
    await saved.waitFor({ timeout: 30_000 });
    // The page says it saved the file as soon as it handed it to the browser; the download lands a moment later.
    const name = /^Saved (\S+\.certpage-backup):/.exec((await saved.textContent()) ?? '')?.[1];
    assert.ok(name, 'the page named the backup file');
    const file = await world.browser.waitForDownload(name, 30_000);

    // Another browser, as far as the page can tell: its storage is gone.
    await page().evaluate(() => new Promise<void>((ok, fail) => {
      const req = indexedDB.deleteDatabase('certpage');
      req.onsuccess = () => ok();
      req.onerror = () => fail(new Error('deleteDatabase failed'));
    }));
    await page().reload();
    await page().getByRole('region', { name: 'My certificates' }).getByText('None yet.').waitFor();

    await tabTo(page(), 'the backup panel', named(/^Backup and restore/, 'summary'));
    await page().keyboard.press('Enter');
    await tabTo(page(), 'the file picker', (f) => f.kind === 'file' && f.name === 'Backup file');
    // Enter on the focused file picker opens the chooser; on a loaded machine the first press can land while the
    // lazily loaded panel is still settling, so a user (and this test) presses it again while focus is still there.
    let chooser: FileChooser | undefined;
    for (let tries = 0; !chooser && tries < 4; tries++) {
      assert.equal((await focused(page()))?.kind, 'file', 'the file picker still has the focus');
      [chooser] = await Promise.all([page().waitForEvent('filechooser', { timeout: 15_000 }).catch(() => undefined), page().keyboard.press('Enter')]);
    }
    assert.ok(chooser, 'Enter on the file picker opened the file chooser');
    await chooser.setFiles(file);
    await page().keyboard.press('Tab');
    assert.equal((await focused(page()))?.name, 'Its passphrase');
    await page().keyboard.type(PASS);
    await tabTo(page(), 'Restore', named('Restore', 'button'));
    await page().keyboard.press('Enter');
    await backup.getByRole('status').getByText(/^Restored 1 account and 2 certificates/).waitFor({ timeout: 30_000 });
    const rows = page().getByRole('region', { name: 'My certificates' }).locator('tbody tr').filter({ has: page().locator('td.names') });
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.deepEqual(world.browser.blocked, []);
    assert.deepEqual(world.browser.errors, []);
  });
});
