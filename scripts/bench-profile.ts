// `node --import tsx scripts/bench-profile.ts [--slow] [--runs 3] [--dist dist]`: where a page load's time goes.
// Serves the build the way the bench does (scripts/bench-server.ts), loads it cold and then warm in a new Chromium
// context per run, and prints for each load: every file fetched (start → end, from the network, the HTTP cache or the
// service worker), DOMContentLoaded, the time to interactive as the bench judges it, the main thread's long tasks, and
// the JavaScript functions that took the most CPU (the DevTools protocol's sampling profiler). Loopback only.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, Visitor } from './bench-browser.ts';
import { serveForBench } from './bench-server.ts';
import { selfTimes, type CpuProfile } from './profile-cpu.ts';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    slow: { type: 'boolean', default: false },
    runs: { type: 'string', default: '2' },
    dist: { type: 'string', default: join(root, 'dist') },
    top: { type: 'string', default: '12' },
  },
});
const SLOW = { cpu: 4, network: { latencyMs: 400, bytesPerSecond: 50_000 } };


const server = await serveForBench(args.dist);
const { browser, close } = await launch();
try {
  for (let run = 0; run < Number(args.runs); run++) {
    const v = await Visitor.open(browser, { kind: 'certpage', watch: ['tti'] });
    try {
      for (const visit of ['cold', 'warm'] as const) {
        if (args.slow) await v.throttle(SLOW);
        const cdp = await v.context.newCDPSession(v.page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        const tti = await v.visit(server.url);
        const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: CpuProfile };
        const timing = await v.page.evaluate(() => ({
          resources: performance.getEntriesByType('resource').map((e) => {
            const r = e as PerformanceResourceTiming;
            return { name: r.name.replace(location.origin, ''), start: r.startTime, end: r.responseEnd, size: r.transferSize, worker: r.workerStart > 0 };
          }),
          nav: (() => {
            const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            return n ? { responseEnd: n.responseEnd, dcl: n.domContentLoadedEventEnd, worker: n.workerStart > 0 } : undefined;
          })(),
          longTasks: (window as unknown as { __bench?: { longestTask: number } }).__bench?.longestTask ?? 0,
        }));
        console.log(`\nrun ${run + 1}, ${visit}${args.slow ? ', slow' : ''}: tti ${tti.toFixed(0)} ms; html end ${timing.nav?.responseEnd.toFixed(0)}${timing.nav?.worker ? ' (worker)' : ''}; DOMContentLoaded ${timing.nav?.dcl.toFixed(0)}; longest task ${timing.longTasks.toFixed(0)} ms`);
        for (const r of timing.resources.sort((a, b) => a.start - b.start)) {
          console.log(`  ${r.start.toFixed(0).padStart(5)} → ${r.end.toFixed(0).padStart(5)}  ${String(r.size).padStart(6)} B${r.worker ? ' sw' : '   '}  ${r.name}`);
        }
        const top = selfTimes(profile, Number.MAX_SAFE_INTEGER);
        console.log(`  CPU (sampled) until tti: ${top.reduce((n, t) => n + t.ms, 0).toFixed(0)} ms; top self time:`);
        for (const t of top.slice(0, Number(args.top))) console.log(`    ${t.ms.toFixed(1).padStart(6)} ms  ${t.fn}`);
        await cdp.detach();
        if (visit === 'cold') await v.settle(true);
      }
    } finally {
      await v.close();
    }
  }
} finally {
  await close();
  await server.close();
}
