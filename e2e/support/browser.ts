// Debian's Chromium driven by playwright-core, locked to loopback.
//
// Every request whose host is not 127.0.0.1 / localhost / [::1] is aborted inside the browser context and its URL
// is recorded in `blocked`; as a second fence Chromium sends everything that is not loopback to a refusing proxy on
// 127.0.0.1 (recorded in `fenced`), so even requests route() cannot see (the browser's own) never leave the machine.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';

export interface Browser {
  context: BrowserContext;
  /** The first tab. Tabs the page opens later get the same download/error listeners. */
  page: Page;
  /** URLs the browser tried to reach on a non-loopback host (aborted). Tests assert this stays empty. */
  blocked: string[];
  /**
   * Non-loopback connections that got past route() and were refused by the loopback sink proxy, as request lines
   * ("CONNECT update.googleapis.com:443"). Mostly Chromium's own background traffic; informative, not asserted.
   */
  fenced: string[];
  /** Uncaught page errors and console.error messages (network "Failed to load resource" lines go to `networkErrors`). */
  errors: string[];
  /** Chromium's "Failed to load resource: …" console lines (4xx/5xx answers, aborted requests). Often expected. */
  networkErrors: string[];
  /**
   * Suggested file name → saved path of every finished download (the latest one wins; delete a key to wait anew).
   * The files live in a temporary folder that close() deletes: read them before closing.
   */
  downloads: Map<string, string>;
  /** The Chromium profile (IndexedDB lives here). */
  userDataDir: string;
  /** Full-page PNG at e2e/screenshots/<test file>/<NN>-<name>.png; returns the path. */
  shot(name: string): Promise<string>;
  /** Resolves with the saved path of the download called `name` (at once if it already happened). */
  waitForDownload(name: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export interface OpenBrowserOptions {
  /**
   * Reuse this Chromium profile, e.g. to keep IndexedDB across tests of one file (make it with `newProfileDir()`
   * and delete it in `after`). Without it every `openBrowser` gets a fresh profile that `close()` deletes.
   * Reloads within one Browser always keep IndexedDB.
   */
  userDataDir?: string;
  /** 'block' if a test must see every request of a service worker in `blocked` (default 'allow'). */
  serviceWorkers?: 'allow' | 'block';
  /** Folder name under e2e/screenshots/ (default: the running test file's name without `.test.ts`). */
  name?: string;
  /**
   * Keep Chromium's HTTP cache on, as a visitor's browser has it. Playwright's request routing turns the cache off,
   * so this drops the route() fence: non-loopback requests are then only recorded in `blocked` (as seen by the
   * context's request event) and refused by the loopback sink proxy, which still sends them nowhere.
   */
  httpCache?: boolean;
  /**
   * Accept any TLS certificate (default true: Pebble's comes from the throw-away CA in .cache/tls). false makes
   * Chromium check certificates as it does for a user, e.g. to show that a page opens with no warning.
   */
  ignoreHTTPSErrors?: boolean;
  /** More Chromium command-line switches (e.g. --ignore-certificate-errors-spki-list=…). */
  args?: string[];
  /** The browser's language, as navigator.languages[0] and Accept-Language (default en-US). */
  locale?: string;
  /** false: the page's scripts do not run (what a visitor sees before they have loaded). */
  javaScriptEnabled?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for URLs the browser may fetch: loopback hosts and non-network schemes (data:, blob:, about:, file:). */
export function allowedUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return ['data:', 'blob:', 'about:', 'file:'].includes(url.protocol);
  return LOOPBACK.has(url.hostname.toLowerCase());
}

/** Chromium binary: $CHROMIUM_PATH, else Debian's (the real binary, skipping the /usr/bin/chromium shell wrapper). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  const found = candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
  if (!found) throw new Error('Chromium not found: install Debian\'s `chromium` (scripts/test.mjs e2e does) or set CHROMIUM_PATH');
  return found;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
];

/**
 * The second fence: Chromium sends everything that is not loopback (it always bypasses a proxy for loopback) to
 * this "proxy" on 127.0.0.1, which notes the first request line and refuses. It catches what route() cannot see:
 * the browser's own traffic (Chromium 156 still tries accounts.google.com and update.googleapis.com despite
 * --disable-background-networking / --disable-component-update). Host names are never resolved by Chromium.
 */
async function startSinkProxy(seen: string[]): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (chunk) => {
      const line = chunk.toString('latin1').split('\r\n', 1)[0] ?? '';
      seen.push(line.replace(/ HTTP\/1\.[01]$/, ''));
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'certpage-chromium-'));
}

const screenshotsRoot = resolve(import.meta.dirname, '../screenshots');
const shotCounters = new Map<string, number>();

function testFileName(): string {
  const file = process.argv.find((a) => /\.test\.[cm]?[jt]s$/.test(a)) ?? process.argv[1] ?? 'e2e';
  return basename(file).replace(/\.test\.[cm]?[jt]s$/, '').replace(/\.[cm]?[jt]s$/, '');
}

