// The fuzz targets: each parser that user or network input reaches, its generator (random, mutated real seeds,
// hostile shapes) and the typed errors it may end in. Seeds are real: made by openssl, by the page's own builders
// (CSR, backup) and recorded DNS answers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ACME_JSON_MAX_BYTES } from '../../src/acme/body.ts';
import { parseRenewalInfo } from '../../src/acme/ari.ts';
import { AcmeProblemError, AcmeProtocolError } from '../../src/acme/errors.ts';
import { LINK_HEADER_MAX_CHARS, parseLinks, parseRetryAfter, RETRY_AFTER_MAX_MS } from '../../src/acme/headers.ts';
import { BACKUP_MAX_CHARS, decryptBackup, encryptBackup } from '../../src/crypto/backup.ts';
import { buildCsr, parseCsr } from '../../src/crypto/csr.ts';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { generateKeyPair, importPrivateKey, KEY_MAX_CHARS } from '../../src/crypto/keys.ts';
import { PEM_MAX_CHARS, pemDecode, pemDecodeAll, pemOrDer, splitPemChain } from '../../src/crypto/pem.ts';
import { parseCertificate } from '../../src/crypto/x509.ts';
import { DnsFormatError } from '../../src/dns/errors.ts';
import { DNS_MAX_MESSAGE_BYTES, decodeResponse } from '../../src/dns/wire.ts';
import { packBackup, unpackBackup } from '../../src/flow/backup/backup.ts';
import { NAMES_MAX_CHARS, parseNames } from '../../src/flow/setup/names.ts';
import { inspectCsrs, MAX_CSRS } from '../../src/flow/setup/own-csr.ts';
import type { AccountRecord, CertificateRecord } from '../../src/store/schema.ts';
import {
  anyText, aroundCap, beginBlanks, bytes, deepDer, derInput, hugeLengthDer, manyMarkers, mutatedBytes, mutatedText, pem, repeated,
} from './arbitraries.ts';
import type { Target } from './harness.ts';
import { pointerChainMessage, pointerHopsMessage, pointerPerLabelMessage } from './hostile-dns.ts';

const isCryptoInput = (err: unknown): boolean => err instanceof CryptoInputError;

interface Seeds {
  certPem: string;
  chainPem: string;
  certDer: Uint8Array;
  csrPem: string;
  csrDer: Uint8Array;
  keyPems: string[];
  keyJwks: JsonWebKey[];
  dnsPackets: Uint8Array[];
  backupFile: string;
  backupContents: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function makeSeeds(): Promise<Seeds> {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-fuzz-'));
  try {
    openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.pem',
      '-subj', '/CN=a.example/O=Fuzz', '-addext', 'subjectAltName=DNS:a.example,DNS:*.b.example,IP:192.0.2.1,IP:2001:db8::1', '-days', '2');
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Fuzz CA', '-days', '2');
    openssl(dir, 'x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der');
    openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-out', 'sec1.pem');
    openssl(dir, 'genrsa', '-traditional', '-out', 'pkcs1.pem', '2048');
    openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'pkcs8.pem');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const certPem = read('leaf.pem');
    const keys = await generateKeyPair('P-256', { extractable: true });
    const csr = await buildCsr(['a.example', '*.a.example', '192.0.2.7'], keys);
    const dns = JSON.parse(readFileSync(new URL('../unit/fixtures/dns/packets.json', import.meta.url), 'utf8')) as { response: string }[];
    const rsa = await generateKeyPair('RSA-2048', { extractable: true });
    const keyJwks = [await crypto.subtle.exportKey('jwk', keys.privateKey), await crypto.subtle.exportKey('jwk', rsa.privateKey)];

