// CA presets: the directory URLs from the research notes, and matching a typed URL back to a preset.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CA_PRESETS, presetFor } from '../../src/flow/ca/presets.ts';

test("Let's Encrypt staging is first (the suggested first try), production second", () => {
  assert.deepEqual(CA_PRESETS.slice(0, 2).map((p) => [p.id, p.directoryUrl, p.staging, p.needsEab]), [
    ['letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory', true, false],
    ['letsencrypt', 'https://acme-v02.api.letsencrypt.org/directory', false, false],
  ]);
});

test('directory URLs as recorded in research/acme-clients.md §2.6', () => {
  const byId = Object.fromEntries(CA_PRESETS.map((p) => [p.id, p.directoryUrl]));
  assert.equal(byId['zerossl'], 'https://acme.zerossl.com/v2/DV90');
  assert.equal(byId['google'], 'https://dv.acme-v02.api.pki.goog/directory');
  assert.equal(byId['google-staging'], 'https://dv.acme-v02.test-api.pki.goog/directory');
  assert.equal(byId['sslcom-rsa'], 'https://acme.ssl.com/sslcom-dv-rsa');
  assert.equal(byId['sslcom-ecc'], 'https://acme.ssl.com/sslcom-dv-ecc');
  assert.equal(byId['actalis'], 'https://acme-api.actalis.com/acme/directory');
  assert.equal(byId['buypass'], undefined, 'Buypass stopped issuing in 2025');
});

test('every preset is well formed', () => {
  const ids = new Set<string>();
  const urls = new Set<string>();
  for (const p of CA_PRESETS) {
    assert.match(p.id, /^[a-z0-9-]+$/);
    assert.ok(!ids.has(p.id), `duplicate id ${p.id}`);
    assert.ok(!urls.has(p.directoryUrl), `duplicate URL ${p.directoryUrl}`);
    ids.add(p.id);
    urls.add(p.directoryUrl);
    assert.equal(new URL(p.directoryUrl).protocol, 'https:');
    assert.equal(new URL(p.website).protocol, 'https:');
    assert.ok(p.name.length > 0);
    // One honest sentence: ends with a full stop, no second sentence.
    assert.match(p.browserNote ?? '', /^[A-Z][^]*\.$/, p.id);
    assert.doesNotMatch(p.browserNote ?? '', /\. [A-Z]/, p.id);
    // A CA that needs EAB says so where the user reads it.
    if (p.needsEab) assert.match(p.browserNote ?? '', /EAB/, p.id);
    // Only Let's Encrypt is confirmed to work from a page; every other note mentions CORS.
    if (!p.id.startsWith('letsencrypt')) assert.match(p.browserNote ?? '', /CORS/, p.id);
  }
});

test('presets cannot be changed at run time', () => {
  assert.throws(() => (CA_PRESETS as CaPresetArray).push(CA_PRESETS[0]!));
  assert.throws(() => {
    (CA_PRESETS[0] as { directoryUrl: string }).directoryUrl = 'https://evil.example/directory';
  });
});
type CaPresetArray = (typeof CA_PRESETS)[number][];

test('presetFor matches exactly, and tolerates case in the host, a trailing slash and spaces', () => {
  assert.equal(presetFor('https://acme-v02.api.letsencrypt.org/directory')?.id, 'letsencrypt');
  assert.equal(presetFor(' https://ACME-V02.api.letsencrypt.org/directory/ ')?.id, 'letsencrypt');
  assert.equal(presetFor('https://acme-v02.api.letsencrypt.org:443/directory')?.id, 'letsencrypt');
  assert.equal(presetFor('https://acme-staging-v02.api.letsencrypt.org/directory')?.id, 'letsencrypt-staging');
  assert.equal(presetFor('https://acme.ssl.com/sslcom-dv-ecc')?.id, 'sslcom-ecc');
});

test('presetFor does not guess', () => {
  assert.equal(presetFor('https://acme-v02.api.letsencrypt.org/DIRECTORY'), undefined); // paths are case-sensitive
  assert.equal(presetFor('http://acme-v02.api.letsencrypt.org/directory'), undefined);
  assert.equal(presetFor('https://acme-v02.api.letsencrypt.org/'), undefined);
  assert.equal(presetFor('https://localhost:14000/dir'), undefined);
  assert.equal(presetFor('not a url'), undefined);
  assert.equal(presetFor(''), undefined);
});
