// A CA that misbehaves on purpose: a proxy in front of the real Pebble rewrites its answers. The page must refuse a
// certificate that is not what it asked for (other key, other names), and stay sane with a Retry-After no clock can
// hold, in plain words and with bounded polling.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildCsr } from '../src/crypto/csr.ts';
import { importPrivateKey } from '../src/crypto/keys.ts';
import { editJson, expose, isRead, type CaProxy } from '../test/support/ca-proxy.ts';
import { newAccount } from '../test/support/fixtures.ts';
import { issue } from '../test/support/issue.ts';
import { startProxiedWorld, type ProxiedWorld } from './support/world.ts';
import { connectToCa, runShellCommand, useResolver, User } from './support/user.ts';
import { respondToChallenge } from '../src/acme/authorizations.ts';
import { http01 } from '../src/acme/challenge-values.ts';
import { finalizeOrder, getAuthorizations, newOrder, waitForOrder } from '../src/acme/orders.ts';
import { downloadCertificate } from '../src/acme/orders.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('a CA that misbehaves', () => {
  let world: ProxiedWorld;
  let proxy: CaProxy;

  before(async () => {
    world = await startProxiedWorld({ pebble: { authzReuse: 0 } });
    proxy = world.proxy;
  });
  after(() => world?.close());

  const page = () => world.browser.page;
  const mine = () => page().getByRole('region', { name: 'My certificates' });
  const rows = () => mine().locator('tbody tr').filter({ has: page().locator('td.names') });

  /** Order `names` from the proxy, place the files with the one command and submit all; returns once submitted. */
  async function orderAndSubmit(user: User, names: string[]): Promise<void> {
    await user.fill(page().getByLabel('Domain names'), names.join('\n'));
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: `Prove you control these ${names.length} names` }).waitFor();
    const files = runShellCommand(await user.copy(page(), 'Command for all files'));
    for (const [token, body] of files) await world.stack.addHttp01(token, body);
    await user.click(page().getByRole('button', { name: 'All in place: submit all' }));
  }

  test('a certificate for another key (and other names) is refused plainly, stored nowhere, offered nowhere', async () => {
    // What the CA will send instead: a real Pebble certificate, for another name and key.
    const other = await issue(world.stack, await newAccount(world.stack), [zone('evil')]);
    proxy.rewrite = (x) => {
      if (x.headers['content-type']?.includes('pem-certificate-chain')) x.body = Buffer.from(other.certPem);
    };
    const user = new User(page());
    await page().goto(world.app.url);
    await useResolver(page(), world.doh.url);
    await connectToCa(user, proxy.directoryUrl);
    await orderAndSubmit(user, [zone('asked'), zone('www-asked')]);

    await page().getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 60_000 });
    await page().getByText('The CA sent a certificate for another key than the one this order asked for, so it was not stored.').waitFor();
    await page().getByText(/Found: public key/).waitFor();
    await world.browser.shot('certificate for another key');
    assert.equal(await page().getByRole('button', { name: /^Download / }).count(), 0, 'nothing offered');
    await mine().getByText('None yet.', { exact: false }).waitFor();
    assert.equal(await rows().count(), 0, 'nothing stored as a certificate');

    // A reload says the same: the refusal was stored with the order (and the CA's answer kept with it).
    await page().reload();
    await page().getByText('The CA sent a certificate for another key than the one this order asked for, so it was not stored.').waitFor();
    await mine().getByText('None yet.', { exact: false }).waitFor();
    proxy.rewrite = undefined;
    assert.deepEqual(world.browser.blocked, []);
  });

  test('a certificate for the right key but other names is refused too', async () => {
    // The user brings a CSR; the "CA" answers with a certificate for that same key but another name.
    const dir = mkdtempSync(join(tmpdir(), 'certpage-hostile-'));
    const names = [zone('csr-asked')];
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'req.pem',
      '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=DNS:${names[0]}`], { cwd: dir, stdio: 'ignore' });
    const csrPem = readFileSync(join(dir, 'req.pem'), 'utf8');
    const keys = await importPrivateKey(readFileSync(join(dir, 'key.pem'), 'utf8'), { extractable: true });
    rmSync(dir, { recursive: true, force: true });
    const account = await newAccount(world.stack);
    const order = await newOrder(account, { identifiers: [zone('csr-other')] });
    for (const a of await getAuthorizations(account, order.data)) {
      const ch = a.data.challenges.find((c) => c.type === 'http-01');
      if (!ch) throw new Error('no http-01');
      await world.stack.addHttp01(ch.token, http01(a.data.identifier, ch, account.thumbprint).body);
      await respondToChallenge(account, ch);
    }
    const valid = await finalizeOrder(account, await waitForOrder(account, order, 'ready'), (await buildCsr([zone('csr-other')], keys)).der);
    const otherChain = (await downloadCertificate(account, valid.data.certificate ?? '')).chain.pem;
    proxy.rewrite = (x) => {
      if (x.headers['content-type']?.includes('pem-certificate-chain')) x.body = Buffer.from(otherChain);
    };

    const user = new User(page());
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await user.select(page().getByLabel('Certificate key'), 'My own CSR (the key stays on my server)');
    await user.fill(page().getByLabel('CSR (PEM)'), csrPem);
    await page().getByText(`The CSR names: ${names[0]}`).waitFor();
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    const card = page().getByRole('region', { name: names[0], exact: true });
    await world.stack.addHttp01(await user.copy(card, 'File name'), await user.copy(card, 'File content'));
    await user.click(card.getByRole('button', { name: 'The file is in place' }));
    await page().getByText('The CA sent a certificate for other names than this order asked for, so it was not stored.').waitFor({ timeout: 60_000 });
    await page().getByText(new RegExp(`Found: ${zone('csr-other').replace(/\./g, '\\.')}`)).waitFor();
    assert.equal(await rows().count(), 0);
    proxy.rewrite = undefined;
  });

  test("a rate limit with a Retry-After no clock can hold: the CA's words, no crash; a sane one shows the time to retry", async () => {
    let retryAfter = '99999999999999999999';
    proxy.rewrite = (x) => {
      if (x.method === 'POST' && x.path === '/order-plz') {
        x.status = 429;
        x.headers['content-type'] = 'application/problem+json';
        x.headers['retry-after'] = retryAfter;
        expose(x, 'Retry-After');
        x.body = Buffer.from(JSON.stringify({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many new orders recently', status: 429 }));
      }
    };
    const user = new User(page());
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await user.select(page().getByLabel('Certificate key'), 'New ECDSA P-256 (recommended)');
    await user.fill(page().getByLabel('Domain names'), zone('limited'));
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByText('The CA is limiting how often this can be done.').waitFor();
    await page().getByText('too many new orders recently').waitFor();
    assert.equal(await page().getByText('You can try again after').count(), 0, 'no Invalid Date shown');
    assert.equal(await page().getByRole('button', { name: 'Create order' }).isEnabled(), true, 'the form is usable again');
    await world.browser.shot('rate limited, absurd retry-after');

    retryAfter = '3600';
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByText('You can try again after').waitFor();
    proxy.rewrite = undefined;
    assert.deepEqual(world.browser.errors, []);
  });

  test('polling with an absurd Retry-After on every answer stays bounded and finishes', async () => {
    // For three seconds after finalize the order says "processing", every answer carrying a Retry-After no clock can
    // hold. A page that trusted it would re-read as fast as the network allows (the bug: ~800 reads a second).
    const HOLD_MS = 3000;
    let heldSince: number | undefined;
    const heldReads: number[] = [];
    proxy.rewrite = (x) => {
      if (!(isRead(x, 'order') || isRead(x, 'authz') || x.path.startsWith('/finalize-order/'))) return;
      x.headers['retry-after'] = '99999999999999999999';
      expose(x, 'Retry-After');
      if (!isRead(x, 'order') && !x.path.startsWith('/finalize-order/')) return;
      editJson(x, (body) => {
        if (body.status !== 'valid' && body.status !== 'processing') return;
        heldSince ??= Date.now();
        if (Date.now() - heldSince > HOLD_MS) return;
        if (isRead(x, 'order')) heldReads.push(Date.now());
        body.status = 'processing';
        delete body.certificate;
      });
    };
    const user = new User(page());
    await page().getByRole('button', { name: 'Create order' }).waitFor();
    await orderAndSubmit(user, [zone('poll'), zone('www-poll')]);
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    proxy.rewrite = undefined;
    const gaps = heldReads.slice(1).map((t, i) => t - (heldReads[i] ?? t));
    console.log(`[e2e] order reads while held ${HOLD_MS} ms: ${heldReads.length}, gaps ms: ${gaps.join(', ')}`);
    assert.ok(heldReads.length >= 2, 'the held order was read again');
    assert.ok(heldReads.length <= 12, `bounded polling: ${heldReads.length} reads in ${HOLD_MS} ms`);
    assert.deepEqual(world.browser.errors, []);
  });
});
