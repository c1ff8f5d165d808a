/**
 * Files the page must refuse quickly without freezing, and the choices it leaves to the user.
 * The gzip is written at test time by scripts/make_limit_fixtures.py (Python's zlib): an IDX
 * header claiming 10× the inflated-size limit, then 600 MB of zeros (≈ 600 KB on disk).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FAST, scratchDirectory, screenshot } from './app-helpers';

declare global {
  interface Window {
    longTasks: number[];
    uploadedAt: number;
    refusedAt: number;
  }
}

test('a gzip claiming 10× the limit is refused within 1 s, the page staying responsive', async ({
  page,
}) => {
  const directory = scratchDirectory('limits');
  execFileSync('python3', ['scripts/make_limit_fixtures.py', '--bomb', directory]);
  const bomb = join(directory, 'bomb-idx3-ubyte.gz');
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`/?${FAST}`);
  const summary = page.getByTestId('data-summary');
  await expect(summary).toContainText('1,000 examples');
  const before = await summary.textContent();
  // Long tasks of loading the page are not the upload's: count from here.
  await page.evaluate(() => {
    window.longTasks = [];
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Upload data"]')!;
    input.addEventListener('change', () => (window.uploadedAt = performance.now()), {
      capture: true,
    });
    // When the refusal appears, as the page shows it (not when the test's polling notices it).
    new MutationObserver((_, observer) => {
      const alert = document.querySelector('[role="alert"]');
      if (!alert?.textContent?.includes('bomb-idx3-ubyte.gz')) return;
      window.refusedAt = performance.now();
      observer.disconnect();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  await page.getByLabel('Upload data').setInputFiles(bomb);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('bomb-idx3-ubyte.gz');
  const refusedAfter = await page.evaluate(() => window.refusedAt - window.uploadedAt);
  expect(refusedAfter).toBeLessThan(1000);
  await expect(alert).toContainText('over the limit of 512 MB once inflated');
  // The data loaded before stays, and no task of the page took over 200 ms.
  await expect(summary).toHaveText(before ?? '');
  expect(await page.evaluate(() => window.longTasks.filter((ms) => ms > 200))).toEqual([]);
  await screenshot(page, 'limit-refused');
});

test('data outside [0, 1] offers to rescale; a .mat with two image arrays offers the choice', async ({
  page,
}) => {
  const directory = scratchDirectory('choices');
  const twoArrays = join(directory, 'two-arrays.mat');
  const script = [
    'import sys, numpy as np, scipy.io',
    'rng = np.random.default_rng(3)',
    "scipy.io.savemat(sys.argv[1], {'A': rng.random((32, 32, 2)), 'B': rng.random((24, 24, 3))})",
  ].join('\n');
  execFileSync('python3', ['-c', script, twoArrays]);
  await page.goto(`/?${FAST}`);
  const summary = page.getByTestId('data-summary');
  await expect(summary).toContainText('1,000 examples');

  // int32 values 0…90 (numpy.save): loads with its 50 examples, says the sigmoid cannot reach them.
  await page.getByLabel('Upload data').setInputFiles('tests/fixtures/limits/int32-0-90.npy');
  await expect(summary).toContainText('int32-0-90.npy');
  await expect(summary).toContainText('50 examples');
  const warning = page.getByTestId('range-warning');
  await expect(warning).toContainText('cannot reproduce');
  await screenshot(page, 'range-warning');
  await warning.getByRole('button', { name: 'Rescale to [0.1, 0.9]' }).click();
  await expect(summary).toContainText('rescaled');
  await expect(summary).toContainText(/values 0\.\d+ to 0\.\d+/); // inside [0.1, 0.9]
  await expect(warning).toHaveCount(0);

  // Two image arrays and no IMAGES: the alert asks to pick, and the picker offers both.
  await page.getByLabel('Upload data').setInputFiles(twoArrays);
  await expect(page.getByRole('alert')).toContainText('pick one of');
  const variable = page.getByRole('combobox', { name: 'Variable' });
  await variable.selectOption('B');
  await expect(summary).toContainText('two-arrays.mat › B (3 images 24×24)');
  await expect(variable).toHaveValue('B');
  await variable.selectOption('A');
  await expect(summary).toContainText('two-arrays.mat › A (2 images 32×32)');
  await screenshot(page, 'variable-choice');
});

test('weights files: other kinds, NaN/Inf and ρ/β/λ out of bounds are refused, naming the file', async ({
  page,
}) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const rho = page.getByRole('textbox', { name: 'ρ (sparsity target) value' });
  await expect(rho).toHaveValue('0.01');
  const importWeights = page.getByLabel('Import weights');
  const alert = page.getByRole('alert');
  const cases: [string, string][] = [
    ['weights.txt', 'weights are read from .json or .npy files'],
    ['weights-inf.npy', 'W1[7] (θ index 7) is Infinity'],
    ['weights-nan.json', '"W2"[3] is NaN'],
    ['weights-bad-hyperparameters.json', 'hyperparameters.rho'],
  ];
  for (const [name, reason] of cases) {
    await importWeights.setInputFiles(`tests/fixtures/limits/${name}`);
    await expect(alert.filter({ hasText: name })).toContainText(reason);
  }
  await screenshot(page, 'weights-refused');
  // Nothing was imported: ρ is still the preset's, and Train would start from random weights.
  await expect(rho).toHaveValue('0.01');
  await expect(page.getByText('Next Train continues from')).toHaveCount(0);
});
