// One change signal for the whole page, across its tabs: "stored records changed" (accounts, certificates) and
// "this issuance has a new revision". Lists re-read on it; a tab following an issuance re-reads that issuance.
export type Change =
  | { kind: 'records' }
  | { kind: 'issuance'; id: string; revision: number };

type Listener = (change: Change) => void;

const listeners = new Set<Listener>();
let channel: BroadcastChannel | undefined;

function open(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel('certpage');
  // Node (the unit tests) keeps a process alive while a channel is open; a page has no such notion.
  (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  channel.onmessage = (e: MessageEvent<Change>) => {
    const change = e.data;
    if (change && (change.kind === 'records' || change.kind === 'issuance')) for (const l of listeners) l(change);
  };
  return channel;
}

/** Tell this tab's listeners and every other tab of the page. */
export function announce(change: Change): void {
  for (const l of listeners) l(change);
  open()?.postMessage(change);
}

/** Called for every change, here or in another tab; returns the unsubscribe function. */
export function onChange(listener: Listener): () => void {
  open();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
