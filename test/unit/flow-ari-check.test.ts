// The page's ARI visit check: which stored certificates are asked about, and what is stored from recorded replies.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { ariCertId } from '../../src/acme/ari.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { ARI_CONCURRENCY, askRenewalInfo, DEFAULT_RECHECK_MS, needsAriCheck, refreshRenewalWindows } from '../../src/flow/lifecycle/ari.ts';
import { setClientOptions } from '../../src/flow/ca/connect.ts';
import { resetForTests } from '../../src/store/db.ts';
import { getCertificate, putCertificate } from '../../src/store/repo.ts';
import { renewalState } from '../../src/flow/lifecycle/window.ts';
import type { CertificateRecord } from '../../src/store/schema.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const HOUR = 3_600_000;
const dir = new OpensslDir();
after(() => dir.remove());

function issue(ext: string): string {
  dir.write('ext', ext);
  dir.run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=ari.example');
  dir.run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x0a0b0c', '-days', '90', '-extfile', 'ext', '-out', 'leaf.pem');
  return dir.read('leaf.pem');
}
dir.run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ARI check CA', '-days', '2');
const withAki = issue('subjectAltName=DNS:ari.example\nauthorityKeyIdentifier=keyid\n');
const withoutAki = issue('subjectAltName=DNS:ari.example\nauthorityKeyIdentifier=none\nsubjectKeyIdentifier=none\n');

function record(chainPem: string, extra: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id: 'c1', accountId: 'a1', issuanceId: 'i1', directoryUrl: 'https://ca.test/dir', names: ['ari.example'], chainPem,
    alternates: [], issuer: 'CN=ARI check CA', serialHex: '0a0b0c', notBefore: '2026-11-01T00:00:00Z', notAfter: '2027-01-30T00:00:00Z',
    createdAt: '2026-11-01T00:00:00Z', ...extra,
  };
}

const DIRECTORY = { newNonce: 'https://ca.test/nonce', newAccount: 'https://ca.test/acct', newOrder: 'https://ca.test/order', revokeCert: 'https://ca.test/revoke', keyChange: 'https://ca.test/kc' };

/** A client whose only network is these recorded replies; `seen` lists the URLs asked. */
async function recordedClient(replies: Record<string, () => Response>, renewalInfo = true) {
  const seen: string[] = [];
  const directory = renewalInfo ? { ...DIRECTORY, renewalInfo: 'https://ca.test/ari/' } : DIRECTORY;
  const fetch = async (url: string) => {
    seen.push(url);
    if (url === 'https://ca.test/dir') return Response.json(directory);
    return replies[url]?.() ?? new Response('not found', { status: 404 });
  };
  return { client: await AcmeClient.connect('https://ca.test/dir', { fetch }), seen };
}

const now = new Date('2026-11-23T12:00:00Z');

test('needsAriCheck: live certificates without an answer, or whose answer is due again', () => {
  assert.equal(needsAriCheck(record(withAki), now), true);
  assert.equal(needsAriCheck(record(withAki, { status: 'replaced' }), now), false);
  assert.equal(needsAriCheck(record(withAki, { status: 'revoked' }), now), false);
  assert.equal(needsAriCheck(record(withAki, { notAfter: '2026-11-23T11:59:59Z' }), now), false, 'expired');
  const ari = { start: '2027-01-01T00:00:00Z', end: '2027-01-03T00:00:00Z', checkedAt: '2026-11-23T10:00:00Z' };
  assert.equal(needsAriCheck(record(withAki, { ari: { ...ari, nextCheck: '2026-11-23T13:00:00Z' } }), now), false);
  assert.equal(needsAriCheck(record(withAki, { ari: { ...ari, nextCheck: '2026-11-23T12:00:00Z' } }), now), true);
});

