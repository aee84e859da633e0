// The service worker of the hosted build: once vite has written dist/, writes dist/sw.js with every file the page is
// made of (index.html, assets/*, and public/: favicon, manifest, icons) and the SHA-256 of each file's bytes as
// written. Not used by the single-file build (dist/certpage.html works from file://, where there are no workers).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const SW_FILE = 'sw.js';

/** Every file under `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join(posix.sep));
}

/** Each file's SHA-256 (hex) by path, and a version made of all of them. */
export function fileDigests(outDir: string, names: Iterable<string>): { version: string; files: Record<string, string> } {
  const files: Record<string, string> = {};
  for (const name of [...new Set(names)].sort()) files[name] = createHash('sha256').update(readFileSync(join(outDir, name))).digest('hex');
  const all = createHash('sha256');
  for (const [name, digest] of Object.entries(files)) all.update(`${name}\0${digest}\n`);
  return { version: all.digest('hex').slice(0, 16), files };
}

/**
 * The worker. It caches exactly the listed same-origin files (navigations to the page itself get index.html) and
 * leaves everything else to the network: the CA and the DNS-over-HTTPS resolvers are never cached.
 *
 * Every other page on the same origin can write into this origin's caches, so nothing read from the cache is
 * trusted: each file is served only when the SHA-256 of its bytes is the one this worker was built with. A changed
 * or missing entry is dropped and fetched again; the network copy is checked the same way, and only then served and
 * cached. When no intact copy can be had, the answer is an error (the page says it could not load), never the file.
 * Responses are rebuilt from the checked bytes with the worker's own Content-Type, so no stored header is used.
 *
 * Checked bytes are kept in the worker's memory, which no page can write to, for as long as the worker runs: a file
 * served again is answered from there at once, and its cache entry is checked (and repaired) after the answer. When a
 * navigation to the page arrives, the files index.html loads first (`FIRST`) are checked while it is being parsed, so
 * a warm load does not wait for the worker to read and hash them one request at a time.
 *
 * Installing first asks the browser's HTTP cache, where the files the page has just loaded already are: a first
 * visit downloads each file once (a stale copy fails its hash and is fetched again from the server).
 *
 * A new version installs beside the old one and waits until the page asks it to take over (SKIP_WAITING), so one
 * page never mixes the files of two versions.
 */
