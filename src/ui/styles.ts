// Shared look: calm, readable, one accent colour; follows the system's light or dark mode.
// A visible focus ring on whatever the keyboard reaches: fields, radios, checkboxes, file pickers, buttons, links,
// summaries, and the headings that take focus when the view changes. (Comments stay out of the css`` text: it ships
// as written, in the first load.)
import { css } from 'lit';

export const base = css`
  :host {
    display: block;
    color: var(--fg);
    font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
  * { box-sizing: border-box; }
  h2 { font-size: 1.15rem; margin: 0 0 0.75rem; font-weight: 600; }
  h3 { font-size: 1rem; margin: 0 0 0.5rem; font-weight: 600; }
  p { margin: 0.4rem 0; }
  a { color: var(--accent); }
  .card {
    background: var(--card);
    border: 1px solid var(--border);
    border-radius: 10px;
    padding: 1.1rem 1.25rem;
    margin: 0 0 1rem;
  }
  .row { display: flex; gap: 0.75rem; flex-wrap: wrap; align-items: end; }
  .row > * { flex: 1 1 14rem; }
  label, .label { display: block; font-weight: 500; margin: 0.6rem 0 0.25rem; }
  .hint { color: var(--muted); font-size: 0.88rem; margin: 0.2rem 0; }
  input[type='text'], input[type='email'], input[type='url'], input[type='password'], input:not([type]), select, textarea {
    width: 100%;
    font: inherit;
    color: inherit;
    background: var(--field);
    border: 1px solid var(--border-strong);
    border-radius: 6px;
    padding: 0.45rem 0.6rem;
  }
  textarea { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; font-size: 0.88rem; min-height: 5.5rem; resize: vertical; }
  input:focus-visible, select:focus-visible, textarea:focus-visible, button:focus-visible, a:focus-visible,
  summary:focus-visible, [tabindex]:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 2px;
  }
  input[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--bad); }
  .check { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.75rem 0 0.25rem; font-weight: 400; }
  .check input { margin-top: 0.3rem; }
  table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
  th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { color: var(--muted); font-weight: 500; }
  fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 0.75rem 0; padding: 0.5rem 0.9rem; min-width: 0; }
  legend { font-weight: 600; padding: 0 0.3rem; }
  fieldset.custody .check { margin: 0.4rem 0; }
  button {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--border-strong);
    background: var(--field);
    color: inherit;
    padding: 0.45rem 0.9rem;
    cursor: pointer;
  }
  button.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); font-weight: 600; }
  button:disabled, button[aria-disabled='true'] { opacity: 0.55; cursor: default; }
  .actions { display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; margin: 1rem 0; }
  .mono { font-family: ui-monospace, 'Cascadia Mono', Consolas, monospace; font-size: 0.88rem; overflow-wrap: anywhere; }
  .ok { color: var(--good); }
  .bad { color: var(--bad); }
  .badge { display: inline-block; font-size: 0.8rem; padding: 0.05rem 0.5rem; border-radius: 999px; border: 1px solid var(--border); color: var(--muted); }
  .badge.ok { border-color: var(--good); color: var(--good); }
  .badge.bad { border-color: var(--bad); color: var(--bad); }
  .badge.busy { border-color: var(--accent); color: var(--accent); }
  ul.names { margin: 0.4rem 0 0; padding-left: 1.2rem; }
  details > summary { cursor: pointer; color: var(--accent); margin: 0.5rem 0; }
`;

