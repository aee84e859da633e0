// `node --import tsx scripts/profile-certs.ts [--runs 2] [--dist dist]`: where the time goes when a visitor with
// 1,000 stored certificates and 50 accounts comes back at 4× CPU (the bench's "1,000 certificates" figure): the marks
// (My certificates heading, a certificate, the due list), the main thread's long tasks, and the functions that took
// the most CPU until the list was shown. Loopback only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, seedBench, Visitor } from './bench-browser.ts';
import { serveForBench } from './bench-server.ts';
import { selfTimes, type CpuProfile } from './profile-cpu.ts';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '2' }, dist: { type: 'string', default: join(root, 'dist') }, top: { type: 'string', default: '15' } } });


// Any certificate will do as the stored chain: the list shows the stored summary, not the PEM.
const dir = mkdtempSync(join(tmpdir(), 'certpage-profile-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=seed.bench.example', '-days', '90'], { stdio: 'ignore' });
const chainPem = readFileSync(join(dir, 'c.pem'), 'utf8');

const server = await serveForBench(args.dist);
const { browser, close } = await launch();
try {
  const v = await Visitor.open(browser, { kind: 'certpage', watch: ['tti', 'certsHeading', 'certsList', 'due'] });
  await v.visit(server.url);
  await v.page.getByText('None yet.', { exact: false }).waitFor(); // the page has made its database
  await seedBench(v.page, chainPem);
  await v.settle(true);
  for (let run = 0; run < Number(args.runs); run++) {
    await v.newTab();
    await v.throttle({ cpu: 4 });
    const cdp = await v.context.newCDPSession(v.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const tti = await v.visit(server.url);
    const [heading, list, due] = await Promise.all([v.mark('certsHeading'), v.mark('certsList'), v.mark('due')]);
    const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: CpuProfile };
    const tasks = await v.longTasks(); // the Long Tasks API keeps none in the performance timeline: the probe's own list
    console.log(`\nrun ${run + 1}: tti ${tti.toFixed(0)}; heading ${heading.toFixed(0)}; list ${list.toFixed(0)}; due ${due.toFixed(0)}; heading → both ${(Math.max(list, due) - heading).toFixed(0)} ms; longest task ${(await v.longestTask()).toFixed(0)} ms`);
    console.log(`  long tasks (start, duration): ${tasks.map(([s, d]) => `${s}+${d}`).join(' ')}`);
    for (const t of selfTimes(profile, Number(args.top))) console.log(`    ${t.ms.toFixed(1).padStart(6)} ms  ${t.fn}`);
    await cdp.detach();
  }
  await v.close();
} finally {
  await close();
  await server.close();
}
