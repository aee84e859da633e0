// Opening the database; upgrades run in order from the version the browser has.
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type CertpageDB } from './schema.ts';

export type Db = IDBPDatabase<CertpageDB>;
type UpgradeTx = IDBPTransaction<CertpageDB, StoreNames<CertpageDB>[], 'versionchange'>;

/** Upgrade step N takes the database from version N-1 to N. Never edit a step once released; add one. */
const UPGRADES: ((db: Db, tx: UpgradeTx) => void)[] = [
  // 1: accounts, issuances, certificates, settings
  (db) => {
    db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('by-directory', 'directoryUrl');
    db.createObjectStore('issuances', { keyPath: 'id' }).createIndex('by-updated', 'updatedAt');
    db.createObjectStore('certificates', { keyPath: 'id' }).createIndex('by-account', 'accountId');
    db.createObjectStore('settings');
  },
];

let opening: Promise<Db> | undefined;

export function openDb(name = DB_NAME): Promise<Db> {
  opening ??= openDB<CertpageDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v]?.(db, tx);
    },
    // Another tab wants a newer version: let it, and reopen on next use.
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
      opening = undefined;
    },
    terminated() {
      opening = undefined;
    },
  });
  return opening;
}
