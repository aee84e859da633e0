// Key generation, import and export on WebCrypto. Kept free of pkijs/asn1js:
// the small DER work needed for PKCS#1 and SEC1 keys is done in der.ts.

import type { Bytes } from './base64url.ts';
import { children, DerError, encodeTlv, expectTag, oidToDer, oidToString, readTlv, TAG } from './der.ts';
import { CryptoInputError, sentences, tooLarge } from './errors.ts';
import { publicMembers } from './jwk.ts';
import { KEY_TYPES, type KeyType } from './key-types.ts';
import { pemDecodeAll, pemEncode, wrongLabel } from './pem.ts';
import { msg, str } from '../words/words.ts';

export { KEY_TYPES, type KeyType };

export type JwsAlg = 'ES256' | 'ES384' | 'RS256';

type EcCurve = 'P-256' | 'P-384';
type ImportParams = EcKeyImportParams | RsaHashedImportParams;

const RSA = 'RSASSA-PKCS1-v1_5';
// RSA sizes CAs accept (Let's Encrypt takes exactly these three).
const RSA_SIZES = [2048, 3072, 4096];

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  dsa: '1.2.840.10040.4.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
} as const;

const CURVE_OIDS: Record<string, EcCurve> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
};
const OTHER_CURVES: Record<string, string> = {
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
};

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

// ---------------------------------------------------------------- generate

export async function generateKeyPair(type: KeyType = 'P-256', opts: { extractable?: boolean } = {}): Promise<CryptoKeyPair> {
  const extractable = opts.extractable ?? false;
  const usages: KeyUsage[] = ['sign', 'verify'];
  // WebCrypto always makes the public half extractable; `extractable` only locks the private key.
  switch (type) {
    case 'P-256':
    case 'P-384':
      return subtle().generateKey({ name: 'ECDSA', namedCurve: type }, extractable, usages);
    case 'RSA-2048':
    case 'RSA-3072':
    case 'RSA-4096':
      return subtle().generateKey(
        { name: RSA, modulusLength: Number(type.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
        extractable,
        usages,
      );
    default:
      throw new CryptoInputError('key-unsupported', msg(str`Unknown key type ${JSON.stringify(type)}. Choose one of ${KEY_TYPES.join(', ')}.`));
  }
}

// ---------------------------------------------------------------- inspect

export function keyTypeOf(key: CryptoKey): KeyType {
  const alg = key.algorithm;
  if (alg.name === 'ECDSA') {
    const curve = (alg as EcKeyAlgorithm).namedCurve;
    if (curve === 'P-256' || curve === 'P-384') return curve;
  } else if (alg.name === RSA) {
    const rsa = alg as RsaHashedKeyAlgorithm;
    const type = `RSA-${rsa.modulusLength}`;
    if (rsa.hash.name === 'SHA-256' && (KEY_TYPES as readonly string[]).includes(type)) return type as KeyType;
  }
  throw new CryptoInputError('key-unsupported', unusableKey(alg));
}

/** The key named as WebCrypto names it: its algorithm, and its curve or size. */
function unusableKey(alg: KeyAlgorithm): string {
  if (alg.name !== 'ECDSA' && alg.name !== 'ECDH' && 'modulusLength' in alg) {
    const size = `${alg.name} ${(alg as RsaKeyAlgorithm).modulusLength}`; // e.g. "RSA-PSS 2048"
    return msg(str`This key (${size} bits) cannot be used. Use a P-256, P-384 or RSA 2048/3072/4096 key.`);
  }
  const name = alg.name === 'ECDSA' || alg.name === 'ECDH' ? `${alg.name} ${(alg as EcKeyAlgorithm).namedCurve}` : alg.name;
  return msg(str`This key (${name}) cannot be used. Use a P-256, P-384 or RSA 2048/3072/4096 key.`);
}

export function jwsAlgOf(key: CryptoKey): JwsAlg {
  const type = keyTypeOf(key);
  return type === 'P-256' ? 'ES256' : type === 'P-384' ? 'ES384' : 'RS256';
}

/** Parameters for subtle.sign() with this key (ECDSA needs the hash here; RSA has it bound to the key). */
export function signParamsOf(key: CryptoKey): AlgorithmIdentifier | EcdsaParams {
  const type = keyTypeOf(key);
  if (type === 'P-256') return { name: 'ECDSA', hash: 'SHA-256' };
  if (type === 'P-384') return { name: 'ECDSA', hash: 'SHA-384' };
  return { name: RSA };
}

// ---------------------------------------------------------------- export

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  // i18n-exempt: a bug in our code, never a visitor's input
  if (key.type !== 'private') throw new TypeError('exportPrivateKeyPem() needs a private key');
  if (!key.extractable) {
    throw new CryptoInputError(
      'key-not-extractable',
      msg('This key is locked inside this browser (it was created as non-extractable), so it cannot be saved as a file. Account keys are kept that way on purpose; use the encrypted backup to move an account, or create a new key if you need a key file.'),
    );
  }
  return pemEncode('PRIVATE KEY', await subtle().exportKey('pkcs8', key));
}

/** SubjectPublicKeyInfo DER, e.g. to check that a certificate is for this key. */
export async function spkiOfPublicKey(key: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await subtle().exportKey('spki', key));
}

