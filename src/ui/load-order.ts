// What loads after the form is painted, in order: My certificates first (what a returning visitor looks for), then the
// other panels, the banners and the code prefetched for later (the CA connection). The rest waits for restMayLoad().
let open!: () => void;
const gate = new Promise<void>((resolve) => { open = resolve; });

/**
 * The rest may load once `list` (the lists' read) has settled and a frame has been painted, or after a second at most:
 * a database another tab blocks must not hold the rest back.
 */
export function restAfter(list: Promise<unknown>): void {
  setTimeout(open, 1000);
  void list.finally(() => requestAnimationFrame(() => setTimeout(open)));
}

export function restMayLoad(): Promise<void> {
  return gate;
}
