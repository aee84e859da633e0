// The effects of the issuance machine, done for real: the CA (through the account's session), the store, the clock.
// Each turns what happened into events for machine.ts; none decides what comes next. Loaded on first use.
import { getAuthorization, respondToChallenge } from '../../acme/authorizations.ts';
import { AcmeNetworkError, AcmeProblemError, AcmeTimeoutError } from '../../acme/errors.ts';
import { downloadCertificate, getAuthorizations, getOrder, requestFinalize } from '../../acme/orders.ts';
import { pollUntil } from '../../acme/poll.ts';
import type { Authorization, Order } from '../../acme/types.ts';
import { pemDecode } from '../../crypto/pem.ts';
import { loadCsr, preloadCertificateCode } from '../../crypto/preload.ts';
import { StaleRecordError, StorageError } from '../../store/errors.ts';
import { discardIssuance, getSetting, newId, putSetting, saveIssuance, storeIssuedCertificate } from '../../store/repo.ts';
import type { CertificateRecord, IssuanceRecord } from '../../store/schema.ts';
import { toFailure, toProblem } from '../problems.ts';
import { sessionFor } from '../accounts/session.ts';
import { challengeUrl } from './cards.ts';
import type { Effect, IssuanceEvent, IssuanceState } from './machine.ts';
import { CURRENT } from './current.ts';
import { placeOrder } from './place-order.ts';
import { msg, str } from '@lit/localize';

type Dispatch = (event: IssuanceEvent) => void;

/** How long the page waits for the CA to check challenges or issue before it says so (the user can try again). */
const WAIT_MS = 10 * 60_000;
/** The longest pause between two reads while someone watches the page (the backoff doubles from 50 ms up to it). */
const MAX_PAUSE_MS = 3000;

/** The CA's refusal, a missing network, or a bug, as the event the machine expects. */
function failed(err: unknown): IssuanceEvent {
  if (err instanceof AcmeNetworkError || err instanceof AcmeTimeoutError) return { type: 'unreachable', problem: toProblem(err) };
  if (err instanceof AcmeProblemError) return { type: 'caFailed', failure: toFailure(err) };
  if (err instanceof StorageError || err instanceof StaleRecordError) return { type: 'saveFailed', problem: toProblem(err) };
  return { type: 'crashed', problem: toProblem(err) };
}

async function acmeFor(record: IssuanceRecord) {
  return (await sessionFor(record.accountId)).acme;
}

/** Poll until `settled` says so; Retry-After is honoured and clamped by pollUntil. */
function settle<T extends { status: string }>(url: string, first: T, read: () => Promise<{ value: T; retryAfter?: Date }>, settled: (s: string) => boolean, signal: AbortSignal): Promise<T> {
  return pollUntil(url, { value: first, status: first.status }, async () => {
    const r = await read();
    return { value: r.value, status: r.value.status, ...(r.retryAfter ? { retryAfter: r.retryAfter } : {}) };
  }, settled, { signal, timeoutMs: WAIT_MS, maxDelayMs: MAX_PAUSE_MS });
}

async function saveRecord(record: IssuanceRecord, dispatch: Dispatch): Promise<void> {
  try {
    const saved = await saveIssuance(record);
    dispatch({ type: 'saved', revision: saved.revision });
  } catch (err) {
    if (err instanceof StaleRecordError) dispatch({ type: 'stale', ...(err.latest ? { latest: err.latest } : {}) });
    else dispatch({ type: 'saveFailed', problem: toProblem(err) });
  }
}

