// One engine issuance in this process, for `npm run bench` (scripts/bench.ts starts a fresh process per run, so
// module loading, pkijs included, costs what it costs a new visitor). The engine is imported from --root: the
// working tree or the baseline build's folder. Prints one JSON line (EngineResult) on stdout.
//   node --import tsx scripts/bench-engine.ts --root DIR --directory URL --challtestsrv URL [--names 2] [--pkijs need|preload]
// --pkijs need:    the CSR module (pkijs) is imported when the CSR is made, as the page did before preloadCsr();
// --pkijs preload: preloadCsr() (src/crypto/preload.ts) is called when the issuance starts, as the page can when the
//                  user asks for an order; a root without it imports the CSR module at that moment instead;
// --pkijs ahead:   preloadCsr() is called and has finished before the issuance starts, as when the page loads it
//                  while idle (e.g. while the user reads the cards): pkijs is then off the issuance path.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export type PkijsMode = 'need' | 'preload' | 'ahead';

export interface EngineResult {
  root: string;
  names: number;
  pkijs: PkijsMode;
  /** In-process time from connect to the downloaded chain (the test places files at once). */
  ms: number;
  /** Time of each step, ms since the start. */
  steps: Record<string, number>;
  /** HTTP exchanges by kind (directory, nonce, account, order, authz, challenge, poll, finalize, certificate). */
  counts: Record<string, number>;
  /** Most signed POSTs on their way at the same moment. */
  maxInFlight: number;
}

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    directory: { type: 'string' },
    challtestsrv: { type: 'string' },
    names: { type: 'string', default: '2' },
    pkijs: { type: 'string', default: 'need' },
  },
});
const root = values.root;
const directory = values.directory;
const challtestsrv = values.challtestsrv;
if (!root || !directory || !challtestsrv) throw new Error('usage: bench-engine.ts --root DIR --directory URL --challtestsrv URL [--names N] [--pkijs need|preload]');
const nameCount = Number(values.names);
const pkijsMode: PkijsMode = values.pkijs === 'preload' || values.pkijs === 'ahead' ? values.pkijs : 'need';

const from = <T>(path: string): Promise<T> => import(pathToFileURL(join(root, path)).href) as Promise<T>;
// The engine's modules without pkijs (as the page has them before the CSR is needed); types from this tree.
const [{ AcmeClient }, { AcmeAccount }, { respondToChallenge }, { http01 }, orders, { generateKeyPair }] = await Promise.all([
  from<typeof import('../src/acme/client.ts')>('src/acme/client.ts'),
  from<typeof import('../src/acme/account.ts')>('src/acme/account.ts'),
  from<typeof import('../src/acme/authorizations.ts')>('src/acme/authorizations.ts'),
  from<typeof import('../src/acme/challenge-values.ts')>('src/acme/challenge-values.ts'),
  from<typeof import('../src/acme/orders.ts')>('src/acme/orders.ts'),
  from<typeof import('../src/crypto/keys.ts')>('src/crypto/keys.ts'),
]);
type CsrModule = typeof import('../src/crypto/csr.ts');
const loadCsr = () => from<CsrModule>('src/crypto/csr.ts');
const preloadPath = 'src/crypto/preload.ts';

async function challtest(path: string, body: object): Promise<void> {
  const res = await fetch(`${challtestsrv}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`challtestsrv ${path}: HTTP ${res.status}`);
}

const counts: Record<string, number> = {};
let inFlight = 0;
let maxInFlight = 0;
const countingFetch = async (input: string, init?: RequestInit): Promise<Response> => {
  const post = init?.method === 'POST';
  if (post) maxInFlight = Math.max(maxInFlight, ++inFlight);
  try {
    return await fetch(input, init);
  } finally {
    if (post) inFlight -= 1;
  }
};

type Preload = typeof import('../src/crypto/preload.ts');
const preloader: Preload | undefined = existsSync(join(root, preloadPath)) ? await from<Preload>(preloadPath) : undefined;
if (pkijsMode === 'ahead') await (preloader?.loadCsr() ?? loadCsr());

const names = Array.from({ length: nameCount }, (_, i) => `e${i}-${process.pid}-${Date.now().toString(36)}.bench.example`);
const steps: Record<string, number> = {};
const started = performance.now();
const step = (name: string) => { steps[name] = Math.round(performance.now() - started); };

let csrModule: (() => Promise<CsrModule>) = preloader?.loadCsr ?? loadCsr;
if (pkijsMode === 'preload') {
  if (preloader) {
    preloader.preloadCsr();
  } else {
    const early = loadCsr();
    early.catch(() => undefined); // awaited below; a failure shows there
    csrModule = () => early;
  }
}

const client = await AcmeClient.connect(directory, { fetch: countingFetch, onRequest: (e) => { counts[e.kind] = (counts[e.kind] ?? 0) + 1; } });
step('connected');
const account = await AcmeAccount.create(client, await generateKeyPair('P-256'), { termsOfServiceAgreed: true });
step('account');
const order = await orders.newOrder(account, { identifiers: names });
const authzs = await orders.getAuthorizations(account, order.data);
step('authorizations');
const tokens: string[] = [];
await Promise.all(authzs.map(async (authz) => {
  if (authz.data.status === 'valid') return;
  const challenge = authz.data.challenges.find((c) => c.type === 'http-01');
  if (!challenge) throw new Error(`no http-01 challenge for ${authz.data.identifier.value}`);
  await challtest('/add-http01', { token: challenge.token, content: http01(authz.data.identifier, challenge, account.thumbprint).body });
  tokens.push(challenge.token);
  await respondToChallenge(account, challenge);
}));
step('challenges');
const ready = await orders.waitForOrder(account, order, 'ready');
step('ready');
const certKeys = await generateKeyPair('P-256', { extractable: true });
const { buildCsr } = await csrModule();
const csr = await buildCsr(names, certKeys);
step('csr');
const valid = await orders.finalizeOrder(account, ready, csr.der);
step('valid');
if (!valid.data.certificate) throw new Error('valid order without a certificate URL');
await orders.downloadCertificate(account, valid.data.certificate, { alternates: true });
step('downloaded');
const ms = performance.now() - started;

await Promise.all(tokens.map((token) => challtest('/del-http01', { token }).catch(() => undefined)));
const result: EngineResult = { root, names: nameCount, pkijs: pkijsMode, ms, steps, counts, maxInFlight };
process.stdout.write(`${JSON.stringify(result)}\n`);
