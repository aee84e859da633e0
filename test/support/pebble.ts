// Starts a real Pebble ACME server and pebble-challtestsrv on loopback with free ports, and stops them by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts, waitForPort } from './ports.ts';

export const tlsDir = process.env.CERTPAGE_TLS_DIR ?? resolve(import.meta.dirname, '../../.cache/tls');

export interface PebbleOptions {
  /** EAB key id → base64url MAC key; when set, Pebble requires External Account Binding. */
  eabKeys?: Record<string, string>;
  /** Percentage of good nonces Pebble rejects (its default is 5). */
  nonceReject?: number;
  /**
   * Percentage of orders that reuse a valid authorization (Pebble's default is 50). Even 0 reuses about 1 in 100:
   * Pebble makes a new authorization when `rand.Intn(100) > percent`, so a draw of 0 reuses. An order for names this
   * account validated before (a renewal) can therefore come with fewer cards waiting than names.
   */
  authzReuse?: number;
  /** Number of alternate chains Pebble offers. */
  alternateRoots?: number;
  /** Keep the servers running after this process exits (scripts/pebble.sh up). */
  detached?: boolean;
  /**
   * The A record challtestsrv answers for any name without one added by addA (default '127.0.0.1').
   * '' means no default: a name has no address unless addA gave it one.
   */
  defaultIPv4?: string;
  /**
   * The port Pebble's VA connects to for tls-alpn-01 (RFC 8737; 443 in real life). Without it the port is 1, where
   * nothing answers: tls-alpn-01 then fails, as for a server that does not offer it.
   */
  tlsPort?: number;
  /**
   * Whether challtestsrv answers HTTP-01 on `httpPort` (default true). false leaves that port free for a real web
   * server (npm run demo serves a folder there).
   */
  http01Server?: boolean;
}

/** One CAA record for addCaa (RFC 8659). challtestsrv 2.4 always sends flags 0, so `critical: true` is refused. */
export interface CaaPolicy {
  tag: string;
  value: string;
  critical?: boolean;
}

export interface PebbleStack {
  directoryUrl: string;
  managementUrl: string;
  challtestsrvUrl: string;
  dnsAddress: string;
  httpPort: number;
  /** Where Pebble checks tls-alpn-01 (1 when not asked for). */
  tlsPort: number;
  pids: number[];
  workDir: string;
  stop(): Promise<void>;
  addHttp01(token: string, content: string): Promise<void>;
  delHttp01(token: string): Promise<void>;
  setTxt(host: string, value: string): Promise<void>;
  clearTxt(host: string): Promise<void>;
  // challtestsrv's mock DNS (its management API; hosts get a trailing dot added when missing).
  // A name with nothing added answers NOERROR with no answer (and challtestsrv's SOA), never NXDOMAIN.
  /** Add A records (adds to any the host already has). */
  addA(host: string, addresses: string[]): Promise<void>;
  clearA(host: string): Promise<void>;
  /** Add AAAA records (the default IPv6 answer is off, so names have none unless added). */
  addAaaa(host: string, addresses: string[]): Promise<void>;
  clearAaaa(host: string): Promise<void>;
  /** Add CAA records (adds to any the host already has); challtestsrv sends flags 0. */
  addCaa(host: string, policies: CaaPolicy[]): Promise<void>;
  clearCaa(host: string): Promise<void>;
  /** Make host a CNAME to target; challtestsrv also follows it for A/AAAA queries of host. */
  setCname(host: string, target: string): Promise<void>;
  clearCname(host: string): Promise<void>;
  /** Answer SERVFAIL to every query for host, whatever its type. */
  setServfail(host: string): Promise<void>;
  clearServfail(host: string): Promise<void>;
  /** Change the default A answer for names without one ('' turns it off). */
  setDefaultIPv4(ip: string): Promise<void>;
  /** PEM of Pebble's root and intermediate (chain index 0), for openssl verify. */
  issuerPems(): Promise<{ root: string; intermediate: string }>;
}

