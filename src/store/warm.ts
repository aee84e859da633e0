// The browser takes 100–400 ms (at 4× CPU) to open a visit's first IndexedDB connection, work done off the main
// thread. Asking now, while the page's code evaluates and its form renders, means the store's own open (db.ts) finds
// the database's files already open. This connection never creates or upgrades anything: it asks for whatever
// version is there (asking for ours would wait behind an older tab, and hold the store's own open, and its "blocked"
// news, behind it), a missing database is not created (the upgrade is aborted), and it closes itself soon, or at once
// when the store or another tab asks for a newer version. A missing database also tells that nothing is stored.
import { DB_NAME } from './version.ts';

const KEEP_MS = 10_000;

/** Opens the database now; resolves true when there is none yet (nothing is stored), false otherwise or if unknown. */
export function warmDatabase(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB_NAME);
      req.onupgradeneeded = () => { resolve(true); req.transaction?.abort(); };
      req.onerror = (e) => { e.preventDefault(); resolve(false); }; // the abort above, or no IndexedDB: the store says what it can
      req.onsuccess = () => {
        resolve(false);
        const db = req.result;
        db.onversionchange = () => db.close();
        setTimeout(() => db.close(), KEEP_MS);
      };
    } catch {
      resolve(false); // no IndexedDB in this context: the store falls back to memory and says so
    }
  });
}
