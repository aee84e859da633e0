// The prerendered form: index.html holds a copy of the setup form (written by `npm run prerender`) that the browser
// paints before the page's code has run. Whatever the visitor does in it meanwhile is handed to the app: what they
// typed or chose, where the cursor was, and a Create order pressed before the app could act on it.

/** What the visitor changed in the prerendered form, by field id (radios as `name:index`). */
export interface EarlyInput {
  fields: Map<string, string | boolean>;
  focus?: { id: string; start: number | null; end: number | null };
  /** Create order was pressed. */
  submitted: boolean;
}

const prerendered = (): HTMLElement | null => document.getElementById('prerender');

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function changed(el: Field): boolean {
  if (el instanceof HTMLSelectElement) return [...el.options].some((o) => o.selected !== o.defaultSelected);
  if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) return el.checked !== el.defaultChecked;
  return el.value !== el.defaultValue;
}

function keyOf(el: Field, pre: HTMLElement): string | undefined {
  if (el instanceof HTMLInputElement && el.type === 'radio') {
    const group = [...pre.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
    return `${el.name}:${group.indexOf(el)}`;
  }
  return el.id || undefined;
}

/** What the visitor did in the prerendered form; undefined when the page has no such form (any more). */
export function takeEarlyInput(): EarlyInput | undefined {
  const pre = prerendered();
  if (!pre) return undefined;
  const fields = new Map<string, string | boolean>();
  // i18n-exempt: a CSS selector
  for (const el of pre.querySelectorAll<Field>('input, select, textarea')) {
    const key = keyOf(el, pre);
    if (!key || !changed(el)) continue;
    fields.set(key, el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value);
  }
  const active = document.activeElement;
  const early: EarlyInput = { fields, submitted: pre.querySelector('form')?.dataset.submitted !== undefined };
  if (active instanceof HTMLElement && pre.contains(active) && active.id) {
    const text = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement;
    let start: number | null = null;
    let end: number | null = null;
    try { if (text) ({ selectionStart: start, selectionEnd: end } = active); } catch { /* no selection on this input type */ }
    early.focus = { id: active.id, start, end };
  }
  return early;
}

/** The app has rendered: the copy goes (it is not shown under <cp-app>'s shadow root, but would still be found). */
export function dropPrerender(): void {
  prerendered()?.remove();
}
