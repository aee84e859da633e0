// Composition root: the page's colours and the app element. pkijs (CSR, certificates) loads later, on demand.
import './ui/theme.css';
import './ui/app.ts';
