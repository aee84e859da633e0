// The issuance as one state machine. `transition(state, event)` is pure: it returns the next state and the effects to
// run; the driver (driver.ts) runs the effects (effects.ts: the CA, the store, the clock) and feeds what they found back
// in as events. Every decision about what happens next is made here, from data, so it is unit-tested as a table.
//
//   setup → ordering → challenges → finalizing → done
//                 ↘ setup (with the problem)   ↘ failed (the CA refused, or the certificate was not what was asked)
//
// Several CSRs in one pass (a batch): when an order is done and CSRs are queued, the next order is placed with the
// same account (done → ordering → challenges → …), so the CA reuses the authorizations the earlier orders made valid
// and each name is proven once. The queue lives in the issuance record, so a reload carries the pass on.
//
// One tab drives an issuance at a time (role 'driver', holding a Web Lock); other tabs follow what it stores.
import type { Authorization, Identifier, Located, Order } from '../../acme/types.ts';
import type { KeyType } from '../../crypto/key-types.ts';
import type { BatchItem, CardRecord, CertificateRecord, ChallengeType, IssuanceBatch, IssuanceRecord, StoredFailure } from '../../store/schema.ts';
import type { ProblemInfo } from '../outcome.ts';
import { msg, str } from '@lit/localize';

export type Stage = 'setup' | 'ordering' | 'challenges' | 'finalizing' | 'done' | 'failed';

/** What is happening right now, while ordering or finalizing (the page words each one). */
export type Step =
  | 'connecting' | 'account-key' | 'account' | 'account-lookup' | 'certificate-key' | 'order' | 'authorizations'
  | 'order-status' | 'finalize' | 'issuing' | 'download' | 'check' | 'store';

export type AccountChoice =
  | { kind: 'existing'; id: string }
  | { kind: 'new'; keyType: KeyType; email: string; agreed: boolean; eab?: { keyId: string; hmacKey: string }; exportable: boolean }
  | { kind: 'import'; keyText: string; exportable: boolean };

/** Everything the setup form gathered. Names stay typed: identifiers in the order the user typed them. */
export interface OrderInput {
  directoryUrl: string;
  account: AccountChoice;
  identifiers: Identifier[];
  key: { kind: 'generate'; keyType: KeyType } | { kind: 'csr'; csrPem: string };
  profile?: string;
  /** More CSRs to turn into certificates after this one, in one pass with the same account (with `key` a CSR). */
  more?: BatchItem[];
}

export type PlaceOrder =
  | { kind: 'new'; input: OrderInput }
  /** `keepKey`: the same key (for a certificate made from a CSR: the same CSR). `csrPem`: a new CSR instead. */
  | { kind: 'renew'; certificateId: string; keepKey: boolean; csrPem?: string }
  /** The next CSR of a pass, once the order `after` (an issuance id) has ended; with that order's account and CA. */
  | { kind: 'next'; after: string; accountId: string; directoryUrl: string; profile?: string; item: BatchItem; batch: IssuanceBatch };

export interface IssuanceState {
  stage: Stage;
  /** This tab drives the issuance, or follows another tab that does. */
  role: 'driver' | 'follower';
  /** The issuance (from 'challenges' on): what this tab last wrote or read, and shows. */
  record?: IssuanceRecord;
  step?: Step;
  /** A problem that is not part of the record: no answer from the CA, a refused write, a setup that failed. */
  problem?: ProblemInfo;
  /** The browser refused a write since the last one that worked: the page offers the files at once. */
  unsaved: boolean;
  /** What the browser refused, in words (shown apart from `problem`: nothing to try again at the CA). */
  storage?: ProblemInfo;
  /** The certificate once issued: stored, or only in memory when storing it failed. */
  certificate?: CertificateRecord;
  /** The account the setup form should preselect (e.g. one made before a later step failed). */
  accountId?: string;
  /** Challenges this tab has told the CA about (or found already told) and is now waiting on. */
  sent: readonly string[];
  /** The order was made in this tab just now: nothing to ask the CA before the user acts. */
  fresh: boolean;
  /** Finalize requests sent for this order: an orderNotReady is re-read once, never looped. */
  finalizeTries: number;
  /** The certificates the earlier orders of this pass issued (several CSRs), shown with this one's at the end. */
  issued: readonly CertificateRecord[];
}

