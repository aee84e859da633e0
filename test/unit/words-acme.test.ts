// The ACME layer's words go through the page's catalogue (src/words): worded when an error is made, not when a
// module loads, so a visitor who switches language gets ACME errors in that language too. In Node, with no
// catalogue, they stay English (the other unit tests check those words).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { configureLocalization, msg as litMsg } from '@lit/localize';
// Loaded before any catalogue is handed in: nothing these modules say may be fixed at load time.
import { authorizationError } from '../../src/acme/authorizations.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { AcmeNetworkError, AcmeProblemError, AcmeProtocolError, AcmeTimeoutError } from '../../src/acme/errors.ts';
import { explain } from '../../src/acme/explain.ts';
import { pollUntil } from '../../src/acme/poll.ts';
import { useCatalogue, type Template } from '../../src/words/words.ts';

after(() => useCatalogue(undefined));

const PROBLEM_TYPES = ['accountDoesNotExist', 'alreadyRevoked', 'alreadyReplaced', 'badCSR', 'badNonce', 'badPublicKey',
  'badRevocationReason', 'badSignatureAlgorithm', 'caa', 'compound', 'connection', 'dns', 'externalAccountRequired',
  'incorrectResponse', 'invalidContact', 'invalidProfile', 'malformed', 'orderNotReady', 'rateLimited', 'rejectedIdentifier',
  'serverInternal', 'tls', 'unauthorized', 'unsupportedContact', 'unsupportedIdentifier', 'userActionRequired'];

const offline = async (): Promise<Response> => { throw new TypeError('Failed to fetch'); };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try { await promise; } catch (err) { return err; }
  assert.fail('expected a rejection');
}

test('with a lookup handed in, every explanation and error text of src/acme goes through it', async () => {
  const seen: Template[] = [];
  const mark = (t: Template) => {
    seen.push(t);
    if (typeof t === 'string') return `<${t}>`;
    return `<${t.strings.reduce((out, s, i) => out + String(t.values[i - 1]) + s)}>`;
  };
  useCatalogue(mark);
  try {
    const marked = /^<[^]*>$/;
    for (const type of [...PROBLEM_TYPES, 'somethingNew']) {
      const e = explain(`urn:ietf:params:acme:error:${type}`);
      assert.match(e.what, marked, `${type}: what`);
      assert.match(e.next, marked, `${type}: next`);
    }
    // A name every object has is not a problem type with an explanation (the old table found Object here).
    assert.equal(explain('urn:ietf:params:acme:error:constructor').what, '<The CA reported a problem.>');

    const bad = await rejection(AcmeClient.connect('not a url'));
    assert.ok(bad instanceof AcmeProtocolError);
    assert.equal(bad.explanation.what, '<This is not a valid URL.>');
    assert.equal(bad.explanation.next, '<Enter the full directory URL, starting with https://.>');
    assert.equal(bad.message, '<This is not a valid URL.> (not a url)');

    const down = await rejection(AcmeClient.connect('https://ca.test/dir', { fetch: offline }));
    assert.ok(down instanceof AcmeNetworkError);
    assert.equal(down.message, '<could not reach https://ca.test/dir>');
    assert.match(down.explanation.what, /^<No answer from https:\/\/ca\.test\. [^]*>$/);
    assert.match(down.explanation.next, /^<Check that you are online [^]*>$/);
    const template = seen.find((t) => typeof t !== 'string' && t.strings[0] === 'No answer from ');
    assert.ok(template && typeof template !== 'string', 'the origin went in as a value, not glued on');
    assert.deepEqual(template.values, ['https://ca.test']);

    const authz = authorizationError({ url: 'https://ca.test/authz/1', data: { identifier: { type: 'dns', value: 'example.com' }, status: 'deactivated', challenges: [] } });
    assert.equal(authz.detail, '<The authorization for example.com is deactivated.>');
  } finally {
    useCatalogue(undefined);
  }
  // Back to plain English: the same calls, worded again.
  assert.equal(explain('urn:ietf:params:acme:error:badNonce').what, 'The CA refused a one-time request number (nonce), which happens now and then.');
  const bad = await rejection(AcmeClient.connect('not a url'));
  assert.equal((bad as AcmeProtocolError).message, 'This is not a valid URL. (not a url)');
});

test('with lit and the built zh-CN catalogue, ACME errors come out in Chinese', async () => {
  // lit announces a locale change on `window`; Node has none, so it gets a bare event target for this test.
  const hadWindow = typeof window !== 'undefined';
  if (!hadWindow) Object.defineProperty(globalThis, 'window', { value: new EventTarget(), configurable: true });
  after(() => { if (!hadWindow) delete (globalThis as { window?: unknown }).window; });
  const { setLocale } = configureLocalization({
    sourceLocale: 'en',
    targetLocales: ['zh-CN'],
    loadLocale: () => import('../../src/locales/zh-CN.ts'),
  });
  await setLocale('zh-CN');
  // As src/ui/locale.ts hands it in.
  const lookUp: (template: Parameters<typeof litMsg>[0]) => unknown = litMsg;
  useCatalogue((template) => String(lookUp(template)));
  try {
    const limited = new AcmeProblemError({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many certificates' }, 429);
    assert.equal(limited.explanation.what, 'CA 正在限制此操作的频率。');
    assert.equal(limited.detail, 'too many certificates', "the CA's own words are kept as they are");
    assert.equal(explain('urn:example:unknown').next, '请阅读下面的详细信息；如果不清楚，请稍后重试或咨询该 CA。');

    const bad = await rejection(AcmeClient.connect('not a url'));
    assert.ok(bad instanceof AcmeProtocolError);
    assert.equal(bad.explanation.what, '这不是有效的 URL。');
    assert.equal(bad.explanation.next, '请输入完整的目录 URL，以 https:// 开头。');

    const down = await rejection(AcmeClient.connect('https://ca.test/dir', { fetch: offline }));
    assert.ok(down instanceof AcmeNetworkError);
    assert.equal(down.message, '无法连接 https://ca.test/dir');
    assert.match(down.explanation.what, /^https:\/\/ca\.test 没有响应。/);

    const authz = authorizationError({ url: 'https://ca.test/authz/1', data: { identifier: { type: 'dns', value: 'example.com' }, status: 'invalid', challenges: [] } });
    assert.equal(authz.detail, 'example.com 的授权无效。');

    const slow = await rejection(pollUntil('https://ca.test/order/1', { value: 0, status: 'processing' }, async () => ({ value: 0, status: 'processing' }), (s) => s !== 'processing', { firstDelayMs: 1, timeoutMs: 5 }));
    assert.ok(slow instanceof AcmeTimeoutError);
    assert.equal(slow.explanation.what, 'CA 尚未完成（状态为“processing”）。');
  } finally {
    useCatalogue(undefined);
  }
  assert.equal(explain('urn:ietf:params:acme:error:rateLimited').what, 'The CA is limiting how often this can be done.');
});
