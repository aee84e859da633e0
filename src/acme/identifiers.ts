// Names → ACME identifiers (RFC 8555 §9.7.7 dns, RFC 8738 ip).
import type { Identifier } from './types.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpAddress(name: string): boolean {
  const text = name.trim();
  if (IPV4.test(text)) return true;
  if (!text.includes(':')) return false;
  try {
    return new URL(`http://[${text.replace(/^\[|\]$/g, '')}]/`).hostname.startsWith('[');
  } catch {
    return false;
  }
}

/** "Example.COM" → {dns, example.com}; "192.0.2.1" or "2001:db8::1" → {ip, …}. No other checks here. */
export function toIdentifier(name: string): Identifier {
  const text = name.trim().replace(/^\[|\]$/g, '');
  if (isIpAddress(text)) return { type: 'ip', value: canonicalIp(text) };
  return { type: 'dns', value: text.toLowerCase().replace(/\.$/, '') };
}

/** IPv6 in the compressed lower-case form (RFC 5952), IPv4 as is. */
function canonicalIp(text: string): string {
  if (!text.includes(':')) return text;
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/** A stable key for comparing identifiers ("dns:example.com"). */
export function identifierKey(id: Identifier): string {
  return `${id.type}:${id.value.toLowerCase()}`;
}
