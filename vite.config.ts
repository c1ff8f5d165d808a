/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * `--mode e2e` (npm run test:e2e, the bench) builds into dist-e2e and adds harness.html, the browser
 * tests' page (the real trainer client, no UI); `npm run build` ships only the app in dist.
 */
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders, port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    rolldownOptions: {
      input: mode === 'e2e' ? { main: 'index.html', harness: 'harness.html' } : 'index.html',
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
}));
