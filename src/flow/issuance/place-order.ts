// Everything up to the cards: the CA, the account (picked, created or found by its key), the certificate key, the
// order and its authorizations, written as the current issuance before the page shows it.
import { AcmeAccount } from '../../acme/account.ts';
import type { AcmeClient } from '../../acme/client.ts';
import { getAuthorizations, newOrder } from '../../acme/orders.ts';
import type { Identifier } from '../../acme/types.ts';
import { generateKeyPair, importPrivateKey, keyTypeOf } from '../../crypto/keys.ts';
import { StorageError } from '../../store/errors.ts';
import { getCertificate, getSetting, newId, putAccount, putSetting, saveIssuance } from '../../store/repo.ts';
import type { AccountRecord, CertKeyRecord, IssuanceBatch, IssuanceRecord } from '../../store/schema.ts';
import { connectCa } from '../ca/connect.ts';
import { eabProblem, ShownProblem, toProblem } from '../problems.ts';
import { rememberSession, sessionFor } from '../accounts/session.ts';
import { buildCards } from './cards.ts';
import { CURRENT } from './current.ts';
import { msg } from '@lit/localize';
import { loadIssuance, type StoredIssuance } from './stored.ts';
import type { AccountChoice, IssuanceEvent, PlaceOrder, Step } from './machine.ts';


type Dispatch = (event: IssuanceEvent) => void;

/** Writes that the browser refused while placing the order: the order goes on, the page says so. */
class Refusals {
  first: StorageError | undefined;
  async attempt(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof StorageError)) throw err;
      this.first ??= err;
    }
  }
}

async function openAccount(client: AcmeClient, choice: AccountChoice, progress: (s: Step) => void, refusals: Refusals): Promise<{ record: AccountRecord; acme: AcmeAccount }> {
  if (choice.kind === 'existing') return sessionFor(choice.id);
  let keys: CryptoKeyPair;
  let acme: AcmeAccount;
  if (choice.kind === 'import') {
    progress('account-key');
    keys = await importPrivateKey(choice.keyText, { extractable: choice.exportable });
    progress('account-lookup');
    acme = await AcmeAccount.find(client, keys);
  } else {
    if (!choice.agreed) throw new ShownProblem({ what: msg("A new account needs your agreement to the CA's terms of service."), next: msg('Read them, tick the box, and try again.') });
    progress('account-key');
    keys = await generateKeyPair(choice.keyType, { extractable: choice.exportable });
    progress('account');
    try {
      acme = await AcmeAccount.create(client, keys, {
        termsOfServiceAgreed: true,
        contact: choice.email ? [choice.email] : [],
        ...(choice.eab ? { eab: choice.eab } : {}),
      });
    } catch (err) {
      if (choice.eab) throw new ShownProblem(eabProblem(err));
      throw err;
    }
  }
  const record: AccountRecord = {
    id: newId(), directoryUrl: client.directoryUrl, url: acme.url, privateKey: keys.privateKey, publicKey: keys.publicKey,
    keyType: keyTypeOf(keys.privateKey), thumbprint: acme.thumbprint, contact: acme.data?.contact ?? [],
    status: acme.data?.status ?? 'valid', createdAt: new Date().toISOString(),
  };
  const before = refusals.first;
  await refusals.attempt(() => putAccount(record));
  rememberSession(record, acme, refusals.first === before);
  return { record, acme };
}

interface OrderPlan {
  acme: AcmeAccount;
  accountId: string;
  directoryUrl: string;
  identifiers: Identifier[];
  key: CertKeyRecord;
  profile?: string;
  replaces?: string;
  renews?: string;
  batch?: IssuanceBatch;
}

/** The order, its authorizations and their cards, written as the current issuance. */
async function order(plan: OrderPlan, progress: (s: Step) => void, refusals: Refusals): Promise<IssuanceRecord> {
  progress('order');
  const placed = await newOrder(plan.acme, {
    identifiers: plan.identifiers, ...(plan.profile ? { profile: plan.profile } : {}), ...(plan.replaces ? { replaces: plan.replaces } : {}),
  });
  progress('authorizations');
  const authorizations = await getAuthorizations(plan.acme, placed.data);
  const now = new Date().toISOString();
  const record: IssuanceRecord = {
    id: newId(), revision: 0, accountId: plan.accountId, directoryUrl: plan.directoryUrl, identifiers: plan.identifiers,
    key: plan.key, order: placed, authorizations, cards: await buildCards(plan.identifiers, authorizations, plan.acme.thumbprint),
    stage: 'challenges', createdAt: now, updatedAt: now,
    ...(plan.profile ? { profile: plan.profile } : {}),
    ...(plan.renews ? { renews: plan.renews } : {}),
    ...(plan.replaces ? { replaces: plan.replaces } : {}),
    ...(plan.batch ? { batch: plan.batch } : {}),
  };
  let saved = record;
  await refusals.attempt(async () => { saved = await saveIssuance(record); });
  await refusals.attempt(() => putSetting(CURRENT, record.id));
  return saved;
}

