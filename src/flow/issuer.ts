// The work behind IssuanceFlow (issuance.ts): accounts, orders, challenges, live checks, finalize, download.
// Loaded when the user starts an order or comes back to one; it updates the flow's state and calls flow.changed().
import { AcmeAccount } from '../acme/account.ts';
import { respondToChallenge, waitForAuthorization } from '../acme/authorizations.ts';
import { AcmeNetworkError } from '../acme/errors.ts';
import { downloadCertificate, finalizeOrder, getAuthorizations, getOrder, newOrder, waitForOrder } from '../acme/orders.ts';
import type { Authorization, Located } from '../acme/types.ts';
import { pemDecode } from '../crypto/pem.ts';
import { generateKeyPair, importPrivateKey, keyTypeOf } from '../crypto/keys.ts';
import { getAccount, getCertificate, newId, putAccount, putCertificate, putIssuance, putSetting } from '../store/repo.ts';
import type { AccountRecord, CardRecord, CertificateRecord, ChallengeType, IssuanceRecord } from '../store/schema.ts';
import { connectCa } from './ca.ts';
import { buildCards, defaultChoice } from './cards.ts';
import { challengeProblem, eabProblem, ShownProblem, toProblem } from './problems.ts';
import { CardChecker, type CardCheck } from './checker.ts';
import { CURRENT, type IssuanceFlow, type SetupInput, type View } from './issuance.ts';
import { probeHttp01 } from './probe.ts';
import type { RenewOptions } from './renew.ts';

export class Issuer {
  private acme: AcmeAccount | undefined;
  private finalizing: Promise<void> | undefined;
  private readonly checker: CardChecker;
  /** Results of "fetch it from this page", by authorization URL. */
  private readonly probes = new Map<string, CardCheck>();

  constructor(private readonly flow: IssuanceFlow) {
    this.checker = new CardChecker(() => flow.changed());
  }

  private setBusy(text: string | undefined): void {
    this.flow.busy = text;
    this.flow.changed();
  }

  /** Account (create, import or pick), certificate key, order, authorizations: everything up to the cards. */
  async start(input: SetupInput): Promise<void> {
    const flow = this.flow;
    flow.error = undefined;
    try {
      this.setBusy('Connecting to the CA…');
      const client = await connectCa(input.directoryUrl);
      const account = await this.openAccount(client, input);
      this.setBusy('Preparing the certificate key…');
      const key: IssuanceRecord['key'] = input.key.kind === 'csr'
        ? { kind: 'csr', csrPem: input.key.csrPem }
        : { kind: 'generated', keyType: input.key.keyType, ...(await generateKeyPair(input.key.keyType, { extractable: true })) };
      await this.placeOrder(account, client.directoryUrl, {
        accountId: flow.account?.id ?? '', names: input.names, key, ...(input.profile ? { profile: input.profile } : {}),
      });
    } catch (err) {
      flow.error = toProblem(err);
      this.setBusy(undefined);
    }
  }

  /**
   * Renew a stored certificate: same names, account and CA, the key kept or new, `replaces` sent when the CA has
   * ARI. Straight to the cards; authorizations the CA reused are already valid, and with none left it finalizes.
   */
  async renew(cert: CertificateRecord, opts: RenewOptions = {}): Promise<void> {
    const flow = this.flow;
    flow.error = undefined;
    try {
      this.setBusy('Connecting to the CA…');
      const { renewalKey, replacesId } = await import('./renew.ts');
      const client = await connectCa(cert.directoryUrl);
      const record = await getAccount(cert.accountId);
      if (!record) throw new ShownProblem({ what: 'The account that got this certificate is no longer stored in this browser.', next: 'Get a new certificate for these names with another account.' });
      flow.account = record;
      this.acme = await AcmeAccount.resume(client, { privateKey: record.privateKey, publicKey: record.publicKey }, record.url);
      this.setBusy('Preparing the certificate key…');
      const key = await renewalKey(cert, opts);
      const replaces = await replacesId(client, cert);
      // Ask for the same profile again, if the CA still offers it.
      const profile = cert.profile && client.meta.profiles?.[cert.profile] !== undefined ? cert.profile : undefined;
      await this.placeOrder(this.acme, client.directoryUrl, {
        accountId: record.id, names: cert.names, key, renews: cert.id, ...(profile ? { profile } : {}), ...(replaces ? { replaces } : {}),
      });
    } catch (err) {
      flow.error = toProblem(err);
      this.setBusy(undefined);
    }
  }

