// Shared styles of the components loaded later (kept out of styles.ts, which is part of the first load).
import { css } from 'lit';

/**
 * Wide tables scroll inside their own box, so the page never scrolls sideways on a narrow screen; `.visually-hidden`
 * is read by screen readers and not shown (live regions, column names the layout makes plain).
 */
export const later = css`
  .table-scroll { overflow-x: auto; position: relative; }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
    overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
  }
`;
