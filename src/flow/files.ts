// The files a user downloads, with the names every server guide uses.
import { exportPrivateKeyPem } from '../crypto/keys.ts';
import { splitPemChain } from '../crypto/pem.ts';
import type { CertificateRecord } from '../store/schema.ts';

export interface DownloadFile {
  name: 'fullchain.pem' | 'cert.pem' | 'chain.pem' | 'privkey.pem';
  text: string;
  description: string;
}

/** `chain` 0 is the CA's default chain; 1.. are its alternates. */
export async function certificateFiles(cert: CertificateRecord, chain = 0): Promise<DownloadFile[]> {
  const fullchain = (chain > 0 ? cert.alternates[chain - 1] : undefined) ?? cert.chainPem;
  const blocks = splitPemChain(fullchain);
  const files: DownloadFile[] = [
    { name: 'fullchain.pem', text: blocks.join(''), description: 'certificate and intermediates: what most servers want' },
    { name: 'cert.pem', text: blocks[0] ?? '', description: 'the certificate alone' },
    { name: 'chain.pem', text: blocks.slice(1).join(''), description: 'the intermediates alone' },
  ];
  if (cert.privateKey) {
    files.push({ name: 'privkey.pem', text: await exportPrivateKeyPem(cert.privateKey), description: 'the private key: keep it secret' });
  }
  return files;
}