  /**
   * The order, its authorizations and one card each, saved as the current issuance and shown. Authorizations the
   * CA reused are already valid; with none left to prove it goes straight on to finalize.
   */
  private async placeOrder(acme: AcmeAccount, directoryUrl: string, o: {
    accountId: string; names: string[]; key: IssuanceRecord['key']; profile?: string; replaces?: string; renews?: string;
  }): Promise<void> {
    const flow = this.flow;
    this.setBusy('Creating the order…');
    const order = await newOrder(acme, {
      identifiers: o.names, ...(o.profile ? { profile: o.profile } : {}), ...(o.replaces ? { replaces: o.replaces } : {}),
    });
    this.setBusy('Reading the challenges…');
    const authorizations = await getAuthorizations(acme, order.data);
    const cards: Record<string, CardRecord> = {};
    for (const a of authorizations) cards[a.url] = { choice: defaultChoice(a.data), state: a.data.status === 'valid' ? 'valid' : 'waiting' };
    const now = new Date().toISOString();
    const issuance: IssuanceRecord = {
      id: newId(), accountId: o.accountId, directoryUrl, names: o.names,
      key: o.key, order, authorizations, cards, stage: 'challenges', createdAt: now, updatedAt: now,
      ...(o.profile ? { profile: o.profile } : {}),
      ...(o.renews ? { renews: o.renews, reusedAuthorizations: authorizations.filter((a) => a.data.status === 'valid').length } : {}),
    };
    await putIssuance(issuance);
    await putSetting(CURRENT, issuance.id);
    flow.issuance = issuance;
    flow.busy = undefined;
    await this.show();
    if (Object.values(cards).every((c) => c.state === 'valid')) await this.finalize();
  }

