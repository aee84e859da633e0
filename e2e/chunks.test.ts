// The built chunks import each other without a cycle. In a cycle, whichever chunk the browser reaches first decides
// the order the chunks run in, and a chunk can then call into one whose top level has not run yet (seen: the worker's
// registration read an array that was still undefined, "t is not iterable", on some visits only).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { distDir } from './support/app.ts';

/** A chunk that only re-exports another's names (the bundler's face for a lazily imported module): no code of its own. */
const FACADE = /^(?:export\s*\{[^}]*\}\s*from\s*["'`]\.\/[^"'`]+["'`];?\s*)+$/;

/**
 * Each chunk's static imports of other chunks (`import … from "./x.js"`, `import "./x.js"`), by file name. A facade
 * has none: it runs no code, so reaching it in the middle of a cycle cannot call anything too early.
 */
function staticImports(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const code = readFileSync(join(dir, name), 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, '').trim();
    if (FACADE.test(code)) {
      graph.set(name, []);
      continue;
    }
    const deps = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)].map((m) => m[1] ?? '');
    graph.set(name, [...new Set(deps)]);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const d of graph.get(n) ?? []) {
      const found = visit(d);
      if (found) return found;
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of graph.keys()) {
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}

test('no two chunks of the build import each other, directly or through others', () => {
  const graph = staticImports(join(distDir, 'assets'));
  assert.ok(graph.size > 5, `chunks found in ${distDir}/assets`);
  assert.ok([...graph.values()].some((d) => d.length > 0), 'the import pattern finds imports');
  assert.ok([...graph.values()].some((d) => d.length === 0), 'some chunks import nothing (or are facades)');
  const cycle = findCycle(graph);
  assert.equal(cycle, undefined, `a cycle of chunk imports: ${cycle?.join(' → ')}`);
});