export type IssuanceEvent =
  // from the page
  | { type: 'start'; input: OrderInput }
  | { type: 'renew'; certificateId: string; keepKey: boolean; csrPem?: string }
  | { type: 'choose'; authzUrl: string; choice: ChallengeType }
  /** `auto`: the page told the CA by itself (every resolver saw the card's TXT record); the cards remember it. */
  | { type: 'submit'; authzUrls: readonly string[]; auto?: true }
  | { type: 'retry' }
  | { type: 'takeOver' }
  | { type: 'startOver' }
  /** Go on with the next CSR of the pass (after its order failed, or placing it failed). */
  | { type: 'next' }
  // from the effects
  | { type: 'progress'; step: Step }
  | { type: 'ordered'; record: IssuanceRecord; accountId: string }
  | { type: 'orderFailed'; problem: ProblemInfo; accountId?: string }
  | { type: 'resumed'; record: IssuanceRecord; certificate?: CertificateRecord; issued?: CertificateRecord[] }
  /** Another tab carried the pass on meanwhile: this is where it stands now (nothing: it was left). */
  | { type: 'batchMoved'; record?: IssuanceRecord; certificate?: CertificateRecord; issued?: CertificateRecord[] }
  | { type: 'lockGained' }
  | { type: 'lockHeldElsewhere' }
  | { type: 'lockLost' }
  | { type: 'changedElsewhere'; record: IssuanceRecord; certificate?: CertificateRecord }
  | { type: 'saved'; revision: number }
  | { type: 'saveFailed'; problem: ProblemInfo }
  | { type: 'stale'; latest?: IssuanceRecord }
  | { type: 'responded'; authzUrls: readonly string[] }
  | { type: 'authorization'; authz: Located<Authorization> }
  | { type: 'refreshed'; order: Located<Order>; authorizations: Located<Authorization>[] }
  | { type: 'order'; order: Located<Order> }
  | { type: 'finalizeRefused' }
  | { type: 'downloaded'; pem: string; alternates: string[] }
  | { type: 'checked'; failure?: StoredFailure }
  | { type: 'stored'; record: IssuanceRecord; certificate: CertificateRecord }
  | { type: 'storeFailed'; certificate: CertificateRecord; problem: ProblemInfo }
  | { type: 'caFailed'; failure: StoredFailure; authorizations?: Located<Authorization>[] }
  | { type: 'unreachable'; problem: ProblemInfo }
  | { type: 'crashed'; problem: ProblemInfo };

export type Effect =
  | { type: 'placeOrder'; order: PlaceOrder }
  /** Write the state's record (as it is when the write runs; writes are serialized). */
  | { type: 'save' }
  | { type: 'lock'; id: string }
  | { type: 'steal'; id: string }
  | { type: 'release' }
  /** This tab no longer shows an issuance: a reload starts at the form. */
  | { type: 'leave' }
  /** Forget an issuance that will not be finished, with its key. */
  | { type: 'discard'; id: string }
  /** POST {} to each card's chosen challenge. */
  | { type: 'respond'; authzUrls: readonly string[] }
  /** Poll these authorizations until each leaves pending (one event per change). */
  | { type: 'watch'; authzUrls: readonly string[] }
  /** Poll the order until it leaves pending (every challenge was sent: one poll instead of one per name). */
  | { type: 'watchOrder' }
  /** Ask the CA where the order and its authorizations stand (after a reload or a network failure). */
  | { type: 'refresh' }
  | { type: 'readOrder' }
  | { type: 'waitOrder'; want: 'ready' | 'valid' }
  | { type: 'finalize' }
  | { type: 'download' }
  | { type: 'check' }
  | { type: 'store' }
  /** Load the code that finalize and the certificate check need (pkijs) while the user places files. */
  | { type: 'prepare' }
  /** The order is invalid: read every authorization once to show each one's real end and the CA's reason. */
  | { type: 'explain'; order: Located<Order> };

