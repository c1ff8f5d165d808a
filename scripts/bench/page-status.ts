/** What the app's status line says about where it trains, read by the bench's page runs. */
import type { Page } from '@playwright/test';

/** The kernel threads the page trains on now: "Engine: WASM SIMD kernel, 2 threads." (1 if none said). */
export async function kernelThreadsShown(page: Page): Promise<number> {
  const engine =
    (await page
      .locator('.status-details')
      .textContent()
      .catch(() => '')) ?? '';
  return Number(/Engine: [^.]*?, (\d+) threads?\./.exec(engine)?.[1] ?? 1);
}
