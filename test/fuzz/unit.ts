// The unit tier's share of the fuzzing: a fixed seed (so a run is reproducible) and FUZZ_UNIT_RUNS inputs per
// parser (default 1,500; `npm run fuzz` runs many more with fresh seeds). Each test prints its figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../src/crypto/pkijs-engine.ts';
import { fuzz, LIMIT_MS, statsLine } from './harness.ts';
import { makeTargets, type AnyTarget } from './targets.ts';

const RUNS = Number(process.env.FUZZ_UNIT_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 11);

let targets: Promise<Map<string, AnyTarget>> | undefined;

export function fuzzTests(names: string[]): void {
  for (const name of names) {
    test(`fuzz ${name}: ${RUNS} inputs (random, mutated real ones, hostile shapes) end in a result or a typed error, each within ${LIMIT_MS} ms CPU`, async (t) => {
      targets ??= makeTargets();
      const target = (await targets).get(name);
      assert.ok(target, `no fuzz target ${name}`);
      const stats = await fuzz(target, { runs: RUNS, seed: SEED });
      assert.equal(stats.runs, RUNS);
      t.diagnostic(statsLine(stats));
    });
  }
}
