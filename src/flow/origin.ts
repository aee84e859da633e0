// Does this copy of the page probably share its origin (scheme, host and port) with other pages? Browsers keep
// IndexedDB (the account keys), localStorage and the service worker's cache per origin, and every page of that origin
// can read and use them. certpage cannot know who else is served from its host; it can tell the usual cases.

/** Why the page probably shares its storage with other pages, or 'own' when nothing suggests it does. */
export type OriginSharing =
  /** A project site on `*.github.io` (`/certpage/`): every other Pages site of that account has the same origin. */
  | 'github-pages'
  /** Under a path of any other host: the rest of that host is probably other pages. */
  | 'sub-path'
  /** Opened from disk: Chromium gives every `file:` page one shared storage (measured; see README). */
  | 'file'
  /** At the root of an http(s) host: probably an origin of its own. */
  | 'own';

/** The parts of `location` that decide it. */
export interface PageAddress {
  protocol: string;
  hostname: string;
  pathname: string;
}

export function originSharing(page: PageAddress): OriginSharing {
  const protocol = page.protocol.toLowerCase();
  if (protocol === 'file:') return 'file';
  if (protocol !== 'https:' && protocol !== 'http:') return 'own';
  const folder = page.pathname.replace(/(^|\/)index\.html$/i, '$1');
  if (folder === '/' || folder === '') return 'own';
  return /(^|\.)github\.io\.?$/i.test(page.hostname) ? 'github-pages' : 'sub-path';
}
