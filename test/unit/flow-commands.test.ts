// Snippets for placing challenge answers: the shell ones are run for real with sh and checked byte for
// byte, the curl check is run against a local HTTP server, the rest are checked for their exact shape.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dns01 } from '../../src/acme/challenge-values.ts';
import {
  apacheSnippet,
  curlCheck,
  dnsZoneLine,
  dnsZoneRemoval,
  iisWebConfig,
  nsupdateCommand,
  txtRecordsToRemove,
  type TxtSource,
  nginxSnippet,
  powershellCommand,
  shellCommand,
  shellCommandForAll,
  type Http01File,
} from '../../src/flow/outputs/commands.ts';

const THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'; // RFC 7638 §3.1
// Base64url tokens may start with "-" and contain "_"; both must survive the shell.
const file = (token: string, host = 'example.com'): Http01File => ({
  url: `http://${host}/.well-known/acme-challenge/${token}`,
  fileName: token,
  body: `${token}.${THUMBPRINT}`,
  host,
});
const one = file('evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA');
const dash = file('-leading-dash_and_underscore');

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), name));
}

function sh(command: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('sh', ['-c', command], { encoding: 'utf8', env });
}

test('shellCommand: the exact one-liner for the default web root', () => {
  assert.equal(
    shellCommand(one),
    `mkdir -p /var/www/html/.well-known/acme-challenge && printf '%s' '${one.body}' > /var/www/html/.well-known/acme-challenge/${one.fileName}`,
  );
});

test('shellCommand run by sh writes the body byte-exact, with no newline', () => {
  // A web root with a space and a quote in it shows the quoting holds.
  const root = join(tempDir('certpage-sh-'), "my site's root");
  sh(shellCommand(one, root));
  sh(shellCommand(dash, `${root}/`)); // a trailing slash is fine too
  const dir = join(root, '.well-known', 'acme-challenge');
  assert.deepEqual(readdirSync(dir).sort(), [dash.fileName, one.fileName].sort());
  assert.deepEqual(readFileSync(join(dir, one.fileName)), Buffer.from(one.body, 'ascii'));
  assert.deepEqual(readFileSync(join(dir, dash.fileName)), Buffer.from(dash.body, 'ascii'));
});

test('shellCommand keeps "~/" outside the quotes so the shell expands it', () => {
  const home = tempDir('certpage-home-');
  const command = shellCommand(one, '~/public html');
  assert.match(command, /^mkdir -p ~\/'public html\/\.well-known\/acme-challenge' && /);
  sh(command, { ...process.env, HOME: home });
  const written = readFileSync(join(home, 'public html', '.well-known', 'acme-challenge', one.fileName), 'utf8');
  assert.equal(written, one.body);
});

test('shellCommandForAll writes every file in one line', () => {
  const root = tempDir('certpage-all-');
  const files = [one, dash, file('x'), file('Zz09_-')];
  const command = shellCommandForAll(files, root);
  assert.ok(!command.includes('\n'));
  assert.equal(command.match(/mkdir -p/g)?.length, 1);
  sh(command);
  const dir = join(root, '.well-known', 'acme-challenge');
  assert.equal(readdirSync(dir).length, files.length);
  for (const f of files) assert.equal(readFileSync(join(dir, f.fileName), 'utf8'), f.body);
  assert.equal(shellCommandForAll([]), '');
});

test('tokens and bodies that are not base64url are refused everywhere', () => {
  const evil: Http01File[] = [
    { ...one, fileName: '../../etc/passwd' },
    { ...one, fileName: "a';rm -rf ~;'" },
    { ...one, fileName: 'a b' },
    { ...one, fileName: '' },
    { ...one, body: `${one.fileName}.x'$(id)` },
    { ...one, body: `${one.fileName}.${THUMBPRINT}\n` },
    { ...one, body: `other.${THUMBPRINT}` }, // not this token's key authorization
  ];
  for (const f of evil) {
    assert.throws(() => shellCommand(f), /token|key authorization/, f.fileName);
    assert.throws(() => shellCommandForAll([one, f]), /token|key authorization/);
    assert.throws(() => powershellCommand(f), /token|key authorization/);
    assert.throws(() => nginxSnippet([f]), /token|key authorization/);
    assert.throws(() => apacheSnippet([f]), /token|key authorization/);
    assert.throws(() => curlCheck(f), /token|key authorization/);
  }
});

test('powershellCommand: IIS default root, ASCII without newline, literal path', () => {
  assert.equal(
    powershellCommand(one),
    "New-Item -ItemType Directory -Force -Path 'C:\\inetpub\\wwwroot\\.well-known\\acme-challenge' | Out-Null; " +
      `Set-Content -NoNewline -Encoding ascii -LiteralPath 'C:\\inetpub\\wwwroot\\.well-known\\acme-challenge\\${one.fileName}' -Value '${one.body}'`,
  );
});

