// The test as a user: every action goes through here so the test can count what a person has to do.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface ActionCount {
  clicks: number;
  fields: number;
  copies: number;
  placed: number;
}

export class User {
  readonly count: ActionCount = { clicks: 0, fields: 0, copies: 0, placed: 0 };
  constructor(readonly page: Page) {}

  get total(): number {
    const c = this.count;
    return c.clicks + c.fields + c.copies + c.placed;
  }

  async fill(target: Locator, text: string): Promise<void> {
    await target.fill(text);
    this.count.fields += 1;
  }

  async click(target: Locator): Promise<void> {
    await target.click();
    this.count.clicks += 1;
  }

  /** Choose files in one file dialog (one action, however many files). */
  async choose(target: Locator, paths: string[]): Promise<void> {
    await target.setInputFiles(paths);
    this.count.fields += 1;
  }

  async select(target: Locator, label: string): Promise<void> {
    await target.selectOption({ label });
    this.count.clicks += 1;
  }

  /** Copy a value the page shows (its Copy button), and return it as the clipboard would. */
  async copy(scope: Locator | Page, label: string): Promise<string> {
    const value = (await scope.getByRole('textbox', { name: label, exact: true }).textContent()) ?? '';
    await scope.getByRole('button', { name: `Copy ${label}`, exact: true }).click();
    this.count.copies += 1;
    return value;
  }

  placed(n = 1): void {
    this.count.placed += n;
  }
}

/**
 * Run the page's shell command as a user would on the web server, with the web root moved to a temp dir,
 * and return the files it wrote (token → content).
 */
export function runShellCommand(command: string): Map<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'certpage-webroot-'));
  execFileSync('sh', ['-c', command.replaceAll('/var/www/html', root)]);
  const dir = join(root, '.well-known', 'acme-challenge');
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Point the page's DNS checks at one resolver (test set-up: the defaults are public and must not be asked). */
export async function useResolver(page: Page, url: string): Promise<void> {
  const section = page.getByRole('region', { name: 'DNS checks' });
  await section.getByRole('list', { name: 'Resolvers' }).waitFor({ state: 'attached' });
  // One at a time, waiting for each to go, so no click lands on a list that is re-rendering.
  for (let left = await section.getByRole('button', { name: /^Remove / }).count(); left > 0; left--) {
    const first = section.getByRole('button', { name: /^Remove / }).first();
    const label = await first.getAttribute('aria-label');
    await first.click();
    await section.getByRole('button', { name: label ?? '', exact: true }).waitFor({ state: 'detached' });
  }
  await section.getByLabel('Resolver URL').fill(url);
  await section.getByRole('button', { name: 'Add resolver' }).click();
  await section.getByText(url).waitFor();
  const left = await section.getByRole('button', { name: /^Remove / }).count();
  if (left !== 1) throw new Error(`expected only the test resolver, found ${left}`);
  // Allow the checks (the page asks before its first look-up; this is the answer, given in the settings). Builds from
  // before that question had no such choice.
  const on = section.getByLabel('On: check through the resolvers below');
  if (await on.count()) await on.check();
}

/** The cards of the order on screen that wait for the user (not the ones the CA took as valid already). */
export function waitingCards(page: Page): Locator {
  return page.locator('cp-challenges section.card').filter({ has: page.locator('.badge', { hasText: /^Waiting for you$/ }) });
}

/**
 * Place the files of every waiting HTTP-01 card and submit them: the one command and "submit all" when two or more
 * wait, the card's own file and button when one does. A renewal may find fewer waiting than names, since Pebble
 * reuses a valid authorization now and then even at authzReuse 0 (see test/support/pebble.ts). Returns how many
 * files were placed.
 */
export async function proveWaiting(user: User, stack: { addHttp01(token: string, body: string): Promise<void> }): Promise<number> {
  const page = user.page;
  const cards = waitingCards(page);
  const n = await cards.count();
  if (n >= 2) {
    const files = runShellCommand(await user.copy(page, 'Command for all files'));
    for (const [token, body] of files) await stack.addHttp01(token, body);
    user.placed(files.size);
    await user.click(page.getByRole('button', { name: 'All in place: submit all' }));
    return files.size;
  }
  if (n === 1) {
    const card = cards.first();
    await stack.addHttp01(await user.copy(card, 'File name'), await user.copy(card, 'File content'));
    user.placed();
    await user.click(card.getByRole('button', { name: 'The file is in place' }));
  }
  return n;
}

/** As a first-time user: the CA's directory URL, then the terms of service ticked. */
export async function connectToCa(user: User, directoryUrl: string): Promise<void> {
  await user.fill(user.page.getByLabel('Directory URL'), directoryUrl);
  await user.page.getByText('Connected.').waitFor();
  await user.click(user.page.getByLabel("I agree to the CA's terms of service"));
}

/**
 * Several names on one web server, over HTTP-01: order them, run the page's one command (challtestsrv then
 * serves what it wrote), submit all, and wait for the certificate.
 */
export async function issueWithOneCommand(user: User, stack: { addHttp01(token: string, body: string): Promise<void> }, names: string[], shot?: (name: string) => Promise<unknown>): Promise<void> {
  const page = user.page;
  await user.fill(page.getByLabel('Domain names'), names.join('\n'));
  await user.click(page.getByRole('button', { name: 'Create order' }));
  await page.getByRole('heading', { name: `Prove you control these ${names.length} names` }).waitFor();
  await shot?.('challenges');
  const placed = await proveWaiting(user, stack);
  if (placed !== names.length) throw new Error(`placed ${placed} files for ${names.length} names`);
  await page.getByRole('heading', { name: 'Your certificate is ready' }).waitFor({ timeout: 60_000 });
}
