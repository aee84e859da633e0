// Words a visitor may read, made in the layers that run without lit (acme, crypto, dns). They come out in English
// there and in Node; the page hands in its catalogue's lookup (lit's msg), and the same call then comes out in the
// visitor's language. The two brands are what lit-localize's extractor looks for, so these calls land in the
// catalogue with the rest of the page's words. This module imports nothing, so every layer may use it.

/** What `str` makes: the shape lit's own `str` makes, so lit's `msg` takes it as it is. */
export interface StrResult {
  strTag: true;
  strings: TemplateStringsArray;
  values: unknown[];
}

export type Template = string | StrResult;
type Lookup = (template: Template) => string;

let lookup: Lookup | undefined;

/** The page calls this once its catalogue is configured; undefined goes back to plain English. */
export function useCatalogue(fn: Lookup | undefined): void {
  lookup = fn;
}

function english(template: Template): string {
  if (typeof template === 'string') return template;
  let out = template.strings[0] ?? '';
  for (let i = 1; i < template.strings.length; i++) out += String(template.values[i - 1]) + template.strings[i];
  return out;
}

type MsgFn = ((template: Template, options?: { id?: string; desc?: string }) => string) & { _LIT_LOCALIZE_MSG_?: never };
type StrFn = ((strings: TemplateStringsArray, ...values: unknown[]) => StrResult) & { _LIT_LOCALIZE_STR_?: never };

/** A sentence a visitor may read: `msg('Plain words.')` or `msg(str\`With ${value} in it.\`)`. */
export const msg: MsgFn = (template) => (lookup ? lookup(template) : english(template));

export const str: StrFn = (strings, ...values) => ({ strTag: true, strings, values });
