// The TLS-ALPN-01 validation certificate (RFC 8737 §3) with pkijs. Loaded lazily, like csr.ts.
// The CA connects to the name on port 443 asking for ALPN "acme-tls/1" and accepts only a certificate whose
// SAN is exactly that name and which carries the critical id-pe-acmeIdentifier extension holding the SHA-256
// of the key authorization. The certificate is self-signed with a throw-away key: it is never trusted by anyone.

import './pkijs-engine.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { utf8, type Bytes } from './base64url.ts';
import { CryptoInputError } from './errors.ts';
import { isDnsName } from './identifiers.ts';
import { exportPrivateKeyPem, generateKeyPair } from './keys.ts';
import { pemEncode } from './pem.ts';
import { OID_CN, OID_SAN } from './pkix.ts';
import { msg, str } from '../words/words.ts';

/** id-pe-acmeIdentifier (RFC 8737 §6.1). */
export const OID_ACME_IDENTIFIER = '1.3.6.1.5.5.7.1.31';

/** How long the validation certificate is valid: long enough for a slow check, short enough to be useless later. */
const VALIDITY_DAYS = 7;
/** notBefore this far in the past, so a CA whose clock is a little behind still accepts it. */
const BACKDATE_MS = 60 * 60 * 1000;

export interface TlsAlpnCertificate {
  certPem: string;
  certDer: Bytes;
  /** PKCS#8 PEM of the certificate's P-256 key (openssl s_server reads it as is). */
  keyPem: string;
  /** SHA-256 of the key authorization: the value inside the acmeIdentifier extension. */
  digest: Bytes;
  notBefore: Date;
  notAfter: Date;
}

/**
 * A self-signed certificate for one DNS name (not a wildcard: RFC 8737 §3 does not allow them) whose critical
 * acmeIdentifier extension is an OCTET STRING holding SHA-256(keyAuthorization), with a new EC P-256 key.
 */
export async function buildTlsAlpnCertificate(name: string, keyAuthorization: string, opts: { now?: Date } = {}): Promise<TlsAlpnCertificate> {
  const host = name.trim().toLowerCase();
  if (host.startsWith('*.')) {
    throw new CryptoInputError('tls-alpn-bad-name', msg(str`${host} is a wildcard: TLS-ALPN-01 cannot prove wildcard names (RFC 8737). Use DNS-01 for it.`));
  }
  if (!isDnsName(host)) {
    throw new CryptoInputError('tls-alpn-bad-name', msg(str`${JSON.stringify(name)} is not a DNS name. TLS-ALPN-01 here is for one plain host name such as example.com.`));
  }
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(keyAuthorization)) {
    throw new CryptoInputError('tls-alpn-bad-key-authorization', msg('The key authorization must be "<token>.<account thumbprint>", both base64url.'));
  }
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', utf8(keyAuthorization)));
  const keys = await generateKeyPair('P-256', { extractable: true });
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 24 * 60 * 60 * 1000);

  const cert = new pkijs.Certificate();
  cert.version = 2; // X.509 v3: extensions
  cert.serialNumber = new asn1js.Integer({ valueHex: positiveSerial() });
  // Subject = issuer (self-signed). A CN longer than 64 characters is not allowed; the SAN carries the name anyway.
  // i18n-exempt: the certificate's subject, a value
  const cn = host.length <= 64 ? host : 'acme tls-alpn-01 validation';
  for (const rdn of [cert.subject, cert.issuer]) {
    rdn.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: OID_CN, value: new asn1js.Utf8String({ value: cn }) }));
  }
  cert.notBefore.value = notBefore;
  cert.notAfter.value = notAfter;
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  cert.extensions = [
    new pkijs.Extension({
      extnID: OID_SAN,
      critical: false,
      extnValue: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 2, value: host })] }).toSchema().toBER(false),
    }),
    new pkijs.Extension({
      extnID: OID_ACME_IDENTIFIER,
      critical: true,
      // extnValue is itself an OCTET STRING; inside it goes the DER of Authorization ::= OCTET STRING (SIZE (32)).
      extnValue: new asn1js.OctetString({ valueHex: digest }).toBER(false),
    }),
  ];
  await cert.sign(keys.privateKey, 'SHA-256'); // pkijs defaults to SHA-1: always pass it
  const certDer = new Uint8Array(cert.toSchema().toBER(false)); // toSchema() keeps the signed TBS bytes
  return {
    certPem: pemEncode('CERTIFICATE', certDer),
    certDer,
    keyPem: await exportPrivateKeyPem(keys.privateKey),
    digest,
    notBefore,
    notAfter,
  };
}

/** 16 random bytes with the top bit clear: a positive INTEGER of at most 16 octets (RFC 5280 §4.1.2.2). */
function positiveSerial(): Bytes {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // never a leading zero octet (that would not be minimal DER)
  return bytes;
}
