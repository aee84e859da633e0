// Header parsing: Link (RFC 8288) and Retry-After (RFC 9110 §10.2.3). Both come from the network and drive
// requests and timers, so both are read in linear time and clamped to values that make sense.

/** Longest Link header read; a CA sends a few hundred bytes (up, index, alternates, terms-of-service). */
export const LINK_HEADER_MAX_CHARS = 16 * 1024;

/** A Retry-After further ahead than this is not believed (it is ignored: the caller's own backoff applies). */
export const RETRY_AFTER_MAX_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Link header → targets by relation, resolved against the request URL. Scanned by hand in one pass (a regex
 * with nested repetition backtracked on long parameter lists); text past LINK_HEADER_MAX_CHARS is ignored.
 */
export function parseLinks(header: string | null, base: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!header) return out;
  const text = header.slice(0, LINK_HEADER_MAX_CHARS);
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    const target = text.slice(open + 1, close);
    // The parameters run to the next comma outside quotes.
    let end = close + 1;
    let quoted = false;
    for (; end < text.length; end++) {
      const c = text[end];
      if (c === '"') quoted = !quoted;
      else if (c === '\\' && quoted) end++;
      else if (c === ',' && !quoted) break;
    }
    const rel = relOf(text.slice(close + 1, end));
    at = end + 1;
    if (!rel) continue;
    let url = target;
    try { url = new URL(target, base).href; } catch { /* keep as given */ }
    for (const r of rel.split(/[ \t]+/)) {
      if (r) (out[r.toLowerCase()] ??= []).push(url);
    }
  }
  return out;
}

/** The rel parameter of `; a=b; rel="x y"`, unquoted, or undefined. */
function relOf(params: string): string | undefined {
  for (const part of params.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
    const value = part.slice(eq + 1).trim().replace(/^"/, '').replace(/"$/, '').trim();
    return value || undefined;
  }
  return undefined;
}

// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms; all start with a day name.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [ -~]{10,40}$/;

/**
 * Retry-After as delta-seconds or an HTTP-date, between now and a year ahead; a date in the past means now.
 * Anything else (junk, a negative or enormous number, a date years ahead) is undefined: the caller's own backoff applies.
 */
export function parseRetryAfter(header: string | null, now = Date.now()): Date | undefined {
  if (!header) return undefined;
  const text = header.trim();
  let at: number;
  if (/^\d{1,12}$/.test(text)) at = now + Number(text) * 1000;
  else if (HTTP_DATE.test(text)) at = Math.max(Date.parse(text), now);
  else return undefined;
  if (!Number.isFinite(at) || at - now > RETRY_AFTER_MAX_MS) return undefined;
  return new Date(at);
}
