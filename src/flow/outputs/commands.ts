// Ready-to-paste snippets that put an HTTP-01 answer in place, or show the DNS-01 record.
// Tokens come from the network, so they are checked before they reach a path or a config file;
// values are quoted for their target language even though base64url needs no quoting.
import { msg, str } from '@lit/localize';
import { wildcardBase } from '../../crypto/identifiers.ts';

export interface Http01File {
  /** The URL the CA will fetch, e.g. http://example.com/.well-known/acme-challenge/<token>. */
  url: string;
  /** The token: the file name inside /.well-known/acme-challenge/. */
  fileName: string;
  /** The exact file content (the key authorization), without a newline. */
  body: string;
  host: string;
}

export const DEFAULT_WEB_ROOT = '/var/www/html';
/** IIS's default site folder: the natural default for the PowerShell command. */
export const DEFAULT_IIS_ROOT = 'C:\\inetpub\\wwwroot';

const TOKEN = /^[A-Za-z0-9_-]+$/;
const KEY_AUTHORIZATION = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const CHALLENGE_DIR = '.well-known/acme-challenge';

/** One line: make the challenge folder and write the file byte-exact (printf adds no newline). */
export function shellCommand(file: Http01File, webRoot?: string): string {
  return shellCommandForAll([file], webRoot);
}

/** One line writing every file under the same web root. Empty when there are no files. */
export function shellCommandForAll(files: Http01File[], webRoot?: string): string {
  if (files.length === 0) return '';
  const dir = `${unixRoot(webRoot)}/${CHALLENGE_DIR}`;
  const writes = files.map((f) => {
    check(f);
    return `printf '%s' ${shQuote(f.body)} > ${shPath(`${dir}/${f.fileName}`)}`;
  });
  return [`mkdir -p ${shPath(dir)}`, ...writes].join(' && ');
}

/** One line for Windows PowerShell 5.1 and PowerShell 7: ASCII, no BOM, no trailing newline. */
export function powershellCommand(file: Http01File, webRoot?: string): string {
  check(file);
  const root = (webRoot?.trim() || DEFAULT_IIS_ROOT).replace(/[\\/]+$/, '');
  // Keep the user's separator style; PowerShell accepts either on Windows.
  const sep = root.includes('/') && !root.includes('\\') ? '/' : '\\';
  const dir = `${root}${sep}${CHALLENGE_DIR.replace('/', sep)}`;
  return (
    // i18n-exempt: a PowerShell command
    `New-Item -ItemType Directory -Force -Path ${psQuote(dir)} | Out-Null; ` +
    // i18n-exempt: a PowerShell command
    `Set-Content -NoNewline -Encoding ascii -LiteralPath ${psQuote(`${dir}${sep}${file.fileName}`)} -Value ${psQuote(file.body)}`
  );
}

/**
 * A web.config for the acme-challenge folder on IIS: IIS serves no file without an extension unless a
 * MIME type is mapped for ".", and the header lets this page check the file from the browser.
 */
export function iisWebConfig(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>', // i18n-exempt: the web.config file itself, as IIS reads it
    '<configuration>',
    '  <system.webServer>',
    '    <staticContent>',
    '      <mimeMap fileExtension="." mimeType="text/plain" />', // i18n-exempt: IIS configuration
    '    </staticContent>',
    '    <httpProtocol>',
    '      <customHeaders>',
    '        <add name="Access-Control-Allow-Origin" value="*" />', // i18n-exempt: IIS configuration
    '      </customHeaders>',
    '    </httpProtocol>',
    '  </system.webServer>',
    '</configuration>',
    '',
  ].join('\n');
}

/** nginx answers each challenge from its config; no files needed. */
export function nginxSnippet(files: Http01File[]): string {
  const blocks = files.map((f) => {
    check(f);
    return [
      `location = /${CHALLENGE_DIR}/${f.fileName} {`,
      '    default_type text/plain;', // i18n-exempt: nginx configuration
      // Lets this page fetch the answer to check it before asking the CA.
      '    add_header Access-Control-Allow-Origin "*";', // i18n-exempt: nginx configuration
      `    return 200 '${f.body}';`,
      '}',
    ].join('\n');
  });
  return [
    // i18n-exempt: a comment inside the nginx snippet the user pastes
    '# Put inside the server { } block that answers http:// for these names (or the https one it redirects to), then: nginx -t && nginx -s reload',
    ...blocks,
    '',
  ].join('\n');
}

