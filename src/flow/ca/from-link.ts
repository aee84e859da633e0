// `?directory=<url>` in the page's address preselects that CA in the setup form (npm run demo prints such a link;
// a team can share one for its own CA). Only what the page's CSP lets it reach: https, or plain http on loopback.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The directory URL named by the page's query string, or undefined when there is none or it is not usable. */
export function directoryFromQuery(search: string): string | undefined {
  const raw = new URLSearchParams(search).get('directory')?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.hash) return undefined;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url.href;
  return undefined;
}
