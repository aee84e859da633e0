// The crypto layer's errors in the visitor's language: once the page hands its catalogue to src/words (as
// src/ui/locale.ts does), the same throw comes out in Chinese. The catalogue here is the built zh-CN one, looked up
// by lit's own runtime lookup (what lit's msg() does once the locale is loaded), so this also checks that the ids
// the extractor gave these messages are the ones the calls make at run time.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { decryptBackup } from '../../src/crypto/backup.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { importPrivateKey, KEY_MAX_CHARS } from '../../src/crypto/keys.ts';
import { pemDecodeAll } from '../../src/crypto/pem.ts';
import { templates } from '../../src/locales/zh-CN.ts';
import { useCatalogue } from '../../src/words/words.ts';

const chinese = () => useCatalogue((template) => String(runtimeMsg(templates, template as Parameters<typeof runtimeMsg>[1], undefined)));

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof CryptoInputError, `expected CryptoInputError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected an error');
}

const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n';

describe('crypto errors through the catalogue', () => {
  afterEach(() => useCatalogue(undefined));

  test('a text that is not PEM', async () => {
    chinese();
    assert.equal(
      await messageOf(() => pemDecodeAll('hello')),
      '这看起来不是 PEM 文件：其中没有 -----BEGIN ...----- 行。请用文本编辑器打开该文件并复制全部内容，包括 BEGIN 行和 END 行。',
    );
  });

  test('a certificate pasted as the key: the names of both files and the "or" of the BEGIN lines are worded too', async () => {
    chinese();
    assert.equal(
      await messageOf(() => importPrivateKey(CERT_PEM)),
      '这看起来是证书（BEGIN CERTIFICATE），而不是私钥。请粘贴以 -----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- 或 -----BEGIN RSA PRIVATE KEY----- 开头的文件。',
    );
  });

  test('a JWK of a type CAs do not take, and a public JWK', async () => {
    chinese();
    assert.equal(
      await messageOf(() => importPrivateKey({ kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' })),
      '不支持 Ed25519 密钥。请使用 EC（P-256 或 P-384）或 RSA 密钥。',
    );
    assert.match(await messageOf(() => importPrivateKey({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' })), /^此 JWK 是公钥（没有“d”值）。/);
  });

  test('two sentences made apart join without a space after Chinese punctuation', async () => {
    chinese();
    assert.equal(
      await messageOf(() => importPrivateKey('x'.repeat(KEY_MAX_CHARS + 1))),
      '此文本超过 64 KB；密钥文件最大为 64 KB。请只粘贴私钥，从 -----BEGIN 到 -----END（或 JWK，从 { 到 }）。',
    );
  });

  test('a damaged backup: the reason is worded on its own, inside the sentence', async () => {
    chinese();
    assert.equal(
      await messageOf(() => decryptBackup('{"certpageBackup":1}', 'pass')),
      '此备份文件已损坏（制作日期缺失或无效），无法打开。未恢复任何内容。请使用该备份的另一份副本，或在保存着这些账户的浏览器中重新制作一份备份。',
    );
  });

  test('without a catalogue, the same errors are in English', async () => {
    assert.equal(
      await messageOf(() => importPrivateKey(CERT_PEM)),
      'This looks like a certificate (BEGIN CERTIFICATE), not a private key. Paste the file that starts with -----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----.',
    );
    assert.match(await messageOf(() => importPrivateKey('x'.repeat(KEY_MAX_CHARS + 1))), /^This text is more than 64 KB; a key file is at most 64 KB\. Paste only the private key/);
  });
});
