// `npm test`: type-check, then every test tier with node's test runner.
//   node scripts/test.mjs [unit|integration|e2e ...]   (default: all tiers)
// Installs the Debian packages the tiers need when they are missing, and makes a throw-away TLS CA.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePackages, ensureTls, root, tlsDir } from './lib/setup.mjs';

const tiers = { unit: 'test/unit', integration: 'test/integration', e2e: 'e2e' };
const asked = process.argv.slice(2);
const chosen = asked.length ? asked : Object.keys(tiers);
for (const t of chosen) if (!(t in tiers)) { console.error(`unknown tier ${t}; use ${Object.keys(tiers).join(', ')}`); process.exit(2); }

const files = chosen.flatMap((t) => {
  const dir = join(root, tiers[t]);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(tiers[t], f));
});

const packages = { openssl: 'openssl', curl: 'curl', nsupdate: 'bind9-dnsutils', unzip: 'unzip' }; // nsupdate judges the DNS-01 command lines, unzip the zip download
if (chosen.includes('integration') || chosen.includes('e2e')) Object.assign(packages, { pebble: 'pebble', 'pebble-challtestsrv': 'pebble', dnss: 'dnss' });
if (chosen.includes('e2e')) packages.chromium = 'chromium';
ensurePackages(packages);
const tls = ensureTls();

if (!asked.length) {
  console.log('type-check: tsc --noEmit');
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
}

// The e2e tier drives the built page: dist/ and the one-file dist/certpage.html. Build both (checking the size
// budgets on the way), and stop here if that fails.
if (files.some((f) => f.startsWith(`${tiers.e2e}/`))) {
  const steps = [
    ['vite build', join(root, 'node_modules/.bin/vite'), ['build']],
    ['size budgets', process.execPath, [join(root, 'scripts/size.mjs')]],
    ['vite build --mode single', join(root, 'node_modules/.bin/vite'), ['build', '--mode', 'single']],
  ];
  for (const [name, cmd, args] of steps) {
    console.log(`e2e: ${name}`);
    const step = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
    if (step.status !== 0) {
      const why = existsSync(join(root, 'index.html')) ? `exit ${step.status ?? step.signal}` : 'there is no index.html yet';
      console.error(`\ne2e: \`${name}\` failed (${why}); the e2e tier needs the built page in dist/. Fix it and re-run.`);
      process.exit(1);
    }
  }
}

const tap = join(root, '.cache', 'test-results.tap');
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.ca, CERTPAGE_TLS_DIR: tlsDir },
});
// One plain closing line, whatever the reporter above printed.
const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (k) => Number(summary.match(new RegExp(`^# ${k} (\\d+)`, 'm'))?.[1] ?? 0);
console.log(`\n${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(run.status ?? 1);
