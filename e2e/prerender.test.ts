// The prerendered form (issue 12, time to interactive): index.html holds a copy of the setup form that the browser
// paints before any of the page's code has run, and the app takes over whatever the visitor did in it meanwhile.
// The app's code is held back with route() (a request left unanswered) to make "meanwhile" as long as a test needs.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { distDir, startApp } from './support/app.ts';
import { openBrowser, type Browser, type OpenBrowserOptions } from './support/browser.ts';
import { committedCss, committedHtml, cssFile, snapshot } from './support/prerender.ts';
import type { StaticServer } from './support/static-server.ts';
import { runShellCommand } from './support/user.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

/** The chunk that holds the app (main.ts, the shell, the setup form): boot.ts imports it after the first paint. */
const appChunk = readdirSync(join(distDir, 'assets')).find((f) => /^base-[\w-]+\.js$/.test(f));

/** Leaves the app's chunk unanswered until `release()`; `abort()` makes it fail as offline would. */
async function holdApp(page: Page): Promise<{ release(): void; abort(): void }> {
  assert.ok(appChunk, 'dist/assets has the app chunk (base-*.js)');
  const held: Route[] = [];
  let mode: 'hold' | 'pass' | 'fail' = 'hold';
  await page.route(`**/assets/${appChunk}`, (route) => {
    if (mode === 'hold') held.push(route);
    else void (mode === 'pass' ? route.fallback() : route.abort('internetdisconnected'));
  });
  return {
    release: () => { mode = 'pass'; for (const r of held.splice(0)) void r.fallback(); },
    abort: () => { mode = 'fail'; for (const r of held.splice(0)) void r.abort('internetdisconnected'); },
  };
}

/** A fresh browser for one test (no service worker, so route() sees every request), closed whatever happens. */
async function inBrowser(opts: OpenBrowserOptions, use: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await openBrowser({ serviceWorkers: 'block', ...opts });
  try {
    await use(browser);
  } finally {
    await browser.close();
  }
}

/** The app has taken the page over: the copy is gone and <cp-setup> is there. */
async function appRunning(page: Page): Promise<void> {
  await page.locator('cp-setup #dir').waitFor();
  await page.waitForFunction(() => !document.getElementById('prerender'));
}

