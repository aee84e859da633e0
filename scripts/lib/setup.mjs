// Shared set-up for tests, the bench and scripts/pebble.sh: Debian packages and a throw-away TLS CA.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(new URL('../..', import.meta.url).pathname);
export const tlsDir = join(root, '.cache', 'tls');

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

let updated = false;
/** Install Debian packages whose command is missing (apt-get update once, then install -y). */
export function ensurePackages(byCommand) {
  const missing = Object.entries(byCommand).filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  console.error(`installing Debian packages: ${missing.join(' ')}`);
  const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!updated) { run(['apt-get', 'update']); updated = true; }
  run(['apt-get', 'install', '-y', ...new Set(missing)]);
}

/** A throw-away CA and a localhost/127.0.0.1/::1 certificate for Pebble and the local test servers. */
export function ensureTls() {
  const ca = join(tlsDir, 'ca.pem');
  if (existsSync(join(tlsDir, 'cert.pem'))) return { ca, cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
  mkdirSync(tlsDir, { recursive: true });
  const ossl = (...args) => execFileSync('openssl', args, { cwd: tlsDir, stdio: ['ignore', 'ignore', 'pipe'] });
  ossl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=certpage throw-away test CA');
  ossl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem',
    '-out', 'leaf.csr', '-subj', '/CN=localhost');
  ossl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650',
    '-out', 'cert.pem', '-extfile', writeExt());
  return { ca, cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
}

function writeExt() {
  const path = join(tlsDir, 'leaf.ext');
  execFileSync('sh', ['-c', `printf '%s\\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1' 'basicConstraints=CA:FALSE' 'extendedKeyUsage=serverAuth' > '${path}'`]);
  return path;
}

/** Run a TypeScript entry point with tsx, trusting the throw-away CA (Pebble's TLS). Returns the exit code. */
export async function runTs(file, args = [], packages = { pebble: 'pebble', 'pebble-challtestsrv': 'pebble', openssl: 'openssl' }) {
  ensurePackages(packages);
  const tls = ensureTls();
  const { spawnSync: run } = await import('node:child_process');
  const res = run(process.execPath, ['--import', 'tsx', join(root, file), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.ca, CERTPAGE_TLS_DIR: tlsDir },
  });
  return res.status ?? 1;
}
