import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/chromium';

/** The preview server's port: E2E_PORT, else 4173 (set it when another server holds 4173). */
const port = Number(process.env.E2E_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: origin,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    // The e2e build (`vite build --mode e2e`, in dist-e2e): the app and the tests' harness.html.
    command: `npx vite preview --mode e2e --host 127.0.0.1 --port ${port} --strictPort`,
    url: origin,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