describe('the prerendered form', () => {
  let stack: PebbleStack;
  let app: StaticServer;

  before(async () => {
    stack = await startPebble({ authzReuse: 0 });
    app = await startApp();
  });
  after(async () => {
    await app?.close();
    await stack?.stop();
  });

  test('is in the HTML: the form shows and takes input with no script run at all', async (t) => {
    await inBrowser({ javaScriptEnabled: false }, async (browser) => {
      const { page } = browser;
      await page.goto(app.url);
      const dir = page.getByLabel('Directory URL');
      await dir.waitFor();
      assert.ok(await dir.isEditable(), 'the Directory URL field can be typed in');
      assert.ok(await page.getByRole('button', { name: 'Create order' }).isEnabled());
      assert.ok(await page.getByLabel('Domain names').isEditable());
      assert.ok(await page.getByRole('heading', { name: 'Certificate authority' }).isVisible());
      t.diagnostic(`screenshot: ${await browser.shot('no-script')}`);
    });
  });

  test('matches what the app renders (else run `npm run prerender`)', async () => {
    await inBrowser({}, async (browser) => {
      await browser.page.goto(app.url);
      await appRunning(browser.page);
      const now = await snapshot(browser.page);
      const hint = 'index.html\'s prerendered form is out of date: run `npm run prerender` and commit index.html and src/ui/prerender.css';
      assert.equal(committedHtml(), now.html.trim(), hint);
      assert.equal(committedCss(), cssFile(now.css), hint);
      assert.deepEqual(browser.errors, [], 'no errors in the page');
    });
  });

  test('sits exactly where the app puts the form: nothing moves when the app takes over', async () => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      const gate = await holdApp(page);
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      const boxes = () => Promise.all(['Directory URL', 'Domain names', 'E-mail (optional)'].map((l) => page.getByLabel(l).boundingBox()))
        .then(async (b) => [...b, await page.getByRole('button', { name: 'Create order' }).boundingBox()]);
      await page.locator('#prerender #dir').waitFor();
      const before = await boxes();
      gate.release();
      await appRunning(page);
      assert.deepEqual(await boxes(), before);
    });
  });

  test('what the visitor types and presses before the app runs is kept, and Create order is acted on', async (t) => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      const gate = await holdApp(page);
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      const names = [`early-${Date.now().toString(36)}.example.com`, `www.early-${Date.now().toString(36)}.example.com`];
      // Only the copy exists while the app is held: these reach the prerendered fields.
      await page.locator('#prerender #dir').waitFor();
      await page.getByLabel('Directory URL').fill(stack.directoryUrl);
      await page.getByLabel('E-mail (optional)').fill('early@example.com');
      await page.getByLabel("I agree to the CA's terms of service").check();
      await page.getByLabel('Domain names').fill(names.join('\n'));
      await page.getByRole('button', { name: 'Create order' }).click();
      await page.getByText('Starting…').waitFor();
      t.diagnostic(`screenshot: ${await browser.shot('pressed-early')}`);
      gate.release();
      // The app runs, takes the values over and places the order the visitor asked for.
      await page.getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor({ timeout: 30_000 });
      const command = (await page.getByRole('textbox', { name: 'Command for all files', exact: true }).textContent()) ?? '';
      for (const [token, body] of runShellCommand(command)) await stack.addHttp01(token, body);
      await page.getByRole('button', { name: 'All in place: submit all' }).click();
      await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
      assert.deepEqual(browser.errors, []);
    });
  });

  test('the cursor stays where the visitor was typing, and an untouched field keeps the saved draft', async () => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      // A returning visitor's draft (their names), then a new visit that types an e-mail before the app runs.
      await page.goto(app.url);
      await appRunning(page);
      await page.getByLabel('Directory URL').fill(stack.directoryUrl); // the draft's CA is read again on the next visit
      await page.getByLabel('Domain names').fill('draft.example.com');
      const gate = await holdApp(page);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#prerender #email').waitFor();
      await page.getByLabel('E-mail (optional)').pressSequentially('me@exa');
      gate.release();
      await appRunning(page);
      const state = await page.evaluate(() => {
        const setup = document.querySelector('cp-app')?.shadowRoot?.querySelector('cp-setup')?.shadowRoot;
        const active = setup?.activeElement as HTMLInputElement | null | undefined;
        const names = setup?.querySelector<HTMLTextAreaElement>('#names');
        return { focused: active?.id, value: active?.value, names: names?.value };
      });
      assert.deepEqual(state, { focused: 'email', value: 'me@exa', names: 'draft.example.com' });
      // Typing goes on in the app's field, where it stopped.
      await page.keyboard.type('mple.com');
      assert.equal(await page.getByLabel('E-mail (optional)').inputValue(), 'me@example.com');
    });
  });

  test('a cursor in the middle of the names stays there', async () => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      const gate = await holdApp(page);
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      await page.locator('#prerender #names').waitFor();
      const names = page.getByLabel('Domain names');
      await names.pressSequentially('example.com');
      await page.keyboard.press('Home');
      gate.release();
      await appRunning(page);
      await page.keyboard.type('www.');
      assert.equal(await names.inputValue(), 'www.example.com');
    });
  });

  test('a visitor who reads Chinese never sees the English copy', async () => {
    await inBrowser({ locale: 'zh-CN' }, async (browser) => {
      const { page } = browser;
      const gate = await holdApp(page);
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      await page.locator('#prerender #dir').waitFor({ state: 'attached' });
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-locale-pending')), true);
      assert.equal(await page.getByText('Certificate authority').isVisible(), false, 'the English copy is hidden');
      gate.release();
      await page.getByRole('heading', { name: '证书颁发机构（CA）' }).waitFor();
    });
  });

  test('the first frame painted already holds the whole form, however slowly the HTML comes', async () => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      // Notes, in the first frame the page renders, whether the copy's last field and Create order are there yet.
      await page.addInitScript({ content: `requestAnimationFrame(() => { window.__firstFrame = {
        names: Boolean(document.querySelector('#prerender textarea')),
        button: Boolean(document.querySelector('#prerender .actions button')) }; });` });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      // 4 kB/s: the HTML comes in many pieces, each of which the parser could hand to a frame.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: 4_000, uploadThroughput: 4_000 });
      await page.goto(app.url, { waitUntil: 'commit' });
      const first = await page.waitForFunction(() => (window as { __firstFrame?: unknown }).__firstFrame, undefined, { timeout: 60_000 });
      assert.deepEqual(await first.jsonValue(), { names: true, button: true }, 'a frame was painted before the form was whole');
    });
  });

  test("when the app's code cannot be loaded, the copy says so instead of looking usable", async () => {
    await inBrowser({}, async (browser) => {
      const { page } = browser;
      const gate = await holdApp(page);
      gate.abort();
      await page.goto(app.url, { waitUntil: 'domcontentloaded' });
      await page.getByRole('alert').filter({ hasText: 'certpage could not load its code' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Create order' }).isDisabled(), true);
    });
  });
});
