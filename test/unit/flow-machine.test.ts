// The issuance machine as a table: each stage × each event, the faults included. Pure: no browser, no CA, no store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Authorization, Located, Order } from '../../src/acme/types.ts';
import { initialState, nextInBatch, transition, type Effect, type IssuanceEvent, type IssuanceState, type Stage } from '../../src/flow/issuance/machine.ts';
import type { CardRecord, CertificateRecord, IssuanceRecord } from '../../src/store/schema.ts';

const A = 'https://ca.test/authz/a';
const B = 'https://ca.test/authz/b';
const ORDER = 'https://ca.test/order/1';

function card(url: string, name: string, state: CardRecord['state'] = 'waiting'): CardRecord {
  return {
    authzUrl: url, name, identifier: { type: 'dns', value: name }, wildcard: false, offers: ['http-01', 'dns-01'], choice: 'http-01',
    state, reused: state === 'valid',
    http01: { url: `http://${name}/.well-known/acme-challenge/t`, fileName: 't', body: 't.x' },
    dns01: { name: `_acme-challenge.${name}`, value: 'v' },
  };
}

function authz(url: string, name: string, status: Authorization['status'], challenge: Authorization['status'] = 'pending'): Located<Authorization> {
  return {
    url,
    data: {
      identifier: { type: 'dns', value: name }, status,
      challenges: [
        { type: 'http-01', url: `${url}/http`, status: challenge, token: 't', ...(challenge === 'invalid' ? { error: { type: 'urn:ietf:params:acme:error:unauthorized', detail: 'wrong file' } } : {}) },
        { type: 'dns-01', url: `${url}/dns`, status: 'pending', token: 't' },
      ],
    },
  };
}

function order(status: Order['status'], extra: Partial<Order> = {}): Located<Order> {
  return { url: ORDER, data: { status, identifiers: [], authorizations: [A, B], finalize: `${ORDER}/finalize`, ...extra } };
}

function record(over: Partial<IssuanceRecord> = {}): IssuanceRecord {
  return {
    id: 'iss-1', revision: 3, accountId: 'acct-1', directoryUrl: 'https://ca.test/dir',
    identifiers: [{ type: 'dns', value: 'a.test' }, { type: 'dns', value: 'b.test' }],
    key: { kind: 'csr', csrPem: 'x' }, order: order('pending'),
    authorizations: [authz(A, 'a.test', 'pending'), authz(B, 'b.test', 'pending')],
    cards: [card(A, 'a.test'), card(B, 'b.test')], stage: 'challenges', createdAt: 't', updatedAt: 't', ...over,
  };
}

const certificate = { id: 'cert-1' } as CertificateRecord;
const problem = { what: 'no answer', next: 'try again' };

/** A state in each stage, as this tab would hold it while driving. */
function at(stage: Stage, over: Partial<IssuanceState> = {}): IssuanceState {
  const base: IssuanceState = { ...initialState };
  switch (stage) {
    case 'setup': return { ...base, ...over };
    case 'ordering': return { ...base, stage, step: 'order', ...over };
    case 'challenges': return { ...base, stage, record: record(), ...over };
    case 'finalizing': return { ...base, stage, record: record({ stage: 'finalizing', cards: [card(A, 'a.test', 'valid'), card(B, 'b.test', 'valid')] }), step: 'finalize', ...over };
    case 'done': return { ...base, stage, record: record({ stage: 'done', certificateId: 'cert-1' }), certificate, ...over };
    case 'failed': return { ...base, stage, record: record({ stage: 'failed', failure: { kind: 'error', message: 'x' } }), ...over };
  }
}

const types = (effects: Effect[]) => effects.map((e) => e.type);
const STAGES: Stage[] = ['setup', 'ordering', 'challenges', 'finalizing', 'done', 'failed'];
const input = { directoryUrl: 'https://ca.test/dir', account: { kind: 'existing' as const, id: 'acct-1' }, identifiers: [{ type: 'dns' as const, value: 'a.test' }], key: { kind: 'generate' as const, keyType: 'P-256' as const } };

/** For each stage: the stage after the event and the effects asked for (undefined: the state must not change at all). */
function table(event: IssuanceEvent, expected: Partial<Record<Stage, [Stage, string[]] | 'same'>>, over: (s: Stage) => Partial<IssuanceState> = () => ({})): void {
  for (const stage of STAGES) {
    const want = expected[stage] ?? 'same';
    test(`${stage} + ${event.type} → ${want === 'same' ? 'unchanged' : `${want[0]} [${want[1].join(', ')}]`}`, () => {
      const before = at(stage, over(stage));
      const { state, effects } = transition(before, event);
      if (want === 'same') {
        assert.equal(state, before, 'the very same state object');
        assert.deepEqual(effects, []);
      } else {
        assert.equal(state.stage, want[0]);
        assert.deepEqual(types(effects), want[1]);
      }
    });
  }
}