export interface Transition {
  state: IssuanceState;
  effects: Effect[];
}

export const initialState: IssuanceState = Object.freeze({ stage: 'setup', role: 'driver', unsaved: false, sent: [], fresh: false, finalizeTries: 0, issued: [] });

const STAGE_OF: Record<IssuanceRecord['stage'], Stage> = { challenges: 'challenges', finalizing: 'finalizing', done: 'done', failed: 'failed' };

const stay = (state: IssuanceState): Transition => ({ state, effects: [] });

/**
 * The order that comes after `record` in its pass (with `certificateId`, the certificate it issued, if any), or
 * undefined when nothing is queued. Its account, CA and profile are the record's.
 */
export function nextInBatch(record: IssuanceRecord, certificateId: string | undefined): Extract<PlaceOrder, { kind: 'next' }> | undefined {
  const batch = record.batch;
  const item = batch?.queue[0];
  if (!batch || !item) return undefined;
  return {
    kind: 'next', after: record.id, accountId: record.accountId, directoryUrl: record.directoryUrl, item,
    ...(record.profile ? { profile: record.profile } : {}),
    batch: { ...batch, index: batch.index + 1, queue: batch.queue.slice(1), certificateIds: certificateId ? [...batch.certificateIds, certificateId] : batch.certificateIds },
  };
}

/** The next order of the pass, if `record` has ended and more CSRs are queued. */
function queuedAfter(record: IssuanceRecord | undefined): Extract<PlaceOrder, { kind: 'next' }> | undefined {
  if (!record || (record.stage !== 'done' && record.stage !== 'failed')) return undefined;
  return nextInBatch(record, record.certificateId);
}

/** Show an issuance found in the store (a reload, or another tab carried a pass on): `effects` after `lock`. */
function shown(found: { record: IssuanceRecord; certificate?: CertificateRecord; issued?: CertificateRecord[] }, keep: Partial<IssuanceState>): Transition {
  const { record } = found;
  const issued = found.issued ?? [];
  // A pass whose order is done with CSRs still queued carries on: the next order, once this tab holds the lock.
  if (queuedAfter(record) && record.stage === 'done') {
    return {
      state: { ...initialState, ...keep, stage: 'ordering', step: 'connecting', record, accountId: record.accountId, issued: found.certificate ? [...issued, found.certificate] : issued },
      effects: [{ type: 'lock', id: record.id }],
    };
  }
  const stage = STAGE_OF[record.stage];
  const next: IssuanceState = {
    ...initialState, ...keep, stage, record, accountId: record.accountId, issued,
    ...(found.certificate ? { certificate: found.certificate } : {}),
    ...(stage === 'finalizing' ? { step: 'order-status' as const } : {}),
  };
  // Only an unfinished issuance needs a driver; a finished one is shown as stored.
  return { state: next, effects: stage === 'challenges' || stage === 'finalizing' ? [{ type: 'lock', id: record.id }] : [] };
}

function withCards(record: IssuanceRecord, change: (card: CardRecord) => CardRecord): IssuanceRecord {
  return { ...record, cards: record.cards.map(change) };
}

const allValid = (record: IssuanceRecord) => record.cards.every((c) => c.state === 'valid');

/** Results of work this tab started count only while it drives and the record is the one they were for. */
function driving(state: IssuanceState): boolean {
  return state.role === 'driver' && state.record !== undefined && (state.stage === 'challenges' || state.stage === 'finalizing');
}

