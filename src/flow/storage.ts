// The state of this browser's storage for the page: whether IndexedDB works, whether the browser keeps it under
// pressure, and trying again when it did not open.
export { onStorageStatus, retryStorage, storageStatus, type StorageState, type StorageStatus } from '../store/db.ts';
export { requestPersistence, type PersistState } from '../store/persist.ts';
