// The "prerender floor" of `npm run bench`: the working tree's build with a plain-HTML form (the fields the bench's
// time-to-interactive probe looks for) in index.html and no script at all, so nothing runs before its first paint;
// the harness registers the service worker itself (`registerFloorWorker`). The probe finds the form usable as soon as
// the HTML and its stylesheet are in and painted. A page made of these files (the page, its stylesheet, its worker)
// cannot be interactive sooner in this harness, whatever its script does: the figure is the floor under the page's
// own, and shows when a goal is below what even a prerendered form could reach. Not a page anyone visits.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FORM = `<div>
<h1>certpage</h1><p>Get a TLS certificate from Let's Encrypt or any ACME CA, right here.</p>
<p><label for="floor-dir">Directory URL</label> <input id="floor-dir" type="url"></p>
<p><label><input type="checkbox"> I agree to the CA's terms of service</label></p>
<p><label for="floor-names">Domain names</label> <textarea id="floor-names"></textarea></p>
<button type="button">Create order</button></div>`;

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A copy of `dist` whose index.html is the form without scripts (and the service worker's digest of it to match). */
export function floorBuild(dist: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-floor-'));
  cpSync(dist, dir, { recursive: true });
  const page = join(dir, 'index.html');
  const before = readFileSync(page);
  const html = before.toString('utf8');
  if (!html.includes('<body>')) throw new Error('bench: no <body> in index.html for the prerender floor');
  const after = html
    .replace(/\s*<script\b[^>]*><\/script>/g, '')
    .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
    .replace('<body>', `<body>${FORM}`);
  writeFileSync(page, after);
  // The worker serves only files whose SHA-256 it was built with: without this it would refuse the changed page.
  // Silently left alone, the worker would not install and the warm loads would come from the HTTP cache instead.
  const worker = join(dir, 'sw.js');
  const source = readFileSync(worker, 'utf8');
  if (!source.includes(sha256(before))) throw new Error("bench: sw.js does not list index.html's SHA-256");
  writeFileSync(worker, source.replace(sha256(before), sha256(after)));
  return dir;
}

/** The floor page has no script to register its worker: the harness does, as the page would on a first visit. */
export const registerFloorWorker = 'navigator.serviceWorker.register("./sw.js")';
