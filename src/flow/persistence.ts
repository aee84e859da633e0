// Asking the browser to keep the page's data under storage pressure (no IndexedDB involved, so part of the first load).
export { requestPersistence, type PersistState } from '../store/persist.ts';