/**
 * Apache answers each challenge from its config, the usual stateless-ACME recipe: mod_rewrite ends the
 * request with status 200 and Apache sends the ErrorDocument text for 200 as the body. Only for the
 * server config (<Location> is not allowed in .htaccess); plain files work everywhere else.
 */
export function apacheSnippet(files: Http01File[]): string {
  const blocks = files.map((f) => {
    check(f);
    return [
      `<Location "/${CHALLENGE_DIR}/${f.fileName}">`,
      '    RewriteEngine On', // i18n-exempt: Apache configuration
      '    RewriteRule ^ - [R=200,L]',
      `    ErrorDocument 200 "${f.body}"`,
      '    <IfModule mod_headers.c>', // i18n-exempt: Apache configuration
      '        Header always set Access-Control-Allow-Origin "*"', // i18n-exempt: Apache configuration
      '    </IfModule>',
      '</Location>',
    ].join('\n');
  });
  return [
    // i18n-exempt: comments inside the Apache snippet the user pastes
    '# Apache 2.4 with mod_rewrite (a2enmod rewrite): paste inside the <VirtualHost> for these names (port 80, or 443 if port 80 redirects there), then reload Apache.',
    '# <Location> is not allowed in .htaccess; on shared hosting, upload the files instead.', // i18n-exempt: as above
    ...blocks,
    '',
  ].join('\n');
}

/** Fetches the file as the CA will (following redirects, as the CA does); the output should be the body. */
export function curlCheck(file: Http01File): string {
  check(file);
  let url: URL;
  try {
    url = new URL(file.url);
  } catch {
    throw new Error(msg(str`not a URL: ${file.url}`));
  }
  if (url.protocol !== 'http:') throw new Error(msg(str`an HTTP-01 URL starts with http://, not ${url.protocol}//`));
  // -g: IPv6 brackets would otherwise be read as a curl URL glob.
  return `curl -sSL${url.hostname.startsWith('[') ? 'g' : ''} ${shWord(url.href)}`;
}

/** A zone-file line for the DNS-01 record, e.g. `_acme-challenge.example.com. 60 IN TXT "value"`. */
export function dnsZoneLine(name: string, value: string, ttl = 60): string {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) throw new RangeError(msg(str`a TTL is a whole number of seconds, not ${ttl}`));
  // Accept the domain (wildcard or not) or the record name itself.
  return `${txtOwner(name)} ${ttl} IN TXT ${txtString(value)}`;
}

/** The TXT record's owner name, fully qualified: from the domain (wildcard or not) or the record name itself. */
function txtOwner(name: string): string {
  const domain = wildcardBase(name.trim().replace(/\.$/, ''));
  return `${domain.startsWith('_acme-challenge.') ? domain : `_acme-challenge.${domain}`}.`;
}

/** A TXT value as one zone-file/nsupdate character-string: in double quotes, with " and \ escaped. */
function txtString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The zone-file form's clean-up, the counterpart of dnsZoneLine: the exact line to delete, and what to do after.
 * (A zone file has no "delete" syntax: removing the line and reloading is the removal.)
 */
export function dnsZoneRemoval(name: string, value: string, ttl = 60): { line: string; instruction: string } {
  // A placeholder, not message text: the command stays as it is, and lit-localize would write its < > as entities.
  const reload = 'rndc reload <zone>'; // i18n-exempt: a command
  return {
    line: dnsZoneLine(name, value, ttl),
    instruction: msg(str`Delete this line from the zone file, raise the serial number in its SOA record, and reload the zone (BIND: ${reload}).`),
  };
}

export interface TxtRecord {
  /** The record name as acme/challenge-values.ts dns01() gives it, or the domain it is for. */
  name: string;
  value: string;
}

export interface NsupdateOptions {
  /** TTL for `update add` (default 60). */
  ttl?: number;
  /**
   * The name server to send the update to, optionally with a port ("ns1.example.com" or "192.0.2.53 5353").
   * Without it nsupdate asks DNS for the zone's primary server.
   */
  server?: string;
  /** The zone, when nsupdate should not look it up (e.g. "example.com"). */
  zone?: string;
  /** A TSIG key file (nsupdate -k). Without it: nsupdate -l, BIND's local session key, on the DNS server itself. */
  keyFile?: string;
}

/**
 * The command-line form (RFC 2136 dynamic update with BIND's nsupdate): one shell line that adds (or deletes) exactly
 * these TXT values. Deleting names the value too, so a wildcard's record and its base name's record under the same
 * name are removed one by one, and any other TXT record there stays.
 */
