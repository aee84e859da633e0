// Header parsing: Link (RFC 8288) and Retry-After (RFC 9110 §10.2.3).

/** Link header → targets by relation, resolved against the request URL. */
export function parseLinks(header: string | null, base: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!header) return out;
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const m of header.matchAll(re)) {
    const target = m[1] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(m[2] ?? '')?.[1];
    if (!rel) continue;
    let url = target;
    try { url = new URL(target, base).href; } catch { /* keep as given */ }
    for (const r of rel.trim().split(/\s+/)) (out[r.toLowerCase()] ??= []).push(url);
  }
  return out;
}

/** Retry-After as delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): Date | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return new Date(now + Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : new Date(at);
}
