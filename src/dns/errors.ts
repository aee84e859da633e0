// Errors of the DNS layer. `code` is stable (tests and the page branch on it);
// `message` is plain words the page can show as is.

export type DnsFormatErrorCode =
  | 'truncated' // the message ends inside the header, a name or a record
  | 'not-response' // QR bit is 0: somebody echoed a query back
  | 'bad-label' // reserved label type (0x40 / 0x80 prefixes)
  | 'label-too-long' // a label longer than 63 octets
  | 'name-too-long' // a name longer than 255 octets
  | 'pointer-loop' // compression pointers that never end
  | 'pointer-chain' // a name that follows more compression pointers than any real name needs
  | 'too-long' // a message over 65,535 bytes
  | 'pointer-out-of-range' // a compression pointer past the end of the message
  | 'rdata-overrun' // rdlength runs past the end of the message
  | 'bad-rdata' // the record data does not fit its type (an A record of 5 bytes, ...)
  | 'bad-name'; // encodeQuery was given a name that cannot be a DNS name

export class DnsFormatError extends Error {
  readonly code: DnsFormatErrorCode;

  constructor(code: DnsFormatErrorCode, message: string) {
    super(message);
    this.name = 'DnsFormatError';
    this.code = code;
  }
}

export type DohErrorCode =
  | 'network' // fetch threw: offline, blocked, or no CORS header from the resolver
  | 'http' // the resolver answered with a non-2xx status
  | 'format' // the body is not a DNS message (or the wrong one)
  | 'too-large' // the body is longer than a DNS message can be (65,535 bytes)
  | 'timeout' // no complete answer within timeoutMs
  | 'aborted' // the caller's signal fired
  | 'bad-url' // the resolver URL is not https: (or http: on loopback)
  | 'cname-loop'; // a CNAME chain longer than 8 steps or one that loops

export class DohError extends Error {
  readonly code: DohErrorCode;
  /** The resolver URL that was asked. */
  readonly resolver: string;
  /** HTTP status, for code 'http'. */
  readonly status: number | undefined;

  constructor(code: DohErrorCode, resolver: string, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DohError';
    this.code = code;
    this.resolver = resolver;
    this.status = options?.status;
  }
}
