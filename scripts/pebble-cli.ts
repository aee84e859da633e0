// Start/stop the same Pebble stack the tests use, detached, with its addresses saved in .cache/pebble.json.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPebble } from '../test/support/pebble.ts';

const stateFile = resolve(import.meta.dirname, '../.cache/pebble.json');
const [cmd = 'status'] = process.argv.slice(2);

interface State { directoryUrl: string; challtestsrvUrl: string; managementUrl: string; dnsAddress: string; pids: number[]; workDir: string }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function load(): State | undefined {
  return existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as State) : undefined;
}

function show(s: State): void {
  console.log(`ACME directory:   ${s.directoryUrl}
challtestsrv API: ${s.challtestsrvUrl}   (POST /add-http01 {"token","content"}, /set-txt {"host","value"})
Pebble roots:     ${s.managementUrl}/roots/0
DNS (for Pebble): ${s.dnsAddress}
logs:             ${s.workDir}
The TLS certificate is signed by .cache/tls/ca.pem; open the directory URL once in the browser and accept it.`);
}

if (cmd === 'up') {
  const old = load();
  if (old && old.pids.some(alive)) { show(old); process.exit(0); }
  const eab = process.argv.includes('--eab') ? { 'kid-1': 'zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W' } : undefined;
  const s = await startPebble({ detached: true, ...(eab ? { eabKeys: eab } : {}) });
  const state: State = { directoryUrl: s.directoryUrl, challtestsrvUrl: s.challtestsrvUrl, managementUrl: s.managementUrl, dnsAddress: s.dnsAddress, pids: s.pids, workDir: s.workDir };
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  show(state);
  process.exit(0);
} else if (cmd === 'down') {
  const s = load();
  for (const pid of s?.pids ?? []) if (alive(pid)) process.kill(pid, 'SIGTERM');
  rmSync(stateFile, { force: true });
  console.log(s ? `stopped ${s.pids.join(', ')}` : 'nothing was running');
} else if (cmd === 'status') {
  const s = load();
  if (s && s.pids.every(alive)) show(s);
  else { console.log('not running (scripts/pebble.sh up starts it)'); process.exitCode = 1; }
} else {
  console.error('usage: scripts/pebble.sh up [--eab] | down | status');
  process.exitCode = 2;
}
