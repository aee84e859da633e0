// Would CAA (RFC 8659) let this CA issue for the name? Same rules the CA
// applies: the closest non-empty CAA RRset going up from the name decides.

import { listNames, lookupOf, read, unique, type CheckOptions } from './check-common.ts';
import { DEFAULT_RESOLVERS, type Resolver } from './resolvers.ts';
import { normalName, type CaaValue } from './wire.ts';
import { msg, str } from '../words/words.ts';

export type CaaRecord = CaaValue;

export type CaaStatus =
  | 'allowed' // an issue/issuewild record names this CA
  | 'forbidden' // CAA restricts issuance and this CA is not allowed
  | 'none' // no CAA restriction applies (no records, or only ones like iodef)
  | 'unknown-ca' // CAA restricts issuance, and the CA does not say which names are its own
  | 'error'; // no resolver could answer

export interface CaaCheck {
  name: string;
  status: CaaStatus;
  /** The name whose CAA RRset decided (the name itself or a parent). */
  at?: string;
  /** When `at` is a CNAME, the name that actually holds the records. */
  via?: string;
  /** The records that decided. */
  records: CaaRecord[];
  /** Issuer domains the deciding records allow. */
  allowedIssuers: string[];
  errors: string[];
  hints: string[];
}

// Tags a CA understands; a critical record with any other tag forbids issuance (§4.5).
const KNOWN_TAGS = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'issuevmc', 'contactemail', 'contactphone']);

