// The database's name and version, apart from the schema so the first load (store/warm.ts) can name them without
// loading the store.
export const DB_NAME = 'certpage';
export const DB_VERSION = 3;
