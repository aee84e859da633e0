// The page figures of `npm run bench`, in Debian's Chromium through playwright-core.
//
// Times are taken inside the page: a probe (added before any page script) checks on every animation frame whether
// what the user waits for is on screen and usable, and notes performance.now() — milliseconds since the navigation
// started — the first time it is. So the harness's own latency is not in the figures, and every target is judged by
// the same clock. Throttling goes through the DevTools protocol (Emulation.setCPUThrottlingRate,
// Network.emulateNetworkConditions) on the page's target.
//
// Loopback only: Chromium sends everything that is not loopback to a refusing proxy on 127.0.0.1 (it never resolves
// those names). No request interception (route()), since Playwright turns the HTTP cache off when routing is on.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/support/browser.ts';
import { seedStore, type SeedKind } from '../e2e/support/seed.ts';
import { runShellCommand } from '../e2e/support/user.ts';

/** What "interactive" means, per page. */
export type PageKind = 'certpage' | 'xy' | 'ghff';
export type MarkName = 'tti' | 'connected' | 'issued' | 'certsHeading' | 'certsList' | 'due';

export interface ProbeConfig {
  kind: PageKind;
  watch: MarkName[];
  /** A script to run first in every document of this visitor (e.g. a peer's own settings). */
  setup?: string;
}

interface BenchWindow {
  __bench?: { marks: Record<string, number>; firstInput?: number; longestTask: number; tasks: [number, number][]; watch(name: string): void };
  __benchMark?: (name: string, at: number) => void;
}

/**
 * Runs in the page before its own scripts. Marks (performance.now()):
 *   tti           the page is usable: certpage — the "Directory URL" field and the "Create order" button are shown
 *                 and enabled; xy — its ACME service URL field (.in_acmeURL) is shown and enabled (its script shows
 *                 the form); ghff — the "Account Email" field is shown and enabled and its script has run
 *                 (DOMContentLoaded: the page's scripts are at the end of the body);
 *   connected     a status that starts with "Connected." is shown;
 *   issued        the heading "Your certificate is ready" is shown;
 *   certsHeading  the "My certificates" heading is shown;
 *   certsList     a stored certificate's name (…bench.example) is shown;
 *   due           "Due for renewal" is shown.
 * Also: the first `input` event (the user's first keystroke or fill) and the longest main-thread task.
 */
