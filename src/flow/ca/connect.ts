// One AcmeClient per directory URL for the page's lifetime (its nonce pool is shared by every request).
import { AcmeClient, globalFetch, type ClientOptions, type FetchLike } from '../../acme/client.ts';
import { directoryHref } from './early.ts';

const clients = new Map<string, Promise<AcmeClient>>();
let options: ClientOptions = {};

/** Set once at start-up (e.g. an activity log); later connections use it. */
export function setClientOptions(opts: ClientOptions): void {
  options = opts;
}

/** `fetchFn`, except that its first GET of `url` is answered by `early`, a request for it already on its way. */
function answeredFirst(url: string, early: Promise<Response>, fetchFn: FetchLike): FetchLike {
  let waiting: Promise<Response> | undefined = early;
  return (input, init) => {
    const first = waiting;
    if (first && input === url && (init?.method ?? 'GET') === 'GET') {
      waiting = undefined;
      return first;
    }
    return fetchFn(input, init);
  };
}

/**
 * The client for `directoryUrl`, connecting once. `early` is the directory's GET when the caller started it before
 * this code had loaded (requestDirectory in early.ts); it stands in for the client's own first request.
 */
export function connectCa(directoryUrl: string, early?: Promise<Response>): Promise<AcmeClient> {
  const key = directoryUrl.trim();
  let client = clients.get(key);
  if (!client) {
    const href = directoryHref(key);
    const opts = early && href ? { ...options, fetch: answeredFirst(href, early, options.fetch ?? globalFetch) } : options;
    client = AcmeClient.connect(key, opts);
    clients.set(key, client);
    // A failed connection is not remembered: the next try asks again.
    client.catch(() => clients.delete(key));
  }
  return client;
}
