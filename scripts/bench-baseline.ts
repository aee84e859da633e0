// The baseline build for `npm run bench`: a git ref exported with `git archive` into .cache/bench/baseline-<sha>/
// (never a worktree: the repository's own metadata is left alone), node_modules shared with the working tree when
// both package-lock.json files are the same (else `npm ci --prefer-offline` from the npm cache), then `vite build`.
// The build is kept and reused while the ref points at the same commit; --fresh rebuilds it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Build {
  /** Short label for tables. */
  label: string;
  /** The folder with src/, scripts/ and dist/. */
  dir: string;
  /** The commit, or "working tree". */
  commit: string;
}

function run(cmd: string, args: string[], cwd: string, what: string): void {
  const res = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error(`bench: ${what} failed (${cmd} ${args.join(' ')}: exit ${res.status ?? res.signal})`);
}

/** `vite build` of the hosted page (dist/ with its service worker) in `dir`. */
export function buildPage(dir: string): void {
  run(join(dir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], dir, `vite build in ${dir}`);
}

export function prepareBaseline(root: string, ref: string, opts: { fresh?: boolean } = {}): Build {
  let sha: string;
  try {
    sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new Error(`bench: --baseline ${ref} is not a commit in this repository`);
  }
  const dir = join(root, '.cache', 'bench', `baseline-${sha.slice(0, 12)}`);
  const marker = join(dir, '.bench-built');
  const build: Build = { label: `baseline ${sha.slice(0, 7)}`, dir, commit: sha };
  if (!opts.fresh && existsSync(marker) && existsSync(join(dir, 'dist', 'index.html'))) return build;

  console.log(`bench: building the baseline ${ref} (${sha.slice(0, 7)}) in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive --format=tar ${sha} | tar -x -C '${dir}'`], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (archive.status !== 0) throw new Error(`bench: git archive ${sha} failed`);

  const lock = (d: string) => (existsSync(join(d, 'package-lock.json')) ? readFileSync(join(d, 'package-lock.json'), 'utf8') : '');
  if (lock(dir) && lock(dir) === lock(root) && existsSync(join(root, 'node_modules'))) {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir, 'npm ci for the baseline');
  }
  buildPage(dir);
  writeFileSync(marker, `${sha}\n`);
  return build;
}
