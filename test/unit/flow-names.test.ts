// The "Domain names" box: what is accepted as typed, what is quietly normalised, and what is explained.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoInputError } from '../../src/crypto/errors.ts';
import { MAX_NAMES, parseNames, type NameEntry } from '../../src/flow/setup/names.ts';
import { wildcardBase } from '../../src/crypto/identifiers.ts';
import { toIdentifier } from '../../src/acme/identifiers.ts';

type Good = [input: string, name: string, extra?: Partial<NameEntry>];
type Bad = [input: string, fragment: RegExp];

const good: Good[] = [
  ['example.com', 'example.com'],
  ['Example.COM', 'example.com'],
  ['example.com.', 'example.com'],
  ['www.example.com', 'www.example.com'],
  ['*.example.com', '*.example.com', { wildcard: true }],
  ['a-b.example.com', 'a-b.example.com'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example', { display: 'xn--bcher-kva.example' }],
  ['bücher.example', 'xn--bcher-kva.example', { display: 'bücher.example' }],
  ['BÜCHER.example', 'xn--bcher-kva.example', { display: 'bücher.example' }],
  ['*.bücher.example', '*.xn--bcher-kva.example', { display: '*.bücher.example', wildcard: true }],
  ['例え.テスト', 'xn--r8jz45g.xn--zckzah', { display: '例え.テスト' }],
  ['例え。テスト', 'xn--r8jz45g.xn--zckzah', { display: '例え.テスト' }], // ideographic full stop
  ['127.0.0.1', '127.0.0.1', { type: 'ip' }],
  ['192.0.2.1.', '192.0.2.1', { type: 'ip' }],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', { type: 'ip' }],
  ['[2001:db8::1]', '2001:db8::1', { type: 'ip' }],
  ['::ffff:192.0.2.1', '::ffff:192.0.2.1', { type: 'ip' }],
  ['0.example', '0.example'],
  [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
];

const bad: Bad[] = [
  ['https://example.com/', /^Enter just the name, without https:\/\/ or a path: example\.com$/],
  ['http://user@Example.com:8080/x?y', /without http:\/\/ or a path: example\.com$/],
  ['example.com/index.html', /^Enter just the name, without a path: example\.com$/],
  ['example.com:443', /without the port .*: example\.com$/],
  ['[2001:db8::1]:443', /without the port .*: 2001:db8::1$/],
  ['me@example.com', /looks like an e-mail address.*example\.com/],
  ['a@b', /“@” cannot be in a name/],
  ['"example.com"', /^Remove the quotes: example\.com$/],
  ['‘example.com’', /^Remove the quotes: example\.com$/],
  ['a..b.com', /empty part/],
  ['.example.com', /empty part/],
  ['example.com..', /empty part/],
  [`${'a'.repeat(64)}.com`, /64 characters long; a part between dots can have at most 63/],
  [`${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.com`, /^This name is 255 characters long; a name can have at most 253\.$/],
  ['under_score.example.com', /Underscores \(_\) are not allowed/],
  ['ex!mple.com', /“!” cannot be in a name/],
  ['-foo.example.com', /“-foo” starts with a hyphen/],
  ['foo-.example.com', /“foo-” ends with a hyphen/],
  ['-bücher.example', /starts with a hyphen/], // caught before punycode hides the hyphen
  ['ab--cd.example', /reserved for internationalised names/],
  ['xn--a.example', /not valid punycode/],
  ['localhost', /a public CA only issues for names under a public domain, such as example\.com/i],
  ['intranet', /for example intranet\.example\.com/],
  ['w*.example.com', /wildcard must be a whole part on the left/],
  ['www.*.example.com', /The \* must be the leftmost part/],
  ['*.*.example.com', /Only one wildcard level/],
  ['*', /A \* alone is not a name/],
  ['*.com', /wildcard needs a domain under it/],
  ['*.192.0.2.1', /wildcard cannot cover IP addresses/],
  ['example.123', /last part “123” is a number/],
  ['256.1.1.1', /Not a valid IPv4 address/],
  ['010.0.0.1', /Not a valid IPv4 address/],
  ['1.2.3', /Not a valid IPv4 address/],
  ['2001:db8::1::2', /Not a valid IPv6 address/],
  ['[example.com]', /Not a valid IPv6 address/],
  ['fe80::1%eth0', /Not a valid IPv6 address/],
  ['.', /not a name/],
];

test('good names: accepted, normalised, typed', () => {
  for (const [input, name, extra] of good) {
    const { entries, problems } = parseNames(input);
    assert.deepEqual(problems, [], input);
    assert.equal(entries.length, 1, input);
    const entry = entries[0]!;
    assert.equal(entry.input, input);
    assert.equal(entry.name, name, input);
    assert.equal(entry.type, extra?.type ?? 'dns', input);
    assert.equal(entry.wildcard, extra?.wildcard ?? false, input);
    assert.equal(entry.display, extra?.display ?? name, input);
    // What the acme/ layer makes of the name must be the same identifier.
    assert.deepEqual(toIdentifier(entry.name), { type: entry.type, value: entry.name }, input);
  }
});

test('bad names: one precise message each, and no entry', () => {
  for (const [input, fragment] of bad) {
    const { entries, problems } = parseNames(input);
    assert.deepEqual(entries, [], input);
    assert.equal(problems.length, 1, input);
    assert.equal(problems[0]!.input, input);
    assert.match(problems[0]!.message, fragment, input);
  }
});

test('splits on newlines, commas, semicolons and any whitespace, and keeps the order', () => {
  const text = ' b.example.com,a.example.com;\n\tc.example.com\r\n\u00a0d.example.com，e.example.com  ,, ;\n';
  const { entries, problems } = parseNames(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(entries.map((e) => e.name), ['b.example.com', 'a.example.com', 'c.example.com', 'd.example.com', 'e.example.com']);
});

test('empty input has neither entries nor problems', () => {
  assert.deepEqual(parseNames(''), { entries: [], problems: [] });
  assert.deepEqual(parseNames(' \n ,; '), { entries: [], problems: [] });
});

test('good and bad mixed: the good ones survive in order, problems in order', () => {
  const { entries, problems } = parseNames('example.com localhost *.example.com https://x.example.org 192.0.2.7 a_b.example');
  assert.deepEqual(entries.map((e) => e.name), ['example.com', '*.example.com', '192.0.2.7']);
  assert.deepEqual(problems.map((p) => p.input), ['localhost', 'https://x.example.org', 'a_b.example']);
});

test('a wildcard and an IP address may share a certificate', () => {
  const { entries, problems } = parseNames('*.example.com 192.0.2.1 example.com');
  assert.deepEqual(problems, []);
  assert.deepEqual(entries.map((e) => [e.type, e.wildcard]), [['dns', true], ['ip', false], ['dns', false]]);
});

test('duplicates: the first is kept, the rest reported once', () => {
  const { entries, problems } = parseNames('example.com www.example.com Example.com. example.com');
  assert.deepEqual(entries.map((e) => e.input), ['example.com', 'www.example.com']);
  assert.deepEqual(problems, [
    { input: 'Example.com.', message: 'Listed twice: it is the same name as “example.com”; it is kept once.' },
    { input: 'example.com', message: 'Listed twice; it is kept once.' },
  ]);
});

test('duplicates across spellings: Unicode vs punycode, bracketed vs bare IPv6', () => {
  const { entries, problems } = parseNames('bücher.example xn--bcher-kva.example [2001:db8::1] 2001:DB8::1');
  assert.deepEqual(entries.map((e) => e.name), ['xn--bcher-kva.example', '2001:db8::1']);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!.message, /same name as “bücher\.example”/);
  assert.match(problems[1]!.message, /same name as “\[2001:db8::1\]”/);
});

test('a wildcard and its base are different names', () => {
  const { entries, problems } = parseNames('*.example.com example.com');
  assert.deepEqual(problems, []);
  assert.equal(entries.length, 2);
});

test('the same typo twice is reported once', () => {
  const { problems } = parseNames('localhost localhost');
  assert.equal(problems.length, 1);
});

test(`more than ${MAX_NAMES} names: the first ${MAX_NAMES} kept, one message for the rest`, () => {
  const names = Array.from({ length: MAX_NAMES + 5 }, (_, i) => `n${i}.example.com`);
  const { entries, problems } = parseNames(names.join('\n'));
  assert.equal(entries.length, MAX_NAMES);
  assert.equal(entries.at(-1)!.name, `n${MAX_NAMES - 1}.example.com`);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.input, `n${MAX_NAMES}.example.com`);
  assert.match(problems[0]!.message, /105 given.*at most 100.*the 4 after it/);
});

test('exactly MAX_NAMES names, duplicates and bad ones not counted', () => {
  const names = Array.from({ length: MAX_NAMES }, (_, i) => `n${i}.example.com`);
  const { entries, problems } = parseNames([...names, 'n0.example.com', 'localhost'].join(' '));
  assert.equal(entries.length, MAX_NAMES);
  assert.deepEqual(problems.map((p) => p.input), ['n0.example.com', 'localhost']);
});

test('a name of exactly 253 characters is accepted, 254 is not', () => {
  const label = 'a'.repeat(63);
  const n253 = `${label}.${label}.${label}.${'b'.repeat(57)}.com`;
  assert.equal(n253.length, 253);
  assert.equal(parseNames(n253).entries.length, 1);
  const n254 = `${label}.${label}.${label}.${'b'.repeat(58)}.com`;
  assert.equal(n254.length, 254);
  assert.match(parseNames(n254).problems[0]?.message ?? '', /254 characters long; a name can have at most 253/);
});

test('length limits apply to the ASCII (punycode) form', () => {
  // 62 "ü" encode to far more than 63 ASCII characters.
  const { problems } = parseNames(`${'ü'.repeat(62)}.example`);
  assert.match(problems[0]?.message ?? '', /“xn--.*” is \d+ characters long; a part between dots can have at most 63/);
});

test('wildcardBase', () => {
  assert.equal(wildcardBase('*.example.com'), 'example.com');
  assert.equal(wildcardBase('example.com'), 'example.com');
  assert.equal(wildcardBase('www.*.example.com'), 'www.*.example.com');
});

test('hostile text: over NAMES_MAX_CHARS is a typed error naming the limit; long pieces end quickly (issue 11)', () => {
  assert.throws(() => parseNames('example.com '.repeat(200_000)), (err: unknown) => {
    assert.ok(err instanceof CryptoInputError && err.code === 'too-large', String(err));
    assert.match(err.message, /^This text is 2\.2 MB; the list of names is at most 64 KB\. Enter at most 100 names/);
    return true;
  });
  // The longest real input: 100 names of 253 characters fits.
  const longest = Array.from({ length: MAX_NAMES }, (_, i) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${String(i).padStart(3, '0')}${'d'.repeat(54)}.com`);
  assert.equal(longest[0]!.length, 253);
  const parsed = parseNames(longest.join('\n'));
  assert.equal(parsed.entries.length, MAX_NAMES);
  assert.deepEqual(parsed.problems, []);
  // "a@" and 30,000 dots took 0.4 s in the e-mail check (quadratic backtracking); pieces this long are refused first.
  for (const piece of [`a@${'.'.repeat(60_000)}@`, `${'a.'.repeat(30_000)}`, `${'ü'.repeat(60_000)}.de`]) {
    const started = process.cpuUsage(); // CPU time: a loaded machine makes waits look like work
    const { entries, problems } = parseNames(piece);
    assert.ok(cpuMs(process.cpuUsage(started)) < 100, piece.slice(0, 10));
    assert.equal(entries.length, 0);
    assert.match(problems[0]?.message ?? '', /characters long; a name can have at most 253/);
  }
});

function cpuMs(used: NodeJS.CpuUsage): number {
  return (used.user + used.system) / 1000;
}
