// `npm run bench`: every figure of issue 12 for the working tree AND a baseline build, interleaved in the same run
// (each round measures both, alternating which goes first), with the ratio beside each figure; the peers (xy,
// ghff) for time to interactive when their copies are in .cache/peers/, and the floor under it (bench-floor.ts).
// Medians of N rounds. Loopback only: Pebble + challtestsrv, the built pages on 127.0.0.1, Chromium fenced to loopback.
//   npm run bench -- [--runs 3] [--visits 3] [--baseline b44dce3] [--fresh] [--peers .cache/peers]
// Figures only; nothing here is a pass/fail test. See README "Benchmark" for what each figure means.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import '../src/crypto/pkijs-engine.ts';
import { issue } from '../test/support/issue.ts';
import { newAccount } from '../test/support/fixtures.ts';
import { startPebble } from '../test/support/pebble.ts';
import { floorBuild, registerFloorWorker } from './bench-floor.ts';
import { buildPage, prepareBaseline, type Build } from './bench-baseline.ts';
import { issueInPage, launch, seedBench, Visitor, type PageKind } from './bench-browser.ts';
import type { EngineResult, PkijsMode } from './bench-engine.ts';
import { serveForBench, type BenchServer, type Hit } from './bench-server.ts';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    // Page loads and page issuances per target and round: a single load scatters by ±40% here, peers' too.
    visits: { type: 'string', default: '3' },
    baseline: { type: 'string', default: 'b44dce3' },
    fresh: { type: 'boolean', default: false },
    peers: { type: 'string', default: join(root, '.cache', 'peers') },
  },
});
const runs = Math.max(1, Number(args.runs) || 3);
const visits = Math.max(1, Number(args.visits) || 3);
const SLOW = { cpu: 4, network: { latencyMs: 400, bytesPerSecond: 50_000 } }; // 400 kbit/s
/** xy's two-name issuance with no human time, measured in issue 12 (this bench does not drive xy's issuance). */
const XY_ISSUANCE_MS = 3729;

// ------------------------------------------------------------------ builds, servers, Pebble, Chromium

const started = new Date();
console.log(`bench: building the working tree (vite build)`);
buildPage(root);
const work: Build = { label: 'working tree', dir: root, commit: 'working tree' };
const base = prepareBaseline(root, args.baseline, { fresh: args.fresh });
const builds = [work, base];

interface PageTarget { name: string; kind: PageKind; server: BenchServer; url: string; serviceWorker: boolean }
const targets: PageTarget[] = [];
for (const b of builds) {
  const server = await serveForBench(join(b.dir, 'dist'));
  targets.push({ name: b.label, kind: 'certpage', server, url: server.url, serviceWorker: true });
}
// The floor under the page's time to interactive: the same build's files, a plain-HTML form and no script (bench-floor.ts).
const FLOOR = 'prerender floor';
const floorDir = floorBuild(join(root, 'dist'));
{
  const server = await serveForBench(floorDir);
  targets.push({ name: FLOOR, kind: 'certpage', server, url: server.url, serviceWorker: true });
}
const peerNotes: string[] = [];
for (const [name, file] of [['xy', 'ACME-HTML-Web-Browser-Client.html'], ['ghff', 'index.html']] as const) {
  const dir = join(args.peers, name);
  if (!existsSync(join(dir, file))) {
    peerNotes.push(`${name}: skipped, no copy at ${join(dir, file)}`);
    continue;
  }
  const server = await serveForBench(dir);
  targets.push({ name, kind: name, server, url: `${server.url}${file}`, serviceWorker: false });
}

