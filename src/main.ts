// Composition root: the page's colours and the app element. pkijs (CSR, certificates) loads later, on demand.
import { warmDatabase } from './store/warm.ts';
import './ui/theme.css';
import { startLocale } from './ui/locale.ts';
import './ui/app.ts';
import { originSharing } from './flow/origin.ts';

warmDatabase(); // first: the browser opens the database's files while the code below runs and the form renders
startLocale(); // before the first render (a microtask away), so a non-English visitor never sees English first

// A copy that probably shares its origin with other pages says what that means; the note's code loads only then.
if (originSharing(location) !== 'own') {
  import('./ui/origin-note.ts').then((note) => note.mountOriginNote()).catch(() => {}); // offline and not cached: no note
}
