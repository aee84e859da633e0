// `npm run demo`: try certpage with no domain. Installs the Debian packages it needs when missing (pebble, dnss),
// makes the throw-away TLS CA (.cache/tls), then runs scripts/demo.ts in this same process (tsx registered here),
// so Ctrl-C or a SIGTERM to this process reaches the code that stops everything it started.
import { register } from 'tsx/esm/api';
import { ensurePackages, ensureTls } from './lib/setup.mjs';

ensurePackages({ pebble: 'pebble', 'pebble-challtestsrv': 'pebble', dnss: 'dnss', openssl: 'openssl' });
ensureTls();
register();
await import('./demo.ts');
