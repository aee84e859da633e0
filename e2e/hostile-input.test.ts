// A hostile paste in every text box and file input: 100 KB of "-----BEGIN" followed by blanks (the shape that froze
// the page for seconds, then minutes, and on every reload since the draft kept it). Each box must refuse it or read
// it at once, with a clear message, and the page must stay responsive, a reload after it too.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startWorld, type World } from './support/world.ts';

const HOSTILE = `-----BEGIN ${' '.repeat(100 * 1024)}`;
const run = Date.now().toString(36);

/** How long the page's main thread takes to answer once the box has the text (a frozen page answers late). */
async function pasteAndTime(page: Page, box: Locator, text = HOSTILE): Promise<number> {
  await box.fill(text);
  const started = Date.now();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  return Date.now() - started;
}

describe('hostile pastes', () => {
  let world: World;
  const dir = mkdtempSync(join(tmpdir(), 'certpage-hostile-files-'));

  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = () => world.browser.page;

  test('setup form: names, CSR and account key boxes refuse or read it at once, and a reload after it is instant', async () => {
    await page().goto(world.app.url);
    await page().getByLabel('Directory URL').fill(world.stack.directoryUrl);
    await page().getByText('Connected.').waitFor();

    const names = page().getByLabel('Domain names');
    const namesMs = await pasteAndTime(page(), names);
    await page().locator('#names-err').getByText(/at most 64 KB/).waitFor();

    await page().getByLabel('Certificate key').selectOption({ label: 'My own CSR (the key stays on my server)' });
    const csrMs = await pasteAndTime(page(), page().getByLabel('CSR (PEM)'));
    await page().locator('cp-setup').getByRole('alert').filter({ hasText: /BEGIN/ }).first().waitFor();

    await page().getByLabel('Account', { exact: true }).or(page().getByText('I already have an account key')).first().click();
    const useKey = page().getByRole('button', { name: 'Use an existing account key' });
    if (await useKey.count()) await useKey.click();
    else await page().getByLabel('Account', { exact: true }).selectOption({ label: 'Use an existing account key…' });
    const keyBox = page().getByLabel('Account private key (PEM or JWK)');
    const keyMs = await pasteAndTime(page(), keyBox);
    await page().getByLabel("I agree to the CA's terms of service").waitFor({ state: 'detached' });
    // With names and a key made here, Create order reads the pasted account key: refused, with the limit named.
    await page().getByLabel('Certificate key').selectOption({ label: 'New ECDSA P-256 (recommended)' });
    await page().getByLabel('Domain names').fill(`hostile-${run}.example.com`);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().locator('cp-setup').getByRole('alert').filter({ hasText: /at most 64 KB/ }).waitFor();
    await page().getByLabel('Certificate key').selectOption({ label: 'My own CSR (the key stays on my server)' });
    console.log(`[e2e] main thread after a 100 KB paste: names ${namesMs} ms, CSR ${csrMs} ms, account key ${keyMs} ms`);
    for (const ms of [namesMs, csrMs, keyMs]) assert.ok(ms < 1000, `the page answered after ${ms} ms`);
    await world.browser.shot('hostile pastes refused');

    // The draft kept the CSR text: the reload reads it again, at once.
    const started = Date.now();
    await page().reload();
    await page().getByLabel('CSR (PEM)').waitFor();
    await page().evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    const reloadMs = Date.now() - started;
    console.log(`[e2e] reload with the hostile CSR in the draft: ${reloadMs} ms`);
    assert.ok(reloadMs < 5000, `reload took ${reloadMs} ms`);
    assert.deepEqual(world.browser.errors, []);
  });

  test('revoke with a key, the key-and-CSR tool and the resolver box: refused at once; oversized files too', async () => {
    const mine = page().getByRole('region', { name: 'My certificates' });
    await mine.getByText("Revoke a certificate not stored here (with the certificate's key)").click();
    const form = mine.locator('cp-revoke-key');
    const certMs = await pasteAndTime(page(), form.getByLabel('Certificate (PEM)'));
    const keyMs = await pasteAndTime(page(), form.getByLabel('Its private key (PEM)'));
    await form.getByLabel('CA directory URL').fill(world.stack.directoryUrl);
    await form.getByRole('button', { name: 'Revoke with this key…' }).click();
    await form.getByRole('alert').waitFor();
    // A file far too big for a certificate is refused before it is read.
    const big = join(dir, `big-${run}.pem`);
    writeFileSync(big, HOSTILE.repeat(40)); // 4 MB
    await form.getByLabel('Certificate file').setInputFiles(big);
    await form.getByText(/is too big to be a certificate/).waitFor();

    const tool = page().getByRole('region', { name: 'Make a key and CSR' });
    await tool.getByText('Make a key and CSR').click();
    const toolMs = await pasteAndTime(page(), tool.getByLabel('Names for the CSR'));
    await tool.getByRole('button', { name: 'Make key and CSR' }).click();
    await tool.getByText(/at most 64 KB/).waitFor();

    const dns = page().getByRole('region', { name: 'DNS checks' });
    const dohMs = await pasteAndTime(page(), dns.getByLabel('Resolver URL'), `https://${'a'.repeat(100 * 1024)}`);
    await dns.getByRole('button', { name: 'Add resolver' }).click();
    await dns.getByRole('alert').waitFor();
    console.log(`[e2e] main thread after a 100 KB paste: revoke certificate ${certMs} ms, revoke key ${keyMs} ms, CSR tool ${toolMs} ms, resolver ${dohMs} ms`);
    for (const ms of [certMs, keyMs, toolMs, dohMs]) assert.ok(ms < 1000, `the page answered after ${ms} ms`);
    assert.deepEqual(world.browser.errors, []);
  });
});
