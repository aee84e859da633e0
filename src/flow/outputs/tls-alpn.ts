// What a TLS-ALPN-01 card offers (RFC 8737): the validation certificate and key as two files, and ready recipes
// to answer the CA with them on port 443: `openssl s_server` alone (the web server stopped meanwhile), or behind
// an nginx `stream` block that sends only ALPN "acme-tls/1" to it while the site keeps running.
// Names come from the CA's authorization, so they are checked before they reach a file name or a command.
import { msg, str } from '@lit/localize';
import { isDnsName } from '../../crypto/identifiers.ts';
import { shWord } from './commands.ts';

/** The ALPN protocol the CA asks for (RFC 8737 §6.2). */
export const ACME_TLS_ALPN = 'acme-tls/1';
/** Where the nginx recipe runs openssl s_server and where it moves the site (loopback ports, free on most hosts). */
export const NGINX_CHALLENGE_PORT = 10443;
export const NGINX_SITE_PORT = 8443;

export interface TlsAlpnFile {
  name: string;
  text: string;
  description: string;
}

export interface TlsAlpnFileNames {
  cert: string;
  key: string;
}

export interface ServerRecipe {
  /** One line, run in the folder that holds the two files. */
  command: string;
  /** What to stop or route first, and why, in plain words. */
  before: string[];
  /** What to do once the CA has checked. */
  after: string[];
}

export interface NginxRecipe {
  /** The `stream { }` block for nginx.conf. */
  config: string;
  /** The openssl line that answers behind it, on loopback. */
  command: string;
  /** Every step, in order. */
  steps: string[];
}

/** The host name a card is for: lower case, a plain DNS name (no wildcard, no IP address, nothing else). */
function checkedName(name: string): string {
  const host = name.trim().toLowerCase();
  if (host.startsWith('*.') || !isDnsName(host)) {
    throw new Error(msg(str`TLS-ALPN-01 proves one plain DNS name, not ${JSON.stringify(name)}: use DNS-01 for wildcards and HTTP-01 for IP addresses.`));
  }
  return host;
}

/** Fixed per name, so the files of two cards never clash in a downloads folder. */
export function tlsAlpnFileNames(name: string): TlsAlpnFileNames {
  const host = checkedName(name);
  return { cert: `tls-alpn-${host}-cert.pem`, key: `tls-alpn-${host}-key.pem` };
}

/** Makes the validation certificate and key (pkijs, loaded only now) as the two files the recipes name. */
export async function tlsAlpnFiles(name: string, keyAuthorization: string): Promise<{ cert: TlsAlpnFile; key: TlsAlpnFile; notAfter: Date }> {
  const names = tlsAlpnFileNames(name);
  const { buildTlsAlpnCertificate } = await import('../../crypto/tls-alpn.ts');
  const made = await buildTlsAlpnCertificate(name, keyAuthorization);
  return {
    cert: { name: names.cert, text: made.certPem, description: msg(str`the validation certificate for ${checkedName(name)}: self-signed, only for the CA's check`) },
    key: { name: names.key, text: made.keyPem, description: msg('its private key: made for this check only, delete it afterwards') },
    notAfter: made.notAfter,
  };
}

/**
 * `openssl s_server` answering ALPN acme-tls/1 on port 443 with the two files. `accept` is where it listens
 * (default 443 on every address); the nginx recipe puts it on loopback.
 */
export function opensslServerRecipe(name: string, opts: { accept?: string } = {}): ServerRecipe {
  const files = tlsAlpnFileNames(name);
  const accept = opts.accept ?? '443';
  if (!/^(?:[A-Za-z0-9.-]+:|\[[0-9A-Fa-f:.]+\]:)?\d{1,5}$/.test(accept)) throw new Error(msg(str`not a port or host:port: ${JSON.stringify(accept)}`));
  const command = `openssl s_server -accept ${accept} -cert ${shWord(files.cert)} -key ${shWord(files.key)} -alpn ${ACME_TLS_ALPN}`;
  const onPort443 = accept === '443';
  return {
    command,
    before: onPort443
      ? [
          msg(str`The CA connects to ${checkedName(name)} on port 443 and asks for "${ACME_TLS_ALPN}". While it checks, port 443 must be answered by this command, not by your web server.`),
          msg('So stop whatever holds port 443 for a minute (for example: sudo systemctl stop nginx, or apache2, caddy, haproxy), and run this line as root (port 443 needs it) in the folder with the two files.'),
          msg('A firewall, router or load balancer in front must pass TCP port 443 through to this machine unchanged (not end TLS itself).'),
          msg('If the site must stay up, use the nginx stream block instead.'),
        ]
      : [msg(str`Run this line in the folder with the two files; it answers "${ACME_TLS_ALPN}" on ${accept}.`)],
    after: [
      msg('Leave it running, submit, and wait until the card says valid: the CA may connect more than once, from several places.'),
      onPort443
        ? msg('Then stop it with Ctrl-C, start your web server again, and delete the two files.')
        : msg('Then stop it with Ctrl-C and delete the two files.'),
    ],
  };
}

/**
 * An nginx `stream` block on port 443 that reads the ALPN list of each connection (ssl_preread, no TLS ended
 * there) and sends "acme-tls/1" to openssl s_server on loopback, everything else to the site, moved to loopback.
 */
export function nginxStreamRecipe(name: string): NginxRecipe {
  const server = opensslServerRecipe(name, { accept: `127.0.0.1:${NGINX_CHALLENGE_PORT}` });
  const config = [
    '# In nginx.conf at the top level, next to http { } (not inside it). Needs the stream module with ssl_preread', // i18n-exempt: the nginx stream block (and its comments) that the user pastes
    '# (Debian/Ubuntu: apt install libnginx-mod-stream).', // i18n-exempt: the nginx stream block (and its comments) that the user pastes
    'stream {',
    `    # The CA asks only for "${ACME_TLS_ALPN}"; browsers ask for h2/http/1.1 and go on to the site.`, // i18n-exempt: the nginx stream block (and its comments) that the user pastes
    '    map $ssl_preread_alpn_protocols $acme_tls_upstream {',
    `        ~\\bacme-tls/1\\b  127.0.0.1:${NGINX_CHALLENGE_PORT};`,
    `        default          127.0.0.1:${NGINX_SITE_PORT};`,
    '    }',
    '    server {',
    '        listen 443;',
    '        listen [::]:443;',
    '        ssl_preread on;', // i18n-exempt: the nginx stream block (and its comments) that the user pastes
    '        proxy_pass $acme_tls_upstream;',
    '    }',
    '}',
    '',
  ].join('\n');
  // Placeholders, not message text: the commands stay as they are, and lit-localize would write && as entities.
  const reload = 'sudo nginx -t && sudo systemctl reload nginx'; // i18n-exempt: a shell command
  return {
    config,
    command: server.command,
    steps: [
      msg(str`Only one listener can hold port 443, so the site moves behind the stream block: in its server { } blocks, change "listen 443 ssl" to "listen 127.0.0.1:${NGINX_SITE_PORT} ssl" and remove any "listen [::]:443 ssl" line.`),
      msg(str`Add the stream block to nginx.conf, then: ${reload}. The site keeps answering on 443 through it (its logs show 127.0.0.1 as the client meanwhile).`),
      msg(str`In the folder with the two files, run: ${server.command}`),
      msg('Submit, and wait until the card says valid; then stop openssl with Ctrl-C.'),
      msg('Keep the block for the next renewal, or undo both changes and reload nginx.'),
    ],
  };
}
