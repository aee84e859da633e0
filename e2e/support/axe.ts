// Accessibility scans with axe-core (through @axe-core/playwright: axe's source comes from node_modules and is
// evaluated in the page through the DevTools protocol, so nothing is fetched and the page's CSP is not involved).
// axe reads open shadow roots itself, so every lit component is part of a scan.
//
// scan() checks what the page shows now at 1280 px and 390 px wide: every rule in the light colour scheme, and the
// rules about colour (contrast, links told apart from text) again in the dark one. It throws when any serious or critical violation is found, listing them. Every finding (moderate and minor too)
// is appended to .cache/a11y/axe-findings.jsonl, so a run can say what remains.
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

export const WIDTHS = [1280, 390] as const;
export const SCHEMES = ['light', 'dark'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, headings, regions). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** What a colour scheme can change; the other rules give the same answer in both. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
const BLOCKING = new Set(['serious', 'critical']);

export interface Finding {
  state: string;
  width: number;
  scheme: Scheme;
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the nodes (shadow paths joined with " >>> "). */
  targets: string[];
}

const reportDir = resolve(import.meta.dirname, '../../.cache/a11y');
const reportFile = join(reportDir, 'axe-findings.jsonl');

function testFile(): string {
  const file = process.argv.find((a) => /\.test\.[cm]?[jt]s$/.test(a)) ?? 'e2e';
  return basename(file).replace(/\.test\.[cm]?[jt]s$/, '');
}

/** Two animation frames: the layout of a new viewport or colour scheme has been computed and painted. */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));
}

function findings(state: string, width: number, scheme: Scheme, results: Result[]): Finding[] {
  return results.map((r) => ({
    state, width, scheme, rule: r.id, impact: r.impact ?? 'unknown', help: r.help,
    targets: r.nodes.map((n) => n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' | ')),
  }));
}

export function describeFindings(list: Finding[]): string {
  return list.map((f) => `  [${f.impact}] ${f.rule} (${f.width} px, ${f.scheme}): ${f.help}\n${f.targets.map((t) => `      ${t}`).join('\n')}`).join('\n');
}

export interface ScanOptions {
  /** Default both widths. */
  widths?: readonly number[];
  /** Default both schemes. */
  schemes?: readonly Scheme[];
  /** Rule ids to leave out for this state, each with a reason (shown in the report). */
  skip?: Record<string, string>;
}

/**
 * Scan the page as it is now. The viewport and colour scheme are put back afterwards. Throws on serious or critical
 * violations; returns every finding.
 */
export async function scan(page: Page, state: string, opts: ScanOptions = {}): Promise<Finding[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const all: Finding[] = [];
  try {
    for (const width of opts.widths ?? WIDTHS) {
      await page.setViewportSize({ width, height: viewport.height });
      for (const scheme of opts.schemes ?? SCHEMES) {
        // Reduced motion: no transition is caught half-way when the colours are measured.
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await settled(page);
        const builder = new AxeBuilder({ page }).setLegacyMode(true);
        if (scheme === 'light') builder.withTags(TAGS);
        else builder.withRules(COLOUR_RULES.filter((r) => !opts.skip?.[r]));
        if (opts.skip && scheme === 'light') builder.disableRules(Object.keys(opts.skip));
        const results = await builder.analyze();
        all.push(...findings(state, width, scheme, results.violations));
      }
    }
  } finally {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: null, reducedMotion: null });
  }
  mkdirSync(reportDir, { recursive: true });
  appendFileSync(reportFile, all.map((f) => `${JSON.stringify({ file: testFile(), ...f })}\n`).join(''));
  const blocking = all.filter((f) => BLOCKING.has(f.impact));
  if (blocking.length && process.env.AXE_SURVEY) console.log(`axe: in "${state}":\n${describeFindings(blocking)}`);
  else if (blocking.length) throw new Error(`axe: ${blocking.length} serious or critical violation(s) in "${state}":\n${describeFindings(blocking)}`);
  return all;
}
