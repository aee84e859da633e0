// `npm run demo` as a newcomer runs it: the command from the README, its printed link opened in Chromium that
// trusts only what the demo printed (no blanket ignore of certificate errors), the page's own shell command run
// with the web root the demo printed, a certificate; then Ctrl-C (SIGINT to the job, as a terminal sends it) or
// SIGTERM to the demo, and nothing it started is left running.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { openBrowser } from './support/browser.ts';
import { useResolver, User } from './support/user.ts';
import { openssl } from '../test/support/openssl.ts';

const root = resolve(import.meta.dirname, '..');

interface Demo {
  child: ChildProcess;
  output: () => string;
  open: string;
  directory: string;
  webRoot: string;
  dns: string;
  spkiFlag: string;
  pids: Record<string, number>;
  exited: Promise<void>;
}

const demoDir = mkdtempSync(join(tmpdir(), 'certpage-demo-'));
after(() => rmSync(demoDir, { recursive: true, force: true }));

/** `npm run demo` in a process group of its own (a terminal's job), until it prints that it is ready. */
async function startDemo(): Promise<Demo> {
  // Each run its own demo folder: two test runs at once would otherwise rebuild one page under each other's feet.
  const env = { ...process.env, CERTPAGE_DEMO_DIR: demoDir };
  const child = spawn('npm', ['run', 'demo'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the demo did not get ready in 5 minutes:\n${out}`)), 300_000);
    const check = () => { if (out.includes('Ctrl-C stops everything.')) { clearTimeout(timer); ok(); } };
    child.stdout?.on('data', check);
    void exited.then(() => { clearTimeout(timer); fail(new Error(`npm run demo exited:\n${out}`)); });
  });
  const line = (label: string) => {
    const m = new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(out);
    assert.ok(m?.[1], `the demo prints "${label}:"\n${out}`);
    return m[1];
  };
  const pids = Object.fromEntries([...(/^pids: (.*)$/m.exec(out)?.[1] ?? '').matchAll(/([a-z-]+) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  const spkiFlag = /--ignore-certificate-errors-spki-list=\S+/.exec(out)?.[0];
  assert.ok(spkiFlag, 'the demo prints the Chromium line that trusts its certificate');
  return {
    child, output: () => out, exited, pids, spkiFlag,
    open: line('Open'), directory: line('Directory URL'), webRoot: line('Web root'),
    dns: /^DNS for checks.*: (\S+)$/m.exec(out)?.[1] ?? '',
  };
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
/** Processes still in the demo's process group (pgrep -g), besides none. */
const groupLeft = (pgid: number) => spawnSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).stdout.trim();

/** After a failure: end whatever is left of the job, so no test run leaves a Pebble behind. */
function killLeftovers(demo: Demo): void {
  if (groupLeft(demo.child.pid ?? 0)) {
    try { process.kill(-(demo.child.pid ?? 0), 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
}

async function expectAllStopped(demo: Demo): Promise<void> {
  await demo.exited;
  assert.deepEqual(Object.keys(demo.pids).sort(), ['demo', 'dnss', 'pebble', 'pebble-challtestsrv']);
  for (const [name, pid] of Object.entries(demo.pids)) assert.equal(alive(pid), false, `${name} (${pid}) is still running`);
  assert.equal(groupLeft(demo.child.pid ?? 0), '', 'nothing is left in the demo\'s process group');
  assert.match(demo.output(), /Demo stopped\./);
}

describe('npm run demo', () => {
  test('the printed link opens with no certificate warning, the page\'s own command gets a certificate, Ctrl-C stops it all', async (t) => {
    const demo = await startDemo();
    t.after(() => killLeftovers(demo));
    console.log(`[e2e] npm run demo printed:\n${demo.output().slice(demo.output().indexOf('certpage demo'))}`);
    assert.match(demo.open, /^https:\/\/127\.0\.0\.1:\d+\/\?directory=/);
    assert.equal(demo.webRoot, join(demoDir, 'webroot'));

    // Chromium checks certificates as for a user; it only trusts the key the demo named.
    const browser = await openBrowser({ ignoreHTTPSErrors: false, args: [demo.spkiFlag] });
    try {
      const page = browser.page;
      const user = new User(page);
      await page.goto(demo.open); // a certificate error would fail here
      await useResolver(page, demo.dns); // set-up: the page's default resolvers are public
      // The printed link preselects the CA (?directory=, read by the setup form): nothing to type.
      await page.getByText('Connected.').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByLabel('Directory URL').inputValue(), demo.directory, 'the link named the demo CA');
      await user.click(page.getByLabel("I agree to the CA's terms of service"));
      const names = [`www.demo-${Date.now().toString(36)}.example`, `api.demo-${Date.now().toString(36)}.example`];
      await user.fill(page.getByLabel('Domain names'), names.join('\n'));
      await user.click(page.getByRole('button', { name: 'Create order' }));
      await page.getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor({ timeout: 60_000 });
      await browser.shot('demo challenges');

      // The page's one command, run as the demo says: with /var/www/html replaced by the printed folder.
      const command = await user.copy(page, 'Command for all files');
      assert.ok(command.includes('/var/www/html/'), command);
      const run = spawnSync('sh', ['-c', command.replaceAll('/var/www/html', demo.webRoot)], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      user.placed(2);
      await user.click(page.getByRole('button', { name: 'All in place: submit all' }));
      await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
      await browser.shot('demo certificate');

      await user.click(page.getByRole('button', { name: 'Download fullchain.pem' }).first());
      const fullchain = readFileSync(await browser.waitForDownload('fullchain.pem'), 'utf8');
      const text = openssl(['x509', '-in', 'c.pem', '-noout', '-text'], { 'c.pem': fullchain });
      for (const n of names) assert.ok(text.includes(`DNS:${n}`), `the certificate names ${n}`);
      assert.match(text, /Issuer: CN ?= ?Pebble Intermediate CA/);
      console.log(`[e2e] demo user actions: ${user.total} (${JSON.stringify(user.count)})`);
      assert.deepEqual(browser.blocked, [], 'the page talked to loopback only');
      assert.deepEqual(browser.errors, []);
    } finally {
      await browser.close();
    }

    process.kill(-(demo.child.pid ?? 0), 'SIGINT'); // Ctrl-C: the terminal signals the whole job
    await expectAllStopped(demo);
  });

  test('SIGTERM to the demo process stops everything it started', async (t) => {
    const demo = await startDemo();
    t.after(() => killLeftovers(demo));
    const pid = demo.pids.demo;
    assert.ok(pid && alive(pid));
    process.kill(pid, 'SIGTERM');
    await expectAllStopped(demo);
  });
});
