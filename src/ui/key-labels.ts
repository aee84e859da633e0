// How each certificate key type is named in the page's menus.
// Worded when read (getters), so a menu shows the current language.
import { msg } from '@lit/localize';
import type { KeyType } from '../crypto/key-types.ts';

export const KEY_LABELS: Record<KeyType, string> = {
  get 'P-256'() { return msg('ECDSA P-256 (recommended)'); },
  'P-384': 'ECDSA P-384', // i18n-exempt: an algorithm's name
  get 'RSA-2048'() { return msg('RSA 2048 (for old clients)'); },
  'RSA-3072': 'RSA 3072', // i18n-exempt: an algorithm's name
  'RSA-4096': 'RSA 4096', // i18n-exempt: an algorithm's name
};
