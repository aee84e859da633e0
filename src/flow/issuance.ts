// The issuance state machine: setup → challenges → issuing → done (or failed), saved after every step so a
// reload lands where the user left. The UI renders `state` and calls the methods; it never talks to the CA.
// This part holds the state and what the setup form needs; the work (ACME, DNS checks, CSR) is in issuer.ts,
// loaded on first use so the page's first load stays small.
import type { KeyType } from '../crypto/key-types.ts';
import type { Resolver } from '../dns/default-resolvers.ts';
import { getAccount, getIssuance, getSetting, putSetting } from '../store/repo.ts';
import type { AccountRecord, CertificateRecord, ChallengeType, IssuanceRecord, ProblemInfo } from '../store/schema.ts';
import type { CardView } from './cards.ts';
import type { CardCheck } from './checker.ts';
import type { Issuer } from './issuer.ts';
import { loadProblem } from './load-problem.ts';
import { loadResolvers, saveResolvers } from './resolvers.ts';

export type View = 'setup' | 'challenges' | 'issuing' | 'done' | 'failed';

export type AccountChoice =
  | { kind: 'existing'; id: string }
  | { kind: 'new'; keyType: KeyType; email: string; agreed: boolean; eab?: { keyId: string; hmacKey: string }; exportable?: boolean }
  | { kind: 'import'; keyText: string; exportable?: boolean };

export interface SetupInput {
  directoryUrl: string;
  account: AccountChoice;
  names: string[];
  key: { kind: 'generate'; keyType: KeyType } | { kind: 'csr'; csrPem: string };
  profile?: string;
}

/** The setting that holds the id of the issuance in progress. */
export const CURRENT = 'currentIssuance';

export class IssuanceFlow extends EventTarget {
  view: View = 'setup';
  /** What is happening right now, in a few words ("Creating the order…"). */
  busy: string | undefined;
  /** A problem to show on the current view. */
  error: ProblemInfo | undefined;
  issuance: IssuanceRecord | undefined;
  account: AccountRecord | undefined;
  cards: CardView[] = [];
  certificate: CertificateRecord | undefined;
  /** Bumped whenever an account or certificate is stored, so lists re-read only then. */
  storeVersion = 0;
  /** The account the setup form should preselect (e.g. the one just created before an order failed). */
  preferredAccountId: string | undefined;

  /** DNS-over-HTTPS resolvers for the live checks (a setting); undefined until loaded. */
  resolvers: Resolver[] = [];
  resolversLoaded = false;

  private issuer: Issuer | undefined;
  private loading: Promise<Issuer> | undefined;

  /** Tells the page to render the state again (issuer.ts calls it too). */
  changed(): void {
    this.dispatchEvent(new Event('change'));
  }

  /** The issuer, loaded once; undefined (with the problem shown) when its code cannot be fetched. */
  private load(): Promise<Issuer | undefined> {
    this.loading ??= import('./issuer.ts').then((m) => (this.issuer = new m.Issuer(this)));
    return this.loading.catch((err: unknown) => {
      this.loading = undefined;
      this.busy = undefined;
      this.error = loadProblem(err);
      this.changed();
      return undefined;
    });
  }

  /** Load the issuance the user left, if any, and carry on with it. */
  async init(): Promise<void> {
    this.resolvers = await loadResolvers();
    this.resolversLoaded = true;
    this.changed();
    const id = await getSetting<string>(CURRENT);
    const issuance = id ? await getIssuance(id) : undefined;
    const account = issuance ? await getAccount(issuance.accountId) : undefined;
    if (!issuance || !account) return;
    this.issuance = issuance;
    this.account = account;
    this.preferredAccountId = account.id;
    const issuer = await this.load();
    if (!issuer) return;
    await issuer.show();
    if (issuance.stage === 'challenges' || issuance.stage === 'finalizing') void issuer.refresh();
  }

  /** Account (create, import or pick), certificate key, order, authorizations: everything up to the cards. */
  async start(input: SetupInput): Promise<void> {
    this.error = undefined;
    this.busy = 'Connecting to the CA…';
    this.changed();
    await (await this.load())?.start(input);
  }

  /**
   * Renew a stored certificate (same names, account and CA): straight to the cards, or to the certificate when
   * every authorization is reused. Any issuance in progress is left for this one.
   */
  async renew(cert: CertificateRecord, opts: { keepKey?: boolean } = {}): Promise<void> {
    this.issuer?.reset();
    this.error = undefined;
    this.cards = [];
    this.certificate = undefined;
    this.view = 'setup';
    this.busy = 'Connecting to the CA…';
    this.changed();
    await (await this.load())?.renew(cert, opts);
  }

  async choose(authzUrl: string, choice: ChallengeType): Promise<void> {
    await (await this.load())?.choose(authzUrl, choice);
  }

  /** The user says the file or record is in place: tell the CA, then wait for its verdict. */
  async submit(authzUrl: string): Promise<void> {
    await (await this.load())?.submit(authzUrl);
  }

  async submitAll(): Promise<void> {
    await (await this.load())?.submitAll();
  }

  /** After a reload: ask the CA where things stand and carry on (poll submitted cards, finish finalizing). */
  async refresh(): Promise<void> {
    await (await this.load())?.refresh();
  }

  /**
   * The network is back: an issuance that stopped for want of it (cards shown or issuing, with the problem that
   * stopped it on screen) asks the CA where things stand and carries on, as after a reload.
   */
  async resume(): Promise<void> {
    if (!this.issuance || !this.error || (this.view !== 'challenges' && this.view !== 'issuing')) return;
    await this.refresh();
  }

  /** The live check of a card: DNS-01 TXT record, or HTTP-01 address (and the page's own fetch, if asked). */
  check(authzUrl: string): CardCheck | undefined {
    return this.issuer?.check(authzUrl);
  }

  checkNow(authzUrl: string): void {
    this.issuer?.checkNow(authzUrl);
  }

  /** Fetch the HTTP-01 file from this page (only when the user asks: it contacts their site). */
  async probe(authzUrl: string): Promise<void> {
    await (await this.load())?.probe(authzUrl);
  }

  async setResolvers(list: Resolver[]): Promise<void> {
    this.resolvers = list;
    await saveResolvers(list);
    this.issuer?.resolversChanged();
    this.changed();
  }

  /** Back to the form, keeping the account (and the names, which the form keeps in its draft). */
  /** Accounts were changed elsewhere on the page: re-read the one in use and re-read the lists. */
  async accountsChanged(): Promise<void> {
    if (this.account) this.account = (await getAccount(this.account.id)) ?? this.account;
    this.issuer?.forgetSession();
    this.storeVersion++;
    this.changed();
  }

  async startOver(): Promise<void> {
    this.issuer?.reset();
    await putSetting(CURRENT, undefined);
    this.issuance = undefined;
    this.cards = [];
    this.certificate = undefined;
    this.error = undefined;
    this.view = 'setup';
    this.changed();
  }
}
