// Ask the browser not to evict our data under storage pressure (keys live nowhere else).
export type PersistState = 'granted' | 'refused' | 'unsupported';

export async function requestPersistence(): Promise<PersistState> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return 'unsupported';
  try {
    if (await storage.persisted()) return 'granted';
    return (await storage.persist()) ? 'granted' : 'refused';
  } catch {
    return 'refused';
  }
}