const stack = await startPebble({ nonceReject: 0, authzReuse: 0 });
const { browser, close: closeBrowser } = await launch().catch(async (err: unknown) => { await stack.stop(); throw err; });
// xy reads the directory of the CA it preselects (Let's Encrypt, unreachable here) on every visit; its own setting
// Default_ACME_URL points it at Pebble instead, so it finds a working CA as a visitor would.
const xySetup = `window.Default_ACME_URL = ${JSON.stringify(stack.directoryUrl)};`;
/** What a page load of `t` watches for (xy pointed at Pebble by its own setting). */
const loadProbe = (t: PageTarget) => ({ kind: t.kind, watch: ['tti' as const], ...(t.kind === 'xy' ? { setup: xySetup } : {}) });
const version = browser.version();
const seeded = new Map<string, Visitor>();
async function stopAll(): Promise<void> {
  for (const v of seeded.values()) await v.close();
  await closeBrowser();
  await stack.stop();
  for (const t of targets) await t.server.close();
  rmSync(floorDir, { recursive: true, force: true });
}

// ------------------------------------------------------------------ samples

/** "figure|target" → values by round (so the two builds of one round can be compared with each other). */
const samples = new Map<string, Map<number, number[]>>();
let round = 0;
const put = (figure: string, target: string, value: number | undefined) => {
  if (value === undefined || !Number.isFinite(value)) return;
  const key = `${figure}|${target}`;
  const byRound = samples.get(key) ?? new Map<number, number[]>();
  byRound.set(round, [...(byRound.get(round) ?? []), value]);
  samples.set(key, byRound);
};
const failures: string[] = [];
const spent = new Map<string, number>();
/** Run one measurement; a failure is noted and the bench goes on. Time is added up by `kind` for the summary. */
async function attempt(what: string, fn: () => Promise<void>, kind = 'set-up'): Promise<void> {
  const t0 = Date.now();
  try {
    await fn();
  } catch (err) {
    const line = `${what}: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
    failures.push(line);
    console.log(`  failed: ${line}`);
  } finally {
    spent.set(kind, (spent.get(kind) ?? 0) + (Date.now() - t0));
  }
}
const rotate = <T>(list: T[], by: number) => list.map((_, i) => list[(i + by) % list.length] as T);
const firstVisit = new Map<string, Hit[]>();

function engine(b: Build, names: number, pkijs: PkijsMode): Promise<EngineResult> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench-engine.ts'),
    '--root', b.dir, '--directory', stack.directoryUrl, '--challtestsrv', stack.challtestsrvUrl,
    '--names', String(names), '--pkijs', pkijs], { cwd: root, env: process.env, maxBuffer: 1 << 20 })
    .then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop() ?? '') as EngineResult);
}

const F = {
  ttiFastCold: 'time to interactive, fast, cold',
  ttiFastWarm: 'time to interactive, fast, warm',
  ttiSlowCold: 'time to interactive, 4× CPU + 400 ms RTT + 400 kbit/s, cold',
  ttiSlowWarm: 'time to interactive, 4× CPU + 400 ms RTT + 400 kbit/s, warm within max-age=600',
  ttiSlowWarmAsked: 'same, warm, host says no-cache (as issue 12 measured warm)',
  ttiSlowReturn: 'same, a later return: worker stopped, host says no-cache',
  connect: 'fill directory URL → "Connected."',
  issue: 'two-name HTTP-01 issuance in the page, new visitor',
  engineNeed: 'engine in Node, 2 names, pkijs loaded when needed',
  enginePreload: 'engine in Node, 2 names, preloadCsr() as it starts (baseline: when needed)',
  engineAhead: 'engine in Node, 2 names, pkijs loaded ahead (baseline: when needed)',
  engineNonces: 'engine: newNonce requests per 2-name issuance',
  engineRequests: 'engine: ACME requests per 2-name issuance (+ directory)',
  hundredNonces: '100 names: newNonce requests',
  hundredParallel: '100 names: most signed requests in flight at once',
  hundredMs: '100 names: engine time',
  certsRender: '1,000 certificates: My certificates + due list render (4× CPU)',
  certsAbsolute: '1,000 certificates: navigation → list and due list shown (4× CPU)',
  certsLongTask: '1,000 certificates: longest main-thread task (4× CPU)',
  certsScroll: '1,000 certificates: longest task while scrolling the page (4× CPU)',
} as const;

try {
  // A real chain for the stored certificates.
  const chainPem = (await issue(stack, await newAccount(stack), ['seed.bench.example'])).certPem;

  // My certificates: one visitor per build with 1,000 certificates and 50 accounts, visited again each round at 4× CPU.
  for (const t of targets.filter((x) => builds.some((b) => b.label === x.name))) {
    await attempt(`seeding ${t.name}`, async () => {
      const v = await Visitor.open(browser, { kind: 'certpage', watch: ['tti', 'certsHeading', 'certsList', 'due'] });
      await v.visit(t.url);
      await v.settle(true);
      await v.page.getByText('None yet.', { exact: false }).waitFor(); // the page has made its database
      await seedBench(v.page, chainPem);
      // One visit, not measured, as after an upgrade: a build that keeps derived data beside the records (the working
      // tree's catalogue of summaries) brings it up to date with what was written by hand.
      await v.visit(t.url);
      await v.mark('certsList', 120_000);
      await v.closeTab(); // nothing of it runs between the measured visits
      seeded.set(t.name, v);
    });
  }

  // One engine issuance per build first, not counted: tsx compiles each tree's modules once (and caches them).
  for (const b of builds) await attempt(`${b.label} engine warm-up`, async () => { await engine(b, 2, 'need'); });

  for (round = 0; round < runs; round++) {
    const roundStarted = Date.now();
    console.log(`bench: round ${round + 1} of ${runs}`);
    for (const slow of [false, true]) {
      for (let visit = 0; visit < visits; visit++) for (const t of rotate(targets, round + visit)) {
        await attempt(`${t.name} load (${slow ? 'slow' : 'fast'})`, async () => {
          const v = await Visitor.open(browser, loadProbe(t));
          try {
            if (slow) await v.throttle(SLOW);
            t.server.clear();
            put(slow ? F.ttiSlowCold : F.ttiFastCold, t.name, await v.visit(t.url));
            if (t.name === FLOOR) await v.page.evaluate(registerFloorWorker);
            await v.settle(t.serviceWorker);
            if (!slow && round === 0 && visit === 0) firstVisit.set(t.name, [...t.server.log]);
            put(slow ? F.ttiSlowWarm : F.ttiFastWarm, t.name, await v.visit(t.url));
          } finally {
            await v.close();
          }
        }, 'page loads');
      }
    }
    // A host that has the browser ask again (Cache-Control: no-cache, as GitHub Pages once its 10 minutes are up). The
    // first visit fills the caches; the second, seconds later with the worker still running, is warm as issue 12
    // measured it (its peers' warm loads include a round trip); the third is a return visit on another day, the
    // service worker stopped as browsers stop an idle one, so it starts again to answer. Once a round per target,
    // slow only (on loopback asking costs ~1 ms).
    for (const t of rotate(targets, round)) {
      await attempt(`${t.name} load (slow, revalidating host)`, async () => {
        const v = await Visitor.open(browser, loadProbe(t));
        t.server.revalidate(true);
        try {
          await v.throttle(SLOW);
          await v.visit(t.url);
          if (t.name === FLOOR) await v.page.evaluate(registerFloorWorker);
          await v.settle(t.serviceWorker);
          put(F.ttiSlowWarmAsked, t.name, await v.visit(t.url));
          await v.stopServiceWorkers();
          put(F.ttiSlowReturn, t.name, await v.visit(t.url));
        } finally {
          t.server.revalidate(false);
          await v.close();
        }
      }, 'page loads');
    }
    const buildOrder = rotate(builds, round);
    for (let visit = 0; visit < visits; visit++) for (const b of rotate(builds, round + visit)) {
      const t = targets.find((x) => x.name === b.label);
      if (!t) continue;
      await attempt(`${b.label} issuance in the page`, async () => {
        const names = [`www-${round}-${Date.now().toString(36)}.bench.example`, `api-${round}-${Date.now().toString(36)}.bench.example`];
        const times = await issueInPage(browser, t.url, stack, names);
        put(F.connect, b.label, times.connect);
        put(F.issue, b.label, times.issued);
      }, 'issuance in the page');
    }
    for (const b of buildOrder) {
      const v = seeded.get(b.label);
      const t = targets.find((x) => x.name === b.label);
      if (!v || !t) continue;
      await attempt(`${b.label} My certificates`, async () => {
        await v.newTab();
        try {
          await v.throttle({ cpu: 4 });
          await v.visit(t.url);
          const [heading, list, due] = await Promise.all([v.mark('certsHeading'), v.mark('certsList'), v.mark('due')]);
          put(F.certsRender, b.label, Math.max(list, due) - heading);
          put(F.certsAbsolute, b.label, Math.max(list, due));
          put(F.certsLongTask, b.label, await v.longestTask());
          // Scrolling, top to bottom, once what loads after the list has shown (DNS checks is the last panel).
          await v.page.getByRole('button', { name: 'Restore the defaults' }).waitFor({ timeout: 60_000 });
          await v.page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
          put(F.certsScroll, b.label, await v.longestTaskScrolling());
        } finally {
          await v.closeTab();
        }
      }, 'My certificates');
    }
    // The engine twice per round (each build and mode, in two different orders): its figures are short and noisy.
    const engineRuns = builds.flatMap((b) => (b === work ? (['need', 'preload', 'ahead'] as const) : (['need'] as const)).map((mode) => ({ b, mode })));
    for (const { b, mode } of [...rotate(engineRuns, round), ...rotate(engineRuns, round + 2)]) {
      await attempt(`${b.label} engine (pkijs ${mode})`, async () => {
        const r = await engine(b, 2, mode);
        put(mode === 'need' ? F.engineNeed : mode === 'preload' ? F.enginePreload : F.engineAhead, b.label, r.ms);
        if (mode === 'need') {
          put(F.engineNonces, b.label, r.counts.nonce ?? 0);
          put(F.engineRequests, b.label, Object.entries(r.counts).reduce((n, [k, c]) => n + (k === 'directory' ? 0 : c), 0));
        }
      }, 'engine');
    }
    for (const b of buildOrder) {
      await attempt(`${b.label} 100 names`, async () => {
        const r = await engine(b, 100, 'need');
        put(F.hundredNonces, b.label, r.counts.nonce ?? 0);
        put(F.hundredParallel, b.label, r.maxInFlight);
        put(F.hundredMs, b.label, r.ms);
      }, '100 names');
    }
    console.log(`bench: round ${round + 1} took ${((Date.now() - roundStarted) / 1000).toFixed(0)} s`);
  }

} finally {
  await stopAll();
}

// ------------------------------------------------------------------ first-load JavaScript (each tree's scripts/size.mjs)

function firstLoadKb(b: Build): number | undefined {
  const res = spawnSync(process.execPath, [join(b.dir, 'scripts/size.mjs')], { cwd: b.dir, encoding: 'utf8' });
  const m = /first load JavaScript:\s*([\d.]+) kB/.exec(res.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

// ------------------------------------------------------------------ the table

const median = (xs: number[] | undefined): number | undefined => {
  if (!xs?.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const get = (figure: string, target: string) => median([...(samples.get(`${figure}|${target}`)?.values() ?? [])].flat());
/** The median of each round's working tree / baseline: both measured minutes apart, so load changes cancel out. */
function paired(figure: string, baseFigure = figure): number | undefined {
  const w = samples.get(`${figure}|${work.label}`);
  const b = samples.get(`${baseFigure}|${base.label}`);
  if (!w || !b) return undefined;
  return median([...w].flatMap(([r, xs]) => {
    const x = median(xs);
    const y = median(b.get(r));
    return x !== undefined && y ? [x / y] : [];
  }));
}
const pairedRatio = (figure: string, baseFigure = figure) => { const r = paired(figure, baseFigure); return r === undefined ? 'n/a' : `${r.toFixed(2)}×`; };
const ms = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x).toLocaleString('en-US')} ms`);
const num = (x: number | undefined) => (x === undefined ? 'n/a' : String(Math.round(x * 10) / 10));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
const yes = (ok: boolean | undefined) => (ok === undefined ? '?' : ok ? 'yes' : 'NO');

interface Row { figure: string; wt: string; base: string; ratio: string; peers: string; goal: string; met: string }
const rows: Row[] = [];
const W = work.label;
const B = base.label;
const peers = targets.filter((t) => t.kind !== 'certpage').map((t) => t.name);

// Slow warm is judged as issue 12 measured it: its peers' warm figures (ghff 1,083 ms, 48% of its cold load; the
// goal it names, ~870 ms) include a round trip to the server. Within max-age=600 a peer's page makes none, and a page
// whose service worker has a fetch handler (which loading offline needs) cannot come within 0.8× of it: that row is
// shown, with its ratio, and not judged (README, "Benchmark"). Fast warm is judged within max-age, the stricter case.
for (const fig of [F.ttiFastCold, F.ttiFastWarm, F.ttiSlowCold, F.ttiSlowWarm, F.ttiSlowWarmAsked, F.ttiSlowReturn]) {
  const wt = get(fig, W);
  const bs = get(fig, B);
  const peerValues = peers.map((p) => [p, get(fig, p)] as const).filter((e): e is readonly [string, number] => e[1] !== undefined);
  const best = peerValues.length ? peerValues.reduce((a, b) => (b[1] < a[1] ? b : a)) : undefined;
  const goal = best ? 0.8 * best[1] : undefined;
  const floor = get(fig, FLOOR);
  const peerText = [...peerValues.map(([p, v]) => `${p} ${ms(v)}`), ...(floor === undefined ? [] : [`floor ${ms(floor)}`])].join(' · ') || 'none';
  if (fig === F.ttiSlowWarm) {
    rows.push({ figure: fig, wt: ms(wt), base: ms(bs), ratio: pairedRatio(fig), peers: peerText, goal: `not judged: ${best ? ratio(wt, best[1]) : 'n/a'} ${best?.[0] ?? 'peer'}`, met: '' });
    continue;
  }
  const met = yes(goal === undefined || wt === undefined ? undefined : wt <= goal);
  rows.push({
    figure: fig, wt: ms(wt), base: ms(bs), ratio: pairedRatio(fig),
    peers: peerText,
    goal: best && goal !== undefined ? `≤ ${ms(goal)} (0.8× ${best[0]})` : '≤ 0.8× best peer',
    // A goal below the floor cannot be met by this build's files in this harness, prerendered or not.
    met: met === 'NO' && goal !== undefined && floor !== undefined && goal < floor ? 'NO (< floor)' : met,
  });
}
{
  const wt = get(F.connect, W);
  const bs = get(F.connect, B);
  const r = paired(F.connect);
  rows.push({ figure: F.connect, wt: ms(wt), base: ms(bs), ratio: pairedRatio(F.connect), peers: '—', goal: '≤ 0.20× baseline', met: yes(r === undefined ? undefined : r <= 0.2) });
}
{
  const wt = get(F.issue, W);
  const bs = get(F.issue, B);
  const goal = 0.6 * XY_ISSUANCE_MS;
  rows.push({ figure: F.issue, wt: ms(wt), base: ms(bs), ratio: pairedRatio(F.issue), peers: `xy ${ms(XY_ISSUANCE_MS)} (issue 12)`, goal: `≤ ${ms(goal)} (0.6× xy)`, met: yes(wt === undefined ? undefined : wt <= goal) });
}
{
  const wt = get(F.engineNeed, W);
  const bs = get(F.engineNeed, B);
  rows.push({ figure: F.engineNeed, wt: ms(wt), base: ms(bs), ratio: pairedRatio(F.engineNeed), peers: '—', goal: '—', met: '' });
  const wp = get(F.enginePreload, W);
  rows.push({ figure: F.enginePreload, wt: ms(wp), base: ms(bs), ratio: pairedRatio(F.enginePreload, F.engineNeed), peers: '—', goal: '—', met: '' });
  const wa = get(F.engineAhead, W);
  const ra = paired(F.engineAhead, F.engineNeed);
  rows.push({ figure: F.engineAhead, wt: ms(wa), base: ms(bs), ratio: pairedRatio(F.engineAhead, F.engineNeed), peers: '—', goal: '≤ 0.60× baseline', met: yes(ra === undefined ? undefined : ra <= 0.6) });
  const wn = get(F.engineNonces, W);
  const bn = get(F.engineNonces, B);
  rows.push({ figure: F.engineNonces, wt: num(wn), base: num(bn), ratio: ratio(wn, bn), peers: '—', goal: '1 (no extra newNonce)', met: yes(wn === undefined ? undefined : wn <= 1) });
  const wr = get(F.engineRequests, W);
  const br = get(F.engineRequests, B);
  rows.push({ figure: F.engineRequests, wt: wr === undefined ? 'n/a' : `${num(wr)} + 1`, base: br === undefined ? 'n/a' : `${num(br)} + 1`, ratio: ratio(wr, br), peers: '—', goal: '11 + polls', met: '' });
}
{
  const wn = get(F.hundredNonces, W);
  const bn = get(F.hundredNonces, B);
  rows.push({ figure: F.hundredNonces, wt: num(wn), base: num(bn), ratio: ratio(wn, bn), peers: '—', goal: '≤ 5', met: yes(wn === undefined ? undefined : wn <= 5) });
  const wp = get(F.hundredParallel, W);
  const bp = get(F.hundredParallel, B);
  rows.push({ figure: F.hundredParallel, wt: num(wp), base: num(bp), ratio: ratio(wp, bp), peers: '—', goal: '≥ 2 (still parallel)', met: yes(wp === undefined ? undefined : wp >= 2) });
  const wm = get(F.hundredMs, W);
  const bm = get(F.hundredMs, B);
  rows.push({ figure: F.hundredMs, wt: ms(wm), base: ms(bm), ratio: pairedRatio(F.hundredMs), peers: '—', goal: '—', met: '' });
}
{
  const wt = get(F.certsRender, W);
  const bs = get(F.certsRender, B);
  rows.push({ figure: F.certsRender, wt: ms(wt), base: ms(bs), ratio: pairedRatio(F.certsRender), peers: '—', goal: '< 300 ms', met: yes(wt === undefined ? undefined : wt < 300) });
  for (const fig of [F.certsAbsolute, F.certsLongTask, F.certsScroll]) {
    const w = get(fig, W);
    const b = get(fig, B);
    const smooth = fig === F.certsLongTask || fig === F.certsScroll;
    rows.push({ figure: fig, wt: ms(w), base: ms(b), ratio: pairedRatio(fig), peers: '—', goal: smooth ? '(smooth: < 50 ms)' : '—', met: smooth ? yes(w === undefined ? undefined : w < 50) : '' });
  }
}

/** Requests, bytes and files fetched more than once on a first visit. */
function visitSummary(hits: Hit[] | undefined) {
  if (!hits) return undefined;
  const byPath = new Map<string, { requests: number; bytes: number }>();
  for (const h of hits) {
    const e = byPath.get(h.path) ?? { requests: 0, bytes: 0 };
    e.requests += 1;
    e.bytes += h.bytes;
    byPath.set(h.path, e);
  }
  return { requests: hits.length, bytes: hits.reduce((n, h) => n + h.bytes, 0), twice: [...byPath].filter(([, e]) => e.requests > 1).map(([p]) => p), byPath };
}
const wv = visitSummary(firstVisit.get(W));
const bv = visitSummary(firstVisit.get(B));
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
rows.push({
  figure: 'first visit: requests, bytes on the wire (gzip)', wt: wv ? `${wv.requests}, ${kb(wv.bytes)}` : 'n/a', base: bv ? `${bv.requests}, ${kb(bv.bytes)}` : 'n/a',
  ratio: ratio(wv?.bytes, bv?.bytes),
  peers: peers.map((p) => { const s = visitSummary(firstVisit.get(p)); return s ? `${p} ${s.requests}, ${kb(s.bytes)}` : ''; }).filter(Boolean).join(' · ') || '—',
  goal: '—', met: '',
});
rows.push({ figure: 'first visit: files downloaded twice', wt: wv ? String(wv.twice.length) : 'n/a', base: bv ? String(bv.twice.length) : 'n/a', ratio: '', peers: '—', goal: '0', met: yes(wv ? wv.twice.length === 0 : undefined) });
{
  const w = firstLoadKb(work);
  const b = firstLoadKb(base);
  rows.push({ figure: 'first-load JavaScript, gzipped (scripts/size.mjs)', wt: w === undefined ? 'n/a' : `${w} kB`, base: b === undefined ? 'n/a' : `${b} kB`, ratio: ratio(w, b), peers: '—', goal: '≤ 25 kB', met: yes(w === undefined ? undefined : w <= 25) });
}

const header: Row = { figure: 'figure', wt: 'working tree', base: base.label, ratio: 'ratio', peers: 'peers', goal: 'goal', met: 'met?' };
const cols = Object.keys(header) as (keyof Row)[];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[header, ...rows].map((r) => r[c].length))])) as Record<keyof Row, number>;
const line = (r: Row) => `| ${cols.map((c) => r[c].padEnd(width[c])).join(' | ')} |`;

