// `npm run pebble -- up|down|status`: the test stack by hand, to try the page against it.
import { runTs } from './lib/setup.mjs';
process.exit(await runTs('scripts/pebble-cli.ts', process.argv.slice(2)));