export async function startPebble(opts: PebbleOptions = {}): Promise<PebbleStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'certpage-pebble-'));
  const [acmePort = 0, mgmtPort = 0, httpPort = 0, dnsPort = 0, ctsPort = 0] = await freePorts(5);
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${mgmtPort}`,
      certificate: join(tlsDir, 'cert.pem'),
      privateKey: join(tlsDir, 'key.pem'),
      httpPort,
      tlsPort: opts.tlsPort ?? 1,
      ocspResponderURL: '',
      externalAccountBindingRequired: Boolean(opts.eabKeys),
      ...(opts.eabKeys ? { externalAccountMACKeys: opts.eabKeys } : {}),
    },
  };
  const configPath = join(workDir, 'pebble-config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const out = (name: string) => openSync(join(workDir, name), 'a');
  const detached = Boolean(opts.detached);
  const cts = spawn('pebble-challtestsrv', [
    '-management', `127.0.0.1:${ctsPort}`,
    '-http01', opts.http01Server === false ? '' : `127.0.0.1:${httpPort}`,
    '-https01', '', '-tlsalpn01', '',
    '-dns01', `127.0.0.1:${dnsPort}`,
    '-defaultIPv4', opts.defaultIPv4 ?? '127.0.0.1', '-defaultIPv6', '',
  ], { stdio: ['ignore', out('challtestsrv.log'), out('challtestsrv.log')], detached });
  const pebble = spawn('pebble', ['-config', configPath, '-dnsserver', `127.0.0.1:${dnsPort}`], {
    stdio: ['ignore', out('pebble.log'), out('pebble.log')],
    detached,
    env: {
      ...process.env,
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_WFE_NONCEREJECT: String(opts.nonceReject ?? 5),
      PEBBLE_AUTHZREUSE: String(opts.authzReuse ?? 50),
      PEBBLE_ALTERNATE_ROOTS: String(opts.alternateRoots ?? 0),
    },
  });
  const children: ChildProcess[] = [cts, pebble];
  if (detached) children.forEach((c) => c.unref());

  const stop = async () => {
    await Promise.all(children.map((c) => new Promise<void>((res) => {
      if (c.exitCode !== null || c.signalCode !== null) return res();
      c.once('exit', () => res());
      c.kill('SIGTERM');
      setTimeout(() => { c.kill('SIGKILL'); res(); }, 3000).unref();
    })));
  };
  try {
    await Promise.all([waitForPort(acmePort), waitForPort(mgmtPort), waitForPort(ctsPort)]);
  } catch (err) {
    await stop();
    const log = readFileSync(join(workDir, 'pebble.log'), 'utf8');
    throw new Error(`Pebble did not start: ${(err as Error).message}\n${log}`);
  }

  const challtestsrvUrl = `http://127.0.0.1:${ctsPort}`;
  const managementUrl = `https://127.0.0.1:${mgmtPort}`;
  const cmd = async (path: string, body: object) => {
    const res = await fetch(`${challtestsrvUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`challtestsrv ${path}: HTTP ${res.status} ${await res.text()}`);
  };
  const fqdn = (host: string) => (host.endsWith('.') ? host : `${host}.`);
  return {
    directoryUrl: `https://127.0.0.1:${acmePort}/dir`,
    managementUrl,
    challtestsrvUrl,
    dnsAddress: `127.0.0.1:${dnsPort}`,
    httpPort,
    tlsPort: opts.tlsPort ?? 1,
    pids: children.map((c) => c.pid ?? 0),
    workDir,
    stop,
    addHttp01: (token, content) => cmd('/add-http01', { token, content }),
    delHttp01: (token) => cmd('/del-http01', { token }),
    setTxt: (host, value) => cmd('/set-txt', { host: fqdn(host), value }),
    clearTxt: (host) => cmd('/clear-txt', { host: fqdn(host) }),
    addA: (host, addresses) => cmd('/add-a', { host: fqdn(host), addresses }),
    clearA: (host) => cmd('/clear-a', { host: fqdn(host) }),
    addAaaa: (host, addresses) => cmd('/add-aaaa', { host: fqdn(host), addresses }),
    clearAaaa: (host) => cmd('/clear-aaaa', { host: fqdn(host) }),
    async addCaa(host, policies) {
      if (policies.some((p) => p.critical)) throw new Error('challtestsrv 2.4 cannot send a critical CAA record (its flags are always 0)');
      await cmd('/add-caa', { host: fqdn(host), policies: policies.map(({ tag, value }) => ({ tag, value })) });
    },
    clearCaa: (host) => cmd('/clear-caa', { host: fqdn(host) }),
    setCname: (host, target) => cmd('/set-cname', { host: fqdn(host), target: fqdn(target) }),
    clearCname: (host) => cmd('/clear-cname', { host: fqdn(host) }),
    setServfail: (host) => cmd('/set-servfail', { host: fqdn(host) }),
    clearServfail: (host) => cmd('/clear-servfail', { host: fqdn(host) }),
    setDefaultIPv4: (ip) => cmd('/set-default-ipv4', { ip }),
    async issuerPems() {
      const get = async (p: string) => {
        const res = await fetch(`${managementUrl}${p}`);
        if (!res.ok) throw new Error(`pebble management ${p}: HTTP ${res.status}`);
        return res.text();
      };
      return { root: await get('/roots/0'), intermediate: await get('/intermediates/0') };
    },
  };
}
