// Many stored records at once, for the 1,000-certificate test and the bench: accounts with real (non-extractable)
// keys and certificates with a real chain, written straight into the page's IndexedDB (the schema of
// src/store/schema.ts), as an older certpage or an interrupted copy would leave them: no catalogue value, so the page
// builds it from the records. Needs the page to have made its database once.
import type { Page } from 'playwright-core';

/** What a stored certificate is: in use, in its renewal window (the CA's, stored), expired, or replaced by the next. */
export type SeedKind = 'fine' | 'due' | 'expired' | 'replaced';

export interface SeedPlan {
  /** A real certificate chain (PEM), stored with every certificate. */
  chainPem: string;
  accounts: number;
  /** One per certificate, oldest first: certificate i is issued an hour after i − 1, the last one newest. */
  kinds: SeedKind[];
  /** Names are c0000.<domain>, www.c0000.<domain>, …; ids start with the domain's first label. */
  domain: string;
  /** Store a certificate key with each certificate (fifty keys shared round), as the page does for keys it made. */
  certKeys?: boolean;
}

/** The certificate names of record i. */
export const seedName = (domain: string, i: number) => `c${String(i).padStart(4, '0')}.${domain}`;

export async function seedStore(page: Page, plan: SeedPlan): Promise<void> {
  await page.evaluate(async ({ chainPem, accounts, kinds, domain, certKeys }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('certpage');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    if (!db.objectStoreNames.contains('certificates') || !db.objectStoreNames.contains('accounts')) {
      db.close();
      throw new Error('the page has not created its database (no certificates/accounts store)');
    }
    const DAY = 86_400_000;
    const now = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    const prefix = domain.split('.')[0];
    const pad = (i: number) => String(i).padStart(4, '0');
    const directory = (i: number) => `https://127.0.0.1:9/acme-${i % 3}/directory`;
    const keyPair = (extractable: boolean) => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, extractable, ['sign', 'verify']) as Promise<CryptoKeyPair>;
    const accountRecords: ({ id: string; directoryUrl: string } & Record<string, unknown>)[] = [];
    for (let i = 0; i < accounts; i++) {
      const k = await keyPair(false);
      accountRecords.push({
        id: `${prefix}-acct-${i}`, directoryUrl: directory(i), url: `${directory(i)}/acct/${i}`, privateKey: k.privateKey, publicKey: k.publicKey,
        keyType: 'P-256', thumbprint: `thumb${i}`, contact: [], status: 'valid', createdAt: iso(now - 400 * DAY + i * 1000),
      });
    }
    const keys = certKeys ? await Promise.all(Array.from({ length: 50 }, () => keyPair(true))) : [];
    const certRecords = kinds.map((kind, i) => {
      const created = now - (kinds.length - i) * 3_600_000;
      const notAfter = kind === 'expired' ? now - 2 * DAY : kind === 'due' ? now + 10 * DAY : created + 90 * DAY;
      const windowStart = kind === 'due' ? now - DAY : notAfter - 30 * DAY;
      const account = accountRecords[i % accounts];
      return {
        id: `${prefix}-cert-${pad(i)}`, accountId: account?.id ?? '', issuanceId: `${prefix}-iss-${i}`,
        directoryUrl: account?.directoryUrl ?? directory(0), names: [`c${pad(i)}.${domain}`, `www.c${pad(i)}.${domain}`],
        chainPem, alternates: [], keyType: 'P-256', issuer: 'Pebble Intermediate CA', serialHex: (0x100000 + i).toString(16),
        notBefore: iso(notAfter - 90 * DAY), notAfter: iso(notAfter), createdAt: iso(created),
        ...(keys.length ? { privateKey: keys[i % keys.length]?.privateKey } : {}),
        ...(kind === 'replaced' ? { status: 'replaced', replacedBy: `${prefix}-cert-${pad(i + 1)}` } : {}),
        // A stored renewal window not due for a new look: the visit asks no CA (these CAs do not exist).
        ...(kind === 'fine' || kind === 'due' ? { ari: { start: iso(windowStart), end: iso(windowStart + 2 * DAY), checkedAt: iso(now), nextCheck: iso(now + DAY) } } : {}),
      };
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['accounts', 'certificates'], 'readwrite');
      for (const a of accountRecords) tx.objectStore('accounts').put(a);
      for (const c of certRecords) tx.objectStore('certificates').put(c);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    db.close();
  }, plan);
}
