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
  });

  await page.getByLabel('Upload data').setInputFiles(bomb);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('bomb-idx3-ubyte.gz');
  const refusedAfter = await page.evaluate(() => performance.now() - window.uploadedAt);
  expect(refusedAfter).toBeLessThan(1000);
  await expect(alert).toContainText('over the limit of 512 MB once inflated');
  // The data loaded before stays, and no task of the page took over 200 ms.
  await expect(summary).toHaveText(before ?? '');
  expect(await page.evaluate(() => window.longTasks.filter((ms) => ms > 200))).toEqual([]);
  await screenshot(page, 'limit-refused');
});