    const account: AccountRecord = {
      id: 'acct-1', directoryUrl: 'https://ca.example/dir', url: 'https://ca.example/acct/1', privateKey: keys.privateKey, publicKey: keys.publicKey,
      keyType: 'P-256', thumbprint: 'abc_DEF-123', contact: ['mailto:a@a.example'], status: 'valid', createdAt: '2025-01-01T00:00:00.000Z',
    };
    const certificate: CertificateRecord = {
      id: 'cert-1', accountId: 'acct-1', issuanceId: 'iss-1', directoryUrl: 'https://ca.example/dir', names: ['a.example', '*.b.example', '192.0.2.1'],
      chainPem: certPem + read('ca.pem'), alternates: [certPem], privateKey: rsa.privateKey, keyType: 'RSA-2048', issuer: 'CN=Fuzz CA', serialHex: '0a1b',
      notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-04-01T00:00:00.000Z', createdAt: '2025-01-01T00:00:00.000Z',
      ari: { start: '2025-03-01T00:00:00.000Z', end: '2025-03-02T00:00:00.000Z', checkedAt: '2025-02-01T00:00:00.000Z', nextCheck: '2025-02-02T00:00:00.000Z' },
    };
    const { plain } = await packBackup([account], [certificate]);
    return {
      certPem,
      chainPem: certPem + read('ca.pem'),
      certDer: new Uint8Array(readFileSync(join(dir, 'leaf.der'))),
      csrPem: csr.pem,
      csrDer: csr.der,
      keyPems: [read('sec1.pem'), read('pkcs1.pem'), read('pkcs8.pem'), read('leaf.key')],
      keyJwks,
      dnsPackets: dns.map((d) => new Uint8Array(Buffer.from(d.response, 'hex'))),
      backupFile: await encryptBackup(plain, 'fuzz', { iterations: 100_000 }),
      backupContents: new TextDecoder().decode(plain),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ targets

// Any value JSON can hold, for member types that are not what a parser expects.
const oddValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('toString', 'valueOf', '__proto__', 'x'), fc.oneof(fc.nat(), fc.string({ maxLength: 4 })), { maxKeys: 2 }));

function pemTarget(s: Seeds): Target<[string | Uint8Array, string]> {
  const text = fc.oneof(
    { weight: 3, arbitrary: mutatedText([s.certPem, s.chainPem, s.csrPem, ...s.keyPems]) },
    { weight: 2, arbitrary: anyText() },
    { weight: 2, arbitrary: beginBlanks },
    { weight: 2, arbitrary: manyMarkers },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom('Proc-Type: 4,ENCRYPTED\n', ' :\n', 'a:b\n \tc\n'))
      .map(([n, h]) => `-----BEGIN RSA PRIVATE KEY-----\n${h.repeat(Math.ceil(n / h.length))}\nAAAA\n-----END RSA PRIVATE KEY-----\n`) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 700_000 }).map((n) => `-----BEGIN CERTIFICATE-----\n${'QUFB'.repeat(Math.ceil(n / 4))}\n-----END CERTIFICATE-----\n`) },
    { weight: 1, arbitrary: aroundCap(PEM_MAX_CHARS) },
  );
  const input = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.oneof(mutatedBytes([s.certDer, s.csrDer]), bytes(), deepDer) });
  return {
    name: 'pem',
    allowed: 'CryptoInputError',
    arbitrary: fc.tuple(input, fc.constantFrom('all', 'decode', 'orDer', 'chain')),
    run: ([value, fn]) => {
      const text = typeof value === 'string' ? value : new TextDecoder().decode(value);
      if (fn === 'all') return pemDecodeAll(text);
      if (fn === 'decode') return pemDecode(text, ['CERTIFICATE', 'PRIVATE KEY']);
      if (fn === 'chain') return splitPemChain(text);
      return pemOrDer(value, ['CERTIFICATE']);
    },
    typed: isCryptoInput,
  };
}

