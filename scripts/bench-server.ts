// The bench's static server: a folder on 127.0.0.1 served the way GitHub Pages serves certpage (gzip when asked,
// `Cache-Control: max-age=600`, ETag and 304 on revalidation), so cold and warm loads mean what they mean for a
// visitor. Every request is logged (path, status, bytes on the wire) for the first-visit figures.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.webmanifest', '.txt']);

export interface Hit {
  path: string;
  status: number;
  /** Body bytes sent (compressed when gzipped). */
  bytes: number;
}

export interface BenchServer {
  /** Base URL with a trailing slash. */
  url: string;
  /** Every request since the last `clear()`. */
  log: Hit[];
  clear(): void;
  /**
   * On: every answer says `Cache-Control: no-cache`, as hosts that have the browser ask again on each visit (Netlify,
   * Cloudflare Pages; GitHub Pages once its 10 minutes are up). Off (the default): `max-age=600`, as GitHub Pages.
   */
  revalidate(on: boolean): void;
  close(): Promise<void>;
}

interface Entry { body: Buffer; gz?: Buffer; etag: string; type: string }

export async function serveForBench(dir: string): Promise<BenchServer> {
  const root = await realpath(resolve(dir));
  const cache = new Map<string, Entry>();
  const log: Hit[] = [];
  let cacheControl = 'max-age=600';

  async function entry(file: string): Promise<Entry> {
    const known = cache.get(file);
    if (known) return known;
    const body = await readFile(file);
    const ext = extname(file).toLowerCase();
    const made: Entry = {
      body,
      etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`,
      type: TYPES[ext] ?? 'application/octet-stream',
      ...(COMPRESSIBLE.has(ext) && body.length > 256 ? { gz: gzipSync(body, { level: 6 }) } : {}),
    };
    cache.set(file, made);
    return made;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<Hit> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const done = (status: number, bytes = 0): Hit => ({ path, status, bytes });
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return done(405); }
    const candidate = join(root, decodeURIComponent(path === '/' ? '/index.html' : path));
    const rel = relative(root, candidate);
    let file: string | undefined;
    if (rel && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)) {
      file = await realpath(candidate).catch(() => undefined);
      if (file && !(await stat(file)).isFile()) file = undefined;
    }
    if (!file) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n'); return done(404, 10); }
    const e = await entry(file);
    const headers: Record<string, string> = { 'content-type': e.type, 'cache-control': cacheControl, etag: e.etag, vary: 'Accept-Encoding' };
    if (req.headers['if-none-match'] === e.etag) { res.writeHead(304, headers).end(); return done(304); }
    const gzip = e.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip && e.gz ? e.gz : e.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return done(200, req.method === 'HEAD' ? 0 : body.length);
  }

  const server = createServer((req, res) => {
    handle(req, res).then((hit) => log.push(hit), (err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    clear: () => { log.length = 0; },
    revalidate: (on) => { cacheControl = on ? 'no-cache' : 'max-age=600'; },
    close: () => new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); }),
  };
}
