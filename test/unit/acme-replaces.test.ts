// ARI `replaces` in newOrder (RFC 9773 §5), against recorded replies: what is signed and sent, and the retry
// without `replaces` when the CA says another order already replaced that certificate (alreadyReplaced).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenedVerify, importJWK, type FlattenedJWS } from 'jose';
import { AcmeAccount } from '../../src/acme/account.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { AcmeProblemError } from '../../src/acme/errors.ts';
import { newOrder } from '../../src/acme/orders.ts';
import { publicJwk } from '../../src/crypto/jwk.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';

const DIR = 'https://ca.test/dir';
const NEW_NONCE = 'https://ca.test/acme/new-nonce';
const NEW_ORDER = 'https://ca.test/acme/new-order';
const ACCOUNT_URL = 'https://ca.test/acme/acct/42';
const CERT_ID = 'AAA.BBB';

const directory = {
  newNonce: NEW_NONCE,
  newAccount: 'https://ca.test/acme/new-acct',
  newOrder: NEW_ORDER,
  revokeCert: 'https://ca.test/acme/revoke-cert',
  keyChange: 'https://ca.test/acme/key-change',
  renewalInfo: 'https://ca.test/acme/renewal-info',
  meta: { termsOfService: 'https://ca.test/tos' },
};

const order = (n: number) => ({
  status: 'pending',
  expires: '2030-01-08T00:00:00Z',
  identifiers: [{ type: 'dns', value: 'a.example' }],
  authorizations: [`https://ca.test/acme/authz/${n}`],
  finalize: `https://ca.test/acme/order/${n}/finalize`,
});

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body?: string;
}

type Reply = () => Response;

const nonceReply = (nonce: string): Reply => () => new Response(null, { status: 200, headers: { 'Replay-Nonce': nonce, 'Cache-Control': 'no-store' } });
const orderReply = (n: number, nonce: string): Reply => () => new Response(JSON.stringify(order(n)), {
  status: 201,
  headers: { 'Content-Type': 'application/json', 'Replay-Nonce': nonce, Location: `https://ca.test/acme/order/${n}` },
});
const problemReply = (status: number, type: string, detail: string, nonce: string): Reply => () => new Response(JSON.stringify({ type, detail, status }), {
  status,
  headers: { 'Content-Type': 'application/problem+json', 'Replay-Nonce': nonce },
});

/** A CA from recorded replies: each (method, url) answers from its queue in turn; anything else fails the test. */
async function recordedCa(replies: Record<string, Reply[]>) {
  const seen: Seen[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    seen.push({ method, url, headers: new Headers(init.headers), ...(typeof init.body === 'string' ? { body: init.body } : {}) });
    if (method === 'GET' && url === DIR) return Response.json(directory);
    const next = replies[`${method} ${url}`]?.shift();
    if (!next) throw new Error(`unexpected ${method} ${url}`);
    return next();
  };
  const client = await AcmeClient.connect(DIR, { fetch });
  const keys = await generateKeyPair('P-256');
  const account = await AcmeAccount.resume(client, keys, ACCOUNT_URL);
  const jwk = await publicJwk(keys.publicKey);
  const posts = () => seen.filter((s) => s.method === 'POST');
  return { seen, posts, account, jwk };
}

/** The signed request as the CA reads it: signature checked with the account key, header and payload decoded. */
async function openJws(jwk: JsonWebKey, sent: Seen) {
  assert.equal(sent.headers.get('Content-Type'), 'application/jose+json');
  const jws = JSON.parse(sent.body ?? '') as FlattenedJWS;
  assert.deepEqual(Object.keys(jws).sort(), ['payload', 'protected', 'signature'], 'flattened JSON serialization');
  const header = JSON.parse(Buffer.from(jws.protected ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const payload = JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const verified = await flattenedVerify(jws, await importJWK(jwk, 'ES256'));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(verified.payload)), payload, 'the signature covers this payload');
  return { header, payload };
}