function keysTarget(s: Seeds): Target<string | JsonWebKey> {
  const jwkWithOddMembers = fc.tuple(fc.constantFrom(...s.keyJwks), fc.dictionary(fc.constantFrom('kty', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi'), oddValue, { maxKeys: 3 }))
    .map(([jwk, changes]) => ({ ...jwk, ...changes }) as JsonWebKey);
  const pkcs1Der = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  return {
    name: 'keys',
    allowed: 'CryptoInputError',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: mutatedText(s.keyPems) },
      { weight: 2, arbitrary: jwkWithOddMembers },
      { weight: 2, arbitrary: jwkWithOddMembers.map((j) => JSON.stringify(j)) },
      { weight: 2, arbitrary: mutatedText(s.keyJwks.map((j) => JSON.stringify(j))) },
      { weight: 2, arbitrary: fc.tuple(mutatedBytes(s.keyPems.map(pkcs1Der)), fc.constantFrom('PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY')).map(([d, l]) => pem(l, d)) },
      { weight: 1, arbitrary: derInput(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'], fc.oneof(deepDer, hugeLengthDer)).map((v) => (typeof v === 'string' ? v : pem('PRIVATE KEY', v))) },
      { weight: 1, arbitrary: fc.oneof(anyText(), beginBlanks, aroundCap(KEY_MAX_CHARS, [' ', '{'])) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => (typeof v === 'object' && v !== null ? (v as JsonWebKey) : JSON.stringify(v))) },
    ),
    run: (input) => importPrivateKey(input),
    typed: isCryptoInput,
  };
}

function csrTarget(s: Seeds): Target<string | Uint8Array> {
  return {
    name: 'csr',
    allowed: 'CryptoInputError',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: mutatedBytes([s.csrDer]) },
      { weight: 2, arbitrary: mutatedText([s.csrPem]) },
      { weight: 2, arbitrary: derInput(['CERTIFICATE REQUEST'], fc.oneof(deepDer, hugeLengthDer)) },
      { weight: 1, arbitrary: fc.oneof(anyText(), beginBlanks, bytes()) },
    ),
    run: (input) => parseCsr(input),
    typed: isCryptoInput,
  };
}

/** The setup form's CSR box: several CSRs one after another, each read on its own. Never throws: every problem is said. */
function csrsTarget(s: Seeds): Target<string> {
  return {
    name: 'csrs',
    allowed: 'none (problems are results)',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.oneof(fc.constant(s.csrPem), mutatedText([s.csrPem]), fc.constantFrom(...s.keyPems, s.certPem)), { minLength: 1, maxLength: 6 }).map((b) => b.join('\n')) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_CSRS + 5 }).map((n) => s.csrPem.repeat(n)) },
      { weight: 1, arbitrary: derInput(['CERTIFICATE REQUEST'], fc.oneof(deepDer, hugeLengthDer)).map((v) => (typeof v === 'string' ? v : pem('CERTIFICATE REQUEST', v))) },
      { weight: 1, arbitrary: fc.oneof(anyText(), beginBlanks, manyMarkers, aroundCap(PEM_MAX_CHARS)) },
    ),
    run: (input) => inspectCsrs(input),
    typed: () => false,
    check: (result) => {
      const { entries, problem } = result as Awaited<ReturnType<typeof inspectCsrs>>;
      if (entries.length > MAX_CSRS) throw new Error(`${entries.length} entries`);
      if (entries.some((e) => !e.csr === !e.problem)) throw new Error('an entry with neither (or both) a CSR and a problem');
      if (problem && entries.length) throw new Error('a problem for the whole text, and entries too');
    },
  };
}

function certTarget(s: Seeds): Target<string | Uint8Array> {
  return {
    name: 'certificate',
    allowed: 'CryptoInputError',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: mutatedBytes([s.certDer]) },
      { weight: 2, arbitrary: mutatedText([s.certPem, s.chainPem]) },
      { weight: 2, arbitrary: derInput(['CERTIFICATE'], fc.oneof(deepDer, hugeLengthDer)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => s.certPem.repeat(n)) },
      { weight: 1, arbitrary: fc.oneof(anyText(), beginBlanks, manyMarkers, bytes()) },
    ),
    // A chain is split and every certificate in it read, as the page does with a CA's download.
    run: async (input) => {
      if (typeof input !== 'string' || !input.includes('-----')) return parseCertificate(input);
      return Promise.all(splitPemChain(input).map((p) => parseCertificate(p)));
    },
    typed: isCryptoInput,
  };
}

