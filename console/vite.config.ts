import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The console is built into dist/public by `npm run build`, and the scheduler serves it at /.
// Preact through esbuild's JSX transform: no plugin, no runtime beyond preact itself.
export default defineConfig({
  root: resolve(import.meta.dirname),
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: { alias: { '@job-scheduler/client': resolve(import.meta.dirname, '../client/src/index.ts') } },
  build: { outDir: resolve(import.meta.dirname, '../dist/public'), emptyOutDir: true, sourcemap: false, target: 'es2022' },
  logLevel: 'warn',
});
