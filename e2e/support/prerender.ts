// The prerendered form in index.html: what the app shows a new visitor before any storage answers (its header and
// the setup form), written out as plain HTML and CSS so the browser paints it before the page's code has run.
// `npm run prerender` (scripts/prerender.ts) writes it from the running app; e2e/prerender.test.ts fails when the
// committed copy no longer matches what the app renders.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const root = join(import.meta.dirname, '../..');
export const INDEX_HTML = join(root, 'index.html');
export const PRERENDER_CSS = join(root, 'src/ui/prerender.css');
const START = '<!-- prerender: written by `npm run prerender`, do not edit -->';
const END = '<!-- /prerender -->';
/**
 * The copy's last element. index.html's `<link rel="expect" href="#prerender-end" blocking="render">` holds the first
 * paint until the parser has reached it, so no frame is spent on a half-parsed form.
 */
export const PRERENDER_END = '<i id="prerender-end" hidden></i>';

export interface Prerender {
  html: string;
  css: string;
}

/** The app's header and main view as they are shown now, flattened out of their shadow roots. */
export async function snapshot(page: Page): Promise<Prerender> {
  await page.evaluate('globalThis.__name ??= (fn) => fn'); // tsx (esbuild keepNames) wraps named functions in __name()
  return page.evaluate(flatten);
}

/**
 * Runs in the page. Each element with a shadow root becomes `<pre-TAG>` holding its shadow content, and its adopted
 * style sheets are scoped to it (`:host` → `pre-TAG`, any other selector → `pre-TAG sel`).
 * Elements that are empty until something rare happens (banners, problems) are left out, and so is everything after
 * <main> (the panels, which show "Loading…" until their code is in).
 */
function flatten(): Prerender {
  const LEAVE_OUT = new Set(['cp-storage-banner', 'cp-connection', 'cp-origin-note', 'cp-problem', 'style', 'script']);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const quote = (s: string) => esc(s).replace(/"/g, '&quot;');
  const css: string[] = [];
  const styled = new Set<string>();

  // A component's copy is a <pre-TAG> element: never defined, so the app's code does not upgrade it, and no rule meant
  // for the elements around it (say `header > div`) matches it.
  const scopeSelector = (sel: string, scope: string) => sel.split(',').map((s) => s.trim().replace(/\bcp-[a-z-]+/g, (tag) => `pre-${tag}`))
    .map((s) => (s.startsWith(':host') ? s.replace(':host', scope) : `${scope} ${s}`)).join(', ');
  const scopeRule = (rule: CSSRule, scope: string): string => {
    if (rule instanceof CSSStyleRule) return `${scopeSelector(rule.selectorText, scope)} { ${rule.style.cssText} }`;
    if (rule instanceof CSSMediaRule) return `@media ${rule.conditionText} { ${[...rule.cssRules].map((r) => scopeRule(r, scope)).join(' ')} }`;
    throw new Error(`prerender: cannot scope ${rule.cssText.slice(0, 60)}`);
  };
  // Only rules that reach something in the copy as it stands (states such as :focus-visible aside): the rest (tables,
  // badges, problems) cannot change how it looks, and would only make the page's first download bigger.
  const reaches = (rule: CSSRule, root: ShadowRoot): boolean => {
    if (rule instanceof CSSMediaRule) return [...rule.cssRules].some((r) => reaches(r, root));
    if (!(rule instanceof CSSStyleRule)) return true;
    return rule.selectorText.split(',').some((sel) => sel.trim().startsWith(':host')
      || root.querySelector(sel.replace(/:(?!not\()[\w-]+/g, '') || '*') !== null);
  };
  // A rule the outer <cp-app> copy already has reaches every element inside it: the shared base styles it uses are
  // not written again for the components within. (Only :host rules are each component's own.)
  const outer = new Set<string>();
  const styles = (host: Element) => {
    const root = host.shadowRoot;
    if (!root || styled.has(host.localName)) return;
    styled.add(host.localName);
    for (const sheet of root.adoptedStyleSheets) {
      for (const rule of sheet.cssRules) {
        const own = rule instanceof CSSStyleRule && rule.selectorText.startsWith(':host');
        if (!reaches(rule, root) || (!own && outer.has(rule.cssText))) continue;
        if (host.localName === 'cp-app') outer.add(rule.cssText);
        css.push(scopeRule(rule, `pre-${host.localName}`));
      }
    }
  };

  const out: string[] = [];
  const attributes = (el: Element): string => {
    const list = [...el.attributes].map((a) => [a.name, a.value]);
    const set = (name: string, value: string | undefined) => {
      const i = list.findIndex(([n]) => n === name);
      if (i >= 0) list.splice(i, 1);
      if (value !== undefined) list.push([name, value]);
    };
    // What lit sets as properties is written as attributes, so the copy starts with the same values.
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') set('checked', el.checked ? '' : undefined);
      else set('value', el.value || undefined);
    }
    if (el instanceof HTMLOptionElement) set('selected', el.selected ? '' : undefined);
    return list.map(([n, v]) => (v === '' ? ` ${n}` : ` ${n}="${quote(v ?? '')}"`)).join('');
  };
  const walk = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) { out.push(esc(node.textContent ?? '')); return; }
    if (!(node instanceof Element) || LEAVE_OUT.has(node.localName)) return;
    // The language switch lists the other languages only after the first paint (language.ts).
    if (node instanceof HTMLOptionElement && node.hasAttribute('lang') && !node.selected) return;
    if (node.shadowRoot) {
      styles(node);
      out.push(`<pre-${node.localName}>`);
      node.shadowRoot.childNodes.forEach(walk);
      out.push(`</pre-${node.localName}>`);
      return;
    }
    out.push(`<${node.localName}${attributes(node)}>`);
    if (node instanceof HTMLTextAreaElement) out.push(esc(node.value));
    else node.childNodes.forEach(walk);
    if (!['input', 'br', 'img'].includes(node.localName)) out.push(`</${node.localName}>`);
  };

  const app = document.querySelector('cp-app');
  if (!app?.shadowRoot) throw new Error('prerender: <cp-app> has not rendered');
  styles(app);
  const parts = [...app.shadowRoot.children].filter((el) => el.localName === 'header' || el.localName === 'main');
  if (parts.length !== 2) throw new Error('prerender: <cp-app> has no header and main');
  parts.forEach(walk);
  // Before the stored issuance is read, <main> is busy; by the time of the snapshot it may have settled.
  // Runs of whitespace between tags carry nothing the form shows: one newline keeps the file readable.
  const html = out.join('').replace('<main aria-busy="false">', '<main aria-busy="true">').replace(/>\s+</g, '>\n<').replace(/[ \t]+\n/g, '\n');
  return { html, css: `${css.join('\n')}\n` };
}

