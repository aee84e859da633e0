// The hosted page (dist/ as a static host serves it) under its <meta> Content-Security-Policy: a whole issuance
// with no violation, requests only to the page's own origin, the CA and the DoH resolver, and the policy enforced.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { distDir } from './support/app.ts';
import { startWorld, type World } from './support/world.ts';
import type { Browser } from './support/browser.ts';
import { assertInlineScriptRefused, metaCsp, recordOrigins } from './support/csp.ts';
import type { StaticServer } from './support/static-server.ts';
import { useResolver } from './support/user.ts';
import type { DohServer } from '../test/support/doh.ts';
import { verifyChain } from '../test/support/openssl.ts';
import type { PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);

describe('Content-Security-Policy of the hosted page', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let browser: Browser;
  let world: World;
  let origins: Set<string>;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    ({ stack, doh, app, browser } = world);
    origins = recordOrigins(browser);
  });
  after(() => world?.close());

  const page = () => browser.page;

  test('dist/index.html states a strict policy: no inline code but its one hashed script and stylesheet, no eval, nothing third-party', () => {
    const html = readFileSync(join(distDir, 'index.html'), 'utf8');
    const csp = metaCsp(html);
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    // The one inline script (which language may see the prerendered form) is allowed by its SHA-256, no other.
    const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    assert.equal(inline.length, 1, 'one inline script');
    const digest = `'sha256-${createHash('sha256').update(inline[0] ?? '', 'utf8').digest('base64')}'`;
    assert.deepEqual(csp.get('script-src'), ["'self'", digest]);
    // The stylesheet is inline too (one file before the first paint), allowed by its SHA-256.
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
    assert.equal(styles.length, 1, 'one inline stylesheet');
    assert.deepEqual(csp.get('style-src'), ["'self'", `'sha256-${createHash('sha256').update(styles[0] ?? '', 'utf8').digest('base64')}'`]);
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
    assert.ok(csp.get('connect-src')?.includes('https:'), 'any https: CA directory or resolver may be reached');
    const sources = [...csp.values()].flat();
    assert.ok(!sources.some((x) => x.startsWith("'unsafe-")), sources.join(' '));
    // The policy comes before anything it governs, and every script and stylesheet is the page's own.
    assert.ok(html.indexOf('Content-Security-Policy') < html.search(/<script|<link rel="stylesheet"/));
    // A bare fragment (rel=expect's #prerender-end) names a place in the page and loads nothing.
    for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) assert.match(m[1] ?? '', /^(?:\.\/|#[\w-]+$)/, `loaded from the page's own folder: ${m[1]}`);
  });

  test('an HTTP-01 issuance, pkijs loaded lazily: no violation, only the page, the CA and the DoH resolver reached', async () => {
    const name = `csp-${run}.example.com`;
    await page().goto(app.url);
    await useResolver(page(), doh.url);
    await page().getByLabel('Directory URL').fill(stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    await page().getByLabel("I agree to the CA's terms of service").click();
    await page().getByLabel('Domain names').fill(name);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    const card = page().getByRole('region', { name, exact: true });
    const token = await card.getByRole('textbox', { name: 'File name', exact: true }).textContent();
    const body = await card.getByRole('textbox', { name: 'File content', exact: true }).textContent();
    await stack.addHttp01(token ?? '', body ?? '');
    await card.getByRole('button', { name: 'The file is in place' }).click();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await page().getByRole('button', { name: 'Download fullchain.pem' }).first().click();
    assert.match(verifyChain(readFileSync(await browser.waitForDownload('fullchain.pem'), 'utf8'), await stack.issuerPems()), /OK/);

    assert.deepEqual(browser.errors, [], 'no console errors (a CSP violation would be one)');
    assert.deepEqual(browser.blocked, []);
    const allowed = new Set([new URL(app.url).origin, new URL(stack.directoryUrl).origin, new URL(doh.url).origin]);
    assert.deepEqual([...origins].filter((o) => !allowed.has(o)), [], 'requests went only to the page, the CA and the DoH resolver');
  });

  test('the policy is enforced: an injected inline script is refused, and the refusal is reported', async () => {
    await assertInlineScriptRefused(browser);
  });
});
