import { defineConfig } from 'vite';

// The console is served by alert-api under /console (apps/alert-api/src/console);
// JSX is compiled by Vite's own transformer (oxc), so no React plugin is needed.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 600,
  },
});