// ---------------------------------------------------------------- import

/**
 * The most text the key boxes take: a 4096-bit RSA key is about 3.3 KB as PEM or JWK; 64 KB leaves room for a key
 * file that also holds its certificate chain (HAProxy's combined.pem).
 */
export const KEY_MAX_CHARS = 64 * 1024;

// A JWK member longer than this is not a key CAs accept (an 8192-bit RSA modulus is 1,366 characters).
const JWK_MEMBER_MAX_CHARS = 2048;
const JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi'];

/**
 * A key pair from a pasted/uploaded private key: PEM (PKCS#8, PKCS#1 or SEC1),
 * a JWK as JSON text, or a JWK object. The public key is derived from it.
 * Whatever the input, it ends in a key pair or a CryptoInputError.
 */
export async function importPrivateKey(input: string | JsonWebKey, opts: { extractable?: boolean } = {}): Promise<CryptoKeyPair> {
  try {
    return await importPrivateKeyOrThrow(input, opts.extractable ?? false);
  } catch (err) {
    // WebCrypto and the DER reader throw TypeError/DOMException/DerError on odd input; the caller gets one type.
    if (err instanceof CryptoInputError) throw err;
    throw badKey(err);
  }
}

async function importPrivateKeyOrThrow(input: string | JsonWebKey, extractable: boolean): Promise<CryptoKeyPair> {
  if (typeof input === 'string' && input.length > KEY_MAX_CHARS) {
    // i18n-exempt: picks the size sentence; not shown
    throw tooLarge(input.length, KEY_MAX_CHARS, 'a key file', msg('Paste only the private key, from -----BEGIN to -----END (or the JWK, from { to }).'));
  }
  let jwk: JsonWebKey | undefined;
  if (typeof input !== 'string') {
    jwk = checkJwkShape(input);
  } else if (/^\s*[{[]/.test(input)) {
    jwk = parseJwkText(input);
  }

  let privateKey: CryptoKey;
  let params: ImportParams;
  if (jwk) {
    const clean = cleanPrivateJwk(jwk);
    params = clean.kty === 'EC' ? { name: 'ECDSA', namedCurve: clean.crv ?? '' } : { name: RSA, hash: 'SHA-256' };
    privateKey = await importOrExplain(() => subtle().importKey('jwk', clean, params, true, ['sign']));
  } else {
    const pkcs8 = pkcs8FromPem(input as string);
    params = importParamsOf(pkcs8);
    privateKey = await importOrExplain(() => subtle().importKey('pkcs8', pkcs8, params, true, ['sign']));
  }
  checkRsaSize(privateKey);

  // Derive the public key through JWK: export, drop the private members, import.
  const full = await subtle().exportKey('jwk', privateKey);
  const publicKey = await subtle().importKey('jwk', { ...publicMembers(full), key_ops: ['verify'] }, params, true, ['verify']);
  if (!extractable) privateKey = await subtle().importKey('jwk', full, params, false, ['sign']);
  return { privateKey, publicKey };
}

/** A JWK whose key members are all strings of a plausible length; anything else is a typed error, not a TypeError later. */
function checkJwkShape(jwk: unknown): JsonWebKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new CryptoInputError('key-bad-format', msg('This is not a key (JWK). Paste a JSON object with "kty", or a PEM private key.'));
  }
  for (const name of JWK_MEMBERS) {
    const value: unknown = (jwk as { [name: string]: unknown })[name];
    if (value === undefined || !Object.hasOwn(jwk, name)) continue;
    if (typeof value !== 'string' || value.length > JWK_MEMBER_MAX_CHARS) {
      throw new CryptoInputError(
        'key-bad-format',
        typeof value === 'string'
          ? msg(str`This key (JWK) is damaged: its "${name}" value is far too long. Copy the whole key again, or use its PEM file.`)
          : msg(str`This key (JWK) is damaged: its "${name}" value is not text. Copy the whole key again, or use its PEM file.`),
      );
    }
  }
  return jwk as JsonWebKey;
}