function dnsTarget(s: Seeds): Target<Uint8Array> {
  const header = fc.tuple(fc.nat({ max: 0xffff }), fc.nat({ max: 0xffff }), fc.nat({ max: 0xffff }), fc.nat({ max: 0xffff }))
    .map(([qd, an, ns, ar]) => new Uint8Array([0, 0, 0x81, 0x80, qd >> 8, qd & 0xff, an >> 8, an & 0xff, ns >> 8, ns & 0xff, ar >> 8, ar & 0xff]));
  const withHeader = (body: fc.Arbitrary<Uint8Array>) => fc.tuple(header, body).map(([h, b]) => new Uint8Array([...h, ...b]));
  // Random pointers anywhere in the message: loops, forward pointers, pointers into the header.
  const pointerSoup = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.nat()).map(([n, seed]) => {
    const out = new Uint8Array(12 + n * 2);
    out.set([0, 0, 0x81, 0x80, 0xff, 0xff], 0);
    let x = seed | 1;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      const target = x % out.length;
      out[12 + 2 * i] = 0xc0 | (target >> 8);
      out[13 + 2 * i] = target & 0xff;
    }
    return out;
  });
  // Names of many one-octet labels, repeated as questions, up to the message size.
  const manyLabels = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 20_000 })).map(([labels, questions]) => {
    const name = [...Array<number[]>(labels).fill([1, 0x61]).flat(), 0, 0, 1, 0, 1];
    const count = Math.min(questions, Math.floor((DNS_MAX_MESSAGE_BYTES - 12) / name.length));
    const out = new Uint8Array(12 + count * name.length);
    out.set([0, 0, 0x81, 0x80, count >> 8, count & 0xff], 0);
    for (let i = 0; i < count; i++) out.set(name, 12 + i * name.length);
    return out;
  });
  return {
    name: 'dns',
    allowed: 'DnsFormatError',
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: mutatedBytes(s.dnsPackets) },
      { weight: 2, arbitrary: withHeader(bytes(300)) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 64, max: 900_000 }), fc.integer({ min: 1, max: 9000 })).map(([size, hops]) => pointerChainMessage(size, hops)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => pointerHopsMessage(n)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 140 }).map((n) => pointerPerLabelMessage(n)) },
      { weight: 1, arbitrary: pointerSoup },
      { weight: 1, arbitrary: manyLabels },
      { weight: 1, arbitrary: bytes(64) },
    ),
    run: (input) => decodeResponse(input),
    typed: (err) => err instanceof DnsFormatError,
  };
}

function namesTarget(): Target<string> {
  const piece = fc.oneof(
    fc.constantFrom('example.com', '*.example.com', 'bücher.example', '192.0.2.1', '[2001:db8::1]', 'https://a.example/x', 'a@b.example', 'xn--bcher-kva.example',
      'a..b', '-a.example', 'a_b.example', '"x"', '*.*.x', 'localhost', '1.2.3.4.5', '::1', 'a.example:443'),
    fc.string({ maxLength: 30, unit: fc.constantFrom(...'abc019.-*:@[]/_üß。'.split('')) }),
  );
  const list = fc.tuple(fc.array(piece, { maxLength: 150 }), fc.constantFrom(' ', '\n', ',', ', ', ';', '\u3001')).map(([p, sep]) => p.join(sep));
  return {
    name: 'names',
    allowed: 'CryptoInputError (too-large)',
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: list },
      { weight: 2, arbitrary: anyText() },
      { weight: 2, arbitrary: repeated(fc.constantFrom('.', 'a.', '@', 'a@.', '*.', ':', '[', 'ü', 'xn--', '-', 'a', '"', 'ü1.de ', 'x.example.com '), NAMES_MAX_CHARS) },
      { weight: 1, arbitrary: fc.constantFrom('a@', '[').chain((p) => fc.integer({ min: 1, max: 60_000 }).map((n) => `${p}${'.'.repeat(n)}@`)) },
      { weight: 1, arbitrary: aroundCap(NAMES_MAX_CHARS, ['a', ' ', '.']) },
    ),
    run: (input) => parseNames(input),
    typed: (err) => err instanceof CryptoInputError && err.code === 'too-large',
    check: (result) => {
      const r = result as ReturnType<typeof parseNames>;
      if (r.entries.length > 100) throw new Error(`${r.entries.length} names accepted`);
    },
  };
}

