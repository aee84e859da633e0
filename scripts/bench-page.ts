// Time from navigation to an interactive page in Debian's Chromium: the built dist/ served on loopback,
// a cold load (new profile, empty cache), a warm reload, and — when the service worker is in place — a reload
// with the network off. "Interactive" = the setup form's Directory URL field can be typed into.
//   npm run bench:page -- [runs=5]       (needs `npm run build` first; `npm run bench` does both)
import { startApp } from '../e2e/support/app.ts';
import { openBrowser, type Browser } from '../e2e/support/browser.ts';

const runs = Number(process.argv[2] ?? 5);

async function interactiveMs(b: Browser, go: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await go();
  await b.page.getByLabel('Directory URL').waitFor({ state: 'visible' });
  await b.page.getByLabel('Directory URL').focus();
  return performance.now() - started;
}

const app = await startApp();
const cold: number[] = [];
const warm: number[] = [];
const offline: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const b = await openBrowser({ name: 'bench' });
    try {
      cold.push(await interactiveMs(b, () => b.page.goto(app.url)));
      warm.push(await interactiveMs(b, () => b.page.reload()));
      const controlled = await b.page.evaluate(async () => {
        if (!('serviceWorker' in navigator)) return false;
        const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(undefined), 3000))]);
        return Boolean(reg);
      });
      if (controlled) {
        await b.page.reload(); // now controlled by the worker
        await b.context.setOffline(true);
        offline.push(await interactiveMs(b, () => b.page.reload()));
        await b.context.setOffline(false);
      }
    } finally {
      await b.close();
    }
  }
} finally {
  await app.close();
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0 : NaN);
const show = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(28)} ${xs.length ? `median ${median(xs).toFixed(0)} ms   (${xs.map((x) => x.toFixed(0)).join(', ')})` : 'n/a (no service worker)'}`);
console.log(`\ncertpage page load in Chromium (dist/ on loopback), ${runs} runs: navigation → Directory URL field focusable`);
show('cold (new profile)', cold);
show('warm (reload)', warm);
show('offline (service worker)', offline);
