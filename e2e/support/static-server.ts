// A tiny static file server for the built page: node:http on 127.0.0.1, a free port, GET/HEAD only.
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

export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:43123/`. */
  url: string;
  close(): Promise<void>;
}

export type FileHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * A GET/HEAD handler for the files under `dir` (index.html for `/`). Resolves false, sending nothing, when the
 * request names no file inside `dir` (or is not GET/HEAD), so the caller can answer 404 or pass it on.
 */
export async function fileHandler(dir: string): Promise<FileHandler> {
  const root = await realpath(resolve(dir));
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
  };
  return async (req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (path.includes('\0') || path.includes('\\')) return send(400, 'bad path\n');
    if (path === '/') path = '/index.html';
    const candidate = join(root, path);
    if (!inside(candidate)) return false;
    let file: string;
    try {
      file = await realpath(candidate); // follows symlinks, so check again below
    } catch {
      return false;
    }
    if (!inside(file) || !(await stat(file)).isFile()) return false;
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** Serve the files under `dir` (index.html for `/`; 404 for anything else that is not a file inside `dir`). */
export async function serveDir(dir: string, opts: { port?: number } = {}): Promise<StaticServer> {
  const files = await fileHandler(dir);
  const server = createServer(async (req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return send(405, 'method not allowed\n');
      }
      if (!(await files(req, res))) send(404, 'not found\n');
    } catch (err) {
      if (!res.headersSent) send(500, `${(err as Error).message}\n`);
      else res.destroy();
    }
  });

  // Port 0 (the default): the OS picks a free port at bind time (no window for another process to take it).
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}
