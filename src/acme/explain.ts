// One plain sentence for what an ACME problem type means, and one for what to do next.
// Keyed by the short name after "urn:ietf:params:acme:error:".
import { msg } from '../words/words.ts';

export interface Explanation {
  what: string;
  next: string;
}

/**
 * The explanation of one problem type, worded when asked for (in the page, in the visitor's language), or
 * undefined for a type without one. A switch rather than a table: no sentence is worded at module load, and a
 * type such as "constructor" cannot find a property every object has.
 */
function known(short: string): Explanation | undefined {
  switch (short) {
    case 'accountDoesNotExist':
      return {
        what: msg('The CA has no account for this key.'),
        next: msg('Create a new account, or import the key of the account you used before.'),
      };
    case 'alreadyRevoked':
      return {
        what: msg('This certificate was already revoked.'),
        next: msg('Nothing more to do for this certificate.'),
      };
    case 'alreadyReplaced':
      return {
        what: msg('This certificate was already renewed by another order.'),
        next: msg('Renew again without marking it as a replacement; certpage retries that way on its own.'),
      };
    case 'badCSR':
      return {
        what: msg('The CA refused the certificate signing request (CSR).'),
        next: msg('Check that the CSR lists exactly the names of the order and uses an RSA 2048–4096 or ECDSA P-256/P-384 key, then finalize again.'),
      };
    case 'badNonce':
      return {
        what: msg('The CA refused a one-time request number (nonce), which happens now and then.'),
        next: msg('Try again; certpage normally retries this on its own.'),
      };
    case 'badPublicKey':
      return {
        what: msg('The CA does not accept this kind of key.'),
        next: msg('Use an ECDSA P-256 key (or RSA 2048 or larger) for the account.'),
      };
    case 'badRevocationReason':
      return {
        what: msg('The CA does not accept this revocation reason.'),
        next: msg('Choose unspecified, keyCompromise, superseded or cessationOfOperation.'),
      };
    case 'badSignatureAlgorithm':
      return {
        what: msg('The CA does not accept the signature algorithm of this key.'),
        next: msg('Use an ECDSA P-256 (ES256) or RSA (RS256) account key.'),
      };
    case 'caa':
      return {
        what: msg("A CAA record in the domain's DNS does not allow this CA to issue."),
        next: msg('Add a CAA record that names this CA (or remove the one that forbids it), wait for DNS to update, then start a new order.'),
      };
    case 'compound':
      return {
        what: msg('The CA found several problems.'),
        next: msg('Read each one below and fix them in turn.'),
      };
    case 'connection':
      return {
        what: msg('The CA could not connect to the server to check the challenge.'),
        next: msg('Make sure the name points to your server, port 80 is open to the internet (no firewall or geo-blocking), then start a new order.'),
      };
    case 'dns':
      return {
        what: msg('The CA could not look up the DNS records it needed.'),
        next: msg('Check that the domain is registered, its name servers answer, and the record is published, then start a new order.'),
      };
    case 'externalAccountRequired':
      return {
        what: msg('This CA only opens accounts bound to an existing customer account (External Account Binding).'),
        next: msg("Get an EAB key ID and MAC key from the CA's website and enter them when creating the account."),
      };
    case 'incorrectResponse':
      return {
        what: msg('The CA found the file or DNS record, but its content was not what it expected.'),
        next: msg('Copy the exact value shown here again (no extra spaces or quotes), place it, check it, then start a new order.'),
      };
    case 'invalidContact':
      return {
        what: msg('The CA refused the contact address.'),
        next: msg('Check the e-mail address for typos, or leave it empty.'),
      };
    case 'invalidProfile':
      return {
        what: msg('The CA does not offer the certificate profile that was asked for.'),
        next: msg('Choose one of the profiles this CA lists, or none.'),
      };
    case 'malformed':
      return {
        what: msg('The CA could not understand the request.'),
        next: msg('Read the detail below; if it mentions a name, check it for typos.'),
      };
    case 'orderNotReady':
      return {
        what: msg('The order is not ready to be finalized: not every name has been validated yet.'),
        next: msg('Finish the remaining challenges, then finalize.'),
      };
    case 'rateLimited':
      return {
        what: msg('The CA is limiting how often this can be done.'),
        next: msg('Wait until the time given below, then try again. Use the staging CA while you experiment.'),
      };
    case 'rejectedIdentifier':
      return {
        what: msg('The CA will not issue for one of these names.'),
        next: msg('Remove the name the detail below mentions (for example an internal or blocked name) and try again.'),
      };
    case 'serverInternal':
      return {
        what: msg('The CA had an internal error.'),
        next: msg('Wait a few minutes and try again; nothing you entered is lost.'),
      };
    case 'tls':
      return {
        what: msg('The CA had a TLS problem while checking the server.'),
        next: msg('Check the HTTPS set-up of the server, or use the DNS-01 challenge instead.'),
      };
    case 'unauthorized':
      return {
        what: msg('The CA refused: this account is not allowed to do that, or the check of the name failed.'),
        next: msg('Read the detail below. If the account was deactivated, create a new one.'),
      };
    case 'unsupportedContact':
      return {
        what: msg('The CA does not accept this kind of contact address.'),
        next: msg('Use a plain e-mail address, or leave it empty.'),
      };
    case 'unsupportedIdentifier':
      return {
        what: msg('The CA does not issue certificates for this kind of name.'),
        next: msg('Remove IP addresses or other unusual names and try again.'),
      };
    case 'userActionRequired':
      return {
        what: msg('The CA needs you to do something first, usually to accept new terms of service.'),
        next: msg('Open the link below, read and accept what it asks, then try again.'),
      };
    default:
      return undefined;
  }
}

const PREFIX = 'urn:ietf:params:acme:error:';

/** The short name of a problem type ("urn:ietf:params:acme:error:dns" → "dns"), or the full type. */
export function shortType(type: string | undefined): string {
  if (!type) return 'about:blank';
  return type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
}

export function explain(type: string | undefined): Explanation {
  return known(shortType(type)) ?? {
    what: msg('The CA reported a problem.'),
    next: msg('Read the detail below; if it is unclear, try again later or ask the CA.'),
  };
}
