// CAA pre-check when names are entered: would these names' CAA records let this CA issue?
import { msg, str } from '@lit/localize';
import { checkCaa } from '../../dns/checks.ts';
import type { Resolver } from '../../dns/default-resolvers.ts';
import type { CaInfo } from '../ca/describe.ts';

/** CAA identities of well-known CAs, for directories that do not list theirs. */
const KNOWN_IDENTITIES: Record<string, string[]> = {
  'acme-v02.api.letsencrypt.org': ['letsencrypt.org'],
  'acme-staging-v02.api.letsencrypt.org': ['letsencrypt.org'],
};

export interface CaaWarning {
  name: string;
  /** 'forbidden': CAA names other CAs only; 'unknown-ca': CAA restricts issuance and this CA's identity is unknown. */
  kind: 'forbidden' | 'unknown-ca';
  message: string;
  /** The records that decide, as zone-file text. */
  records: string[];
}

export function caaIdentitiesOf(ca: CaInfo): string[] {
  if (ca.caaIdentities.length) return ca.caaIdentities;
  try {
    return KNOWN_IDENTITIES[new URL(ca.directoryUrl).hostname] ?? [];
  } catch {
    return [];
  }
}

export async function caaWarnings(names: { name: string; wildcard: boolean; type: 'dns' | 'ip' }[], ca: CaInfo, resolvers: Resolver[]): Promise<CaaWarning[]> {
  const identities = caaIdentitiesOf(ca);
  const results = await Promise.all(names.filter((n) => n.type === 'dns').map(async (n) => ({ n, r: await checkCaa(n.name, n.wildcard, identities, resolvers) })));
  const out: CaaWarning[] = [];
  for (const { n, r } of results) {
    const records = r.records.map((c) => `${r.at ?? ''}. CAA ${c.flags} ${c.tag} "${c.value}"`);
    if (r.status === 'forbidden') {
      const issuers = r.allowedIssuers.join(', ');
      const identity = identities[0];
      const message = r.allowedIssuers.length
        ? identity !== undefined
          ? msg(str`${n.name}: the CAA records at ${r.at} allow only ${issuers}, so this CA will refuse. Add a CAA record for ${identity} (or remove the one that forbids it) before ordering.`)
          : msg(str`${n.name}: the CAA records at ${r.at} allow only ${issuers}, so this CA will refuse. Add a CAA record for this CA (or remove the one that forbids it) before ordering.`)
        : identity !== undefined
          ? msg(str`${n.name}: the CAA records at ${r.at} allow no CA at all, so this CA will refuse. Add a CAA record for ${identity} (or remove the one that forbids it) before ordering.`)
          : msg(str`${n.name}: the CAA records at ${r.at} allow no CA at all, so this CA will refuse. Add a CAA record for this CA (or remove the one that forbids it) before ordering.`);
      out.push({ name: n.name, kind: 'forbidden', records, message });
    } else if (r.status === 'unknown-ca') {
      out.push({ name: n.name, kind: 'unknown-ca', records, message: msg(str`${n.name}: the CAA records at ${r.at} allow only ${r.allowedIssuers.join(', ')}. This CA does not say which name it checks for; if it is not one of those, it will refuse.`) });
    }
  }
  return out;
}
