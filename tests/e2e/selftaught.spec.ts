/** The self-taught experiment in the page: the classroom version from its link, and cancel. */
import { expect, test } from '@playwright/test';
import { SCREENSHOTS } from './app-helpers';

test('the classroom version runs from its link and shows both accuracies', async ({ page }) => {
  test.setTimeout(400_000);
  await page.goto('/?selftaught=classroom');
  const panel = page.locator('.selftaught-panel');
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect(panel.getByText(/Autoencoder on the digits 5–9: iteration \d+ of 60/)).toBeVisible({
    timeout: 120_000,
  });
  await expect(panel.getByText(/left|estimating/)).toBeVisible();
  const features = panel.getByTestId('feature-accuracy');
  await expect(features).toBeVisible({ timeout: 360_000 });
  await expect(features).toHaveText(/^\d{2,3}\.\d%$/);
  await expect(panel.getByTestId('raw-accuracy')).toHaveText(/^\d{2,3}\.\d%$/);
  const featureValue = parseFloat((await features.textContent())!);
  expect(featureValue).toBeGreaterThan(80);
  await expect(panel.getByRole('table', { name: /Confusion matrix/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: 'Misclassified test digits' })).toBeVisible();
  await expect(panel.getByRole('img', { name: 'Self-taught filters' })).toBeVisible();
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${SCREENSHOTS}/selftaught-result-light.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: `${SCREENSHOTS}/selftaught-result-dark.png` });
});

test('a running experiment can be cancelled', async ({ page }) => {
  await page.goto('/');
  const panel = page.locator('.selftaught-panel');
  await panel.getByRole('button', { name: 'Run the classroom version' }).click();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect(panel.getByText(/iteration \d+ of 60/)).toBeVisible({ timeout: 120_000 });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByText('Cancelled.')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Run the classroom version' })).toBeEnabled();
});

test('"Classify with these features" scores a trained MNIST run against raw pixels', async ({
  page,
}) => {
  await page.goto('/?dataset=mnist&backend=kernel&examples=1000&hidden=36&iterations=15');
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples', {
    timeout: 60_000,
  });
  const panel = page.locator('.selftaught-panel');
  const classify = panel.getByRole('button', { name: 'Classify with these features' });
  await expect(classify).toBeDisabled();
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 120_000 });
  await classify.click();
  const features = panel.getByTestId('run-feature-accuracy');
  await expect(features).toHaveText(/^\d{1,3}\.\d%$/, { timeout: 120_000 });
  await expect(panel.getByTestId('run-raw-accuracy')).toHaveText(/^\d{1,3}\.\d%$/);
  await expect(panel.getByText(/on this run’s 36 features \(5,000 test digits\)/)).toBeVisible();
});
