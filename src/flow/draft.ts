// What the user typed in the setup form, kept in IndexedDB so a reload or a failed order loses nothing.
import { getSetting, putSetting } from '../store/repo.ts';

export interface Draft {
  directoryUrl?: string;
  namesText?: string;
  email?: string;
  accountKeyType?: string;
  /** The account key custody choice: true for "exportable for backup". */
  accountExportable?: boolean;
  certKey?: string;
  csrText?: string;
  profile?: string;
}

const KEY = 'draft';
let timer: ReturnType<typeof setTimeout> | undefined;

export function loadDraft(): Promise<Draft> {
  return getSetting<Draft>(KEY).then((d) => d ?? {});
}

/** Debounced while typing; `now` for choices and before leaving the form, so a quick reload loses nothing. */
export function saveDraft(draft: Draft, now = false): Promise<void> {
  clearTimeout(timer);
  if (now) return putSetting(KEY, draft);
  timer = setTimeout(() => void putSetting(KEY, draft), 300);
  return Promise.resolve();
}