function parseJwkText(text: string): JsonWebKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CryptoInputError(
      'key-bad-format',
      msg('This looks like JSON but could not be read (a bracket or quote may be missing). Copy the whole key again, from { to }.'),
      { cause },
    );
  }
  return checkJwkShape(value);
}

// Keep only the key material: stray "alg", "use", "key_ops" or "ext": false would make importKey refuse.
function cleanPrivateJwk(jwk: JsonWebKey): JsonWebKey {
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA') {
    throw new CryptoInputError('key-unsupported', unsupportedJwk(jwk));
  }
  if (jwk.kty === 'EC' && jwk.crv !== 'P-256' && jwk.crv !== 'P-384') throw unsupportedCurve(jwk.crv);
  if (typeof jwk.d !== 'string') {
    throw new CryptoInputError(
      'key-bad-format',
      msg('This JWK is a public key (it has no "d" value). Paste the private key: the JWK that includes "d", or a PEM file starting with -----BEGIN PRIVATE KEY-----.'),
    );
  }
  const names = jwk.kty === 'EC' ? ['kty', 'crv', 'x', 'y', 'd'] : ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
  const out: { [name: string]: unknown } = {};
  for (const name of names) {
    const value = (jwk as { [name: string]: unknown })[name];
    if (value !== undefined) out[name] = value;
  }
  return out as JsonWebKey;
}

function unsupportedJwk(jwk: JsonWebKey): string {
  // OKP: Ed25519, X25519 and the like, named by their curve.
  if (jwk.kty === 'OKP') return msg(str`${jwk.crv ?? 'OKP'} keys are not supported. Use an EC (P-256 or P-384) or RSA key.`);
  if (jwk.kty === undefined) return msg('Keys of type "(none)" are not supported. Use an EC (P-256 or P-384) or RSA key.');
  return msg(str`Keys of type ${JSON.stringify(jwk.kty)} are not supported. Use an EC (P-256 or P-384) or RSA key.`);
}

async function importOrExplain(run: () => Promise<CryptoKey>): Promise<CryptoKey> {
  try {
    return await run();
  } catch (cause) {
    throw badKey(cause);
  }
}

function badKey(cause: unknown): CryptoInputError {
  return new CryptoInputError(
    'key-bad-format',
    msg('This private key could not be read: the file may be damaged, cut short or in an unusual format. Copy it again, or convert it to a standard key file with: openssl pkey -in key.pem -out plain.pem'),
    { cause },
  );
}

