import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, mergeConfig, type Plugin, type UserConfig } from 'vite';
import { sizeOptions } from './scripts/vite-size-options.ts';
import { serviceWorker } from './scripts/vite-sw.ts';

// Two builds share this file:
//   `vite build`               → dist/ for static hosts (GitHub Pages): index.html + assets/, pkijs a lazy chunk.
//   `vite build --mode single` → adds dist/certpage.html: the same page as one self-contained file that works
//                                opened from disk (file://). Everything is inlined, lazy chunks too; dist/ is kept.
// Relative base so the built page works from any sub-path (GitHub Pages) and from file://.
// Both builds take the bundle-size options of scripts/vite-size-options.ts. Only the hosted build writes the service
// worker (dist/sw.js, scripts/vite-sw.ts); __CERTPAGE_SW__ tells the page whether to register it.

const root = import.meta.dirname;
const SINGLE_FILE = 'certpage.html';

export default defineConfig(({ command, mode }): UserConfig => {
  const hosted = mergeConfig<UserConfig, UserConfig>({
    base: './',
    build: { target: 'es2022', sourcemap: true },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    plugins: [devCsp(), inlineScriptCsp(), inlineStylesheet(), ...(mode === 'single' ? [] : [serviceWorker()])],
    define: {
      __CERTPAGE_SW__: JSON.stringify(command === 'build' && mode !== 'single'), // no sw.js in dev either
      __CERTPAGE_README__: JSON.stringify(readmeUrl()),
    },
  }, sizeOptions);
  if (mode !== 'single') return hosted;
  const single = mergeConfig<UserConfig, UserConfig>(hosted, {
    plugins: [singleFile()],
    build: {
      outDir: 'dist',
      emptyOutDir: false, // the normal build's files stay; this one only adds certpage.html (+ .sha256)
      copyPublicDir: false, // the favicon is inlined as a data: URL
      sourcemap: false,
      cssCodeSplit: false,
      modulePreload: false,
      assetsInlineLimit: Number.MAX_SAFE_INTEGER, // any url()/import of an asset becomes a data: URL
      chunkSizeWarningLimit: 4096, // one file holding pkijs is meant to be large
    },
  });
  // Dynamic import() inlined, whatever chunking the size options ask for: nothing may be fetched from disk.
  const build = (single.build ??= {});
  build.rolldownOptions ??= {};
  for (const options of [build.rolldownOptions, build.rollupOptions]) {
    if (!options) continue;
    const output = options.output ??= {};
    if (Array.isArray(output)) throw new Error('single-file: build output must be one object');
    output.codeSplitting = false;
    delete output.advancedChunks;
    delete output.manualChunks;
  }
  return single;
});

/**
 * The project's README on GitHub, from package.json's `repository` (`github:owner/repo`, `owner/repo` or a
 * github.com URL), for links from the page; '' when it names none. Read from the committed file, so every build of a
 * commit makes the same page.
 */
function readmeUrl(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '';
  const m = /^(?:github:|(?:git\+)?https:\/\/github\.com\/)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repo);
  return m ? `https://github.com/${m[1]}/${m[2]}` : '';
}

/**
 * `vite` (dev server) injects CSS as <style> elements, which style-src 'self' refuses: relax style-src in dev only.
 * The built pages keep the policy exactly as index.html states it.
 */
function devCsp(): Plugin {
  return {
    name: 'certpage:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => rewriteCsp(html, (d) => d.set('style-src', [...(d.get('style-src') ?? []), "'unsafe-inline'"])),
  };
}

/** index.html's one inline script (it runs before the first paint; see there) is allowed by its SHA-256. */
function inlineScriptCsp(): Plugin {
  return {
    name: 'certpage:inline-script-csp',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => rewriteCsp(html, (d) => d.set('script-src', [...(d.get('script-src') ?? []), ...inlineCode(html, 'script').map(sha256Source)])),
    },
  };
}

