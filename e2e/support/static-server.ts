// A tiny static file server for the built page: node:http on 127.0.0.1, a free port, GET/HEAD only.
// One folder at `/`, or several folders by URL prefix on the same origin (`/certpage/` and `/other/`, as on a shared
// GitHub Pages host). Every request is logged, so a test can count what the server saw.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { realpath, stat, readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

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
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export interface ServedRequest {
  method: string;
  /** The URL path as asked, without the query. */
  path: string;
  status: number;
}

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:43123/`. */
  url: string;
  /** Every request seen, in order. */
  requests: ServedRequest[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * `no-store` (the default): every load goes to the server. `github-pages`: what GitHub Pages sends
   * (`Cache-Control: max-age=600`, an ETag and Last-Modified, 304 for a matching If-None-Match), so the browser's
   * HTTP cache works as it does for visitors of a Pages site.
   */
  caching?: 'no-store' | 'github-pages';
  /** A fixed port (default: one the OS picks). */
  port?: number;
}

/** Answers a GET/HEAD for a file, or resolves false having sent nothing (not a file here, or another method). */
export type FileHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/** Serve the files under `dir` (index.html for `/`; 404 for anything else that is not a file inside `dir`). */
export function serveDir(dir: string, opts: ServeOptions = {}): Promise<StaticServer> {
  return serveDirs({ '/': dir }, opts);
}

/**
 * Serve several folders on one origin, by URL prefix: `{ '/certpage/': 'dist', '/other/': otherDir }`. A path that
 * ends in `/` gets that folder's index.html; a prefix without its slash is redirected to it (as GitHub Pages does).
 */
export async function serveDirs(mounts: Record<string, string>, opts: ServeOptions = {}): Promise<StaticServer> {
  const roots: [prefix: string, root: string][] = [];
  for (const [prefix, dir] of Object.entries(mounts)) {
    if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`mount prefix must start and end with /: ${prefix}`);
    roots.push([prefix, await realpath(resolve(dir))]);
  }
  roots.sort((a, b) => b[0].length - a[0].length); // the longest prefix wins
  const requests: ServedRequest[] = [];
  const files = mountHandler(roots, opts, requests);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        requests.push({ method: req.method ?? '', path: (req.url ?? '/').split('?')[0] ?? '/', status: 405 });
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        return res.end('method not allowed\n');
      }
      if (!(await files(req, res))) {
        const last = requests[requests.length - 1];
        if (last) last.status = 404;
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : 'not found\n');
      }
    } catch (err) {
      if (!res.headersSent) { res.writeHead(500); res.end(`${(err as Error).message}\n`); } else res.destroy();
    }
  });

  // Port 0: the OS picks a free port at bind time (no window for another process to take it).
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

/** The files under `dir` as a handler another server can try first (e.g. before passing a request on to a CA). */
export async function fileHandler(dir: string): Promise<FileHandler> {
  return mountHandler([['/', await realpath(resolve(dir))]], {}, []);
}

function mountHandler(roots: [prefix: string, root: string][], opts: ServeOptions, requests: ServedRequest[]): FileHandler {
  const inside = (root: string, p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const entry: ServedRequest = { method: req.method, path: (req.url ?? '/').split('?')[0] ?? '/', status: 0 };
    requests.push(entry);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    };
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (path.includes('\0') || path.includes('\\')) return send(400, 'bad path\n');
    if (roots.some(([prefix]) => prefix !== '/' && prefix === `${path}/`)) return send(301, 'moved\n', { location: `${path}/` });
    const mount = roots.find(([prefix]) => path.startsWith(prefix));
    if (!mount) return false;
    const [prefix, root] = mount;
    let rest = path.slice(prefix.length);
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const candidate = join(root, rest);
    if (!inside(root, candidate)) return false;
    let file: string;
    try {
      file = await realpath(candidate); // follows symlinks, so check again below
    } catch {
      return false;
    }
    const info = await stat(file);
    if (!inside(root, file) || !info.isFile()) return false;
    const body = await readFile(file);
    const headers: Record<string, string | number> = {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
    };
    if (opts.caching === 'github-pages') {
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      Object.assign(headers, { 'cache-control': 'max-age=600', etag, 'last-modified': info.mtime.toUTCString() });
      if (req.headers['if-none-match'] === etag) {
        entry.status = 304;
        res.writeHead(304, headers);
        res.end();
        return true;
      }
    } else {
      headers['cache-control'] = 'no-store';
    }
    headers['content-length'] = body.length;
    entry.status = 200;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
