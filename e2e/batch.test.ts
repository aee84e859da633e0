// Several CSRs in one pass (the management-server pattern): each "machine" makes its key and CSR with openssl, the
// page turns all the CSRs into certificates with one account, one order after another, so a name shared between
// CSRs is proven once (Pebble reuses every valid authorization: authzReuse 100). A proxy in front of Pebble counts
// the challenge POSTs the page sent. Also: a reload in the middle of a pass, and renewing a CSR certificate with the
// same CSR (the same key, which never entered the page).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CaProxy } from '../test/support/ca-proxy.ts';
import { openssl, verifyChain } from '../test/support/openssl.ts';
import { connectToCa, runShellCommand, useResolver, User } from './support/user.ts';
import { startProxiedWorld, type ProxiedWorld } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;
const work = mkdtempSync(join(tmpdir(), 'certpage-batch-'));

interface Machine {
  dir: string;
  names: string[];
  csrPath: string;
  keyPem: string;
  csrPem: string;
}

/** A machine makes its own key and CSR with one openssl line; the key stays in its folder. */
function machine(label: string, newkey: string[], names: string[]): Machine {
  const dir = join(work, label);
  mkdirSync(dir);
  execFileSync('openssl', ['req', '-new', '-newkey', ...newkey, '-nodes', '-keyout', 'key.pem', '-out', 'req.csr',
    '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`], { cwd: dir, stdio: 'ignore' });
  return { dir, names, csrPath: join(dir, 'req.csr'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'), csrPem: readFileSync(join(dir, 'req.csr'), 'utf8') };
}
const EC = ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
const RSA = ['rsa:2048'];

const pubkeyOfKey = (keyPem: string) => openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': keyPem });
const pubkeyOfCert = (certPem: string) => openssl(['x509', '-in', 'c.pem', '-noout', '-pubkey'], { 'c.pem': certPem });
/** The certificate's DNS names, sorted. */
const sanOf = (certPem: string) => [...openssl(['x509', '-in', 'c.pem', '-noout', '-ext', 'subjectAltName'], { 'c.pem': certPem }).matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!).sort();

describe('several CSRs in one pass', () => {
  let world: ProxiedWorld;
  let proxy: CaProxy;
  let issuers: { root: string; intermediate: string };

  before(async () => {
    world = await startProxiedWorld({ pebble: { authzReuse: 100 } });
    proxy = world.proxy;
    issuers = await world.stack.issuerPems();
  });
  after(async () => {
    await world?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const page = () => world.browser.page;
  const mine = () => page().getByRole('region', { name: 'My certificates' });
  const rows = () => mine().locator('tbody tr').filter({ has: page().locator('td.names') });
  /** Challenge POSTs the CA accepted (Pebble refuses some nonces on purpose; the page then sends the same again). */
  const challengePosts = () => proxy.log.filter((r) => r.method === 'POST' && r.path.startsWith('/chalZ/') && r.status === 200).length;
  const pass = () => page().getByRole('list', { name: 'Certificates of this pass' });
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  async function download(user: User, name: string): Promise<string> {
    world.browser.downloads.delete(name);
    await user.click(page().getByRole('button', { name: `Download ${name}`, exact: true }));
    return readFileSync(await world.browser.waitForDownload(name), 'utf8');
  }

  /** The certificate matches its machine: the CSR's key (the key.pem that never left it) and exactly its names. */
  function matches(fullchain: string, m: Machine): void {
    assert.match(verifyChain(fullchain, issuers), /OK/);
    assert.equal(pubkeyOfCert(fullchain), pubkeyOfKey(m.keyPem), `${m.names[0]}: the certificate carries that machine's key`);
    assert.deepEqual(sanOf(fullchain), [...m.names].sort(), `${m.names[0]}: exactly the CSR's names`);
  }

  test("the page's openssl line, with the typed names, makes a key and CSR on a machine that the page then reads", async () => {
    const names = [zone('line'), zone('www-line')];
    await page().goto(world.app.url);
    await useResolver(page(), world.doh.url);
    await page().getByLabel('Domain names').fill(names.join('\n'));
    await page().getByLabel('Certificate key').selectOption({ label: 'My own CSR (the key stays on my server)' });
    await page().getByText('Make the key and CSR on each machine').click();
    assert.equal(await page().getByLabel('Names for that machine').inputValue(), names.join(' '), 'the typed names are filled in');
    await world.browser.shot('openssl line');
    const line = (await page().getByRole('textbox', { name: 'openssl: make the key and CSR', exact: true }).textContent()) ?? '';
    assert.match(line, /^openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout key\.pem -out req\.csr /, 'EC P-256 by default');
    const dir = join(work, 'line');
    mkdirSync(dir);
    execFileSync('sh', ['-c', line], { cwd: dir, stdio: 'ignore' });
    await page().getByLabel('CSR (PEM)').fill(readFileSync(join(dir, 'req.csr'), 'utf8'));
    await page().getByText(`The CSR names: ${names.join(', ')} (ECDSA P-256 key).`).waitFor();
    assert.equal(pubkeyOfKey(readFileSync(join(dir, 'key.pem'), 'utf8')), openssl(['req', '-in', 'r.csr', '-noout', '-pubkey'], { 'r.csr': readFileSync(join(dir, 'req.csr'), 'utf8') }));
    // Set-up for the next test: an empty box, and the form as a newcomer finds it.
    await page().getByLabel('CSR (PEM)').fill('');
    await page().getByLabel('Certificate key').selectOption({ label: 'New ECDSA P-256 (recommended)' });
  });

  test('three CSRs (one RSA, two EC, overlapping names): three certificates, each name proven once', async () => {
    const [a, wwwA, shared, b] = [zone('a'), zone('www-a'), zone('shared'), zone('b')];
    const machines = [
      machine('web1', EC, [a, wwwA, shared]),
      machine('web2', RSA, [b, shared]),
      machine('web3', EC, [wwwA, a, shared]), // every name proven for the first certificate already
    ];
    const user = new User(page());
    const before = challengePosts();
    await connectToCa(user, proxy.directoryUrl);
    await user.select(page().getByLabel('Certificate key'), 'My own CSR (the key stays on my server)');
    // A bad block is refused on its own, and Create order says which; then the three files are chosen at once.
    await page().getByLabel('CSR (PEM)').fill(machines[0]!.csrPem + machines[0]!.keyPem);
    await page().getByText('CSR 2 cannot be used: Block 2 is a private key, not a CSR.').waitFor();
    await page().getByLabel('CSR (PEM)').fill('');
    await user.choose(page().getByLabel('Or choose CSR files'), machines.map((m) => m.csrPath));
    await page().getByText('3 CSRs: 3 certificates, one order after another.').waitFor();
    const listed = page().getByRole('list', { name: 'CSRs' }).getByRole('listitem');
    assert.deepEqual(await listed.allInnerTexts(), [
      `CSR 1 names: ${a}, ${wwwA}, ${shared} (ECDSA P-256 key).`,
      `CSR 2 names: ${b}, ${shared} (RSA 2048 key).`,
      `CSR 3 names: ${wwwA}, ${a}, ${shared} (ECDSA P-256 key).`,
    ]);
    await world.browser.shot('three CSRs');
    await user.click(page().getByRole('button', { name: 'Create order' }));

    // Certificate 1: three names, three files, one command.
    await page().getByRole('heading', { name: 'Prove you control these 3 names' }).waitFor();
    await world.browser.shot('first certificate cards');
    const files = runShellCommand(await user.copy(page(), 'Command for all files'));
    for (const [token, body] of files) await world.stack.addHttp01(token, body);
    user.placed(files.size);
    await user.click(page().getByRole('button', { name: 'All in place: submit all' }));

    // Certificate 2: the shared name was proven for the first: only the new one is asked for.
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor({ timeout: 60_000 });
    await page().getByText(`1 of 2 names were proven for the first certificate: the CA reused that validation, so only the others are shown.`).waitFor();
    assert.equal(await card(shared).count(), 0, 'no card for the shared name');
    assert.deepEqual(await pass().getByRole('listitem').allInnerTexts(), [`${a}, ${wwwA}, ${shared} issued`, `${b}, ${shared} proving control now`, `${wwwA}, ${a}, ${shared} waiting`]);
    await world.browser.shot('second certificate: only the new name');
    await world.stack.addHttp01(await user.copy(card(b), 'File name'), await user.copy(card(b), 'File content'));
    user.placed(1);
    await user.click(card(b).getByRole('button', { name: 'The file is in place' }));

    // Certificate 3 needs nothing: all three come out.
    await page().getByRole('heading', { name: 'Your 3 certificates are ready' }).waitFor({ timeout: 60_000 });
    await page().getByText('Certificate 3 of 3; 3 of 3 names were proven for the first certificate.').waitFor();
    await page().getByText('Certificate 2 of 3; 1 of 2 names were proven for the first certificate.').waitFor();
    await world.browser.shot('three certificates');
    assert.equal(challengePosts() - before, 4, 'four names, each proven once');

    for (const m of machines) matches(await download(user, `${m.names[0]}-fullchain.pem`), m);
    assert.equal(await page().getByRole('button', { name: /privkey\.pem/ }).count(), 0, 'no key was made here');
    console.log(`[e2e] three CSRs in one pass: ${user.total} user actions (${JSON.stringify(user.count)}), plus openssl on each machine`);

    // My certificates shows them like any other certificate.
    for (const m of machines) await rows().filter({ hasText: m.names.join(', ') }).waitFor();
    assert.equal(await rows().count(), 3);
    assert.deepEqual(world.browser.errors, []);
    assert.deepEqual(world.browser.blocked, []);
  });

  test('renewing a CSR certificate with the same CSR: a new certificate for the same key; no key is made here', async () => {
    const user = new User(page());
    const web2 = [zone('b'), zone('shared')];
    const row = rows().filter({ hasText: web2.join(', ') });
    await user.click(row.getByRole('button', { name: 'Renew', exact: true }));
    const panel = mine().getByRole('group', { name: `Renew ${web2[0]}` });
    assert.equal(await panel.getByLabel('Renew with the same CSR (the same key, on your server)').isChecked(), true, 'the default');
    assert.equal(await panel.getByLabel(/New key/).count(), 0, 'no key is offered to be made here');
    await world.browser.shot('renew with the same CSR');
    await user.click(panel.getByRole('button', { name: 'Renew now' }));
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await mine().locator('.badge', { hasText: /^replaced$/ }).waitFor();
    const renewed = await download(user, 'fullchain.pem');
    assert.equal(pubkeyOfCert(renewed), pubkeyOfKey(readFileSync(join(work, 'web2', 'key.pem'), 'utf8')), 'the same key, still only on that machine');
    assert.deepEqual(sanOf(renewed), [...web2].sort());
    assert.equal(await page().getByRole('button', { name: 'Download privkey.pem' }).count(), 0);
  });

  test('a reload in the middle of a pass carries it on: between two orders, and on the cards of the second', async () => {
    const [x, shared, y, z] = [zone('x'), zone('shared2'), zone('y'), zone('z')];
    const machines = [machine('x', EC, [x, shared]), machine('y', RSA, [y, shared]), machine('z', EC, [z])];
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await page().getByLabel('CSR (PEM)').waitFor();
    assert.equal(await mine().getByText('The renewal did not start').count(), 0, 'the renewal did start, and ended well');
    const before = challengePosts();
    await page().getByLabel('CSR (PEM)').fill(machines.map((m) => m.csrPem).join('\n'));
    await page().getByText('3 CSRs: 3 certificates, one order after another.').waitFor();
    // The second order fails once (the CA answers 500 to it), so the pass rests between two orders.
    let newOrders = 0;
    proxy.rewrite = (ex) => {
      if (ex.method !== 'POST' || ex.path !== '/order-plz' || ex.status !== 201 || ++newOrders !== 2) return;
      ex.status = 500;
      ex.headers['content-type'] = 'application/problem+json';
      ex.body = Buffer.from(JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'test: the CA is busy' }));
    };
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: 'Prove you control these 2 names' }).waitFor();
    await placeAll(page());
    await page().getByRole('heading', { name: '2 CSRs not ordered yet' }).waitFor({ timeout: 60_000 });
    await page().getByText('test: the CA is busy').waitFor();
    await world.browser.shot('pass resting after a failed order');

    // A reload there places the second order by itself.
    await page().reload();
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor({ timeout: 60_000 });
    assert.equal(await card(y).count(), 1);
    // A reload on the second order's cards shows the same cards, with the first certificate listed as issued.
    await page().reload();
    await card(y).waitFor();
    assert.deepEqual(await pass().getByRole('listitem').allInnerTexts(), [`${x}, ${shared} issued`, `${y}, ${shared} proving control now`, `${z} waiting`]);
    await placeAll(page());
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor({ timeout: 60_000 });
    await card(z).waitFor();
    await placeAll(page());
    await page().getByRole('heading', { name: 'Your 3 certificates are ready' }).waitFor({ timeout: 60_000 });
    proxy.rewrite = undefined;
    assert.equal(challengePosts() - before, 4, 'x, shared2, y, z: each once');
    const user = new User(page());
    for (const m of machines) matches(await download(user, `${m.names[0]}-fullchain.pem`), m);
    assert.equal(await rows().count(), 3 + 1 + 3, 'the first pass, its renewal and this pass');
    assert.deepEqual(world.browser.errors, []);
  });

  /** Every waiting card of the current order: its file placed (through challtestsrv), then submitted. */
  async function placeAll(p: Page): Promise<void> {
    const buttons = p.getByRole('button', { name: 'The file is in place' });
    const count = await buttons.count();
    for (let i = 0; i < count; i++) {
      const waiting = p.getByRole('region').filter({ has: p.getByRole('button', { name: 'The file is in place' }) }).first();
      const region = card((await waiting.getByRole('heading').first().textContent()) ?? '');
      const token = (await region.getByRole('textbox', { name: 'File name', exact: true }).textContent()) ?? '';
      const body = (await region.getByRole('textbox', { name: 'File content', exact: true }).textContent()) ?? '';
      await world.stack.addHttp01(token, body);
      await region.getByRole('button', { name: 'The file is in place' }).click();
      await region.getByRole('button', { name: 'The file is in place' }).waitFor({ state: 'detached' });
    }
  }
});
