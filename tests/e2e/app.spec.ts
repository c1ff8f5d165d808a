/**
 * The page in a real browser: it opens ready, trains and shows it, obeys the controls, and
 * answers ρ while training. Uploads, export/import and links are in app-data.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  FAST,
  LONG,
  canvasLevels,
  readStatus,
  scratchDirectory,
  recordExternalRequests,
  screenshot,
  termValue,
  waitForIteration,
} from './app-helpers';

test('opens with the built-in natural images loading at once, and asks nothing of other hosts', async ({
  page,
}) => {
  const external = recordExternalRequests(page);
  const started = Date.now();
  await page.goto('/');
  await expect(page).toHaveTitle(/Sparse Autoencoder Lab/);
  await expect(page.getByRole('heading', { name: 'Sparse Autoencoder Lab' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('natural');
  await expect(page.getByLabel('Upload data')).toBeAttached();
  for (const name of ['Train', 'Pause', 'Step', 'Reset']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  for (const name of ['ρ (sparsity target)', 'β (sparsity weight)', 'λ (weight decay)']) {
    await expect(page.getByRole('slider', { name })).toBeVisible();
  }
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  await expect(page.getByRole('img', { name: 'Filter mosaic' })).toBeVisible();
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('data-summary')).toContainText('8×8');
  console.log(`natural images ready ${Date.now() - started} ms after navigation`);
  expect(await canvasLevels(page, 'Sample patches')).toBeGreaterThan(20);
  await screenshot(page, 'open');
  expect(external).toEqual([]);
});

test('trains the natural images: the iteration advances, the cost falls, the mosaic fills', async ({
  page,
}) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const blankLevels = await canvasLevels(page, 'Filter mosaic');
  await page.getByRole('button', { name: 'Train' }).click();
  const early = await waitForIteration(page, 1);
  const later = await waitForIteration(page, early.iteration + 8);
  expect(later.cost).toBeLessThan(early.cost);
  await expect(page.getByRole('status')).toContainText('kernel');
  await expect.poll(() => canvasLevels(page, 'Filter mosaic')).toBeGreaterThan(50);
  expect(blankLevels).toBeLessThan(5);
  expect(await canvasLevels(page, 'Inputs and their reconstructions')).toBeGreaterThan(20);
  // The live curves are drawn on a canvas over the chart's plot area.
  const inked = () =>
    page.locator('canvas.live-curves').evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      if (canvas.width === 0) return 0;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count;
    });
  await expect.poll(inked).toBeGreaterThan(200);
  await screenshot(page, 'training-natural');
  // Once paused, the chart's tooltip reads the curves at the pointer.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const plot = (await page.locator('canvas.live-curves').boundingBox())!;
  await page.mouse.move(plot.x + plot.width * 0.05, plot.y + plot.height / 2);
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText(/Iteration \d+/);
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText('J (total)');
});

test('moving ρ while training moves the sparsity term', async ({ page }) => {
  await page.goto(`/?${LONG}`);
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  // By now the sparsity term has pulled every ρ̂ towards ρ = 0.01, so it is small.
  await waitForIteration(page, 15);
  await expect.poll(() => termValue(page, 'sparsity')).toBeLessThan(5);
  const before = await termValue(page, 'sparsity');
  const changedAfter = (await readStatus(page)).iteration;
  const rhoField = page.getByRole('textbox', { name: 'ρ (sparsity target) value' });
  await rhoField.fill('0.5');
  await rhoField.press('Enter');
  await expect(page.getByRole('slider', { name: 'ρ (sparsity target)' })).toHaveAttribute(
    'aria-valuetext',
    '0.5',
  );
  // The chart marks the iteration where the change took effect.
  await expect(page.locator('.recharts-reference-line')).not.toHaveCount(0);
  await waitForIteration(page, changedAfter + 5);
  // KL(0.5 ‖ ρ̂) for ρ̂ near 0.01 is far larger than KL(0.01 ‖ ρ̂). The optimizer soon moves every
  // ρ̂ to 0.5 and the term falls again (within a second here), so the whole history is read: the
  // cost CSV, every iteration since the change.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Cost .csv' }).click(),
  ]);
  const csvPath = join(scratchDirectory('rho'), download.suggestedFilename());
  await download.saveAs(csvPath);
  const [header, ...rows] = readFileSync(csvPath, 'utf8').trim().split('\n');
  const column = header.split(',').indexOf('sparsity');
  const after = rows
    .map((row) => row.split(',').map(Number))
    .filter((values) => values[0] > changedAfter)
    .map((values) => values[column]);
  expect(after.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...after)).toBeGreaterThan(3 * before);
  // The slider itself, by keyboard: one step right raises ρ.
  const slider = page.getByRole('slider', { name: 'ρ (sparsity target)' });
  await slider.focus();
  await slider.press('ArrowLeft');
  const lowered = Number(await rhoField.inputValue());
  expect(lowered).toBeLessThan(0.5);
  expect(page.url()).toContain(`rho=${lowered}`);
  await screenshot(page, 'rho-changed');
});

test('pause, step exactly one iteration, resume, reset', async ({ page }) => {
  await page.goto(`/?${LONG}`);
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.waitForTimeout(600);
  const paused = await readStatus(page);
  await page.waitForTimeout(1000);
  expect((await readStatus(page)).iteration).toBe(paused.iteration);

  await page.getByRole('button', { name: 'Step' }).click();
  await waitForIteration(page, paused.iteration + 1);
  await page.waitForTimeout(1500);
  expect((await readStatus(page)).iteration).toBe(paused.iteration + 1);
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();

  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForIteration(page, paused.iteration + 3);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.waitForTimeout(800);
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  // The run before the reset is kept for comparison.
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  await screenshot(page, 'after-reset');
});
