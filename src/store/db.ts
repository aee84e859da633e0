// Opening the database, and what the page does when it cannot: IndexedDB through idb when the browser gives it, an
// in-memory stand-in when it does not (private modes, some file:// cases, a broken profile), so the page still
// works for this visit. Upgrades run in order from the version the browser has; a tab holding an older version
// closes its connection when a newer page asks, and says so.
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { idbBackend, memoryBackend, type Backend } from './backend.ts';
import { CATALOGUE_KEY, encodeCatalogue, summaryOf } from './catalogue.ts';
import { StorageError } from './errors.ts';
import { DB_NAME, DB_VERSION, type CertpageDB, type IssuanceRecord } from './schema.ts';

export type Db = IDBPDatabase<CertpageDB>;
type UpgradeTx = IDBPTransaction<CertpageDB, StoreNames<CertpageDB>[], 'versionchange'>;

/**
 * ready: IndexedDB is open. memory: it could not be opened; nothing outlives this tab. blocked: an older certpage tab
 * keeps the database at its version. outdated: a newer certpage in another tab upgraded the database; this tab must reload.
 */
export type StorageState = 'opening' | 'ready' | 'memory' | 'blocked' | 'outdated';

export interface StorageStatus {
  state: StorageState;
  /** The browser's own words, when it refused. */
  reason?: string;
}

/** Upgrade step N takes the database from version N-1 to N. Never edit a step once released; add one. */
const UPGRADES: ((db: Db, tx: UpgradeTx) => Promise<void> | void)[] = [
  // 1: accounts, issuances, certificates, settings
  (db) => {
    db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-directory', 'directoryUrl');
    db.createObjectStore('issuances', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('certificates', { keyPath: 'id' }).createIndex('by-account', 'accountId');
    db.createObjectStore('settings');
  },
  // 2: issuances get a revision and ordered cards. One left unfinished by version 1 cannot be carried on (its cards
  // lack what version 2 stores); it is ended with a note, and a finished one keeps its certificate.
  async (_db, tx) => {
    const store = tx.objectStore('issuances');
    for (let cursor = await store.openCursor(); cursor; cursor = await cursor.continue()) {
      await cursor.update(upgradeIssuance(cursor.value as unknown as Record<string, unknown>));
    }
  },
  // 3: the catalogue, one value with every certificate's summary, so the lists read one value instead of every record.
  async (db, tx) => {
    db.createObjectStore('catalogue');
    const summaries = (await tx.objectStore('certificates').getAll()).map(summaryOf);
    await tx.objectStore('catalogue').put(encodeCatalogue(summaries), CATALOGUE_KEY);
  },
];

function upgradeIssuance(old: Record<string, unknown>): IssuanceRecord {
  const names = Array.isArray(old.names) ? old.names.filter((n): n is string => typeof n === 'string') : [];
  const finished = old.stage === 'done' && typeof old.certificateId === 'string';
  const record = {
    ...old,
    revision: 1,
    identifiers: names.map((value) => ({ type: /^[\d.]+$|:/.test(value) ? 'ip' as const : 'dns' as const, value })),
    cards: [],
    key: { kind: 'none' as const },
    stage: finished ? 'done' as const : 'failed' as const,
    ...(finished ? {} : { failure: { kind: 'legacy' as const, text: 'This order was started by an older version of certpage and cannot be carried on.' } }),
  } as unknown as IssuanceRecord & { names?: unknown; error?: unknown };
  delete record.names;
  delete record.error;
  return record;
}

let status: StorageStatus = { state: 'opening' };
const listeners = new Set<(s: StorageStatus) => void>();
let current: Promise<Backend> | undefined;
let memory: Backend | undefined;

function setStatus(next: StorageStatus): void {
  status = next;
  for (const l of listeners) l(next);
}

export function storageStatus(): StorageStatus {
  return status;
}

/** Called with every change of the storage state; returns the unsubscribe function. */
export function onStorageStatus(listener: (s: StorageStatus) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A browser that does not answer at all counts as unavailable after this long (unless another tab blocks it). */
const OPEN_TIMEOUT_MS = 10_000;

function openIndexedDb(name: string): Promise<Db> {
  return new Promise<Db>((resolve, reject) => {
    let blocked = false;
    const timer = setTimeout(() => { if (!blocked) reject(new Error('IndexedDB did not answer.')); }, OPEN_TIMEOUT_MS);
    let opening: Promise<Db>;
    try {
      opening = openDB<CertpageDB>(name, DB_VERSION, {
        async upgrade(db, oldVersion, _newVersion, tx) {
          for (let v = oldVersion; v < DB_VERSION; v++) await UPGRADES[v]?.(db, tx);
        },
        blocked() {
          blocked = true;
          setStatus({ state: 'blocked' });
        },
        // Another tab opens a newer version: let it, and tell the user this tab is behind.
        blocking(_current, _next, event) {
          (event.target as IDBDatabase).close();
          current = Promise.reject(new StorageError('outdated'));
          current.catch(() => {});
          setStatus({ state: 'outdated' });
        },
        terminated() {
          current = undefined;
        },
      });
    } catch (err) {
      clearTimeout(timer);
      reject(err);
      return;
    }
    opening.then((db) => { clearTimeout(timer); resolve(db); }, (err: unknown) => { clearTimeout(timer); reject(err); });
  });
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** The database, opened once: IndexedDB when it can be opened, the in-memory stand-in otherwise. */
export function backend(name = DB_NAME): Promise<Backend> {
  current ??= openIndexedDb(name).then(
    (db) => {
      setStatus({ state: 'ready' });
      return idbBackend(db);
    },
    (err: unknown) => {
      if (err instanceof StorageError) throw err;
      memory ??= memoryBackend();
      setStatus({ state: 'memory', reason: reasonOf(err) });
      return memory;
    },
  );
  return current;
}

/**
 * Try IndexedDB again (the user freed space, left private mode in another window…). On success, what this tab kept in
 * memory meanwhile is copied in, so nothing done since is lost. Returns whether IndexedDB is in use now.
 */
export async function retryStorage(name = DB_NAME): Promise<boolean> {
  if (status.state !== 'memory' || !memory) return status.state === 'ready';
  let db: Db;
  try {
    db = await openIndexedDb(name);
  } catch (err) {
    setStatus({ state: 'memory', reason: reasonOf(err) });
    return false;
  }
  const real = idbBackend(db);
  await memory.copyInto(real);
  memory = undefined;
  current = Promise.resolve(real);
  setStatus({ state: 'ready' });
  return true;
}

/** Tests only: forget the open database (Node tests run several databases in one process). */
export function resetForTests(): void {
  current = undefined;
  memory = undefined;
  status = { state: 'opening' };
}