function probe(cfg: ProbeConfig): void {
  const w = window as unknown as BenchWindow;
  if (w.__bench) return;
  const pending = new Set<string>(cfg.watch);
  const marks: Record<string, number> = {};
  const state = { marks, longestTask: 0, tasks: [] as [number, number][], firstInput: undefined as number | undefined, watch: (name: string) => { pending.add(name); schedule(); } };
  w.__bench = state;
  addEventListener('input', () => { state.firstInput ??= performance.now(); }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        state.longestTask = Math.max(state.longestTask, e.duration);
        state.tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task timing */ }

  /** Every element, depth first and into open shadow roots: walked once per frame, shared by the checks. */
  let elements: Element[] | undefined;
  const walk = (): Element[] => {
    const out: Element[] = [];
    const stack: (Node | null)[] = [document.documentElement];
    while (stack.length) {
      const node = stack.pop();
      if (!node) continue;
      if (node instanceof Element) {
        out.push(node);
        if (node.shadowRoot) stack.push(node.shadowRoot);
      }
      for (let c = (node as ParentNode).lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    }
    return out;
  };
  /** The first element (depth first, into open shadow roots) for which `test` holds. */
  const find = (test: (el: Element) => boolean): Element | undefined => (elements ??= walk()).find(test);
  const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  const shown = (el: Element | null | undefined): el is Element => Boolean(el && el.isConnected && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden');
  const usable = (el: Element | null | undefined) => shown(el) && !(el as HTMLInputElement).disabled;
  const labelled = (el: Element, name: string) => el.getAttribute('aria-label') === name
    || [...((el as HTMLInputElement).labels ?? [])].some((l) => text(l) === name);
  // The raw text is searched for a word of the target first: normalizing every leaf's text in every frame cost more
  // main-thread time than some of the figures measured.
  const leafText = (el: Element, word: string, test: (t: string) => boolean) => el.childElementCount === 0
    && (el.textContent ?? '').includes(word) && test(text(el)) && shown(el);

  const checks: Record<string, () => boolean> = {
    tti: () => {
      if (cfg.kind === 'xy') return usable(document.querySelector('.in_acmeURL'));
      if (cfg.kind === 'ghff') return document.readyState !== 'loading' && usable(document.getElementById('email'));
      return Boolean(find((el) => el.tagName === 'INPUT' && labelled(el, 'Directory URL') && usable(el))
        && find((el) => el.tagName === 'BUTTON' && text(el) === 'Create order' && usable(el)));
    },
    connected: () => Boolean(find((el) => el.getAttribute('role') === 'status' && text(el).startsWith('Connected.') && shown(el))),
    issued: () => Boolean(find((el) => /^H[1-6]$/.test(el.tagName) && text(el) === 'Your certificate is ready' && shown(el))),
    certsHeading: () => Boolean(find((el) => /^H[1-6]$/.test(el.tagName) && text(el) === 'My certificates' && shown(el))),
    certsList: () => Boolean(find((el) => leafText(el, '.bench.example', () => true))),
    due: () => Boolean(find((el) => leafText(el, 'renewal', (t) => t.startsWith('Due for renewal')))),
  };
  let scheduled = false;
  function schedule(): void {
    if (scheduled || !pending.size) return;
    scheduled = true;
    requestAnimationFrame(tick);
  }
  function tick(): void {
    scheduled = false;
    elements = undefined;
    for (const name of [...pending]) {
      let ok = false;
      try { ok = checks[name]?.() ?? false; } catch { ok = false; }
      if (!ok) continue;
      const at = performance.now();
      marks[name] = at;
      pending.delete(name);
      w.__benchMark?.(name, at);
    }
    schedule();
  }
  schedule();
}

/** Chromium's own traffic and anything not on loopback lands here and is refused (the host is never resolved). */
async function startSink(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((ok) => { for (const s of sockets) s.destroy(); server.close(() => ok()); }),
  };
}

export interface Throttle {
  /** CPU slow-down factor (Emulation.setCPUThrottlingRate). */
  cpu?: number;
  /** Round-trip latency in ms and throughput in bytes/s both ways (Network.emulateNetworkConditions). */
  network?: { latencyMs: number; bytesPerSecond: number };
}

/** One browser context (a new visitor: empty cache, no service worker, empty IndexedDB) and its tab. */
export class Visitor {
  private marks = new Map<string, number>();
  private waiters = new Map<string, (at: number) => void>();

  private constructor(readonly context: BrowserContext, private tab: Page | undefined) {}

  /** The visitor's tab (see newTab/closeTab). */
  get page(): Page {
    if (!this.tab) throw new Error('this visitor has no open tab');
    return this.tab;
  }

  /** Open a new tab in the same context (same cache, service worker and storage); throttling is per tab. */
  async newTab(): Promise<void> {
    await this.closeTab();
    this.marks.clear();
    this.tab = await this.context.newPage();
  }

  async closeTab(): Promise<void> {
    const tab = this.tab;
    this.tab = undefined;
    await tab?.close().catch(() => undefined);
  }

  static async open(browser: Browser, cfg: ProbeConfig): Promise<Visitor> {
    const context = await browser.newContext({
      serviceWorkers: 'allow',
      ignoreHTTPSErrors: true, // Pebble's certificate comes from the throw-away CA in .cache/tls
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = await context.newPage();
    const visitor = new Visitor(context, page);
    await context.exposeBinding('__benchMark', (_source, name: string, at: number) => visitor.marked(name, at));
    // tsx (esbuild keepNames) wraps named functions in __name(); the page has none.
    await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    if (cfg.setup) await context.addInitScript({ content: cfg.setup });
    await context.addInitScript(probe, { kind: cfg.kind, watch: cfg.watch });
    return visitor;
  }

  private marked(name: string, at: number): void {
    this.marks.set(name, at);
    this.waiters.get(name)?.(at);
    this.waiters.delete(name);
  }

  async throttle(t: Throttle): Promise<void> {
    const cdp = await this.context.newCDPSession(this.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: t.cpu ?? 1 });
    if (t.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: t.network.latencyMs,
        downloadThroughput: t.network.bytesPerSecond,
        uploadThroughput: t.network.bytesPerSecond,
      });
    }
  }

  /** Stop this visitor's service workers, as a browser does with an idle one: the next visit starts it again. */
  async stopServiceWorkers(): Promise<void> {
    const cdp = await this.context.newCDPSession(this.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
  }

  /** The time of a mark in the current document (ms since its navigation started), once it is there. */
  mark(name: MarkName, timeoutMs = 60_000): Promise<number> {
    const known = this.marks.get(name);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(name);
        reject(new Error(`"${name}" not seen within ${timeoutMs} ms on ${this.tab?.url() ?? 'a tab closed meanwhile'}`));
      }, timeoutMs);
      this.waiters.set(name, (at) => { clearTimeout(timer); resolve(at); });
    });
  }

  /** Watch for a mark in the current document from now on. */
  async watch(name: MarkName): Promise<void> {
    this.marks.delete(name);
    await this.page.evaluate((n) => (window as unknown as BenchWindow).__bench?.watch(n), name);
  }

  /** Navigate and return the time to interactive (ms since the navigation started). */
  async visit(url: string, timeoutMs = 60_000): Promise<number> {
    this.marks.clear();
    await this.page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    return this.mark('tti', timeoutMs);
  }

  async firstInput(): Promise<number | undefined> {
    return this.page.evaluate(() => (window as unknown as BenchWindow).__bench?.firstInput);
  }

  /** Every long task of the current document so far: [start, duration] in ms. */
  async longTasks(): Promise<[number, number][]> {
    return this.page.evaluate(() => (window as unknown as BenchWindow).__bench?.tasks ?? []);
  }

  async longestTask(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as BenchWindow).__bench?.longestTask ?? 0);
  }

  /**
   * Scroll the page from top to bottom with the mouse wheel, a frame after each step; the longest task meanwhile (0:
   * none, the Long Tasks API reports tasks of 50 ms and more).
   */
  async longestTaskScrolling(step = 500): Promise<number> {
    const page = this.page;
    await page.evaluate(() => {
      const b = (window as unknown as BenchWindow).__bench;
      if (b) b.longestTask = 0;
      scrollTo(0, 0);
    });
    await page.mouse.move(640, 450);
    const height = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    for (let y = 0; y < height; y += step) {
      await page.mouse.wheel(0, step);
      await page.evaluate(() => new Promise<void>((resolve) => { requestAnimationFrame(() => resolve()); }));
    }
    const at = await page.evaluate(() => scrollY);
    if (at < height - step) throw new Error(`the wheel scrolled to ${at} of ${height} px`);
    return this.longestTask();
  }

  /**
   * After a first visit: wait until the page's service worker (if it registers one) is active, and the network is
   * quiet, as it would be long before a second visit.
   */
  async settle(serviceWorker: boolean): Promise<void> {
    if (serviceWorker) {
      await this.page.evaluate(() => Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise((resolve) => { setTimeout(() => resolve(false), 30_000); }),
      ]));
    }
    await this.page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}

