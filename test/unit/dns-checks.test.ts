// The checks' judgement: RFC 8659 CAA evaluation as a table, and checkTxt /
// checkAddress / checkCaa with an injected lookup that returns canned answers
// (the real lookupAll runs against challtestsrv in test/integration/dns-live.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  caaNodes, checkAddress, checkCaa, checkTxt, evaluateCaa, evaluateTxt, isPrivate, valueHint, zoneGuesses,
  type CaaRecord, type CaaStatus,
} from '../../src/dns/checks.ts';
import { DohError } from '../../src/dns/errors.ts';
import type { LookupAll, Resolver, ResolverAnswer } from '../../src/dns/resolvers.ts';
import type { DnsMessage, DnsRecord } from '../../src/dns/wire.ts';

const CF: Resolver = { name: 'Cloudflare', url: 'https://cf.test/dns-query' };
const GG: Resolver = { name: 'Google', url: 'https://gg.test/dns-query' };
const BOTH = [CF, GG];

const V1 = 'LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0';
const V2 = 'q4mfA9m5ZEJ0V5x0WJ8l1oJQ0p9Tq3bq2sPHsM9nKQo';

function msg(answers: DnsRecord[], rcodeName = 'NOERROR', negativeTtl?: number): DnsMessage {
  const rcode = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN'].indexOf(rcodeName);
  const m: DnsMessage = { id: 0, rcode, rcodeName, truncated: false, questions: [], answers };
  if (negativeTtl !== undefined) m.negativeTtl = negativeTtl;
  return m;
}
const nx = (negativeTtl = 300): DnsMessage => msg([], 'NXDOMAIN', negativeTtl);
const txt = (name: string, data: string, ttl = 300): DnsRecord => ({ name, ttl, type: 'TXT', data });
const a = (name: string, data: string): DnsRecord => ({ name, ttl: 60, type: 'A', data });
const aaaa = (name: string, data: string): DnsRecord => ({ name, ttl: 60, type: 'AAAA', data });
const cname = (name: string, data: string): DnsRecord => ({ name, ttl: 60, type: 'CNAME', data });
const caaRR = (name: string, tag: string, value: string, flags = 0): DnsRecord => ({ name, ttl: 60, type: 'CAA', data: { flags, tag, value } });

type Canned = DnsMessage | DohError | { chain: string[]; message: DnsMessage };

/**
 * A lookupAll over canned answers: world[resolver name][`${name} ${type}`].
 * Anything not listed is NXDOMAIN. Records every question it gets.
 */
function fake(world: Record<string, Record<string, Canned>>): { lookup: LookupAll; asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupAll = async (resolvers, name, type) => {
    asked.push(`${name} ${type}`);
    return resolvers.map((resolver): ResolverAnswer => {
      const canned = world[resolver.name]?.[`${name} ${type}`] ?? nx();
      if (canned instanceof DohError) return { resolver, ok: false, error: canned };
      if ('chain' in canned) return { resolver, ok: true, ...canned };
      return { resolver, ok: true, message: canned, chain: [name] };
    });
  };
  return { lookup, asked };
}

const both = (answers: Record<string, Canned>): Record<string, Record<string, Canned>> => ({ Cloudflare: answers, Google: answers });
const offline = (r: Resolver): DohError => new DohError('network', r.url, `Could not reach the DNS resolver ${new URL(r.url).host}.`);

// ------------------------------------------------------------------ CAA (pure)

const LE = 'letsencrypt.org';
const rr = (tag: string, value: string, flags = 0): CaaRecord => ({ flags, tag, value });

