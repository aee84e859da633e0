// Finds words a visitor would read that do not go through the message catalogue (msg() from @lit/localize):
// text and visible attributes in html`` templates, and strings that read like prose, in src/ui, src/flow and the
// layers below them (src/acme, src/crypto, src/dns use src/words for the same catalogue).
//   node --import tsx scripts/i18n-bare.ts [file…]     prints each one as file:line: text; exits 1 if any
// A value that must stay the same in every language (a file name, a command, a header) is marked with a comment
// holding `i18n-exempt` on its line or the line above; a whole file with `i18n-exempt-file` near its top.
import ts from 'typescript';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Bare { file: string; line: number; text: string }

const ROOTS = ['src/ui', 'src/flow', 'src/acme', 'src/crypto', 'src/dns'];
/** Attributes whose values are read out or shown. */
const VISIBLE_ATTRS = /\b(aria-label|aria-description|aria-roledescription|aria-valuetext|title|placeholder|alt|label)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/gi;
/** Elements whose content is a value (a file name, a command), the same in every language. */
const VERBATIM = /<(code|kbd|pre|samp)\b[^>]*>[\s\S]*?<\/\1>/gi;
/** A word a translation could change: lower-case letters in it. Acronyms (CSR, HTTP-01, DNS) stay as they are. */
const WORD = /[A-Za-z]*[a-z][A-Za-z]*/g;
const KEEP = new Set(['certpage']);
/** Strings outside templates that read as prose: two words with a space, or one capitalised word. */
const PROSE = /[A-Za-z]*[a-z]{2,}[A-Za-z]*[,.:;!?'’…)]*\s+[(“"']?[A-Za-z]{2,}|^[A-Z][a-z]+[.…:!?]?$/;

export function listFiles(roots = ROOTS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
    }
  };
  roots.forEach(walk);
  return out.sort();
}

function words(text: string): string[] {
  return (text.match(WORD) ?? []).filter((w) => w.length > 1 && !KEEP.has(w));
}

/** What a visitor reads in an html`` template's fixed parts; `\u0001` stands for each ${…}. */
function templateText(fixed: string): string[] {
  const found: string[] = [];
  const noComments = fixed.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of noComments.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    for (const m of tag.matchAll(VISIBLE_ATTRS)) {
      const value = m[2] ?? m[3] ?? m[4] ?? '';
      if (words(value).length) found.push(`${m[1]}="${value}"`);
    }
  }
  const text = noComments.replace(VERBATIM, ' ').replace(/<\/?[a-zA-Z][^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
  for (const piece of text.split('\u0001')) if (words(piece).length) found.push(piece.trim().replace(/\s+/g, ' '));
  return found;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${ts.isIdentifier(e.expression) ? e.expression.text : '?'}.${e.name.text}`;
  return '';
}

/** Places where a string is a key or a code, never shown. */
function isCodePosition(node: ts.Node): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isPropertyAssignment(p) && p.name === node) return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
  if (ts.isCaseClause(p)) return true;
  if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.InKeyword].includes(p.operatorToken.kind)) return true;
  if (ts.isLiteralTypeNode(p) || ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  return false;
}

function exempt(lines: string[], line: number): boolean {
  return /i18n-exempt/.test(lines[line] ?? '') || /i18n-exempt/.test(lines[line - 1] ?? '');
}

export function findBare(file: string): Bare[] {
  const source = readFileSync(file, 'utf8');
  const lines = source.split('\n');
  if (lines.slice(0, 12).some((l) => /i18n-exempt-file/.test(l))) return [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Bare[] = [];
  const report = (node: ts.Node, text: string) => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
    if (!exempt(lines, line)) out.push({ file, line: line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name === 'msg' || name.startsWith('console.') || node.expression.kind === ts.SyntaxKind.ImportKeyword) return;
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag.getText(sf);
      if (tag === 'css' || tag === 'str' || tag === 'svg') return;
      if (tag === 'html') {
        const t = node.template;
        const fixed = ts.isNoSubstitutionTemplateLiteral(t) ? t.text : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join('\u0001');
        for (const text of templateText(fixed)) report(node, text);
        if (!ts.isNoSubstitutionTemplateLiteral(t)) t.templateSpans.forEach((s) => visit(s.expression));
        return;
      }
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !isCodePosition(node)) {
      if (PROSE.test(node.text)) report(node, node.text);
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const fixed = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (PROSE.test(fixed)) report(node, node.getText(sf).slice(0, 120));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.length > 2 ? process.argv.slice(2) : listFiles();
  const bare = files.flatMap(findBare);
  for (const b of bare) console.log(`${relative(process.cwd(), b.file)}:${b.line}: ${b.text}`);
  console.error(`${bare.length} bare string(s) in ${new Set(bare.map((b) => b.file)).size} file(s)`);
  process.exit(bare.length ? 1 : 0);
}
