// Asking several public DoH resolvers the same question, and following CNAMEs.

import { msg, str } from '../words/words.ts';
import type { Resolver } from './default-resolvers.ts';
import { DohError } from './errors.ts';
import { queryDoh, type DohOptions } from './doh.ts';
import { normalName, type DnsMessage, type DnsRecord, type RecordType } from './wire.ts';

export { DEFAULT_RESOLVERS, type Resolver } from './default-resolvers.ts';

export type ResolverAnswer =
  | { resolver: Resolver; ok: true; message: DnsMessage; chain: string[] }
  | { resolver: Resolver; ok: false; error: DohError };

export interface Followed {
  /** The name asked, then every CNAME target in order; the last one holds the records. */
  chain: string[];
  message: DnsMessage;
}

/** Each step is one CNAME; more than this is treated as a loop. */
export const MAX_CNAME_STEPS = 8;

/** Records of `type` owned by `name` in the answer section. */
export function recordsAt(message: DnsMessage, name: string, type: RecordType): DnsRecord[] {
  const owner = normalName(name);
  return message.answers.filter((r) => r.type === type && r.name === owner);
}

/**
 * Looks up `name` and follows CNAMEs. Recursive resolvers usually put the
 * whole chain in one answer; when one stops at a CNAME without the records
 * asked for, the target is queried next.
 */
export async function resolveFollowing(resolver: Resolver, name: string, type: RecordType, opts: DohOptions = {}): Promise<Followed> {
  const chain = [normalName(name)];
  let message = await queryDoh(resolver.url, name, type, opts);
  if (type === 'CNAME') return { chain, message };
  for (;;) {
    // Walk the CNAMEs this answer already contains.
    let moved = false;
    let current = chain[chain.length - 1]!;
    while (recordsAt(message, current, type).length === 0) {
      const target = cnameTarget(message, current);
      if (target === undefined) break;
      if (chain.includes(target) || chain.length > MAX_CNAME_STEPS) throw cnameLoop(resolver, chain, target);
      chain.push(target);
      current = target;
      moved = true;
    }
    // Stopped at a CNAME target with nothing for it: ask for the target itself.
    // (NXDOMAIN already speaks about the target, so there is nothing to ask.)
    if (!moved || recordsAt(message, current, type).length > 0 || message.rcodeName !== 'NOERROR') return { chain, message };
    message = await queryDoh(resolver.url, current, type, opts);
  }
}

function cnameTarget(message: DnsMessage, owner: string): string | undefined {
  for (const r of message.answers) if (r.type === 'CNAME' && r.name === owner) return r.data;
  return undefined;
}

function cnameLoop(resolver: Resolver, chain: string[], next: string): DohError {
  const steps = [...chain, next].join(' → ');
  return new DohError('cname-loop', resolver.url, chain.includes(next)
    ? msg(str`The CNAME chain ${steps} loops back on itself.`)
    : msg(str`The CNAME chain ${steps} is longer than ${MAX_CNAME_STEPS} steps.`));
}

/** The same question to every resolver at once; one failure does not stop the others. */
export async function lookupAll(resolvers: readonly Resolver[], name: string, type: RecordType, opts: DohOptions = {}): Promise<ResolverAnswer[]> {
  return Promise.all(resolvers.map(async (resolver): Promise<ResolverAnswer> => {
    try {
      const { chain, message } = await resolveFollowing(resolver, name, type, opts);
      return { resolver, ok: true, message, chain };
    } catch (err) {
      if (err instanceof DohError) return { resolver, ok: false, error: err };
      // Programming errors (a bad name is a DnsFormatError) surface as such.
      throw err;
    }
  }));
}

/** Function shape of lookupAll, so checks can be run against recorded answers. */
export type LookupAll = typeof lookupAll;
