// The service worker's source as the build writes it: the files index.html loads at once are listed for checking as
// soon as the page is asked for (only files the worker knows, so nothing unlisted is ever fetched by it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstFiles, serviceWorkerSource } from '../../scripts/vite-sw.ts';

const INDEX = `<!doctype html><html><head>
<link rel="icon" href="./favicon.svg" type="image/svg+xml">
<link rel="manifest" href="./manifest.webmanifest">
<script type="module" crossorigin src="./assets/index-A.js"></script>
<link rel="modulepreload" crossorigin href="./assets/decorate-B.js">
<link rel="stylesheet" crossorigin href="./assets/index-C.css">
<script type="module" src="https://elsewhere.example/x.js"></script>
</head><body><cp-app></cp-app></body></html>`;

test('firstFiles: the module script, module preloads and stylesheet; not the icon, the manifest or other origins', () => {
  assert.deepEqual(firstFiles(INDEX), ['assets/index-A.js', 'assets/decorate-B.js', 'assets/index-C.css']);
});

test('the worker lists only first files it has a digest for', () => {
  const files = { 'index.html': 'a'.repeat(64), 'assets/index-A.js': 'b'.repeat(64), 'assets/index-C.css': 'c'.repeat(64) };
  const source = serviceWorkerSource('v1', files, [...firstFiles(INDEX), 'assets/not-built.js']);
  const first = JSON.parse(/const FIRST = (\[[^\n]*\]);/.exec(source)?.[1] ?? 'null') as string[];
  assert.deepEqual(first, ['assets/index-A.js', 'assets/index-C.css']);
  assert.doesNotThrow(() => new Function(source), 'the worker parses as a script');
});