export function serviceWorkerSource(version: string, files: Record<string, string>, first: string[] = []): string {
  return `// certpage service worker, version ${version} (written by scripts/vite-sw.ts)
'use strict';
const VERSION = ${JSON.stringify(version)};
const CACHE = 'certpage-' + VERSION;
// Every file of this version and the SHA-256 of its bytes.
const FILES = ${JSON.stringify(files, null, 1).replace(/\n\s*/g, ' ')};
const PAGE = 'index.html';
// What index.html loads at once (its script, module preloads and stylesheet): checked as soon as the page is asked for.
const FIRST = ${JSON.stringify(first.filter((name) => name in files))};
const TYPES = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml', png: 'image/png', webmanifest: 'application/manifest+json; charset=utf-8',
};
const scope = new URL(self.registration.scope);
const address = (name) => new URL(name, scope).href;
const names = new Map(Object.keys(FILES).map((name) => [address(name), name]));

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bytes of \`response\` when they are exactly file \`name\` of this version; otherwise undefined. */
async function intact(name, response) {
  if (!response || !response.ok) return undefined;
  try {
    const bytes = await response.arrayBuffer();
    return (await sha256(bytes)) === FILES[name] ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** A response made from checked bytes; the type comes from the file name, not from anything stored. */
function answer(name, bytes) {
  const type = TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  return new Response(bytes, { headers: { 'content-type': type, 'x-content-type-options': 'nosniff' } });
}

function refusal(name) {
  return new Response('certpage: ' + name + ' could not be loaded intact (its SHA-256 is not the one of version ' + VERSION
    + '), so it was not used. Reload when you are online.\\n',
    { status: 503, statusText: 'Integrity check failed', headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * File \`name\` from the network, checked: first through the HTTP cache (a file the page has just loaded costs no
 * second download), then from the server itself when that copy is stale. Undefined when neither matches.
 */
async function fromNetwork(name, url = address(name)) {
  for (const cache of ['default', 'reload']) {
    let response;
    try {
      response = await fetch(url, { cache, credentials: 'same-origin' });
    } catch {
      return undefined; // offline: the second try would fail the same way
    }
    const bytes = await intact(name, response);
    if (bytes) return bytes;
  }
  return undefined;
}

/** The address the open page was loaded from (index.html or the folder itself): that is what the HTTP cache holds. */
async function pageAddress() {
  const page = address(PAGE);
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    const url = new URL(client.url);
    url.hash = '';
    const bare = url.origin + url.pathname;
    if (bare === scope.href || bare === page) return url.href;
  }
  return page;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await pageAddress();
    await Promise.all(Object.keys(FILES).map(async (name) => {
      const key = address(name);
      if (await intact(name, await cache.match(key))) return;
      const bytes = await fromNetwork(name, name === PAGE ? page : key);
      if (!bytes) throw new Error('certpage: ' + name + ' does not match version ' + VERSION); // not installed; tried again next visit
      await cache.put(key, answer(name, bytes));
    }));
  })());
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

/** A listed file from the cache when intact, else from the network when intact (and cached again); else undefined. */
async function load(name) {
  const key = address(name);
  const cache = await caches.open(CACHE);
  const cached = await intact(name, await cache.match(key));
  if (cached) return cached;
  await cache.delete(key); // missing or changed: never served
  const fetched = await fromNetwork(name);
  if (!fetched) return undefined;
  await cache.put(key, answer(name, fetched));
  return fetched;
}

// Checked bytes by file name, while this worker runs (a pending check is shared by the requests that wait for it).
// Only checked bytes get here, and no page can change the worker's memory; a failed check is not kept.
const checked = new Map();

function checkedBytes(name) {
  let pending = checked.get(name);
  if (!pending) {
    pending = load(name).then((bytes) => { if (!bytes) checked.delete(name); return bytes; }, () => { checked.delete(name); return undefined; });
    checked.set(name, pending);
  }
  return pending;
}

/** After answering from memory: the cache entry is checked too, and replaced by the checked bytes when changed. */
async function repair(name, bytes) {
  const key = address(name);
  const cache = await caches.open(CACHE);
  if (!(await intact(name, await cache.match(key)))) await cache.put(key, answer(name, bytes));
}

/** A listed file: checked bytes (memory, else cache, else network), or an error when no intact copy can be had. */
async function serve(name, event) {
  const known = checked.has(name);
  const bytes = await checkedBytes(name);
  if (!bytes) return refusal(name);
  if (known) event.waitUntil(repair(name, bytes).catch(() => {}));
  return answer(name, bytes);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return; // the CA, DoH resolvers: network only
  url.search = '';
  url.hash = '';
  const name = request.mode === 'navigate' && url.href === scope.href ? PAGE : names.get(url.href);
  if (!name) return;
  if (name === PAGE) for (const file of FIRST) event.waitUntil(checkedBytes(file));
  event.respondWith(serve(name, event));
});
`;
}

/** The files index.html loads at once: module scripts, module preloads and stylesheets (relative `./` paths). */
export function firstFiles(indexHtml: string): string[] {
  const tags = indexHtml.match(/<(?:script|link)\b[^>]*>/g) ?? [];
  return tags
    .filter((tag) => /^<script\b/.test(tag) || /\brel="(?:modulepreload|stylesheet)"/.test(tag))
    .map((tag) => /\b(?:src|href)="\.\/([^"]+)"/.exec(tag)?.[1])
    .filter((name): name is string => Boolean(name));
}

export function serviceWorker(): Plugin {
  let publicDir = '';
  let outDir = '';
  return {
    name: 'certpage:service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir ? resolve(config.publicDir) : '';
      outDir = resolve(config.root, config.build.outDir);
    },
    // After writing: the digests are of the bytes on disk, exactly what the server will send.
    writeBundle(_options, bundle) {
      const names = Object.keys(bundle).filter((name) => !name.endsWith('.map'));
      if (publicDir) names.push(...listFiles(publicDir));
      if (!names.includes('index.html')) this.error('service worker: the build made no index.html');
      const { version, files } = fileDigests(outDir, names.filter((name) => name !== SW_FILE));
      writeFileSync(join(outDir, SW_FILE), serviceWorkerSource(version, files, firstFiles(readFileSync(join(outDir, 'index.html'), 'utf8'))));
    },
  };
}
