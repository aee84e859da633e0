// My certificates with 1,000 stored certificates and 50 accounts (issue 12): the due ones on top, the newest 10 in
// the table with "Show more", and a page that still answers the user. The records are written into IndexedDB by
// hand (support/seed.ts), as an older certpage or an interrupted copy would leave them (no catalogue value), so the
// page must also build its catalogue from them. Only what the page shows is asserted, never how long it took.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seedName, seedStore, type SeedKind } from './support/seed.ts';
import { startWorld, type World } from './support/world.ts';
import { newAccount } from '../test/support/fixtures.ts';
import { issue } from '../test/support/issue.ts';

const CERTIFICATES = 1000;
const ACCOUNTS = 50;
/** Certificate i is expired when i % 100 === 13 (10 of them), due by its CA's window when i % 40 === 7 (25). */
const expired = (i: number) => i % 100 === 13;
const dueSoon = (i: number) => i % 40 === 7;
const DUE = 35;
const name = (i: number) => seedName('many.example', i);
const kinds = Array.from({ length: CERTIFICATES }, (_, i): SeedKind => (expired(i) ? 'expired' : dueSoon(i) ? 'due' : 'fine'));
const seed = (page: Page, chainPem: string) => seedStore(page, { chainPem, accounts: ACCOUNTS, kinds, domain: 'many.example' });

describe('My certificates with 1,000 certificates and 50 accounts', () => {
  let world: World;
  before(async () => { world = await startWorld(); });
  after(() => world?.close());

  const page = () => world.browser.page;
  const mine = () => page().getByRole('region', { name: 'My certificates' });
  const rowNames = async () => mine().locator('tbody td.names').allTextContents();

  test('the due ones on top, the newest 10 with "Show more", and a page that still answers', async () => {
    const chain = (await issue(world.stack, await newAccount(world.stack), ['seed.many.example'])).certPem;
    await page().goto(world.app.url);
    await mine().getByText('None yet.', { exact: false }).waitFor(); // the page has made its database
    await seed(page(), chain);
    await page().reload();

    // The due notice: the ten most urgent by name (the expired ones first), how many more, and a filter.
    const notice = mine().getByRole('status').filter({ hasText: 'Due for renewal:' });
    await notice.waitFor();
    assert.match(await notice.textContent() ?? '', new RegExp(`and ${DUE - 10} more`));
    await notice.getByRole('button', { name: `Show only these ${DUE}` }).waitFor();
    const expiredFirst = Array.from({ length: CERTIFICATES }, (_, i) => i).filter(expired).map(name);
    const named = [...(await notice.textContent() ?? '').matchAll(/c\d{4}\.many\.example/g)].map((m) => m[0]);
    assert.deepEqual(named.sort(), [...expiredFirst].sort(), 'the ten named are the expired ones');

    // The table: the newest 10 (certificate 999 down to 990), and a count of the rest.
    await mine().getByText(`Showing 10 of ${CERTIFICATES} certificates, newest first.`).waitFor();
    assert.deepEqual(await rowNames(), Array.from({ length: 10 }, (_, k) => `${name(999 - k)}, www.${name(999 - k)}`));
    await mine().getByText(`${ACCOUNTS} accounts stored in this browser`, { exact: false }).waitFor();
    await world.browser.shot('1000 certificates');

    // "Show more" adds the next 10.
    await mine().getByRole('button', { name: 'Show 10 more' }).click();
    await mine().getByText(`Showing 20 of ${CERTIFICATES} certificates, newest first.`).waitFor();
    assert.equal((await rowNames()).at(-1), `${name(980)}, www.${name(980)}`);

    // Only the due ones: expired first (most overdue), then those in their window; 10 at a time.
    await notice.getByRole('button', { name: `Show only these ${DUE}` }).click();
    await mine().getByText(`Showing 10 of ${DUE} due certificates, newest first by urgency.`).waitFor();
    const due = await rowNames();
    const dueSet = new Set(Array.from({ length: CERTIFICATES }, (_, i) => i).filter((i) => expired(i) || dueSoon(i)).map((i) => `${name(i)}, www.${name(i)}`));
    assert.ok(due.every((n) => dueSet.has(n)), 'only due certificates listed');
    assert.deepEqual(due.slice(0, 10).sort(), expiredFirst.map((n) => `${n}, www.${n}`).sort(), 'the ten expired ones first');
    for (let shown = 10; shown < DUE; shown += 10) {
      await mine().getByRole('button', { name: `Show ${Math.min(10, DUE - shown)} more` }).click();
      await mine().getByText(`Showing ${Math.min(shown + 10, DUE)} of ${DUE} due certificates`, { exact: false }).waitFor();
    }
    assert.equal(new Set(await rowNames()).size, DUE);

    // Still answering the user: the form checks names as they are typed, and a certificate's files open.
    await page().getByLabel('Domain names').fill('bad_name..example.com');
    await page().locator('#names-err').getByRole('alert').filter({ hasText: 'bad_name..example.com' }).waitFor();
    await mine().locator('tbody tr').filter({ has: page().locator('td.names') }).first().getByRole('button', { name: 'Files' }).click();
    await mine().getByRole('button', { name: 'Download fullchain.pem' }).waitFor();
    assert.deepEqual(world.browser.blocked, []);
    assert.deepEqual(world.browser.errors, []);
  });
});
