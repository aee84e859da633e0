// The directory's GET started before the client's code had loaded (a URL pasted as the page showed) stands in for
// the client's own first request, against Pebble: one directory request, not two, and a failed one is not kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FetchLike, RequestEvent } from '../../src/acme/client.ts';
import { AcmeNetworkError } from '../../src/acme/errors.ts';
import { connectCa, setClientOptions } from '../../src/flow/ca/connect.ts';
import { requestDirectory } from '../../src/flow/ca/early.ts';
import { startPebble, type PebbleStack } from '../support/pebble.ts';

describe('connecting with a directory request already on its way', () => {
  let stack: PebbleStack;
  const asked: string[] = [];
  const events: RequestEvent[] = [];
  const counting: FetchLike = (input, init) => {
    asked.push(`${init?.method ?? 'GET'} ${input}`);
    return fetch(input, init);
  };
  before(async () => {
    stack = await startPebble({ nonceReject: 0 });
    setClientOptions({ fetch: counting, onRequest: (e) => events.push(e) });
  });
  after(() => stack?.stop());

  test('the early answer is the client\'s first; later requests go through the client as before', async () => {
    const early = requestDirectory(` ${stack.directoryUrl}`);
    assert.ok(early);
    const client = await connectCa(`  ${stack.directoryUrl} `, early);
    assert.ok(client.directory.newOrder, 'the directory was read from the early answer');
    assert.deepEqual(asked, [], 'no second directory request');
    assert.deepEqual(events.map((e) => [e.kind, e.status]), [['directory', 200]], 'the early request is still logged');
    // The same URL again (a GET as the client makes them) is a new request: the early answer served once.
    const again = await client.get<unknown>(stack.directoryUrl, 'directory');
    assert.equal(again.status, 200);
    assert.deepEqual(asked, [`GET ${new URL(stack.directoryUrl).href}`]);
  });

  test('an early request that failed is reported like any other, and the next try asks again', async () => {
    asked.length = 0;
    const url = `${stack.directoryUrl}?second`;
    await assert.rejects(connectCa(url, Promise.reject(new TypeError('Failed to fetch'))), AcmeNetworkError);
    assert.deepEqual(asked, [], 'the failed early answer was used, not a new request');
    const client = await connectCa(url);
    assert.ok(client.directory.newOrder);
    assert.deepEqual(asked, [`GET ${new URL(url).href}`]);
  });
});
