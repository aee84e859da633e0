// Property-based fuzzing of the parsers that user or network input reaches (DESIGN.md, trust rules): every input
// ends in a result or one of the parser's typed errors, within a per-input time limit. Used by the unit tier
// (test/unit/fuzz-*.test.ts, a few thousand inputs each) and by `npm run fuzz` (scripts/fuzz.ts, many more).
import fc from 'fast-check';

/** Per-input time limit. Real input takes well under a millisecond to a few; 200 ms means something went super-linear. */
export const LIMIT_MS = 200;

/**
 * Milliseconds of CPU this process spent (all its threads: WebCrypto and the garbage collector included). Wall time
 * (performance.now()) is what a user feels, but on a shared 2-core machine with other test runs it stretches by
 * 10x and more; the CPU time of a parse does not, so a limit on it catches super-linear parsers without flaking.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface Target<T> {
  name: string;
  /** The error classes this parser may end in, for messages and the report. */
  allowed: string;
  arbitrary: fc.Arbitrary<T>;
  run: (input: T) => unknown;
  /** Is this error one of the allowed, typed ones? */
  typed: (err: unknown) => boolean;
  /** Further checks on a result; throw to fail. */
  check?: (result: unknown, input: T) => void;
  limitMs?: number;
}

export interface FuzzStats {
  name: string;
  runs: number;
  results: number;
  typed: number;
  slowestMs: number;
  slowest: string;
}

/** A short description of an input for messages: its size and how it starts. */
export function describeInput(input: unknown): string {
  if (typeof input === 'string') return `${input.length} chars ${JSON.stringify(input.slice(0, 48))}`;
  if (input instanceof Uint8Array) return `${input.length} bytes ${Buffer.from(input.subarray(0, 24)).toString('hex')}`;
  let json: string | undefined;
  try {
    json = JSON.stringify(input);
  } catch {
    json = undefined;
  }
  return json === undefined ? String(input) : `${json.length} chars of JSON ${json.slice(0, 48)}`;
}

async function once<T>(target: Target<T>, input: T): Promise<{ ms: number; outcome: 'result' | 'typed' }> {
  const started = cpuMs();
  let outcome: 'result' | 'typed';
  try {
    const result = await target.run(input);
    target.check?.(result, input);
    outcome = 'result';
  } catch (err) {
    if (!target.typed(err)) {
      const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new Error(`${target.name}: ${describeInput(input)} threw ${what.slice(0, 300)}, not ${target.allowed}`, { cause: err });
    }
    outcome = 'typed';
  }
  return { ms: cpuMs() - started, outcome };
}

/** Runs `runs` generated inputs through the target; throws (with fast-check's seed and shrunk input) on the first failure. */
export async function fuzz<T>(target: Target<T>, opts: { runs: number; seed?: number }): Promise<FuzzStats> {
  const limit = target.limitMs ?? LIMIT_MS;
  const stats: FuzzStats = { name: target.name, runs: 0, results: 0, typed: 0, slowestMs: 0, slowest: '' };
  const details = await fc.check(
    fc.asyncProperty(target.arbitrary, async (input) => {
      let { ms, outcome } = await once(target, input);
      // A slow input is timed twice more and the fastest run counts: a garbage collection of earlier inputs'
      // leftovers slows one run; a super-linear parser slows all three.
      for (let retry = 0; retry < 2 && ms > limit; retry++) ms = Math.min(ms, (await once(target, input)).ms);
      stats.runs++;
      if (outcome === 'result') stats.results++;
      else stats.typed++;
      if (ms > stats.slowestMs) {
        stats.slowestMs = ms;
        stats.slowest = describeInput(input);
      }
      if (ms > limit) throw new Error(`${target.name}: ${describeInput(input)} took ${ms.toFixed(0)} ms (limit ${limit} ms)`);
    }),
    { numRuns: opts.runs, ...(opts.seed === undefined ? {} : { seed: opts.seed }) },
  );
  if (details.failed) {
    // fast-check's own report prints the whole (possibly megabytes long) input; this names it instead.
    const cause = details.errorInstance;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${why}\n(reproduce with seed ${details.seed}, path "${details.counterexamplePath ?? ''}", after ${details.numRuns} inputs, shrunk ${details.numShrinks} times)`);
  }
  return stats;
}

/** One line for the report: inputs run, results, typed errors, slowest input. */
export function statsLine(s: FuzzStats): string {
  return `${s.name.padEnd(15)} ${String(s.runs).padStart(7)} inputs  ${String(s.results).padStart(7)} results  ${String(s.typed).padStart(7)} typed errors  slowest ${s.slowestMs.toFixed(1).padStart(6)} ms CPU (${s.slowest.slice(0, 60)})`;
}
