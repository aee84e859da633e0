// A thin HTTPS proxy in front of the real Pebble, on loopback, for fault tests: every request goes to Pebble as it
// is, and Pebble's real answer comes back with its own address replaced by the proxy's, after a test's `rewrite`
// had its say (a certificate for other names, a wild Retry-After, an order held "processing"…). It also logs what
// the page sent, so a test can count requests by kind.
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tlsDir } from './pebble.ts';

export interface Exchange {
  method: string;
  /** The path on the CA, e.g. "/finalize-order/abc". */
  path: string;
  /** What the page sent (for POSTs: the flattened JWS as text). */
  requestBody: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Change `exchange` in place (status, headers, body) before the page sees it. */
export type Rewrite = (exchange: Exchange) => void;

export interface CaProxy {
  directoryUrl: string;
  origin: string;
  /** Every exchange so far, as the page saw it (after rewriting). */
  log: { method: string; path: string; status: number; at: number }[];
  rewrite: Rewrite | undefined;
  close(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** Serves on a free loopback port; `pebbleDirectoryUrl` is the real Pebble's directory. */
export async function startCaProxy(pebbleDirectoryUrl: string): Promise<CaProxy> {
  const upstream = new URL(pebbleDirectoryUrl);
  const ca = readFileSync(join(tlsDir, 'ca.pem'));
  const log: CaProxy['log'] = [];
  let origin = '';
  const state: { rewrite: Rewrite | undefined } = { rewrite: undefined };

  const server = createServer({ cert: readFileSync(join(tlsDir, 'cert.pem')), key: readFileSync(join(tlsDir, 'key.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = flat(req.headers);
      // The Host header stays the proxy's: Pebble then writes the proxy's address into its URLs and checks each JWS
      // `url` against it, as it would for a CA really living here.
      const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...headers, host: req.headers.host ?? upstream.host, 'content-length': String(body.length) }, ca }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const swap = (text: string) => text.split(upstream.origin).join(origin);
          const out: Exchange = {
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            requestBody: body.toString('utf8'),
            status: answer.statusCode ?? 502,
            headers: Object.fromEntries(Object.entries(flat(answer.headers)).map(([k, v]) => [k, swap(v)])),
            body: Buffer.from(swap(Buffer.concat(parts).toString('utf8'))),
          };
          try {
            state.rewrite?.(out);
          } catch (err) {
            console.error('[ca-proxy] rewrite failed:', err);
          }
          log.push({ method: out.method, path: out.path, status: out.status, at: Date.now() });
          res.writeHead(out.status, { ...out.headers, 'content-length': String(out.body.length) });
          res.end(out.body);
        });
      });
      up.on('error', (err) => { res.writeHead(502); res.end(String(err)); });
      up.end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  return {
    directoryUrl: `${origin}${upstream.pathname}`,
    origin,
    log,
    get rewrite() { return state.rewrite; },
    set rewrite(r: Rewrite | undefined) { state.rewrite = r; },
    close: () => new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); }),
  };
}

/** Expose a header to the page (Pebble lists only Link, Replay-Nonce and Location). */
export function expose(exchange: Exchange, header: string): void {
  const current = exchange.headers['access-control-expose-headers'] ?? '';
  exchange.headers['access-control-expose-headers'] = current ? `${current}, ${header}` : header;
}

/** The JSON body of an answer, changed by `edit` (for order and authorization objects). */
export function editJson(exchange: Exchange, edit: (body: Record<string, unknown>) => void): void {
  const body = JSON.parse(exchange.body.toString('utf8')) as Record<string, unknown>;
  edit(body);
  exchange.body = Buffer.from(JSON.stringify(body));
}

/** POST-as-GET of an order or authorization (the page polls with these). */
export function isRead(exchange: Exchange, kind: 'order' | 'authz'): boolean {
  const prefix = kind === 'order' ? '/my-order/' : '/authZ/';
  return exchange.method === 'POST' && exchange.path.startsWith(prefix) && exchange.status === 200;
}
