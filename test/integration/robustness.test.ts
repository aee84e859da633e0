// Bad nonces, missing challenges and unreachable CAs end well: retried, or a typed error with the CA's words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { respondToChallenge, waitForAuthorization } from '../../src/acme/authorizations.ts';
import { ACME_CHAIN_MAX_BYTES, ACME_JSON_MAX_BYTES } from '../../src/acme/body.ts';
import { AcmeClient, type FetchLike, type RequestEvent } from '../../src/acme/client.ts';
import { AcmeNetworkError, AcmeProblemError, AcmeProtocolError } from '../../src/acme/errors.ts';
import { getAuthorizations, MAX_ALTERNATES, newOrder, waitForOrder } from '../../src/acme/orders.ts';
import { splitPemChain } from '../../src/crypto/pem.ts';
import { issue } from '../support/issue.ts';
import { newAccount, uniqueName } from '../support/fixtures.ts';
import { verifyChain } from '../support/openssl.ts';
import { freePorts } from '../support/ports.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

describe('with Pebble rejecting half of all nonces', () => {
  let stack: PebbleStack;
  before(async () => { stack = await startPebble({ nonceReject: 50 }); });
  after(() => stack?.stop());

  test('ten issuances in a row succeed, with badNonce retried transparently', async () => {
    const events: RequestEvent[] = [];
    const account = await newAccount(stack, 'P-256', { onRequest: (e) => events.push(e) });
    const issuers = await stack.issuerPems();
    for (let i = 0; i < 10; i++) {
      const got = await issue(stack, account, [uniqueName(`r${i}`)]);
      assert.match(verifyChain(got.certPem, issuers), /OK/);
    }
    const rejected = events.filter((e) => e.method === 'POST' && e.status === 400).length;
    assert.ok(rejected > 10, `Pebble should have rejected many nonces (saw ${rejected})`);
    assert.equal(events.filter((e) => e.kind === 'nonce').length, 1, 'only the first nonce is asked for');
  });
});

describe('errors carry the CA\'s detail', () => {
  let stack: PebbleStack;
  before(async () => { stack = await startPebble({ authzReuse: 0 }); });
  after(() => stack?.stop());

  test('a challenge that is not in place ends in a typed error with Pebble\'s detail', async () => {
    const account = await newAccount(stack);
    const name = uniqueName('missing');
    const order = await newOrder(account, { identifiers: [name] });
    const [authz] = await getAuthorizations(account, order.data);
    assert.ok(authz);
    const challenge = authz.data.challenges.find((c) => c.type === 'http-01');
    assert.ok(challenge);
    await respondToChallenge(account, challenge); // nothing was placed
    const err = await waitForAuthorization(account, authz.url).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AcmeProblemError, String(err));
    assert.equal(err.identifier?.value, name);
    assert.match(err.shortType, /^(unauthorized|connection|incorrectResponse)$/);
    assert.ok(err.detail.length > 0, 'Pebble\'s own words are kept');
    assert.ok(err.explanation.next.length > 0);
    // The order is now invalid, and waiting for it says why too.
    const orderErr = await waitForOrder(account, order, 'ready').then(() => undefined, (e: unknown) => e);
    assert.ok(orderErr instanceof AcmeProblemError);
    assert.ok(orderErr.detail.length > 0);
  });

  test('a name Pebble refuses is rejectedIdentifier or malformed, with detail', async () => {
    const account = await newAccount(stack);
    const err = await newOrder(account, { identifiers: ['bad_name..example.com'] }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AcmeProblemError, String(err));
    assert.match(err.shortType, /^(rejectedIdentifier|malformed)$/);
    assert.ok(err.detail);
  });

  test('a directory URL that is not ACME gives a protocol error, a closed port a network error', async () => {
    await assert.rejects(AcmeClient.connect(stack.challtestsrvUrl + '/'), AcmeProtocolError);
    await assert.rejects(AcmeClient.connect('not a url'), AcmeProtocolError);
    const [closed] = await freePorts(1);
    await assert.rejects(AcmeClient.connect(`https://127.0.0.1:${closed}/dir`), (err: unknown) => {
      assert.ok(err instanceof AcmeNetworkError);
      assert.match(err.explanation.what, /CORS/);
      return true;
    });
  });
});

/**
 * A thin proxy in front of Pebble (as the injected fetch): every exchange goes to the real server; the answers
 * `pick` chooses are rewritten by `rewrite` and sent on as a stream without Content-Length, in 64 KB pieces made
 * only when read, so `pulled` tells how far the client read (the stream reads a few pieces ahead).
 */
function rewritingProxy(pick: (init: RequestInit | undefined, res: Response) => boolean, rewrite: (body: string) => string) {
  const seen = { rewritten: 0, pulled: 0 };
  const fetchFn: FetchLike = async (input, init) => {
    const res = await fetch(input, init);
    if (!pick(init, res)) return res;
    const bytes = new TextEncoder().encode(rewrite(await res.text()));
    seen.rewritten++;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        const piece = bytes.subarray(at, at + 64 * 1024);
        at += piece.length;
        seen.pulled += piece.length;
        controller.enqueue(piece);
      },
    });
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  };
  return { fetchFn, seen };
}

