// Known ACME CAs, with their directory URLs as each CA documents them and an honest note on how well each works
// from a web page; a CA whose URL could not be confirmed is left out (use a custom URL).
// Buypass is absent on purpose: it stopped issuing free certificates on 2025-10-15.
// The names of CAs are product names, the same in every language; each note is worded when it is read (a getter), so
// it follows a change of language.
import { msg } from '@lit/localize';

export interface CaPreset {
  id: string;
  name: string;
  directoryUrl: string;
  /** Test certificates that browsers do not trust. */
  staging: boolean;
  /** The CA requires External Account Binding credentials from its website. */
  needsEab: boolean;
  /** One honest sentence on how well the CA works from a web page, in the page's language (worded when read). */
  readonly browserNote?: string;
  website: string;
}

// Let's Encrypt staging comes first: it is the suggested first try (real flow, generous limits, no harm done).
export const CA_PRESETS: readonly CaPreset[] = Object.freeze([
  {
    id: 'letsencrypt-staging',
    name: "Let's Encrypt (staging)", // i18n-exempt: a CA's product name
    directoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory',
    staging: true,
    needsEab: false,
    get browserNote() { return msg('Works from this page and is the best first try: the same steps as the real thing, but the certificate is not trusted by browsers.'); },
    website: 'https://letsencrypt.org/docs/staging-environment/',
  },
  {
    id: 'letsencrypt',
    name: "Let's Encrypt",
    directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory',
    staging: false,
    needsEab: false,
    get browserNote() { return msg('Works from this page: Let\'s Encrypt answers requests from web pages (CORS) and needs no account on its website.'); },
    website: 'https://letsencrypt.org/',
  },
  {
    id: 'zerossl',
    name: 'ZeroSSL',
    directoryUrl: 'https://acme.zerossl.com/v2/DV90',
    staging: false,
    needsEab: true,
    get browserNote() { return msg('Needs EAB credentials from your ZeroSSL dashboard, and as far as is known it does not let web pages read the Replay-Nonce header (CORS), so it will most likely fail from this page.'); },
    website: 'https://zerossl.com/',
  },
  {
    id: 'google',
    name: 'Google Trust Services', // i18n-exempt: a CA's product name
    directoryUrl: 'https://dv.acme-v02.api.pki.goog/directory',
    staging: false,
    needsEab: true,
    get browserNote() { return msg('Needs a single-use EAB key (gcloud publicca external-account-keys create, valid 7 days), and in 2022 it refused requests from web pages (CORS); whether it still does is unknown.'); },
    website: 'https://pki.goog/',
  },
  {
    id: 'google-staging',
    name: 'Google Trust Services (staging)', // i18n-exempt: a CA's product name
    directoryUrl: 'https://dv.acme-v02.test-api.pki.goog/directory',
    staging: true,
    needsEab: true,
    get browserNote() { return msg('Needs a single-use EAB key made for the staging environment, and may refuse requests from web pages (CORS) like the production service did in 2022.'); },
    website: 'https://pki.goog/',
  },
  {
    id: 'sslcom-rsa',
    name: 'SSL.com (RSA)', // i18n-exempt: a CA's product name
    directoryUrl: 'https://acme.ssl.com/sslcom-dv-rsa',
    staging: false,
    needsEab: true,
    get browserNote() { return msg('Needs EAB credentials and a contact e-mail from your SSL.com account (a funded account is charged for a paid certificate); whether it accepts requests from web pages (CORS) is unknown.'); },
    website: 'https://www.ssl.com/',
  },
  {
    id: 'sslcom-ecc',
    name: 'SSL.com (ECC)', // i18n-exempt: a CA's product name
    directoryUrl: 'https://acme.ssl.com/sslcom-dv-ecc',
    staging: false,
    needsEab: true,
    get browserNote() { return msg('Needs EAB credentials and a contact e-mail from your SSL.com account (a funded account is charged for a paid certificate); whether it accepts requests from web pages (CORS) is unknown.'); },
    website: 'https://www.ssl.com/',
  },
  {
    id: 'actalis',
    name: 'Actalis', // i18n-exempt: a CA's product name
    directoryUrl: 'https://acme-api.actalis.com/acme/directory',
    staging: false,
    needsEab: true,
    get browserNote() { return msg('Needs EAB credentials from your Actalis account, and the free plan covers one name plus www without wildcards; whether it accepts requests from web pages (CORS) is unknown.'); },
    website: 'https://www.actalis.com/',
  },
].map((p) => Object.freeze(p)));

/** The preset whose directory this is, ignoring case in scheme and host, a trailing slash and surrounding spaces. */
export function presetFor(directoryUrl: string): CaPreset | undefined {
  const key = directoryKey(directoryUrl);
  return key === undefined ? undefined : CA_PRESETS.find((p) => directoryKey(p.directoryUrl) === key);
}

function directoryKey(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  // The path is case-sensitive on a server, so it is compared as typed.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}
