// Which DNS-over-HTTPS resolvers the checks ask: a setting, defaulting to public resolvers that send CORS headers.
import { DEFAULT_RESOLVERS, type Resolver } from '../dns/default-resolvers.ts';
import { getSetting, putSetting } from '../store/repo.ts';

const KEY = 'resolvers';

export async function loadResolvers(): Promise<Resolver[]> {
  return (await getSetting<Resolver[]>(KEY)) ?? [...DEFAULT_RESOLVERS];
}

export async function saveResolvers(list: Resolver[]): Promise<void> {
  await putSetting(KEY, list);
}

/** A resolver URL the user typed: https, or plain http on this machine only. Returns a message when unusable. */
export function resolverProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'Enter the full address of a DNS-over-HTTPS resolver, e.g. https://dns.example/dns-query.';
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) return 'The resolver must use https:// (plain http only works for one on this computer).';
  return undefined;
}

export function resolverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
