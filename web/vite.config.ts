/**
 * The three web apps, one Vite build: the storefront at `/`, the admin console at `/admin/`, the scanner at `/scan/`.
 * Built into web/dist, which the Worker serves as static assets (wrangler.toml [assets]); paths that are not files
 * fall back to their app's index.html in the Worker (src/platform/web-shell.ts). The build manifest feeds
 * `npm run check:budgets`.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  plugins: [react()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        store: here('index.html'),
        admin: here('admin/index.html'),
        scan: here('scan/index.html'),
      },
    },
  },
});