test('evaluateCaa follows RFC 8659 (table)', () => {
  interface Case {
    why: string;
    sets: [string, CaaRecord[]][];
    name?: string;
    wildcard?: boolean;
    ids?: string[];
    status: CaaStatus;
    at?: string;
    records?: CaaRecord[];
    allowed?: string[];
  }
  const cases: Case[] = [
    { why: 'no CAA anywhere', sets: [], status: 'none' },
    { why: 'issue names this CA', sets: [['example.com', [rr('issue', LE)]]], status: 'allowed', at: 'example.com', records: [rr('issue', LE)], allowed: [LE] },
    { why: 'issue names another CA', sets: [['example.com', [rr('issue', 'digicert.com')]]], status: 'forbidden', records: [rr('issue', 'digicert.com')], allowed: ['digicert.com'] },
    { why: 'issue ";" forbids every CA', sets: [['example.com', [rr('issue', ';')]]], status: 'forbidden', records: [rr('issue', ';')], allowed: [] },
    { why: '";" next to a named CA still allows that CA', sets: [['example.com', [rr('issue', ';'), rr('issue', LE)]]], status: 'allowed', records: [rr('issue', LE)] },
    { why: 'one of several issue records matches', sets: [['example.com', [rr('issue', 'digicert.com'), rr('issue', LE)]]], status: 'allowed', records: [rr('issue', LE)], allowed: ['digicert.com', LE] },
    { why: 'issuewild takes precedence for a wildcard (forbids)', sets: [['example.com', [rr('issue', LE), rr('issuewild', 'digicert.com')]]], wildcard: true, status: 'forbidden', records: [rr('issuewild', 'digicert.com')], allowed: ['digicert.com'] },
    { why: 'issuewild takes precedence for a wildcard (allows)', sets: [['example.com', [rr('issue', 'digicert.com'), rr('issuewild', LE)]]], wildcard: true, status: 'allowed', records: [rr('issuewild', LE)] },
    { why: 'a wildcard without issuewild uses issue', sets: [['example.com', [rr('issue', 'digicert.com')]]], name: '*.example.com', wildcard: true, status: 'forbidden' },
    { why: 'issuewild is ignored for a non-wildcard name', sets: [['example.com', [rr('issue', LE), rr('issuewild', ';')]]], status: 'allowed', records: [rr('issue', LE)] },
    { why: 'only issuewild, non-wildcard name: not restricted', sets: [['example.com', [rr('issuewild', ';')]]], status: 'none', at: 'example.com', records: [] },
    { why: 'only iodef: not restricted', sets: [['example.com', [rr('iodef', 'mailto:x@example.com')]]], status: 'none', at: 'example.com' },
    { why: 'climbs from www.sub.example.com to the parent that has CAA', sets: [['example.com', [rr('issue', LE)]]], name: 'www.sub.example.com', status: 'allowed', at: 'example.com' },
    { why: 'climbs past an empty RRset', sets: [['www.example.com', []], ['example.com', [rr('issue', 'digicert.com')]]], name: 'www.example.com', status: 'forbidden', at: 'example.com' },
    { why: 'the closest node wins over its parent', sets: [['sub.example.com', [rr('issue', LE)]], ['example.com', [rr('issue', ';')]]], name: 'www.sub.example.com', status: 'allowed', at: 'sub.example.com' },
    { why: 'the closest node wins even when it forbids', sets: [['sub.example.com', [rr('issue', ';')]], ['example.com', [rr('issue', LE)]]], name: 'sub.example.com', status: 'forbidden', at: 'sub.example.com' },
    { why: 'a wildcard starts at its base name, not at *', sets: [['example.com', [rr('issuewild', LE)]], ['com', [rr('issue', ';')]]], name: '*.example.com', status: 'allowed', at: 'example.com' },
    { why: 'tags, issuer names and CA identities compare case-insensitively', sets: [['Example.COM', [rr('ISSUE', ' LetsEncrypt.ORG ')]]], name: 'WWW.example.com', ids: ['LETSENCRYPT.org'], status: 'allowed', at: 'example.com' },
    { why: 'parameters after ";" are not part of the issuer name', sets: [['example.com', [rr('issue', 'letsencrypt.org; validationmethods=dns-01')]]], status: 'allowed', allowed: [LE] },
    { why: 'parameters with spaces and a trailing dot on the issuer', sets: [['example.com', [rr('issue', ' letsencrypt.org. ;accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1')]]], status: 'allowed' },
    { why: 'a critical record with an unknown tag forbids (§4.5)', sets: [['example.com', [rr('issue', LE), rr('tbs', 'unknown', 128)]]], status: 'forbidden', records: [rr('tbs', 'unknown', 128)], allowed: [] },
    { why: 'a critical flag on a known tag is fine', sets: [['example.com', [rr('issue', LE, 128)]]], status: 'allowed' },
    { why: 'an unknown tag without the critical flag is ignored', sets: [['example.com', [rr('tbs', 'unknown')]]], status: 'none', at: 'example.com' },
    { why: 'the CA publishes no caaIdentities and CAA restricts: unknown-ca', sets: [['example.com', [rr('issue', LE), rr('issue', 'pki.goog')]]], ids: [], status: 'unknown-ca', allowed: [LE, 'pki.goog'] },
    { why: 'no caaIdentities but nobody may issue: forbidden', sets: [['example.com', [rr('issue', ';')]]], ids: [], status: 'forbidden' },
    { why: 'no caaIdentities and no CAA: none', sets: [], ids: [], status: 'none' },
  ];
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const got = evaluateCaa(new Map(c.sets), c.name ?? 'example.com', c.wildcard ?? false, c.ids ?? [LE]);
    assert.equal(got.status, c.status, c.why);
    if ('at' in c) assert.equal(got.at, c.at, `${c.why}: at`);
    if (c.status === 'none' && !('at' in c)) assert.equal(got.at, undefined, `${c.why}: at`);
    if (c.records) assert.deepEqual(got.records, c.records, `${c.why}: records`);
    if (c.allowed) assert.deepEqual(got.allowedIssuers, c.allowed, `${c.why}: allowedIssuers`);
  }
});