describe('issuance machine: events from the page', () => {
  table({ type: 'start', input }, { setup: ['ordering', ['placeOrder']] });
  table({ type: 'renew', certificateId: 'c', keepKey: false }, {
    setup: ['ordering', ['placeOrder']],
    challenges: ['ordering', ['release', 'discard', 'placeOrder']],
    finalizing: ['ordering', ['release', 'placeOrder']],
    done: ['ordering', ['release', 'placeOrder']],
    failed: ['ordering', ['release', 'discard', 'placeOrder']],
  });
  table({ type: 'choose', authzUrl: A, choice: 'dns-01' }, { challenges: ['challenges', ['save']] });
  table({ type: 'submit', authzUrls: [A] }, { challenges: ['challenges', ['save', 'respond']] });
  table({ type: 'submit', authzUrls: [A], auto: true }, { challenges: ['challenges', ['save', 'respond']] });
  table({ type: 'submit', authzUrls: [A], auto: true }, {}, () => ({ role: 'follower' }));
  table({ type: 'retry' }, { challenges: ['challenges', ['refresh']], finalizing: ['finalizing', ['readOrder']] });
  table({ type: 'takeOver' }, { challenges: ['challenges', ['steal']], finalizing: ['finalizing', ['steal']] }, () => ({ role: 'follower' }));
  table({ type: 'startOver' }, {
    setup: ['setup', ['leave']], ordering: ['setup', ['leave']],
    challenges: ['setup', ['release', 'discard', 'leave']], finalizing: ['setup', ['release', 'leave']],
    done: ['setup', ['release', 'leave']], failed: ['setup', ['release', 'discard', 'leave']],
  });

  test('a follower cannot choose, submit or retry: the driving tab does', () => {
    for (const event of [{ type: 'choose', authzUrl: A, choice: 'dns-01' }, { type: 'submit', authzUrls: [A] }, { type: 'retry' }] as IssuanceEvent[]) {
      const before = at('challenges', { role: 'follower' });
      assert.equal(transition(before, event).state, before);
    }
  });

  test('choose: a choice the CA does not offer, or for a card already sent, changes nothing', () => {
    const only = at('challenges', { record: record({ cards: [{ ...card(A, 'a.test'), offers: ['dns-01'], choice: 'dns-01' }, card(B, 'b.test')] }) });
    assert.equal(transition(only, { type: 'choose', authzUrl: A, choice: 'http-01' }).state, only);
    const sent = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test')] }) });
    assert.equal(transition(sent, { type: 'choose', authzUrl: A, choice: 'dns-01' }).state, sent);
  });

  test('submit marks only waiting cards, and writes that before the CA is told', () => {
    const { state, effects } = transition(at('challenges'), { type: 'submit', authzUrls: [A, B, 'https://ca.test/unknown'] });
    assert.deepEqual(state.record?.cards.map((c) => c.state), ['submitted', 'submitted']);
    assert.deepEqual(effects, [{ type: 'save' }, { type: 'respond', authzUrls: [A, B] }]);
    const again = transition(state, { type: 'submit', authzUrls: [A] });
    assert.equal(again.state, state, 'a second press sends nothing');
  });

  test('submit by itself (every resolver saw the record): the card remembers it, is sent once, and a press sends nothing more', () => {
    const { state, effects } = transition(at('challenges'), { type: 'submit', authzUrls: [A], auto: true });
    assert.deepEqual(state.record?.cards.map((c) => [c.state, c.auto]), [['submitted', true], ['waiting', undefined]]);
    assert.deepEqual(effects, [{ type: 'save' }, { type: 'respond', authzUrls: [A] }]);
    assert.equal(transition(state, { type: 'submit', authzUrls: [A], auto: true }).state, state, 'never twice');
    assert.equal(transition(state, { type: 'submit', authzUrls: [A] }).state, state, 'a press afterwards sends nothing');
    // A press is not marked as by itself.
    const pressed = transition(at('challenges'), { type: 'submit', authzUrls: [A] }).state;
    assert.equal(pressed.record?.cards[0]?.auto, undefined);
    // The mark survives what the CA says next.
    const valid = transition(state, { type: 'authorization', authz: authz(A, 'a.test', 'valid', 'valid') }).state;
    assert.deepEqual([valid.record?.cards[0]?.state, valid.record?.cards[0]?.auto], ['valid', true]);
  });

  test('retry while finalizing with the chain already written checks it again instead of asking the CA', () => {
    const s = at('finalizing', { record: { ...at('finalizing').record as IssuanceRecord, chain: { pem: 'p', alternates: [] } }, problem });
    const { state, effects } = transition(s, { type: 'retry' });
    assert.deepEqual(types(effects), ['check']);
    assert.equal(state.problem, undefined);
  });
});