test('powershellCommand: quotes (including typographic ones) are doubled; separators follow the root', () => {
  const command = powershellCommand(one, "D:\\Sites\\Bob's ‘site’\\");
  assert.ok(command.includes("-Path 'D:\\Sites\\Bob''s ‘‘site’’\\.well-known\\acme-challenge'"), command);
  assert.ok(powershellCommand(one, '/srv/www').includes("-Path '/srv/www/.well-known/acme-challenge'"));
});

test('iisWebConfig maps extensionless files to text/plain', () => {
  const xml = iisWebConfig();
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<configuration>/);
  assert.match(xml, /<mimeMap fileExtension="\." mimeType="text\/plain" \/>/);
  assert.match(xml, /<add name="Access-Control-Allow-Origin" value="\*" \/>/);
});

test('nginxSnippet: one exact-match location per file, with the CORS header', () => {
  const conf = nginxSnippet([one, dash]);
  assert.match(conf, /^# .*\n/);
  for (const f of [one, dash]) {
    assert.ok(
      conf.includes(
        `location = /.well-known/acme-challenge/${f.fileName} {\n` +
          '    default_type text/plain;\n' +
          '    add_header Access-Control-Allow-Origin "*";\n' +
          `    return 200 '${f.body}';\n` +
          '}\n',
      ),
      conf,
    );
  }
  // Braces balance, so the snippet can be pasted into a server block as is.
  assert.equal(conf.split('{').length, conf.split('}').length);
});

// Async, so the HTTP server in this same process can answer while curl runs.
async function shAsync(command: string): Promise<string> {
  const { stdout } = await promisify(execFile)('sh', ['-c', command], { encoding: 'utf8' });
  return stdout;
}

test('apacheSnippet: a Location per file answering 200 with the body', () => {
  const conf = apacheSnippet([one, dash]);
  const comments = conf.split('\n').filter((l) => l.startsWith('#'));
  assert.ok(comments.some((l) => /mod_rewrite/.test(l)));
  assert.ok(comments.some((l) => /\.htaccess/.test(l)));
  for (const f of [one, dash]) {
    assert.ok(
      conf.includes(
        `<Location "/.well-known/acme-challenge/${f.fileName}">\n` +
          '    RewriteEngine On\n' +
          '    RewriteRule ^ - [R=200,L]\n' +
          `    ErrorDocument 200 "${f.body}"\n` +
          '    <IfModule mod_headers.c>\n' +
          '        Header always set Access-Control-Allow-Origin "*"\n' +
          '    </IfModule>\n' +
          '</Location>\n',
      ),
      conf,
    );
  }
  assert.equal(conf.match(/<Location /g)?.length, 2);
  assert.equal(conf.match(/<\/Location>/g)?.length, 2);
});

async function serve(host: string, handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

test('curlCheck: the exact command, and brackets switch off curl globbing', () => {
  assert.equal(curlCheck(one), `curl -sSL http://example.com/.well-known/acme-challenge/${one.fileName}`);
  assert.equal(
    curlCheck(file('tok', '[2001:db8::1]')),
    "curl -sSLg 'http://[2001:db8::1]/.well-known/acme-challenge/tok'",
  );
  assert.throws(() => curlCheck({ ...one, url: `https://example.com/.well-known/acme-challenge/${one.fileName}` }), /http:\/\//);
  assert.throws(() => curlCheck({ ...one, url: 'not a url' }), /not a URL/);
});

test('curlCheck run by sh prints exactly the body the server sends, following a redirect', async (t) => {
  const root = tempDir('certpage-curl-');
  sh(shellCommandForAll([one, dash], root));
  const handler: Parameters<typeof createServer>[1] = (req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/old/')) {
      res.writeHead(301, { location: path.replace('/old/', '/') }).end();
      return;
    }
    const name = path.replace(/^\/\.well-known\/acme-challenge\//, '');
    try {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(readFileSync(join(root, '.well-known', 'acme-challenge', name)));
    } catch {
      res.writeHead(404).end('not found');
    }
  };
  const v4 = await serve('127.0.0.1', handler);
  t.after(() => v4.server.closeAllConnections());
  t.after(() => v4.server.close());
  const host4 = `127.0.0.1:${v4.port}`;
  assert.equal(await shAsync(curlCheck(file(one.fileName, host4))), one.body);
  assert.equal(await shAsync(curlCheck(file(dash.fileName, host4))), dash.body);
  const redirected = { ...one, url: `http://${host4}/old/.well-known/acme-challenge/${one.fileName}` };
  assert.equal(await shAsync(curlCheck(redirected)), one.body);

  let v6: { server: Server; port: number } | undefined;
  try {
    v6 = await serve('::1', handler);
  } catch {
    t.diagnostic('no IPv6 loopback; bracketed URL not run');
  }
  if (v6) {
    const server = v6.server;
    t.after(() => server.closeAllConnections());
    t.after(() => server.close());
    assert.equal(await shAsync(curlCheck(file(one.fileName, `[::1]:${v6.port}`))), one.body);
  }
});

test('dnsZoneLine: owner with trailing dot, TTL, class, quoted value', () => {
  const value = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
  assert.equal(dnsZoneLine('example.com', value), `_acme-challenge.example.com. 60 IN TXT "${value}"`);
  assert.equal(dnsZoneLine('*.example.com', value), `_acme-challenge.example.com. 60 IN TXT "${value}"`);
  assert.equal(dnsZoneLine('example.com.', value, 300), `_acme-challenge.example.com. 300 IN TXT "${value}"`);
  // The record name from acme/challenge-values.ts dns01() is taken as is.
  assert.equal(dnsZoneLine('_acme-challenge.www.example.com', value), `_acme-challenge.www.example.com. 60 IN TXT "${value}"`);
  assert.equal(dnsZoneLine('xn--bcher-kva.example', value, 0), `_acme-challenge.xn--bcher-kva.example. 0 IN TXT "${value}"`);
  // Zone-file syntax: <owner> <ttl> <class> <type> <character-string>, with " and \ escaped.
  assert.equal(dnsZoneLine('example.com', 'a"b\\c'), '_acme-challenge.example.com. 60 IN TXT "a\\"b\\\\c"');
  const line = dnsZoneLine('a.example.org', value, 120);
  assert.match(line, /^(\S+\.) (\d+) IN TXT "([^"\\]|\\.)*"$/);
  for (const ttl of [-1, 1.5, Number.NaN, 2 ** 31]) assert.throws(() => dnsZoneLine('example.com', value, ttl), RangeError);
});

test('dnsZoneRemoval: the zone line to delete, and what to do after', () => {
  const value = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
  const r = dnsZoneRemoval('*.example.com', value);
  assert.equal(r.line, dnsZoneLine('example.com', value));
  assert.equal(r.line, `_acme-challenge.example.com. 60 IN TXT "${value}"`);
  assert.match(r.instruction, /^Delete this line from the zone file, raise the serial number in its SOA record, and reload the zone/);
  assert.equal(dnsZoneRemoval('example.com', value, 300).line, dnsZoneLine('example.com', value, 300));
});

test('nsupdateCommand: the exact add and delete lines, one shell line, nsupdate -l by default', () => {
  const a = { name: '_acme-challenge.example.com', value: 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0' };
  const b = { name: '*.example.com', value: 'Zz09_-abc' };
  assert.equal(
    nsupdateCommand('delete', [a, b]),
    `printf '%s\\n' 'update delete _acme-challenge.example.com. TXT "${a.value}"' 'update delete _acme-challenge.example.com. TXT "${b.value}"' 'send' | nsupdate -l`,
  );
  assert.equal(
    nsupdateCommand('add', [a], { ttl: 120, keyFile: "/etc/bind/my key's.key", server: 'ns1.example.com', zone: 'example.com' }),
    `printf '%s\\n' 'server ns1.example.com' 'zone example.com.' 'update add _acme-challenge.example.com. 120 TXT "${a.value}"' 'send' | nsupdate -k '/etc/bind/my key'\\''s.key'`,
  );
  assert.equal(nsupdateCommand('delete', []), '');
  // Nothing from the values or options can end the quoting or the line.
  assert.match(nsupdateCommand('add', [{ name: 'example.com', value: `it's "x"\\` }]), /'update add _acme-challenge\.example\.com\. 60 TXT "it'\\''s \\"x\\"\\\\"'/);
  assert.throws(() => nsupdateCommand('add', [a], { server: 'ns1; id' }), /not a server/);
  assert.throws(() => nsupdateCommand('add', [a], { zone: 'example.com\nsend' }), /not a zone/);
  assert.throws(() => nsupdateCommand('add', [a], { ttl: -1 }), RangeError);
});

/** RFC 2136 UPDATE message → its zone and the records of its update section (enough of the wire format for nsupdate's). */
function readUpdate(msg: Buffer): { opcode: number; zone: string; updates: { name: string; cls: number; ttl: number; type: number; txt: string[] }[] } {
  const name = (at: number): { name: string; end: number } => {
    const labels: string[] = [];
    let end = -1;
    for (let i = at; ;) {
      const len = msg[i]!;
      if (len >= 0xc0) { if (end < 0) end = i + 2; i = ((len & 0x3f) << 8) | msg[i + 1]!; continue; }
      if (len === 0) { if (end < 0) end = i + 1; break; }
      labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
      i += 1 + len;
    }
    return { name: labels.join('.'), end };
  };
  const zone = name(12);
  let at = zone.end + 4;
  const updates = [];
  for (let n = 0; n < msg.readUInt16BE(8); n++) {
    const owner = name(at);
    at = owner.end;
    const [type, cls, ttl, len] = [msg.readUInt16BE(at), msg.readUInt16BE(at + 2), msg.readUInt32BE(at + 4), msg.readUInt16BE(at + 8)];
    const txt: string[] = [];
    for (let i = at + 10; i < at + 10 + len; i += 1 + msg[i]!) txt.push(msg.subarray(i + 1, i + 1 + msg[i]!).toString('latin1'));
    updates.push({ name: owner.name, cls, ttl, type, txt });
    at += 10 + len;
  }
  return { opcode: (msg.readUInt16BE(2) >> 11) & 0x0f, zone: zone.name, updates };
}

test('nsupdate itself reads the lines: the UPDATE it sends adds and deletes exactly those TXT values', async (t) => {
  const server = createSocket('udp4');
  t.after(() => server.close());
  const received: Buffer[] = [];
  server.on('message', (msg, from) => {
    received.push(msg);
    const reply = Buffer.alloc(12); // NOERROR, opcode UPDATE, same id
    msg.copy(reply, 0, 0, 2);
    reply.writeUInt16BE(0x8000 | (5 << 11), 2);
    server.send(reply, from.port, from.address);
  });
  await new Promise<void>((ok) => server.bind(0, '127.0.0.1', ok));
  const { port } = server.address();
  const records = [
    { name: '_acme-challenge.example.com', value: 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0' },
    { name: '*.example.com', value: 'Zz09_-abc' },
  ];
  // Sent to this loopback listener unsigned: -l (BIND's local session key) only works on a real BIND server.
  const opts = { server: `127.0.0.1 ${port}`, zone: 'example.com' };
  for (const action of ['add', 'delete'] as const) {
    const command = nsupdateCommand(action, records, opts);
    assert.ok(command.endsWith(' | nsupdate -l'));
    await shAsync(command.replace(/ -l$/, ''));
  }
  assert.equal(received.length, 2);
  const [add, del] = received.map(readUpdate);
  for (const m of [add!, del!]) {
    assert.equal(m.opcode, 5, 'an UPDATE');
    assert.equal(m.zone, 'example.com');
  }
  const IN = 1;
  const NONE = 254; // RFC 2136 §2.5.4: delete an RR from an RRset
  assert.deepEqual(add!.updates, records.map((r) => ({ name: '_acme-challenge.example.com', cls: IN, ttl: 60, type: 16, txt: [r.value] })));
  assert.deepEqual(del!.updates, records.map((r) => ({ name: '_acme-challenge.example.com', cls: NONE, ttl: 0, type: 16, txt: [r.value] })));
});

test('txtRecordsToRemove: the DNS-01 records the order used, once each, with the names they proved', () => {
  const rec = (n: number, base: string) => ({ name: `_acme-challenge.${base}`, value: `value-${n}` });
  const cards: TxtSource[] = [
    { name: '*.example.com', choice: 'dns-01', state: 'valid', dns01: rec(1, 'example.com'), dnsAnswered: true },
    { name: 'example.com', choice: 'dns-01', state: 'valid', dns01: rec(2, 'example.com'), dnsAnswered: true },
    { name: 'www.example.com', choice: 'http-01', state: 'valid', dns01: rec(3, 'www.example.com'), dnsAnswered: false }, // HTTP-01
    { name: 'failed.example.com', choice: 'dns-01', state: 'invalid', dns01: rec(4, 'failed.example.com'), dnsAnswered: false }, // submitted, then invalid
    { name: 'later.example.com', choice: 'dns-01', state: 'waiting', dns01: rec(5, 'later.example.com'), dnsAnswered: false }, // never submitted
    { name: 'reused.example.com', choice: 'http-01', state: 'valid', dns01: rec(6, 'reused.example.com'), dnsAnswered: true }, // proven by DNS-01 before
    { name: '192.0.2.1', choice: 'http-01', state: 'valid', dnsAnswered: false },
  ];
  assert.deepEqual(txtRecordsToRemove(cards), [
    { ...rec(1, 'example.com'), provedFor: ['*.example.com'] },
    { ...rec(2, 'example.com'), provedFor: ['example.com'] },
    { ...rec(4, 'failed.example.com'), provedFor: ['failed.example.com'] },
    { ...rec(6, 'reused.example.com'), provedFor: ['reused.example.com'] },
  ]);
  // The same record for two cards comes out once, naming both.
  assert.deepEqual(txtRecordsToRemove([cards[1]!, { ...cards[1]! }]).map((r) => r.provedFor), [['example.com', 'example.com']]);
  assert.deepEqual(txtRecordsToRemove([]), []);
});