test('evaluateCaa hints say what to change', () => {
  const other = evaluateCaa(new Map([['example.com', [rr('issue', 'digicert.com')]]]), 'example.com', false, [LE]);
  assert.match(other.hints.join('\n'), /allows only digicert\.com\. Add a record example\.com\. CAA 0 issue "letsencrypt\.org"/);
  const wild = evaluateCaa(new Map([['example.com', [rr('issuewild', 'digicert.com')]]]), '*.example.com', true, [LE]);
  assert.match(wild.hints.join('\n'), /CAA 0 issuewild "letsencrypt\.org"/);
  const unknown = evaluateCaa(new Map([['example.com', [rr('issue', LE)]]]), 'example.com', false, []);
  assert.match(unknown.hints.join('\n'), /allows only letsencrypt\.org; if this CA is not one of them, it will refuse/);
  const bound = evaluateCaa(new Map([['example.com', [rr('issue', 'letsencrypt.org; accounturi=https://a.test/acct/1')]]]), 'example.com', false, [LE]);
  assert.match(bound.hints.join('\n'), /only with accounturi=https:\/\/a\.test\/acct\/1/);
  const open = evaluateCaa(new Map([['example.com', [rr('issue', 'letsencrypt.org; accounturi=https://a.test/acct/1'), rr('issue', LE)]]]), 'example.com', false, [LE]);
  assert.deepEqual(open.hints, [], 'one unrestricted record lifts the account binding');
});

test('caaNodes: the name and its parents, not the root; a wildcard starts at its base', () => {
  assert.deepEqual(caaNodes('www.Example.com.'), ['www.example.com', 'example.com', 'com']);
  assert.deepEqual(caaNodes('*.example.com'), ['example.com', 'com']);
});

// ------------------------------------------------------------------ CAA (with look-ups)

test('checkCaa asks every node at once and uses what the strictest resolver sees', async () => {
  const { lookup, asked } = fake({
    Cloudflare: { 'example.com CAA': msg([caaRR('example.com', 'issue', LE)]) },
    Google: { 'example.com CAA': msg([caaRR('example.com', 'issue', 'digicert.com')]) },
  });
  const check = await checkCaa('www.example.com', false, [LE], BOTH, { lookup });
  assert.deepEqual(asked.sort(), ['com CAA', 'example.com CAA', 'www.example.com CAA']);
  assert.equal(check.status, 'forbidden');
  assert.equal(check.at, 'example.com');
  assert.match(check.hints.join('\n'), /disagree \(Cloudflare: allowed, Google: forbidden\).*Showing what Google sees/);
});

