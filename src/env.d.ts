// Build-time constants (vite.config.ts `define`).

/** True in the hosted build (dist/index.html, which has dist/sw.js); false in the single-file build. */
declare const __CERTPAGE_SW__: boolean;

/** The project's README on GitHub (from package.json `repository`), or '' when unknown. */
declare const __CERTPAGE_README__: string;
