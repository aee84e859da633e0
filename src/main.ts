// Composition root: the app element, loaded by boot.ts after the first paint. pkijs (CSR, certificates) loads later,
// on demand.
import { warmDatabase } from './store/warm.ts';
import { startLocale } from './ui/locale.ts';
import './ui/app.ts';
import { nothingStoredWhen } from './ui/load-order.ts';
import { originSharing } from './flow/origin.ts';

// First: the browser opens the database's files while the code below runs and the form renders. A new visitor (no
// database) has no list to wait for, so what loads after it (the panels, the CA connection's code) starts at once.
nothingStoredWhen(warmDatabase());
startLocale(); // before the first render (a microtask away), so a non-English visitor never sees English first

// A copy that probably shares its origin with other pages says what that means; the note's code loads only then.
if (originSharing(location) !== 'own') {
  import('./ui/origin-note.ts').then((note) => note.mountOriginNote()).catch(() => {}); // offline and not cached: no note
}
