// The resolver list. lookupAll, CNAME following and the checks with the real
// lookupAll run against a live DNS server in test/integration/dns-live.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RESOLVERS } from '../../src/dns/resolvers.ts';

test('DEFAULT_RESOLVERS are the two RFC 8484 endpoints known to send CORS headers', () => {
  assert.deepEqual(DEFAULT_RESOLVERS.map((r) => [r.name, r.url]), [
    ['Cloudflare', 'https://cloudflare-dns.com/dns-query'],
    ['Google', 'https://dns.google/dns-query'],
  ]);
  assert.ok(Object.isFrozen(DEFAULT_RESOLVERS) && DEFAULT_RESOLVERS.every((r) => Object.isFrozen(r)));
});
