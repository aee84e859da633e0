// Names → ACME identifiers (RFC 8555 §9.7.7 dns, RFC 8738 ip).
import { formatIp, parseIp } from '../crypto/identifiers.ts';
import type { Identifier } from './types.ts';

/** "Example.COM." → {dns, example.com}; "192.0.2.1" or "[2001:DB8::1]" → {ip, canonical form}. No other checks here. */
export function toIdentifier(name: string): Identifier {
  const text = name.trim().replace(/^\[|\]$/g, '');
  const ip = parseIp(text);
  if (ip) return { type: 'ip', value: formatIp(ip) };
  return { type: 'dns', value: text.toLowerCase().replace(/\.$/, '') };
}

/** A stable key for comparing identifiers ("dns:example.com"). */
export function identifierKey(id: Identifier): string {
  return `${id.type}:${id.value.toLowerCase()}`;
}
