/**
 * Uploaded digits in a real browser: the MNIST settings are offered and applied to them, the
 * "UFLDL MNIST" preset keeps them, and the page's link says the data is not in it.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  idxImages,
  screenshot,
  scratchDirectory,
  waitForIteration,
  writeFile,
} from './app-helpers';

test('uploaded 28×28 digits take the MNIST settings; a link says the data is not in it', async ({
  page,
  browser,
}) => {
  await page.goto('/?backend=kernel');
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  const idx = writeFile(join(scratchDirectory('digits'), 'strokes-idx3-ubyte'), idxImages(300, 28));
  await page.getByLabel('Upload data').setInputFiles(idx);
  await expect(page.getByTestId('data-summary')).toContainText('strokes-idx3-ubyte');
  await expect(page.getByTestId('link-note')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('data')).toBe('uploaded');

  await page.getByRole('button', { name: 'Use UFLDL’s MNIST settings' }).click();
  await expect(page.getByRole('textbox', { name: 'Hidden units' })).toHaveValue('196');
  await expect(page.getByRole('textbox', { name: 'λ (weight decay) value' })).toHaveValue('0.003');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('files');
  await expect(page.getByRole('button', { name: 'Use UFLDL’s MNIST settings' })).toHaveCount(0);

  // The preset keeps the uploaded digits too.
  await page.getByRole('textbox', { name: 'Hidden units' }).fill('49');
  await page.getByRole('textbox', { name: 'Hidden units' }).press('Enter');
  await page.getByRole('button', { name: 'UFLDL MNIST' }).click();
  await expect(page.getByRole('textbox', { name: 'Hidden units' })).toHaveValue('196');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('files');
  await expect(page.getByTestId('data-summary')).toContainText('strokes-idx3-ubyte');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await screenshot(page, 'uploads-mnist-settings');

  // Whoever opens the page's link elsewhere (no stored files) is told the data is not in it.
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(page.url());
  await expect(elsewhere.getByRole('alert').filter({ hasText: 'not in the link' })).toBeVisible();
  // A reload here brings the stored files back: nothing to say.
  await page.reload();
  await expect(page.getByTestId('data-summary')).toContainText('strokes-idx3-ubyte');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