const minutes = ((Date.now() - started.getTime()) / 60_000).toFixed(1);
console.log(`\ncertpage bench, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: median of ${runs} interleaved round${runs === 1 ? '' : 's'}, ${visits} page load${visits === 1 ? '' : 's'} and issuance${visits === 1 ? '' : 's'} per target in each (${minutes} min)`);
console.log(`baseline ${args.baseline} = ${base.commit.slice(0, 12)}; Chromium ${version}; Pebble ${pebbleVersion()}; ${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`time spent: ${[...spent].map(([k, v]) => `${k} ${(v / 1000).toFixed(0)} s`).join(', ')}`);
for (const n of peerNotes) console.log(`peer ${n}`);
console.log('');
console.log(line(header));
console.log(`|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));

if (wv && bv) {
  console.log('\nfirst visit, per file (requests × bytes on the wire): working tree | baseline');
  const paths = [...new Set([...wv.byPath.keys(), ...bv.byPath.keys()])].sort();
  const cell = (e: { requests: number; bytes: number } | undefined) => (e ? `${e.requests} × ${kb(e.bytes / e.requests)}`.padEnd(14) : '—'.padEnd(14));
  const pw = Math.max(...paths.map((p) => p.length));
  for (const p of paths) {
    const w = wv.byPath.get(p);
    const b = bv.byPath.get(p);
    const flag = Math.max(w?.requests ?? 0, b?.requests ?? 0) > 1 ? '  ← more than once' : '';
    console.log(`  ${p.padEnd(pw)}  ${cell(w)} | ${cell(b)}${flag}`);
  }
}
if (failures.length) {
  console.log(`\n${failures.length} measurement(s) failed:`);
  for (const f of failures) console.log(`  ${f}`);
}

function pebbleVersion(): string {
  const res = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'pebble'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim() : 'unknown';
}
