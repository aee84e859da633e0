// The few operations the repository needs, over IndexedDB (idb) or over memory when IndexedDB cannot be opened.
// Every read and write runs in a transaction over named stores, so a read-then-write (revision check, delete with
// its copies, restore) is atomic on both. Never await fetch or crypto inside `fn` (idb trap).
import type { IDBPDatabase } from 'idb';
import type { CertpageDB, StoreName } from './schema.ts';

export type Value<N extends StoreName> = CertpageDB[N]['value'];

export interface Tx {
  get<N extends StoreName>(store: N, key: string): Promise<Value<N> | undefined>;
  getAll<N extends StoreName>(store: N): Promise<Value<N>[]>;
  count(store: StoreName): Promise<number>;
  /** `key` only for the settings and catalogue stores (their keys are not in the value). */
  put<N extends StoreName>(store: N, value: Value<N>, key?: string): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
}

export interface Backend {
  kind: 'indexeddb' | 'memory';
  run<T>(stores: StoreName[], mode: 'readonly' | 'readwrite', fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Copies every record into `target` where no record with that key is there yet. */
  copyInto(target: Backend): Promise<void>;
}

const ALL: StoreName[] = ['accounts', 'issuances', 'certificates', 'settings', 'catalogue'];
/** Stores whose keys are given with each value rather than read from it. */
const OUT_OF_LINE: ReadonlySet<StoreName> = new Set(['settings', 'catalogue']);

export function idbBackend(db: IDBPDatabase<CertpageDB>): Backend {
  const self: Backend = {
    kind: 'indexeddb',
    async run(stores, mode, fn) {
      const tx = db.transaction(stores, mode);
      const view: Tx = {
        get: (store, key) => tx.objectStore(store).get(key),
        getAll: (store) => tx.objectStore(store).getAll(),
        count: (store) => tx.objectStore(store).count(),
        put: async (store, value, key) => {
          const os = tx.objectStore(store);
          if (!os.put) throw new Error('read-only transaction');
          await (key === undefined ? os.put(value) : os.put(value, key));
        },
        delete: async (store, key) => {
          const os = tx.objectStore(store);
          if (!os.delete) throw new Error('read-only transaction');
          await os.delete(key);
        },
      };
      try {
        const result = await fn(view);
        if (mode === 'readonly') {
          // A read is whole once its requests have answered: waiting for the transaction's complete event as well
          // put the lists behind whatever else the page was doing (50–90 ms at 4× CPU with 1,000 certificates).
          tx.done.catch(() => {});
          return result;
        }
        await tx.done;
        return result;
      } catch (err) {
        try { tx.abort(); } catch { /* already finished */ }
        await tx.done.catch(() => {});
        throw err;
      }
    },
    copyInto: () => Promise.resolve(),
  };
  return self;
}

/** Structured clone where the platform can (CryptoKey included), so a caller never shares an object with the store. */
function clone<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** IndexedDB's semantics on Maps: a write transaction works on copies and replaces the stores only when it succeeds. */
export function memoryBackend(): Backend {
  const data = new Map<StoreName, Map<string, unknown>>(ALL.map((s) => [s, new Map()]));
  const keyOf = (store: StoreName, value: unknown, key?: string): string => {
    if (OUT_OF_LINE.has(store)) {
      if (key === undefined) throw new Error(`${store} needs a key`);
      return key;
    }
    return (value as { id: string }).id;
  };
  const self: Backend = {
    kind: 'memory',
    async run(stores, mode, fn) {
      const work = new Map(stores.map((s) => [s, mode === 'readwrite' ? new Map(data.get(s)) : data.get(s) ?? new Map()]));
      const table = (s: StoreName) => {
        const t = work.get(s);
        if (!t) throw new Error(`store ${s} is not part of this transaction`);
        return t;
      };
      const view: Tx = {
        get: async (store, key) => clone(table(store).get(key) as never),
        getAll: async (store) => [...table(store).values()].map((v) => clone(v as never)),
        count: async (store) => table(store).size,
        put: async (store, value, key) => {
          if (mode !== 'readwrite') throw new Error('read-only transaction');
          table(store).set(keyOf(store, value, key), clone(value));
        },
        delete: async (store, key) => {
          if (mode !== 'readwrite') throw new Error('read-only transaction');
          table(store).delete(key);
        },
      };
      const result = await fn(view);
      if (mode === 'readwrite') for (const [s, t] of work) data.set(s, t);
      return result;
    },
    async copyInto(target) {
      await target.run(ALL, 'readwrite', async (tx) => {
        // The catalogue is derived: the target's own is rebuilt when a reader finds it behind (catalogue.ts).
        for (const store of ALL.filter((s) => s !== 'catalogue')) {
          for (const [key, value] of data.get(store) ?? []) {
            if ((await tx.get(store, key)) === undefined) await tx.put(store, value as never, OUT_OF_LINE.has(store) ? key : undefined);
          }
        }
      });
    },
  };
  return self;
}
