// The one-file build (dist/certpage.html, made by `npm run build:single`) opened from disk: a full issuance from
// file://, under its own hash-based Content-Security-Policy, talking to nobody but the CA and the DoH resolver.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { distDir } from './support/app.ts';
import { openBrowser, type Browser } from './support/browser.ts';
import { assertInlineScriptRefused, metaCsp, recordOrigins } from './support/csp.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import { startDoh, type DohServer } from '../test/support/doh.ts';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

const singleFile = join(distDir, 'certpage.html');
const run = Date.now().toString(36);

describe('the single-file page, opened from disk', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let browser: Browser;
  let origins: Set<string>;

  before(async () => {
    stack = await startPebble({ authzReuse: 0 });
    doh = await startDoh(stack.dnsAddress);
    browser = await openBrowser();
    origins = recordOrigins(browser);
  });
  after(async () => {
    await browser?.close();
    await doh?.stop();
    await stack?.stop();
  });

  const page = () => browser.page;

  test('dist/certpage.html: one file, no references to files beside it, its SHA-256 published next to it', () => {
    assert.ok(existsSync(singleFile), `${singleFile} is missing: build it with \`npm run build\` (vite build && vite build --mode single)`);
    const html = readFileSync(singleFile, 'utf8');
    const markup = html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/g, '<$1$2></$1>'); // tags, not the code
    // data: URLs, and bare fragments (rel=expect's #prerender-end), which name a place in the page and load nothing.
    assert.doesNotMatch(markup, /\b(?:src|href)="(?!data:|#[\w-]+")[^"]*"/, 'nothing loaded from beside the file or elsewhere');
    assert.doesNotMatch(markup, /<link\b[^>]*rel="(?:stylesheet|modulepreload)"/);
    assert.doesNotMatch(html, /__VITE_PRELOAD__/, "Vite's preload markers were resolved before inlining");
    const digest = createHash('sha256').update(readFileSync(singleFile)).digest('hex');
    assert.equal(readFileSync(`${singleFile}.sha256`, 'utf8'), `${digest}  certpage.html\n`, 'certpage.html.sha256 in sha256sum format');

    // Every inline script and style is allowed by its hash; nothing else is.
    const csp = metaCsp(html);
    const hashes = (tag: string) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
      .map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
    assert.deepEqual(csp.get('script-src'), hashes('script'));
    assert.deepEqual(csp.get('style-src'), hashes('style'));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    for (const [name, sources] of csp) {
      assert.ok(!sources.includes("'unsafe-inline'") && !sources.includes("'unsafe-eval'"), `${name} allows no inline code or eval`);
    }
  });

  test('from file://: HTTP-01 issuance against Pebble, keys and account in IndexedDB, only the CA and DoH reached', async () => {
    const user = new User(page());
    const names = [`www-${run}.example.com`, `api-${run}.example.com`];
    await page().goto(pathToFileURL(singleFile).href);
    assert.equal(new URL(page().url()).protocol, 'file:');
    await page().locator('cp-app').waitFor({ state: 'attached' });
    await useResolver(page(), doh.url);
    // The inline stylesheet applied (its CSP hash matched): the page background is the theme's.
    assert.equal(await page().evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(244, 246, 249)');
    await browser.shot('file page');

    await connectToCa(user, stack.directoryUrl);
    await issueWithOneCommand(user, stack, names, (n) => browser.shot(n));
    await browser.shot('certificate ready');

    await page().getByRole('button', { name: 'Download fullchain.pem' }).first().click();
    const fullchain = readFileSync(await browser.waitForDownload('fullchain.pem'), 'utf8');
    assert.match(verifyChain(fullchain, await stack.issuerPems()), /OK/);
    const text = openssl(['x509', '-in', 'c.pem', '-noout', '-text'], { 'c.pem': fullchain });
    for (const n of names) assert.ok(text.includes(`DNS:${n}`), `certificate names ${n}`);

    // The account and the certificate were stored: after a reload of the file the page still lists them.
    await page().reload();
    await page().getByRole('region', { name: 'My certificates' }).getByText(/^1 account stored/).waitFor();

    assert.deepEqual(browser.errors, [], 'no console errors (a CSP violation would be one)');
    assert.deepEqual(browser.blocked, []);
    const allowed = new Set([new URL(stack.directoryUrl).origin, new URL(doh.url).origin]);
    assert.ok(origins.has(new URL(stack.directoryUrl).origin), 'the page talked to the CA');
    assert.deepEqual([...origins].filter((o) => !allowed.has(o)), [], 'requests went only to the CA and the DoH resolver');
  });

  test('the policy is enforced: an injected inline script is refused, and the refusal is reported', async () => {
    await assertInlineScriptRefused(browser);
  });
});
