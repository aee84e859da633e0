// One plain sentence for what an ACME problem type means, and one for what to do next.
// Keyed by the short name after "urn:ietf:params:acme:error:".

export interface Explanation {
  what: string;
  next: string;
}

const EXPLANATIONS: Record<string, Explanation> = {
  accountDoesNotExist: {
    what: 'The CA has no account for this key.',
    next: 'Create a new account, or import the key of the account you used before.',
  },
  alreadyRevoked: {
    what: 'This certificate was already revoked.',
    next: 'Nothing more to do for this certificate.',
  },
  alreadyReplaced: {
    what: 'This certificate was already renewed by another order.',
    next: 'Renew again without marking it as a replacement; certpage retries that way on its own.',
  },
  badCSR: {
    what: 'The CA refused the certificate signing request (CSR).',
    next: 'Check that the CSR lists exactly the names of the order and uses an RSA 2048–4096 or ECDSA P-256/P-384 key, then finalize again.',
  },
  badNonce: {
    what: 'The CA refused a one-time request number (nonce), which happens now and then.',
    next: 'Try again; certpage normally retries this on its own.',
  },
  badPublicKey: {
    what: 'The CA does not accept this kind of key.',
    next: 'Use an ECDSA P-256 key (or RSA 2048 or larger) for the account.',
  },
  badRevocationReason: {
    what: 'The CA does not accept this revocation reason.',
    next: 'Choose unspecified, keyCompromise, superseded or cessationOfOperation.',
  },
  badSignatureAlgorithm: {
    what: 'The CA does not accept the signature algorithm of this key.',
    next: 'Use an ECDSA P-256 (ES256) or RSA (RS256) account key.',
  },
  caa: {
    what: "A CAA record in the domain's DNS does not allow this CA to issue.",
    next: 'Add a CAA record that names this CA (or remove the one that forbids it), wait for DNS to update, then start a new order.',
  },
  compound: {
    what: 'The CA found several problems.',
    next: 'Read each one below and fix them in turn.',
  },
  connection: {
    what: 'The CA could not connect to the server to check the challenge.',
    next: 'Make sure the name points to your server, port 80 is open to the internet (no firewall or geo-blocking), then start a new order.',
  },
  dns: {
    what: 'The CA could not look up the DNS records it needed.',
    next: 'Check that the domain is registered, its name servers answer, and the record is published, then start a new order.',
  },
  externalAccountRequired: {
    what: 'This CA only opens accounts bound to an existing customer account (External Account Binding).',
    next: "Get an EAB key ID and MAC key from the CA's website and enter them when creating the account.",
  },
  incorrectResponse: {
    what: 'The CA found the file or DNS record, but its content was not what it expected.',
    next: 'Copy the exact value shown here again (no extra spaces or quotes), place it, check it, then start a new order.',
  },
  invalidContact: {
    what: 'The CA refused the contact address.',
    next: 'Check the e-mail address for typos, or leave it empty.',
  },
  invalidProfile: {
    what: 'The CA does not offer the certificate profile that was asked for.',
    next: 'Choose one of the profiles this CA lists, or none.',
  },
  malformed: {
    what: 'The CA could not understand the request.',
    next: 'Read the detail below; if it mentions a name, check it for typos.',
  },
  orderNotReady: {
    what: 'The order is not ready to be finalized: not every name has been validated yet.',
    next: 'Finish the remaining challenges, then finalize.',
  },
  rateLimited: {
    what: 'The CA is limiting how often this can be done.',
    next: 'Wait until the time given below, then try again. Use the staging CA while you experiment.',
  },
  rejectedIdentifier: {
    what: 'The CA will not issue for one of these names.',
    next: 'Remove the name the detail below mentions (for example an internal or blocked name) and try again.',
  },
  serverInternal: {
    what: 'The CA had an internal error.',
    next: 'Wait a few minutes and try again; nothing you entered is lost.',
  },
  tls: {
    what: 'The CA had a TLS problem while checking the server.',
    next: 'Check the HTTPS set-up of the server, or use the DNS-01 challenge instead.',
  },
  unauthorized: {
    what: 'The CA refused: this account is not allowed to do that, or the check of the name failed.',
    next: 'Read the detail below. If the account was deactivated, create a new one.',
  },
  unsupportedContact: {
    what: 'The CA does not accept this kind of contact address.',
    next: 'Use a plain e-mail address, or leave it empty.',
  },
  unsupportedIdentifier: {
    what: 'The CA does not issue certificates for this kind of name.',
    next: 'Remove IP addresses or other unusual names and try again.',
  },
  userActionRequired: {
    what: 'The CA needs you to do something first, usually to accept new terms of service.',
    next: 'Open the link below, read and accept what it asks, then try again.',
  },
};

const PREFIX = 'urn:ietf:params:acme:error:';

/** The short name of a problem type ("urn:ietf:params:acme:error:dns" → "dns"), or the full type. */
export function shortType(type: string | undefined): string {
  if (!type) return 'about:blank';
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
}

export function explain(type: string | undefined): Explanation {
  return EXPLANATIONS[shortType(type)] ?? {
    what: 'The CA reported a problem.',
    next: 'Read the detail below; if it is unclear, try again later or ask the CA.',
  };
}
