// Every word of the page goes through the message catalogue, and every catalogue is complete and current: no bare
// English left in src (ui, flow, acme, crypto, dns), every message translated in each xliff file, and src/locales built from them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { findBare, listFiles } from '../../scripts/i18n-bare.ts';

const config = JSON.parse(readFileSync('lit-localize.json', 'utf8')) as {
  targetLocales: string[];
  inputFiles: string[];
  interchange: { xliffDir: string };
  output: { outputDir: string; localeCodesModule: string };
};
const UNIT = /<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>(?:\s*<target>([\s\S]*?)<\/target>)?/g;
const units = (xml: string) => [...xml.matchAll(UNIT)].map(([, id, source, target]) => ({ id: id!, source: source!, target }));

describe('the message catalogue', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'certpage-i18n-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  // lit-localize reads paths relative to its config file, so the copy in tmp names the sources absolutely.
  const sources = { inputFiles: config.inputFiles.map((glob) => resolve(glob)), interchange: { ...config.interchange, xliffDir: resolve(config.interchange.xliffDir) } };
  const tool = (cmd: 'extract' | 'build', changes: object) => {
    const path = join(tmp, `${cmd}.json`);
    writeFileSync(path, JSON.stringify({ ...config, ...sources, ...changes }));
    execFileSync('npx', ['lit-localize', cmd, '--config', path], { stdio: 'pipe' });
  };

  test('no word a visitor reads bypasses it (scripts/i18n-bare.ts)', () => {
    const bare = listFiles().flatMap(findBare);
    assert.deepEqual(bare.map((b) => `${b.file}:${b.line}: ${b.text}`), []);
  });

  test('the checker finds bare words in templates, visible attributes and prose, and lets msg() and values pass', () => {
    const path = join(tmp, 'sample.ts');
    writeFileSync(path, [
      "const a = html`<p>Ready to go</p><button aria-label=\"Close it\">${x}</button>`;",
      "const b = html`<p>${msg('Fine')}</p><code>fullchain.pem</code>`;",
      "const c = 'Something went wrong.';",
      "const d = msg(str`Seen by ${n} resolvers`);",
      "const e = 'application/jose+json'; // a value, not prose",
      "const f = 'sudo systemctl reload nginx'; // i18n-exempt: a command",
    ].join('\n'));
    assert.deepEqual(findBare(path).map((b) => [b.line, b.text]), [
      [1, 'aria-label="Close it"'], [1, 'Ready to go'], [3, 'Something went wrong.'],
    ]);
  });

  test('every message is translated in each language, and the built catalogues are current', () => {
    tool('extract', { interchange: { ...config.interchange, xliffDir: join(tmp, 'xliff') } });
    assert.ok(units(readFileSync(join(tmp, 'xliff', `${config.targetLocales[0]}.xlf`), 'utf8')).length > 0, 'the fresh extract found the messages');
    tool('build', { output: { ...config.output, outputDir: join(tmp, 'locales'), localeCodesModule: join(tmp, 'locales', 'codes.ts') } });
    for (const code of config.targetLocales) {
      const committed = units(readFileSync(join(config.interchange.xliffDir, `${code}.xlf`), 'utf8'));
      const fresh = units(readFileSync(join(tmp, 'xliff', `${code}.xlf`), 'utf8'));
      // The same messages; their order does not matter (npm run i18n adds new ones at the end).
      assert.deepEqual(committed.map((u) => u.id).sort(), fresh.map((u) => u.id).sort(), `${code}.xlf holds the page's current messages (run npm run i18n)`);
      assert.deepEqual(committed.filter((u) => !u.target?.trim()).map((u) => `${u.id}: ${u.source}`), [], `every message has a ${code} translation`);
      assert.equal(readFileSync(join(config.output.outputDir, `${code}.ts`), 'utf8'), readFileSync(join(tmp, 'locales', `${code}.ts`), 'utf8'),
        `src/locales/${code}.ts is built from ${code}.xlf (run npm run i18n)`);
    }
  });
});

describe('the language a visitor gets', () => {
  test('a choice made in the page wins; else the first of the browser languages the page has; else English', async () => {
    const { preferredLocale } = await import('../../src/ui/locale.ts');
    assert.equal(preferredLocale('en', ['zh-CN']), 'en');
    assert.equal(preferredLocale('zh-CN', ['en-US']), 'zh-CN');
    assert.equal(preferredLocale(null, ['zh-CN', 'en']), 'zh-CN');
    assert.equal(preferredLocale(null, ['zh-TW']), 'zh-CN');
    assert.equal(preferredLocale(null, ['de-DE', 'en-GB', 'zh']), 'en');
    assert.equal(preferredLocale(null, ['de-DE', 'fr']), 'en');
    assert.equal(preferredLocale('xx', ['zh']), 'zh-CN', 'an unknown stored value is ignored');
  });
});

describe("index.html's first script: who may see the English prerendered form", () => {
  // It runs before the first paint, so it cannot ask locale.ts; it must decide as preferredLocale() does.
  const html = readFileSync(resolve(import.meta.dirname, '../../index.html'), 'utf8');
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';

  /** Runs the script with this stored choice and these browser languages; true when it hid the page. */
  async function hides(stored: string | null, languages: string[], storage = true): Promise<boolean> {
    const { runInNewContext } = await import('node:vm');
    const attributes = new Set<string>();
    runInNewContext(script, {
      localStorage: { getItem: (key: string) => { if (!storage) throw new Error('storage off'); return key === 'certpage.locale' ? stored : null; } },
      navigator: { languages },
      document: { documentElement: { setAttribute: (name: string) => attributes.add(name) } },
    });
    return attributes.has('data-locale-pending');
  }

  test('hides the page from exactly those whom locale.ts shows another language', async () => {
    assert.ok(script.length > 0, 'index.html has the inline script');
    const { preferredLocale } = await import('../../src/ui/locale.ts');
    const cases: [string | null, string[]][] = [
      ['en', ['zh-CN']], ['zh-CN', ['en-US']], [null, ['zh-CN', 'en']], [null, ['zh-TW']], [null, ['de-DE', 'en-GB', 'zh']],
      [null, ['de-DE', 'fr']], ['xx', ['zh']], [null, []], [null, ['ZH-hk']], [null, ['en']], ['zh-CN', []], [null, ['english']],
    ];
    for (const [stored, languages] of cases) {
      assert.equal(await hides(stored, languages), preferredLocale(stored, languages) !== 'en', `stored ${stored}, languages ${languages.join(',')}`);
    }
    assert.equal(await hides(null, ['zh-CN'], false), true, 'storage that throws: the browser languages decide');
  });
});
