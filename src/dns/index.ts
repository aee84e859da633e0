// The DNS layer: RFC 8484 look-ups against public resolvers, and the checks
// built on them. Imports nothing else of ours; takes `fetch` from the caller.

export * from './checks.ts';
export { DnsFormatError, DohError, type DnsFormatErrorCode, type DohErrorCode } from './errors.ts';
export { queryDoh, type DohOptions, type FetchLike } from './doh.ts';
export { DEFAULT_RESOLVERS, lookupAll, recordsAt, resolveFollowing, type LookupAll, type Resolver, type ResolverAnswer } from './resolvers.ts';
export { decodeResponse, encodeQuery, type CaaValue, type DnsMessage, type DnsRecord, type RecordType } from './wire.ts';
