// The service worker on a shared origin: the hosted page under /certpage/ and another site's page under /other/ of the
// same loopback origin, as on `https://example.github.io/`. The other page can write into certpage's cache (it is
// the same origin); the worker must never run what it wrote. Also: a first visit downloads each file once, the note
// about a shared origin shows under /certpage/ (and from file://) but not at the root of an origin.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { distDir, startApp } from './support/app.ts';
import { openBrowser, workerReady, type Browser } from './support/browser.ts';
import { serveDirs, type StaticServer } from './support/static-server.ts';

const PWNED = 'certpage ran code another page wrote into its cache';

/** A sibling site on the same origin: a plain page with no policy of its own. */
function otherSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-other-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Another project</title><p>Another project on the same host.</p>\n');
  return dir;
}

/** A copy of dist/, so a test can change files the server sends. */
function distCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-dist-'));
  cpSync(distDir, dir, { recursive: true });
  return dir;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The page's entry script, as index.html names it (`assets/index-….js`). */
function entryScript(dir: string): string {
  const src = /<script\b[^>]*\bsrc="\.\/([^"]+\.js)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1];
  assert.ok(src, 'index.html loads a module script');
  return src;
}

/** The lazy chunk that holds a source module (read from the chunks' source maps). */
function chunkOf(dir: string, source: string): string {
  const found = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js.map'))
    .find((f) => (JSON.parse(readFileSync(join(dir, 'assets', f), 'utf8')) as { sources: string[] }).sources.some((s) => s.endsWith(source)));
  assert.ok(found, `a chunk holds ${source}`);
  return `assets/${found.replace(/\.map$/, '')}`;
}

/** Load a page and wait until its service worker controls it (the first install takes over without a reload). */
async function underServiceWorker(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Directory URL').waitFor();
  await workerReady(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * Stop the origin's service workers, as the browser does once a worker has been idle: the next request starts it
 * again with nothing in its memory, so what it serves comes from its cache or the server, checked.
 */
async function stopWorkers(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach();
  }
}

/** From any page of the origin: overwrite entries of certpage's cache (absolute URL → body). Returns the cache name. */
function overwriteCache(page: Page, entries: Record<string, { body: string; type: string }>): Promise<string> {
  return page.evaluate(async (entries) => {
    const name = (await caches.keys()).find((k) => k.startsWith('certpage-'));
    if (!name) throw new Error(`no certpage cache among ${(await caches.keys()).join(', ')}`);
    const cache = await caches.open(name);
    for (const [url, { body, type }] of Object.entries(entries)) await cache.put(url, new Response(body, { headers: { 'content-type': type } }));
    return name;
  }, entries);
}

/** The SHA-256 of what certpage's cache holds for `url` ('' when it holds nothing). */
function cachedDigest(page: Page, url: string): Promise<string> {
  return page.evaluate(async (url) => {
    const name = (await caches.keys()).find((k) => k.startsWith('certpage-'));
    const hit = name ? await (await caches.open(name)).match(url) : undefined;
    if (!hit) return '';
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await hit.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }, url);
}

/** Whether the code written by the "other site" ran: its marker in localStorage or on the document. */
function marker(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('pwned') ?? document.documentElement.getAttribute('data-pwned'));
}

const evilScript = (from: string) =>
  `localStorage.setItem('pwned', ${JSON.stringify(from)}); document.documentElement.setAttribute('data-pwned', ${JSON.stringify(from)});\n`;
const evilPage = `<!doctype html><html data-pwned="index.html"><title>certpage</title>
<script>localStorage.setItem('pwned', 'index.html')</script><p>Not certpage.</p></html>\n`;