/** The prerendered markup as index.html holds it now ('' when it has none). */
export function committedHtml(text = readFileSync(INDEX_HTML, 'utf8')): string {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return '';
  const block = text.slice(start + START.length, end);
  const html = /<pre-cp-app id="prerender">\n?([\s\S]*)<\/pre-cp-app>\s*$/.exec(block)?.[1]?.trim() ?? '';
  return html.endsWith(PRERENDER_END) ? html.slice(0, -PRERENDER_END.length).trim() : html;
}

const CSS_HEAD = "/* Written by `npm run prerender` from the components' styles: the prerendered form's look. Do not edit. */\n";

/** The stylesheet file for a snapshot's CSS. */
export const cssFile = (css: string): string => CSS_HEAD + css;

export function committedCss(): string {
  try { return readFileSync(PRERENDER_CSS, 'utf8'); } catch { return ''; }
}

/** Writes the snapshot into index.html (inside <cp-app>) and src/ui/prerender.css. */
export function writePrerender(p: Prerender): void {
  const text = readFileSync(INDEX_HTML, 'utf8');
  const block = `${START}<pre-cp-app id="prerender">\n${p.html.trim()}\n${PRERENDER_END}</pre-cp-app>${END}`;
  const start = text.indexOf(START);
  const next = start >= 0
    ? text.slice(0, start) + block + text.slice(text.indexOf(END) + END.length)
    : text.replace('<cp-app></cp-app>', `<cp-app>${block}</cp-app>`);
  if (next === text && start < 0) throw new Error('prerender: index.html has no <cp-app></cp-app> to fill');
  writeFileSync(INDEX_HTML, next);
  writeFileSync(PRERENDER_CSS, cssFile(p.css));
}
