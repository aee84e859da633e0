// Storage faults in the real browser: an init script that makes IndexedDB refuse writes the test names (as a full
// disk does: QuotaExceededError), or refuse to open at all (as private modes and broken profiles do). Declarative
// rules only: the page's CSP forbids eval, and the page must not be able to tell a test from a real refusal.
import type { BrowserContext, Page } from 'playwright-core';

/** Refuse `put`s into `store` whose value has `field` set (and, if given, `stage` equal). `once`: only the first. */
export interface Refusal {
  store: 'accounts' | 'issuances' | 'certificates' | 'settings';
  field?: string;
  stage?: string;
  /** A card of the issuance is in this state. */
  cardState?: string;
  once?: boolean;
}

const REFUSE_WRITES = `(() => {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, ...rest) {
    const rule = globalThis.__certpageRefuse;
    const matches = rule && rule.store === this.name && value && typeof value === 'object'
      && (!rule.field || value[rule.field] !== undefined)
      && (!rule.stage || value.stage === rule.stage)
      && (!rule.cardState || (Array.isArray(value.cards) && value.cards.some((c) => c.state === rule.cardState)));
    if (matches) {
      globalThis.__certpageRefused = (globalThis.__certpageRefused || 0) + 1;
      if (rule.once) globalThis.__certpageRefuse = undefined;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return put.call(this, value, ...rest);
  };
})();`;

const NO_INDEXEDDB = `(() => {
  IDBFactory.prototype.open = function () {
    throw new DOMException('The user denied permission to access the database.', 'UnknownError');
  };
})();`;

// The store's own opens (the ones that name a version) succeed only once the test calls __certpageReleaseOpens(): a
// database that takes long to be made, as on a first visit to a slow disk. The upgrade itself runs as usual.
const HOLD_OPENS = `(() => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  globalThis.__certpageReleaseOpens = () => release();
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, version) {
    if (version === undefined) return open.call(this, name);
    const request = open.call(this, name, version);
    const add = request.addEventListener;
    request.addEventListener = function (type, listener, options) {
      if (type !== 'success') return add.call(this, type, listener, options);
      return add.call(this, type, (event) => {
        void held.then(() => (typeof listener === 'function' ? listener.call(request, event) : listener.handleEvent(event)));
      }, options);
    };
    return request;
  };
})();`;

/** Every page of the context can be told to refuse writes (setRefusal). */
export async function allowRefusals(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: REFUSE_WRITES });
}

export async function setRefusal(page: Page, rule: Refusal | undefined): Promise<void> {
  await page.evaluate((r) => { (globalThis as { __certpageRefuse?: unknown }).__certpageRefuse = r; }, rule);
}

/** How many writes were refused so far in this page. */
export function refusedCount(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as { __certpageRefused?: number }).__certpageRefused ?? 0);
}

/** IndexedDB cannot be opened in any page of the context. */
export async function withoutIndexedDb(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NO_INDEXEDDB });
}

/** The app's database opens in every page of the context until releaseOpens (its creation goes on meanwhile). */
export async function holdOpens(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: HOLD_OPENS });
}

export async function releaseOpens(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as { __certpageReleaseOpens?: () => void }).__certpageReleaseOpens?.());
}
