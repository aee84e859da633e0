// The page's entry. index.html holds a copy of the setup form (src/ui/prerender.ts) and its styles, painted as soon as
// the HTML is in. This script holds a Create order pressed in it, lets that first paint happen, and then loads
// the app (main.ts), which takes the form over. It stays this small: it is the only code before the first paint.
import './ui/theme.css';
import './ui/prerender.css';

const copy = document.getElementById('prerender');
const form = copy?.querySelector('form');
// Held here, not sent anywhere; <cp-setup> acts on it once it runs (prerender.ts).
form?.addEventListener('submit', (e) => {
  e.preventDefault();
  form.dataset.submitted = '';
  const status = form.querySelector('.actions [role="status"]');
  if (status) status.textContent = 'Starting…'; // i18n-exempt: only English readers see the copy
});

// A frame, then a task: the app's first render is one long task, and it would otherwise run before the first paint.
requestAnimationFrame(() => setTimeout(() => {
  import('./main.ts').catch(() => {
    // i18n-exempt: the catalogue is part of the code that did not load
    const note = Object.assign(document.createElement('p'), { className: 'pre-failed', textContent: 'certpage could not load its code (offline before it was saved here, or files missing). Reload to try again.' });
    note.setAttribute('role', 'alert');
    copy?.prepend(note);
    for (const button of copy?.querySelectorAll('button') ?? []) button.disabled = true;
  });
}));