test('checkCaa reports the CNAME target that holds the records', async () => {
  const { lookup } = fake(both({
    'www.example.com CAA': { chain: ['www.example.com', 'cdn.provider.net'], message: msg([cname('www.example.com', 'cdn.provider.net'), caaRR('cdn.provider.net', 'issue', LE)]) },
  }));
  const check = await checkCaa('www.example.com', false, [LE], BOTH, { lookup });
  assert.deepEqual([check.status, check.at, check.via], ['allowed', 'www.example.com', 'cdn.provider.net']);
});

test('checkCaa: a failed look-up before any RRset is an error for that resolver, and said out loud', async () => {
  const { lookup } = fake({
    Cloudflare: { 'www.example.com CAA': msg([], 'SERVFAIL'), 'example.com CAA': msg([caaRR('example.com', 'issue', LE)]) },
    Google: { 'example.com CAA': msg([caaRR('example.com', 'issue', LE)]) },
  });
  const check = await checkCaa('www.example.com', false, [LE], BOTH, { lookup });
  assert.equal(check.status, 'allowed', 'Google still answers');
  assert.equal(check.errors.length, 1);
  assert.match(check.hints.join('\n'), /Cloudflare could not look up CAA for www\.example\.com: SERVFAIL: .*\n.*refuses to issue/);

  const down = fake({ Cloudflare: { 'example.com CAA': offline(CF) }, Google: { 'example.com CAA': offline(GG) } });
  const none = await checkCaa('example.com', false, [LE], BOTH, { lookup: down.lookup });
  assert.equal(none.status, 'error');
  assert.equal(none.errors.length, 2);
  // An error at a node above the deciding one does not matter.
  const above = fake(both({ 'www.example.com CAA': msg([caaRR('www.example.com', 'issue', LE)]), 'com CAA': msg([], 'SERVFAIL') }));
  assert.equal((await checkCaa('www.example.com', false, [LE], BOTH, { lookup: above.lookup })).status, 'allowed');
});

// ------------------------------------------------------------------ TXT

const NAME = '_acme-challenge.www.example.com';

test("checkTxt 'found': every resolver that answered sees every value; stale extras are fine", async () => {
  const { lookup, asked } = fake(both({ [`${NAME} TXT`]: msg([txt(NAME, 'old-value'), txt(NAME, V1)]) }));
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'found');
  assert.deepEqual([check.seenBy, check.asked, check.answered], [2, 2, 2]);
  assert.deepEqual(check.missingValues, []);
  assert.deepEqual(check.extraValues, ['old-value']);
  assert.deepEqual(check.hints, []);
  assert.deepEqual(asked, [`${NAME} TXT`], 'no extra look-ups when found');
  assert.deepEqual(check.perResolver.map((s) => s.ok && s.values), [['old-value', V1], ['old-value', V1]]);
});

test("checkTxt 'found' when one resolver fails: seen by 1 of 2, and the failure is shown", async () => {
  const { lookup } = fake({ Cloudflare: { [`${NAME} TXT`]: msg([txt(NAME, V1)]) }, Google: { [`${NAME} TXT`]: offline(GG) } });
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'found');
  assert.deepEqual([check.seenBy, check.asked, check.answered], [1, 2, 1]);
  assert.deepEqual(check.errors, ['Google: Could not reach the DNS resolver gg.test.']);
  assert.deepEqual(check.hints, check.errors);
});

test("checkTxt 'partial': propagation, with how long the lagging resolver may wait", async () => {
  const { lookup } = fake({ Cloudflare: { [`${NAME} TXT`]: msg([txt(NAME, V1)]) }, Google: { [`${NAME} TXT`]: nx(1800) } });
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'partial');
  assert.equal(check.seenBy, 1);
  assert.deepEqual(check.missingValues, []);
  assert.match(check.hints.join('\n'), /Seen by Cloudflare but not yet by Google\..*up to 30 minutes/);
  const google = check.perResolver[1];
  assert.ok(google?.ok && google.ttl === 1800 && !google.seesAll);
});

test("checkTxt 'partial': one of two values (wildcard and apex share the name)", async () => {
  const { lookup } = fake(both({ [`${NAME} TXT`]: msg([txt(NAME, V1)]) }));
  const check = await checkTxt(NAME, [V1, V2], BOTH, { lookup });
  assert.equal(check.status, 'partial');
  assert.equal(check.seenBy, 0);
  assert.deepEqual(check.missingValues, [V2]);
  assert.match(check.hints.join('\n'), /Only 1 of the 2 values are published.*instead of replacing it/);
});

