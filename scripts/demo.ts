// `npm run demo` (through scripts/demo.mjs, which installs what is missing and makes the throw-away TLS CA):
// Pebble + challtestsrv on loopback, a web root served on Pebble's HTTP-01 port, a DoH server over the demo's DNS,
// and the built page on one https://127.0.0.1 origin that also carries Pebble's API, so the page talks only to
// its own origin. Prints what to do; Ctrl-C (SIGINT) or SIGTERM stops everything it started.
//
// Why one https origin and no /acme/ prefix: Pebble (like any ACME server) checks that the URL signed into each
// request's JWS is exactly https://<Host header><request path>. So the page must use https URLs, and the path the
// page signs must be the path Pebble serves. Passing the page's Host header through makes Pebble write every URL
// (directory, Location, Link) with the page's origin itself: nothing needs rewriting. The one certificate for that
// origin is the throw-away CA's loopback certificate (.cache/tls); a browser that should show no warning is told
// to trust exactly its key (the printed Chromium line, --ignore-certificate-errors-spki-list).
import { X509Certificate, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileHandler, serveDir, type StaticServer } from '../e2e/support/static-server.ts';
import { startDoh, type DohServer } from '../test/support/doh.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

const root = resolve(import.meta.dirname, '..');
// CERTPAGE_DEMO_DIR: another folder for the demo's build and web root (two test runs at once must not share one).
const demoDir = process.env.CERTPAGE_DEMO_DIR ? resolve(process.env.CERTPAGE_DEMO_DIR) : join(root, '.demo');
const distDir = join(demoDir, 'dist');
const webRoot = join(demoDir, 'webroot');
const tlsDir = process.env.CERTPAGE_TLS_DIR ?? join(root, '.cache', 'tls');

/** base64 SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's SPKI allow-list takes. */
function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** The page (built files) and, for every other path, Pebble's API: one https origin on loopback. */
async function startPageServer(stack: PebbleStack, tls: { cert: string; key: string; ca: string }): Promise<{ url: string; close(): Promise<void> }> {
  const files = await fileHandler(distDir);
  const pebble = new URL(stack.directoryUrl);
  const server = createHttpsServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    void (async () => {
      if (await files(req, res)) return;
      // Not a file of the page: Pebble answers, told the page's Host so every URL it writes names this origin.
      const upstream = httpsRequest({
        host: pebble.hostname,
        port: pebble.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        ca: tls.ca,
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`Pebble did not answer: ${err.message}\n`);
      });
      req.pipe(upstream);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${(err as Error).message}\n`);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(Number(process.env.CERTPAGE_DEMO_PORT ?? 0), '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

function build(): void {
  console.log('Building the page into .demo/dist (vite build; about half a minute on a busy machine)…');
  const vite = join(root, 'node_modules', '.bin', 'vite');
  const r = spawnSync(vite, ['build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
}

async function main(): Promise<void> {
  build();
  rmSync(webRoot, { recursive: true, force: true }); // last run's challenge files mean nothing to this Pebble
  mkdirSync(webRoot, { recursive: true });

  const started: { stop(): Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (why: string): Promise<void> => {
    stopping ??= (async () => {
      console.log(`\n${why}: stopping everything the demo started…`);
      for (const s of started.reverse()) await s.stop().catch(() => undefined);
      console.log('Demo stopped.');
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stopAll(signal).then(() => process.exit(0)));
  }

  try {
    const stack = await startPebble({ http01Server: false, authzReuse: 0 });
    started.push(stack);
    let site: StaticServer;
    try {
      site = await serveDir(webRoot, { port: stack.httpPort });
    } catch (err) {
      throw new Error(`could not serve the web root on Pebble's HTTP-01 port ${stack.httpPort}: ${(err as Error).message}`);
    }
    started.push({ stop: () => site.close() });
    const doh: DohServer = await startDoh(stack.dnsAddress);
    started.push(doh);
    const tls = {
      cert: readFileSync(join(tlsDir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(tlsDir, 'key.pem'), 'utf8'),
      ca: readFileSync(join(tlsDir, 'ca.pem'), 'utf8'),
    };
    const page = await startPageServer(stack, tls);
    started.push({ stop: () => page.close() });

    const directory = `${page.url}dir`;
    const open = `${page.url}?directory=${encodeURIComponent(directory)}`;
    const setTxt = `curl -d '{"host":"_acme-challenge.<name>.","value":"<record value>"}' ${stack.challtestsrvUrl}/set-txt`;
    const chromium = `chromium --user-data-dir=${join(demoDir, 'chromium')} --ignore-certificate-errors-spki-list=${spkiHash(tls.cert)} '${open}'`;
    console.log(`
certpage demo: a local CA (Pebble) and everything it needs, on this computer only.

Open:          ${open}
Directory URL: ${directory}   (preselected by the link; paste it if the form shows another CA)
Web root:      ${webRoot}
DNS for checks (optional, under "DNS checks" at the bottom of the page): ${doh.url}

1. In the page, tick the terms, type any names (e.g. www.example.com), and Create order.
2. HTTP-01: copy the card's shell command ("Command for all files"), replace /var/www/html in it with
   ${webRoot}
   and run it here. That folder is served on Pebble's HTTP-01 port, so the CA finds the files.
   DNS-01: set the card's record with
   ${setTxt}
3. Submit, and download your certificate (signed by Pebble's throw-away root, trusted by nothing).

The page is served over https with the throw-away certificate in .cache/tls, so a browser warns about it once.
For no warning at all, open it in a Chromium that trusts exactly that certificate's key:
   ${chromium}

pids: demo ${process.pid}, pebble-challtestsrv ${stack.pids[0]}, pebble ${stack.pids[1]}, dnss ${doh.pid}
Ctrl-C stops everything.`);
  } catch (err) {
    console.error(`The demo could not start: ${(err as Error).message}`);
    await stopAll('Error');
    process.exit(1);
  }
}

await main();
