/** Progress: "Iteration n of N", a bar, time left, the tab's title, why a run stopped, Continue. */
import { expect, test } from '@playwright/test';
import { readStatus, screenshot } from './app-helpers';

test('a finished run says why it stopped and continues to a second limit', async ({ page }) => {
  await page.goto('/?backend=kernel&examples=1000&iterations=30');
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const count = page.getByTestId('progress-count');
  const bar = page.getByRole('progressbar', { name: 'Iterations done of the limit' });
  await expect(count).toHaveText('Not started');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(count).toContainText(/^Iteration \d+ of 30$/);

  await expect(page.getByTestId('stop-reason')).toHaveText(
    'Done at iteration 30: reached the iteration limit. Continue goes on from these weights.',
    { timeout: 120_000 },
  );
  await expect(count).toHaveText('Iteration 30 of 30');
  await expect(bar).toHaveAttribute('value', '30');
  await expect(page).toHaveTitle('Done · 30/30 — Sparse Autoencoder Lab');
  const firstCost = (await readStatus(page)).cost;
  await screenshot(page, 'progress-done-30');

  // Continue is offered where Pause was and trains for another 30 iterations from these weights.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(count).toContainText(/^Iteration \d+ of 60$/);
  await expect(page.getByTestId('stop-reason')).toContainText('Done at iteration 60', {
    timeout: 120_000,
  });
  await expect(count).toHaveText('Iteration 60 of 60');
  await expect(bar).toHaveAttribute('max', '60');
  expect((await readStatus(page)).cost).toBeLessThan(firstCost);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await screenshot(page, 'progress-done-60');
});

test('a long run shows the time left, a moving bar and its count in the tab title', async ({
  page,
}) => {
  await page.goto('/?backend=kernel&iterations=100000');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('time-left')).toContainText(/about \d+ (h|min|s)/);
  await expect(page).toHaveTitle(/^\d+\/100000 · about .* left — Sparse Autoencoder Lab$/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('progress-count')).toContainText(/of 100,000/);
  await expect(page).toHaveTitle(/^Paused · \d+\/100000 — Sparse Autoencoder Lab$/);
});
