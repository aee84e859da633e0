// Which page addresses probably share their origin with other pages (and so their IndexedDB and caches).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originSharing, type OriginSharing } from '../../src/flow/origin.ts';

const cases: [url: string, expected: OriginSharing][] = [
  // GitHub Pages: a project site shares the account's origin; the account's own root site is taken as its own.
  ['https://example.github.io/certpage/', 'github-pages'],
  ['https://example.github.io/certpage/index.html', 'github-pages'],
  ['https://example.github.io/certpage', 'github-pages'],
  ['https://Example.GitHub.IO/certpage/?x=1#top', 'github-pages'],
  ['https://example.github.io./certpage/', 'github-pages'],
  ['https://example.github.io/a/b/', 'github-pages'],
  ['https://example.github.io/', 'own'],
  ['https://example.github.io/index.html', 'own'],
  ['https://example.github.io/?utm=1', 'own'],
  // Any other host: a sub-path probably shares the host with other pages; the root is probably its own.
  ['https://example.com/certpage/', 'sub-path'],
  ['https://example.com/tools/certpage/index.html', 'sub-path'],
  ['https://example.com/certpage.html', 'sub-path'],
  ['https://notgithub.io/certpage/', 'sub-path'],
  ['https://github.io.example.com/certpage/', 'sub-path'],
  ['https://certs.example.com/', 'own'],
  ['https://certs.example.com/index.html', 'own'],
  ['https://certs.example.com/INDEX.HTML', 'own'],
  ['http://127.0.0.1:5173/', 'own'],
  ['http://[::1]:8080/sub/', 'sub-path'],
  // Opened from disk, wherever the file is.
  ['file:///home/me/Downloads/certpage.html', 'file'],
  ['file:///C:/Users/me/certpage.html', 'file'],
  ['file://server/share/certpage.html', 'file'],
];

for (const [url, expected] of cases) {
  test(`${url} → ${expected}`, () => {
    assert.equal(originSharing(new URL(url)), expected);
  });
}

test('other schemes are not guessed about', () => {
  assert.equal(originSharing({ protocol: 'about:', hostname: '', pathname: 'blank' }), 'own');
  assert.equal(originSharing({ protocol: 'chrome-extension:', hostname: 'abc', pathname: '/page.html' }), 'own');
});

test('reads only protocol, hostname and pathname (location or URL)', () => {
  assert.equal(originSharing({ protocol: 'FILE:', hostname: '', pathname: '/x.html' }), 'file');
  assert.equal(originSharing({ protocol: 'https:', hostname: 'example.github.io', pathname: '' }), 'own');
});