function checkRsaSize(key: CryptoKey): void {
  if (key.algorithm.name !== RSA) return;
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (bits < 2048) {
    throw new CryptoInputError(
      'key-too-small',
      msg(str`This RSA key is only ${bits} bits long; certificate authorities require at least 2048 bits. Create a new key (for example P-256 or RSA 2048) instead.`),
    );
  }
  if (!RSA_SIZES.includes(bits)) {
    throw new CryptoInputError(
      'key-unsupported',
      msg(str`This RSA key is ${bits} bits long; certificate authorities accept RSA keys of 2048, 3072 or 4096 bits. Create a new key instead.`),
    );
  }
}

const KEY_LABELS = ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY'];
const encryptedHelp = () =>
  msg('This private key is protected by a passphrase, which this page cannot use. Make an unprotected copy with: openssl pkey -in key.pem -out plain.pem (it asks for the passphrase), then use plain.pem. Keep plain.pem private.');

/** PKCS#8 DER from a PEM private key of any supported flavour. */
function pkcs8FromPem(text: string): Bytes {
  const blocks = pemDecodeAll(text);
  const block = blocks.find((b) => KEY_LABELS.includes(b.label) || b.label.endsWith('PRIVATE KEY'));
  if (!block) throw wrongLabel(blocks[0]!.label, KEY_LABELS);
  if (block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers?.['Proc-Type'] ?? '')) {
    throw new CryptoInputError('key-encrypted', encryptedHelp());
  }
  try {
    switch (block.label) {
      case 'PRIVATE KEY':
        return block.der;
      case 'RSA PRIVATE KEY':
        return wrapPkcs1(block.der);
      case 'EC PRIVATE KEY':
        return wrapSec1(block.der);
      case 'OPENSSH PRIVATE KEY':
        throw new CryptoInputError(
          'key-unsupported',
          msg('This is an OpenSSH key (BEGIN OPENSSH PRIVATE KEY). Convert a copy to a standard key file first with: ssh-keygen -p -m PKCS8 -f copy-of-key (this rewrites that file), then paste it.'),
        );
      default:
        throw new CryptoInputError(
          'key-unsupported',
          msg(str`This key type (BEGIN ${block.label}) is not supported. Use an EC (P-256 or P-384) or RSA private key.`),
        );
    }
  } catch (err) {
    if (err instanceof DerError) throw badKey(err);
    throw err;
  }
}

// PKCS#1 RSAPrivateKey -> PrivateKeyInfo { 0, { rsaEncryption, NULL }, OCTET STRING pkcs1 }.
function wrapPkcs1(pkcs1: Bytes): Bytes {
  expectTag(readTlv(pkcs1), TAG.SEQUENCE, 'RSAPrivateKey');
  return encodeTlv(
    TAG.SEQUENCE,
    encodeTlv(TAG.INTEGER, new Uint8Array([0])),
    encodeTlv(TAG.SEQUENCE, oidToDer(OID.rsaEncryption), encodeTlv(TAG.NULL)),
    encodeTlv(TAG.OCTET_STRING, pkcs1),
  );
}

// SEC1 ECPrivateKey { 1, d, [0] curve, [1] publicKey } -> PrivateKeyInfo with the
// curve moved into the AlgorithmIdentifier (RFC 5915 §2 asks to drop [0] inside PKCS#8).
function wrapSec1(sec1: Bytes): Bytes {
  const parts = children(expectTag(readTlv(sec1), TAG.SEQUENCE, 'ECPrivateKey'));
  // i18n-exempt: names the DER element in a parse cause (carried as the cause of a worded error, never shown)
  const d = expectTag(parts[1], TAG.OCTET_STRING, 'private key octets');
  const params = parts.find((p) => p.tag === TAG.CONTEXT_0);
  const publicKey = parts.find((p) => p.tag === TAG.CONTEXT_1);
  if (!params) {
    throw new CryptoInputError(
      'key-bad-format',
      msg('This EC private key does not say which curve it uses. Convert it to a standard key file with: openssl pkey -in key.pem -out plain.pem'),
    );
  }
  const curveOid = readTlv(params.value);
  if (curveOid.tag !== TAG.OID) {
    throw new CryptoInputError(
      'key-unsupported',
      msg('This EC key spells out its curve parameters instead of naming the curve. Convert it with: openssl pkey -in key.pem -out plain.pem -ec_param_enc named_curve'),
    );
  }
  curveOf(oidToString(curveOid.value));
  const inner = encodeTlv(TAG.SEQUENCE, encodeTlv(TAG.INTEGER, new Uint8Array([1])), d.raw, ...(publicKey ? [publicKey.raw] : []));
  return encodeTlv(
    TAG.SEQUENCE,
    encodeTlv(TAG.INTEGER, new Uint8Array([0])),
    encodeTlv(TAG.SEQUENCE, oidToDer(OID.ecPublicKey), curveOid.raw),
    encodeTlv(TAG.OCTET_STRING, inner),
  );
}

