// Issues certificates from a local Pebble with the engine in Node and prints, per issuance, the HTTP requests
// by kind and the time taken. Pebble runs with no nonce rejection and no authorization reuse so every run
// does the full protocol and the figures are comparable.   npm run bench -- [runs=10] [names=2]
import { AcmeAccount } from '../src/acme/account.ts';
import { AcmeClient, type RequestEvent, type RequestKind } from '../src/acme/client.ts';
import '../src/crypto/pkijs-engine.ts';
import { generateKeyPair } from '../src/crypto/keys.ts';
import { issue } from '../test/support/issue.ts';
import { startPebble } from '../test/support/pebble.ts';

const runs = Number(process.argv[2] ?? 10);
const nameCount = Number(process.argv[3] ?? 2);
const kinds: RequestKind[] = ['directory', 'nonce', 'account', 'order', 'authz', 'challenge', 'poll', 'finalize', 'certificate'];

const stack = await startPebble({ nonceReject: 0, authzReuse: 0 });
const rows: { counts: Record<string, number>; total: number; ms: number; badNonce: number }[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const events: RequestEvent[] = [];
    const started = performance.now();
    // A whole issuance as a user sees it: directory, new account, order, challenges, finalize, download.
    const client = await AcmeClient.connect(stack.directoryUrl, { onRequest: (e) => events.push(e) });
    const account = await AcmeAccount.create(client, await generateKeyPair('P-256'), { termsOfServiceAgreed: true });
    const names = Array.from({ length: nameCount }, (_, n) => `bench${n}-${i}-${Date.now().toString(36)}.example.com`);
    await issue(stack, account, names);
    const ms = performance.now() - started;
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    const acme = events.filter((e) => e.kind !== 'directory').length;
    rows.push({ counts, total: acme, ms, badNonce: events.filter((e) => e.status === 400).length });
  }
} finally {
  await stack.stop();
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`\ncertpage engine vs Pebble (Debian pebble 2.4, loopback), ${nameCount} names, HTTP-01, new P-256 account each run`);
console.log(['run', ...kinds, 'ACME total', 'ms'].map((h, i) => pad(h, i === 0 ? 3 : Math.max(h.length, 5))).join(' '));
rows.forEach((r, i) => {
  console.log([pad(i + 1, 3), ...kinds.map((k) => pad(r.counts[k] ?? 0, Math.max(k.length, 5))), pad(r.total, 10), pad(r.ms.toFixed(0), 5)].join(' '));
});
const sorted = [...rows].map((r) => r.ms).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
const totals = rows.map((r) => r.total).sort((a, b) => a - b);
console.log(`\nmedian time per issuance: ${median.toFixed(0)} ms (first run includes warm-up: ${rows[0]?.ms.toFixed(0)} ms)`);
console.log(`ACME requests per issuance (directory GET not counted): median ${totals[Math.floor(totals.length / 2)]}, min ${totals[0]}, max ${totals[totals.length - 1]}; with the directory GET: ${(totals[Math.floor(totals.length / 2)] ?? 0) + 1}`);
console.log(`badNonce retries seen: ${rows.reduce((n, r) => n + r.badNonce, 0)}`);