export async function openBrowser(opts: OpenBrowserOptions = {}): Promise<Browser> {
  const ownProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? newProfileDir();
  const downloadDir = mkdtempSync(join(tmpdir(), 'certpage-downloads-'));
  const fenced: string[] = [];
  const sink = await startSinkProxy(fenced);

  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${sink.port}`, ...(opts.args ?? [])],
    serviceWorkers: opts.serviceWorkers ?? 'allow',
    ignoreHTTPSErrors: opts.ignoreHTTPSErrors ?? true, // Pebble's TLS certificate comes from the throw-away CA in .cache/tls
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'], // every origin: the app's port is only known later
    locale: opts.locale ?? 'en-US',
    timezoneId: 'UTC',
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  }).catch(async (err: unknown) => {
    await sink.close();
    rmSync(downloadDir, { recursive: true, force: true });
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  });

  // tsx compiles the tests with esbuild's keepNames, which wraps named functions and arrows in `__name(fn, "x")`.
  // Functions handed to page.evaluate()/waitForFunction() carry those calls into the page, where `__name` does not
  // exist ("ReferenceError: __name is not defined"). Give every document a no-op one.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });

  const blocked: string[] = [];
  const errors: string[] = [];
  const networkErrors: string[] = [];
  const downloads = new Map<string, string>();
  const waiters = new Set<{ name: string; resolve(path: string): void }>();
  const pending = new Set<Promise<void>>();

  if (opts.httpCache) {
    context.on('request', (request) => {
      const url = request.url();
      if (allowedUrl(url)) return;
      blocked.push(url);
      console.error(`[e2e] non-loopback request (refused by the sink proxy): ${url}`);
    });
  } else {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (allowedUrl(url)) return route.fallback();
      blocked.push(url);
      console.error(`[e2e] blocked non-loopback request: ${url}`);
      return route.abort('blockedbyclient');
    });
  }
  await context.routeWebSocket((url) => !allowedUrl(url.href), (ws) => {
    blocked.push(ws.url());
    console.error(`[e2e] blocked non-loopback WebSocket: ${ws.url()}`);
    return ws.close({ code: 1008, reason: 'non-loopback blocked by the e2e harness' });
  });

  let downloadCount = 0;
  const saveDownload = async (download: Download) => {
    const name = download.suggestedFilename();
    const dir = join(downloadDir, String(++downloadCount).padStart(3, '0'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name); // each download in its own folder: same-named files do not clobber each other
    try {
      await download.saveAs(path);
    } catch (err) {
      errors.push(`download ${name} failed: ${(err as Error).message}`);
      return;
    }
    downloads.set(name, path);
    for (const w of waiters) if (w.name === name) { waiters.delete(w); w.resolve(path); }
  };
  const watch = (page: Page) => {
    page.on('download', (d) => {
      const p = saveDownload(d).finally(() => pending.delete(p));
      pending.add(p);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack ?? err.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const where = msg.location().url;
      if (text.startsWith('Failed to load resource')) networkErrors.push(`${text} (${where})`);
      else errors.push(`console.error: ${text}${where ? ` (${where})` : ''}`);
    });
    page.on('crash', () => errors.push('page crashed'));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  // Waits follow what the page shows; this is only how long to keep waiting on a loaded machine (two e2e runs at once).
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());

  const dirName = opts.name ?? testFileName();
  const shotDir = join(screenshotsRoot, dirName);
  const shot = async (name: string) => {
    if (!shotCounters.has(shotDir)) {
      rmSync(shotDir, { recursive: true, force: true }); // one run's screenshots, not a pile-up of old ones
      mkdirSync(shotDir, { recursive: true });
      shotCounters.set(shotDir, 0);
    }
    const n = (shotCounters.get(shotDir) ?? 0) + 1;
    shotCounters.set(shotDir, n);
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'shot';
    const path = join(shotDir, `${String(n).padStart(2, '0')}-${safe}.png`);
    mkdirSync(shotDir, { recursive: true }); // another run at once may have cleared the folder
    await page.screenshot({ path, fullPage: true });
    return path;
  };

  const waitForDownload = (name: string, timeoutMs = 15000) => {
    const done = downloads.get(name);
    if (done) return Promise.resolve(done);
    return new Promise<string>((ok, fail) => {
      const waiter = {
        name,
        resolve: (path: string) => { clearTimeout(timer); ok(path); },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = [...downloads.keys()];
        fail(new Error(`no download named ${name} within ${timeoutMs} ms (downloaded: ${seen.length ? seen.join(', ') : 'nothing'})`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled([...pending]);
    await context.close().catch(() => {});
    await sink.close();
    rmSync(downloadDir, { recursive: true, force: true });
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
  };

  return { context, page, blocked, fenced, errors, networkErrors, downloads, userDataDir, shot, waitForDownload, close };
}

/**
 * Wait for the page's service worker to be active (navigator.serviceWorker.ready), then, with `update`, ask it to look
 * for a new version. page.evaluate has no timeout of its own: a worker that is never registered fails here, after
 * `timeoutMs`, instead of hanging the run.
 */
export async function workerReady(page: Page, opts: { update?: boolean; timeoutMs?: number } = {}): Promise<void> {
  await page.evaluate(async ({ update, timeoutMs }) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no active service worker after ${timeoutMs} ms`)), timeoutMs); });
    try {
      const registration = await Promise.race([navigator.serviceWorker.ready, late]);
      if (update) await registration.update();
    } finally {
      clearTimeout(timer);
    }
  }, { update: opts.update ?? false, timeoutMs: opts.timeoutMs ?? 60_000 });
}
