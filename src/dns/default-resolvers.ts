// The resolvers asked by default, apart from resolvers.ts so the settings can list them without the DNS code.
// Both send `Access-Control-Allow-Origin: *` on their RFC 8484 endpoint;
// Quad9 does not, so it is not here.

export interface Resolver {
  name: string;
  url: string;
}

export const DEFAULT_RESOLVERS: readonly Resolver[] = Object.freeze([
  Object.freeze({ name: 'Cloudflare', url: 'https://cloudflare-dns.com/dns-query' }), // i18n-exempt: a product name
  Object.freeze({ name: 'Google', url: 'https://dns.google/dns-query' }), // i18n-exempt: a product name
]);
