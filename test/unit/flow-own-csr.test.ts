// Several CSRs in the setup form (src/flow/setup/own-csr.ts): each read on its own, made by openssl as each machine
// would; and what the page says about names an earlier certificate of the pass proved (src/flow/issuance/batch.ts).
import '../../src/crypto/pkijs-engine.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csrFileText, csrIdentifiers, inspectCsrs, MAX_CSRS } from '../../src/flow/setup/own-csr.ts';
import { provenEarlier } from '../../src/flow/issuance/batch.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { OpensslDir } from './helpers/openssl-dir.ts';

const dir = new OpensslDir();
after(() => dir.remove());

function csr(name: string, newkey: string[], san: string): string {
  dir.run('req', '-new', '-newkey', ...newkey, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`);
  return dir.read(`${name}.csr`);
}
const EC = ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
const a = csr('a.example', EC, 'DNS:a.example,DNS:shared.example');
const b = csr('b.example', ['rsa:2048'], 'DNS:b.example,DNS:shared.example,IP:192.0.2.9');
const c = csr('c.example', EC, 'DNS:c.example,DNS:a.example');

describe('inspectCsrs', () => {
  test('three CSRs one after another (with text around them, Windows line ends): names and key type of each', async () => {
    const text = `req from web1:\r\n${a.replace(/\n/g, '\r\n')}\r\n\r\nweb2:\n${b}\n  ${c}trailing words`;
    const { entries, problem } = await inspectCsrs(text);
    assert.equal(problem, undefined);
    assert.deepEqual(entries.map((e) => [e.n, e.csr?.names, e.csr?.keyType]), [
      [1, ['a.example', 'shared.example'], 'ECDSA P-256'],
      [2, ['b.example', 'shared.example', '192.0.2.9'], 'RSA 2048'],
      [3, ['c.example', 'a.example'], 'ECDSA P-256'],
    ]);
    assert.deepEqual(entries.map((e) => e.csr?.pem), [a, b, c], 'each as its own plain PEM');
    assert.deepEqual(csrIdentifiers(entries[1]!.csr!), [{ type: 'dns', value: 'b.example' }, { type: 'dns', value: 'shared.example' }, { type: 'ip', value: '192.0.2.9' }]);
  });

  test('a bad block is refused on its own, saying which and why; the others are still read', async () => {
    const damaged = b.split('\n').map((line, i) => (i === 3 ? `${line.slice(0, 10)}${line[10] === 'A' ? 'B' : 'A'}${line.slice(11)}` : line)).join('\n');
    const { entries, problem } = await inspectCsrs(a + dir.read('a.example.key') + damaged + a + c);
    assert.equal(problem, undefined);
    assert.deepEqual(entries.map((e) => Boolean(e.csr)), [true, false, false, false, true]);
    assert.match(entries[1]!.problem!.what, /Block 2 is a private key, not a CSR/);
    assert.match(entries[1]!.problem!.next, /never pasted here/);
    assert.match(entries[2]!.problem!.what, /damaged|not a readable/);
    assert.equal(entries[3]!.problem!.what, 'CSR 4 is the same as CSR 1.');
  });

  test('the text as a whole: empty, a block cut off, not PEM, too many', async () => {
    assert.deepEqual(await inspectCsrs('  \n'), { entries: [] });
    assert.match((await inspectCsrs(a + b.slice(0, 200))).problem?.what ?? '', /no -----END CERTIFICATE REQUEST----- line/);
    assert.match((await inspectCsrs('hello')).problem?.what ?? '', /PEM|readable/);
    const many = await inspectCsrs(a.repeat(MAX_CSRS + 1));
    assert.match(many.problem?.what ?? '', new RegExp(`${MAX_CSRS + 1} blocks were pasted; one pass takes at most ${MAX_CSRS} CSRs`));
  });

  test('one CSR as bare base64 (no BEGIN line) still reads, as PEM', async () => {
    const bare = a.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const { entries } = await inspectCsrs(bare);
    assert.deepEqual(entries.map((e) => e.csr?.pem), [a]);
  });
});

describe('csrFileText', () => {
  test('a PEM file as it is; a DER file (openssl -outform DER) as PEM; a file larger than any CSR refused', () => {
    assert.equal(csrFileText(new TextEncoder().encode(a)), a);
    dir.run('req', '-in', 'a.example.csr', '-outform', 'DER', '-out', 'a.der');
    assert.equal(csrFileText(dir.readBytes('a.der')), a);
    assert.throws(() => csrFileText(new Uint8Array(1024 * 1024 + 1)), (err: unknown) => err instanceof CryptoInputError && err.code === 'too-large');
  });
});

describe('provenEarlier', () => {
  const first = { names: ['a.example', 'shared.example', 'www.a.example'] };
  const second = { names: ['b.example'] };
  test('counts the names an earlier certificate of the pass holds, and says which', () => {
    assert.equal(provenEarlier(['a.example', 'shared.example', 'www.a.example'], [first]), '3 of 3 names were proven for the first certificate');
    assert.equal(provenEarlier(['SHARED.example', 'c.example'], [first, second]), '1 of 2 names were proven for the first certificate');
    assert.equal(provenEarlier(['b.example'], [first, second]), '1 of 1 name was proven for the second certificate');
    assert.equal(provenEarlier(['a.example', 'b.example'], [first, second]), '2 of 2 names were proven for earlier certificates of this pass');
    assert.equal(provenEarlier(['c.example'], [first, second]), undefined);
    assert.equal(provenEarlier(['a.example'], []), undefined);
  });
});
