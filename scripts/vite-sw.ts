// The service worker of the hosted build: after `vite build`, writes dist/sw.js with the list of every file the page
// is made of (index.html, assets/*, and public/: favicon, manifest, icons) and a version hash of their contents.
// Not used by the single-file build (dist/certpage.html works from file://, where there are no service workers).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const SW_FILE = 'sw.js';

/** Every file under `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join(posix.sep));
}

/**
 * The worker: cache-first for exactly the listed same-origin files (navigations to the page itself get the cached
 * index.html), the network for everything else. The CA and the DNS-over-HTTPS resolvers are never cached.
 * A new version installs beside the old one and waits until the page asks it to take over (SKIP_WAITING), so one
 * page never mixes the files of two versions.
 */
export function serviceWorkerSource(version: string, files: string[]): string {
  return `// certpage service worker, version ${version} (written by scripts/vite-sw.ts)
const VERSION = ${JSON.stringify(version)};
const CACHE = 'certpage-' + VERSION;
const FILES = ${JSON.stringify(files)};
const scope = new URL(self.registration.scope);
const urls = new Set(FILES.map((f) => new URL(f, scope).href));
const page = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, scope), { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('certpage-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return; // the CA, DoH resolvers: network only
  url.search = '';
  url.hash = '';
  let key = url.href;
  if (request.mode === 'navigate' && (key === scope.href || key === page)) key = page;
  if (!urls.has(key)) return;
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(key))
    .then((hit) => hit ?? fetch(request)));
});
`;
}

export function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'certpage:service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir ? resolve(config.publicDir) : '';
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const hash = createHash('sha256');
        const files = new Map<string, string | Uint8Array>();
        for (const [name, file] of Object.entries(bundle)) {
          if (name.endsWith('.map')) continue;
          files.set(name, file.type === 'chunk' ? file.code : file.source);
        }
        if (publicDir) for (const name of listFiles(publicDir)) files.set(name, readFileSync(join(publicDir, name)));
        files.delete(SW_FILE);
        if (!files.has('index.html')) this.error('service worker: the build made no index.html');
        const names = [...files.keys()].sort();
        for (const name of names) hash.update(name).update('\0').update(files.get(name) ?? '').update('\0');
        const version = hash.digest('hex').slice(0, 16);
        this.emitFile({ type: 'asset', fileName: SW_FILE, source: serviceWorkerSource(version, names) });
      },
    },
  };
}