async function plan(request: PlaceOrder, progress: (s: Step) => void, refusals: Refusals, created: (id: string) => void): Promise<OrderPlan> {
  progress('connecting');
  if (request.kind === 'new') {
    const input = request.input;
    const client = await connectCa(input.directoryUrl);
    const { record, acme } = await openAccount(client, input.account, progress, refusals);
    created(record.id);
    progress('certificate-key');
    const key: CertKeyRecord = input.key.kind === 'csr'
      ? { kind: 'csr', csrPem: input.key.csrPem }
      : { kind: 'generated', keyType: input.key.keyType, ...(await generateKeyPair(input.key.keyType, { extractable: true })) };
    // Several CSRs: this is the first order of the pass; the others wait in its record until it is done.
    const more = input.key.kind === 'csr' ? input.more ?? [] : [];
    const batch: IssuanceBatch | undefined = more.length ? { id: newId(), index: 0, total: 1 + more.length, queue: more, certificateIds: [] } : undefined;
    return {
      acme, accountId: record.id, directoryUrl: client.directoryUrl, identifiers: input.identifiers, key,
      ...(input.profile ? { profile: input.profile } : {}), ...(batch ? { batch } : {}),
    };
  }
  if (request.kind === 'next') {
    // The next CSR of a pass: the same account and CA (and profile), so the CA reuses what is valid already.
    const { record, acme } = await sessionFor(request.accountId);
    created(record.id);
    return {
      acme, accountId: record.id, directoryUrl: acme.client.directoryUrl, identifiers: request.item.identifiers,
      key: { kind: 'csr', csrPem: request.item.csrPem }, batch: request.batch, ...(request.profile ? { profile: request.profile } : {}),
    };
  }
  // A renewal: the same names, account and CA; the key kept or new; `replaces` when the CA has ARI.
  const cert = await getCertificate(request.certificateId);
  if (!cert) throw new ShownProblem({ what: msg('This certificate is no longer stored in this browser.'), next: msg('Reload the page to see the certificates that are.') });
  const { renewalKey, replacesId } = await import('../lifecycle/renew.ts');
  const { record, acme } = await sessionFor(cert.accountId);
  created(record.id);
  progress('certificate-key');
  const key = await renewalKey(cert, { keepKey: request.keepKey, ...(request.csrPem !== undefined ? { csrPem: request.csrPem } : {}) });
  const replaces = await replacesId(acme.client, cert);
  // The same profile again, if the CA still offers it.
  const profile = cert.profile && acme.client.meta.profiles?.[cert.profile] !== undefined ? cert.profile : undefined;
  const { toIdentifier } = await import('../../acme/identifiers.ts');
  // A CSR decides the names of its certificate (a new CSR may name others).
  const names = key.kind === 'csr' ? (await (await import('../../crypto/csr.ts')).parseCsr(key.csrPem)).names : cert.names;
  return {
    acme, accountId: record.id, directoryUrl: acme.client.directoryUrl, identifiers: names.map(toIdentifier), key, renews: cert.id,
    ...(profile ? { profile } : {}), ...(replaces ? { replaces } : {}),
  };
}

/**
 * The next order of a pass was placed by another tab already: the current issuance is a later order of the same
 * pass. (This tab held the lock of the order before it, so the other tab placed it before this one got the lock.)
 */
async function placedElsewhere(request: Extract<PlaceOrder, { kind: 'next' }>): Promise<StoredIssuance | undefined> {
  const current = await getSetting<string>(CURRENT).catch(() => undefined);
  if (!current || current === request.after) return undefined;
  const found = await loadIssuance(current).catch(() => undefined);
  const batch = found?.record.batch;
  return batch && batch.id === request.batch.id && batch.index >= request.batch.index ? found : undefined;
}

/** Runs the placeOrder effect: `ordered` (then `saveFailed` if a write was refused), or `orderFailed`. */
export async function placeOrder(request: PlaceOrder, dispatch: Dispatch): Promise<void> {
  const progress = (step: Step) => dispatch({ type: 'progress', step });
  const refusals = new Refusals();
  let accountId: string | undefined;
  if (request.kind === 'next') {
    const moved = await placedElsewhere(request);
    if (moved) return dispatch({ type: 'batchMoved', ...moved });
  }
  try {
    const p = await plan(request, progress, refusals, (id) => { accountId = id; });
    const record = await order(p, progress, refusals);
    dispatch({ type: 'ordered', record, accountId: p.accountId });
  } catch (err) {
    dispatch({ type: 'orderFailed', problem: toProblem(err), ...(accountId ? { accountId } : {}) });
  }
  if (refusals.first) dispatch({ type: 'saveFailed', problem: toProblem(refusals.first) });
}
