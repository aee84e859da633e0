// 100 names in one order against Pebble: few newNonce requests, while the requests still overlap.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import type { FetchLike, RequestEvent } from '../../src/acme/client.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { issue } from '../support/issue.ts';
import { newAccount, uniqueName } from '../support/fixtures.ts';
import { verifyChain } from '../support/openssl.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

describe('100 names in one order', () => {
  let stack: PebbleStack;
  before(async () => { stack = await startPebble({ authzReuse: 0, nonceReject: 0 }); });
  after(() => stack?.stop());

  test('at most 5 newNonce requests in the whole issuance, with signed requests in flight together', async () => {
    const events: RequestEvent[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: FetchLike = async (input, init) => {
      const post = init?.method === 'POST';
      if (post) maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        if (post) inFlight -= 1;
      }
    };
    // Unpaced: this measures how far requests overlap, not the page's pace towards a public CA.
    const account = await newAccount(stack, 'P-256', { fetch: counting, onRequest: (e) => events.push(e), requestsPerSecond: 100_000 });
    const names = Array.from({ length: 100 }, (_, i) => uniqueName(`p${i}`));
    const got = await issue(stack, account, names);
    assert.match(verifyChain(got.certPem, await stack.issuerPems()), /OK/);
    assert.equal((await parseCertificate(got.certPem)).dnsNames.length, 100);

    const kinds: Record<string, number> = {};
    for (const e of events) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    assert.equal(kinds.authz, 100);
    assert.equal(kinds.challenge, 100);
    assert.ok((kinds.nonce ?? 0) <= 5, `newNonce asked ${kinds.nonce} times (${JSON.stringify(kinds)})`);
    assert.ok(maxInFlight >= 3, `signed requests overlap: at most ${maxInFlight} in flight`);
    assert.equal(events.filter((e) => e.status === 400).length, 0, 'no badNonce: no nonce was used twice');
  });
});
