// When a DNS-01 card tells the CA by itself: only on a check in which every resolver saw the card's value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shouldAutoSubmit, type AutoSubmitInput } from '../../src/flow/checks/auto-submit.ts';
import type { CardCheck } from '../../src/flow/checks/live.ts';

const A = 'https://ca.test/authz/a';
const R1 = { name: 'one', url: 'https://one.test/dns-query' };
const R2 = { name: 'two', url: 'https://two.test/dns-query' };
const NAME = '_acme-challenge.a.test';

const pass: CardCheck = {
  state: 'pass', headline: 'Found: seen by 2 of 2 resolvers.', details: [], hints: [],
  txt: { name: NAME, values: ['v-a'], resolvers: [R1.url, R2.url], seenBy: 2, asked: 2 },
};

function input(over: Partial<AutoSubmitInput> = {}): AutoSubmitInput {
  return {
    enabled: true, dns: { mode: 'on', resolvers: [R1, R2] }, role: 'driver', stage: 'challenges',
    card: { authzUrl: A, choice: 'dns-01', state: 'waiting', dns01: { name: NAME, value: 'v-a' } },
    check: pass, raised: new Set(), ...over,
  };
}

describe('shouldAutoSubmit', () => {
  test('every resolver of the list saw the expected value, switch on, this tab drives: yes', () => {
    assert.equal(shouldAutoSubmit(input()), true);
    // A wildcard and its base share the name: the check expected both values, and saw both.
    assert.equal(shouldAutoSubmit(input({ check: { ...pass, txt: { ...pass.txt!, values: ['v-base', 'v-a'] } } })), true);
  });

  const no: [string, Partial<AutoSubmitInput>][] = [
    ['the switch is off', { enabled: false }],
    ['DNS checks are off', { dns: { mode: 'off', resolvers: [R1, R2] } }],
    ['DNS checks not consented yet', { dns: { mode: 'ask', resolvers: [R1, R2] } }],
    ['the DNS setting is not loaded', { dns: undefined }],
    ['no resolver left in the list', { dns: { mode: 'on', resolvers: [] } }],
    ['this tab follows another', { role: 'follower' }],
    ['the order is past its cards', { stage: 'finalizing' }],
    ['already told by itself once', { raised: new Set([A]) }],
    ['HTTP-01 card (its check sees only an address)', { card: { authzUrl: A, choice: 'http-01', state: 'waiting', dns01: { name: NAME, value: 'v-a' } } }],
    ['TLS-ALPN-01 card', { card: { authzUrl: A, choice: 'tls-alpn-01', state: 'waiting', dns01: { name: NAME, value: 'v-a' } } }],
    ['the card was already sent', { card: { authzUrl: A, choice: 'dns-01', state: 'submitted', dns01: { name: NAME, value: 'v-a' } } }],
    ['not checked yet', { check: undefined }],
    ['checking', { check: { state: 'checking', headline: 'Checking…', details: [], hints: [] } }],
    ['not found yet', { check: { ...pass, state: 'wait', txt: { ...pass.txt!, seenBy: 0 } } }],
    ['seen by 1 of 2 resolvers so far', { check: { ...pass, state: 'wait', txt: { ...pass.txt!, seenBy: 1 } } }],
    ['a wrong value', { check: { ...pass, state: 'fail', txt: undefined } }],
    ['no resolver answered (the button is enabled then, but nothing was seen)', { check: { state: 'unknown', headline: 'Could not check', details: [], hints: [] } }],
    ['a pass in which one resolver did not answer', { check: { ...pass, txt: { ...pass.txt!, seenBy: 1, asked: 2 } } }],
    ['a pass that is not a TXT check (an address check left from HTTP-01)', { check: { state: 'pass', headline: 'a.test points to 127.0.0.1.', details: [], hints: [] } }],
    ['a pass for another record name', { check: { ...pass, txt: { ...pass.txt!, name: '_acme-challenge.b.test' } } }],
    ['a pass that did not look for this card\'s value', { check: { ...pass, txt: { ...pass.txt!, values: ['v-old'] } } }],
    ['a pass through another list of resolvers', { check: { ...pass, txt: { ...pass.txt!, resolvers: [R1.url, 'https://old.test/dns-query'] } } }],
    ['a pass through fewer resolvers than the list has now', { check: { ...pass, txt: { ...pass.txt!, resolvers: [R1.url], seenBy: 1, asked: 1 } } }],
  ];
  for (const [why, over] of no) test(`no: ${why}`, () => assert.equal(shouldAutoSubmit(input(over)), false));
});
