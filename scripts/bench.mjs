// `npm run bench`: issuance figures against a local Pebble (see scripts/bench.ts).
import { runTs } from './lib/setup.mjs';
process.exit(await runTs('scripts/bench.ts', process.argv.slice(2)));