test('newOrder with replaces: the signed payload carries the CertID', async () => {
  const { seen, posts, account, jwk } = await recordedCa({
    [`HEAD ${NEW_NONCE}`]: [nonceReply('nonce-1')],
    [`POST ${NEW_ORDER}`]: [orderReply(1, 'nonce-2')],
  });
  const created = await newOrder(account, { identifiers: ['a.example'], replaces: CERT_ID });

  assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), [`GET ${DIR}`, `HEAD ${NEW_NONCE}`, `POST ${NEW_ORDER}`]);
  const { header, payload } = await openJws(jwk, posts()[0]!);
  assert.equal(payload.replaces, CERT_ID);
  assert.deepEqual(payload, { identifiers: [{ type: 'dns', value: 'a.example' }], replaces: CERT_ID });
  assert.deepEqual(header, { alg: 'ES256', url: NEW_ORDER, nonce: 'nonce-1', kid: ACCOUNT_URL });

  assert.equal(created.url, 'https://ca.test/acme/order/1');
  assert.deepEqual(created.data, order(1));
});

test('newOrder without replaces: the payload has no replaces key', async () => {
  const { posts, account, jwk } = await recordedCa({
    [`HEAD ${NEW_NONCE}`]: [nonceReply('nonce-1')],
    [`POST ${NEW_ORDER}`]: [orderReply(1, 'nonce-2'), orderReply(2, 'nonce-3')],
  });
  await newOrder(account, { identifiers: ['a.example'] });
  // An empty CertID is no CertID either.
  await newOrder(account, { identifiers: ['a.example'], replaces: '' });
  assert.equal(posts().length, 2);
  for (const sent of posts()) {
    const { payload } = await openJws(jwk, sent);
    assert.equal(Object.hasOwn(payload, 'replaces'), false, JSON.stringify(payload));
    assert.deepEqual(payload, { identifiers: [{ type: 'dns', value: 'a.example' }] });
  }
});

test('alreadyReplaced (409): a second newOrder without replaces, with the nonce from the refusal, and its order is returned', async () => {
  const { seen, posts, account, jwk } = await recordedCa({
    [`HEAD ${NEW_NONCE}`]: [nonceReply('nonce-1')],
    [`POST ${NEW_ORDER}`]: [
      problemReply(409, 'urn:ietf:params:acme:error:alreadyReplaced', 'Certificate AAA.BBB has already been replaced by order 7', 'nonce-2'),
      orderReply(8, 'nonce-3'),
    ],
  });
  const created = await newOrder(account, { identifiers: ['a.example'], replaces: CERT_ID });

  assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), [`GET ${DIR}`, `HEAD ${NEW_NONCE}`, `POST ${NEW_ORDER}`, `POST ${NEW_ORDER}`],
    'the refusal carried a nonce: no second trip to newNonce');
  const [first, second] = await Promise.all(posts().map((p) => openJws(jwk, p)));
  assert.equal(first!.payload.replaces, CERT_ID);
  assert.equal(first!.header.nonce, 'nonce-1');
  assert.equal(Object.hasOwn(second!.payload, 'replaces'), false, JSON.stringify(second!.payload));
  assert.deepEqual(second!.payload, { identifiers: [{ type: 'dns', value: 'a.example' }] });
  assert.equal(second!.header.nonce, 'nonce-2');
  assert.equal(second!.header.kid, ACCOUNT_URL);

  assert.equal(created.url, 'https://ca.test/acme/order/8');
  assert.deepEqual(created.data, order(8));
});

test('other refusals are not retried: alreadyReplaced without replaces, and malformed with replaces', async () => {
  const noHint = await recordedCa({
    [`HEAD ${NEW_NONCE}`]: [nonceReply('nonce-1')],
    [`POST ${NEW_ORDER}`]: [problemReply(409, 'urn:ietf:params:acme:error:alreadyReplaced', 'already replaced', 'nonce-2')],
  });
  await assert.rejects(newOrder(noHint.account, { identifiers: ['a.example'] }), (err: unknown) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.ok(err.is('alreadyReplaced'));
    assert.equal(err.status, 409);
    return true;
  });
  assert.equal(noHint.posts().length, 1);

  const malformed = await recordedCa({
    [`HEAD ${NEW_NONCE}`]: [nonceReply('nonce-1')],
    [`POST ${NEW_ORDER}`]: [problemReply(400, 'urn:ietf:params:acme:error:malformed', 'replaces: not a CertID', 'nonce-2')],
  });
  await assert.rejects(newOrder(malformed.account, { identifiers: ['a.example'], replaces: 'not-a-cert-id' }), (err: unknown) => {
    assert.ok(err instanceof AcmeProblemError);
    assert.ok(err.is('malformed'));
    assert.equal(err.detail, 'replaces: not a CertID');
    return true;
  });
  assert.equal(malformed.posts().length, 1);
});
