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