function backupFileTarget(s: Seeds): Target<string> {
  const envelope = JSON.parse(s.backupFile) as Record<string, unknown>;
  const withField = fc.tuple(fc.constantFrom('certpageBackup', 'createdAt', 'kdf', 'cipher', 'data'), oddValue)
    .map(([k, v]) => JSON.stringify({ ...envelope, [k]: v }));
  return {
    name: 'backup-file',
    allowed: 'CryptoInputError',
    arbitrary: fc.oneof(
      { weight: 30, arbitrary: mutatedText([s.backupFile]) },
      { weight: 20, arbitrary: withField },
      { weight: 10, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
      { weight: 10, arbitrary: fc.oneof(anyText(), repeated(fc.constantFrom('[', '{"certpageBackup":', ' '), 500_000)) },
      // At the cap: a well-formed envelope whose data fills it (the slowest file that is read), and one byte over.
      { weight: 1, arbitrary: fc.constantFrom(' ', 'A').chain((c) => fc.constantFrom(`{"certpageBackup":1,"data":"${c.repeat(BACKUP_MAX_CHARS - 40)}"}`, c.repeat(BACKUP_MAX_CHARS + 1))) },
    ),
    // No passphrase: the whole envelope is read and checked, then it stops before the key derivation, whose
    // cost (PBKDF2, 100,000 to 10 million iterations) is deliberate and bounded by the envelope check.
    run: (input) => decryptBackup(input, ''),
    typed: isCryptoInput,
    // Its cap is 16 times the PEM cap: JSON.parse of a file at the cap alone takes about 100 ms.
    limitMs: 500,
  };
}

function backupContentsTarget(s: Seeds): Target<Uint8Array> {
  const contents = JSON.parse(s.backupContents) as { accounts: Record<string, unknown>[]; certificates: Record<string, unknown>[] };
  const accountField = fc.constantFrom(...Object.keys(contents.accounts[0]!));
  const certificateField = fc.constantFrom(...Object.keys(contents.certificates[0]!), 'ari');
  const hostileValue = fc.oneof(oddValue, anyText(60), fc.constantFrom('not a url', 'http://evil.example/', 'javascript:alert(1)', '2025-13-45T00:00:00Z',
    '../x', '-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n', ['not a name!'], [], ['a.example'], 'ff'),
  repeated(fc.constantFrom('a', '-----BEGIN CERTIFICATE-----\n', 'x.example '), 300_000));
  const changed = fc.tuple(fc.array(fc.tuple(accountField, hostileValue), { maxLength: 3 }), fc.array(fc.tuple(certificateField, hostileValue), { maxLength: 3 }))
    .map(([a, c]) => JSON.stringify({
      ...contents,
      accounts: [{ ...contents.accounts[0], ...Object.fromEntries(a) }],
      certificates: [{ ...contents.certificates[0], ...Object.fromEntries(c) }],
    }));
  const encode = (t: string) => new TextEncoder().encode(t);
  return {
    name: 'backup-contents',
    allowed: 'CryptoInputError',
    arbitrary: fc.oneof(
      { weight: 4, arbitrary: changed.map(encode) },
      { weight: 2, arbitrary: mutatedText([s.backupContents]).map(encode) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => encode(JSON.stringify(v))) },
      { weight: 1, arbitrary: bytes() },
    ),
    run: (input) => unpackBackup(input),
    typed: isCryptoInput,
  };
}

