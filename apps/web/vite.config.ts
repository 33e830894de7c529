import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://127.0.0.1:8000';

/**
 * The shell is served by the Tessera server from `dist/`: `/` and `/assets/*` only, under a CSP of
 * `script-src 'self'`. So every asset lands under `/assets/` as a file (nothing inlined as a data
 * URI or an inline script), whatever directory the build is started from.
 */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: Object.fromEntries(['/api', '/v1', '/healthz', '/readyz', '/docs', '/openapi.json'].map((p) => [p, { target: api, changeOrigin: false }])),
  },
  preview: { host: '127.0.0.1', port: 4173 },
});
