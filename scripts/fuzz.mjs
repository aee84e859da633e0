// `npm run fuzz`: the property-based fuzzing of every parser (scripts/fuzz.ts), with openssl for the seeds.
//   npm run fuzz -- --runs 100000 --seed 42 pem dns     (or FUZZ_RUNS=100000 npm run fuzz)
import { runTs } from './lib/setup.mjs';

process.exit(await runTs('scripts/fuzz.ts', process.argv.slice(2), { openssl: 'openssl' }));
