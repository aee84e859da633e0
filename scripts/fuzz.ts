// `npm run fuzz [-- --runs N] [--seed S] [target ...]`: many more fuzz inputs than the unit tier runs, one line per
// parser: inputs run, results, typed errors, and the slowest input. FUZZ_RUNS sets the count too (default 20,000).
// Exits 1 on the first input that ends in an untyped error or takes longer than the limit (test/fuzz/harness.ts).
import '../src/crypto/pkijs-engine.ts';
import { fuzz, LIMIT_MS, statsLine } from '../test/fuzz/harness.ts';
import { makeTargets } from '../test/fuzz/targets.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const runs = Number(option('runs') ?? process.env.FUZZ_RUNS ?? 20_000);
const seedText = option('seed');
const seed = seedText === undefined ? Date.now() % 2 ** 31 : Number(seedText);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [target ...]');
  process.exit(2);
}

const targets = await makeTargets();
const chosen = args.length ? args : [...targets.keys()];
for (const name of chosen) {
  if (!targets.has(name)) {
    console.error(`unknown target ${name}; targets: ${[...targets.keys()].join(', ')}`);
    process.exit(2);
  }
}
const own = chosen.filter((n) => targets.get(n)!.limitMs !== undefined).map((n) => `${n}: ${targets.get(n)!.limitMs}`);
console.log(`fuzz: ${runs} inputs per parser, seed ${seed}, limit ${LIMIT_MS} ms of CPU per input${own.length ? ` (${own.join(', ')})` : ''}`);
let failed = false;
for (const name of chosen) {
  const started = performance.now();
  try {
    const stats = await fuzz(targets.get(name)!, { runs, seed });
    console.log(`${statsLine(stats)}  [${((performance.now() - started) / 1000).toFixed(0)} s]`);
  } catch (err) {
    failed = true;
    console.log(`${name.padEnd(14)} FAILED`);
    console.error(err instanceof Error ? err.message : String(err));
  }
}
process.exit(failed ? 1 : 0);
