// Is the DNS-01 TXT record visible, as public resolvers see it? A hit is a
// hint, not proof (the CA asks the authoritative servers itself); a miss with
// a reason is what saves the user a failed challenge.

import { listNames, lookupOf, read, seconds, unique, type CheckOptions, type Reading } from './check-common.ts';
import { DEFAULT_RESOLVERS, type Resolver, type ResolverAnswer } from './resolvers.ts';
import { normalName } from './wire.ts';
import { msg, str } from '../words/words.ts';

export type TxtStatus = 'found' | 'partial' | 'wrong' | 'missing' | 'error';

export type TxtSeen =
  | {
      resolver: Resolver;
      ok: true;
      /** TXT values at the name (after CNAMEs), each RR's strings joined. */
      values: string[];
      /** True when every expected value is among `values`. */
      seesAll: boolean;
      /** How long this answer may stay cached: the TXT TTL, or the negative TTL when there is none. */
      ttl: number | undefined;
    }
  | { resolver: Resolver; ok: false; code: string; error: string };

export interface TxtCheck {
  name: string;
  status: TxtStatus;
  /** Resolvers that see every expected value: "seen by {seenBy} of {asked}". */
  seenBy: number;
  asked: number;
  /** Resolvers that gave an answer (NOERROR or NXDOMAIN). */
  answered: number;
  perResolver: TxtSeen[];
  /** Where the name is delegated by CNAME (the end of the chain), if it is. */
  cname?: string;
  /** Expected values no resolver sees. */
  missingValues: string[];
  /** Values seen that were not expected (stale ones from an earlier try, or typos). */
  extraValues: string[];
  /** "Resolver: what went wrong", for resolvers that gave no answer. */
  errors: string[];
  hints: string[];
}

/** Pure: judges the answers of lookupAll(resolvers, recordName, 'TXT'). */
export function evaluateTxt(recordName: string, expected: readonly string[], answers: readonly ResolverAnswer[]): TxtCheck {
  const name = normalName(recordName);
  const readings = answers.map((a) => read(a, 'TXT'));
  const perResolver = readings.map((r) => seen(r, expected));
  const ok = perResolver.filter((s) => s.ok);
  const failed = perResolver.filter((s) => !s.ok);
  const errors = failed.map((s) => `${s.resolver.name}: ${s.error}`);

  const allValues = unique(ok.flatMap((s) => s.values));
  const missingValues = expected.filter((v) => !allValues.includes(v));
  const extraValues = allValues.filter((v) => !expected.includes(v));
  const seenBy = ok.filter((s) => s.seesAll).length;

  let status: TxtStatus;
  if (ok.length === 0) status = 'error';
  else if (seenBy === ok.length) status = 'found';
  else if (seenBy > 0 || missingValues.length < expected.length) status = 'partial';
  else if (allValues.length > 0) status = 'wrong';
  else status = 'missing';

  const cname = readings.find((r) => r.ok && r.chain.length > 1);
  const check: TxtCheck = {
    name,
    status,
    seenBy,
    asked: answers.length,
    answered: ok.length,
    perResolver,
    missingValues,
    extraValues,
    errors,
    hints: [],
  };
  if (cname?.ok) check.cname = cname.chain[cname.chain.length - 1]!;
  check.hints = txtHints(check, expected);
  return check;
}

function seen(reading: Reading, expected: readonly string[]): TxtSeen {
  if (!reading.ok) return reading;
  const values = reading.records.flatMap((r) => (r.type === 'TXT' ? [r.data] : []));
  const ttl = reading.records.length > 0 ? Math.min(...reading.records.map((r) => r.ttl)) : reading.negativeTtl;
  return { resolver: reading.resolver, ok: true, values, seesAll: expected.every((v) => values.includes(v)), ttl };
}

