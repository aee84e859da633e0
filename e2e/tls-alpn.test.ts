// TLS-ALPN-01 in the page (RFC 8737): the card makes the validation certificate and key, the test runs the card's own
// openssl line (on Pebble's TLS-ALPN port instead of 443), and the issued certificate verifies. A certificate made for
// another order is refused with the CA's words.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyChain } from '../test/support/openssl.ts';
import { freePorts, waitForPort } from '../test/support/ports.ts';
import { connectToCa, useResolver, User } from './support/user.ts';
import { startWorld, type World } from './support/world.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('TLS-ALPN-01', () => {
  let world: World;
  let tlsPort = 0;
  const servers: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'certpage-alpn-'));

  before(async () => {
    [tlsPort = 0] = await freePorts(1);
    world = await startWorld({ pebble: { authzReuse: 0, tlsPort } });
  });
  after(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = () => world.browser.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  /** Run the card's openssl line as the user would, with port 443 moved to Pebble's TLS-ALPN port. */
  async function runServer(command: string, cwd: string): Promise<ChildProcess> {
    assert.match(command, /^openssl s_server -accept 443 /);
    const args = command.replace('-accept 443', `-accept 127.0.0.1:${tlsPort}`).split(' ').slice(1);
    const child = spawn('openssl', args, { cwd, stdio: ['pipe', 'ignore', 'ignore'] });
    servers.push(child);
    await waitForPort(tlsPort);
    return child;
  }

  async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    await new Promise<void>((ok) => { child.once('exit', () => ok()); child.kill('SIGTERM'); });
  }

  async function order(user: User, name: string): Promise<void> {
    await user.fill(page().getByLabel('Domain names'), name);
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByRole('heading', { name: 'Prove you control this name' }).waitFor();
    await user.click(card(name).getByRole('radio', { name: /TLS-ALPN-01/ }));
    await user.click(card(name).getByRole('button', { name: 'Make the validation certificate and key' }));
  }

  async function downloadFiles(user: User, name: string, into: string): Promise<void> {
    for (const kind of ['cert', 'key']) {
      const file = `tls-alpn-${name}-${kind}.pem`;
      world.browser.downloads.delete(file);
      await user.click(card(name).getByRole('button', { name: `Download ${file}` }));
      copyFileSync(await world.browser.waitForDownload(file), join(into, file));
    }
  }

  test("the card's files and openssl line prove the name; the certificate verifies", async () => {
    const user = new User(page());
    const name = zone('alpn');
    await page().goto(world.app.url);
    await useResolver(page(), world.doh.url);
    await connectToCa(user, world.stack.directoryUrl);
    await order(user, name);
    await downloadFiles(user, name, dir);
    await world.browser.shot('tls-alpn card');
    const command = await user.copy(card(name), 'openssl on port 443');
    const server = await runServer(command, dir);
    user.placed();
    await user.click(card(name).getByRole('button', { name: 'It is answering on port 443' }));
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await stop(server);
    world.browser.downloads.delete('fullchain.pem');
    await user.click(page().getByRole('button', { name: 'Download fullchain.pem' }).first());
    const fullchain = readFileSync(await world.browser.waitForDownload('fullchain.pem'), 'utf8');
    assert.match(verifyChain(fullchain, await world.stack.issuerPems()), /OK/);
    console.log(`[e2e] user actions for TLS-ALPN-01 with one name: ${user.total} (${JSON.stringify(user.count)})`);
    assert.deepEqual(world.browser.errors, []);
  });

  test("a validation certificate made for another order is refused, with the CA's detail", async () => {
    const user = new User(page());
    const name = zone('alpn-wrong');
    await page().getByRole('button', { name: 'Get another certificate' }).click();
    await order(user, name);
    const wrong = mkdtempSync(join(tmpdir(), 'certpage-alpn-wrong-'));
    // Files for a first order of this name, then a second order: its card needs other files.
    await downloadFiles(user, name, wrong);
    await page().getByRole('button', { name: 'Start a new order' }).click();
    await order(user, name);
    const server = await runServer(await user.copy(card(name), 'openssl on port 443'), wrong);
    await user.click(card(name).getByRole('button', { name: 'It is answering on port 443' }));
    await page().getByRole('heading', { name: 'The CA did not issue the certificate' }).waitFor({ timeout: 60_000 });
    await card(name).getByText(`The CA connected to ${name} on port 443 but did not get the expected validation certificate.`).waitFor();
    await card(name).getByText(/The CA said/).waitFor();
    await world.browser.shot('tls-alpn refused');
    await stop(server);
    rmSync(wrong, { recursive: true, force: true });
  });
});
