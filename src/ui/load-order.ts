// What loads after the form is painted, in order: My certificates first (what a returning visitor looks for), then the
// other panels, the banners and the code prefetched for later (the CA connection). The rest waits for restMayLoad().
let open!: () => void;
const gate = new Promise<void>((resolve) => { open = resolve; });
let nothingStored = Promise.resolve(false);

/** `none` resolves true when this browser has no database yet (store/warm.ts): then there is no list to wait for. */
export function nothingStoredWhen(none: Promise<boolean>): void {
  nothingStored = none;
}

/**
 * The rest may load once a frame has been painted after `list` (the lists' read) settled, or after the first frame
 * when nothing is stored (creating the database can take a while), or after a second at most: a database another tab
 * blocks must not hold the rest back.
 */
export function restAfter(list: Promise<unknown>): void {
  const painted = () => requestAnimationFrame(() => setTimeout(open, 0));
  setTimeout(open, 1000);
  void list.finally(painted);
  void nothingStored.then((none) => { if (none) painted(); });
}

export function restMayLoad(): Promise<void> {
  return gate;
}

/** True once known that this browser had no database when the page opened: no stored account to wait for. */
export function nothingStoredAtStart(): Promise<boolean> {
  return nothingStored;
}