describe('issuance machine: placing the order', () => {
  table({ type: 'progress', step: 'account' }, { ordering: ['ordering', []], challenges: ['challenges', []], finalizing: ['finalizing', []] });
  table({ type: 'ordered', record: record(), accountId: 'acct-1' }, { ordering: ['challenges', ['lock']] });
  table({ type: 'orderFailed', problem, accountId: 'acct-9' }, { ordering: ['setup', []] });

  test('a failed order keeps the account it made, for the form to preselect', () => {
    const { state } = transition(at('ordering'), { type: 'orderFailed', problem, accountId: 'acct-9' });
    assert.equal(state.accountId, 'acct-9');
    assert.deepEqual(state.problem, problem);
  });

  test('no answer while ordering: back to the form with the problem, nothing lost', () => {
    const { state, effects } = transition(at('ordering', { accountId: 'acct-1' }), { type: 'unreachable', problem });
    assert.equal(state.stage, 'setup');
    assert.deepEqual(state.problem, problem);
    assert.equal(state.accountId, 'acct-1');
    assert.deepEqual(effects, []);
  });
});

describe('issuance machine: resuming and tabs', () => {
  test('resumed: an unfinished issuance asks for the lock; a finished one is only shown', () => {
    assert.deepEqual(types(transition(at('setup'), { type: 'resumed', record: record() }).effects), ['lock']);
    assert.deepEqual(types(transition(at('setup'), { type: 'resumed', record: record({ stage: 'finalizing' }) }).effects), ['lock']);
    const done = transition(at('setup'), { type: 'resumed', record: record({ stage: 'done' }), certificate });
    assert.equal(done.state.stage, 'done');
    assert.equal(done.state.certificate, certificate);
    assert.deepEqual(done.effects, []);
    assert.deepEqual(transition(at('setup'), { type: 'resumed', record: record({ stage: 'failed' }) }).effects, []);
    const busy = at('challenges');
    assert.equal(transition(busy, { type: 'resumed', record: record() }).state, busy, 'only the form resumes');
  });

  test('lockGained: a fresh order waits for the user; a resumed one asks the CA where it stands; the driver prepares finalize', () => {
    assert.deepEqual(types(transition(at('challenges', { fresh: true }), { type: 'lockGained' }).effects), ['prepare'], 'pkijs loads while the user places files');
    assert.deepEqual(types(transition(at('challenges'), { type: 'lockGained' }).effects), ['prepare', 'refresh']);
    assert.deepEqual(types(transition(at('finalizing'), { type: 'lockGained' }).effects), ['prepare', 'readOrder']);
    const withChain = at('finalizing', { record: { ...at('finalizing').record as IssuanceRecord, chain: { pem: 'p', alternates: [] } } });
    assert.deepEqual(types(transition(withChain, { type: 'lockGained' }).effects), ['prepare', 'check'], 'a downloaded chain is never asked for again');
    assert.deepEqual(transition(at('setup'), { type: 'lockGained' }).effects, [], 'nothing to drive: nothing to prepare');
    assert.deepEqual(transition(at('done'), { type: 'lockGained' }).effects, []);
  });

  test('lockGained on a fresh order whose names the CA all reused goes straight to finalize', () => {
    const reused = at('challenges', { fresh: true, record: record({ cards: [card(A, 'a.test', 'valid'), card(B, 'b.test', 'valid')] }) });
    const { state, effects } = transition(reused, { type: 'lockGained' });
    assert.equal(state.stage, 'finalizing');
    assert.deepEqual(types(effects), ['prepare', 'save', 'finalize']);
  });

  test('another tab holds the lock: this one follows, and a follower that gains the lock drives', () => {
    const follower = transition(at('challenges'), { type: 'lockHeldElsewhere' }).state;
    assert.equal(follower.role, 'follower');
    const driver = transition(follower, { type: 'lockGained' });
    assert.equal(driver.state.role, 'driver');
    assert.deepEqual(types(driver.effects), ['prepare', 'refresh']);
  });

  test('lockLost: the tab follows from now on and forgets what it was waiting on', () => {
    const { state, effects } = transition(at('challenges', { sent: [A] }), { type: 'lockLost' });
    assert.equal(state.role, 'follower');
    assert.deepEqual(state.sent, []);
    assert.deepEqual(effects, []);
  });

  test('changedElsewhere: a newer revision is shown, an older or other one is ignored', () => {
    const s = at('challenges', { role: 'follower' });
    const newer = record({ revision: 9, stage: 'done', certificateId: 'cert-1' });
    const next = transition(s, { type: 'changedElsewhere', record: newer, certificate });
    assert.equal(next.state.stage, 'done');
    assert.equal(next.state.certificate, certificate);
    assert.equal(transition(s, { type: 'changedElsewhere', record: record({ revision: 2 }) }).state, s);
    assert.equal(transition(s, { type: 'changedElsewhere', record: record({ id: 'other', revision: 9 }) }).state, s);
  });
});

