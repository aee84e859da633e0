// The load order after the first paint (src/ui/load-order.ts): what is below My certificates waits for the lists'
// read and a painted frame, or a second at most; a browser with no database yet has no list to wait for.
import assert from 'node:assert/strict';
import { mock, test, type TestContext } from 'node:test';

type LoadOrder = typeof import('../../src/ui/load-order.ts');
let fresh = 0;
/** A new copy of the module: its gate opens once per page. */
const loadOrder = () => import(`../../src/ui/load-order.ts?copy=${fresh++}`) as Promise<LoadOrder>;

/** Whether the gate is open, after the microtasks queued so far have run. */
async function isOpen(order: LoadOrder): Promise<boolean> {
  let open = false;
  void order.restMayLoad().then(() => { open = true; });
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return open;
}

const never = new Promise<never>(() => {});

/** Mock timers, a frame every 16 ms of them, and a new copy of the module. */
async function withFrames(t: TestContext): Promise<LoadOrder> {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  globalThis.requestAnimationFrame = (f: FrameRequestCallback) => { setTimeout(() => f(0), 16); return 0; };
  return loadOrder();
}

/** A frame, then the task the gate opens in (setTimeout(f, 0) waits 1 ms in Node). */
function nextFrame(): void {
  mock.timers.tick(16);
  mock.timers.tick(1);
}

test('load order: with nothing stored, the rest loads after one frame, without waiting for the lists\' read', async (t) => {
  const order = await withFrames(t);
  order.nothingStoredWhen(Promise.resolve(true));
  order.restAfter(never); // the store's first open: creating the database can take a while
  assert.equal(await isOpen(order), false, 'not before a frame is painted');
  nextFrame();
  assert.equal(await isOpen(order), true);
});

test('load order: with a database, the rest waits for the lists\' read and a frame', async (t) => {
  const order = await withFrames(t);
  order.nothingStoredWhen(Promise.resolve(false));
  let read!: () => void;
  order.restAfter(new Promise<void>((resolve) => { read = resolve; }));
  mock.timers.tick(500);
  assert.equal(await isOpen(order), false, 'the list is still being read');
  read();
  await Promise.resolve();
  nextFrame();
  assert.equal(await isOpen(order), true);
});

test('load order: a read that never ends (another tab blocks the database) holds the rest for a second at most', async (t) => {
  const order = await withFrames(t);
  order.restAfter(never);
  mock.timers.tick(999);
  assert.equal(await isOpen(order), false);
  mock.timers.tick(1);
  assert.equal(await isOpen(order), true);
});
