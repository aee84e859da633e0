// Shared pieces of the checks: options, and reading one resolver's answer.

import type { DohOptions } from './doh.ts';
import { lookupAll, recordsAt, type LookupAll, type Resolver, type ResolverAnswer } from './resolvers.ts';
import type { DnsRecord, RecordType } from './wire.ts';
import { msg, str } from '../words/words.ts';

export interface CheckOptions extends DohOptions {
  /** Replaces lookupAll, e.g. with recorded answers in tests. */
  lookup?: LookupAll;
}

export function lookupOf(opts: CheckOptions): LookupAll {
  return opts.lookup ?? lookupAll;
}

/** What one resolver said, reduced to what the checks need. */
export type Reading =
  | { resolver: Resolver; ok: true; records: DnsRecord[]; chain: string[]; negativeTtl: number | undefined }
  | { resolver: Resolver; ok: false; code: string; error: string };

/**
 * NOERROR and NXDOMAIN are answers; SERVFAIL, REFUSED and the rest mean the
 * resolver could not find out, which the CA would hit too.
 */
export function read(answer: ResolverAnswer, type: RecordType): Reading {
  const { resolver } = answer;
  if (!answer.ok) return { resolver, ok: false, code: answer.error.code, error: answer.error.message };
  const { message, chain } = answer;
  if (message.rcodeName !== 'NOERROR' && message.rcodeName !== 'NXDOMAIN') {
    return { resolver, ok: false, code: message.rcodeName, error: rcodeText(message.rcodeName) };
  }
  const target = chain[chain.length - 1] ?? '';
  return { resolver, ok: true, records: recordsAt(message, target, type), chain, negativeTtl: message.negativeTtl };
}

function rcodeText(rcode: string): string {
  if (rcode === 'SERVFAIL') {
    return msg("SERVFAIL: the domain's DNS servers did not answer properly, or its DNSSEC is broken. The CA will most likely fail the same way.");
  }
  return msg(str`${rcode} instead of an answer.`);
}

export function seconds(ttl: number): string {
  if (ttl < 120) return msg(str`${ttl} seconds`);
  if (ttl < 7200) return msg(str`${Math.round(ttl / 60)} minutes`);
  return msg(str`${Math.round(ttl / 3600)} hours`);
}

export function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

export function listNames(resolvers: Resolver[]): string {
  const names = resolvers.map((r) => r.name);
  if (names.length <= 1) return names.join('');
  const head = names.slice(0, -1).join(msg(', ', { desc: 'between the names of a list, before its last "and"' }));
  return msg(str`${head} and ${names[names.length - 1]}`);
}
