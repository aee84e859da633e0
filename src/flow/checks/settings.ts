// Whether the page may look names up in DNS, and through which DNS-over-HTTPS resolvers. Nothing is looked up until
// the user has said yes once (the resolvers learn every name checked and its parents); the answer is remembered.
// One observable setting: every part of the page reads it here, so a change takes effect everywhere at once.
import { msg, str } from '@lit/localize';
import { DEFAULT_RESOLVERS, type Resolver } from '../../dns/default-resolvers.ts';
import { repo } from '../repo.ts';

export type DnsCheckMode = 'ask' | 'on' | 'off';

export interface DnsCheckSettings {
  mode: DnsCheckMode;
  resolvers: Resolver[];
}

const KEY = 'dnsChecks';
const ASK: DnsCheckSettings = { mode: 'ask', resolvers: [...DEFAULT_RESOLVERS] };

let current: DnsCheckSettings | undefined;
let loading: Promise<DnsCheckSettings> | undefined;
/** Bumped by every change the user makes, so a load that answers later never overwrites it. */
let changes = 0;
const listeners = new Set<(s: DnsCheckSettings) => void>();

function isResolverList(v: unknown): v is Resolver[] {
  return Array.isArray(v) && v.every((r) => r && typeof r === 'object' && typeof (r as Resolver).url === 'string' && typeof (r as Resolver).name === 'string');
}

/** The setting, once loaded; undefined before. */
export function dnsChecks(): DnsCheckSettings | undefined {
  return current;
}

export function loadDnsChecks(): Promise<DnsCheckSettings> {
  const seen = changes;
  loading ??= repo().then((r) => r.getSetting<unknown>(KEY)).catch(() => undefined).then((stored) => {
    const s = stored as Partial<DnsCheckSettings> | undefined;
    const loaded: DnsCheckSettings = s && (s.mode === 'on' || s.mode === 'off' || s.mode === 'ask') && isResolverList(s.resolvers)
      ? { mode: s.mode, resolvers: s.resolvers }
      : ASK;
    if (changes === seen && current === undefined) {
      current = loaded;
      for (const l of listeners) l(loaded);
    }
    return current ?? loaded;
  });
  return loading;
}

/** The resolvers a look-up may use now: none until the user agreed, none when checks are off. */
export function activeResolvers(): Resolver[] {
  return current?.mode === 'on' ? current.resolvers : [];
}

export async function setDnsChecks(next: DnsCheckSettings): Promise<void> {
  changes++;
  current = { mode: next.mode, resolvers: [...next.resolvers] };
  for (const l of listeners) l(current);
  await (await repo()).putSetting(KEY, current);
}

export function onDnsChecks(listener: (s: DnsCheckSettings) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A resolver URL the user typed: https, or plain http on this machine only. Returns a message when unusable. */
export function resolverProblem(url: string): string | undefined {
  if (url.length > 2048) return msg(str`This address is ${url.length.toLocaleString('en')} characters long; a resolver's address is a short https:// URL (at most 2,048 characters).`);
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return msg('Enter the full address of a DNS-over-HTTPS resolver, e.g. https://dns.example/dns-query.');
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) return msg('The resolver must use https:// (plain http only works for one on this computer).');
  return undefined;
}

export function resolverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