describe('another page on the same origin rewrites certpage\'s service-worker cache', () => {
  let dir: string;
  let other: string;
  let server: StaticServer;
  let browser: Browser;
  const at = (path: string) => new URL(path, server.url).href;

  before(async () => {
    dir = distCopy();
    other = otherSite();
    server = await serveDirs({ '/certpage/': dir, '/other/': other });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(other, { recursive: true, force: true });
  });

  test('what it wrote is never run: the page works and the entries are replaced by the real files', async () => {
    const page = browser.page;
    const script = entryScript(dir);
    await underServiceWorker(page, at('/certpage/'));

    // 1. The main script only.
    await page.goto(at('/other/'));
    await overwriteCache(page, { [at(`/certpage/${script}`)]: { body: evilScript('index.js'), type: 'text/javascript' } });
    assert.notEqual(await cachedDigest(page, at(`/certpage/${script}`)), sha256(readFileSync(join(dir, script))), 'the cache was changed');
    await page.goto(at('/certpage/'));
    assert.equal(await marker(page), null, PWNED);
    await page.getByLabel('Directory URL').waitFor();
    assert.equal(await marker(page), null, PWNED);
    assert.equal(await cachedDigest(page, at(`/certpage/${script}`)), sha256(readFileSync(join(dir, script))), 'index.js in the cache is the real one again');
    await browser.shot('after index.js was overwritten');

    // 2. index.html (with an inline script and no policy) and the main script.
    await page.goto(at('/other/'));
    await overwriteCache(page, {
      [at('/certpage/index.html')]: { body: evilPage, type: 'text/html' },
      [at(`/certpage/${script}`)]: { body: evilScript('index.js'), type: 'text/javascript' },
    });
    await page.goto(at('/certpage/'));
    assert.equal(await marker(page), null, PWNED);
    await page.getByLabel('Directory URL').waitFor();
    await page.reload(); // and once more, from the cache the worker has just repaired
    await page.getByLabel('Directory URL').waitFor();
    assert.equal(await marker(page), null, PWNED);
    assert.equal(await cachedDigest(page, at('/certpage/index.html')), sha256(readFileSync(join(dir, 'index.html'))));
    assert.equal(await cachedDigest(page, at(`/certpage/${script}`)), sha256(readFileSync(join(dir, script))));
    assert.deepEqual(browser.errors, []);
    assert.deepEqual(browser.blocked, []);
  });

  test('when the server\'s copy is wrong too, the file is refused and the page says it could not load it', async () => {
    const page = browser.page;
    const chunk = chunkOf(dir, 'src/ui/csr-tool.ts');
    const real = readFileSync(join(dir, chunk));
    await underServiceWorker(page, at('/certpage/'));
    await page.goto(at('/other/'));
    await overwriteCache(page, { [at(`/certpage/${chunk}`)]: { body: evilScript('lazy chunk, cached'), type: 'text/javascript' } });
    writeFileSync(join(dir, chunk), evilScript('lazy chunk, from the server'));
    // A running worker still holds the copy it checked (the page loads this chunk at idle) and would serve that.
    await stopWorkers(page);
    try {
      await page.goto(at('/certpage/'));
      const tool = page.getByRole('region', { name: 'Make a key and CSR' });
      await tool.getByText('Make a key and CSR').click();
      await tool.getByText('Part of the page could not be loaded.').waitFor();
      await browser.shot('lazy chunk refused');
      assert.equal(await marker(page), null, PWNED);
      assert.equal(await cachedDigest(page, at(`/certpage/${chunk}`)), '', 'the changed entry was dropped, and nothing changed was cached');
    } finally {
      writeFileSync(join(dir, chunk), real);
    }

    // The server has the right file again: the next visit loads it, checks it and caches it.
    await page.reload();
    const tool = page.getByRole('region', { name: 'Make a key and CSR' });
    await tool.getByText('Make a key and CSR').click();
    await tool.getByRole('button', { name: 'Make key and CSR' }).waitFor();
    assert.equal(await cachedDigest(page, at(`/certpage/${chunk}`)), sha256(real));
    assert.equal(await marker(page), null, PWNED);
    assert.deepEqual(browser.errors, []);
  });

  test('the note: under /certpage/ the page says its origin is shared; hidden for this tab once dismissed', async () => {
    const page = browser.page;
    await page.goto(at('/certpage/'));
    const note = page.getByRole('note');
    await note.getByText('This page shares its address with other pages').waitFor();
    assert.match(await note.innerText(), new RegExp(`Any other page of ${new URL(server.url).origin.replaceAll('.', '\\.')} can read the accounts and certificates kept here and use their keys`));
    await browser.shot('origin note');
    await note.getByRole('button', { name: 'Hide for this visit' }).click();
    await note.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByLabel('Directory URL').waitFor();
    assert.equal(await page.getByRole('note').count(), 0, 'still hidden after a reload in the same tab');

    const tab = await browser.context.newPage();
    await tab.goto(at('/certpage/'));
    await tab.getByRole('note').getByText('This page shares its address with other pages').waitFor();
    await tab.close();
    assert.deepEqual(browser.errors, []);
  });
});

describe('a first visit', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    dir = distCopy();
    // Headers as GitHub Pages sends them, and a browser with its HTTP cache on, as a visitor's is.
    server = await serveDirs({ '/certpage/': dir }, { caching: 'github-pages' });
    browser = await openBrowser({ httpCache: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('downloads each file once, and the page then works offline', async () => {
    const page = browser.page;
    await underServiceWorker(page, new URL('/certpage/', server.url).href);

    const seen = new Map<string, number>();
    for (const r of server.requests) {
      const path = r.path === '/certpage/' ? '/certpage/index.html' : r.path; // the same file
      seen.set(path, (seen.get(path) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1).map(([path, n]) => `${path} ×${n}`);
    assert.deepEqual(twice, [], 'no file requested twice on a first visit');
    const listed = JSON.parse(/const FILES = (\{[^\n]*\});/.exec(readFileSync(join(dir, 'sw.js'), 'utf8'))?.[1] ?? '{}') as Record<string, string>;
    assert.deepEqual([...seen.keys()].sort(), [...Object.keys(listed), 'sw.js'].map((f) => `/certpage/${f}`).sort(), 'every file fetched, for the offline copy');

    const before = server.requests.length;
    await browser.context.setOffline(true);
    await page.reload();
    await page.getByLabel('Directory URL').waitFor();
    const tool = page.getByRole('region', { name: 'Make a key and CSR' });
    await tool.getByText('Make a key and CSR').click();
    await tool.getByRole('button', { name: 'Make key and CSR' }).waitFor(); // a lazy chunk, from the worker's cache
    assert.equal(server.requests.length, before, 'nothing reached the server while offline');
    await browser.context.setOffline(false);
    assert.deepEqual(browser.errors, []);
    assert.deepEqual(browser.blocked, []);
  });
});

describe('the note about a shared origin', () => {
  let app: StaticServer;
  let browser: Browser;

  before(async () => {
    app = await startApp();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('is not shown at the root of an origin (nor its code loaded)', async () => {
    const page = browser.page;
    await page.goto(app.url);
    await page.getByLabel('Directory URL').waitFor();
    await page.waitForLoadState('load');
    assert.equal(await page.getByRole('note').count(), 0);
    assert.equal(await page.evaluate(() => customElements.get('cp-origin-note')), undefined, 'the note\'s module was not loaded');
  });

  test('from file://, says that every HTML file opened from disk shares this storage', async () => {
    const page = browser.page;
    await page.goto(pathToFileURL(join(distDir, 'certpage.html')).href);
    const note = page.getByRole('note');
    await note.getByText('Opened from a file').waitFor();
    assert.match(await note.innerText(), /every HTML file opened from disk shares this storage/);
    await browser.shot('origin note from file');
    assert.deepEqual(browser.errors, []);
  });
});
