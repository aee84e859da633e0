// One AcmeClient per directory URL for the page's lifetime (its nonce pool is shared by every request).
import { AcmeClient, type ClientOptions } from '../../acme/client.ts';

const clients = new Map<string, Promise<AcmeClient>>();
let options: ClientOptions = {};

/** Set once at start-up (e.g. an activity log); later connections use it. */
export function setClientOptions(opts: ClientOptions): void {
  options = opts;
}

export function connectCa(directoryUrl: string): Promise<AcmeClient> {
  const key = directoryUrl.trim();
  let client = clients.get(key);
  if (!client) {
    client = AcmeClient.connect(key, options);
    clients.set(key, client);
    // A failed connection is not remembered: the next try asks again.
    client.catch(() => clients.delete(key));
  }
  return client;
}
