// The whole issuance with the engine, the test playing the user through challtestsrv.
// Used by the integration tests and by the bench (scripts/bench.ts).
import type { AcmeAccount } from '../../src/acme/account.ts';
import { respondToChallenge } from '../../src/acme/authorizations.ts';
import { dns01, http01 } from '../../src/acme/challenge-values.ts';
import { downloadCertificate, finalizeOrder, getAuthorizations, newOrder, waitForOrder } from '../../src/acme/orders.ts';
import type { Located, Order } from '../../src/acme/types.ts';
import { buildCsr } from '../../src/crypto/csr.ts';
import { generateKeyPair, type KeyType } from '../../src/crypto/keys.ts';
import type { PebbleStack } from './pebble.ts';

export interface IssueOptions {
  challenge?: 'http-01' | 'dns-01';
  certKeyType?: KeyType;
}

export interface Issued {
  order: Located<Order>;
  certPem: string;
  alternates: string[];
  certKeys: CryptoKeyPair;
  csrPem: string;
}

export async function issue(stack: PebbleStack, account: AcmeAccount, names: string[], opts: IssueOptions = {}): Promise<Issued> {
  const type = opts.challenge ?? 'http-01';
  const order = await newOrder(account, { identifiers: names });
  const authzs = await getAuthorizations(account, order.data);
  const cleanup: (() => Promise<void>)[] = [];
  try {
    await Promise.all(authzs.map(async (authz) => {
      if (authz.data.status === 'valid') return; // reused authorization: nothing to prove
      const challenge = authz.data.challenges.find((c) => c.type === type);
      if (!challenge) throw new Error(`no ${type} challenge for ${authz.data.identifier.value}`);
      if (type === 'http-01') {
        const h = http01(authz.data.identifier, challenge, account.thumbprint);
        await stack.addHttp01(challenge.token, h.body);
        cleanup.push(() => stack.delHttp01(challenge.token));
      } else {
        const d = await dns01(authz.data.identifier, challenge, account.thumbprint);
        await stack.setTxt(d.name, d.value);
        cleanup.push(() => stack.clearTxt(d.name));
      }
      await respondToChallenge(account, challenge);
    }));
    const ready = await waitForOrder(account, order, 'ready');
    const certKeys = await generateKeyPair(opts.certKeyType ?? 'P-256', { extractable: true });
    const csr = await buildCsr(names, certKeys);
    const valid = await finalizeOrder(account, ready, csr.der);
    const url = valid.data.certificate;
    if (!url) throw new Error('valid order without a certificate URL');
    const { chain, alternates } = await downloadCertificate(account, url, { alternates: true });
    return { order: valid, certPem: chain.pem, alternates: alternates.map((a) => a.pem), certKeys, csrPem: csr.pem };
  } finally {
    await Promise.all(cleanup.map((c) => c().catch(() => undefined)));
  }
}
