// `npm run bench`: issuance figures against a local Pebble (scripts/bench.ts), then page load times in
// Chromium (scripts/bench-page.ts, after a build). Figures only; nothing here is a pass/fail test.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, runTs } from './lib/setup.mjs';

const acme = await runTs('scripts/bench.ts', process.argv.slice(2));
if (acme !== 0) process.exit(acme);
const build = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
process.exit(await runTs('scripts/bench-page.ts', [], { chromium: 'chromium' }));
