// Live checks before anything goes to the CA, with real DNS data: challtestsrv's DNS behind a loopback DoH server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApp } from './support/app.ts';
import { openBrowser, type Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { useResolver } from './support/user.ts';
import { startDoh, type DohServer } from '../test/support/doh.ts';
import { startPebble, type PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);

describe('checks before submitting', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let b: Browser;
  before(async () => {
    // No default address: a name has an A record only when the test adds one.
    stack = await startPebble({ defaultIPv4: '', authzReuse: 0 });
    doh = await startDoh(stack.dnsAddress);
    app = await startApp();
    b = await openBrowser();
    await b.page.goto(app.url);
    await useResolver(b.page, doh.url);
    await b.page.getByLabel('Directory URL').fill(stack.directoryUrl);
    await b.page.getByText('Connected.').waitFor();
    await b.page.getByLabel("I agree to the CA's terms of service").check();
  });
  after(async () => { await b?.close(); await app?.close(); await doh?.stop(); await stack?.stop(); });

  const page = () => b.page;
  const card = (name: string) => page().getByRole('region', { name, exact: true });

  async function order(names: string): Promise<void> {
    await page().getByLabel('Domain names').fill(names);
    await page().getByRole('button', { name: 'Create order' }).click();
    await page().getByRole('heading', { name: /^Prove you control/ }).waitFor();
  }

  async function startOver(): Promise<void> {
    const another = page().getByRole('button', { name: /Get another certificate|Start a new order/ });
    await another.click();
    await page().getByLabel('Domain names').waitFor();
  }

  test('CAA that forbids every CA, or names another CA, is shown before ordering', async () => {
    const zone = `caa-${run}.example.com`;
    await stack.addCaa(zone, [{ tag: 'issue', value: ';' }]);
    await page().getByLabel('Domain names').fill(`www.${zone}`);
    const alert = page().getByText(`www.${zone}: the CAA records at ${zone} allow no CA at all, so this CA will refuse.`, { exact: false });
    await alert.waitFor({ timeout: 15_000 });
    await page().getByText(`${zone}. CAA 0 issue ";"`).waitFor();
    await b.shot('caa forbids');

    const other = `caa2-${run}.example.com`;
    await stack.addCaa(other, [{ tag: 'issue', value: 'ca.example' }]);
    await page().getByLabel('Domain names').fill(`*.${other}`);
    await page().getByText(`the CAA records at ${other} allow only ca.example`, { exact: false }).waitFor({ timeout: 15_000 });
    await page().getByLabel('Domain names').fill(`ok-${run}.example.com`);
    await page().getByText('CAA records may stop this CA from issuing.').waitFor({ state: 'detached', timeout: 15_000 });
  });

  test('HTTP-01 for a name with no address: warned, button held back until fixed or overridden', async () => {
    const name = `noaddr-${run}.example.com`;
    await order(name);
    await card(name).getByText(`${name} has no address (no A or AAAA record), so the CA cannot reach it.`).waitFor({ timeout: 15_000 });
    const submit = card(name).getByRole('button', { name: 'The file is in place' });
    assert.equal(await submit.isDisabled(), true);
    await b.shot('no address');
    await card(name).getByLabel(/Submit anyway/).check();
    assert.equal(await submit.isDisabled(), false, 'the user may override');
    await card(name).getByLabel(/Submit anyway/).uncheck();

    await stack.addA(name, ['127.0.0.1']);
    await card(name).getByRole('button', { name: 'Check now' }).click();
    await card(name).getByText(`${name} points to 127.0.0.1.`).waitFor({ timeout: 15_000 });
    assert.equal(await submit.isDisabled(), false);
    // The curl command to check from a terminal is there.
    await card(name).getByText('Ready-made commands and server snippets').click();
    assert.match(await card(name).getByRole('textbox', { name: 'Check it from a terminal' }).textContent() ?? '', /^curl .*\/\.well-known\/acme-challenge\//);
    await startOver();
  });

  test('DNS-01: not found, then a wrong value shown next to the expected one, then found without a reload', async () => {
    const name = `txt-${run}.example.com`;
    await order(name);
    await card(name).getByRole('radio', { name: /DNS-01/ }).check();
    const recordName = await card(name).getByRole('textbox', { name: 'Record name', exact: true }).textContent() ?? '';
    const value = await card(name).getByRole('textbox', { name: 'Record value', exact: true }).textContent() ?? '';
    await card(name).getByText(/^Not found yet/).waitFor({ timeout: 15_000 });
    const submit = card(name).getByRole('button', { name: 'The record is in place' });
    assert.equal(await submit.isDisabled(), true);
    await b.shot('txt missing');

    await stack.setTxt(recordName, 'a-wrong-value-from-an-earlier-try');
    await card(name).getByRole('button', { name: 'Check now' }).click();
    await card(name).getByText('A TXT record is there, but its value is not the expected one.').waitFor({ timeout: 15_000 });
    await card(name).getByText('Found: a-wrong-value-from-an-earlier-try').waitFor();
    await card(name).getByText(`Expected: ${value}`).waitFor();
    await b.shot('txt wrong');

    await stack.clearTxt(recordName);
    await stack.setTxt(recordName, value);
    // No click: the card re-checks on its own.
    await card(name).getByText('Found: seen by 1 of 1 resolver.').waitFor({ timeout: 60_000 });
    assert.equal(await submit.isDisabled(), false);
    await b.shot('txt found');
    await submit.click();
    await page().getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
    await startOver();
  });

  test('DNS-01 delegated with a CNAME on _acme-challenge: followed, and the target is named', async () => {
    const name = `cname-${run}.example.com`;
    const target = `${run}.acme-dns.example.net`;
    await stack.setCname(`_acme-challenge.${name}`, target);
    await order(name);
    await card(name).getByRole('radio', { name: /DNS-01/ }).check();
    const value = await card(name).getByRole('textbox', { name: 'Record value', exact: true }).textContent() ?? '';
    await stack.setTxt(target, value);
    await card(name).getByRole('button', { name: 'Check now' }).click();
    await card(name).getByText('Found: seen by 1 of 1 resolver.').waitFor({ timeout: 15_000 });
    await card(name).getByText(`is delegated (CNAME) to ${target}`, { exact: false }).waitFor();
    await b.shot('txt via cname');
    assert.deepEqual(b.blocked, []);
    assert.deepEqual(b.errors, []);
  });
});
