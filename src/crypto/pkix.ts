// Helpers shared by csr.ts and x509.ts for reading pkijs objects: names from
// SAN and CN, readable distinguished names, key type from an SPKI.

import './pkijs-engine.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex, type Bytes } from './base64url.ts';
import { checkDerShape } from './der.ts';
import { formatIp, isDnsName } from './identifiers.ts';
import type { KeyType } from './keys.ts';
import { msg, str } from '../words/words.ts';

export const OID_SAN = '2.5.29.17';
export const OID_SKI = '2.5.29.14';
export const OID_AKI = '2.5.29.35';
export const OID_CN = '2.5.4.3';
export const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const CURVES: Record<string, KeyType> = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384' };

// Short names as OpenSSL and RFC 4514 print them.
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/**
 * Limits on a certificate or CSR before pkijs reads it. Real ones: about 1–5 KB, a few hundred elements, nesting
 * under 12 levels (a certificate with 100 names: ~6 KB, ~400 elements). Past these, pkijs would spend hundreds of
 * milliseconds on elements that no CA writes.
 */
export const PKIX_MAX_DER_BYTES = 64 * 1024;
const PKIX_MAX_ELEMENTS = 4000;
const PKIX_MAX_DEPTH = 24;

/** Parses DER (throwing a plain Error on failure; callers turn it into their own error code). */
export function fromDer(der: Uint8Array): asn1js.AsnType {
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (der.length > PKIX_MAX_DER_BYTES) throw new Error(`${der.length} bytes, more than ${PKIX_MAX_DER_BYTES}`);
  checkDerShape(new Uint8Array(der), { maxElements: PKIX_MAX_ELEMENTS, maxDepth: PKIX_MAX_DEPTH });
  const parsed = asn1js.fromBER(der);
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (parsed.offset === -1) throw new Error(`not valid DER: ${parsed.result.error}`);
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (parsed.offset !== der.length) throw new Error('extra bytes after the DER structure');
  return parsed.result;
}

function attributeText(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) return value.getValue();
  // Not a string type: show the raw DER in hex, as RFC 4514 §2.4 does.
  if (value instanceof asn1js.BaseBlock) return `#${toHex(value.toBER())}`;
  return '';
}

/** e.g. "CN=R11, O=Let's Encrypt, C=US" (RFC 4514 order: most specific first). */
export function dnString(rdns: pkijs.RelativeDistinguishedNames): string {
  return rdns.typesAndValues
    .map((tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${escapeDnValue(attributeText(tv.value))}`)
    .reverse()
    .join(', ');
}

function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;]/g, '\\$&')
    .replace(/^[ #]/, '\\$&')
    .replace(/ $/, '\\ ');
}

export function commonName(rdns: pkijs.RelativeDistinguishedNames): string | undefined {
  const cn = rdns.typesAndValues.find((tv) => tv.type === OID_CN);
  return cn ? attributeText(cn.value) : undefined;
}

export interface Names {
  names: string[];
  dnsNames: string[];
  ipAddresses: string[];
}

/** DNS names and IPs from the SAN extension, plus the CN when it is a DNS name missing from the SAN. */
export function namesOf(extensions: pkijs.Extension[] | undefined, subject: pkijs.RelativeDistinguishedNames): Names {
  const out: Names = { names: [], dnsNames: [], ipAddresses: [] };
  const san = extensions?.find((e) => e.extnID === OID_SAN);
  if (san) {
    const general = new pkijs.GeneralNames({ schema: fromDer(san.extnValue.valueBlock.valueHexView) });
    for (const gn of general.names) {
      if (gn.type === 2 && typeof gn.value === 'string') {
        out.dnsNames.push(gn.value);
        out.names.push(gn.value);
      } else if (gn.type === 7 && gn.value instanceof asn1js.OctetString) {
        const octets = gn.value.valueBlock.valueHexView;
        // 8 or 32 octets would be a name-constraint range, not an address.
        if (octets.length === 4 || octets.length === 16) {
          const ip = formatIp(octets);
          out.ipAddresses.push(ip);
          out.names.push(ip);
        }
      }
    }
  }
  const cn = commonName(subject);
  // With a SAN present the CN is only a copy of one of its names (CAs may put an IP there); ignore it.
  if (!san && cn !== undefined && cn.includes('.') && isDnsName(cn) && !out.dnsNames.some((n) => n.toLowerCase() === cn.toLowerCase())) {
    out.dnsNames.push(cn);
    out.names.push(cn);
  }
  return out;
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

export function keyTypeOfSpki(spki: pkijs.PublicKeyInfo): KeyType | 'unknown' {
  const alg = spki.algorithm.algorithmId;
  if (alg === OID_EC) {
    const params: unknown = spki.algorithm.algorithmParams;
    return params instanceof asn1js.ObjectIdentifier ? (CURVES[params.valueBlock.toString()] ?? 'unknown') : 'unknown';
  }
  if (alg === OID_RSA) {
    const key = spki.parsedKey;
    if (!(key instanceof pkijs.RSAPublicKey)) return 'unknown';
    const bits = bitLength(key.modulus.valueBlock.valueHexView);
    return bits === 2048 || bits === 3072 || bits === 4096 ? `RSA-${bits}` : 'unknown';
  }
  return 'unknown';
}

export function copy(bytes: Uint8Array): Bytes {
  return new Uint8Array(bytes);
}

/**
 * What a CA will make of a public key: its name for people ("RSA 1024", "ECDSA P-521", in the visitor's language when
 * it has words in it) and whether CAs accept it.
 */
export interface KeyDescription {
  label: string;
  /** RSA 2048–4096 and ECDSA P-256/P-384: what Let's Encrypt and most CAs take. */
  accepted: boolean;
}

const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521', '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1', '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
};
const OTHER_KEYS: Record<string, string> = {
  '1.3.101.112': 'Ed25519', '1.3.101.113': 'Ed448', '1.2.840.10040.4.1': 'DSA', '1.2.840.113549.1.1.10': 'RSA-PSS',
};

export function describeSpki(spki: pkijs.PublicKeyInfo): KeyDescription {
  const alg = spki.algorithm.algorithmId;
  if (alg === OID_EC) {
    const params: unknown = spki.algorithm.algorithmParams;
    const oid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : '';
    const curve = CURVE_NAMES[oid];
    if (curve) return { label: `ECDSA ${curve}`, accepted: curve === 'P-256' || curve === 'P-384' };
    return { label: oid ? msg(str`ECDSA curve ${oid}`, { desc: 'A key: "The CSR\'s key is …, which CAs refuse"' }) : msg('ECDSA unnamed curve', { desc: 'A key: "The CSR\'s key is …, which CAs refuse"' }), accepted: false };
  }
  if (alg === OID_RSA) {
    const key = spki.parsedKey;
    if (!(key instanceof pkijs.RSAPublicKey)) return { label: msg('RSA (unreadable)', { desc: 'A key: "The CSR\'s key is …, which CAs refuse"' }), accepted: false };
    const bits = bitLength(key.modulus.valueBlock.valueHexView);
    return { label: `RSA ${bits}`, accepted: bits >= 2048 && bits <= 4096 && bits % 8 === 0 };
  }
  return { label: OTHER_KEYS[alg] ?? msg(str`a key of type ${alg}`, { desc: 'A key: "The CSR\'s key is …, which CAs refuse"' }), accepted: false };
}
