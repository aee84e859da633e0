// `npm run bench:page`: page load times in Chromium (see scripts/bench-page.ts); run `npm run build` first.
import { runTs } from './lib/setup.mjs';
process.exit(await runTs('scripts/bench-page.ts', process.argv.slice(2), { chromium: 'chromium' }));