test('askRenewalInfo stores the recorded window, explanation and the next check from Retry-After', async () => {
  const certId = ariCertId(await parseCertificate(withAki));
  const { client, seen } = await recordedClient({
    [`https://ca.test/ari/${certId}`]: () => new Response(JSON.stringify({
      suggestedWindow: { start: '2026-12-30T00:00:00Z', end: '2027-01-01T00:00:00Z' },
      explanationURL: 'https://ca.test/incident-42',
    }), { headers: { 'Content-Type': 'application/json', 'Retry-After': '10800' } }),
  });
  const ari = await askRenewalInfo(client, record(withAki), now);
  assert.deepEqual(seen, ['https://ca.test/dir', `https://ca.test/ari/${certId}`]);
  assert.ok(ari);
  assert.equal(ari.start, '2026-12-30T00:00:00.000Z');
  assert.equal(ari.end, '2027-01-01T00:00:00.000Z');
  assert.equal(ari.explanationURL, 'https://ca.test/incident-42');
  assert.equal(ari.checkedAt, now.toISOString());
  // Retry-After is relative to the real clock; it lands within the clamp of one to 24 hours from `now`.
  const wait = new Date(ari.nextCheck).getTime() - now.getTime();
  assert.ok(wait >= HOUR && wait <= 24 * HOUR, `next check in ${wait / HOUR} h`);

  // The stored window now drives the state: renew from Dec 30 rather than by the lifetime rule (Dec 31).
  const state = renewalState(record(withAki, { ari }), new Date('2026-12-30T06:00:00Z'));
  assert.equal(state.source, 'ari');
  assert.equal(state.state, 'renew-now');
  assert.equal(renewalState(record(withAki), new Date('2026-12-30T06:00:00Z')).state, 'fine');
});

test('an ARI window that moved earlier (a CA incident) turns the state to renew now', async () => {
  const certId = ariCertId(await parseCertificate(withAki));
  const { client } = await recordedClient({
    [`https://ca.test/ari/${certId}`]: () => Response.json({ suggestedWindow: { start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z' } }),
  });
  const ari = await askRenewalInfo(client, record(withAki), now);
  assert.ok(ari);
  assert.equal(new Date(ari.nextCheck).getTime() - now.getTime(), DEFAULT_RECHECK_MS, 'no Retry-After: the default');
  assert.equal(renewalState(record(withAki, { ari }), now).state, 'renew-now');
});

test('no ARI in the directory, or no AKI in the certificate: nothing is asked', async () => {
  const none = await recordedClient({}, false);
  assert.equal(await askRenewalInfo(none.client, record(withAki), now), undefined);
  assert.deepEqual(none.seen, ['https://ca.test/dir']);
  assert.equal((await parseCertificate(withoutAki)).authorityKeyId, undefined, 'openssl made it without AKI');
  const some = await recordedClient({});
  assert.equal(await askRenewalInfo(some.client, record(withoutAki), now), undefined);
  assert.deepEqual(some.seen, ['https://ca.test/dir']);
});

test('a broken renewalInfo reply is an error the visit check swallows (the lifetime rule stays)', async () => {
  const certId = ariCertId(await parseCertificate(withAki));
  const { client } = await recordedClient({ [`https://ca.test/ari/${certId}`]: () => Response.json({ suggestedWindow: { start: 'soon' } }) });
  await assert.rejects(askRenewalInfo(client, record(withAki), now));
});

test('the visit check asks a few at a time, only about certificates in use, and not again before the next check', async () => {
  resetForTests(); // the in-memory store
  const live = Array.from({ length: 12 }, (_, i) => record(withAki, { id: `live-${i}`, directoryUrl: `https://ca${i % 4}.test/dir` })); // four CAs
  const ended = [
    record(withAki, { id: 'replaced', status: 'replaced' }), record(withAki, { id: 'revoked', status: 'revoked' }),
    record(withAki, { id: 'expired', notAfter: '2026-11-01T00:00:00Z' }),
  ];
  for (const c of [...live, ...ended]) await putCertificate(c);
  const certId = ariCertId(await parseCertificate(withAki));
  let inFlight = 0;
  let most = 0;
  let asked = 0;
  setClientOptions({
    fetch: async (url) => {
      const ca = new URL(url).origin;
      if (url.endsWith('/dir')) return Response.json({ ...DIRECTORY, renewalInfo: `${ca}/ari/` });
      if (url !== `${ca}/ari/${certId}`) return new Response('not found', { status: 404 });
      asked++;
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return Response.json({ suggestedWindow: { start: '2027-01-01T00:00:00Z', end: '2027-01-02T00:00:00Z' } }, { headers: { 'Retry-After': '7200' } });
    },
  });
  try {
    assert.equal(await refreshRenewalWindows(now), live.length);
    assert.equal(asked, live.length, 'each live certificate once; none replaced, revoked or expired');
    assert.ok(most <= ARI_CONCURRENCY && most >= 2, `at most ${ARI_CONCURRENCY} at once, still in parallel (saw ${most})`);
    assert.equal((await getCertificate('live-3'))?.ari?.start, '2027-01-01T00:00:00.000Z');
    assert.equal((await getCertificate('replaced'))?.ari, undefined);
    // Within Retry-After nothing is asked again.
    assert.equal(await refreshRenewalWindows(now), 0);
    assert.equal(asked, live.length);
  } finally {
    setClientOptions({});
    resetForTests();
  }
});