export function nsupdateCommand(action: 'add' | 'delete', records: readonly TxtRecord[], opts: NsupdateOptions = {}): string {
  if (records.length === 0) return '';
  const ttl = opts.ttl ?? 60;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) throw new RangeError(msg(str`a TTL is a whole number of seconds, not ${ttl}`));
  const lines: string[] = [];
  if (opts.server !== undefined) {
    if (!/^[A-Za-z0-9.:-]+( \d{1,5})?$/.test(opts.server)) throw new Error(msg(str`not a server name or address (and port): ${JSON.stringify(opts.server)}`));
    lines.push(`server ${opts.server}`);
  }
  if (opts.zone !== undefined) {
    if (!/^[A-Za-z0-9_.-]+$/.test(opts.zone)) throw new Error(msg(str`not a zone name: ${JSON.stringify(opts.zone)}`));
    lines.push(`zone ${opts.zone.replace(/\.?$/, '.')}`);
  }
  for (const r of records) {
    // i18n-exempt: nsupdate commands
    lines.push(action === 'add' ? `update add ${txtOwner(r.name)} ${ttl} TXT ${txtString(r.value)}` : `update delete ${txtOwner(r.name)} TXT ${txtString(r.value)}`);
  }
  lines.push('send');
  const auth = opts.keyFile !== undefined ? `-k ${shWord(opts.keyFile)}` : '-l';
  return `printf '%s\\n' ${lines.map(shQuote).join(' ')} | nsupdate ${auth}`;
}

/** A TXT record an ended order used, which can now be removed (RFC 8555 §8.4 needs it only until the check). */
export interface UsedTxtRecord extends TxtRecord {
  /** The names it proved, as the user typed them ("*.example.com" for a wildcard). */
  provedFor: string[];
}

/** What txtRecordsToRemove reads of one card of an order (flow/issuance/cards.ts makes these from the record). */
export interface TxtSource {
  /** As the user typed it ("*.example.com" for a wildcard). */
  name: string;
  choice: string;
  state: string;
  dns01?: TxtRecord;
  /** The CA looked at (or is looking at) this authorization's dns-01 challenge: its answer had been in place. */
  dnsAnswered: boolean;
}

/**
 * The TXT records an order used, for the list of what can be removed once it has ended: each DNS-01 card the user
 * submitted, or whose dns-01 challenge the CA checked (a reused authorization proven by DNS-01 earlier has the same
 * token, so the same record). Records proven by HTTP-01, or never submitted, are left out. Same name and value once.
 */
export function txtRecordsToRemove(cards: readonly TxtSource[]): UsedTxtRecord[] {
  const out: UsedTxtRecord[] = [];
  for (const card of cards) {
    if (!card.dns01) continue;
    const submitted = card.choice === 'dns-01' && (card.state === 'submitted' || card.state === 'valid' || card.state === 'invalid');
    if (!submitted && !card.dnsAnswered) continue;
    const same = out.find((r) => r.name === card.dns01?.name && r.value === card.dns01.value);
    if (same) same.provedFor.push(card.name);
    else out.push({ name: card.dns01.name, value: card.dns01.value, provedFor: [card.name] });
  }
  return out;
}

function check(file: Http01File): void {
  if (!TOKEN.test(file.fileName)) throw new Error(msg(str`the challenge token is not base64url: ${JSON.stringify(file.fileName)}`));
  // The body is "<token>.<thumbprint>"; anything else would not pass validation and may not be safe to paste.
  if (!KEY_AUTHORIZATION.test(file.body) || !file.body.startsWith(`${file.fileName}.`)) {
    throw new Error(msg(str`the file content is not a key authorization for token ${file.fileName}`));
  }
}

function unixRoot(webRoot: string | undefined): string {
  const root = webRoot?.trim() || DEFAULT_WEB_ROOT;
  return root === '/' ? '' : root.replace(/\/+$/, '');
}

function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A shell word: as is when it holds only safe characters, single-quoted otherwise. */
export function shWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : shQuote(text);
}

/** "~/public_html/…" keeps the tilde outside the quotes so the shell still expands it. */
function shPath(path: string): string {
  return path.startsWith('~/') ? `~/${shWord(path.slice(2))}` : shWord(path);
}

function psQuote(text: string): string {
  // PowerShell also ends a single-quoted string at typographic single quotes; doubling escapes all of them.
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}
