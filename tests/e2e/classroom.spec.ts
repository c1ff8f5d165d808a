/** Classroom mode at a projector's sizes, light and dark: no scrolling, large text, wide curves. */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FAST, SCREENSHOTS, waitForIteration } from './app-helpers';
import { curveWidth, overflow, textsSmallerThan } from './classroom-checks';

/** The sizes the screenshots are taken at. */
const SIZES = [
  [1024, 768],
  [1440, 900],
  [1920, 1080],
] as const;
/** Further screens classroom mode must fill: 5:4, 4K, and a laptop's 16:10. */
const MORE_SIZES = [
  [1280, 1024],
  [3840, 2160],
  [1280, 800],
] as const;

async function shoot(page: Page, name: string, fullPage: boolean) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** Waits until the layout has settled at the new size (the mosaic and chart follow by observers). */
async function settled(page: Page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

test('lab and classroom views at 1024×768, 1440×900 and 1920×1080, light and dark', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 40);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Paused');

  await check(page, SIZES, true);
});

test('classroom mode fills 5:4, 16:10 and 4K screens too', async ({ page }) => {
  await page.goto(`/?${FAST}&classroom=1`);
  await expect(page.getByTestId('data-summary')).toHaveCount(0);
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 40);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Paused');
  await check(page, MORE_SIZES, false);
});

/**
 * At each size, light and dark: the lab view (screenshot only) and classroom mode, which must not
 * scroll or clip, with text at least 2.2% of the height and curves at least 3 px wide.
 */
async function check(page: Page, sizes: readonly (readonly [number, number])[], lab: boolean) {
  for (const scheme of ['light', 'dark'] as const) {
    // The theme follows the system's preference until the user picks one.
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height });
      if (lab) {
        if (await page.locator('.app.classroom').count())
          await page.getByRole('button', { name: 'Exit classroom mode' }).click();
        await settled(page);
        await shoot(page, `lab-${width}x${height}-${scheme}`, true);
        await page.getByRole('button', { name: 'Classroom mode' }).click();
      }
      await expect(page.locator('.classroom-layout')).toBeVisible();
      await settled(page);
      await shoot(page, `classroom-${width}x${height}-${scheme}`, false);
      const size = `${width}×${height} ${scheme}`;
      expect.soft(await overflow(page), size).toEqual({ down: 0, across: 0, clipped: [] });
      expect.soft(await textsSmallerThan(page, 0.022), size).toEqual([]);
      expect.soft(await curveWidth(page), size).toBeGreaterThanOrEqual(3);
    }
  }
}
