// The page's language. English is written in the code; other languages are catalogues under src/locales, made
// from xliff/<code>.xlf by `npm run i18n`, and loaded only for a visitor who reads them.
import { configureLocalization, msg } from '@lit/localize';
import { sourceLocale, targetLocales } from '../locales/codes.ts';
import { useCatalogue } from '../words/words.ts';

export type Locale = typeof sourceLocale | (typeof targetLocales)[number];

/** Each language named in itself, in the order the switch lists them (so a reader finds theirs in any language). */
export const LANGUAGES: readonly { code: Locale; name: string }[] = [
  { code: 'en', name: 'English' }, // i18n-exempt: a language's own name
  { code: 'zh-CN', name: '简体中文' },
];

const catalogues: Record<(typeof targetLocales)[number], () => Promise<import('@lit/localize').LocaleModule>> = {
  'zh-CN': () => import('../locales/zh-CN.ts'),
};

const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: (code) => catalogues[code as (typeof targetLocales)[number]](),
});
export { getLocale };
// The layers without lit (acme, crypto, dns) word their messages through the same catalogue.
// (Through a plain function type: the extractor would take a direct msg(template) for a message of its own.)
const lookUp: (template: Parameters<typeof msg>[0]) => unknown = msg;
useCatalogue((template) => String(lookUp(template)));

const KEY = 'certpage.locale';
const known = (code: string | null | undefined): Locale | undefined => LANGUAGES.find((l) => l.code === code)?.code;

/** The language chosen in the page before, else the first of the browser's languages that the page has. */
export function preferredLocale(stored = readChoice(), languages: readonly string[] = navigator.languages): Locale {
  if (known(stored)) return known(stored)!;
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    // Any Chinese: the Simplified catalogue is closer for a Traditional reader than English is.
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  }
  return sourceLocale;
}

function readChoice(): string | null {
  try { return localStorage.getItem(KEY); } catch { return null; } // storage off: the browser's languages decide
}

/**
 * Shows the page in `code` and remembers the choice for the next visit. Rejects, remembering nothing, when the
 * language's catalogue cannot be loaded (offline before the service worker had it); the page stays as it was.
 */
export async function chooseLocale(code: Locale, remember = true): Promise<void> {
  await setLocale(code);
  document.documentElement.lang = code;
  if (remember) {
    try { localStorage.setItem(KEY, code); } catch { /* not remembered; still switched for this visit */ }
  }
}

/**
 * Called once at start. A visitor who reads English sees the page at once; anyone else sees it when the catalogue
 * has loaded (one small file, cached by the service worker), not English first and then their language.
 */
export function startLocale(): void {
  const code = preferredLocale();
  const root = document.documentElement;
  // index.html's first script hides the prerendered (English) form from whoever may read another language.
  if (code === sourceLocale) { delete root.dataset.localePending; return; }
  root.dataset.localePending = '';
  chooseLocale(code, false)
    .catch(() => {}) // the catalogue could not load (offline, not cached): the page stays English and usable
    .finally(() => { delete root.dataset.localePending; });
}
