// Composition root: styles, the pkijs engine for lazy chunks, and the app element.
import './ui/theme.css';
import './ui/app.ts';
