// The directory's GET started before the code that reads it has loaded (src/ui/setup.ts, for a URL pasted as the page
// shows): the request and the code load side by side, and connectCa hands this answer to the client as its first.
// Kept apart from connect.ts so the setup form can start it without loading the ACME client.

/** The URL as the client asks for it (trimmed, normalised); undefined when it is not one. */
export function directoryHref(url: string): string | undefined {
  const trimmed = url.trim();
  return URL.canParse(trimmed) ? new URL(trimmed).href : undefined;
}

/** Start the directory's GET now; undefined when `url` is not a URL. A failure is the client's to report. */
export function requestDirectory(url: string): Promise<Response> | undefined {
  const href = directoryHref(url);
  if (!href) return undefined;
  const request = fetch(href, { method: 'GET' });
  request.catch(() => {}); // read (and reported) by the client; not an unhandled rejection meanwhile
  return request;
}
