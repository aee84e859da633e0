// The harness and the page's first breath: the built page loads in Debian's Chromium on loopback only, and from
// the page's origin Chromium can talk to Pebble (CORS, exposed headers, the throw-away TLS certificate).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp } from './support/app.ts';
import { openBrowser, type Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

describe('smoke', () => {
  let stack: PebbleStack;
  let app: StaticServer;
  let browser: Browser;

  before(async () => {
    stack = await startPebble();
    app = await startApp();
    browser = await openBrowser();
    await browser.page.goto(app.url, { waitUntil: 'load' });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await stack?.stop();
  });

  test('the page loads: title, <cp-app>, no errors, nothing but loopback', async (t) => {
    const { page } = browser;
    assert.match(await page.title(), /certpage/i);
    await page.locator('cp-app').waitFor({ state: 'attached', timeout: 10_000 }).catch(() => {});
    assert.ok(await page.evaluate(() => document.querySelector('cp-app') !== null), 'the page has a <cp-app> element');
    t.diagnostic(`screenshot: ${await browser.shot('loaded')}`);
    assert.deepEqual(browser.blocked, [], 'the page tried to reach a non-loopback host');
    assert.deepEqual(browser.errors, [], 'the page logged errors');
    if (browser.fenced.length) t.diagnostic(`Chromium's own traffic refused by the loopback fence: ${browser.fenced.join(', ')}`);
  });

  test("from the page's origin: Pebble's directory, a nonce, and a problem document (CORS + TLS)", async () => {
    const seen = await browser.page.evaluate(async (directoryUrl) => {
      const dir = await fetch(directoryUrl).then((r) => r.json()) as Record<string, string>;
      const head = await fetch(dir.newNonce ?? '', { method: 'HEAD' });
      // application/jose+json makes this a preflighted CORS request; Pebble answers with a problem document.
      const post = await fetch(dir.newAccount ?? '', { method: 'POST', headers: { 'Content-Type': 'application/jose+json' }, body: '{}' });
      return {
        dir,
        nonceStatus: head.status,
        nonce: head.headers.get('Replay-Nonce'),
        link: head.headers.get('Link'),
        postStatus: post.status,
        postType: post.headers.get('Content-Type'),
        postNonce: post.headers.get('Replay-Nonce'),
        problem: await post.json() as { type?: string },
      };
    }, stack.directoryUrl);
    for (const k of ['newNonce', 'newAccount', 'newOrder', 'revokeCert', 'keyChange']) {
      assert.match(seen.dir[k] ?? '', /^https:\/\/127\.0\.0\.1:\d+\//, `directory.${k}`);
    }
    assert.ok(seen.nonceStatus === 200 || seen.nonceStatus === 204, `HEAD newNonce: HTTP ${seen.nonceStatus}`);
    assert.match(seen.nonce ?? '', /^[A-Za-z0-9_-]+$/, 'Replay-Nonce is exposed to the page');
    assert.match(seen.link ?? '', /rel="index"/, 'Link is exposed to the page');
    assert.equal(seen.postStatus, 400);
    assert.match(seen.postType ?? '', /^application\/problem\+json/);
    assert.match(seen.postNonce ?? '', /^[A-Za-z0-9_-]+$/, 'Replay-Nonce is exposed on error answers too');
    assert.equal(seen.problem.type, 'urn:ietf:params:acme:error:malformed');
    assert.deepEqual(browser.blocked, []);
  });
});
