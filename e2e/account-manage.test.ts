// Managing a stored account from the page (issue 5): details with the CA's status, contact, key rollover,
// deactivation and deleting it from the browser. Debian's Chromium plays the user against a real Pebble.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from './support/world.ts';
import type { Browser } from './support/browser.ts';
import type { StaticServer } from './support/static-server.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import type { DohServer } from '../test/support/doh.ts';
import type { PebbleStack } from '../test/support/pebble.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;

describe('account management', () => {
  let stack: PebbleStack;
  let doh: DohServer;
  let app: StaticServer;
  let browser: Browser;
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
    ({ stack, doh, app, browser } = world);
  });
  after(() => world?.close());

  const page = () => browser.page;

  test('details, contact, key rollover, deactivation and deleting from the browser', async () => {
    const user = new User(page());
    await page().goto(app.url);
    await useResolver(page(), doh.url);
    await connectToCa(user, stack.directoryUrl);
    await issueWithOneCommand(user, stack, [zone('first'), zone('www-first')]);

    const section = page().getByRole('region', { name: 'Accounts' });
    await section.getByRole('heading', { name: 'Accounts' }).waitFor();
    const details = section.getByRole('button', { name: /^Details of the account at / });
    assert.equal(await details.count(), 1, 'the account made by the first issuance is listed');
    await user.click(details);

    // Details: the thumbprint, and the status as the CA says it now.
    const status = section.getByLabel('Status at the CA');
    await status.getByText('valid', { exact: true }).waitFor();
    await section.getByText('as the CA says now').waitFor();
    const thumbprint = section.getByLabel('JWK thumbprint');
    const before = (await thumbprint.textContent())?.trim() ?? '';
    assert.match(before, /^[A-Za-z0-9_-]{43}$/);
    assert.match((await section.getByText(/\/my-account\/|\/account\//).first().textContent()) ?? '', /^https:/);

    // Contact.
    await user.fill(section.getByLabel('Contact e-mail'), 'ops@example.com');
    await user.click(section.getByRole('button', { name: 'Save contact' }));
    await section.getByText('The contact was saved at the CA.').waitFor();
    await section.getByLabel('Contact', { exact: true }).getByText('ops@example.com').waitFor();
    await browser.shot('details');

    // Key rollover: the thumbprint changes, and the stored account still gets certificates (with the new key).
    await user.click(section.getByRole('button', { name: 'Change account key' }));
    await section.getByText(/The account key was changed/).waitFor({ timeout: 60_000 });
    await page().waitForFunction((old) => {
      const app = document.querySelector('cp-app');
      const el = app?.shadowRoot?.querySelector('cp-accounts');
      const dd = el?.shadowRoot?.querySelector('dd[aria-label="JWK thumbprint"]');
      return dd && dd.textContent?.trim() !== old;
    }, before);
    const after = (await thumbprint.textContent())?.trim() ?? '';
    assert.match(after, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(after, before, 'the stored key is the new one');
    await browser.shot('key changed');

    await user.click(page().getByRole('button', { name: 'Get another certificate' }));
    await page().getByText('Connected.').waitFor();
    await issueWithOneCommand(user, stack, [zone('second'), zone('www-second')]);

    // Offline: the details still open, and say the status could not be fetched.
    await user.click(details); // closes
    await page().context().setOffline(true);
    await user.click(details);
    await section.getByText('the status could not be fetched from the CA').waitFor();
    await section.getByRole('alert').filter({ hasText: 'cannot be reached while you are offline' }).waitFor();
    await browser.shot('offline');
    // A rollover that cannot reach the CA changes nothing: the stored key stays (deactivating below proves it works).
    await user.click(section.getByRole('button', { name: 'Change account key' }));
    await section.getByRole('alert').filter({ hasText: 'cannot be reached while you are offline' }).nth(1).waitFor();
    assert.equal((await thumbprint.textContent())?.trim(), after, 'the stored key did not change');
    await page().context().setOffline(false);
    await user.click(details);
    await user.click(details);
    await status.getByText('valid', { exact: true }).waitFor();
    await section.getByText('as the CA says now').waitFor();

    // Deactivate: only after the box is ticked.
    const deactivate = section.getByRole('button', { name: 'Deactivate account at the CA' });
    assert.equal(await deactivate.isDisabled(), true, 'not without the confirmation');
    await user.click(section.getByLabel('I understand this cannot be undone'));
    await user.click(deactivate);
    await section.getByText('The account was deactivated at the CA.').waitFor();
    await status.getByText('deactivated', { exact: true }).waitFor();
    await browser.shot('deactivated');

    // The setup form no longer offers the deactivated account (the CA would refuse it everything):
    // it falls back to a new account, which needs the terms ticked again.
    await user.click(page().getByRole('button', { name: 'Get another certificate' }));
    await page().getByText('Connected.').waitFor();
    await page().getByLabel("I agree to the CA's terms of service").waitFor();
    assert.equal(await page().getByRole('option', { name: /P-256 · created/ }).count(), 0, 'no stored account offered');
    await user.fill(page().getByLabel('Domain names'), zone('third'));
    await user.click(page().getByRole('button', { name: 'Create order' }));
    await page().getByText("Tick the box to agree to the CA's terms of service.").waitFor();

    // Opened again, the account says it is deactivated (the CA is not asked: it refuses this account everything).
    await user.click(details);
    await user.click(details);
    await status.getByText('deactivated', { exact: true }).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Change account key' }).count(), 0);

    // Delete from this browser: a confirmation that says the CA is not told, then the list is empty.
    await user.click(section.getByRole('button', { name: 'Delete from this browser' }));
    await section.getByRole('note').filter({ hasText: 'does not deactivate the account at the CA' }).waitFor();
    await user.click(section.getByRole('button', { name: 'Yes, delete it from this browser' }));
    await section.getByText('No accounts are stored in this browser.').waitFor();
    assert.equal(await section.getByRole('button', { name: /^Details of the account at / }).count(), 0);
    await browser.shot('deleted');
  });
});
