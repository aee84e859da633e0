// A scratch directory for running openssl as an outside judge in crypto tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class OpensslDir {
  readonly path = mkdtempSync(join(tmpdir(), 'certpage-crypto-'));

  /** Runs openssl in the directory; returns stdout, throws with stderr on a non-zero exit. */
  run(...args: string[]): string {
    try {
      return execFileSync('openssl', args, { cwd: this.path, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stderr?: string };
      throw new Error(`openssl ${args.join(' ')} failed: ${e.stderr ?? String(err)}`);
    }
  }

  /** Runs openssl and reports the exit status instead of throwing. */
  status(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync('openssl', args, { cwd: this.path, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  write(name: string, data: string | Uint8Array): string {
    writeFileSync(join(this.path, name), data);
    return name;
  }

  read(name: string): string {
    return readFileSync(join(this.path, name), 'utf8');
  }

  readBytes(name: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.path, name)));
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
