// The page's colours (src/ui/theme.css), light and dark, against WCAG 2.2 AA: every text colour on every background
// it is used on at least 4.5:1 (1.4.3), and the colours that outline fields, buttons, focus and states at least 3:1
// against what surrounds them (1.4.11). axe checks the rendered page too (e2e/a11y-*.test.ts); this names the pair.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const css = readFileSync(join(import.meta.dirname, '../../src/ui/theme.css'), 'utf8');

/** The custom properties of the first `:root { … }` after `from` in the stylesheet. */
function variables(from: number): Map<string, string> {
  const start = css.indexOf(':root', from);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return new Map([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1] ?? '', (m[2] ?? '').toLowerCase()]));
}

const light = variables(0);
const darkAt = css.indexOf('prefers-color-scheme: dark');
assert.ok(darkAt > 0, 'theme.css has a dark scheme');
const dark = new Map([...light, ...variables(darkAt)]);

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour → the backgrounds it is drawn on. */
const TEXT: Record<string, string[]> = {
  fg: ['bg', 'card', 'field', 'code', 'accent-soft', 'bad-bg'], // body text everywhere
  muted: ['bg', 'card', 'field', 'code', 'accent-soft', 'bad-bg'], // hints, table heads, the header's line, the footer
  accent: ['bg', 'card', 'field', 'code', 'accent-soft'], // links, summaries, busy badges, the step numbers
  good: ['bg', 'card', 'code'], // "Connected.", valid badges, done steps
  bad: ['bg', 'card', 'field', 'code', 'bad-bg'], // field errors, failed badges and steps
  'on-accent': ['accent'], // primary buttons
};

/** Colours that outline something the user must see (a field, a button, the focus ring, a state) → their surroundings. */
const NON_TEXT: Record<string, string[]> = {
  'border-strong': ['bg', 'card', 'field'], // fields and buttons
  accent: ['bg', 'card', 'code', 'field'], // the focus ring, primary buttons, the current step
  bad: ['card', 'field', 'code'], // invalid fields, problem boxes, a failed check
  good: ['card', 'code'], // a passed check
  warn: ['card', 'code'], // a check still waiting, the CAA warning
};

for (const [scheme, vars] of [['light', light], ['dark', dark]] as const) {
  test(`${scheme} theme: text passes WCAG AA (4.5:1) on every background it is used on`, () => {
    const failing: string[] = [];
    for (const [fg, backgrounds] of Object.entries(TEXT)) {
      for (const bg of backgrounds) {
        const [a, b] = [vars.get(fg), vars.get(bg)];
        assert.ok(a && b, `--${fg} and --${bg} are defined`);
        const ratio = contrast(a, b);
        if (ratio < 4.5) failing.push(`--${fg} ${a} on --${bg} ${b}: ${ratio.toFixed(2)}:1`);
      }
    }
    assert.deepEqual(failing, []);
  });

  test(`${scheme} theme: borders, focus ring and state colours stand out 3:1 from their surroundings`, () => {
    const failing: string[] = [];
    for (const [fg, around] of Object.entries(NON_TEXT)) {
      for (const bg of around) {
        const [a, b] = [vars.get(fg), vars.get(bg)];
        assert.ok(a && b, `--${fg} and --${bg} are defined`);
        const ratio = contrast(a, b);
        if (ratio < 3) failing.push(`--${fg} ${a} against --${bg} ${b}: ${ratio.toFixed(2)}:1`);
      }
    }
    assert.deepEqual(failing, []);
  });
}

test('the contrast formula matches WCAG: black on white is 21:1, white on #767676 just passes AA', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(1), '21.0');
  assert.ok(contrast('#ffffff', '#767676') >= 4.5);
  assert.ok(contrast('#ffffff', '#777777') < 4.5);
});

test('no colour in the components is written as a literal: they all come from the theme', () => {
  const ui = join(import.meta.dirname, '../../src/ui');
  const literal: string[] = [];
  for (const file of readdirSync(ui).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(ui, file), 'utf8');
    // A hex colour in CSS (not an HTML character reference such as &#10;).
    for (const m of text.matchAll(/(?<!&)#[0-9a-f]{3,8}\b(?=[;\s)])/gi)) literal.push(`${file}: ${m[0]}`);
  }
  assert.deepEqual(literal, [], 'a literal colour is not checked in both themes: add it to theme.css');
});
