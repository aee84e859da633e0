// What the user typed in the setup form. Kept in localStorage, written on every change: a reload a moment after
// typing loses nothing, and the form can show it at once, before IndexedDB has answered. Secrets are never kept
// here (an account key pasted for import); the EAB values live only as long as the tab (sessionStorage).
import { repo } from '../repo.ts';

export interface Draft {
  directoryUrl?: string;
  namesText?: string;
  email?: string;
  accountKeyType?: string;
  /** The account key custody choice: true for "exportable for backup". */
  accountExportable?: boolean;
  /** The terms of service were ticked (for the directory in the draft). */
  agreed?: boolean;
  certKey?: string;
  csrText?: string;
  profile?: string;
}

export interface TabDraft {
  eabKeyId?: string;
  eabMac?: string;
}

const KEY = 'certpage.draft';
const TAB_KEY = 'certpage.draft.tab';
/** The IndexedDB setting an older version kept the draft in. */
const LEGACY = 'draft';

function readJson<T>(storage: () => Storage, key: string): T | undefined {
  try {
    const text = storage().getItem(key);
    const value: unknown = text ? JSON.parse(text) : undefined;
    return value && typeof value === 'object' ? value as T : undefined;
  } catch {
    return undefined; // storage blocked or the text damaged: start empty
  }
}

function writeJson(storage: () => Storage, key: string, value: object): void {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // Storage blocked (some private modes): the form still works, only a reload forgets it.
  }
}

/** The draft, synchronously. */
export function loadDraft(): Draft & TabDraft {
  return { ...readJson<Draft>(() => localStorage, KEY), ...readJson<TabDraft>(() => sessionStorage, TAB_KEY) };
}

/** A draft an older version kept in IndexedDB, for a browser that has none in localStorage yet. */
export async function loadLegacyDraft(): Promise<Draft | undefined> {
  const store = await repo().catch(() => undefined);
  const old = await store?.getSetting<Draft>(LEGACY).catch(() => undefined);
  if (old) await store?.putSetting(LEGACY, undefined).catch(() => {});
  return old;
}

export function saveDraft(draft: Draft, tab: TabDraft = {}): void {
  writeJson(() => localStorage, KEY, draft);
  writeJson(() => sessionStorage, TAB_KEY, tab);
}