describe('issuance machine: writes', () => {
  test('saved takes the new revision and clears a refused-write warning', () => {
    const { state } = transition(at('challenges', { unsaved: true }), { type: 'saved', revision: 4 });
    assert.equal(state.record?.revision, 4);
    assert.equal(state.unsaved, false);
  });

  test('saveFailed: carry on in memory, and say so', () => {
    const { state, effects } = transition(at('finalizing'), { type: 'saveFailed', problem });
    assert.equal(state.stage, 'finalizing');
    assert.equal(state.unsaved, true);
    assert.deepEqual(state.storage, problem);
    assert.equal(state.problem, undefined, 'nothing to try again at the CA');
    assert.deepEqual(effects, []);
  });

  test('stale: another tab wrote a newer revision; this tab follows it and never overwrites it', () => {
    const latest = record({ revision: 7, stage: 'done', certificateId: 'cert-1' });
    const { state, effects } = transition(at('finalizing'), { type: 'stale', latest });
    assert.equal(state.role, 'follower');
    assert.equal(state.stage, 'done');
    assert.equal(state.record, latest);
    assert.deepEqual(effects, []);
  });

  test('stale on an unfinished issuance while driving: this tab raced itself; it keeps driving and asks the CA', () => {
    const latest = record({ revision: 7, stage: 'finalizing' });
    const { state, effects } = transition(at('challenges'), { type: 'stale', latest });
    assert.equal(state.role, 'driver');
    assert.equal(state.stage, 'finalizing');
    assert.equal(state.record, latest);
    assert.ok(effects.some((e) => e.type === 'readOrder'), 'it asks the CA where the order stands');
    assert.ok(!effects.some((e) => e.type === 'lock' || e.type === 'release'), 'the lock is not touched');
    const follower = transition(at('challenges', { role: 'follower' }), { type: 'stale', latest });
    assert.equal(follower.state.role, 'follower');
    assert.deepEqual(follower.effects, []);
  });
});

