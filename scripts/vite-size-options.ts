// Build options that keep the bundle within the budgets checked by scripts/size.mjs. Merged into vite.config.ts.
import type { Plugin, UserConfig } from 'vite';

/**
 * pkijs ships one prebuilt file in which every class sets its name in a static block
 * (`static { this.CLASS_NAME = "Certificate"; }`). Rolldown cannot prove such a block free of side effects, so it
 * keeps all ~130 classes (CMS, OCSP, TSP, PKCS#12…) although certpage uses a dozen. The same assignment written as a
 * static field (`static CLASS_NAME = "Certificate";`, as in pkijs' TypeScript source) means the same thing and is
 * known to be pure, so the unused classes can go: the pkijs chunk shrinks from ~84 kB to ~50 kB gzipped.
 */
export function pkijsStaticFields(): Plugin {
  // A static block that only assigns a string, an identifier or `{}` to a property of the class.
  const block = /static \{(\s*)this\.([A-Za-z_$][\w$]*) = ("[^"\n]*"|[A-Za-z_$][\w$]*|\{\});(\s*)\}/g;
  return {
    name: 'certpage:pkijs-static-fields',
    apply: 'build',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]pkijs[\\/]build[\\/]index\.js$/ },
      handler(code) {
        // The line breaks are kept, so the source map stays right line by line.
        const out = code.replace(block, (_m, before: string, name: string, value: string, after: string) =>
          `static ${name} = ${value};${(before + after).replace(/[^\n]/g, '')}`);
        return out === code ? null : { code: out, map: null };
      },
    },
  };
}

export const sizeOptions: UserConfig = {
  plugins: [pkijsStaticFields()],
  // The page's own lazy code in one chunk rather than a dozen small ones: gzip then shares one dictionary.
  build: {
    // Every browser the page supports (ES2022) knows <link rel="modulepreload">: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        advancedChunks: {
          // Only the listed modules: their dependencies (lit, the store) stay where the first load needs them.
          includeDependenciesRecursively: false,
          groups: [
            // What the first load and the lazy parts share (lit, @lit/localize, the styles, the stored lists): one
            // chunk the first load asks for anyway, rather than a handful of small shared ones. The locale codes sit
            // here with locale.ts: left in the index chunk, base and index import each other and the codes are still
            // undefined when base configures the languages ("Invalid locale code"). The app itself (main.ts, the shell
            // and the setup form, imported by boot.ts after the first paint) joins them: one request and one gzip
            // dictionary. lit's directives (repeat, for the challenge cards) stay with the code that uses them.
            { name: 'base', test: /node_modules[\\/](lit|lit-html|lit-element|@lit[\\/](reactive-element|localize))[\\/](?!directives[\\/]|directive-helpers)|src[\\/](flow[\\/](library|repo|changes|outcome|attempt)|ui[\\/](problem|styles|locale|language|controllers|events|lazy|dates)|dns[\\/]default-resolvers|locales[\\/]codes)\.|src[\\/](main|words[\\/]words|crypto[\\/]key-types|store[\\/](version|warm|persist)|flow[\\/](ca[\\/](presets|from-link|early)|issuance[\\/](current|flow)|checks[\\/]settings|setup[\\/]draft|origin)|ui[\\/](load-order|prerender|key-labels|key-custody|steps|setup|app))\.ts$/ },
            // Vite's helper that preloads a lazy chunk's imports, on its own: left in the entry (boot.ts), every lazy
            // chunk would import the entry and, with it, ask for the entry's stylesheet, which is inline in the page.
            { name: 'preload-helper', test: /vite[\\/]preload-helper/ },
            // The stored lists and settings below the form: right after the first paint.
            { name: 'panels', test: /src[\\/](ui[\\/](certificates|accounts|resolvers|dns-consent|due)|flow[\\/](accounts[\\/]manage|lifecycle[\\/](window|custody)))\./ },
            // Everything that works with the CA, checks DNS or makes files: on first use. lit's directives (repeat, for
            // the challenge cards) and the CSR preloader join it: left in the small chunks that face work's lazily
            // imported modules, those chunks and work imported each other (e2e/chunks.test.ts).
            { name: 'work', test: /node_modules[\\/]lit-html[\\/](directives[\\/]|directive-helpers)|src[\\/](acme[\\/]|crypto[\\/]preload\.|dns[\\/](?!default-resolvers)|store[\\/]restore\.|crypto[\\/]backup\.|flow[\\/](issuance[\\/](driver|effects|place-order|cards|certificate-check|machine|tabs|stored|batch)|checks[\\/](live|fetch-file|caa|auto-submit(-setting)?)|outputs[\\/][\w-]+|lifecycle[\\/](renew|revoke|ari|reminder)|ca[\\/](describe|connect)|setup[\\/]own-csr|backup[\\/][\w-]+|accounts[\\/]session|problems)\.|ui[\\/](challenges|card-checks|result|copy-field|revoke|csr-tool|backup|batch|csr-input|issuance-view)\.)/ },
            // What the page loads right after its first paint: the store (idb, the upgrades, the catalogue), the banners
            // for rare states, the names parser. One request and one gzip dictionary instead of eight small files.
            { name: 'later', test: /(node_modules[\\/]idb[\\/]|src[\\/](store[\\/](?!persist|restore|warm|version)|ui[\\/](storage-banner|connection|quiet)\.|flow[\\/]setup[\\/]names\.|crypto[\\/](identifiers|errors)\.))/ },
          ],
        },
      },
    },
  },
};