function headersTarget(): Target<[string, string]> {
  const header = fc.oneof(
    anyText(200),
    fc.array(fc.tuple(fc.webUrl(), fc.constantFrom('alternate', 'up', 'index', '"terms-of-service up"', '', 'x'))
      .map(([u, r]) => `<${u}>; rel=${r}`), { maxLength: 6 }).map((l) => l.join(', ')),
    repeated(fc.constantFrom('<', '>', ';', '"', ',', ' ', '<a>;', '; rel=', '\\'), 2 * LINK_HEADER_MAX_CHARS),
    fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.integer().map(String), fc.double().map(String), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toUTCString()))),
    repeated(fc.constantFrom('9', ' ', 'Mon, ', '0'), 100_000),
  );
  const now = Date.parse('2025-06-01T00:00:00Z');
  return {
    name: 'headers',
    allowed: 'nothing (always a result)',
    arbitrary: fc.tuple(header, header),
    run: ([link, retry]) => ({ links: parseLinks(link, 'https://ca.example/x'), retry: parseRetryAfter(retry, now) }),
    typed: () => false,
    check: (result) => {
      const { retry } = result as { retry: Date | undefined };
      if (retry && !(retry.getTime() >= now && retry.getTime() - now <= RETRY_AFTER_MAX_MS)) throw new Error(`Retry-After out of range: ${String(retry)}`);
    },
  };
}

function ariTarget(): Target<unknown> {
  const date = fc.oneof(fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toISOString())), fc.string({ maxLength: 30 }), oddValue);
  return {
    name: 'ari',
    allowed: 'AcmeProtocolError',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: fc.record({ suggestedWindow: fc.oneof(fc.record({ start: date, end: date }), oddValue), explanationURL: fc.oneof(fc.webUrl(), oddValue) }, { requiredKeys: [] }) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: ACME_JSON_MAX_BYTES }).map((n) => ({ suggestedWindow: { start: '9'.repeat(n), end: '2025-01-01T00:00:00Z' } })) },
    ),
    run: (input) => parseRenewalInfo(input, 'https://ca.example/ari/x'),
    typed: (err) => err instanceof AcmeProtocolError,
    check: (result) => {
      const info = result as { start: Date; end: Date };
      if (!Number.isFinite(info.start.getTime()) || !Number.isFinite(info.end.getTime()) || info.end < info.start) throw new Error('an unusable window was accepted');
    },
  };
}

function problemTarget(): Target<unknown> {
  const member = fc.oneof(oddValue, fc.constantFrom('urn:ietf:params:acme:error:caa', 'about:blank', ''), anyText(60));
  const problem = fc.record({ type: member, detail: member, status: member, instance: member, identifier: fc.oneof(oddValue, fc.record({ type: member, value: member })) }, { requiredKeys: [] });
  return {
    name: 'problem',
    allowed: 'nothing (always an AcmeProblemError to throw)',
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: fc.tuple(problem, fc.array(fc.oneof(problem, oddValue), { maxLength: 5 })).map(([p, subproblems]) => ({ ...p, subproblems })) },
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((n) => ({ type: 'urn:ietf:params:acme:error:malformed', subproblems: Array<unknown>(n).fill({ detail: 'x', subproblems: [{}] }) })) },
    ),
    // What the client does with a CA's problem document (client.ts problemOf, orders, authorizations).
    run: (input) => {
      const err = new AcmeProblemError(input as never, 400);
      return { message: err.message, type: err.shortType, what: err.explanation.what, subproblems: err.subproblems.length };
    },
    typed: () => false,
    check: (result) => {
      const r = result as { message: unknown; type: unknown; subproblems: number };
      if (typeof r.message !== 'string' || typeof r.type !== 'string' || r.subproblems > 100) throw new Error('an unusable problem');
    },
  };
}

export type AnyTarget = Target<never>;

/** Every target, by name, in report order. */
export async function makeTargets(): Promise<Map<string, AnyTarget>> {
  const s = await makeSeeds();
  const list = [pemTarget(s), keysTarget(s), csrTarget(s), csrsTarget(s), certTarget(s), dnsTarget(s), namesTarget(), backupFileTarget(s), backupContentsTarget(s), headersTarget(), ariTarget(), problemTarget()];
  return new Map(list.map((t) => [t.name, t as unknown as AnyTarget]));
}