function txtHints(check: TxtCheck, expected: readonly string[]): string[] {
  const hints: string[] = [];
  const ok = check.perResolver.filter((s) => s.ok);

  if (check.cname && check.status !== 'found') {
    const { name, cname } = check;
    hints.push(msg(str`${name} is a CNAME pointing to ${cname}, so the TXT record must be created at ${cname} (the CA follows the CNAME; a TXT record next to a CNAME is ignored).`));
  }

  for (const value of check.extraValues) {
    const hint = valueHint(value, check.missingValues.length > 0 ? check.missingValues : expected);
    if (hint) hints.push(hint);
  }

  if (check.status === 'wrong' && hints.length === 0) {
    hints.push(msg(str`There is a TXT record at ${check.name}, but not with the expected value. A value from an earlier attempt? Every attempt gets a new value: add the one shown here.`));
  }

  // Wildcard + apex share one record name and need both values at once.
  if (expected.length > 1 && check.missingValues.length > 0 && check.missingValues.length < expected.length) {
    const published = expected.length - check.missingValues.length;
    hints.push(msg(str`Only ${published} of the ${expected.length} values are published. When several names share ${check.name} (for example example.com and *.example.com), each needs its own TXT record there: add the missing one next to the other instead of replacing it.`));
  }

  if (check.seenBy > 0 && check.seenBy < ok.length) {
    const behind = ok.filter((s) => !s.seesAll);
    const ttls = behind.flatMap((s) => (s.ttl === undefined ? [] : [s.ttl]));
    const ahead = listNames(ok.filter((s) => s.seesAll).map((s) => s.resolver));
    const late = listNames(behind.map((s) => s.resolver));
    hints.push(ttls.length > 0
      ? msg(str`Seen by ${ahead} but not yet by ${late}. Resolvers keep an earlier answer until it expires, for up to ${seconds(Math.max(...ttls))} here; wait and check again.`)
      : msg(str`Seen by ${ahead} but not yet by ${late}. Resolvers keep an earlier answer until it expires; wait and check again.`));
  }

  if (check.status === 'missing') {
    const ttls = ok.flatMap((s) => (s.ttl === undefined ? [] : [s.ttl]));
    hints.push(ttls.length > 0 && Math.max(...ttls) > 0
      ? msg(str`No TXT record at ${check.name} yet. If you added it a moment ago, a resolver that looked before may remember "not found" for up to ${seconds(Math.max(...ttls))}.`)
      : msg(str`No TXT record at ${check.name} yet.`));
  }

  hints.push(...check.errors);
  return hints;
}

/** Common ways a pasted value differs from the right one. */
export function valueHint(found: string, expected: readonly string[]): string | undefined {
  if (/^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{40,}$/.test(found)) {
    return msg(str`The TXT value "${found}" looks like a key authorization (token.thumbprint). DNS-01 needs its SHA-256 digest: the 43-character value shown here.`);
  }
  const problems: string[] = [];
  let v = found;
  for (let round = 0; round < 3; round++) {
    if (/\s/.test(v)) {
      problems.push(msg('spaces or line breaks', { desc: 'what a pasted TXT value has too many of: "The TXT value … has spaces or line breaks"' }));
      v = v.replace(/\s+/g, '');
    }
    const quoted = /^(["'])(.*)\1$/.exec(v);
    if (quoted) {
      problems.push(msg('quote marks around it', { desc: 'what a pasted TXT value has: "The TXT value … has quote marks around it"' }));
      v = quoted[2]!;
    }
    if (v.endsWith('.')) {
      problems.push(msg('a dot at the end', { desc: 'what a pasted TXT value has: "The TXT value … has a dot at the end"' }));
      v = v.slice(0, -1);
    }
  }
  if (problems.length === 0 || !expected.includes(v)) return undefined;
  const faults = unique(problems);
  const [first = '', second] = faults;
  const listed = faults.length === 3 ? msg(str`${first}, ${second} and ${faults[2]}`, { desc: 'three faults of a pasted TXT value' })
    : second !== undefined ? msg(str`${first} and ${second}`) : first;
  return msg(str`The TXT value "${found}" has ${listed}; the DNS panel stored them as part of the value. Enter exactly ${v}`);
}

/** Zones a DNS panel may have appended: www.example.com and example.com for _acme-challenge.www.example.com. */
export function zoneGuesses(recordName: string): string[] {
  const labels = normalName(recordName).split('.');
  const out: string[] = [];
  for (let i = 1; i + 2 <= labels.length && out.length < 4; i++) {
    if (labels[i]!.startsWith('_')) continue;
    out.push(labels.slice(i).join('.'));
  }
  return out;
}

export async function checkTxt(
  recordName: string,
  expected: readonly string[],
  resolvers: readonly Resolver[] = DEFAULT_RESOLVERS,
  opts: CheckOptions = {},
): Promise<TxtCheck> {
  const lookup = lookupOf(opts);
  const name = normalName(recordName);
  const check = evaluateTxt(name, expected, await lookup(resolvers, name, 'TXT', opts));
  if (check.status === 'error' || check.status === 'found' || check.missingValues.length === 0) return check;

  // The classic: the panel appends the zone, so the record lands at
  // _acme-challenge.example.com.example.com.
  const doubled = await Promise.all(zoneGuesses(name).map(async (zone) => {
    const at = `${name}.${zone}`;
    const there = evaluateTxt(at, check.missingValues, await lookup(resolvers, at, 'TXT', opts));
    return { zone, at, there };
  }));
  for (const { zone, at, there } of doubled) {
    if (there.status === 'missing' || there.status === 'error') continue;
    const host = name.slice(0, -(zone.length + 1));
    check.hints.unshift(there.status === 'wrong'
      ? msg(str`A TXT record was found at ${at}: the DNS panel adds "${zone}" by itself. Enter only "${host}" as the record name.`)
      : msg(str`The expected TXT record was found at ${at}: the DNS panel adds "${zone}" by itself. Enter only "${host}" as the record name.`));
  }
  return check;
}
