// Real certificates from a real Pebble, checked with openssl.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { parseCertificate, splitPemChain } from '../../src/crypto/x509.ts';
import { parseCsr } from '../../src/crypto/csr.ts';
import { issue } from '../support/issue.ts';
import { leafMatchesKey, newAccount, uniqueName } from '../support/fixtures.ts';
import { verifyChain } from '../support/openssl.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

describe('issuance against Pebble', () => {
  let stack: PebbleStack;
  let issuers: { root: string; intermediate: string };
  before(async () => {
    stack = await startPebble({ alternateRoots: 1 });
    issuers = await stack.issuerPems();
  });
  after(() => stack?.stop());

  test('HTTP-01 for two names, EC account and EC key; alternate chain offered', async () => {
    const account = await newAccount(stack);
    const names = [uniqueName('www'), uniqueName('api')];
    const got = await issue(stack, account, names, { challenge: 'http-01' });
    assert.match(verifyChain(got.certPem, issuers), /leaf\.pem: OK/);
    assert.ok(await leafMatchesKey(got.certPem, got.certKeys), 'leaf key is the CSR key');
    const leaf = await parseCertificate(got.certPem);
    assert.deepEqual([...leaf.dnsNames].sort(), [...names].sort());
    assert.equal(splitPemChain(got.certPem).length, 2, 'leaf + intermediate');
    assert.equal(got.alternates.length, 1, 'Pebble offers one alternate chain');
    const altLeaf = await parseCertificate(got.alternates[0] ?? '');
    assert.equal(altLeaf.serialHex, leaf.serialHex, 'alternate chain starts with the same leaf');
    assert.notEqual(splitPemChain(got.alternates[0] ?? '')[1], splitPemChain(got.certPem)[1]);
  });

  test('DNS-01 for a wildcard and its apex (two TXT values under one name)', async () => {
    const account = await newAccount(stack);
    const apex = uniqueName('zone');
    const got = await issue(stack, account, [`*.${apex}`, apex], { challenge: 'dns-01' });
    assert.match(verifyChain(got.certPem, issuers), /OK/);
    const leaf = await parseCertificate(got.certPem);
    assert.deepEqual([...leaf.dnsNames].sort(), [`*.${apex}`, apex].sort());
  });

  test('an IP address identifier (RFC 8738) over HTTP-01', async () => {
    const account = await newAccount(stack);
    const got = await issue(stack, account, ['127.0.0.1'], { challenge: 'http-01' });
    assert.match(verifyChain(got.certPem, issuers), /OK/);
    const leaf = await parseCertificate(got.certPem);
    assert.deepEqual(leaf.ipAddresses, ['127.0.0.1']);
    assert.equal(leaf.dnsNames.length, 0);
  });

  test('30 names in one order', async () => {
    const account = await newAccount(stack);
    const names = Array.from({ length: 30 }, (_, i) => uniqueName(`n${i}`));
    const got = await issue(stack, account, names);
    assert.match(verifyChain(got.certPem, issuers), /OK/);
    assert.equal((await parseCertificate(got.certPem)).dnsNames.length, 30);
  });

  for (const [accountKey, certKey] of [['RSA-2048', 'RSA-2048'], ['P-384', 'P-384'], ['RSA-3072', 'P-256'], ['P-256', 'RSA-4096']] as const) {
    test(`${accountKey} account key, ${certKey} certificate key`, async () => {
      const account = await newAccount(stack, accountKey);
      const got = await issue(stack, account, [uniqueName()], { certKeyType: certKey });
      assert.match(verifyChain(got.certPem, issuers), /OK/);
      assert.ok(await leafMatchesKey(got.certPem, got.certKeys));
      assert.equal((await parseCsr(got.csrPem)).keyType, certKey);
    });
  }
});
