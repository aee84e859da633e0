// Assert that a crypto call fails with a given CryptoInputError code (and, optionally, message).
import assert from 'node:assert/strict';
import { CryptoInputError, type CryptoErrorCode } from '../../../src/crypto/errors.ts';

export async function rejectsWith(code: CryptoErrorCode, run: () => Promise<unknown>, message?: RegExp): Promise<void> {
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof CryptoInputError, `expected CryptoInputError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (message) assert.match(err.message, message);
    return true;
  });
}
