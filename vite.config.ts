import { defineConfig } from 'vite';

// Relative base so the built page works from any sub-path (GitHub Pages) and from file://.
export default defineConfig({
  base: './',
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
