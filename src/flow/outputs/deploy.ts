// How to install the files: one config snippet per common server, using the files' usual names.
// Paths follow each server's habit: /etc/ssl/<folder>/ for nginx, Apache and Caddy; HAProxy's
// one-file certificate (combined.pem) as /etc/haproxy/certs/<folder>.pem.
import { msg, str } from '@lit/localize';
import { wildcardBase } from '../../crypto/identifiers.ts';

export type ServerKind = 'nginx' | 'apache' | 'caddy' | 'haproxy';

export interface DeploySnippet {
  server: ServerKind;
  /** e.g. "nginx" or "Apache httpd". */
  title: string;
  /** Where to put which downloaded file. */
  place: string;
  /** The lines to add to the server's configuration. */
  config: string;
  /** One shell line that checks the configuration and reloads the server. */
  reload: string;
}

/**
 * A folder/file name from the certificate's first name: "*.example.com" → "example.com",
 * "2001:db8::1" → "2001-db8--1". Only letters, digits, dots, dashes and underscores remain.
 */
export function deployFolder(names: readonly string[]): string {
  const first = wildcardBase((names[0] ?? '').trim().toLowerCase());
  const safe = first.replace(/[^a-z0-9._-]/g, '-').replace(/^\.+/, '').replace(/\.+$/, '');
  return safe || 'certificate';
}

export function deploySnippets(names: readonly string[], opts: { keyMadeHere?: boolean } = {}): DeploySnippet[] {
  const keyHere = opts.keyMadeHere ?? true;
  const folder = deployFolder(names);
  const dir = `/etc/ssl/${folder}`;
  const pem = (f: string) => `${dir}/${f}`;
  const full = pem('fullchain.pem');
  const key = pem('privkey.pem');
  // Whole sentences per case (word order differs by language); the file names and paths stay as they are.
  const placeBoth = keyHere
    ? msg(str`Save fullchain.pem and privkey.pem as ${full} and ${key}; only root should be able to read privkey.pem.`)
    : msg(str`Save fullchain.pem and privkey.pem as ${full} and ${key} (privkey.pem is the key you made the CSR with); only root should be able to read privkey.pem.`);
  const placeCaddy = keyHere
    ? msg(str`Save fullchain.pem and privkey.pem as ${full} and ${key}; only root and the caddy user should be able to read privkey.pem.`)
    : msg(str`Save fullchain.pem and privkey.pem as ${full} and ${key} (privkey.pem is the key you made the CSR with); only root and the caddy user should be able to read privkey.pem.`);
  const haproxyFile = `/etc/haproxy/certs/${folder}.pem`;
  // A placeholder, not message text: the command stays as it is, and lit-localize would write its > as an entity.
  const combine = `cat privkey.pem fullchain.pem > ${folder}.pem`; // i18n-exempt: a shell command
  const sites = names.length ? names.join(', ') : folder;
  return [
    {
      server: 'nginx',
      title: 'nginx',
      place: placeBoth,
      config: `ssl_certificate     ${pem('fullchain.pem')};\nssl_certificate_key ${pem('privkey.pem')};`,
      reload: 'sudo nginx -t && sudo systemctl reload nginx', // i18n-exempt: a shell command
    },
    {
      server: 'apache',
      title: 'Apache httpd', // i18n-exempt: a server product's name
      place: placeBoth,
      // Apache 2.4.8 and later read the intermediates from SSLCertificateFile (no SSLCertificateChainFile).
      // i18n-exempt: server configuration lines
      config: `SSLEngine on\nSSLCertificateFile    ${pem('fullchain.pem')}\nSSLCertificateKeyFile ${pem('privkey.pem')}`,
      reload: 'sudo apachectl configtest && sudo apachectl graceful', // i18n-exempt: a shell command
    },
    {
      server: 'caddy',
      title: 'Caddy', // i18n-exempt: a server product's name
      place: placeCaddy,
      config: `${sites} {\n    tls ${pem('fullchain.pem')} ${pem('privkey.pem')}\n}`,
      reload: 'sudo caddy validate --config /etc/caddy/Caddyfile && sudo systemctl reload caddy', // i18n-exempt: a shell command
    },
    {
      server: 'haproxy',
      title: 'HAProxy',
      place: keyHere
        ? msg(str`Save combined.pem (key, certificate and intermediates) as ${haproxyFile}; only root should be able to read it.`)
        : msg(str`Put your private key and fullchain.pem into one file, ${haproxyFile} (${combine}); only root should be able to read it.`),
      config: `frontend https\n    bind :443 ssl crt ${haproxyFile}`, // i18n-exempt: server configuration lines
      reload: 'sudo haproxy -c -f /etc/haproxy/haproxy.cfg && sudo systemctl reload haproxy', // i18n-exempt: a shell command
    },
  ];
}