describe("issuance machine: the CA's answers", () => {
  test('responded: one poll of the order once every card was sent, else the sent authorizations', () => {
    const all = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test', 'submitted')] }) });
    assert.deepEqual(transition(all, { type: 'responded', authzUrls: [A, B] }).effects, [{ type: 'watchOrder' }]);
    const one = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test')] }) });
    assert.deepEqual(transition(one, { type: 'responded', authzUrls: [A] }).effects, [{ type: 'watch', authzUrls: [A] }]);
  });

  test('authorization valid: saved; the last valid one starts finalize', () => {
    const one = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test')] }) });
    const first = transition(one, { type: 'authorization', authz: authz(A, 'a.test', 'valid', 'valid') });
    assert.equal(first.state.record?.cards[0]?.state, 'valid');
    assert.deepEqual(types(first.effects), ['save']);
    const last = at('challenges', { record: record({ cards: [card(A, 'a.test', 'valid'), card(B, 'b.test', 'submitted')] }) });
    const done = transition(last, { type: 'authorization', authz: authz(B, 'b.test', 'valid', 'valid') });
    assert.equal(done.state.stage, 'finalizing');
    assert.deepEqual(types(done.effects), ['save', 'finalize']);
  });

  test("authorization invalid: the order failed, with the CA's words kept on the card", () => {
    const s = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test')] }) });
    const { state, effects } = transition(s, { type: 'authorization', authz: authz(A, 'a.test', 'invalid', 'invalid') });
    assert.equal(state.stage, 'failed');
    assert.equal(state.record?.stage, 'failed');
    assert.equal(state.record?.cards[0]?.state, 'invalid');
    assert.equal(state.record?.failure?.kind, 'ca');
    assert.deepEqual(types(effects), ['save', 'release']);
  });

  test('refreshed after a reload: a card sent but still pending at the CA is sent again; one being checked is watched', () => {
    const s = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test', 'submitted')] }) });
    const lost = transition(s, { type: 'refreshed', order: order('pending'), authorizations: [authz(A, 'a.test', 'pending', 'pending'), authz(B, 'b.test', 'pending', 'processing')] });
    assert.deepEqual(lost.effects, [{ type: 'save' }, { type: 'respond', authzUrls: [A] }]);
    const checking = transition(s, { type: 'refreshed', order: order('pending'), authorizations: [authz(A, 'a.test', 'pending', 'processing'), authz(B, 'b.test', 'pending', 'processing')] });
    assert.deepEqual(checking.effects, [{ type: 'save' }, { type: 'watchOrder' }], 'the CA is checking both: one poll of the order');
  });

  test('refreshed while this tab is sending a challenge (back online, then a quick click): never sent twice', () => {
    const submitted = transition(at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test')] }) }), { type: 'submit', authzUrls: [B] }).state;
    const { effects } = transition(submitted, { type: 'refreshed', order: order('pending'), authorizations: [authz(A, 'a.test', 'pending', 'processing'), authz(B, 'b.test', 'pending', 'pending')] });
    assert.equal(effects.some((e) => e.type === 'respond'), false, 'B is on its way already');
    const lost = transition(submitted, { type: 'unreachable', problem });
    assert.deepEqual(lost.state.sent, [], 'after a network failure nobody knows what arrived: the next refresh sends what is still pending');
  });

  test('refreshed: the CA already finished the order while the page was away', () => {
    const s = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test', 'submitted')] }) });
    const ready = transition(s, { type: 'refreshed', order: order('ready'), authorizations: [authz(A, 'a.test', 'valid', 'valid'), authz(B, 'b.test', 'valid', 'valid')] });
    assert.equal(ready.state.stage, 'finalizing');
    assert.deepEqual(types(ready.effects), ['save', 'finalize']);
    const valid = transition(s, { type: 'refreshed', order: order('valid', { certificate: 'c' }), authorizations: [authz(A, 'a.test', 'valid', 'valid'), authz(B, 'b.test', 'valid', 'valid')] });
    assert.deepEqual(types(valid.effects), ['save', 'download'], 'finalized by another tab: download, never finalize twice');
    const invalid = transition(s, { type: 'refreshed', order: order('invalid'), authorizations: [authz(A, 'a.test', 'invalid', 'invalid'), authz(B, 'b.test', 'valid', 'valid')] });
    assert.equal(invalid.state.stage, 'failed');
    assert.deepEqual(invalid.state.record?.cards.map((c) => c.state), ['invalid', 'valid'], "each card's real end");
  });

  test('order: each status while finalizing', () => {
    const f = at('finalizing');
    assert.deepEqual(transition(f, { type: 'order', order: order('pending') }).effects, [{ type: 'save' }, { type: 'waitOrder', want: 'ready' }]);
    assert.deepEqual(types(transition(f, { type: 'order', order: order('ready') }).effects), ['save', 'finalize']);
    assert.deepEqual(transition(f, { type: 'order', order: order('processing') }).effects, [{ type: 'save' }, { type: 'waitOrder', want: 'valid' }]);
    assert.deepEqual(types(transition(f, { type: 'order', order: order('valid', { certificate: 'c' }) }).effects), ['save', 'download']);
    assert.deepEqual(types(transition(f, { type: 'order', order: order('invalid') }).effects), ['explain']);
  });

  test('order ready while the cards were being checked: every card is valid, finalize', () => {
    const s = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test', 'submitted')] }) });
    const { state, effects } = transition(s, { type: 'order', order: order('ready') });
    assert.equal(state.stage, 'finalizing');
    assert.deepEqual(state.record?.cards.map((c) => c.state), ['valid', 'valid']);
    assert.deepEqual(types(effects), ['save', 'finalize']);
  });

  test('orderNotReady on finalize: the order is read again first; refused twice ends it', () => {
    const once = transition(at('finalizing'), { type: 'finalizeRefused' });
    assert.deepEqual(types(once.effects), ['readOrder']);
    const twice = transition(once.state, { type: 'finalizeRefused' });
    assert.deepEqual(types(twice.effects), ['readOrder']);
    const thrice = transition(twice.state, { type: 'finalizeRefused' });
    assert.equal(thrice.state.stage, 'failed');
  });

  test('downloaded: the chain is written into the issuance before it is checked or shown', () => {
    const { state, effects } = transition(at('finalizing'), { type: 'downloaded', pem: 'PEM', alternates: ['ALT'] });
    assert.deepEqual(state.record?.chain, { pem: 'PEM', alternates: ['ALT'] });
    assert.equal(state.stage, 'finalizing');
    assert.equal(state.certificate, undefined, 'nothing offered yet');
    assert.deepEqual(types(effects), ['save', 'check']);
  });

  test('checked: a match is stored; a mismatch fails with the reason, and nothing is stored as a certificate', () => {
    assert.deepEqual(types(transition(at('finalizing'), { type: 'checked' }).effects), ['store']);
    const failure = { kind: 'certificate' as const, reason: 'names' as const, found: 'evil.test', expected: 'a.test, b.test' };
    const { state, effects } = transition(at('finalizing'), { type: 'checked', failure });
    assert.equal(state.stage, 'failed');
    assert.deepEqual(state.record?.failure, failure);
    assert.equal(state.certificate, undefined);
    assert.deepEqual(types(effects), ['save', 'release']);
  });

  test('stored → done; storeFailed → done with the certificate in memory, offered at once', () => {
    const stored = transition(at('finalizing'), { type: 'stored', record: record({ stage: 'done' }), certificate });
    assert.equal(stored.state.stage, 'done');
    assert.equal(stored.state.unsaved, false);
    const failed = transition(at('finalizing'), { type: 'storeFailed', certificate, problem });
    assert.equal(failed.state.stage, 'done');
    assert.equal(failed.state.certificate, certificate);
    assert.equal(failed.state.unsaved, true);
    assert.deepEqual(failed.state.storage, problem);
  });

  test('caFailed with the authorizations: the order failed, each card shows its real end', () => {
    const s = at('challenges', { record: record({ cards: [card(A, 'a.test', 'submitted'), card(B, 'b.test', 'submitted')] }) });
    const { state } = transition(s, { type: 'caFailed', failure: { kind: 'ca', problem: { detail: 'x' }, status: 403 }, authorizations: [authz(A, 'a.test', 'invalid', 'invalid'), authz(B, 'b.test', 'valid', 'valid')] });
    assert.equal(state.stage, 'failed');
    assert.deepEqual(state.record?.cards.map((c) => c.state), ['invalid', 'valid']);
  });

  test('unreachable or crashed: the stage stays, the problem shows, and nothing is asked for', () => {
    for (const stage of ['challenges', 'finalizing'] as const) {
      for (const type of ['unreachable', 'crashed'] as const) {
        const { state, effects } = transition(at(stage), { type, problem });
        assert.equal(state.stage, stage);
        assert.deepEqual(state.problem, problem);
        assert.deepEqual(effects, []);
      }
    }
  });

  test("the CA's answers reach only the tab that drives: a follower ignores them", () => {
    const follower = at('finalizing', { role: 'follower' });
    for (const event of [
      { type: 'order', order: order('ready') }, { type: 'finalizeRefused' }, { type: 'downloaded', pem: 'p', alternates: [] },
      { type: 'checked' }, { type: 'authorization', authz: authz(A, 'a.test', 'valid') }, { type: 'responded', authzUrls: [A] },
    ] as IssuanceEvent[]) {
      assert.equal(transition(follower, event).state, follower, event.type);
    }
  });
});

describe('issuance machine: several CSRs in one pass', () => {
  const item = (name: string) => ({ identifiers: [{ type: 'dns' as const, value: name }], csrPem: `CSR ${name}` });
  const batch = (over: Partial<NonNullable<IssuanceRecord['batch']>> = {}) => ({ id: 'pass-1', index: 0, total: 3, queue: [item('b.test'), item('c.test')], certificateIds: [], ...over });
  const first = (over: Partial<IssuanceRecord> = {}) => record({ batch: batch(), profile: 'tlsserver', ...over });
  const cert1 = { id: 'cert-1', names: ['a.test'] } as CertificateRecord;
  const cert0 = { id: 'cert-0', names: ['z.test'] } as CertificateRecord;
  /** A pass at rest: its order ended (done or failed) with CSRs still queued. */
  const resting = (stage: 'done' | 'failed') => at(stage, {
    record: first(stage === 'done' ? { stage, certificateId: 'cert-1' } : { stage, failure: { kind: 'error', message: 'x' } }),
    ...(stage === 'done' ? { certificate: cert1 } : {}),
  });

  test('nextInBatch: the first queued CSR with the same account, CA and profile; the issued certificate joins the list', () => {
    const next = nextInBatch(first(), 'cert-1');
    assert.deepEqual(next, {
      kind: 'next', after: 'iss-1', accountId: 'acct-1', directoryUrl: 'https://ca.test/dir', profile: 'tlsserver', item: item('b.test'),
      batch: { id: 'pass-1', index: 1, total: 3, queue: [item('c.test')], certificateIds: ['cert-1'] },
    });
    assert.equal(nextInBatch(first({ batch: batch({ index: 2, queue: [] }) }), 'cert-3'), undefined, 'the last CSR: nothing after it');
    assert.equal(nextInBatch(record(), 'cert-1'), undefined, 'no pass');
    assert.deepEqual(nextInBatch(first(), undefined)?.batch.certificateIds, [], 'after a failed order nothing joins the list');
  });

  test('stored with CSRs queued: the next order at once, holding the lock; the certificate is kept for the end', () => {
    const s = at('finalizing', { record: first({ stage: 'finalizing' }), issued: [cert0] });
    const { state, effects } = transition(s, { type: 'stored', record: first({ stage: 'done', certificateId: 'cert-1' }), certificate: cert1 });
    assert.equal(state.stage, 'ordering');
    assert.equal(state.step, 'connecting');
    assert.equal(state.role, 'driver');
    assert.deepEqual(state.issued, [cert0, cert1]);
    assert.equal(state.certificate, undefined);
    assert.deepEqual(types(effects), ['placeOrder'], 'no release: no other tab may place it too');
    const order = effects[0]?.type === 'placeOrder' ? effects[0].order : undefined;
    assert.equal(order?.kind === 'next' && order.item.identifiers[0]?.value, 'b.test');
    // The last one: done, as for one CSR.
    const last = transition(at('finalizing', { record: first({ stage: 'finalizing', batch: batch({ index: 2, queue: [] }) }) }), { type: 'stored', record: first({ stage: 'done', batch: batch({ index: 2, queue: [] }) }), certificate: cert1 });
    assert.equal(last.state.stage, 'done');
    assert.deepEqual(types(last.effects), ['release']);
  });

  test('storeFailed with CSRs queued: the pass goes on; the certificate stays in memory, offered at the end', () => {
    const s = at('finalizing', { record: first({ stage: 'finalizing' }) });
    const { state, effects } = transition(s, { type: 'storeFailed', certificate: cert1, problem });
    assert.equal(state.stage, 'ordering');
    assert.equal(state.unsaved, true);
    assert.deepEqual(state.storage, problem);
    assert.deepEqual(state.issued, [cert1]);
    assert.equal(state.record?.certificateId, 'cert-1');
    assert.deepEqual(types(effects), ['placeOrder']);
  });

  test('ordered: the next order shows with the certificates issued so far; a new start forgets them', () => {
    const s = at('ordering', { record: first({ stage: 'done', certificateId: 'cert-1' }), issued: [cert1] });
    const next = transition(s, { type: 'ordered', record: record({ id: 'iss-2', batch: batch({ index: 1 }) }), accountId: 'acct-1' });
    assert.equal(next.state.stage, 'challenges');
    assert.deepEqual(next.state.issued, [cert1]);
    assert.deepEqual(types(next.effects), ['lock']);
    assert.deepEqual(transition(at('setup', { issued: [cert1] }), { type: 'start', input }).state.issued, []);
  });

  test('orderFailed for the next CSR: the pass rests on the order before, with the problem; the lock goes', () => {
    const s = at('ordering', { record: first({ stage: 'done', certificateId: 'cert-1' }), issued: [cert1] });
    const { state, effects } = transition(s, { type: 'orderFailed', problem });
    assert.equal(state.stage, 'done');
    assert.deepEqual(state.problem, problem);
    assert.deepEqual(state.issued, [cert1]);
    assert.deepEqual(types(effects), ['release']);
  });

  table({ type: 'next' }, { done: ['ordering', ['lock']], failed: ['ordering', ['lock']] }, (s) => (s === 'done' || s === 'failed' ? resting(s) : {}));

  test('next: nothing queued, or a following tab, changes nothing', () => {
    for (const s of [at('done'), at('failed'), { ...resting('done'), role: 'follower' as const }]) assert.equal(transition(s, { type: 'next' }).state, s);
  });

  test('lockGained while a pass waits for its next order: place it; another tab holding the lock: follow', () => {
    const waiting = transition(resting('failed'), { type: 'next' }).state;
    const gained = transition(waiting, { type: 'lockGained' });
    assert.equal(gained.state.stage, 'ordering');
    assert.deepEqual(gained.effects.map((e) => (e.type === 'placeOrder' ? `${e.type}:${e.order.kind}` : e.type)), ['placeOrder:next']);
    assert.equal(transition(waiting, { type: 'lockHeldElsewhere' }).state.role, 'follower');
  });

  test('resumed after a reload between two orders of a pass: carries on (lock, then the next order)', () => {
    const { state, effects } = transition(at('setup'), { type: 'resumed', record: first({ stage: 'done', certificateId: 'cert-1' }), certificate: cert1, issued: [cert0] });
    assert.equal(state.stage, 'ordering');
    assert.deepEqual(state.issued, [cert0, cert1]);
    assert.deepEqual(effects, [{ type: 'lock', id: 'iss-1' }]);
    const later = transition(at('setup'), { type: 'resumed', record: record({ id: 'iss-2', batch: batch({ index: 1 }) }), issued: [cert1] });
    assert.equal(later.state.stage, 'challenges');
    assert.deepEqual(later.state.issued, [cert1], 'a later order shows the certificates of the earlier ones');
    const failedOne = transition(at('setup'), { type: 'resumed', record: first({ stage: 'failed' }) });
    assert.equal(failedOne.state.stage, 'failed', 'a failed order waits for the user (next, or start over)');
    assert.deepEqual(failedOne.effects, []);
  });

  test('batchMoved: another tab placed the next order first; this tab shows that one and never places it twice', () => {
    const waiting = at('ordering', { record: first({ stage: 'done', certificateId: 'cert-1' }), issued: [cert1] });
    const later = record({ id: 'iss-2', batch: batch({ index: 1 }) });
    const moved = transition(waiting, { type: 'batchMoved', record: later, issued: [cert1] });
    assert.equal(moved.state.stage, 'challenges');
    assert.equal(moved.state.record, later);
    assert.deepEqual(moved.effects, [{ type: 'lock', id: 'iss-2' }]);
    const ended = transition(waiting, { type: 'batchMoved', record: record({ id: 'iss-3', stage: 'done', batch: batch({ index: 2, queue: [] }) }), certificate, issued: [cert1, cert0] });
    assert.equal(ended.state.stage, 'done');
    assert.deepEqual(types(ended.effects), ['release']);
    const left = transition(waiting, { type: 'batchMoved' });
    assert.equal(left.state.stage, 'setup');
    assert.deepEqual(types(left.effects), ['release']);
    const busy = at('challenges');
    assert.equal(transition(busy, { type: 'batchMoved', record: later }).state, busy, 'only a tab waiting to place the next order');
  });

  test('changedElsewhere: another tab finished an order of the pass with CSRs queued; this tab waits to follow the next', () => {
    const following = at('finalizing', { role: 'follower', record: first({ stage: 'finalizing' }), issued: [cert0] });
    const { state, effects } = transition(following, { type: 'changedElsewhere', record: first({ stage: 'done', certificateId: 'cert-1', revision: 9 }), certificate: cert1 });
    assert.equal(state.stage, 'ordering');
    assert.equal(state.role, 'follower');
    assert.deepEqual(state.issued, [cert0, cert1]);
    assert.deepEqual(effects, [], 'it already waits in line for the lock');
    // The other tab lets go of this order's lock once it placed the next: this tab finds it placed and follows it.
    const gained = transition(state, { type: 'lockGained' });
    assert.deepEqual(gained.effects.map((e) => e.type), ['placeOrder']);
    const moved = transition(gained.state, { type: 'batchMoved', record: record({ id: 'iss-2', batch: batch({ index: 1 }) }), issued: [cert0, cert1] });
    assert.deepEqual(moved.effects, [{ type: 'lock', id: 'iss-2' }]);
    // The last order of a pass done elsewhere: shown as done, as for one certificate.
    const last = transition(following, { type: 'changedElsewhere', record: first({ stage: 'done', revision: 9, batch: batch({ index: 2, queue: [] }) }), certificate: cert1 });
    assert.equal(last.state.stage, 'done');
  });

  test('renew with a new CSR: the CSR goes with the placeOrder', () => {
    const { effects } = transition(at('setup'), { type: 'renew', certificateId: 'c', keepKey: false, csrPem: 'CSR' });
    assert.deepEqual(effects, [{ type: 'placeOrder', order: { kind: 'renew', certificateId: 'c', keepKey: false, csrPem: 'CSR' } }]);
  });
});
