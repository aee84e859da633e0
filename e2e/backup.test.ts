// Backup and restore (issue 5): an exportable account and a locked one, an encrypted backup, the browser's
// IndexedDB wiped, wrong passphrase / damaged / foreign files refused with nothing changed, then the right
// passphrase restores the account and certificates, and the restored account gets a new certificate. Last, a
// certificate is deleted from the browser.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { startWorld, type World } from './support/world.ts';
import { connectToCa, issueWithOneCommand, useResolver, User } from './support/user.ts';
import { openssl } from '../test/support/openssl.ts';

const run = Date.now().toString(36);
const zone = (label: string) => `${label}-${run}.example.com`;
const PASS = 'correct horse battery staple';

describe('backup and restore', () => {
  let world: World;

  before(async () => {
    world = await startWorld({ pebble: { authzReuse: 0 } });
  });
  after(() => world?.close());

  const page = () => world.browser.page;
  const mine = () => page().getByRole('region', { name: 'My certificates' });
  const certRows = () => mine().locator('tbody tr').filter({ has: page().locator('td.names') });
  const accounts = () => page().getByRole('region', { name: 'Accounts' });
  const accountRows = () => accounts().locator('tbody tr').filter({ has: page().getByRole('button', { name: /^Details of the account/ }) });
  const backup = () => page().getByRole('region', { name: 'Backup and restore' });

  async function openBackup(user: User): Promise<Locator> {
    const b = backup();
    if (!(await b.locator('details').evaluate((d) => (d as HTMLDetailsElement).open))) {
      await user.click(b.getByText('Backup and restore (an encrypted file'));
    }
    await b.getByRole('group', { name: 'Restore a backup' }).waitFor();
    return b;
  }

  /** privkey.pem of the certificate for these names, from My certificates. */
  async function privkeyOf(user: User, firstName: string): Promise<string> {
    const row = certRows().filter({ hasText: firstName });
    world.browser.downloads.delete('privkey.pem');
    await user.click(row.getByRole('button', { name: 'Files' }));
    await user.click(mine().getByRole('button', { name: 'Download privkey.pem' }));
    const key = readFileSync(await world.browser.waitForDownload('privkey.pem'), 'utf8');
    await user.click(row.getByRole('button', { name: 'Files' }));
    return key;
  }

  async function restore(user: User, b: Locator, file: string, passphrase: string): Promise<void> {
    await b.getByLabel('Backup file').setInputFiles(file);
    await user.fill(b.getByLabel('Its passphrase'), passphrase);
    await user.click(b.getByRole('button', { name: 'Restore', exact: true }));
  }

  test('backup → clear IndexedDB → refused files change nothing → restore → issue with the restored account', async () => {
    const { stack, doh, app, browser } = world;
    const user = new User(page());
    await page().goto(app.url);
    await useResolver(page(), doh.url);

    // 1. An account made "exportable for backup", and a certificate from it.
    await connectToCa(user, stack.directoryUrl);
    assert.equal(await page().getByLabel(/Locked to this browser/).isChecked(), true, 'locked is the default');
    await user.click(page().getByLabel(/Exportable for backup/));
    await browser.shot('custody choice');
    await issueWithOneCommand(user, stack, [zone('kept'), zone('www-kept')]);
    const keyBefore = await privkeyOf(user, zone('kept'));

    // 2. A second account, locked to this browser (the default choice, picked explicitly here).
    await user.click(page().getByRole('button', { name: 'Get another certificate' }));
    await page().getByText('Connected.').waitFor();
    await user.select(page().getByLabel('Account', { exact: true }), 'New account');
    await user.click(page().getByLabel(/Locked to this browser/));
    await user.click(page().getByLabel("I agree to the CA's terms of service"));
    await issueWithOneCommand(user, stack, [zone('locked'), zone('www-locked')]);
    await certRows().nth(1).waitFor();
    assert.equal(await accountRows().count(), 2);
    await user.click(accountRows().first().getByRole('button', { name: /^Details/ }));
    const thumbprint = (await accounts().getByLabel('JWK thumbprint').textContent())?.trim();
    assert.match(thumbprint ?? '', /^[A-Za-z0-9_-]{43}$/);
    await accounts().getByText('exportable for backup', { exact: false }).first().waitFor();
    await user.click(accountRows().first().getByRole('button', { name: /^Details/ }));

    // 3. The backup: it says which account it leaves out; the passphrases must match.
    const b = await openBackup(user);
    const make = b.getByRole('group', { name: 'Make a backup' });
    await make.getByText('The file will hold 1 account and 2 certificates (2 with their private key)').waitFor();
    await make.getByText(/Not in the backup:/).waitFor();
    assert.equal(await make.locator('ul.locked li').count(), 1, 'the locked account is named');
    await user.fill(make.getByLabel('Passphrase', { exact: true }), PASS);
    await user.fill(make.getByLabel('Passphrase again'), `${PASS}!`);
    await user.click(make.getByRole('button', { name: 'Download encrypted backup' }));
    await make.getByText('The two passphrases differ').waitFor();
    await user.fill(make.getByLabel('Passphrase again'), PASS);
    await user.click(make.getByRole('button', { name: 'Download encrypted backup' }));
    await make.getByText(/^Saved certpage-backup-.*: 1 account, 2 certificates \(2 with their private key\)\. Not in it: 1 account locked to this browser\./).waitFor({ timeout: 60_000 });
    await browser.shot('backup saved');
    const [name] = [...browser.downloads.keys()].filter((n) => n.endsWith('.certpage-backup'));
    assert.ok(name, 'a .certpage-backup file was downloaded');
    const file = browser.downloads.get(name) ?? '';
    const text = readFileSync(file, 'utf8');
    const envelope = JSON.parse(text) as { certpageBackup: number; kdf: { name: string; iterations: number }; cipher: { name: string } };
    assert.equal(envelope.certpageBackup, 1);
    assert.equal(envelope.kdf.name, 'PBKDF2');
    assert.ok(envelope.kdf.iterations >= 600_000);
    assert.equal(envelope.cipher.name, 'AES-GCM');
    for (const secret of ['BEGIN', zone('kept'), thumbprint ?? '', '"d"']) assert.ok(!text.includes(secret), `${secret} is not readable in the file`);

    // 4. The browser's storage is wiped (as if this were another browser).
    await page().evaluate(() => new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase('certpage');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(new Error('deleteDatabase failed'));
    }));
    await page().reload();
    await useResolver(page(), doh.url); // the settings went too: the test's resolver again, not the public defaults
    await mine().getByText('None yet.').waitFor();
    await accounts().getByText('No accounts are stored in this browser.').waitFor();

    // 5. Refused, each with its own words, and nothing is stored: a wrong passphrase, a changed file, a PEM.
    const r = await openBackup(user);
    const restoreGroup = r.getByRole('group', { name: 'Restore a backup' });
    await restore(user, r, file, 'wrong horse battery staple');
    await restoreGroup.getByText(/passphrase is wrong/i).waitFor({ timeout: 60_000 });
    await browser.shot('wrong passphrase');
    const damaged = `${file}.damaged.certpage-backup`;
    const data = (JSON.parse(text) as { data: string }).data;
    const flipped = `${data.slice(0, 40)}${data[40] === 'A' ? 'B' : 'A'}${data.slice(41)}`;
    writeFileSync(damaged, text.replace(data, flipped));
    await restore(user, r, damaged, PASS);
    await restoreGroup.getByText(/changed after it was made/i).waitFor({ timeout: 60_000 });
    const pem = `${file}.pem`;
    writeFileSync(pem, keyBefore);
    await restore(user, r, pem, PASS);
    await restoreGroup.getByText(/not a certpage backup/i).waitFor();
    await mine().getByText('None yet.').waitFor();
    assert.equal(await accountRows().count(), 0, 'nothing was restored by the refused files');

    // 6. The right passphrase: the exportable account and both certificates (with their keys) come back.
    await restore(user, r, file, PASS);
    await restoreGroup.getByText(/^Restored 1 account and 2 certificates from the backup of /).waitFor({ timeout: 60_000 });
    await browser.shot('restored');
    await certRows().nth(1).waitFor();
    assert.equal(await certRows().count(), 2);
    assert.equal(await accountRows().count(), 1);
    const keyAfter = await privkeyOf(user, zone('kept'));
    assert.equal(keyAfter, keyBefore, 'the certificate key came back unchanged');
    assert.equal(
      openssl(['pkey', '-in', 'k.pem', '-pubout'], { 'k.pem': keyAfter }).length > 0, true, 'openssl reads the restored key');

    // Restoring the same file again adds nothing.
    await restore(user, r, file, PASS);
    await restoreGroup.getByText(/Restored 0 accounts and 0 certificates .* 1 account and 2 certificates were already here/).waitFor({ timeout: 60_000 });

    // 7. The restored account orders a new certificate: no new account is made, the thumbprint is the old one.
    await user.fill(page().getByLabel('Directory URL'), stack.directoryUrl);
    await page().getByText('Connected.').waitFor();
    const choice = page().getByLabel('Account', { exact: true });
    assert.match((await choice.locator('option:checked').textContent()) ?? '', /P-256/);
    await issueWithOneCommand(user, stack, [zone('after-restore'), zone('www-after-restore')]);
    await certRows().nth(2).waitFor();
    assert.equal(await accountRows().count(), 1, 'no new account was created');
    await user.click(accountRows().first().getByRole('button', { name: /^Details/ }));
    await accounts().getByLabel('Status at the CA').getByText('valid', { exact: true }).waitFor();
    assert.equal((await accounts().getByLabel('JWK thumbprint').textContent())?.trim(), thumbprint);
    await browser.shot('issued after restore');

    // 8. Delete a certificate from this browser: Cancel keeps it; confirming removes it (and only it), after a reload too.
    const lockedRow = () => certRows().filter({ hasText: zone('locked') });
    await user.click(lockedRow().getByRole('button', { name: /^Delete / }));
    const confirm = mine().getByRole('group', { name: `Delete ${zone('locked')}` });
    await confirm.getByText('It stays valid at the CA until it expires').waitFor();
    await user.click(confirm.getByRole('button', { name: 'Cancel' }));
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await certRows().count(), 3);
    await user.click(lockedRow().getByRole('button', { name: /^Delete / }));
    await browser.shot('delete certificate');
    await user.click(confirm.getByRole('button', { name: 'Yes, delete it from this browser' }));
    await mine().getByText(`The certificate for ${zone('locked')} and 1 more was deleted from this browser.`).waitFor();
    assert.equal(await certRows().count(), 2);
    await page().reload();
    await certRows().nth(1).waitFor();
    assert.equal(await certRows().count(), 2);
    assert.equal(await lockedRow().count(), 0);

    assert.deepEqual(browser.blocked, []);
    assert.deepEqual(browser.errors, []);
  });
});
