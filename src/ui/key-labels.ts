// How each certificate key type is named in the page's menus.
import type { KeyType } from '../crypto/key-types.ts';

export const KEY_LABELS: Record<KeyType, string> = {
  'P-256': 'ECDSA P-256 (recommended)',
  'P-384': 'ECDSA P-384',
  'RSA-2048': 'RSA 2048 (for old clients)',
  'RSA-3072': 'RSA 3072',
  'RSA-4096': 'RSA 4096',
};
