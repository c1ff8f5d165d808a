/**
 * Nothing lost on a reload: a finished MNIST run and a run mid-training come back (the runs panel,
 * the weights, the mosaic, the curves), paused, and go on from their weights; runs can be deleted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  canvasLevels,
  idxImages,
  readStatus,
  scratchDirectory,
  screenshot,
  settledCanvasPixels,
  waitForIteration,
  writeFile,
} from './app-helpers';

/** A short MNIST-shaped run: 300 digits, 36 hidden units, done after 12 iterations. */
const SHORT_MNIST = 'dataset=mnist&backend=kernel&examples=300&hidden=36&iterations=12';

const badge = (page: Page) => page.locator('.status-badge');

/**
 * What the page has stored so far (its IndexedDB database, read as it is): the number of kept runs
 * and the iteration of the current run's checkpoint. Writes are coalesced, so a test that reloads
 * at once waits for them here (the page must have opened its database first).
 */
function stored(page: Page): Promise<{ runs: number; iteration: number | null }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('sparse-autoencoder-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['runs', 'current'], 'readonly');
          const runs = tx.objectStore('runs').count();
          const current = tx.objectStore('current').get('current');
          tx.oncomplete = () => {
            db.close();
            resolve({ runs: runs.result, iteration: current.result?.weights.iteration ?? null });
          };
        };
      }),
  );
}

test('a finished MNIST run is back after a reload, with its weights and mosaic, and goes on', async ({
  page,
}) => {
  await page.goto(`/?${SHORT_MNIST}`);
  await expect(page.getByTestId('data-summary')).toContainText('300 examples', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(badge(page)).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  const { iteration } = await readStatus(page);
  expect(iteration).toBeGreaterThan(0);
  const mosaic = await settledCanvasPixels(page, 'Filter mosaic');
  const thumbnail = await settledCanvasPixels(page, 'Final filters of run 1');
  await expect.poll(() => stored(page)).toEqual({ runs: 1, iteration });

  await page.reload();
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  await expect(badge(page)).toHaveText('Paused');
  await expect(page.getByRole('status')).toContainText(`Iteration ${iteration} `);
  await expect(
    page.getByText(`Restored after a reload: run paused at iteration ${iteration}`),
  ).toBeVisible();
  expect((await settledCanvasPixels(page, 'Final filters of run 1')).join()).toBe(thumbnail.join());
  expect((await settledCanvasPixels(page, 'Filter mosaic')).join()).toBe(mosaic.join());
  await expect(page.getByTestId('data-summary')).toContainText('MNIST', { timeout: 60_000 });
  await screenshot(page, 'restored-after-reload');

  // Its weights: exported as they were at the end of the run.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Weights .json' }).click(),
  ]);
  const path = join(scratchDirectory('persist'), download.suggestedFilename());
  await download.saveAs(path);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  expect([json.visibleSize, json.hiddenSize, json.iteration]).toEqual([784, 36, iteration]);

  // Going on: a higher iteration limit, then Resume counts on from the restored iteration.
  const limit = page.getByRole('textbox', { name: 'Iterations' });
  await limit.fill(String(iteration + 10));
  await limit.press('Enter');
  await expect(badge(page)).toHaveText('Paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(badge(page)).toHaveText('Done', { timeout: 120_000 });
  const after = await readStatus(page);
  expect(after.iteration).toBeGreaterThan(iteration);
  expect(after.cost).toBeLessThan(json.cost);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // The continued run is kept as run 2; delete run 1 from the keyboard, then all of them.
  await expect(page.getByText('Run 2', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Delete run 1' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Run 1', { exact: true })).toHaveCount(0);
  await expect.poll(async () => (await stored(page)).runs).toBe(1);
  await page.reload();
  await expect(page.getByText('Run 2', { exact: true })).toBeVisible();
  await expect(page.getByText('Run 1', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete all runs' }).click();
  await expect(page.getByText('Run 2', { exact: true })).toHaveCount(0);
  await expect.poll(async () => (await stored(page)).runs).toBe(0);
  await page.reload();
  await expect(badge(page)).toHaveText('Paused');
  await expect(page.getByText(/^Run \d+$/)).toHaveCount(0);
});

test('a run mid-training asks before leaving, and is back paused after a reload', async ({
  page,
}) => {
  await page.goto('/?dataset=mnist&backend=kernel&examples=1000&hidden=36&iterations=100000');
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples', {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 5);
  await expect.poll(async () => (await stored(page)).iteration).toBeGreaterThan(0);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(dialogs).toEqual(['beforeunload']);

  await expect(badge(page)).toHaveText('Paused');
  const note = page.getByText(/Restored after a reload: run paused at iteration \d+/);
  await expect(note).toBeVisible();
  const restored = Number(/iteration (\d+)/.exec((await note.textContent()) ?? '')?.[1]);
  expect(restored).toBeGreaterThan(0);
  await expect(page.getByRole('status')).toContainText(`Iteration ${restored} `);
  expect(await canvasLevels(page, 'Filter mosaic')).toBeGreaterThan(50);
  await screenshot(page, 'restored-mid-training');

  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(badge(page)).toHaveText('Training');
  await waitForIteration(page, restored + 3);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Pause' }).click();
});

test('an uploaded file is stored with the run and loaded again after a reload', async ({
  page,
}) => {
  const file = writeFile(
    join(scratchDirectory('persist'), 'strokes-idx3-ubyte'),
    idxImages(200, 28),
  );
  await page.goto('/?backend=kernel&examples=200&iterations=100000');
  await expect(page.getByTestId('data-summary')).toContainText('200 examples', {
    timeout: 60_000,
  });
  await page.getByLabel('Upload data').setInputFiles(file);
  await expect(page.getByTestId('data-summary')).toContainText('strokes-idx3-ubyte');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(badge(page)).toHaveText('Paused');
  const { iteration } = await readStatus(page);
  await expect.poll(async () => (await stored(page)).iteration).toBe(iteration);

  await page.reload();
  await expect(page.getByText(`run paused at iteration ${iteration}`)).toBeVisible();
  await expect(page.getByTestId('data-summary')).toContainText('strokes-idx3-ubyte', {
    timeout: 60_000,
  });
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('files');
  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForIteration(page, iteration + 2);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('without storage the page says so once and trains on', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined });
  });
  await page.goto('/?dataset=mnist&backend=kernel&examples=300&hidden=36&iterations=5');
  await expect(page.getByTestId('data-summary')).toContainText('300 examples', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(badge(page)).toHaveText('Done', { timeout: 120_000 });
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('Run 2', { exact: true })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(1);
  await expect(page.getByRole('alert')).toContainText('Runs are not saved across a reload');
  await screenshot(page, 'storage-refused');
});
