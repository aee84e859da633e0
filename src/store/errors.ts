// What the store can refuse, as typed errors the flow turns into words.
import type { IssuanceRecord } from './schema.ts';

/** A write made from an older revision: another tab wrote this record meanwhile. `latest` is what is stored now. */
export class StaleRecordError extends Error {
  readonly code = 'stale';
  constructor(readonly latest: IssuanceRecord | undefined) {
    super('This record was changed in another tab.');
    this.name = 'StaleRecordError';
  }
}

/**
 * The browser refused to store (quota, a broken profile), or a newer certpage in another tab upgraded the database
 * ('outdated'). `cause` is the browser's own error.
 */
export class StorageError extends Error {
  constructor(readonly code: 'outdated' | 'refused', options?: { cause?: unknown }) {
    super(code === 'outdated' ? 'A newer version of certpage upgraded the storage in another tab.' : 'The browser refused to store this.', options);
    this.name = 'StorageError';
  }
}