function curveOf(oid: string): EcCurve {
  const curve = CURVE_OIDS[oid];
  if (!curve) throw unsupportedCurve(OTHER_CURVES[oid] ?? `OID ${oid}`);
  return curve;
}

/** `name` is the curve's name or OID; undefined for a JWK without "crv". */
function unsupportedCurve(name: string | undefined): CryptoInputError {
  return new CryptoInputError(
    'key-unsupported',
    name === undefined
      ? msg('This EC key uses the (none) curve, which certificate authorities do not accept. Use a P-256 or P-384 key (or RSA) instead.')
      : msg(str`This EC key uses the ${name} curve, which certificate authorities do not accept. Use a P-256 or P-384 key (or RSA) instead.`),
  );
}

/** Reads the AlgorithmIdentifier of a PKCS#8 key to pick the WebCrypto import parameters. */
function importParamsOf(pkcs8: Bytes): ImportParams {
  let algOid: string;
  let paramOid: string | undefined;
  try {
    const parts = children(expectTag(readTlv(pkcs8), TAG.SEQUENCE, 'PrivateKeyInfo'));
    const algId = children(expectTag(parts[1], TAG.SEQUENCE, 'AlgorithmIdentifier'));
    algOid = oidToString(expectTag(algId[0], TAG.OID, 'algorithm').value);
    if (algId[1]?.tag === TAG.OID) paramOid = oidToString(algId[1].value);
  } catch (err) {
    if (err instanceof DerError) throw badKey(err);
    throw err;
  }
  switch (algOid) {
    case OID.rsaEncryption:
      return { name: RSA, hash: 'SHA-256' };
    case OID.ecPublicKey:
      if (paramOid === undefined) {
        throw new CryptoInputError(
          'key-unsupported',
          msg('This EC key spells out its curve parameters instead of naming the curve. Convert it with: openssl pkey -in key.pem -out plain.pem -ec_param_enc named_curve'),
        );
      }
      return { name: 'ECDSA', namedCurve: curveOf(paramOid) };
    case OID.ed25519:
    case OID.ed448:
      return unsupported(msg(str`This is an ${algOid === OID.ed25519 ? 'Ed25519' : 'Ed448'} key, which certificate authorities do not accept yet.`));
    case OID.x25519:
    case OID.x448:
      return unsupported(msg('This is a key-agreement key (X25519/X448), which cannot sign.'));
    case OID.rsaPss:
      return unsupported(msg('This is an RSA-PSS key, which certificate authorities do not accept.'));
    case OID.dsa:
      return unsupported(msg('This is a DSA key, which certificate authorities no longer accept.'));
    default:
      return unsupported(msg(str`This key's type (OID ${algOid}) is not supported.`));
  }
}

/** `what` is a whole sentence saying what the key is; the advice follows as a sentence of its own. */
function unsupported(what: string): never {
  throw new CryptoInputError('key-unsupported', sentences(what, msg('Use an EC (P-256 or P-384) or RSA (2048 to 4096 bits) private key.')));
}
