// What the accessibility tests share: screenshots in both colour schemes at both widths, the "no sideways
// scrolling at 320 px" check, where keyboard focus is (through shadow roots), and a DNS resolver that holds its
// answers so the cards' "Checking…" state can be seen.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Browser } from './browser.ts';
import { SCHEMES, WIDTHS, settled } from './axe.ts';

/** Full-page screenshots of what is shown now: light and dark, 1280 and 390 px. Viewport and scheme are put back. */
export async function shotsBoth(browser: Browser, name: string): Promise<void> {
  const page = browser.page;
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: viewport.height });
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await settled(page);
        await browser.shot(`${name}-${width}-${scheme}`);
      }
    }
  } finally {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: null, reducedMotion: null });
  }
}

/**
 * At `width` CSS pixels (320 by default: WCAG's reflow width, the same as 1280 px at 400 % zoom), the page must not
 * scroll sideways. Returns what sticks out (tag, class, right edge) when it does, [] when it does not.
 */
export async function sideways(page: Page, width = 320): Promise<string[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  try {
    await page.setViewportSize({ width, height: viewport.height });
    await settled(page);
    return await page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      const out: string[] = [`page ${root.scrollWidth} px wide in a ${root.clientWidth} px viewport`];
      const walk = (node: ParentNode, path: string) => {
        for (const el of Array.from(node.children)) {
          const r = el.getBoundingClientRect();
          const name = `${path} ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
          if (r.right > root.clientWidth + 0.5 && r.width > 0) out.push(`${name.trim()} (right edge ${Math.round(r.right)} px)`);
          // A box that scrolls (or clips) on its own keeps what is inside it off the page's width.
          if (getComputedStyle(el).overflowX !== 'visible') continue;
          if (el.shadowRoot) walk(el.shadowRoot, `${name} >>>`);
          walk(el, name);
        }
      };
      walk(document, '');
      return out.slice(0, 12);
    });
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** The element that has keyboard focus, followed into shadow roots, described for assertions and messages. */
export interface Focused {
  tag: string;
  id: string;
  /** type of an input, role attribute otherwise. */
  kind: string;
  /** aria-label, the label's text, or the element's own text (trimmed, one line). */
  name: string;
  /** The names of the shadow hosts it sits in, outermost first. */
  hosts: string[];
  /** Whether :focus-visible matches it (the browser shows a focus ring). */
  visible: boolean;
  /** The computed outline of the element while it has focus. */
  outline: string;
}

export function focused(page: Page): Promise<Focused | undefined> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    const hosts: string[] = [];
    while (el?.shadowRoot?.activeElement) {
      hosts.push(el.tagName.toLowerCase());
      el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body) return undefined;
    const h = el as HTMLElement;
    const root = h.getRootNode() as Document | ShadowRoot;
    const labelled = h.id ? root.querySelector(`label[for="${h.id}"]`) : null;
    const wrap = h.closest('label');
    const by = h.getAttribute('aria-labelledby');
    const byText = by ? by.split(/\s+/).map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ') : '';
    const text = h.getAttribute('aria-label') ?? (byText || labelled?.textContent || wrap?.textContent || h.textContent || '');
    const style = getComputedStyle(h);
    return {
      tag: h.tagName.toLowerCase(),
      id: h.id,
      kind: h instanceof HTMLInputElement ? h.type : (h.getAttribute('role') ?? ''),
      name: text.replace(/\s+/g, ' ').trim(),
      hosts,
      visible: h.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
  });
}

export function describeFocus(f: Focused | undefined): string {
  return f ? `${f.hosts.join(' > ')}${f.hosts.length ? ' > ' : ''}${f.tag}${f.id ? `#${f.id}` : ''}${f.kind ? `[${f.kind}]` : ''} "${f.name.slice(0, 80)}"` : 'nothing (body)';
}

/**
 * A DoH resolver on loopback that holds every query until `release()`, then answers each with 503 (so the page's
 * check ends "could not check"). CORS as a public resolver sends it.
 */
export interface HeldResolver {
  url: string;
  /** Queries waiting for an answer. */
  readonly waiting: number;
  release(): void;
  close(): Promise<void>;
}

export async function heldResolver(): Promise<HeldResolver> {
  const held = new Set<ServerResponse>();
  let holding = true;
  const cors = { 'access-control-allow-origin': '*' };
  const answer = (res: ServerResponse) => { res.writeHead(503, { ...cors, 'content-type': 'text/plain' }).end('held'); };
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type, accept' }).end();
      return;
    }
    if (!holding) { answer(res); return; }
    held.add(res);
    res.on('close', () => held.delete(res));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`,
    get waiting() { return held.size; },
    release() {
      holding = false;
      for (const res of held) answer(res);
      held.clear();
    },
    close: () => new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); }),
  };
}
