// What the CSP tests share: reading the page's policy, recording where it connects, probing enforcement.
import assert from 'node:assert/strict';
import type { Browser } from './browser.ts';

/** The Content-Security-Policy the page states in its <meta>, as directive → sources. */
export function metaCsp(html: string): Map<string, string[]> {
  const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
  assert.ok(content, 'the page has a Content-Security-Policy <meta>');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name ?? '', sources]));
}

/** Origins of every network request (http, https, ws) made by any page of the context, in order of first use. */
export function recordOrigins(b: Browser): Set<string> {
  const origins = new Set<string>();
  b.context.on('request', (req) => {
    const url = new URL(req.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) origins.add(url.origin);
  });
  return origins;
}

/**
 * Inject an inline script: the policy must refuse it and the harness must see the violation as a console error
 * (which is why an empty `errors` list elsewhere means there was none). eval cannot be probed this way: code
 * run through the DevTools protocol is exempt from CSP's eval check, so tests read the policy text instead.
 */
export async function assertInlineScriptRefused(browser: Browser): Promise<void> {
  const before = browser.errors.length;
  const outcome = await browser.page.evaluate(() => new Promise<{ ran: boolean; directive: string }>((done) => {
    const w = window as unknown as { injected?: boolean };
    document.addEventListener('securitypolicyviolation', (e) => {
      setTimeout(() => done({ ran: Boolean(w.injected), directive: e.effectiveDirective }), 50);
    }, { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.head.append(s);
  }));
  assert.deepEqual(outcome, { ran: false, directive: 'script-src-elem' });
  await browser.page.waitForTimeout(100);
  const seen = browser.errors.slice(before);
  assert.ok(seen.some((e) => /Content Security Policy/.test(e)), `violation reported: ${seen.join(' | ')}`);
}
