// A calm note when this copy of certpage probably shares its origin with other pages: what that means for the keys
// kept here, and the way out. Hidden for the rest of the visit (this tab) once dismissed. main.ts loads this module
// only when flow/origin.ts says the origin is probably shared, so it costs the first load nothing.
import { LitElement, html, css, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { originSharing, type OriginSharing } from '../flow/origin.ts';
import { base } from './styles.ts';

const DISMISSED = 'certpage:origin-note-dismissed';

function dismissed(): boolean {
  try {
    return sessionStorage.getItem(DISMISSED) === '1';
  } catch {
    return false; // storage blocked: show the note
  }
}

/** What it means, and the way out, in a title and two sentences. */
function wording(sharing: Exclude<OriginSharing, 'own'>, origin: string): [title: string, what: TemplateResult | string, next: string] {
  switch (sharing) {
    case 'github-pages':
      return [msg('This page shares its address with other sites'),
        msg(html`Every GitHub Pages site of this account is served from <span class="mono">${origin}</span>: any of them can read the accounts and certificates kept here and use their keys.`),
        msg('For keys that matter, give certpage an address of its own: a custom domain for this site, or an account or organisation used only for certpage.')];
    case 'sub-path':
      return [msg('This page shares its address with other pages'),
        msg(html`Any other page of <span class="mono">${origin}</span> can read the accounts and certificates kept here and use their keys.`),
        msg('For keys that matter, host certpage at the root of a domain or subdomain of its own.')];
    case 'file':
      return [msg('Opened from a file'),
        msg('In Chrome, Edge and other Chromium browsers, every HTML file opened from disk shares this storage: any of them can read the accounts and certificates kept here and use their keys.'),
        msg('Open only files you trust in this browser, or use certpage from a web address of its own.')];
  }
}

@localized()
@customElement('cp-origin-note')
export class OriginNote extends LitElement {
  static override styles = [base, css`
    :host([standalone]) { max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 0; }
    .note { margin: 0 0 1rem; padding: 0.7rem 0.9rem; border-radius: 8px; border: 1px solid var(--border-strong);
      border-left-width: 4px; background: var(--card); }
    .title { font-weight: 600; margin: 0; }
    .actions { margin: 0.5rem 0 0; }
  `];

  /** Why the origin is probably shared; read from `location` unless set. */
  @property({ attribute: false }) sharing: OriginSharing = originSharing(location);
  @state() private hidden_ = dismissed();

  private dismiss(): void {
    try {
      sessionStorage.setItem(DISMISSED, '1');
    } catch {
      // storage blocked: hidden until the page is loaded again
    }
    this.hidden_ = true;
  }

  override render() {
    if (this.sharing === 'own' || this.hidden_) return nothing;
    const [title, what, next] = wording(this.sharing, location.origin);
    return html`
      <div class="note" role="note" aria-labelledby="origin-note-title">
        <p class="title" id="origin-note-title">${title}</p>
        <p>${what}</p>
        <p>${next}${__CERTPAGE_README__
          ? html` <a href=${`${__CERTPAGE_README__}#an-origin-of-its-own`} target="_blank" rel="noopener noreferrer">${msg('How to give certpage an origin of its own')}</a>`
          : nothing}</p>
        <div class="actions"><button type="button" @click=${this.dismiss}>${msg('Hide for this visit')}</button></div>
      </div>`;
  }
}

/**
 * Shows the note above the page's shell, unless the shell renders a `<cp-origin-note>` itself (importing this module
 * is then all it needs). Called once the module has loaded, after the shell's first render.
 */
export function mountOriginNote(): void {
  const app = document.querySelector('cp-app');
  if (!app || document.querySelector('cp-origin-note') || app.shadowRoot?.querySelector('cp-origin-note')) return;
  const note = document.createElement('cp-origin-note');
  note.setAttribute('standalone', '');
  app.before(note);
}
