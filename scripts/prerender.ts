// `npm run prerender`: writes the prerendered form (index.html's copy of the setup form, src/ui/prerender.css) from
// what the app renders now. Builds the page into a temporary folder, opens it in Debian's Chromium on loopback as a
// new English-reading visitor, and flattens the header and setup form out of their shadow roots
// (e2e/support/prerender.ts). Run it after changing the setup form's markup, wording or styles; e2e/prerender.test.ts
// fails until it has been run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { openBrowser } from '../e2e/support/browser.ts';
import { snapshot, writePrerender } from '../e2e/support/prerender.ts';
import { serveDir } from '../e2e/support/static-server.ts';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'certpage-prerender-'));
try {
  await build({ root, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const server = await serveDir(out);
  const browser = await openBrowser({ serviceWorkers: 'block', name: 'prerender' });
  try {
    await browser.page.goto(server.url);
    await waitForApp(browser.page);
    const p = await snapshot(browser.page);
    writePrerender(p);
    console.log(`prerender: ${p.html.length} characters of HTML into index.html, ${p.css.length} of CSS into src/ui/prerender.css`);
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

/** The app has taken the page over: its setup form is shown and the prerendered copy is gone. */
async function waitForApp(page: import('playwright-core').Page): Promise<void> {
  await page.locator('cp-setup #dir').waitFor();
  await page.waitForFunction(() => !document.getElementById('prerender'));
}
