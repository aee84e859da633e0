// The store's repository, loaded when first needed rather than with the page: the setup form shows, and takes input,
// before idb and the database's upgrade steps have even arrived. Whatever the first load holds in flow/ reaches the
// store through here; the lazy parts (the issuance driver, the panels) import store/repo.ts directly.
export type Repo = typeof import('../store/repo.ts');

let loading: Promise<Repo> | undefined;

export function repo(): Promise<Repo> {
  loading ??= import('../store/repo.ts').catch((err: unknown) => {
    loading = undefined; // e.g. offline before the service worker had it: the next use tries again
    throw err;
  });
  return loading;
}
