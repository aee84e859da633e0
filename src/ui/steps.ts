// What the page says while the issuance works on a step (flow/issuance/machine.ts names them).
import { msg } from '@lit/localize';
import type { Step } from '../flow/issuance/flow.ts';

/** Getters: each is worded when read (at render time), so a change of language reaches it. */
export const STEP_TEXT: Readonly<Record<Step, string>> = {
  get 'connecting'() { return msg('Connecting to the CA…'); },
  get 'account-key'() { return msg('Preparing the account key…'); },
  get 'account'() { return msg('Creating the account…'); },
  get 'account-lookup'() { return msg('Looking up the account at the CA…'); },
  get 'certificate-key'() { return msg('Preparing the certificate key…'); },
  get 'order'() { return msg('Creating the order…'); },
  get 'authorizations'() { return msg('Reading the challenges…'); },
  get 'order-status'() { return msg('Asking the CA where the order stands…'); },
  get 'finalize'() { return msg('Finalizing: sending the certificate request…'); },
  get 'issuing'() { return msg('The CA is issuing the certificate…'); },
  get 'download'() { return msg('Downloading the certificate…'); },
  get 'check'() { return msg('Checking the certificate against what was asked for…'); },
  get 'store'() { return msg('Storing the certificate in this browser…'); },
};
