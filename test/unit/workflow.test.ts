// The deploy workflow keeps least privilege: nothing granted at the top, no job that runs npm may write anything, and
// every action is pinned to a full commit SHA with its version in a comment. Checked on the real file, and shown to
// catch each mistake on changed copies of it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';

const file = join(import.meta.dirname, '../../.github/workflows/pages.yml');
const real = readFileSync(file, 'utf8');

type Permissions = string | Record<string, string> | null | undefined;

interface Step {
  run?: string;
  uses?: string;
}

interface Job {
  permissions?: Permissions;
  steps?: Step[];
  uses?: string; // a reusable workflow
}

interface Workflow {
  permissions?: Permissions;
  jobs?: Record<string, Job>;
}

/** The scopes a permissions value grants write to ('*' for write-all). */
function writes(permissions: Permissions): string[] {
  if (permissions === 'write-all') return ['*'];
  if (!permissions || typeof permissions !== 'object') return [];
  return Object.entries(permissions).filter(([, level]) => level === 'write').map(([scope]) => scope);
}

const NPM = /(^|[\s;&|(`])(npm|npx|pnpm|yarn|corepack)(\s|$)/m;
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

/** What is wrong with a workflow's privileges and pins; empty when nothing is. */
function workflowProblems(text: string): string[] {
  const problems: string[] = [];
  const workflow = parse(text) as Workflow;
  if (!workflow || typeof workflow !== 'object') return ['not a workflow'];

  const top = workflow.permissions;
  if (!('permissions' in workflow)) problems.push('no top-level permissions (the default token may write)');
  else if (!top || typeof top !== 'object' || Object.keys(top).length) problems.push(`top-level permissions must be {} (each job asks for its own), not ${JSON.stringify(top)}`);

  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    const granted = writes('permissions' in job ? job.permissions : top);
    const npm = (job.steps ?? []).some((s) => typeof s.run === 'string' && NPM.test(s.run));
    if (npm && granted.length) problems.push(`job ${name} runs npm with write permissions (${granted.join(', ')})`);
    const uses = [job.uses, ...(job.steps ?? []).map((s) => s.uses)].filter((u): u is string => typeof u === 'string');
    for (const u of uses) {
      if (u.startsWith('./')) continue; // an action of this repository, at this commit
      if (!PINNED.test(u)) problems.push(`job ${name}: ${u} is not pinned to a full commit SHA`);
    }
  }

  // The version each SHA stands for, as a comment on the same line.
  for (const line of text.split('\n')) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
    if (m && !m[1]?.startsWith('./') && !/#\s*v\d+(\.\d+)*\b/.test(m[2] ?? '')) problems.push(`${m[1]} has no "# vX.Y.Z" comment`);
  }
  return problems;
}

/** The real file with one change, checked to have happened. */
function changed(from: string | RegExp, to: string): string {
  const out = real.replace(from, to);
  assert.notEqual(out, real, `the change ${String(from)} applies to pages.yml`);
  return out;
}

test('pages.yml: nothing granted at the top, no writing job runs npm, every action pinned', () => {
  assert.deepEqual(workflowProblems(real), []);
});

test('pages.yml: each job has exactly the permissions it needs', () => {
  const workflow = parse(real) as Workflow;
  assert.deepEqual(workflow.permissions, {});
  const jobs = workflow.jobs ?? {};
  assert.deepEqual(Object.keys(jobs).sort(), ['attest', 'build', 'deploy']);
  assert.deepEqual(jobs.build?.permissions, { contents: 'read' });
  assert.deepEqual(jobs.attest?.permissions, { 'id-token': 'write', attestations: 'write' });
  assert.deepEqual(jobs.deploy?.permissions, { pages: 'write', 'id-token': 'write' });
  assert.ok(jobs.build?.steps?.some((s) => s.run === 'npm ci'), 'build installs with npm ci');
  for (const name of ['attest', 'deploy']) {
    assert.ok(!(jobs[name]?.steps ?? []).some((s) => s.run && NPM.test(s.run)), `${name} runs no npm`);
  }
  const attest = (jobs.attest?.steps ?? []).find((s) => s.uses?.startsWith('actions/attest-build-provenance@')) as (Step & { with?: Record<string, string> }) | undefined;
  assert.equal(attest?.with?.['subject-path'], 'certpage.html');
  assert.deepEqual((jobs.deploy as Job & { needs?: string[] }).needs, ['build', 'attest'], 'only attested builds are deployed');
});

test('catches: no top-level permissions, or a top level that grants something', () => {
  assert.match(workflowProblems(changed(/^permissions: \{\}\n/m, '')).join('\n'), /no top-level permissions/);
  assert.match(workflowProblems(changed(/^permissions: \{\}$/m, 'permissions: write-all')).join('\n'), /top-level permissions must be \{\}/);
  assert.match(workflowProblems(changed(/^permissions: \{\}$/m, 'permissions:\n  contents: read')).join('\n'), /top-level permissions must be \{\}/);
});

test('catches: a job with write permissions that runs npm', () => {
  const build = changed('      contents: read\n', '      contents: read\n      id-token: write\n');
  assert.match(workflowProblems(build).join('\n'), /job build runs npm with write permissions \(id-token\)/);
  const flow = changed('    permissions:\n      contents: read\n', '    permissions: { contents: write }\n');
  assert.match(workflowProblems(flow).join('\n'), /job build runs npm with write permissions \(contents\)/);
  const attest = changed("      - run: tar -xf artifact.tar ./certpage.html && sha256sum certpage.html\n",
    "      - run: |\n          tar -xf artifact.tar ./certpage.html\n          npx some-tool certpage.html\n");
  assert.match(workflowProblems(attest).join('\n'), /job attest runs npm with write permissions \(id-token, attestations\)/);
  // A job without its own permissions takes the top level's.
  const inherited = changed(/^permissions: \{\}$/m, 'permissions: write-all').replace('    permissions:\n      contents: read\n', '');
  assert.match(workflowProblems(inherited).join('\n'), /job build runs npm with write permissions \(\*\)/);
});

test('catches: an action not pinned to a full commit SHA, or a pin without its version', () => {
  assert.match(workflowProblems(changed(/actions\/checkout@[0-9a-f]{40}/, 'actions/checkout@v7')).join('\n'), /actions\/checkout@v7 is not pinned/);
  assert.match(workflowProblems(changed(/actions\/deploy-pages@[0-9a-f]{40}/, 'actions/deploy-pages@cd2ce8f')).join('\n'), /deploy-pages@cd2ce8f is not pinned/);
  assert.match(workflowProblems(changed(/actions\/deploy-pages@[0-9a-f]{40}/, 'actions/deploy-pages@main')).join('\n'), /deploy-pages@main is not pinned/);
  assert.match(workflowProblems(changed(/(actions\/setup-node@[0-9a-f]{40}) # v[\d.]+/, '$1')).join('\n'), /setup-node@[0-9a-f]{40} has no "# vX.Y.Z" comment/);
});
