// A tiny static file server for the built page: node:http on 127.0.0.1, a free port, GET/HEAD only.
import { createServer } from 'node:http';
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

/** Serve the files under `dir` (index.html for `/`; 404 for anything else that is not a file inside `dir`). */
export async function serveDir(dir: string): Promise<StaticServer> {
  const root = await realpath(resolve(dir));
  const inside = (p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
  };

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
      let path: string;
      try {
        path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        return send(400, 'bad path\n');
      }
      if (path.includes('\0') || path.includes('\\')) return send(400, 'bad path\n');
      if (path === '/') path = '/index.html';
      const candidate = join(root, path);
      if (!inside(candidate)) return send(404, 'not found\n');
      let file: string;
      try {
        file = await realpath(candidate); // follows symlinks, so check again below
      } catch {
        return send(404, 'not found\n');
      }
      if (!inside(file) || !(await stat(file)).isFile()) return send(404, 'not found\n');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      if (!res.headersSent) send(500, `${(err as Error).message}\n`);
      else res.destroy();
    }
  });

  // Port 0: the OS picks a free port at bind time (no window for another process to take it).
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => { server.off('error', fail); ok(); });
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