export interface BenchBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launch(): Promise<BenchBrowser> {
  const sink = await startSink();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--proxy-server=http://127.0.0.1:${sink.port}`],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await sink.close();
    },
  };
}

export interface IssueTimes {
  /** Navigation → interactive. */
  tti: number;
  /** First input in the Directory URL field → "Connected." shown. */
  connect: number;
  /** Navigation → "Your certificate is ready", the test playing the user at once. */
  issued: number;
}

/**
 * A new visitor gets a two-name certificate over HTTP-01: Pebble's directory URL, terms, names, Create order, the
 * one command for all files (run here; challtestsrv serves what it wrote), submit all, certificate shown.
 */
export async function issueInPage(browser: Browser, url: string, stack: { directoryUrl: string; addHttp01(token: string, body: string): Promise<void> }, names: string[]): Promise<IssueTimes> {
  const v = await Visitor.open(browser, { kind: 'certpage', watch: ['tti'] });
  try {
    const page = v.page;
    const tti = await v.visit(url);
    await v.watch('connected');
    await page.getByLabel('Directory URL').fill(stack.directoryUrl);
    const connected = await v.mark('connected', 30_000);
    const typed = await v.firstInput();
    await page.getByLabel("I agree to the CA's terms of service").check();
    await page.getByLabel('Domain names').fill(names.join('\n'));
    await page.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('heading', { name: `Prove you control these ${names.length} names` }).waitFor({ timeout: 30_000 });
    const command = (await page.getByRole('textbox', { name: 'Command for all files', exact: true }).textContent()) ?? '';
    for (const [token, body] of runShellCommand(command)) await stack.addHttp01(token, body);
    await v.watch('issued');
    await page.getByRole('button', { name: 'All in place: submit all' }).click();
    const issued = await v.mark('issued', 60_000);
    return { tti, connect: connected - (typed ?? connected), issued };
  } finally {
    await v.close();
  }
}

/** The bench's 1,000 certificates: a tenth expired, a tenth in their renewal window, a twentieth replaced. */
const BENCH_KINDS = Array.from({ length: 1000 }, (_, i): SeedKind => (i % 20 === 2 ? 'replaced' : i % 10 === 0 ? 'expired' : i % 10 === 1 ? 'due' : 'fine'));

/** 1,000 certificates (with keys) and 50 accounts in the page's IndexedDB; the page must have made its database. */
export function seedBench(page: Page, chainPem: string): Promise<void> {
  return seedStore(page, { chainPem, accounts: 50, kinds: BENCH_KINDS, domain: 'bench.example', certKeys: true });
}