test("checkTxt 'wrong': records exist but none matches; found values are reported", async () => {
  const { lookup } = fake(both({ [`${NAME} TXT`]: msg([txt(NAME, V2)]) }));
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'wrong');
  assert.deepEqual(check.extraValues, [V2]);
  assert.deepEqual(check.missingValues, [V1]);
  assert.match(check.hints.join('\n'), /not with the expected value.*earlier attempt/);
});

test('checkTxt hints for values pasted with quotes, a trailing dot, spaces, or as the key authorization', async () => {
  const cases: [string, RegExp][] = [
    [`"${V1}"`, /quote marks around it.*Enter exactly LoqX/],
    [`${V1}.`, /a dot at the end/],
    [` ${V1} `, /spaces or line breaks/],
    [`${V1.slice(0, 20)}\n${V1.slice(20)}`, /spaces or line breaks/],
    [`'${V1}'.`, /has a dot at the end and quote marks around it/],
    [`"${V1}" `, /has spaces or line breaks and quote marks around it/],
    ['evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA.nP1qzpXGymHBrUEepNY9HCsQk7K8KhOypzEt62jcerQ', /key authorization.*SHA-256 digest/],
  ];
  for (const [found, hint] of cases) {
    const { lookup } = fake(both({ [`${NAME} TXT`]: msg([txt(NAME, found)]) }));
    const check = await checkTxt(NAME, [V1], BOTH, { lookup });
    assert.equal(check.status, 'wrong', JSON.stringify(found));
    assert.match(check.hints.join('\n'), hint, JSON.stringify(found));
  }
  assert.equal(valueHint('something-else', [V1]), undefined);
  assert.equal(valueHint(`"something-else"`, [V1]), undefined, 'quotes alone are no hint unless the inside matches');
});

test("checkTxt 'missing', and the record found under the zone name repeated", async () => {
  const doubled = `${NAME}.example.com`;
  const { lookup, asked } = fake(both({ [`${NAME} TXT`]: nx(300), [`${doubled} TXT`]: msg([txt(doubled, V1)]) }));
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'missing');
  assert.deepEqual(asked.sort(), [`${NAME} TXT`, `${NAME}.example.com TXT`, `${NAME}.www.example.com TXT`].sort());
  assert.equal(check.hints[0], `The expected TXT record was found at ${doubled}: the DNS panel adds "example.com" by itself. Enter only "_acme-challenge.www" as the record name.`);
  assert.match(check.hints.join('\n'), /No TXT record at _acme-challenge\.www\.example\.com yet\. .*"not found" for up to 5 minutes/);
});

test("checkTxt 'missing' without a doubled zone says only that", async () => {
  const { lookup } = fake(both({ [`${NAME} TXT`]: msg([], 'NOERROR', 0) }));
  const check = await checkTxt(`${NAME.toUpperCase()}.`, [V1], BOTH, { lookup });
  assert.equal(check.status, 'missing');
  assert.equal(check.name, NAME);
  assert.deepEqual(check.hints, [`No TXT record at ${NAME} yet.`]);
});

test("checkTxt 'error': no resolver answered (SERVFAIL counts as no answer)", async () => {
  const { lookup, asked } = fake({ Cloudflare: { [`${NAME} TXT`]: offline(CF) }, Google: { [`${NAME} TXT`]: msg([], 'SERVFAIL') } });
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'error');
  assert.deepEqual([check.seenBy, check.asked, check.answered], [0, 2, 0]);
  assert.equal(check.errors.length, 2);
  assert.deepEqual(check.hints, check.errors);
  assert.match(check.errors[1] ?? '', /^Google: SERVFAIL: .*DNSSEC/);
  assert.deepEqual(check.perResolver.map((s) => !s.ok && s.code), ['network', 'SERVFAIL']);
  assert.equal(asked.length, 1, 'no doubled-zone look-ups when nothing answers');
});

