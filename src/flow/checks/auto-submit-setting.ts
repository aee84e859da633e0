// The page's switch "Tell the CA by itself once every resolver sees the record", kept in the store's settings. On
// unless the user turned it off: it only acts when DNS checks are allowed, and then on the very check the user would
// otherwise wait for before pressing the button (auto-submit.ts decides).
import { repo } from '../repo.ts';

const KEY = 'autoSubmitDns';

/** undefined until read from the store: nothing is told to the CA by itself before the user's choice is known. */
let current: boolean | undefined;
let loading: Promise<boolean> | undefined;
const listeners = new Set<(on: boolean | undefined) => void>();

export function autoSubmit(): boolean | undefined {
  return current;
}

/** Read the stored choice once (on when never chosen; a store that cannot be read counts as never chosen). */
export function loadAutoSubmit(): Promise<boolean> {
  loading ??= repo().then((r) => r.getSetting<unknown>(KEY)).catch(() => undefined).then((stored) => {
    if (current === undefined) {
      current = typeof stored === 'boolean' ? stored : true;
      for (const l of listeners) l(current);
    }
    return current;
  });
  return loading;
}

export async function setAutoSubmit(on: boolean): Promise<void> {
  current = on;
  for (const l of listeners) l(on);
  try {
    await (await repo()).putSetting(KEY, on);
  } catch {
    // The browser refused to store it (the page says so elsewhere): the choice holds for this visit.
  }
}

export function onAutoSubmit(listener: (on: boolean | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
