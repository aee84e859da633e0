// Serves the built page (dist/, made by `node scripts/test.mjs e2e` or `npm run build`) on 127.0.0.1.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveDir, type StaticServer } from './static-server.ts';

/** dist/, or another build to test (E2E_DIST, e.g. an earlier release built elsewhere, to show a test failing before a fix). */
export const distDir = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : resolve(import.meta.dirname, '../../dist');

/** Serve `dir` (default: dist/). `url` ends with a slash and loads index.html. */
export async function startApp(opts: { dir?: string } = {}): Promise<StaticServer> {
  const dir = opts.dir ?? distDir;
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${join(dir, 'index.html')} is missing: build the page first with \`npm run build\` `
      + '(or run the e2e tier through `node scripts/test.mjs e2e`, which builds it)');
  }
  return serveDir(dir);
}
