// Certificate signing requests (PKCS#10) with pkijs. Loaded lazily by the app.
// ACME only reads the public key and the SAN from a CSR, so that is all we put in.

import './pkijs-engine.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Bytes } from './base64url.ts';
import { CryptoInputError, sentences } from './errors.ts';
import { isDnsName, parseIp } from './identifiers.ts';
import { keyTypeOf, type KeyType } from './keys.ts';
import { pemEncode, pemOrDer } from './pem.ts';
import { msg, str } from '../words/words.ts';
import { copy, describeSpki, fromDer, keyTypeOfSpki, type KeyDescription, namesOf, OID_CN, OID_EXTENSION_REQUEST, OID_SAN } from './pkix.ts';

export interface CsrInfo {
  names: string[];
  dnsNames: string[];
  ipAddresses: string[];
  keyType: KeyType | 'unknown';
  signatureValid: boolean;
  der: Bytes;
  /** The request's SubjectPublicKeyInfo DER; compare with a certificate's publicKeySpki. */
  publicKeySpki: Bytes;
  /** The key as people name it, and whether CAs accept it. */
  key: KeyDescription;
}

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

function sanEntry(name: string): pkijs.GeneralName {
  const ip = parseIp(name);
  if (ip) return new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ip }) });
  if (isDnsName(name)) return new pkijs.GeneralName({ type: 2, value: name });
  throw new CryptoInputError('csr-bad-name', sentences(msg(str`${JSON.stringify(name)} is not a valid domain name or IP address.`), badNameHint(name)));
}

function badNameHint(name: string): string {
  if (/^[a-z]+:\/\//i.test(name) || name.includes('/')) return msg('Enter just the host name (example.com), without https:// or a path.');
  if (/[^\x00-\x7f]/.test(name)) return msg('Names with accents or non-Latin letters must be entered in their xn-- (punycode) form.');
  if (/\s/.test(name)) return msg('Remove the spaces, and put each name separately.');
  return msg('Use a plain host name such as example.com or *.example.com, or an IP address.');
}

/**
 * A signed CSR for these DNS names (wildcards allowed) and IP addresses.
 * The subject CN is the first DNS name when it fits in 64 characters (as lego does),
 * for CAs that still look at it; every name is in the SAN.
 */
export async function buildCsr(
  names: string[],
  keys: CryptoKeyPair,
  opts: { hash?: 'SHA-256' | 'SHA-384' } = {},
): Promise<{ der: Bytes; pem: string }> {
  const unique = [...new Set(names.map((n) => n.trim()))];
  if (unique.length === 0 || unique.includes('')) {
    throw new CryptoInputError('csr-bad-name', msg('A certificate needs at least one domain name or IP address, and no name may be empty.'));
  }
  const entries = unique.map(sanEntry);
  const hash = opts.hash ?? (keyTypeOf(keys.privateKey) === 'P-384' ? 'SHA-384' : 'SHA-256');

  const csr = new pkijs.CertificationRequest();
  const cn = unique.find((n) => parseIp(n) === undefined && n.length <= 64);
  if (cn !== undefined) {
    csr.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: OID_CN, value: new asn1js.Utf8String({ value: cn }) }));
  }
  await csr.subjectPublicKeyInfo.importKey(keys.publicKey);
  const san = new pkijs.Extension({
    extnID: OID_SAN,
    critical: false,
    extnValue: new pkijs.GeneralNames({ names: entries }).toSchema().toBER(false),
  });
  csr.attributes = [
    new pkijs.Attribute({ type: OID_EXTENSION_REQUEST, values: [new pkijs.Extensions({ extensions: [san] }).toSchema()] }),
  ];
  // pkijs defaults to SHA-1; always pass the hash.
  await csr.sign(keys.privateKey, hash);
  // toSchema() (not toSchema(true)) serializes exactly the bytes that were signed.
  const der = new Uint8Array(csr.toSchema().toBER(false));
  return { der, pem: pemEncode('CERTIFICATE REQUEST', der) };
}

/** The SPKI exactly as it is in the request (re-encoding through pkijs could differ): info = (version, subject, spki, …). */
function rawCsrSpki(der: Uint8Array): Bytes {
  const root = fromDer(der);
  const info = root instanceof asn1js.Sequence ? root.valueBlock.value[0] : undefined;
  const spki = info instanceof asn1js.Sequence ? info.valueBlock.value[2] : undefined;
  if (!spki) throw new CryptoInputError('csr-bad', msg('This certificate signing request (CSR) has no public key in it. Create the CSR again.'));
  return copy(spki.valueBeforeDecodeView);
}

/** Reads a CSR from PEM, base64 or DER: its names, key type and whether its signature checks out. */
export async function parseCsr(input: string | Uint8Array): Promise<CsrInfo> {
  const der = pemOrDer(input, CSR_LABELS);
  let csr: pkijs.CertificationRequest;
  let names: ReturnType<typeof namesOf>;
  try {
    csr = new pkijs.CertificationRequest({ schema: fromDer(der) });
    const extensions = csr.attributes
      ?.filter((a) => a.type === OID_EXTENSION_REQUEST)
      .flatMap((a) => a.values.map((v: unknown) => new pkijs.Extensions({ schema: v }).extensions))
      .flat();
    names = namesOf(extensions, csr.subject);
  } catch (cause) {
    throw new CryptoInputError(
      'csr-bad',
      msg('This is not a readable certificate signing request (CSR): it may be damaged or be a different kind of file. Create the CSR again, or let this page create one for you.'),
      { cause },
    );
  }
  let signatureValid = false;
  try {
    signatureValid = await csr.verify();
  } catch {
    // an unsupported or broken key/signature counts as "not valid"
  }
  const publicKeySpki = rawCsrSpki(der);
  return { ...names, keyType: keyTypeOfSpki(csr.subjectPublicKeyInfo), key: describeSpki(csr.subjectPublicKeyInfo), signatureValid, der: copy(der), publicKeySpki };
}