/** The names whose CAA RRsets count, closest first: example.com, com for *.example.com. */
export function caaNodes(name: string): string[] {
  const labels = normalName(name).replace(/^\*\./, '').split('.').filter((l) => l !== '');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** The issuer-domain-name of an issue/issuewild value: before any `;` parameters. */
export function issuerOf(record: CaaRecord): string {
  return record.value.split(';')[0]!.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * Pure RFC 8659 evaluation. `rrsetsByName` holds the CAA RRset of each name
 * (after following a CNAME at that name); missing or empty means none there.
 */
export function evaluateCaa(
  rrsetsByName: ReadonlyMap<string, readonly CaaRecord[]>,
  name: string,
  wildcard: boolean,
  caaIdentities: readonly string[],
): CaaCheck {
  const domain = normalName(name);
  const isWildcard = wildcard || domain.startsWith('*.');
  const rrsets = new Map<string, readonly CaaRecord[]>();
  for (const [owner, rrset] of rrsetsByName) rrsets.set(normalName(owner), [...(rrsets.get(normalName(owner)) ?? []), ...rrset]);
  const base: CaaCheck = { name: domain, status: 'none', records: [], allowedIssuers: [], errors: [], hints: [] };
  for (const node of caaNodes(domain)) {
    const rrset = rrsets.get(node);
    if (rrset && rrset.length > 0) return { ...base, ...decide(node, rrset, isWildcard, caaIdentities) };
  }
  return base;
}

type Decision = Pick<CaaCheck, 'status' | 'at' | 'records' | 'allowedIssuers' | 'hints'>;

function decide(at: string, rrset: readonly CaaRecord[], wildcard: boolean, caaIdentities: readonly string[]): Decision {
  const critical = rrset.filter((r) => (r.flags & 0x80) !== 0 && !KNOWN_TAGS.has(r.tag.toLowerCase()));
  if (critical.length > 0) {
    return {
      status: 'forbidden', at, records: critical, allowedIssuers: [],
      hints: [msg(str`The CAA records at ${at} include a critical "${critical[0]!.tag}" record that CAs do not understand, so every CA must refuse. Remove it or clear its critical flag.`)],
    };
  }
  const wild = wildcard ? rrset.filter((r) => r.tag.toLowerCase() === 'issuewild') : [];
  const tag = wild.length > 0 ? 'issuewild' : 'issue';
  const relevant = wild.length > 0 ? wild : rrset.filter((r) => r.tag.toLowerCase() === 'issue');
  if (relevant.length === 0) {
    const hint = wildcard ? msg(str`The CAA records at ${at} do not limit which CA may issue wildcard certificates.`)
      : msg(str`The CAA records at ${at} do not limit which CA may issue certificates.`);
    return { status: 'none', at, records: [], allowedIssuers: [], hints: [hint] };
  }
  const allowedIssuers = unique(relevant.map(issuerOf).filter((d) => d !== ''));
  if (allowedIssuers.length === 0) {
    const hint = wildcard ? msg(str`The CAA records at ${at} (${tag} ";") forbid every CA from issuing wildcard certificates.`)
      : msg(str`The CAA records at ${at} (${tag} ";") forbid every CA from issuing.`);
    return { status: 'forbidden', at, records: relevant, allowedIssuers, hints: [hint] };
  }
  const ids = caaIdentities.map((id) => id.trim().toLowerCase().replace(/\.$/, ''));
  if (ids.length === 0) {
    return {
      status: 'unknown-ca', at, records: relevant, allowedIssuers,
      hints: [msg(str`CAA at ${at} allows only ${allowedIssuers.join(', ')}; if this CA is not one of them, it will refuse.`)],
    };
  }
  const matching = relevant.filter((r) => ids.includes(issuerOf(r)));
  if (matching.length === 0) {
    return {
      status: 'forbidden', at, records: relevant, allowedIssuers,
      hints: [msg(str`CAA at ${at} allows only ${allowedIssuers.join(', ')}. Add a record ${at}. CAA 0 ${tag} "${ids[0]}" to let this CA issue.`)],
    };
  }
  // RFC 8657 parameters narrow the permission further; say so, the CA will enforce them.
  const limited = (r: CaaRecord): string[] =>
    r.value.split(';').slice(1).map((p) => p.trim()).filter((p) => /^(accounturi|validationmethods)\s*=/i.test(p));
  const hints = matching.every((r) => limited(r).length > 0)
    ? [msg(str`CAA at ${at} allows this CA only with ${unique(matching.flatMap(limited)).join(' and ')}; the account and challenge type must match.`)]
    : [];
  return { status: 'allowed', at, records: matching, allowedIssuers, hints };
}

const SEVERITY: Record<Exclude<CaaStatus, 'error'>, number> = { forbidden: 3, 'unknown-ca': 2, allowed: 1, none: 0 };

export async function checkCaa(
  name: string,
  wildcard: boolean,
  caaIdentities: readonly string[],
  resolvers: readonly Resolver[] = DEFAULT_RESOLVERS,
  opts: CheckOptions = {},
): Promise<CaaCheck> {
  const lookup = lookupOf(opts);
  const domain = normalName(name);
  const nodes = caaNodes(domain);
  // All names at once: a few more GETs, one round trip instead of one per label.
  const perNode = await Promise.all(nodes.map((node) => lookup(resolvers, node, 'CAA', opts)));

  const errors: string[] = [];
  const results: { resolver: Resolver; check: CaaCheck }[] = [];
  resolvers.forEach((resolver, i) => {
    const rrsets = new Map<string, CaaRecord[]>();
    let via: string | undefined;
    for (const [k, node] of nodes.entries()) {
      const answer = perNode[k]?.find((a) => a.resolver === resolver) ?? perNode[k]?.[i];
      if (!answer) return;
      const reading = read(answer, 'CAA');
      // A failed look-up before any RRset is found: the CA stops there too.
      if (!reading.ok) {
        errors.push(msg(str`${resolver.name} could not look up CAA for ${node}: ${reading.error}`));
        return;
      }
      const records = reading.records.flatMap((r) => (r.type === 'CAA' ? [r.data] : []));
      if (records.length > 0) {
        rrsets.set(node, records);
        if (reading.chain.length > 1) via = reading.chain[reading.chain.length - 1];
        break;
      }
    }
    const check = evaluateCaa(rrsets, domain, wildcard, caaIdentities);
    if (via !== undefined) check.via = via;
    results.push({ resolver, check });
  });

  const refuses = msg('A CA refuses to issue when its own CAA look-up fails like this.');
  if (results.length === 0) {
    return { name: domain, status: 'error', records: [], allowedIssuers: [], errors, hints: [...errors, refuses] };
  }
  const severity = (c: CaaCheck): number => (c.status === 'error' ? -1 : SEVERITY[c.status]);
  // The strictest view wins: the CA may well see what that resolver sees.
  const worst = results.reduce((a, b) => (severity(b.check) > severity(a.check) ? b : a));
  const check: CaaCheck = { ...worst.check, errors, hints: [...worst.check.hints] };
  const statuses = unique(results.map((r) => r.check.status));
  if (statuses.length > 1) {
    const views = results.map((r) => `${r.resolver.name}: ${r.check.status}`).join(', ');
    const shown = listNames(results.filter((r) => r.check.status === check.status).map((r) => r.resolver));
    check.hints.push(msg(str`The resolvers disagree (${views}); a CAA change may still be spreading. Showing what ${shown} sees.`));
  }
  if (errors.length > 0) {
    check.hints.push(...errors, refuses);
  }
  return check;
}
