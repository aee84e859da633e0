// Does the name resolve at all (A/AAAA, after CNAMEs)? For http-01 the CA
// connects to these addresses, so a missing, private or unexpected one is
// worth saying before the challenge fails.

import { lookupOf, read, unique, type CheckOptions } from './check-common.ts';
import { DEFAULT_RESOLVERS, type Resolver, type ResolverAnswer } from './resolvers.ts';
import { normalName } from './wire.ts';
import { msg, str } from '../words/words.ts';

export type AddressStatus = 'ok' | 'none' | 'error';

export interface AddressCheck {
  name: string;
  status: AddressStatus;
  /** IPv4 first, then IPv6, as any resolver saw them. */
  addresses: string[];
  ipv4: string[];
  ipv6: string[];
  cname?: string;
  errors: string[];
  hints: string[];
}

/** Pure: judges lookupAll answers for A and for AAAA of the same name. */
export function evaluateAddress(name: string, a: readonly ResolverAnswer[], aaaa: readonly ResolverAnswer[]): AddressCheck {
  const readsA = a.map((x) => read(x, 'A'));
  const readsAAAA = aaaa.map((x) => read(x, 'AAAA'));
  const all = [...readsA, ...readsAAAA];
  const data = (reads: typeof all): string[] => unique(reads.flatMap((r) => (r.ok ? r.records.map((rec) => String(rec.data)) : [])));
  const ipv4 = data(readsA);
  const ipv6 = data(readsAAAA);
  const addresses = [...ipv4, ...ipv6];
  const answered = all.some((r) => r.ok);
  const errors = unique(all.flatMap((r) => (r.ok ? [] : [`${r.resolver.name}: ${r.error}`])));

  const check: AddressCheck = {
    name: normalName(name),
    status: addresses.length > 0 ? 'ok' : answered ? 'none' : 'error',
    addresses,
    ipv4,
    ipv6,
    errors,
    hints: [],
  };
  const aliased = all.find((r) => r.ok && r.chain.length > 1);
  if (aliased?.ok) check.cname = aliased.chain[aliased.chain.length - 1]!;

  if (check.status === 'none') check.hints.push(msg(str`${check.name} has no IPv4 (A) or IPv6 (AAAA) address, so the CA cannot connect to it for http-01.`));
  for (const ip of addresses) {
    if (isPrivate(ip)) check.hints.push(msg(str`${ip} is a private or local address: a CA on the internet cannot reach it, so http-01 will fail. Use dns-01 instead.`));
  }
  if (ipv4.length > 0 && ipv6.length > 0) {
    check.hints.push(msg(str`${check.name} also has an IPv6 address (${ipv6.join(', ')}). Let's Encrypt tries IPv6 first, so the web server must answer there too.`));
  }
  // Resolvers that answered but disagree: a change that is still spreading.
  const disagree = (reads: typeof all): boolean =>
    new Set(reads.flatMap((r) => (r.ok ? [r.records.map((rec) => String(rec.data)).sort().join(',')] : []))).size > 1;
  if (disagree(readsA) || disagree(readsAAAA)) {
    check.hints.push(msg('The resolvers see different addresses; a recent DNS change may still be spreading.'));
  }
  check.hints.push(...errors);
  return check;
}

/** RFC 1918, loopback, link-local, CGNAT, unique-local: addresses no CA can reach. */
export function isPrivate(ip: string): boolean {
  if (ip.includes(':')) {
    const lower = ip.toLowerCase();
    if (lower === '::1' || lower === '::') return true;
    if (lower.startsWith('::ffff:')) return isPrivate(lower.slice(7));
    const first = parseInt(lower.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  const [a = -1, b = -1] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0
    || (a === 172 && b >= 16 && b <= 31)
    || (a === 192 && b === 168)
    || (a === 169 && b === 254)
    || (a === 100 && b >= 64 && b <= 127);
}

export async function checkAddress(
  name: string,
  resolvers: readonly Resolver[] = DEFAULT_RESOLVERS,
  opts: CheckOptions = {},
): Promise<AddressCheck> {
  const lookup = lookupOf(opts);
  const host = normalName(name);
  const [a, aaaa] = await Promise.all([lookup(resolvers, host, 'A', opts), lookup(resolvers, host, 'AAAA', opts)]);
  return evaluateAddress(host, a, aaaa);
}
