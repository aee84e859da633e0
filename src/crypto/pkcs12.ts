// PKCS#12 (.pfx / .p12) with pkijs, for Windows (IIS, the certificate store),
// Java keystores, appliances and anything else that imports one password-protected
// file holding the key and its certificates. Loaded lazily by the app.
//
// Layout (what OpenSSL 3 writes by default, so every modern importer knows it):
//   PFX (MAC: HMAC-SHA-256, PKCS#12 KDF)
//    └ AuthenticatedSafe
//       ├ Data          → SafeContents [ PKCS8ShroudedKeyBag (PBES2) + localKeyId, friendlyName ]
//       └ EncryptedData → SafeContents [ CertBag leaf + localKeyId, friendlyName; CertBag per intermediate ]
// Every password-based step uses PBES2 = PBKDF2-HMAC-SHA-256 + AES-256-CBC.
// OpenSSL ≥ 1.1 and 3.x read this; Windows reads it from Windows 10 1709 / Server 2019 on
// (older Windows only reads 3DES/RC2 PFX files, which we do not write).
//
// Only pkijs's crypto engine is used (PBES2 encryption and the PKCS#12 MAC key derivation); the
// containers around it are a few asn1js SEQUENCEs written here. pkijs's PFX/AuthenticatedSafe
// classes would pull SignedData and EnvelopedData into the bundle (+31 kB gzipped) for modes we
// never use.

import './pkijs-engine.ts';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CryptoInputError, type CryptoErrorCode } from './errors.ts';
import { pemDecodeAll, wrongLabel } from './pem.ts';
import { fromDer } from './pkix.ts';
import { msg } from '../words/words.ts';

export interface Pkcs12Options {
  /** The certificate's private key; it must be extractable (keys made in this page are). */
  privateKey: CryptoKey;
  /** Leaf first, then the intermediates (fullchain.pem). */
  chainPem: string;
  password: string;
  /** Shown by importers (Windows: "Friendly name"); defaults to none. */
  friendlyName?: string;
}

/**
 * 100 000 PBKDF2 rounds for each of the three password steps (key bag, certificate safe, MAC): far
 * above OpenSSL 3's 2048, and the total (300 000) stays below the 600 000 that .NET's PFX loader
 * accepts (KB5025823) and far below the millions other readers allow. The MAC gets the same count:
 * it can be used to test passwords too, so a weaker MAC would be the cheap way in.
 */
export const PKCS12_ITERATIONS = 100_000;

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const NO_PASSWORD: CryptoErrorCode = 'pfx-no-password';

const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const octets = (bytes: ArrayBuffer | Uint8Array) => new asn1js.OctetString({ valueHex: bytes });
/** [0] EXPLICIT */
const explicit0 = (inner: asn1js.AsnType) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [inner] });
const der = (node: asn1js.AsnType) => new Uint8Array(node.toBER(false));

/** ContentInfo ::= SEQUENCE { contentType, [0] EXPLICIT content } */
const contentInfo = (type: string, content: asn1js.AsnType) => seq(oid(type), explicit0(content));

/** SafeBag ::= SEQUENCE { bagId, [0] EXPLICIT bagValue, bagAttributes SET OF Attribute OPTIONAL } */
function safeBag(bagId: string, value: asn1js.AsnType, localKeyId?: ArrayBuffer, friendlyName?: string): asn1js.Sequence {
  const attributes: asn1js.AsnType[] = [];
  if (friendlyName) attributes.push(seq(oid(OID.friendlyName), new asn1js.Set({ value: [new asn1js.BmpString({ value: friendlyName })] })));
  if (localKeyId) attributes.push(seq(oid(OID.localKeyId), new asn1js.Set({ value: [octets(localKeyId)] })));
  const parts: asn1js.AsnType[] = [oid(bagId), explicit0(value)];
  if (attributes.length) parts.push(new asn1js.Set({ value: attributes }));
  return seq(...parts);
}

function parseChain(chainPem: string): Uint8Array<ArrayBuffer>[] {
  const blocks = pemDecodeAll(chainPem);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certs.length === 0) throw wrongLabel(blocks[0]!.label, ['CERTIFICATE']);
  return certs.map((b) => {
    try {
      fromDer(b.der);
    } catch (cause) {
      throw new CryptoInputError('cert-bad', msg('One of the certificates in the chain cannot be read, so no .pfx file was made. Download the certificate again.'), { cause });
    }
    return new Uint8Array(b.der);
  });
}

