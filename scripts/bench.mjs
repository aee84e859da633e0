// `npm run bench`: the working tree against a baseline build, interleaved, with peers when their copies are present
// (scripts/bench.ts). Installs Debian's pebble, chromium and openssl when missing. Figures only, no pass/fail.
//   npm run bench -- [--runs 3] [--baseline b44dce3] [--fresh] [--peers .cache/peers]
import { runTs } from './lib/setup.mjs';

process.exit(await runTs('scripts/bench.ts', process.argv.slice(2), {
  pebble: 'pebble', 'pebble-challtestsrv': 'pebble', openssl: 'openssl', chromium: 'chromium',
}));
