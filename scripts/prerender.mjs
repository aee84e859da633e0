// `npm run prerender`: rewrites index.html's prerendered form and src/ui/prerender.css from what the app renders
// (scripts/prerender.ts). Installs Debian's chromium when missing.
import { runTs } from './lib/setup.mjs';

process.exit(await runTs('scripts/prerender.ts', process.argv.slice(2), { chromium: 'chromium' }));
