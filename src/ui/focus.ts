// Where keyboard focus goes when what it was on goes away: a new view's heading, or the control that stands in for
// a removed one. Without this, focus falls back to the page's body and a keyboard or screen-reader user starts over
// at the top.
import type { ReactiveController, ReactiveElement } from 'lit';
import type { IssuanceState } from '../flow/issuance/flow.ts';

/** The heading a view is entered at: `<h2 data-view-heading tabindex="-1">`. */
export const VIEW_HEADING = '[data-view-heading]';

/**
 * The view heading under `root`: in it, or in the shadow roots of the elements in it (followed down, as the views
 * nest: cp-issuance-view > cp-batch > cp-challenges), once they have rendered; undefined when none is shown yet
 * (e.g. the view's code is still loading).
 */
export async function viewHeading(root: ParentNode, depth = 0): Promise<HTMLElement | undefined> {
  const own = root.querySelector<HTMLElement>(VIEW_HEADING);
  if (own) return own;
  if (depth > 4) return undefined;
  for (const child of Array.from(root.querySelectorAll('*'))) {
    if (!child.shadowRoot) continue;
    await (child as Partial<ReactiveElement>).updateComplete;
    const inner = await viewHeading(child.shadowRoot, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Moves focus to the heading of the view in `view` (inside the shadow root of `host`), when focus is in the view or
 * was on something the change removed (such as the button that started it): a change the CA brings about while the
 * user works elsewhere on the page takes nothing away. False while no heading is shown yet.
 */
export async function focusViewHeading(host: HTMLElement, view: HTMLElement): Promise<boolean> {
  const heading = await viewHeading(view);
  if (!heading) return false;
  const active = document.activeElement;
  const lost = !active || active === document.body;
  const inView = active === host && view.contains(host.shadowRoot?.activeElement ?? null);
  if (lost || inView) heading.focus();
  return true;
}

/**
 * Follows the view the app shows (by issuance stage): when it changes, focus goes to the new view's heading once that
 * is shown (a view's code may still be loading). `want()` asks for it without a change (e.g. this tab took over).
 */
export class ViewFocus implements ReactiveController {
  private shown: string;
  private wanted = false;

  constructor(private readonly host: ReactiveElement, private readonly stage: () => IssuanceState['stage']) {
    this.shown = this.view();
    host.addController(this);
  }

  private view(): string {
    const stage = this.stage();
    return stage === 'ordering' ? 'setup' : stage;
  }

  want(): void {
    this.wanted = true;
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const view = this.view();
    if (view !== this.shown) this.wanted = true;
    this.shown = view;
    if (this.wanted) void this.focus();
  }

  private async focus(): Promise<void> {
    const view = this.host.renderRoot.querySelector<HTMLElement>('.view');
    if (view && this.wanted && await focusViewHeading(this.host, view)) this.wanted = false;
  }
}

/** Once `host` has rendered, focus the first element of its shadow root that matches `selector`. */
export function focusAfterUpdate(host: ReactiveElement, selector: string): void {
  void host.updateComplete.then(() => host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
}
