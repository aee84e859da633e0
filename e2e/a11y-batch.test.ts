// The views of several CSRs in one pass, scanned by axe at 1280 and 390 px in both colour schemes (as a11y-views does
// for one certificate): the form with two CSRs, each certificate's cards, the pass when done, and the form again with
// the stored account. Photographed in both schemes at both widths, no sideways scrolling at 320 px, and focus on the
// heading of each new view after the button that led there went away.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeFocus, focused, shotsBoth, sideways } from './support/a11y.ts';
import { scan, settled } from './support/axe.ts';
import { connectToCa, runShellCommand, useResolver, User } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;
const work = mkdtempSync(join(tmpdir(), 'certpage-a11y-batch-'));

/** A machine's own key and CSR (openssl); only the CSR is given to the page. */
function csr(label: string, names: string[]): string {
  const dir = join(work, label);
  mkdirSync(dir);
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr',
    '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`], { cwd: dir, stdio: 'ignore' });
  return readFileSync(join(dir, 'req.csr'), 'utf8');
}

describe('several CSRs in one pass, scanned by axe', () => {
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 100 } });
  });
  after(async () => {
    await world?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const page = () => world.browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  async function mainView(state: string, shot: string): Promise<void> {
    await scan(page(), state);
    await shotsBoth(world.browser, shot);
    assert.deepEqual(await sideways(page()), [], `${state}: nothing scrolls the page sideways at 320 px`);
  }

  /** Focus is on the heading named `name` (the view's code may still be loading: looked at frame by frame). */
  async function focusOnHeading(name: string): Promise<void> {
    const until = Date.now() + 30_000;
    let now = await focused(page());
    while (!(now?.tag === 'h2' && now.name === name) && Date.now() < until) {
      await settled(page());
      now = await focused(page());
    }
    assert.ok(now?.tag === 'h2' && now.name === name, `focus on the heading "${name}", not on ${describeFocus(now)}`);
  }

  test('two CSRs with a shared name: the form, each order\'s cards, both certificates, the form with a stored account', async () => {
    const [a, shared, b] = [zone('a'), zone('shared'), zone('b')];
    const user = new User(page());
    await page().goto(world.app.url);
    await useResolver(page(), world.doh.url);
    await connectToCa(user, world.stack.directoryUrl);
    await user.select(page().getByLabel('Certificate key'), 'My own CSR (the key stays on my server)');
    await page().getByLabel('CSR (PEM)').fill(csr('one', [a, shared]) + csr('two', [b, shared]));
    await page().getByText('2 CSRs: 2 certificates, one order after another.').waitFor();
    await mainView('pass: the form with two CSRs', 'pass-setup');

    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();
    await mainView('pass: the first certificate\'s cards', 'pass-cards');
    const files = runShellCommand(await user.copy(page(), 'Command for all files'));
    for (const [token, body] of files) await world.stack.addHttp01(token, body);
    await user.click(page().getByRole('button', { name: 'All in place: submit all' }));

    // The second order: the shared name was proven for the first, only the other is asked for.
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor({ timeout: 60_000 });
    await focusOnHeading('Prove you control this name');
    await scan(page(), 'pass: the second certificate\'s cards');
    await world.stack.addHttp01(await user.copy(card(b), 'File name'), await user.copy(card(b), 'File content'));
    await user.click(card(b).getByRole('button', { name: 'The file is in place' }));

    await page().getByRole('heading', { name: 'Your 2 certificates are ready' }).waitFor({ timeout: 60_000 });
    await focusOnHeading('Your 2 certificates are ready');
    await mainView('pass: both certificates ready', 'pass-done');

    await user.click(page().getByRole('button', { name: 'Get another certificate' }));
    await page().getByLabel('Account', { exact: true }).waitFor();
    await focusOnHeading('1 Certificate authority');
    await scan(page(), 'setup: a stored account');
    assert.deepEqual(world.browser.errors, []);
    assert.deepEqual(world.browser.blocked, []);
  });
});
