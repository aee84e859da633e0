// On request: fetch the HTTP-01 file from this page, and say honestly when a browser cannot tell.
import { msg, str } from '@lit/localize';
import type { Http01Instructions } from '../../acme/challenge-values.ts';
import type { CardCheck } from './live.ts';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * The CA fetches over plain HTTP; an https page may not (mixed content), so the page tries HTTPS first when it
 * is itself on HTTPS, and plain HTTP otherwise. A refusal usually means no CORS header, not a missing file.
 */
export async function probeHttp01(file: Pick<Http01Instructions, 'url' | 'body'>, pageProtocol: string, fetchFn: FetchLike = (u, i) => globalThis.fetch(u, i)): Promise<CardCheck> {
  const url = pageProtocol === 'https:' ? file.url.replace(/^http:/, 'https:') : file.url;
  let res: Response;
  try {
    res = await fetchFn(url, { cache: 'no-store', redirect: 'follow', signal: AbortSignal.timeout(8000) });
  } catch {
    return {
      state: 'unknown',
      headline: msg(str`This page could not read ${url}.`),
      details: [
        msg('That does not mean the file is missing: browsers only let a page read another site when the site allows it (a CORS header), and an HTTPS page may not load plain HTTP.'),
        msg('Check it with the curl command instead, or serve the file with the nginx or Apache snippet, which adds that header.'),
      ],
      hints: [],
      checkedAt: Date.now(),
    };
  }
  // The file is a few dozen bytes; a site that answers with megabytes is read only as far as that tells.
  const body = (await readCapped(res, FILE_MAX_BYTES)).trim();
  if (res.ok && body === file.body) {
    return { state: 'pass', headline: msg(str`${url} serves exactly the expected content.`), details: [], hints: [], checkedAt: Date.now() };
  }
  const shown = body.length > 120 ? `${body.slice(0, 120)}…` : body || msg('(empty)');
  return {
    state: 'fail',
    headline: res.ok ? msg(str`${url} answers, but not with the expected content.`) : msg(str`${url} answered HTTP ${res.status}: the file is not there (yet).`),
    details: res.ok ? [msg(str`Found: ${shown}`), msg(str`Expected: ${file.body}`)] : [],
    hints: res.ok ? [msg('Copy the file content again; it must be exactly one line, with nothing added.')] : [msg('Check the folder: the file goes in .well-known/acme-challenge/ under the web root, and its name is the file name shown.')],
    checkedAt: Date.now(),
  };
}

/** An HTTP-01 answer is one line of about 90 bytes; 16 KB is plenty to show what a site sends instead. */
const FILE_MAX_BYTES = 16 * 1024;

async function readCapped(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    chunks.push(value);
    size += value.length;
    if (size >= max) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const all = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, all.length - at);
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  return new TextDecoder().decode(all);
}
