// What most browser tests stand on: Pebble + challtestsrv, a loopback DoH server over its DNS, the built page
// served on loopback, and Chromium. Started together, stopped together (in reverse order).
import { startCaProxy, type CaProxy } from '../../test/support/ca-proxy.ts';
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

export interface WorldOptions { pebble?: PebbleOptions; browser?: OpenBrowserOptions }

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
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

export interface ProxiedWorld extends World {
  /** A thin proxy in front of Pebble that can rewrite its answers (test/support/ca-proxy.ts); the page is given its URL. */
  proxy: CaProxy;
}

/** The world with a fault-injecting proxy in front of Pebble; closing the world closes the proxy first. */
export async function startProxiedWorld(opts: WorldOptions = {}): Promise<ProxiedWorld> {
  const world = await startWorld(opts);
  const proxy = await startCaProxy(world.stack.directoryUrl).catch(async (err: unknown) => { await world.close(); throw err; });
  return {
    ...world,
    proxy,
    async close() {
      await proxy.close();
      await world.close();
    },
  };
}
