/**
 * Views that explain themselves and faithful pictures, in a real browser: info buttons, the status
 * line in plain words, the chart's live tooltip, the mosaic's scale switch and enlarged tiles, the
 * favicon.
 */
import { expect, test } from '@playwright/test';
import {
  FAST,
  canvasPixels,
  screenshot,
  settledCanvasPixels,
  waitForIteration,
} from './app-helpers';

test('info buttons, plain status, live tooltip, scale switch and an enlarged tile', async ({
  page,
}) => {
  const missing: string[] = [];
  page.on('response', (r) => r.status() === 404 && missing.push(r.url()));
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const favicon = await page.request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveCount(1);

  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 20);
  await expect(page.getByRole('status')).toContainText(
    /Training on this computer’s .* ms per pass/,
  );

  // The chart answers a pointer while the run trains.
  const chart = page.locator('.chart-box');
  await chart.hover({ position: { x: 200, y: 120 } });
  await chart.hover({ position: { x: 220, y: 140 } });
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText(/Iteration \d+/);
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText('J (total)');
  await expect(chart.locator('text').filter({ hasText: /^Iteration$/ })).toBeVisible();
  await expect(chart.locator('text').filter({ hasText: /^Cost \(log scale\)$/ })).toBeVisible();

  // Every view has an info button that opens a short explanation.
  for (const name of [
    'About the filters',
    'About the cost chart',
    'About the mean activations ρ̂',
    'About the reconstructions',
    'About the cost J',
  ]) {
    await expect(page.getByRole('button', { name })).toHaveAttribute('aria-expanded', 'false');
  }
  await page.getByRole('button', { name: 'About the filters' }).click();
  await expect(page.getByRole('region', { name: 'About the filters' })).toBeVisible();
  await screenshot(page, 'explain-info-filters');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'About the filters' })).toBeHidden();

  // The scale switch redraws the mosaic.
  // (The run is paused first, unless it converged already and is done.)
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.isVisible()) await pause.click();
  await expect(page.locator('.status-badge')).not.toHaveText('Training');
  const each = await settledCanvasPixels(page, 'Filter mosaic');
  await page.getByRole('radio', { name: 'one scale for all' }).check();
  await expect.poll(() => canvasPixels(page, 'Filter mosaic')).not.toEqual(each);

  // A keyboard user enlarges a tile: focus the mosaic, move with the arrow keys.
  await page.getByRole('group', { name: /Filter tiles/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.tile-zoom')).toContainText('Unit 1 (of 0–24)');
  await screenshot(page, 'explain-scale-shared-zoom');
  // … and so does a pointer.
  const mosaic = page.getByRole('img', { name: 'Filter mosaic' });
  const box = (await mosaic.boundingBox())!;
  await page.mouse.move(box.x + box.width - 4, box.y + box.height - 4);
  await expect(page.locator('.tile-zoom')).toContainText('Unit 24 (of 0–24)');
  await screenshot(page, 'explain-pointer-zoom');
  await page.locator('.status-details summary').click();
  await expect(page.locator('.status-details')).toContainText('WASM SIMD kernel');
  expect(missing).toEqual([]);
});