async function csrDer(record: IssuanceRecord): Promise<Uint8Array> {
  if (record.key.kind === 'csr') return pemDecode(record.key.csrPem, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']).der;
  if (record.key.kind !== 'generated') throw new Error(msg('This order has no key any more.'));
  const { buildCsr } = await loadCsr();
  return (await buildCsr(record.identifiers.map((i) => i.value), { privateKey: record.key.privateKey, publicKey: record.key.publicKey })).der;
}

/** The certificate record made from the checked chain; names are the order's (the check made sure they match). */
async function certificateOf(record: IssuanceRecord): Promise<CertificateRecord> {
  const chain = record.chain;
  if (!chain) throw new Error(msg('No certificate was downloaded.'));
  const { parseCertificate } = await import('../../crypto/x509.ts');
  const leaf = await parseCertificate(chain.pem);
  return {
    id: newId(), accountId: record.accountId, issuanceId: record.id, directoryUrl: record.directoryUrl,
    names: record.identifiers.map((i) => i.value), chainPem: chain.pem, alternates: chain.alternates,
    issuer: leaf.issuer, serialHex: leaf.serialHex, notBefore: leaf.notBefore.toISOString(), notAfter: leaf.notAfter.toISOString(),
    createdAt: new Date().toISOString(),
    ...(record.key.kind === 'generated' ? { privateKey: record.key.privateKey, keyType: record.key.keyType } : {}),
    // The user's own CSR stays with its certificate: a renewal can send it again (the key stays on their server).
    ...(record.key.kind === 'csr' ? { csrPem: record.key.csrPem } : {}),
    ...(record.renews ? { replaces: record.renews } : {}),
    ...(record.profile ? { profile: record.profile } : {}),
  };
}

/** Run one effect. `state` is the machine's state when the effect runs (saves write its record). */
export async function runEffect(effect: Effect, state: IssuanceState, dispatch: Dispatch, signal: AbortSignal): Promise<void> {
  const record = state.record;
  if (effect.type === 'placeOrder') return placeOrder(effect.order, dispatch);
  if (effect.type === 'prepare') return preloadCertificateCode();
  if (effect.type === 'discard') {
    await discardIssuance(effect.id).catch(() => {}); // nothing to tell: it was being left anyway
    if ((await getSetting<string>(CURRENT).catch(() => undefined)) === effect.id) await putSetting(CURRENT, undefined).catch(() => {});
    return;
  }
  if (effect.type === 'leave') {
    await putSetting(CURRENT, undefined).catch(() => {});
    return;
  }
  if (!record) return;
  try {
    switch (effect.type) {
      case 'save':
        return await saveRecord(record, dispatch);
      case 'respond': {
        const acme = await acmeFor(record);
        await Promise.all(effect.authzUrls.map(async (url) => {
          const card = record.cards.find((c) => c.authzUrl === url);
          const challenge = card && challengeUrl(record, card);
          if (!challenge) return;
          try {
            await respondToChallenge(acme, { url: challenge });
          } catch (err) {
            // Refused because it was already sent (another tab, a request the network cut short): fine if the CA has
            // it; the authorization says which.
            if (!(err instanceof AcmeProblemError)) throw err;
            const authz = await getAuthorization(acme, url);
            const status = authz.data.challenges.find((c) => c.url === challenge)?.status;
            if (authz.data.status === 'pending' && status === 'pending') throw err;
            if (authz.data.status !== 'pending') dispatch({ type: 'authorization', authz });
          }
        }));
        dispatch({ type: 'responded', authzUrls: effect.authzUrls });
        return;
      }
      case 'watch': {
        const acme = await acmeFor(record);
        await Promise.all(effect.authzUrls.map(async (url) => {
          const first = await getAuthorization(acme, url, 'poll');
          const done = await settle<Authorization>(url, first.data, async () => {
            const r = await acme.post<Authorization>(url, '', 'poll');
            return { value: r.body, ...(r.retryAfter ? { retryAfter: r.retryAfter } : {}) };
          }, (s) => s !== 'pending', signal);
          dispatch({ type: 'authorization', authz: { url, data: done } });
        }));
        return;
      }
      case 'watchOrder':
      case 'waitOrder': {
        const acme = await acmeFor(record);
        const busy = effect.type === 'watchOrder' || effect.want === 'ready' ? ['pending'] : ['pending', 'ready', 'processing'];
        const first = (await getOrder(acme, record.order.url, 'poll')).data;
        const data = await settle<Order>(record.order.url, first, async () => {
          const r = await acme.post<Order>(record.order.url, '', 'poll');
          return { value: r.body, ...(r.retryAfter ? { retryAfter: r.retryAfter } : {}) };
        }, (s) => !busy.includes(s), signal);
        dispatch({ type: 'order', order: { url: record.order.url, data } });
        return;
      }
      case 'refresh': {
        const acme = await acmeFor(record);
        const order = await getOrder(acme, record.order.url);
        const authorizations = await getAuthorizations(acme, order.data);
        dispatch({ type: 'refreshed', order, authorizations });
        return;
      }
      case 'readOrder': {
        const acme = await acmeFor(record);
        dispatch({ type: 'order', order: await getOrder(acme, record.order.url) });
        return;
      }
      case 'finalize': {
        const [acme, der] = await Promise.all([acmeFor(record), csrDer(record)]);
        try {
          dispatch({ type: 'order', order: await requestFinalize(acme, record.order, der) });
        } catch (err) {
          if (err instanceof AcmeProblemError && err.is('orderNotReady')) dispatch({ type: 'finalizeRefused' });
          else throw err;
        }
        return;
      }
      case 'download': {
        const url = record.order.data.certificate;
        if (!url) throw new Error(msg('The CA marked the order valid but gave no certificate link.'));
        const acme = await acmeFor(record);
        const { chain, alternates } = await downloadCertificate(acme, url, { alternates: true });
        dispatch({ type: 'downloaded', pem: chain.pem, alternates: alternates.map((a) => a.pem) });
        return;
      }
      case 'check': {
        const { checkIssued } = await import('./certificate-check.ts');
        const failure = await checkIssued(record, record.chain?.pem ?? '');
        dispatch({ type: 'checked', ...(failure ? { failure } : {}) });
        return;
      }
      case 'store': {
        const certificate = await certificateOf(record);
        try {
          dispatch({ type: 'stored', record: await storeIssuedCertificate(record, certificate), certificate });
        } catch (err) {
          if (err instanceof StaleRecordError) dispatch({ type: 'stale', ...(err.latest ? { latest: err.latest } : {}) });
          else dispatch({ type: 'storeFailed', certificate, problem: toProblem(err) });
        }
        return;
      }
      case 'explain': {
        const acme = await acmeFor(record);
        const authorizations = await getAuthorizations(acme, effect.order.data);
        const bad = authorizations.find((a) => a.data.status !== 'valid');
        const failed = bad?.data.challenges.find((c) => c.error)?.error;
        // The failed challenge names the identifier and says what the CA saw; the order's own error is more general.
        const problem = (failed ? { identifier: bad?.data.identifier, ...failed } : undefined) ?? effect.order.data.error
          ?? { type: 'urn:ietf:params:acme:error:serverInternal', detail: msg(str`The order ended "${effect.order.data.status}" without a reason.`) };
        dispatch({ type: 'caFailed', failure: { kind: 'ca', problem, status: problem.status ?? 403 }, authorizations });
        return;
      }
      default:
        return; // lock, steal and release are the driver's
    }
  } catch (err) {
    if (signal.aborted) return;
    dispatch(failed(err));
  }
}
