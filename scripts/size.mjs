// `npm run size`: the JavaScript budgets of the built page (dist/), gzipped as a server would send it.
//   first load: what index.html loads before anything lazy is needed (its module scripts, their modulepreloads,
//               what the entry script imports right after the first paint, and every static import of those,
//               followed through the chunks);
//   total:      every .js file in dist/assets but the language catalogues;
//   catalogue:  each language's messages (src/locales/<code>.ts), loaded only by a visitor who reads that language,
//               so a visitor loads at most one of them.
// Prints one row per file and exits 1 when a budget is exceeded. Run after `vite build`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// kB (1000 bytes), gzipped. The first load is what a visitor waits for (issue 12: at most 25 kB; the store, the names
// parser and the rare banners load right after the first paint). The total grew with the issuance machine, the verified
// service worker, TLS-ALPN-01, the input caps, several CSRs in one pass, the zip, DNS-01 cards that submit themselves
// and focus handling (all lazy), and by ~3 kB when the first-load parts moved into chunks of their own (gzip no longer
// shares one dictionary across them), then by ~1.5 kB when the errors of src/acme, src/crypto and src/dns became whole
// sentences through the catalogue (one message per variant instead of glued fragments).
// A catalogue holds every message of the page (~1,050; 35 kB for Chinese) and is loaded lazily, only by a visitor who
// reads that language.
const BUDGET = { firstLoad: 25, total: 173, catalogue: 40 };

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const page = join(dist, 'index.html');
if (!existsSync(page)) {
  console.error(`size: ${page} is missing; run \`vite build\` first.`);
  process.exit(2);
}

// dist/certpage.html (the single-file build) and source maps are not what a visitor of index.html loads.
const files = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`).sort();
const html = readFileSync(page, 'utf8');
const roots = [
  ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
].map((href) => posix.normalize(href.replace(/^\.\//, '')));
if (!roots.length) {
  console.error('size: dist/index.html loads no module script');
  process.exit(2);
}

/** Relative static imports of a chunk (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import()`. */
function staticImports(file) {
  const code = readFileSync(join(dist, file), 'utf8');
  const found = code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.\.?\/[^"']+)["']/g);
  return [...found].map((m) => posix.join(posix.dirname(file), m[1]));
}

/** Relative dynamic imports of a chunk (``import(`./x.js`)``, any quotes); their static imports are followed below. */
function dynamicImports(file) {
  const code = readFileSync(join(dist, file), 'utf8');
  return [...code.matchAll(/\bimport\(\s*["'`](\.\.?\/[^"'`]+)["'`]\s*\)/g)].map((m) => posix.join(posix.dirname(file), m[1]));
}

// The entry (boot.ts) lets the prerendered form paint, then imports the app at once: that import is first load too.
const firstLoad = new Set();
const queue = [...roots, ...roots.flatMap(dynamicImports)];
while (queue.length) {
  const file = queue.pop();
  if (firstLoad.has(file)) continue;
  if (!existsSync(join(dist, file))) {
    console.error(`size: ${file} is loaded by the page but not in dist/`);
    process.exit(2);
  }
  firstLoad.add(file);
  queue.push(...staticImports(file));
}

const { targetLocales } = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'lit-localize.json'), 'utf8'));
const catalogueOf = (file) => targetLocales.find((code) => new RegExp(`^assets/${code}-[\\w-]{8}\\.js$`).test(file));

const kb = (bytes) => (bytes / 1000).toFixed(1);
const rows = files.map((file) => {
  const body = readFileSync(join(dist, file));
  return { file, raw: body.length, gz: gzipSync(body, { level: 9 }).length, first: firstLoad.has(file), language: catalogueOf(file) };
}).sort((a, b) => Number(b.first) - Number(a.first) || b.gz - a.gz);

const width = Math.max(...rows.map((r) => r.file.length), 4);
console.log(`${'file'.padEnd(width)}  ${'raw kB'.padStart(8)}  ${'gzip kB'.padStart(8)}  loaded`);
for (const r of rows) console.log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(8)}  ${kb(r.gz).padStart(8)}  ${r.first ? 'first load' : r.language ? `lazy, ${r.language} only` : 'lazy'}`);

const sum = (list) => list.reduce((n, r) => n + r.gz, 0);
const checks = [
  ['first load', sum(rows.filter((r) => r.first)), BUDGET.firstLoad],
  ['total', sum(rows.filter((r) => !r.language)), BUDGET.total],
  ...rows.filter((r) => r.language).map((r) => [`${r.language} catalogue`, r.gz, BUDGET.catalogue]),
];
console.log('');
let over = false;
for (const [name, gz, budget] of checks) {
  const ok = gz <= budget * 1000;
  over ||= !ok;
  console.log(`${`${name} JavaScript:`.padEnd(23)} ${kb(gz).padStart(6)} kB gzipped  (budget ${budget} kB)  ${ok ? 'ok' : 'OVER BUDGET'}`);
}
if (over) {
  console.error('\nsize: over budget. Each chunk\'s source map (dist/assets/*.js.map, "sources") lists the modules in it.');
  process.exit(1);
}
