// Bad nonces, missing challenges and unreachable CAs end well: retried, or a typed error with the CA's words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { respondToChallenge, waitForAuthorization } from '../../src/acme/authorizations.ts';
import { AcmeClient, type RequestEvent } from '../../src/acme/client.ts';
import { AcmeNetworkError, AcmeProblemError, AcmeProtocolError } from '../../src/acme/errors.ts';
import { getAuthorizations, newOrder, waitForOrder } from '../../src/acme/orders.ts';
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
