// The lists' records read ahead (while the page loads the code that shows them): the first list that asks gets that
// read, and a change to the stored records in the meantime drops it, so no list starts from an older read.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { announce } from '../../src/flow/changes.ts';
import { certificates, readAhead } from '../../src/flow/library.ts';
import { resetForTests } from '../../src/store/db.ts';
import { putCertificate } from '../../src/store/repo.ts';
import type { CertificateRecord } from '../../src/store/schema.ts';

const record = (id: string, createdAt: string): CertificateRecord => ({
  id, accountId: 'a', issuanceId: `iss-${id}`, directoryUrl: 'https://ca.test/dir', names: [`${id}.test`], chainPem: 'PEM',
  alternates: [], issuer: 'CN=x', serialHex: '01', notBefore: createdAt, notAfter: createdAt, createdAt,
});

beforeEach(() => resetForTests());

test('the first list that asks gets the read started ahead; the next one reads again', async () => {
  await putCertificate(record('one', '2026-01-01'));
  await readAhead();
  // Written behind the read-ahead's back (no announcement): only a read of its own sees it.
  await putCertificate(record('two', '2026-02-01'));
  assert.deepEqual((await certificates()).map((c) => c.id), ['one'], 'the read started ahead');
  assert.deepEqual((await certificates()).map((c) => c.id), ['two', 'one'], 'a read of its own');
});

test('a change to the stored records drops the read started ahead', async () => {
  await putCertificate(record('one', '2026-01-01'));
  await readAhead();
  await putCertificate(record('two', '2026-02-01'));
  announce({ kind: 'records' });
  assert.deepEqual((await certificates()).map((c) => c.id), ['two', 'one']);
});
