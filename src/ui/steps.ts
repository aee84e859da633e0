// What the page says while the issuance works on a step (flow/issuance/machine.ts names them).
import type { Step } from '../flow/issuance/flow.ts';

export const STEP_TEXT: Record<Step, string> = {
  'connecting': 'Connecting to the CA…',
  'account-key': 'Preparing the account key…',
  'account': 'Creating the account…',
  'account-lookup': 'Looking up the account at the CA…',
  'certificate-key': 'Preparing the certificate key…',
  'order': 'Creating the order…',
  'authorizations': 'Reading the challenges…',
  'order-status': 'Asking the CA where the order stands…',
  'finalize': 'Finalizing: sending the certificate request…',
  'issuing': 'The CA is issuing the certificate…',
  'download': 'Downloading the certificate…',
  'check': 'Checking the certificate against what was asked for…',
  'store': 'Storing the certificate in this browser…',
};