const MB = 1024 * 1024;
// The chain itself, not a refusal of the request for it: Pebble turns down a share of nonces (badNonce), and a padded
// problem document would be refused at the JSON limit (256 KB) instead of being retried.
const isChain = (init: RequestInit | undefined, res: Response) => res.ok && new Headers(init?.headers).get('Accept') === 'application/pem-certificate-chain';

describe('answers too large to read are refused as they stream in (issue 11)', () => {
  let stack: PebbleStack;
  before(async () => { stack = await startPebble(); });
  after(() => stack?.stop());

  const refusedAsTooLarge = (limitWords: string) => (err: unknown) => {
    assert.ok(err instanceof AcmeProtocolError, String(err));
    assert.match(err.explanation.what, new RegExp(`^The CA sent an answer of more than ${limitWords}; `));
    return true;
  };

  test('a 5 MB directory is refused, having read not much more than 256 KB of it', async () => {
    const proxy = rewritingProxy((init) => (init?.method ?? 'GET') === 'GET', (json) => json + ' '.repeat(5 * MB));
    await assert.rejects(AcmeClient.connect(stack.directoryUrl, { fetch: proxy.fetchFn }), refusedAsTooLarge('256 KB'));
    assert.equal(proxy.seen.rewritten, 1);
    assert.ok(proxy.seen.pulled <= ACME_JSON_MAX_BYTES + 256 * 1024, `read ${proxy.seen.pulled} bytes`);
  });

  test("a problem document whose detail is 5 MB is refused, not shown", async () => {
    const proxy = rewritingProxy((_init, res) => res.status >= 400, (json) => {
      const problem = JSON.parse(json) as { type?: string; detail?: string };
      if (problem.type?.endsWith(':badNonce')) return json; // retried by the client; only the refusal is padded
      return JSON.stringify({ ...problem, detail: `${problem.detail ?? ''} ${'x'.repeat(5 * MB)}` });
    });
    const account = await newAccount(stack, 'P-256', { fetch: proxy.fetchFn });
    await assert.rejects(newOrder(account, { identifiers: ['bad_name..example.com'] }), refusedAsTooLarge('256 KB'));
    assert.ok(proxy.seen.rewritten >= 1);
  });

  test('a certificate chain over 1 MB is refused; one just under 1 MB still downloads', async () => {
    const fits = rewritingProxy(isChain, (pem) => pem + '\n'.repeat(ACME_CHAIN_MAX_BYTES - pem.length - 1));
    const got = await issue(stack, await newAccount(stack, 'P-256', { fetch: fits.fetchFn }), [uniqueName('fits')]);
    assert.match(got.certPem, /^-----BEGIN CERTIFICATE-----/);
    assert.ok(fits.seen.rewritten >= 1);

    const huge = rewritingProxy(isChain, (pem) => pem + '\n'.repeat(5 * MB));
    const account = await newAccount(stack, 'P-256', { fetch: huge.fetchFn });
    await assert.rejects(issue(stack, account, [uniqueName('huge')]), refusedAsTooLarge('1 MB'));
    assert.ok(huge.seen.pulled <= ACME_CHAIN_MAX_BYTES + 256 * 1024, `read ${huge.seen.pulled} bytes`);
  });
});

describe('a CA that links too many, broken or foreign alternate chains', () => {
  let stack: PebbleStack;
  before(async () => { stack = await startPebble({ alternateRoots: 1 }); });
  after(() => stack?.stop());

  test(`at most ${MAX_ALTERNATES} are asked for; a failing or foreign one is left out and the chain still downloads`, async () => {
    const other = await issue(stack, await newAccount(stack), [uniqueName('foreign')]);
    const foreign = other.order.data.certificate ?? '';
    assert.ok(foreign, 'the other certificate has a URL');
    // The first chain answer gets a Link header naming the real alternate several times, another certificate, and 40
    // addresses that do not exist; Pebble answers each request itself.
    let linked = false;
    const fetchFn: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (linked || !isChain(init, res)) return res;
      linked = true;
      const own = String(input);
      const headers = new Headers(res.headers);
      const real = /<([^>]+)>;rel="alternate"/.exec(headers.get('Link') ?? '')?.[1] ?? '';
      assert.ok(real, 'Pebble links one alternate chain');
      const targets = [foreign, own, real, real, ...Array.from({ length: 40 }, (_, i) => `${own}/missing-${i}`)];
      headers.set('Link', targets.map((t) => `<${t}>;rel="alternate"`).join(', '));
      return new Response(await res.text(), { status: res.status, headers });
    };
    const events: RequestEvent[] = [];
    const got = await issue(stack, await newAccount(stack, 'P-256', { fetch: fetchFn, onRequest: (e) => events.push(e) }), [uniqueName('alts')]);
    assert.ok(linked);
    assert.match(got.certPem, /^-----BEGIN CERTIFICATE-----/);
    assert.equal(got.alternates.length, 1, 'only the real alternate is kept: not the foreign one, not the missing ones');
    assert.equal(splitPemChain(got.alternates[0] ?? '')[0], splitPemChain(got.certPem)[0], 'it starts with the same certificate');
    const downloads = events.filter((e) => e.kind === 'certificate' && e.status !== 400); // a badNonce retry is not a new ask
    assert.ok(downloads.length <= 1 + MAX_ALTERNATES, `${downloads.length} certificate requests`);
  });
});
