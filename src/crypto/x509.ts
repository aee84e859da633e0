// Reading X.509 certificates with pkijs (names, serial, dates, key ids).
// Loaded lazily by the app; splitPemChain lives in pem.ts so it works without pkijs.

import './pkijs-engine.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toHex, type Bytes } from './base64url.ts';
import { CryptoInputError } from './errors.ts';
import { pemEncode, pemOrDer } from './pem.ts';
import { copy, dnString, fromDer, namesOf, OID_AKI, OID_SKI } from './pkix.ts';
import { msg } from '../words/words.ts';

export { splitPemChain } from './pem.ts';

export interface CertInfo {
  der: Bytes;
  pem: string;
  names: string[];
  dnsNames: string[];
  ipAddresses: string[];
  /** Readable, most specific first, e.g. "CN=example.com". */
  subject: string;
  issuer: string;
  /** Lowercase hex of the serial number, without the DER sign byte (as `openssl x509 -serial` shows it). */
  serialHex: string;
  /** DER INTEGER content bytes, including a leading 0x00 when the high bit is set (what ARI needs). */
  serialBytes: Bytes;
  notBefore: Date;
  notAfter: Date;
  authorityKeyId?: Bytes;
  subjectKeyId?: Bytes;
  /** The certificate's SubjectPublicKeyInfo DER, byte for byte; compare with spkiOfPublicKey(). */
  publicKeySpki: Bytes;
}

function extensionValue(cert: pkijs.Certificate, oid: string): Uint8Array | undefined {
  return cert.extensions?.find((e) => e.extnID === oid)?.extnValue.valueBlock.valueHexView;
}

// The SPKI as it appears in the certificate: re-encoding through pkijs could differ.
function rawSpki(root: asn1js.AsnType): Bytes {
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (!(root instanceof asn1js.Sequence)) throw new Error('certificate is not a SEQUENCE');
  const tbs = root.valueBlock.value[0];
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (!(tbs instanceof asn1js.Sequence)) throw new Error('tbsCertificate is not a SEQUENCE');
  const fields = tbs.valueBlock.value;
  // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, spki
  const hasVersion = fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0;
  const spki = fields[(hasVersion ? 1 : 0) + 5];
  // i18n-exempt: a parse cause, carried as the cause of a worded error, never shown
  if (!spki) throw new Error('no subjectPublicKeyInfo');
  return copy(spki.valueBeforeDecodeView);
}

/**
 * Whether `issuer` signed `child` (names chained and the signature checks out with the issuer's key). False, not an
 * error, for anything that does not verify.
 */
export async function issuedBy(child: CertInfo, issuer: CertInfo): Promise<boolean> {
  if (child.issuer !== issuer.subject) return false;
  try {
    const c = new pkijs.Certificate({ schema: fromDer(child.der) });
    const i = new pkijs.Certificate({ schema: fromDer(issuer.der) });
    return await c.verify(i);
  } catch {
    return false;
  }
}

/** The first certificate of a PEM text (or base64, or DER bytes). */
export async function parseCertificate(input: string | Uint8Array): Promise<CertInfo> {
  const der = pemOrDer(input, ['CERTIFICATE']);
  try {
    const root = fromDer(der);
    const cert = new pkijs.Certificate({ schema: root });
    const serialBytes = copy(cert.serialNumber.valueBlock.valueHexView);
    const serialValue = serialBytes.length > 1 && serialBytes[0] === 0 ? serialBytes.subarray(1) : serialBytes;

    const info: CertInfo = {
      der: copy(der),
      pem: pemEncode('CERTIFICATE', der),
      ...namesOf(cert.extensions, cert.subject),
      subject: dnString(cert.subject),
      issuer: dnString(cert.issuer),
      serialHex: toHex(serialValue),
      serialBytes,
      notBefore: cert.notBefore.value,
      notAfter: cert.notAfter.value,
      publicKeySpki: rawSpki(root),
    };
    const aki = extensionValue(cert, OID_AKI);
    if (aki) {
      const id = new pkijs.AuthorityKeyIdentifier({ schema: fromDer(aki) }).keyIdentifier;
      if (id) info.authorityKeyId = copy(id.valueBlock.valueHexView);
    }
    const ski = extensionValue(cert, OID_SKI);
    if (ski) {
      const id = fromDer(ski);
      if (id instanceof asn1js.OctetString) info.subjectKeyId = copy(id.valueBlock.valueHexView);
    }
    return info;
  } catch (cause) {
    throw new CryptoInputError(
      'cert-bad',
      msg('This is not a readable certificate: it may be damaged or be a different kind of file. Copy the certificate again, starting at -----BEGIN CERTIFICATE-----.'),
      { cause },
    );
  }
}
