// The repository on its in-memory stand-in (Node has no IndexedDB, which is exactly the "cannot open" case): revision-
// checked writes, a certificate stored with its issuance in one step, and deletes that leave no copy of a key.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { backend, resetForTests, storageStatus } from '../../src/store/db.ts';
import { StaleRecordError } from '../../src/store/errors.ts';
import { deleteCertificate, discardIssuance, getCertificate, getIssuance, listCertificateSummaries, listIssuances, putCertificate, saveIssuance, storeIssuedCertificate } from '../../src/store/repo.ts';
import { restoreRecords } from '../../src/store/restore.ts';
import type { CertificateRecord, IssuanceRecord } from '../../src/store/schema.ts';
import { memoryBackend } from '../../src/store/backend.ts';

async function issuance(over: Partial<IssuanceRecord> = {}): Promise<IssuanceRecord> {
  const keys = await generateKeyPair('P-256', { extractable: true });
  return {
    id: 'iss-1', revision: 0, accountId: 'a', directoryUrl: 'https://ca.test/dir', identifiers: [{ type: 'dns', value: 'a.test' }],
    key: { kind: 'generated', keyType: 'P-256', ...keys }, order: { url: 'o', data: { status: 'valid', identifiers: [], authorizations: [], finalize: 'f' } },
    authorizations: [], cards: [], stage: 'finalizing', createdAt: 't', updatedAt: 't', ...over,
  };
}

function certificateFor(record: IssuanceRecord, over: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    id: 'cert-1', accountId: 'a', issuanceId: record.id, directoryUrl: record.directoryUrl, names: ['a.test'], chainPem: 'PEM', alternates: [],
    issuer: 'CN=x', serialHex: '01', notBefore: 't', notAfter: 't', createdAt: 't',
    ...(record.key.kind === 'generated' ? { privateKey: record.key.privateKey, keyType: 'P-256' as const } : {}), ...over,
  };
}

/** Every stored value, walked for CryptoKeys: where private keys are kept anywhere in the store. */
async function privateKeysStored(): Promise<string[]> {
  const found: string[] = [];
  const walk = (where: string, v: unknown): void => {
    if (v instanceof CryptoKey) { if (v.type === 'private') found.push(where); return; }
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(`${where}.${k}`, x);
  };
  await (await backend()).run(['accounts', 'issuances', 'certificates', 'settings', 'catalogue'], 'readonly', async (tx) => {
    for (const store of ['accounts', 'issuances', 'certificates'] as const) for (const r of await tx.getAll(store)) walk(`${store}:${(r as { id: string }).id}`, r);
    walk('catalogue', await tx.getAll('catalogue'));
  });
  return found;
}

