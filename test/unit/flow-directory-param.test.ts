// ?directory=<url> preselects a CA: https anywhere, plain http only on loopback, nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directoryFromQuery } from '../../src/flow/ca/from-link.ts';

test('directoryFromQuery: the URL, decoded and normalised, when usable', () => {
  assert.equal(directoryFromQuery('?directory=https%3A%2F%2F127.0.0.1%3A14000%2Fdir'), 'https://127.0.0.1:14000/dir');
  assert.equal(directoryFromQuery('?directory=https://acme-staging-v02.api.letsencrypt.org/directory&x=1'), 'https://acme-staging-v02.api.letsencrypt.org/directory');
  assert.equal(directoryFromQuery('directory=%20https://CA.example/dir%20'), 'https://ca.example/dir');
  assert.equal(directoryFromQuery('?directory=http://127.0.0.1:8080/dir'), 'http://127.0.0.1:8080/dir');
  assert.equal(directoryFromQuery('?directory=http://localhost:8080/dir'), 'http://localhost:8080/dir');
  assert.equal(directoryFromQuery('?directory=http://[::1]:8080/dir'), 'http://[::1]:8080/dir');
});

test('directoryFromQuery: nothing for a missing, broken or unsafe value', () => {
  for (const search of ['', '?', '?directory=', '?dir=https://ca.example/dir', '?directory=not a url', '?directory=ca.example/dir',
    '?directory=http://ca.example/dir', '?directory=javascript:alert(1)', '?directory=data:text/plain,x', '?directory=file:///etc/passwd',
    '?directory=https://user:pw@ca.example/dir', '?directory=https://ca.example/dir%23frag', '?directory=http://127.0.0.1.evil.example/dir']) {
    assert.equal(directoryFromQuery(search), undefined, search);
  }
});