/** The text of each `<script>` or `<style>` without attributes (inline code, as the CSP hashes it). */
function inlineCode(html: string, tag: 'script' | 'style'): string[] {
  return [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}

/**
 * The page's stylesheet (the colours and the prerendered form's look) goes into index.html as a <style>, allowed by
 * its SHA-256: the first paint then waits for one file instead of two, a whole round trip sooner on a new visit.
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'certpage:inline-stylesheet',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page?.type !== 'asset') this.error('inline stylesheet: the build made no index.html');
        const html = String(page.source).replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, (tag) => {
          const href = /\bhref="\.\/([^"]+)"/.exec(tag)?.[1] ?? '';
          const file = bundle[href];
          if (file?.type !== 'asset') this.error(`inline stylesheet: cannot inline ${tag}`);
          const name = href.slice(href.lastIndexOf('/') + 1);
          if (!Object.values(bundle).some((f) => f.type === 'chunk' && f.code.includes(name))) delete bundle[href]; // one copy: in the page
          return `<style>${inlineText(String(file.source), 'style', href)}</style>`;
        });
        page.source = rewriteCsp(html, (d) => d.set('style-src', [...(d.get('style-src') ?? []), ...inlineCode(html, 'style').map(sha256Source)]));
      },
    },
  };
}

/**
 * Turns the build's index.html into one file: each `<script src>` and stylesheet `<link>` becomes inline code, the
 * favicon a data: URL, and the Content-Security-Policy lists the SHA-256 of each inline script and style (no
 * 'unsafe-inline'). Then it writes certpage.html.sha256 (`sha256sum` format) and prints the digest.
 */
function singleFile(): Plugin {
  let outDir = '';
  let digest = '';
  return {
    name: 'certpage:single-file',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // Last of all: Vite's own generateBundle hooks still rewrite the chunks (e.g. the __VITE_PRELOAD__ markers).
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page?.type !== 'asset') this.error('single-file: the build made no index.html');
        const inlined = new Set<string>(['index.html']);
        const take = (href: string, kind: 'chunk' | 'asset'): string => {
          const file = bundle[href];
          if (!file || file.type !== kind) this.error(`single-file: index.html refers to ${href}, which the build did not make`);
          inlined.add(href);
          return file.type === 'chunk' ? file.code : String(file.source);
        };
        const scripts = inlineCode(String(page.source), 'script');
        const styles = inlineCode(String(page.source), 'style');

        let html = String(page.source)
          .replace(/\n\s*<!--[\s\S]*?-->/g, '') // index.html's comments describe the other build
          .replace(/<script\b([^>]*)\bsrc="\.\/([^"]+)"([^>]*)><\/script>/g, (tag, before: string, href: string, after: string) => {
            if (!/\btype="module"/.test(before + after)) this.error(`single-file: not a module script: ${tag}`);
            const code = inlineText(take(href, 'chunk'), 'script', href);
            scripts.push(code);
            return `<script type="module">${code}</script>`;
          })
          .replace(/<link\b[^>]*\brel="stylesheet"[^>]*>/g, (tag) => {
            const href = /\bhref="\.\/([^"]+)"/.exec(tag)?.[1];
            if (!href) this.error(`single-file: cannot inline ${tag}`);
            const css = inlineText(take(href, 'asset'), 'style', href);
            styles.push(css);
            return `<style>${css}</style>`;
          })
          .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>\s*/g, '')
          .replace(/<link\b[^>]*\brel="manifest"[^>]*>\s*/g, '') // no manifest or service worker on file://
          .replace(/(<link\b[^>]*\brel="icon"[^>]*\bhref=")\.\/favicon\.svg"/, (_m, start: string) =>
            `${start}data:image/svg+xml,${encodeURIComponent(readFileSync(join(root, 'public/favicon.svg'), 'utf8').trim())}"`);

        const left = [...html.matchAll(/\b(?:src|href)="(\.\/[^"]*)"/g)].map((m) => m[1]);
        if (left.length) this.error(`single-file: still refers to files beside it: ${left.join(', ')}`);
        const loose = Object.keys(bundle).filter((f) => !inlined.has(f));
        if (loose.length) this.error(`single-file: not inlined (the page would need them beside it): ${loose.join(', ')}`);
        if (!scripts.length) this.error('single-file: no script was inlined');

        html = rewriteCsp(html, (d) => {
          // Nothing is loaded from beside the file, so nothing is allowed from 'self' (on file:// that would be
          // any local file): only the inline code with these digests, and data: for the favicon.
          d.set('default-src', ["'none'"]);
          d.set('script-src', scripts.map(sha256Source));
          d.set('style-src', styles.length ? styles.map(sha256Source) : ["'none'"]);
          d.set('connect-src', (d.get('connect-src') ?? []).filter((s) => s !== "'self'"));
          d.set('img-src', ['data:']);
          d.delete('manifest-src');
          d.set('worker-src', ["'none'"]);
        });
        for (const f of inlined) delete bundle[f];
        this.emitFile({ type: 'asset', fileName: SINGLE_FILE, source: html });
      },
    },
    writeBundle() {
      const body = readFileSync(join(outDir, SINGLE_FILE));
      digest = createHash('sha256').update(body).digest('hex');
      writeFileSync(join(outDir, `${SINGLE_FILE}.sha256`), `${digest}  ${SINGLE_FILE}\n`); // `sha256sum -c` reads this
    },
    closeBundle() {
      if (!digest) return;
      console.log(`\n${SINGLE_FILE}: ${Math.round(readFileSync(join(outDir, SINGLE_FILE)).length / 1024)} kB, one self-contained file`);
      console.log(`SHA-256 (${SINGLE_FILE}) = ${digest}`);
      console.log(`written to ${join(outDir, `${SINGLE_FILE}.sha256`)}; check a copy with: sha256sum -c ${SINGLE_FILE}.sha256`);
    },
  };
}

/**
 * Code placed between <script>…</script> or <style>…</style> must not contain the closing tag, and in a script
 * `<!--` would change how the HTML parser reads what follows. `\x3C` means `<` wherever these can occur in
 * minified JS (strings, template literals, regular expressions); CSS never needs them, so it is refused.
 */
function inlineText(text: string, tag: 'script' | 'style', name: string): string {
  if (text.includes('\r')) throw new Error(`single-file: ${name} contains a carriage return, which HTML parsing would change (breaking its CSP hash)`);
  if (tag === 'style') {
    if (/<\/style/i.test(text)) throw new Error(`single-file: ${name} contains </style`);
    return text;
  }
  return text.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Rewrites the directives of the page's `<meta http-equiv="Content-Security-Policy">`. */
function rewriteCsp(html: string, edit: (directives: Map<string, string[]>) => void): string {
  const meta = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i;
  const found = meta.exec(html);
  if (!found) throw new Error('index.html has no Content-Security-Policy <meta>');
  const directives = new Map<string, string[]>();
  for (const part of (found[2] ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  edit(directives);
  const content = [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
  return html.replace(meta, (_m, start: string, _old: string, end: string) => `${start}${content}${end}`);
}
