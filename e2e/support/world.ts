// What most browser tests stand on: Pebble + challtestsrv, a loopback DoH server over its DNS, the built page
// served on loopback, and Chromium. Started together, stopped together (in reverse order).
import { startDoh, type DohServer } from '../../test/support/doh.ts';
import { startPebble, type PebbleOptions, type PebbleStack } from '../../test/support/pebble.ts';
import { startApp } from './app.ts';
import { openBrowser, type Browser, type OpenBrowserOptions } from './browser.ts';
import type { StaticServer } from './static-server.ts';

export interface World {
  stack: PebbleStack;
  doh: DohServer;
  app: StaticServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function startWorld(opts: { pebble?: PebbleOptions; browser?: OpenBrowserOptions } = {}): Promise<World> {
  const stack = await startPebble(opts.pebble);
  const doh = await startDoh(stack.dnsAddress);
  const app = await startApp();
  const browser = await openBrowser(opts.browser);
  return {
    stack, doh, app, browser,
    async close() {
      await browser.close();
      await app.close();
      await doh.stop();
      await stack.stop();
    },
  };
}