test('checkTxt follows a delegated _acme-challenge and says where the record must go', async () => {
  const target = '_acme-challenge.example.com.acme-dns.example.net';
  const { lookup } = fake(both({ [`${NAME} TXT`]: { chain: [NAME, target], message: msg([cname(NAME, target)]) } }));
  const check = await checkTxt(NAME, [V1], BOTH, { lookup });
  assert.equal(check.status, 'missing');
  assert.equal(check.cname, target);
  assert.match(check.hints[0] ?? '', new RegExp(`is a CNAME pointing to ${target.replace(/\./g, '\\.')}, so the TXT record must be created at`));

  const there = fake(both({ [`${NAME} TXT`]: { chain: [NAME, target], message: msg([cname(NAME, target), txt(target, V1)]) } }));
  const ok = await checkTxt(NAME, [V1], BOTH, { lookup: there.lookup });
  assert.deepEqual([ok.status, ok.cname, ok.hints], ['found', target, []]);
});

test('evaluateTxt is pure and zoneGuesses lists the zones a panel may append', () => {
  const answers: ResolverAnswer[] = [{ resolver: CF, ok: true, message: msg([txt(NAME, V1)]), chain: [NAME] }];
  assert.equal(evaluateTxt(NAME, [V1], answers).status, 'found');
  assert.equal(evaluateTxt(NAME, [V1], []).status, 'error');
  assert.deepEqual(zoneGuesses('_acme-challenge.www.example.com'), ['www.example.com', 'example.com']);
  assert.deepEqual(zoneGuesses('_acme-challenge.example.com.'), ['example.com']);
  assert.deepEqual(zoneGuesses('_acme-challenge._sub.example.com'), ['example.com']);
});

// ------------------------------------------------------------------ A / AAAA

test("checkAddress 'ok' with IPv4 and IPv6, following a CNAME", async () => {
  const { lookup } = fake(both({
    'www.example.com A': { chain: ['www.example.com', 'host.example.net'], message: msg([cname('www.example.com', 'host.example.net'), a('host.example.net', '192.0.2.10')]) },
    'www.example.com AAAA': { chain: ['www.example.com', 'host.example.net'], message: msg([cname('www.example.com', 'host.example.net'), aaaa('host.example.net', '2001:db8::10')]) },
  }));
  const check = await checkAddress('www.example.com', BOTH, { lookup });
  assert.equal(check.status, 'ok');
  assert.deepEqual(check.addresses, ['192.0.2.10', '2001:db8::10']);
  assert.equal(check.cname, 'host.example.net');
  assert.match(check.hints.join('\n'), /also has an IPv6 address \(2001:db8::10\)/);
});

test("checkAddress 'none', 'error', private addresses and resolvers that disagree", async () => {
  const none = await checkAddress('nothing.example.com', BOTH, { lookup: fake({}).lookup });
  assert.deepEqual([none.status, none.addresses], ['none', []]);
  assert.match(none.hints[0] ?? '', /no IPv4 \(A\) or IPv6 \(AAAA\) address/);

  const down = fake({ Cloudflare: { 'x.test A': offline(CF), 'x.test AAAA': offline(CF) }, Google: { 'x.test A': offline(GG), 'x.test AAAA': offline(GG) } });
  const error = await checkAddress('x.test', BOTH, { lookup: down.lookup });
  assert.equal(error.status, 'error');
  assert.equal(error.errors.length, 2);

  const lan = fake({ Cloudflare: { 'nas.example.com A': msg([a('nas.example.com', '192.168.1.20')]) }, Google: { 'nas.example.com A': msg([a('nas.example.com', '203.0.113.5')]) } });
  const check = await checkAddress('nas.example.com', BOTH, { lookup: lan.lookup });
  assert.equal(check.status, 'ok');
  assert.match(check.hints.join('\n'), /192\.168\.1\.20 is a private or local address/);
  assert.match(check.hints.join('\n'), /resolvers see different addresses/);
});

test('isPrivate', () => {
  for (const ip of ['10.1.2.3', '127.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
    assert.equal(isPrivate(ip), true, ip);
  }
  for (const ip of ['8.8.8.8', '172.32.0.1', '192.0.2.1', '100.128.0.1', '2001:db8::1', '2606:4700::1111', '::ffff:8.8.8.8']) {
    assert.equal(isPrivate(ip), false, ip);
  }
});