  private async openAccount(client: Awaited<ReturnType<typeof connectCa>>, input: SetupInput): Promise<AcmeAccount> {
    const flow = this.flow;
    const choice = input.account;
    if (choice.kind === 'existing') {
      const record = await getAccount(choice.id);
      if (!record) throw new Error('The chosen account is no longer stored in this browser.');
      flow.account = record;
      this.acme = await AcmeAccount.resume(client, { privateKey: record.privateKey, publicKey: record.publicKey }, record.url);
      return this.acme;
    }
    let keys: CryptoKeyPair;
    let acme: AcmeAccount;
    if (choice.kind === 'import') {
      this.setBusy('Reading the account key…');
      keys = await importPrivateKey(choice.keyText, { extractable: choice.exportable === true });
      this.setBusy('Looking up the account at the CA…');
      acme = await AcmeAccount.find(client, keys);
    } else {
      if (!choice.agreed) throw new ShownProblem({ what: "A new account needs your agreement to the CA's terms of service.", next: 'Read them, tick the box, and try again.' });
      this.setBusy('Creating the account key…');
      keys = await generateKeyPair(choice.keyType, { extractable: choice.exportable === true });
      this.setBusy('Creating the account…');
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
    await putAccount(record);
    flow.storeVersion++;
    flow.account = record;
    flow.preferredAccountId = record.id;
    this.acme = acme;
    return acme;
  }

  private async session(): Promise<AcmeAccount> {
    if (this.acme) return this.acme;
    const account = this.flow.account;
    if (!account) throw new Error('No account is loaded.');
    const client = await connectCa(account.directoryUrl);
    this.acme = await AcmeAccount.resume(client, { privateKey: account.privateKey, publicKey: account.publicKey }, account.url);
    return this.acme;
  }

  /** Recompute what the page shows from the stored record. */
  async show(): Promise<void> {
    const flow = this.flow;
    const issuance = flow.issuance;
    if (!issuance || !flow.account) {
      flow.view = 'setup';
      return flow.changed();
    }
    flow.cards = await buildCards(issuance, flow.account);
    flow.view = { challenges: 'challenges', finalizing: 'issuing', done: 'done', failed: 'failed' }[issuance.stage] as View;
    if (flow.view === 'challenges') this.checker.update(flow.cards, flow.resolvers);
    else this.checker.stop();
    if (issuance.stage === 'failed') flow.error = issuance.error;
    if (issuance.certificateId && !flow.certificate) {
      flow.certificate = await getCertificate(issuance.certificateId);
    }
    flow.changed();
  }

  private async save(): Promise<void> {
    if (this.flow.issuance) await putIssuance(this.flow.issuance);
    await this.show();
  }

  async choose(authzUrl: string, choice: ChallengeType): Promise<void> {
    const card = this.flow.issuance?.cards[authzUrl];
    if (!card || card.state !== 'waiting') return;
    card.choice = choice;
    await this.save();
  }

  /** The user says the file or record is in place: tell the CA, then wait for its verdict. */
  async submit(authzUrl: string): Promise<void> {
    const issuance = this.flow.issuance;
    const card = issuance?.cards[authzUrl];
    const authz = issuance?.authorizations.find((a) => a.url === authzUrl);
    if (!issuance || !card || !authz || card.state !== 'waiting') return;
    const challenge = authz.data.challenges.find((c) => c.type === card.choice);
    if (!challenge) return;
    try {
      const acme = await this.session();
      card.state = 'submitted';
      delete card.error;
      await this.save();
      await respondToChallenge(acme, challenge);
      await this.watch(authz);
    } catch (err) {
      await this.cardFailed(authz, err);
    }
  }

  async submitAll(): Promise<void> {
    const waiting = Object.entries(this.flow.issuance?.cards ?? {}).filter(([, c]) => c.state === 'waiting').map(([url]) => url);
    await Promise.all(waiting.map((url) => this.submit(url)));
  }

  private async watch(authz: Located<Authorization>): Promise<void> {
    const acme = await this.session();
    const done = await waitForAuthorization(acme, authz.url, { timeoutMs: 10 * 60_000 });
    authz.data = done.data;
    const card = this.flow.issuance?.cards[authz.url];
    if (card) card.state = 'valid';
    await this.save();
    if (Object.values(this.flow.issuance?.cards ?? {}).every((c) => c.state === 'valid')) await this.finalize();
  }

  private async cardFailed(authz: Located<Authorization>, err: unknown): Promise<void> {
    const issuance = this.flow.issuance;
    const card = issuance?.cards[authz.url];
    if (!issuance || !card) return;
    if (err instanceof AcmeNetworkError) {
      // No answer: nothing is lost, the CA may still be validating. Keep "submitted" and say so.
      this.flow.error = toProblem(err);
      await this.save();
      return;
    }
    card.state = 'invalid';
    card.error = challengeProblem(err, card.choice);
    // A failed challenge makes the whole order invalid (the CA does not retry): a new order is needed.
    issuance.stage = 'failed';
    issuance.error = { what: `The CA could not confirm ${authz.data.identifier.value}.`, next: 'The card below says why.' };
    await this.save();
  }

  /** Everything is validated: CSR, finalize, download, store. Runs once even if called twice. */
  private finalize(): Promise<void> {
    this.finalizing ??= this.doFinalize().finally(() => { this.finalizing = undefined; });
    return this.finalizing;
  }

  private async doFinalize(): Promise<void> {
    const flow = this.flow;
    const issuance = flow.issuance;
    if (!issuance) return;
    issuance.stage = 'finalizing';
    await this.save();
    try {
      const acme = await this.session();
      this.setBusy('Waiting for the CA to confirm every name…');
      let order = await getOrder(acme, issuance.order.url);
      if (order.data.status === 'pending') order = await waitForOrder(acme, order, 'ready');
      if (order.data.status === 'ready') {
        this.setBusy('Finalizing: sending the certificate request…');
        const csrDer = await this.csrDer(issuance);
        order = await finalizeOrder(acme, order, csrDer);
      } else if (order.data.status === 'processing') {
        this.setBusy('The CA is issuing the certificate…');
        order = await waitForOrder(acme, order, 'valid');
      } else if (order.data.status !== 'valid') {
        order = await waitForOrder(acme, order, 'valid'); // throws the CA's reason
      }
      issuance.order = order;
      this.setBusy('Downloading the certificate…');
      const certUrl = order.data.certificate;
      if (!certUrl) throw new Error('The CA marked the order valid but gave no certificate link.');
      const { chain, alternates } = await downloadCertificate(acme, certUrl, { alternates: true });
      const certificate = await this.storeCertificate(issuance, chain.pem, alternates.map((a) => a.pem));
      issuance.certificateId = certificate.id;
      issuance.stage = 'done';
      flow.certificate = certificate;
      flow.busy = undefined;
      await this.save();
    } catch (err) {
      flow.busy = undefined;
      if (err instanceof AcmeNetworkError) {
        flow.error = toProblem(err); // stays "finalizing"; a reload or "Try again" resumes
        flow.changed();
        return;
      }
      issuance.stage = 'failed';
      issuance.error = toProblem(err);
      await this.save();
    }
  }

  private async csrDer(issuance: IssuanceRecord): Promise<Uint8Array> {
    if (issuance.key.kind === 'csr') return pemDecode(issuance.key.csrPem, ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']).der;
    const { buildCsr } = await import('../crypto/csr.ts');
    return (await buildCsr(issuance.names, { privateKey: issuance.key.privateKey, publicKey: issuance.key.publicKey })).der;
  }

  private async storeCertificate(issuance: IssuanceRecord, chainPem: string, alternates: string[]): Promise<CertificateRecord> {
    const { parseCertificate } = await import('../crypto/x509.ts');
    const leaf = await parseCertificate(chainPem);
    const record: CertificateRecord = {
      id: newId(), accountId: issuance.accountId, issuanceId: issuance.id, directoryUrl: issuance.directoryUrl,
      names: leaf.names, chainPem, alternates, issuer: leaf.issuer, serialHex: leaf.serialHex,
      notBefore: leaf.notBefore.toISOString(), notAfter: leaf.notAfter.toISOString(), createdAt: new Date().toISOString(),
      ...(issuance.key.kind === 'generated' ? { privateKey: issuance.key.privateKey, keyType: issuance.key.keyType } : {}),
      ...(issuance.renews ? { replaces: issuance.renews } : {}),
      ...(issuance.profile ? { profile: issuance.profile } : {}),
    };
    await putCertificate(record);
    if (issuance.renews) await (await import('./renew.ts')).markReplaced(issuance.renews, record.id);
    this.flow.storeVersion++;
    return record;
  }

  /** After a reload: ask the CA where things stand and carry on (poll submitted cards, finish finalizing). */
  async refresh(): Promise<void> {
    const flow = this.flow;
    const issuance = flow.issuance;
    if (!issuance) return;
    flow.error = undefined;
    try {
      if (issuance.stage === 'finalizing') return await this.finalize();
      const acme = await this.session();
      const order = await getOrder(acme, issuance.order.url);
      issuance.order = order;
      if (order.data.status === 'invalid' || order.data.status === 'expired') {
        await waitForOrder(acme, order, 'ready'); // throws the CA's reason
      }
      const fresh = await getAuthorizations(acme, order.data);
      issuance.authorizations = fresh;
      for (const a of fresh) {
        const card = issuance.cards[a.url] ?? (issuance.cards[a.url] = { choice: defaultChoice(a.data), state: 'waiting' });
        if (a.data.status === 'valid') card.state = 'valid';
      }
      await this.save();
      const pending = fresh.filter((a) => issuance.cards[a.url]?.state === 'submitted');
      await Promise.all(pending.map((a) => this.resend(acme, a).then(() => this.watch(a)).catch((err: unknown) => this.cardFailed(a, err))));
      if (Object.values(issuance.cards).every((c) => c.state === 'valid') && issuance.stage === 'challenges') await this.finalize();
    } catch (err) {
      if (err instanceof AcmeNetworkError) {
        flow.error = toProblem(err);
        flow.changed();
        return;
      }
      issuance.stage = 'failed';
      issuance.error = toProblem(err);
      await this.save();
    }
  }

  /**
   * A card marked submitted whose challenge the CA still has as pending never got the user's "ready" (the network
   * failed on the way): send it again. A challenge already processing or done is left alone.
   */
  private async resend(acme: AcmeAccount, authz: Located<Authorization>): Promise<void> {
    const card = this.flow.issuance?.cards[authz.url];
    const challenge = authz.data.challenges.find((c) => c.type === card?.choice);
    if (authz.data.status === 'pending' && challenge?.status === 'pending') await respondToChallenge(acme, challenge);
  }

  /** The live check of a card: DNS-01 TXT record, or HTTP-01 address (and the page's own fetch, if asked). */
  check(authzUrl: string): CardCheck | undefined {
    const probe = this.probes.get(authzUrl);
    const auto = this.checker.get(authzUrl);
    if (probe && this.flow.cards.find((c) => c.authzUrl === authzUrl)?.record.choice === 'http-01') {
      return { ...probe, details: [...probe.details, ...(auto && auto.state !== 'pass' ? [auto.headline] : [])] };
    }
    return auto;
  }

  checkNow(authzUrl: string): void {
    this.probes.delete(authzUrl);
    this.checker.checkNow(authzUrl);
  }

  /** Fetch the HTTP-01 file from this page (only when the user asks: it contacts their site). */
  async probe(authzUrl: string): Promise<void> {
    const card = this.flow.cards.find((c) => c.authzUrl === authzUrl);
    if (!card?.http01) return;
    this.probes.set(authzUrl, { state: 'checking', headline: 'Fetching the file…', details: [], hints: [] });
    this.flow.changed();
    this.probes.set(authzUrl, await probeHttp01(card.http01, globalThis.location?.protocol ?? 'https:'));
    this.flow.changed();
  }

  /** The user changed the resolvers: the live checks use the new list. */
  resolversChanged(): void {
    if (this.flow.view === 'challenges') this.checker.update(this.flow.cards, this.flow.resolvers);
  }

  /** The stored account changed (new key, deactivated, deleted): sign with what is stored now. */
  forgetSession(): void {
    this.acme = undefined;
  }

  /** Back to the form: stop checking, forget the probes and the account session. */
  reset(): void {
    this.checker.stop();
    this.probes.clear();
    this.acme = undefined;
  }
}
