// What loads after the form is painted, in order: My certificates first (what a returning visitor looks for), then the
// other panels, the banners and the code prefetched for later (the CA connection). `restMayLoad()` resolves when the
// list is read and painted, or after a second at most (a database another tab blocks must not hold the rest back).
let open: () => void = () => {};
const gate = new Promise<void>((resolve) => { open = resolve; });

export function restMayLoad(): Promise<void> {
  return gate;
}

export function letRestLoad(): void {
  open();
}
