// openssl as an outside judge of what the engine produced.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Run openssl; returns stdout, throws with stderr on a non-zero exit. */
export function openssl(args: string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'certpage-openssl-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

/** `openssl verify` of a leaf (first PEM of `chainPem`) against Pebble's root, with its intermediate as untrusted. */
export function verifyChain(chainPem: string, issuers: { root: string; intermediate: string }): string {
  const leaf = chainPem.slice(0, chainPem.indexOf('-----END CERTIFICATE-----') + 25) + '\n';
  return openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', 'leaf.pem'], {
    'root.pem': issuers.root,
    'intermediate.pem': issuers.intermediate,
    'leaf.pem': leaf,
  });
}
