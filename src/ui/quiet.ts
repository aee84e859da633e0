// "When the visitor has left the page alone for a moment": for work that would compete with their first steps (the
// service worker's install reads and stores every file of the page, and a directory read or an order placed meanwhile
// waited behind it).

/** What counts as the visitor doing something. */
const ACTIVITY = ['keydown', 'input', 'pointerdown', 'wheel', 'focusin'] as const;

/**
 * Resolves once no key, pointer, wheel, input or focus event has come for `ms`, counted from the call, and the
 * browser then has an idle moment (or a second has passed).
 */
export function whenQuiet(ms: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout>;
    // An idle moment, or a second at most: a page that is never idle still gets its turn.
    const idle = (f: () => void) => ('requestIdleCallback' in globalThis ? requestIdleCallback(f, { timeout: 1000 }) : setTimeout(f, 0));
    const done = () => {
      for (const type of ACTIVITY) removeEventListener(type, restart, true);
      idle(() => resolve());
    };
    function restart(): void {
      clearTimeout(timer);
      timer = setTimeout(done, ms);
    }
    for (const type of ACTIVITY) addEventListener(type, restart, { capture: true, passive: true });
    restart();
  });
}