describe('store: revisions, certificates and deletes (in-memory stand-in)', () => {
  beforeEach(() => resetForTests());

  test('without IndexedDB the store still works, and says it is in memory', async () => {
    await saveIssuance(await issuance());
    assert.equal(storageStatus().state, 'memory');
    assert.ok(await getIssuance('iss-1'));
  });

  test('a write from an older revision is refused with what is stored now', async () => {
    const first = await saveIssuance(await issuance());
    assert.equal(first.revision, 1);
    const second = await saveIssuance({ ...first, stage: 'done' });
    assert.equal(second.revision, 2);
    // A second tab still holding revision 1 tries to write "failed" over "done".
    await assert.rejects(saveIssuance({ ...first, stage: 'failed' }), (err: unknown) => err instanceof StaleRecordError && err.latest?.stage === 'done');
    assert.equal((await getIssuance('iss-1'))?.stage, 'done');
  });

  test('storing the certificate ends the issuance, moves the key to the certificate and marks the renewed one replaced', async () => {
    await putCertificate(certificateFor(await issuance({ id: 'old-iss' }), { id: 'old-cert', privateKey: undefined }));
    const saved = await saveIssuance(await issuance({ renews: 'old-cert' }));
    const done = await storeIssuedCertificate(saved, certificateFor(saved, { replaces: 'old-cert' }));
    assert.equal(done.stage, 'done');
    assert.equal(done.certificateId, 'cert-1');
    assert.deepEqual(done.key, { kind: 'none' });
    assert.equal((await getCertificate('old-cert'))?.status, 'replaced');
    assert.equal((await getCertificate('old-cert'))?.replacedBy, 'cert-1');
    assert.deepEqual(await privateKeysStored(), ['certificates:cert-1.privateKey'], 'exactly one copy of the key');
    await assert.rejects(storeIssuedCertificate(saved, certificateFor(saved)), StaleRecordError, 'never twice from the same revision');
  });

  test('deleting a certificate leaves no copy of its key anywhere, also when the issuance still held one', async () => {
    const saved = await saveIssuance(await issuance());
    await putCertificate(certificateFor(saved)); // e.g. an issuance left as it was by an older version
    assert.equal((await privateKeysStored()).length, 2);
    await deleteCertificate('cert-1');
    assert.deepEqual(await privateKeysStored(), []);
    assert.deepEqual(await listIssuances(), []);
  });

  test('discarding an abandoned order removes it with its key', async () => {
    await saveIssuance(await issuance({ stage: 'challenges' }));
    await discardIssuance('iss-1');
    assert.deepEqual(await privateKeysStored(), []);
  });

  test('what was kept in memory is copied into storage that opens later, without overwriting', async () => {
    const mem = memoryBackend();
    const target = memoryBackend();
    await mem.run(['settings'], 'readwrite', async (tx) => { await tx.put('settings', 'kept', 'a'); await tx.put('settings', 'new', 'b'); });
    await target.run(['settings'], 'readwrite', (tx) => tx.put('settings', 'there', 'a'));
    await mem.copyInto(target);
    const [a, b] = await target.run(['settings'], 'readonly', (tx) => Promise.all([tx.get('settings', 'a'), tx.get('settings', 'b')]));
    assert.equal(a, 'there');
    assert.equal(b, 'new');
  });

  test('a write transaction that fails changes nothing', async () => {
    const mem = memoryBackend();
    await assert.rejects(mem.run(['settings'], 'readwrite', async (tx) => { await tx.put('settings', 1, 'x'); throw new Error('boom'); }));
    assert.equal(await mem.run(['settings'], 'readonly', (tx) => tx.get('settings', 'x')), undefined);
  });

  test('the catalogue follows every certificate write: summaries without chain or key, newest first', async () => {
    const a = certificateFor(await issuance({ id: 'i-a' }), { id: 'a', createdAt: '2026-01-01T00:00:00Z' });
    const b = certificateFor(await issuance({ id: 'i-b' }), { id: 'b', createdAt: '2026-02-01T00:00:00Z', privateKey: undefined });
    await putCertificate(a);
    await putCertificate(b);
    let list = await listCertificateSummaries();
    assert.deepEqual(list.map((c) => [c.id, c.hasKey]), [['b', false], ['a', true]]);
    assert.ok(list.every((c) => !('chainPem' in c) && !('privateKey' in c) && !('alternates' in c)));
    // A renewal stored with its issuance marks the old one replaced in the catalogue too.
    const saved = await saveIssuance(await issuance({ id: 'i-c', renews: 'a' }));
    await storeIssuedCertificate(saved, certificateFor(saved, { id: 'c', replaces: 'a', createdAt: '2026-03-01T00:00:00Z' }));
    list = await listCertificateSummaries();
    assert.deepEqual(list.map((c) => [c.id, c.status ?? '']), [['c', ''], ['b', ''], ['a', 'replaced']]);
    await putCertificate({ ...b, status: 'revoked', revokedAt: '2026-03-02T00:00:00Z' });
    await deleteCertificate('c');
    list = await listCertificateSummaries();
    assert.deepEqual(list.map((c) => [c.id, c.status ?? '']), [['b', 'revoked'], ['a', 'replaced']]);
    const restored = certificateFor(await issuance({ id: 'i-d' }), { id: 'd', serialHex: '0d', createdAt: '2026-04-01T00:00:00Z' });
    await restoreRecords([], [restored]);
    assert.deepEqual((await listCertificateSummaries()).map((c) => c.id), ['d', 'b', 'a']);
  });

  test('a catalogue that is missing or behind the records (written by hand) is built again from them', async () => {
    const record = certificateFor(await issuance(), { id: 'by-hand' });
    await (await backend()).run(['certificates'], 'readwrite', (tx) => tx.put('certificates', record)); // bypasses repo.ts
    assert.deepEqual((await listCertificateSummaries()).map((c) => c.id), ['by-hand']);
    await (await backend()).run(['catalogue'], 'readwrite', (tx) => tx.delete('catalogue', 'certificates'));
    assert.deepEqual((await listCertificateSummaries()).map((c) => c.id), ['by-hand']);
    await (await backend()).run(['catalogue'], 'readwrite', (tx) => tx.put('catalogue', '[{"id": "cut sho', 'certificates'));
    assert.deepEqual((await listCertificateSummaries()).map((c) => c.id), ['by-hand'], 'unreadable text is built again too');
  });

  test('the catalogue is kept as JSON text, and the array an older version stored is still read', async () => {
    const record = certificateFor(await issuance(), { id: 'kept' });
    await putCertificate(record);
    const stored = await (await backend()).run(['catalogue'], 'readonly', (tx) => tx.get('catalogue', 'certificates'));
    assert.equal(typeof stored, 'string');
    const older = [{ ...JSON.parse(stored as string)[0], names: ['from-an-older-version.test'] }];
    await (await backend()).run(['catalogue'], 'readwrite', (tx) => tx.put('catalogue', older, 'certificates'));
    assert.deepEqual((await listCertificateSummaries()).map((c) => c.names), [['from-an-older-version.test']]);
    // The next write stores text again.
    await putCertificate({ ...record, status: 'revoked' });
    const again = await (await backend()).run(['catalogue'], 'readonly', (tx) => tx.get('catalogue', 'certificates'));
    assert.equal(typeof again, 'string');
  });
});
