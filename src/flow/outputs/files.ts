// The files a user downloads, with the names every server guide uses.
import { exportPrivateKeyPem } from '../../crypto/keys.ts';
import { pemDecodeAll, splitPemChain } from '../../crypto/pem.ts';
import type { CertificateRecord } from '../../store/schema.ts';
import { zipStore } from './zip.ts';
import { msg, str } from '@lit/localize';

export type PemFileName = 'fullchain.pem' | 'cert.pem' | 'chain.pem' | 'privkey.pem' | 'combined.pem';

export interface DownloadFile {
  /** The usual name, or "example.com-fullchain.pem" when several certificates are downloaded at once. */
  name: `${string}${PemFileName}`;
  text: string;
  description: string;
}

export interface BinaryFile {
  name: string;
  bytes: Uint8Array;
  type: string;
  description: string;
}

/**
 * The start of a certificate's file names when several are downloaded at once: its main name, safe as a file name
 * ("*.example.com" → "_wildcard.example.com", an IPv6 address with "-" for ":").
 */
export function fileStem(mainName: string): string {
  return mainName.replace(/^\*\./, '_wildcard.').replace(/:/g, '-').replace(/[^A-Za-z0-9._-]/g, '_');
}

/** "example.com-" before each file name, or "" (one certificate: the names every guide uses). */
const prefixOf = (stem: string | undefined) => (stem ? `${stem}-` : '');

/**
 * The stems of several certificates' file sets: each one's main name (fileStem), with "-2", "-3"… after a main name
 * an earlier certificate of the list already has.
 */
export function fileStems(certs: readonly Pick<CertificateRecord, 'names'>[]): string[] {
  const seen = new Map<string, number>();
  return certs.map((c) => {
    const stem = fileStem(c.names[0] ?? 'certificate');
    const n = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, n);
    return n === 1 ? stem : `${stem}-${n}`;
  });
}

/** The chain the user picked: 0 is the CA's default chain; 1.. are its alternates. */
function fullchainOf(cert: CertificateRecord, chain: number): string {
  return (chain > 0 ? cert.alternates[chain - 1] : undefined) ?? cert.chainPem;
}

/**
 * `chain` 0 is the CA's default chain; 1.. are its alternates. `stem`: each file name starts with it (the
 * certificate's main name, "example.com-fullchain.pem"), so the sets of several certificates do not overwrite each other.
 */
export async function certificateFiles(cert: CertificateRecord, chain = 0, stem?: string): Promise<DownloadFile[]> {
  const blocks = splitPemChain(fullchainOf(cert, chain));
  const fullchain = blocks.join('');
  const p = prefixOf(stem);
  const files: DownloadFile[] = [
    { name: `${p}fullchain.pem`, text: fullchain, description: msg('certificate and intermediates: what most servers want') },
    { name: `${p}cert.pem`, text: blocks[0] ?? '', description: msg('the certificate alone') },
    { name: `${p}chain.pem`, text: blocks.slice(1).join(''), description: msg('the intermediates alone') },
  ];
  if (cert.privateKey) {
    const privkey = await exportPrivateKeyPem(cert.privateKey);
    files.push(
      { name: `${p}privkey.pem`, text: privkey, description: msg('the private key: keep it secret') },
      // HAProxy (and a few appliances) read the key and the chain from one file.
      { name: `${p}combined.pem`, text: privkey + fullchain, description: msg('key and full chain in one file (HAProxy): keep it secret') },
    );
  }
  return files;
}

/** RFC 2585's type for a single DER certificate (Windows opens .der/.cer files of this type). */
const DER_TYPE = 'application/pkix-cert';

/**
 * The same certificates as binary DER, one per file, for appliances and Windows tools that take no PEM:
 * cert.der (the certificate) and chain-1.der, chain-2.der, … (the intermediates, in the chain's order).
 */
export function derFiles(cert: CertificateRecord, chain = 0, stem?: string): BinaryFile[] {
  const blocks = pemDecodeAll(fullchainOf(cert, chain)).filter((b) => b.label === 'CERTIFICATE');
  const p = prefixOf(stem);
  return blocks.map((b, i): BinaryFile => i === 0
    ? { name: `${p}cert.der`, bytes: b.der, type: DER_TYPE, description: msg('the certificate alone, binary DER (for tools that take no PEM)') }
    : { name: `${p}chain-${i}.der`, bytes: b.der, type: DER_TYPE, description: msg(str`intermediate ${i} of ${blocks.length - 1}, binary DER`) });
}

/**
 * certificate.pfx (PKCS#12): the key, the certificate and its intermediates in one file protected by
 * `password`, for Windows/IIS, Java and appliances. Only for keys made in this page.
 */
export async function pkcs12File(cert: CertificateRecord, password: string, chain = 0, stem?: string): Promise<BinaryFile> {
  if (!cert.privateKey) {
    throw new Error(msg('This certificate was made from your own CSR, so its private key is on your server and cannot go into a .pfx file here. Use openssl pkcs12 -export on the server instead.'));
  }
  const { buildPkcs12 } = await import('../../crypto/pkcs12.ts'); // pkijs: only now
  const bytes = await buildPkcs12({
    privateKey: cert.privateKey,
    chainPem: fullchainOf(cert, chain),
    password,
    friendlyName: cert.names[0],
  });
  return {
    name: `${prefixOf(stem)}certificate.pfx`,
    bytes,
    type: 'application/x-pkcs12',
    description: msg('key, certificate and intermediates in one password-protected file (Windows, IIS, Java)'),
  };
}

/**
 * Everything a server needs in one download: `<main name>.zip` holding fullchain.pem, privkey.pem (only when the key
 * was made here), cert.pem, chain.pem and the DER files, under the names every server guide uses. Dated with the
 * certificate's start of validity, so the same certificate always makes the same file.
 */
export async function serverZip(cert: CertificateRecord, chain = 0, stem?: string): Promise<BinaryFile> {
  const pem = await certificateFiles(cert, chain);
  const text = (name: PemFileName) => pem.find((f) => f.name === name);
  const order: PemFileName[] = ['fullchain.pem', 'privkey.pem', 'cert.pem', 'chain.pem'];
  const encoder = new TextEncoder();
  const entries = [
    ...order.map(text).filter((f): f is DownloadFile => Boolean(f)).map((f) => ({ name: f.name, data: encoder.encode(f.text) })),
    ...derFiles(cert, chain).map((f) => ({ name: f.name, data: f.bytes })),
  ];
  const when = new Date(cert.notBefore);
  return {
    name: `${stem ?? fileStem(cert.names[0] ?? 'certificate')}.zip`,
    bytes: zipStore(entries, Number.isNaN(when.getTime()) ? new Date(0) : when),
    type: 'application/zip',
    description: msg(str`${entries.map((e) => e.name).join(', ')}: everything the server needs, in one file`),
  };
}