/** Every card valid: on to finalize (the first request is the finalize itself; no extra read of the order). */
function toFinalizing(state: IssuanceState, record: IssuanceRecord): Transition {
  const next: IssuanceRecord = { ...record, stage: 'finalizing' };
  return { state: { ...state, stage: 'finalizing', record: next, step: 'finalize', problem: undefined }, effects: [{ type: 'save' }, { type: 'finalize' }] };
}

function toFailed(state: IssuanceState, record: IssuanceRecord, failure: StoredFailure): Transition {
  const next: IssuanceRecord = { ...record, stage: 'failed', failure };
  return { state: { ...state, stage: 'failed', record: next, step: undefined, problem: undefined }, effects: [{ type: 'save' }, { type: 'release' }] };
}

/** What to wait on now: the order once every card was sent (one poll), else the sent cards' authorizations. */
function watching(record: IssuanceRecord, sent: readonly string[]): Effect[] {
  if (record.cards.every((c) => c.state !== 'waiting')) return [{ type: 'watchOrder' }];
  const pending = record.cards.filter((c) => c.state === 'submitted' && sent.includes(c.authzUrl)).map((c) => c.authzUrl);
  return pending.length ? [{ type: 'watch', authzUrls: pending }] : [];
}

/** A card's state from the CA's view of its authorization. */
function cardFromAuthz(card: CardRecord, authz: Authorization): CardRecord {
  if (authz.status === 'valid') return { ...card, state: 'valid' };
  if (authz.status === 'pending') return card;
  const challenge = authz.challenges.find((c) => c.error) ?? authz.challenges.find((c) => c.type === card.choice);
  const problem = challenge?.error ?? { type: 'urn:ietf:params:acme:error:unauthorized', detail: msg(str`The authorization for ${authz.identifier.value} is ${authz.status}.`) };
  return { ...card, state: 'invalid', failure: { kind: 'ca', problem: { identifier: authz.identifier, ...problem }, status: problem.status ?? 403 } };
}

/** The CA's view of every authorization, applied to the cards. */
function applyAuthorizations(record: IssuanceRecord, authorizations: Located<Authorization>[]): IssuanceRecord {
  const byUrl = new Map(authorizations.map((a) => [a.url, a.data]));
  return {
    ...withCards(record, (card) => {
      const authz = byUrl.get(card.authzUrl);
      return authz ? cardFromAuthz(card, authz) : card;
    }),
    authorizations: record.authorizations.map((a) => (byUrl.has(a.url) ? { url: a.url, data: byUrl.get(a.url) as Authorization } : a)),
  };
}

/** After the order's status is known, while finalizing (or once every card is valid). */
function onOrder(state: IssuanceState, record: IssuanceRecord, order: Located<Order>): Transition {
  const next: IssuanceRecord = { ...record, order, stage: 'finalizing' };
  const base: IssuanceState = { ...state, stage: 'finalizing', record: next, problem: undefined };
  switch (order.data.status) {
    case 'pending':
      return { state: { ...base, step: 'order-status' }, effects: [{ type: 'save' }, { type: 'waitOrder', want: 'ready' }] };
    case 'ready':
      return { state: { ...base, step: 'finalize' }, effects: [{ type: 'save' }, { type: 'finalize' }] };
    case 'processing':
      return { state: { ...base, step: 'issuing' }, effects: [{ type: 'save' }, { type: 'waitOrder', want: 'valid' }] };
    case 'valid':
      return { state: { ...base, step: 'download' }, effects: [{ type: 'save' }, { type: 'download' }] };
    default:
      return { state: { ...state, record: { ...record, order }, step: 'order-status' }, effects: [{ type: 'explain', order }] };
  }
}