/** A password-protected PFX (PKCS#12) file with the key, the certificate and its intermediates. */
export async function buildPkcs12(opts: Pkcs12Options): Promise<Uint8Array> {
  if (!opts.password) {
    throw new CryptoInputError(
      NO_PASSWORD,
      msg('Choose a password for the .pfx file. It protects the private key inside, and Windows will not import a .pfx file without one. You will type it again when you import the file.'),
    );
  }
  const key = opts.privateKey;
  // i18n-exempt: a bug in our code, never a visitor's input
  if (key.type !== 'private') throw new TypeError('buildPkcs12() needs a private key');
  if (!key.extractable) {
    throw new CryptoInputError(
      'key-not-extractable',
      msg('This key is locked inside this browser (it was created as non-extractable), so it cannot be put in a .pfx file.'),
    );
  }
  const chain = parseChain(opts.chainPem);
  const engine = pkijs.getCrypto(true);
  // PBKDF2 takes the UTF-8 bytes; the MAC's PKCS#12 KDF turns them into BMPString itself, as OpenSSL does.
  const password = new TextEncoder().encode(opts.password).buffer as ArrayBuffer;

  /** PBES2: PBKDF2-HMAC-SHA-256 + AES-256-CBC (OpenSSL reads AES-CBC, not AES-GCM, in PKCS#12). */
  const encrypt = (content: Uint8Array<ArrayBuffer>) => engine.encryptEncryptedContentInfo({
    password,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as AesCbcParams & AesDerivedKeyParams,
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: PKCS12_ITERATIONS,
    contentToEncrypt: content.buffer,
    contentType: OID.data,
  });

  // Importers pair the key with its certificate by an equal localKeyId; like OpenSSL, use the
  // SHA-1 of the leaf certificate (an identifier, not a security function).
  const localKeyId = await engine.digest({ name: 'SHA-1' }, chain[0]!);

  // Inside out, awaiting each step: the key, the certificates, then the MAC over both.
  // PKCS8ShroudedKeyBag = EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData }
  const pkcs8 = new Uint8Array(await engine.exportKey('pkcs8', key));
  const sealedKey = await encrypt(pkcs8);
  const keyBag = seq(sealedKey.contentEncryptionAlgorithm.toSchema(), octets(sealedKey.getEncryptedContent()));
  const keySafe = seq(safeBag(OID.shroudedKeyBag, keyBag, localKeyId, opts.friendlyName));

  // CertBag ::= SEQUENCE { certId x509Certificate, [0] EXPLICIT OCTET STRING (the DER) }
  const certSafe = seq(...chain.map((cert, i) =>
    i === 0
      ? safeBag(OID.certBag, seq(oid(OID.x509Certificate), explicit0(octets(cert))), localKeyId, opts.friendlyName)
      : safeBag(OID.certBag, seq(oid(OID.x509Certificate), explicit0(octets(cert))))));
  const sealedCerts = await encrypt(der(certSafe));

  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo: the key safe as plain data (the bag is already
  // encrypted), the certificates as EncryptedData ::= SEQUENCE { version 0, EncryptedContentInfo }.
  const authSafe = der(seq(
    contentInfo(OID.data, octets(der(keySafe))),
    contentInfo(OID.encryptedData, seq(new asn1js.Integer({ value: 0 }), sealedCerts.toSchema())),
  ));

  // MacData ::= SEQUENCE { DigestInfo, macSalt, iterations }: HMAC-SHA-256 with the PKCS#12 KDF.
  const macSalt = engine.getRandomValues(new Uint8Array(16));
  const mac = await engine.stampDataWithPassword({
    password,
    hashAlgorithm: 'SHA-256',
    salt: macSalt.buffer,
    iterationCount: PKCS12_ITERATIONS,
    contentToStamp: authSafe.buffer,
  });
  const pfx = seq(
    new asn1js.Integer({ value: 3 }),
    contentInfo(OID.data, octets(authSafe)),
    seq(
      seq(seq(oid(OID.sha256), new asn1js.Null()), octets(mac)),
      octets(macSalt),
      new asn1js.Integer({ value: PKCS12_ITERATIONS }),
    ),
  );
  return der(pfx);
}
