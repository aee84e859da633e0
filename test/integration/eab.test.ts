// External Account Binding against a Pebble that requires it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AcmeAccount } from '../../src/acme/account.ts';
import { AcmeClient } from '../../src/acme/client.ts';
import { AcmeProblemError } from '../../src/acme/errors.ts';
import { generateKeyPair } from '../../src/crypto/keys.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

const EAB_KEYS = {
  'kid-1': 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W',
  'kid-2': 'b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH',
};

describe('External Account Binding', () => {
  let stack: PebbleStack;
  let client: AcmeClient;
  before(async () => {
    stack = await startPebble({ eabKeys: EAB_KEYS });
    client = await AcmeClient.connect(stack.directoryUrl);
  });
  after(() => stack?.stop());

  test('the directory says EAB is required', () => {
    assert.equal(client.meta.externalAccountRequired, true);
  });

  test('without EAB the account is refused with externalAccountRequired', async () => {
    await assert.rejects(AcmeAccount.create(client, await generateKeyPair('P-256'), { termsOfServiceAgreed: true }), (err: unknown) => {
      assert.ok(err instanceof AcmeProblemError);
      assert.equal(err.shortType, 'externalAccountRequired');
      assert.match(err.explanation.next, /EAB key ID and MAC key/);
      return true;
    });
  });

  test('a wrong MAC key is refused', async () => {
    const wrong = { keyId: 'kid-1', hmacKey: EAB_KEYS['kid-2'] };
    await assert.rejects(AcmeAccount.create(client, await generateKeyPair('P-256'), { termsOfServiceAgreed: true, eab: wrong }), AcmeProblemError);
  });

  test('with EAB the account is created (RSA account key too)', async () => {
    const a = await AcmeAccount.create(client, await generateKeyPair('P-256'), { termsOfServiceAgreed: true, eab: { keyId: 'kid-1', hmacKey: EAB_KEYS['kid-1'] } });
    assert.equal(a.data?.status, 'valid');
    const b = await AcmeAccount.create(client, await generateKeyPair('RSA-2048'), { termsOfServiceAgreed: true, eab: { keyId: ' kid-2 ', hmacKey: `${EAB_KEYS['kid-2']}\n` } });
    assert.equal(b.data?.status, 'valid');
  });
});