export function transition(state: IssuanceState, event: IssuanceEvent): Transition {
  const record = state.record;
  switch (event.type) {
    // ------------------------------------------------------------ from the page
    case 'start':
      if (state.stage !== 'setup') return stay(state);
      return {
        state: { ...initialState, stage: 'ordering', step: 'connecting', ...(state.accountId ? { accountId: state.accountId } : {}) },
        effects: [{ type: 'placeOrder', order: { kind: 'new', input: event.input } }],
      };

    case 'renew': {
      if (state.stage === 'ordering') return stay(state);
      // An order left unfinished for this one is discarded with its key; a finished one keeps its certificate.
      const leaving: Effect[] = record && state.role === 'driver' && (state.stage === 'challenges' || state.stage === 'failed')
        ? [{ type: 'release' }, { type: 'discard', id: record.id }] : state.role === 'driver' && record ? [{ type: 'release' }] : [];
      return {
        state: { ...initialState, stage: 'ordering', step: 'connecting' },
        effects: [...leaving, { type: 'placeOrder', order: { kind: 'renew', certificateId: event.certificateId, keepKey: event.keepKey, ...(event.csrPem ? { csrPem: event.csrPem } : {}) } }],
      };
    }

    case 'choose': {
      if (!driving(state) || !record || state.stage !== 'challenges') return stay(state);
      const card = record.cards.find((c) => c.authzUrl === event.authzUrl);
      if (!card || card.state !== 'waiting' || !card.offers.includes(event.choice) || card.choice === event.choice) return stay(state);
      return { state: { ...state, record: withCards(record, (c) => (c === card ? { ...c, choice: event.choice } : c)) }, effects: [{ type: 'save' }] };
    }

    case 'submit': {
      if (!driving(state) || !record || state.stage !== 'challenges') return stay(state);
      const urls = record.cards.filter((c) => c.state === 'waiting' && event.authzUrls.includes(c.authzUrl)).map((c) => c.authzUrl);
      if (!urls.length) return stay(state);
      // Marked submitted and written before the CA is told: after a reload the page knows to ask it where things stand.
      // They count as sent from now on, so a refresh answering meanwhile never sends them a second time.
      const next = withCards(record, (c) => (urls.includes(c.authzUrl) ? { ...c, state: 'submitted', ...(event.auto ? { auto: true as const } : {}) } : c));
      const sent = [...new Set([...state.sent, ...urls])];
      return { state: { ...state, record: next, sent, problem: undefined }, effects: [{ type: 'save' }, { type: 'respond', authzUrls: urls }] };
    }

    case 'retry':
      if (!driving(state) || !record) return stay(state);
      if (state.stage === 'finalizing') {
        // The chain was already downloaded (and written): check and store it again rather than ask the CA.
        if (record.chain) return { state: { ...state, problem: undefined, step: 'check' }, effects: [{ type: 'check' }] };
        return { state: { ...state, problem: undefined, step: 'order-status' }, effects: [{ type: 'readOrder' }] };
      }
      return { state: { ...state, problem: undefined, fresh: false }, effects: [{ type: 'refresh' }] };

    case 'takeOver':
      if (state.role !== 'follower' || !record || (state.stage !== 'challenges' && state.stage !== 'finalizing')) return stay(state);
      return { state: { ...state, problem: undefined }, effects: [{ type: 'steal', id: record.id }] };

    case 'startOver': {
      const leaving: Effect[] = [];
      if (record && state.role === 'driver') {
        leaving.push({ type: 'release' });
        if (state.stage === 'challenges' || state.stage === 'failed') leaving.push({ type: 'discard', id: record.id });
      }
      return { state: { ...initialState, ...(state.accountId ? { accountId: state.accountId } : {}) }, effects: [...leaving, { type: 'leave' }] };
    }

    case 'next':
      // From a pass at rest: its last order failed, or placing the next one did. This tab takes the lock first, so
      // two tabs never place the same order.
      if ((state.stage !== 'done' && state.stage !== 'failed') || state.role !== 'driver' || !queuedAfter(record) || !record) return stay(state);
      return { state: { ...state, stage: 'ordering', step: 'connecting', problem: undefined }, effects: [{ type: 'lock', id: record.id }] };

    // ------------------------------------------------------------ placing the order
    case 'progress':
      if (state.stage !== 'ordering' && !driving(state)) return stay(state);
      return stay({ ...state, step: event.step });

    case 'ordered':
      if (state.stage !== 'ordering') return stay(state);
      return {
        state: { ...initialState, stage: 'challenges', role: 'driver', record: event.record, accountId: event.accountId, fresh: true, issued: state.issued },
        effects: [{ type: 'lock', id: event.record.id }],
      };

    case 'orderFailed':
      if (state.stage !== 'ordering') return stay(state);
      // The next order of a pass: the pass rests where it was, with the problem and a way to try again ('next').
      if (record && queuedAfter(record)) {
        return { state: { ...state, stage: STAGE_OF[record.stage], role: 'driver', step: undefined, problem: event.problem }, effects: [{ type: 'release' }] };
      }
      return stay({ ...initialState, problem: event.problem, ...(event.accountId ?? state.accountId ? { accountId: event.accountId ?? state.accountId } : {}) });

    case 'resumed':
      if (state.stage !== 'setup') return stay(state);
      return shown(event, {});

    case 'batchMoved': {
      if (state.stage !== 'ordering' || !record?.batch) return stay(state);
      // Another tab placed the next order (or left the pass): follow it; the lock of the old order goes.
      if (!event.record) return { state: { ...initialState, accountId: record.accountId }, effects: [{ type: 'release' }] };
      const moved = shown({ record: event.record, ...(event.certificate ? { certificate: event.certificate } : {}), ...(event.issued ? { issued: event.issued } : {}) }, {});
      return moved.effects.length ? moved : { state: moved.state, effects: [{ type: 'release' }] };
    }

    // ------------------------------------------------------------ tabs
    case 'lockGained': {
      const next = state.stage === 'ordering' ? queuedAfter(record) : undefined;
      if (next) return { state: { ...state, role: 'driver', problem: undefined }, effects: [{ type: 'placeOrder', order: next }] };
      if (!record || (state.stage !== 'challenges' && state.stage !== 'finalizing')) return stay({ ...state, role: 'driver' });
      // This tab will finalize and check the certificate: the code for both starts loading now, not when needed.
      const driver: IssuanceState = { ...state, role: 'driver', problem: undefined };
      const prepare: Effect = { type: 'prepare' };
      if (state.fresh) {
        if (!allValid(record)) return { state: driver, effects: [prepare] };
        const next = toFinalizing(driver, record);
        return { ...next, effects: [prepare, ...next.effects] };
      }
      if (state.stage === 'finalizing') {
        if (record.chain) return { state: { ...driver, step: 'check' }, effects: [prepare, { type: 'check' }] };
        return { state: { ...driver, step: 'order-status' }, effects: [prepare, { type: 'readOrder' }] };
      }
      return { state: driver, effects: [prepare, { type: 'refresh' }] };
    }

    case 'lockHeldElsewhere':
      return stay({ ...state, role: 'follower', sent: [], problem: undefined });

    case 'lockLost':
      if (state.role !== 'driver' || !record) return stay(state);
      return stay({ ...state, role: 'follower', sent: [], fresh: false, problem: undefined });

    case 'changedElsewhere': {
      if (!record || event.record.id !== record.id || event.record.revision <= record.revision) return stay(state);
      // Another tab wrote a newer state of this issuance: show it (this tab follows; a driver here lost its lock).
      const stage = STAGE_OF[event.record.stage];
      // An order of a pass done elsewhere with CSRs queued: that tab places the next one. This tab waits in line for
      // this order's lock; once it has it, placing the next order finds it placed and follows it (batchMoved).
      if (stage === 'done' && queuedAfter(event.record)) {
        return stay({
          ...state, stage: 'ordering', step: 'connecting', role: 'follower', record: event.record, certificate: undefined,
          issued: event.certificate ? [...state.issued, event.certificate] : state.issued, sent: [], fresh: false, problem: undefined,
        });
      }
      return stay({
        ...state, stage, role: 'follower', record: event.record, sent: [], fresh: false, problem: undefined,
        step: stage === 'finalizing' ? state.step ?? 'order-status' : undefined,
        ...(event.certificate ? { certificate: event.certificate } : {}),
      });
    }

    // ------------------------------------------------------------ writes
    case 'saved':
      if (!record) return stay(state);
      return stay({ ...state, record: { ...record, revision: Math.max(record.revision, event.revision) }, unsaved: false, storage: undefined });

    case 'saveFailed':
      // Carry on in memory: the user is told, and the certificate's files are offered as soon as there are any.
      return stay({ ...state, unsaved: true, storage: event.problem });

    case 'stale': {
      if (!event.latest || !record) return stay({ ...state, role: 'follower', sent: [] });
      const stage = STAGE_OF[event.latest.stage];
      const next: IssuanceState = {
        ...state, role: 'follower', sent: [], fresh: false, record: event.latest, stage,
        step: event.latest.stage === 'finalizing' ? 'order-status' : undefined, problem: undefined,
      };
      // A driver holds the lock, so no other tab wrote: two writes of this tab raced. It keeps driving from the stored
      // state and asks the CA where things stand, as on gaining the lock. A follower just follows.
      if (state.role === 'driver' && (stage === 'challenges' || stage === 'finalizing')) return transition(next, { type: 'lockGained' });
      return stay(next);
    }

    // ------------------------------------------------------------ the CA's answers
    case 'responded': {
      if (!driving(state) || !record || state.stage !== 'challenges') return stay(state);
      const sent = [...new Set([...state.sent, ...event.authzUrls])];
      return { state: { ...state, sent }, effects: watching(record, sent) };
    }

    case 'authorization': {
      if (!driving(state) || !record || state.stage !== 'challenges') return stay(state);
      const next = applyAuthorizations(record, [event.authz]);
      const card = next.cards.find((c) => c.authzUrl === event.authz.url);
      if (card?.state === 'invalid' && card.failure) return toFailed(state, next, card.failure);
      if (allValid(next)) return toFinalizing(state, next);
      return { state: { ...state, record: next }, effects: [{ type: 'save' }] };
    }

    case 'refreshed': {
      if (!driving(state) || !record) return stay(state);
      const next = applyAuthorizations({ ...record, order: event.order }, event.authorizations);
      const failed = next.cards.find((c) => c.state === 'invalid' && c.failure);
      if (failed?.failure) return toFailed(state, next, failed.failure);
      if (event.order.data.status === 'invalid' || event.order.data.status === 'expired') {
        return toFailed(state, next, { kind: 'ca', problem: event.order.data.error ?? { type: 'urn:ietf:params:acme:error:malformed', detail: msg(str`The order is ${event.order.data.status}.`) }, status: 400 });
      }
      if (event.order.data.status !== 'pending' || allValid(next)) return onOrder(state, next, event.order);
      // Cards marked submitted whose challenge the CA still has as pending never reached it: send them again (unless
      // this tab is sending them right now).
      const byUrl = new Map(event.authorizations.map((a) => [a.url, a.data]));
      const resend = next.cards.filter((c) => {
        const authz = byUrl.get(c.authzUrl);
        return c.state === 'submitted' && !state.sent.includes(c.authzUrl) && authz?.status === 'pending'
          && authz.challenges.find((ch) => ch.type === c.choice)?.status === 'pending';
      }).map((c) => c.authzUrl);
      const sent = [...new Set([...state.sent, ...next.cards.filter((c) => c.state === 'submitted').map((c) => c.authzUrl)])];
      const effects: Effect[] = [{ type: 'save' }];
      if (resend.length) effects.push({ type: 'respond', authzUrls: resend });
      else effects.push(...watching(next, sent));
      return { state: { ...state, record: next, sent, problem: undefined }, effects };
    }

    case 'order':
      if (!driving(state) || !record) return stay(state);
      if (state.stage === 'challenges' && event.order.data.status === 'ready') {
        // Ready means every authorization is valid: no need to read them one by one.
        return toFinalizing(state, withCards({ ...record, order: event.order }, (c) => ({ ...c, state: 'valid' })));
      }
      if (state.stage === 'challenges' && event.order.data.status === 'pending') return stay(state);
      return onOrder(state, record, event.order);

    case 'finalizeRefused':
      if (!driving(state) || !record || state.stage !== 'finalizing') return stay(state);
      // orderNotReady: read the order again before deciding anything (another tab may have finalized it).
      if (state.finalizeTries >= 2) {
        return toFailed(state, record, { kind: 'ca', problem: { type: 'urn:ietf:params:acme:error:orderNotReady', detail: msg('The CA refused to finalize the order twice.') }, status: 403 });
      }
      return { state: { ...state, step: 'order-status', finalizeTries: state.finalizeTries + 1 }, effects: [{ type: 'readOrder' }] };

    case 'downloaded': {
      if (!driving(state) || !record || state.stage !== 'finalizing') return stay(state);
      // Durable first: the chain is written into the issuance, then checked, then stored as a certificate.
      const next: IssuanceRecord = { ...record, chain: { pem: event.pem, alternates: event.alternates } };
      return { state: { ...state, record: next, step: 'check' }, effects: [{ type: 'save' }, { type: 'check' }] };
    }

    case 'checked':
      if (!driving(state) || !record || state.stage !== 'finalizing') return stay(state);
      if (event.failure) return toFailed(state, record, event.failure);
      return { state: { ...state, step: 'store' }, effects: [{ type: 'store' }] };

    case 'stored': {
      if (!record || event.record.id !== record.id) return stay(state);
      // More CSRs queued: the next order, at once, while this tab still holds the lock (no other tab places it too).
      const next = state.role === 'driver' ? nextInBatch(event.record, event.certificate.id) : undefined;
      if (next) {
        return {
          state: {
            ...state, stage: 'ordering', step: 'connecting', record: event.record, certificate: undefined, issued: [...state.issued, event.certificate],
            problem: undefined, unsaved: false, storage: undefined, sent: [], fresh: false, finalizeTries: 0,
          },
          effects: [{ type: 'placeOrder', order: next }],
        };
      }
      return { state: { ...state, stage: 'done', record: event.record, certificate: event.certificate, step: undefined, problem: undefined, unsaved: false, storage: undefined }, effects: [{ type: 'release' }] };
    }

    case 'storeFailed': {
      if (!record) return stay(state);
      // Not stored, but issued: the pass goes on; this certificate stays in memory with the others, offered at the end.
      const next = state.role === 'driver' ? nextInBatch(record, event.certificate.id) : undefined;
      if (next) {
        return {
          state: {
            ...state, stage: 'ordering', step: 'connecting', record: { ...record, stage: 'done', certificateId: event.certificate.id },
            certificate: undefined, issued: [...state.issued, event.certificate], unsaved: true, storage: event.problem, problem: undefined,
          },
          effects: [{ type: 'placeOrder', order: next }],
        };
      }
      return { state: { ...state, stage: 'done', certificate: event.certificate, step: undefined, unsaved: true, storage: event.problem, problem: undefined }, effects: [{ type: 'release' }] };
    }

    case 'caFailed': {
      if (!driving(state) || !record) return stay(state);
      const next = event.authorizations ? applyAuthorizations(record, event.authorizations) : record;
      return toFailed(state, next, event.failure);
    }

    case 'unreachable':
    case 'crashed':
      // Nothing is lost: the stage stays, the problem is shown, and "Try again" (or coming back online) carries on.
      // Which challenges reached the CA is not known now: the next refresh asks it and sends what is still pending.
      if (state.stage === 'ordering') return stay({ ...initialState, problem: event.problem, ...(state.accountId ? { accountId: state.accountId } : {}) });
      return stay({ ...state, problem: event.problem, sent: [] });
  }
}
