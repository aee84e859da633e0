// A loopback DNS-over-HTTPS (RFC 8484) server for tests: Debian's `dnss` does the DoH ↔ DNS work
// (GET ?dns=<base64url> and POST application/dns-message, UDP to the upstream with a TCP retry),
// and a thin node:http proxy in front of it only adds the CORS headers a browser page needs.
// Both listen on 127.0.0.1 with free ports; stop() closes the proxy and ends dnss by its PID.
import { spawn } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { freePorts, waitForPort } from './ports.ts';

export interface DohServer {
  /** http://127.0.0.1:<port>/dns-query — the resolver URL for the page's DoH setting. */
  url: string;
  /** DNS queries (GET/POST /dns-query) received so far. */
  readonly queries: number;
  /** PID of the dnss process. */
  pid: number;
  stop(): Promise<void>;
}

const CORS: OutgoingHttpHeaders = { 'access-control-allow-origin': '*' };

/** Start a DoH server answering from the DNS server at `upstream` ("127.0.0.1:<port>", e.g. PebbleStack.dnsAddress). */
export async function startDoh(upstream: string): Promise<DohServer> {
  const [dnssPort = 0, port = 0] = await freePorts(2);
  let log = '';
  const dnss = spawn('dnss', [
    '-enable_https_to_dns',
    '-dns_upstream', upstream,
    '-https_server_addr', `127.0.0.1:${dnssPort}`,
    '-insecure_http_server',
    '-enable_cache=false', // records change between queries in tests
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); };
  dnss.stdout.on('data', keep);
  dnss.stderr.on('data', keep);

  const exited = new Promise<never>((_, reject) => {
    dnss.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT'
      ? new Error('dnss is not installed (Debian package `dnss`)')
      : err));
    dnss.once('exit', (code, signal) => reject(new Error(`dnss exited (${code ?? signal}) before listening:\n${log}`)));
  });
  exited.catch(() => {}); // only awaited while starting
  const stopDnss = () => new Promise<void>((res) => {
    if (dnss.exitCode !== null || dnss.signalCode !== null || dnss.pid === undefined) return res();
    dnss.once('exit', () => res());
    dnss.kill('SIGTERM');
    setTimeout(() => { dnss.kill('SIGKILL'); res(); }, 3000).unref();
  });
  try {
    await Promise.race([waitForPort(dnssPort), exited]);
  } catch (err) {
    await stopDnss();
    throw err;
  }

  let queries = 0;
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      const headers: OutgoingHttpHeaders = {
        ...CORS,
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'content-type, accept',
        'access-control-max-age': '600',
      };
      // Chrome's Private Network Access preflight, for a page served from a non-loopback origin.
      if (req.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
      res.writeHead(204, headers).end();
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').pathname === '/dns-query') queries++;
    const headers: IncomingHttpHeaders = { ...req.headers, host: `127.0.0.1:${dnssPort}` };
    const up = request({ host: '127.0.0.1', port: dnssPort, method: req.method, path: req.url, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, ...CORS });
      upRes.pipe(res);
    });
    up.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { ...CORS, 'content-type': 'text/plain' });
      res.end(`dnss: ${err.message}`);
    });
    req.pipe(up);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    await stopDnss();
    throw err;
  }

  return {
    url: `http://127.0.0.1:${port}/dns-query`,
    get queries() { return queries; },
    pid: dnss.pid ?? 0,
    async stop() {
      await new Promise<void>((res) => {
        server.close(() => res());
        server.closeAllConnections();
      });
      await stopDnss();
    },
  };
}
