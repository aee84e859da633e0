// Accounts (RFC 8555 §7.3): create, find, update contact, deactivate, key rollover, EAB.
import { publicJwk, jwkThumbprint } from '../crypto/jwk.ts';
import { AcmeProtocolError } from './errors.ts';
import type { AcmeClient, AcmeResponse, RequestKind } from './client.ts';
import { signEab, signRequest, type Payload, type Signer } from './jws.ts';
import type { Account } from './types.ts';
import { msg } from '../words/words.ts';

export interface AccountKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface NewAccountOptions {
  /** The user read and agreed to the CA's terms (meta.termsOfService). */
  termsOfServiceAgreed: boolean;
  /** E-mail addresses; "mailto:" is added when missing. */
  contact?: string[];
  /** External Account Binding credentials from the CA's website. */
  eab?: { keyId: string; hmacKey: string };
}

/** An account at one CA: its key, URL, and the signed requests made with them. */
export class AcmeAccount {
  private constructor(
    readonly client: AcmeClient,
    readonly keys: AccountKeys,
    readonly jwk: JsonWebKey,
    readonly thumbprint: string,
    readonly url: string,
    /** The account object as last seen from the CA (undefined when resumed without a fetch). */
    public data?: Account,
  ) {}

  /** Create an account (or get the existing one for this key: the CA answers 200 then). */
  static async create(client: AcmeClient, keys: AccountKeys, opts: NewAccountOptions): Promise<AcmeAccount> {
    const jwk = await publicJwk(keys.publicKey);
    const payload: Record<string, unknown> = { termsOfServiceAgreed: opts.termsOfServiceAgreed };
    const contact = normalizeContact(opts.contact);
    if (contact.length) payload.contact = contact;
    if (opts.eab) payload.externalAccountBinding = await signEab(jwk, opts.eab, client.directory.newAccount);
    return AcmeAccount.open(client, keys, jwk, payload);
  }

  /** Find the account that belongs to this key (onlyReturnExisting); the CA answers accountDoesNotExist if none. */
  static async find(client: AcmeClient, keys: AccountKeys): Promise<AcmeAccount> {
    return AcmeAccount.open(client, keys, await publicJwk(keys.publicKey), { onlyReturnExisting: true });
  }

  /** An account known from storage; no request is made. */
  static async resume(client: AcmeClient, keys: AccountKeys, url: string, data?: Account): Promise<AcmeAccount> {
    const jwk = await publicJwk(keys.publicKey);
    return new AcmeAccount(client, keys, jwk, await jwkThumbprint(jwk), url, data);
  }

  private static async open(client: AcmeClient, keys: AccountKeys, jwk: JsonWebKey, payload: object): Promise<AcmeAccount> {
    const signer: Signer = { privateKey: keys.privateKey, jwk };
    const res = await client.post<Account>(client.directory.newAccount, payload, signer, 'account');
    if (!res.location) {
      throw new AcmeProtocolError(client.directory.newAccount, msg('The CA did not say where the account lives (no Location header it lets this page read).'),
        msg('This CA cannot be used from a browser; choose another CA.'));
    }
    return new AcmeAccount(client, keys, jwk, await jwkThumbprint(jwk), res.location, res.body);
  }

  get signer(): Signer {
    return { privateKey: this.keys.privateKey, jwk: this.jwk, kid: this.url };
  }

  /** A signed request as this account (`kid`). */
  post<T>(url: string, payload: Payload, kind: RequestKind, accept?: string): Promise<AcmeResponse<T>> {
    return this.client.post<T>(url, payload, this.signer, kind, accept);
  }

  async fetch(): Promise<Account> {
    this.data = (await this.post<Account>(this.url, '', 'account')).body;
    return this.data;
  }

  async updateContact(contact: string[]): Promise<Account> {
    this.data = (await this.post<Account>(this.url, { contact: normalizeContact(contact) }, 'account')).body;
    return this.data;
  }

  /** Irreversible: the CA refuses every later request from this account. */
  async deactivate(): Promise<Account> {
    this.data = (await this.post<Account>(this.url, { status: 'deactivated' }, 'account')).body;
    return this.data;
  }

  /**
   * Key rollover (§7.3.5): the outer JWS is signed with the current key, the inner one with the new key.
   * Returns the account under its new key; this object keeps the old key, which the CA now refuses.
   */
  async changeKey(newKeys: AccountKeys): Promise<AcmeAccount> {
    const url = this.client.directory.keyChange;
    if (!url) throw new AcmeProtocolError(this.client.directoryUrl, msg('This CA does not support changing the account key.'), msg('Create a new account instead.'));
    const newJwk = await publicJwk(newKeys.publicKey);
    const inner = await signRequest({ privateKey: newKeys.privateKey, jwk: newJwk }, url, undefined, { account: this.url, oldKey: this.jwk });
    await this.post(url, inner, 'keyChange');
    return new AcmeAccount(this.client, newKeys, newJwk, await jwkThumbprint(newJwk), this.url, this.data);
  }
}

function normalizeContact(contact: string[] | undefined): string[] {
  return (contact ?? [])
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => (/^[a-z][a-z0-9+.-]*:/i.test(c) ? c : `mailto:${c}`));
}
