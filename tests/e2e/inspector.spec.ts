/**
 * The unit inspector, the sparsity-health panel and the probe in a real browser, on the worker's
 * figures: a selected unit shows its top examples drawn like the data, the health figures equal
 * those of `cli inspect` on the same weights and data, and clamping a unit changes the probe's
 * reconstruction.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { canvasLevels, screenshot, scratchDirectory } from './app-helpers';

/** Trains `query`'s run to its end (the status badge says Done). */
async function trainToEnd(page: Page, query: string) {
  await page.goto(`/?${query}`);
  await expect(page.getByTestId('data-summary')).toContainText('examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Done', { timeout: 150_000 });
}

/** Clicks the mosaic's tile of `unit` (grid of `columns` × `columns` tiles). */
async function clickTile(page: Page, unit: number, columns: number) {
  const mosaic = page.getByRole('img', { name: 'Filter mosaic', exact: true });
  await mosaic.scrollIntoViewIfNeeded();
  const box = (await mosaic.boundingBox())!;
  const row = Math.floor(unit / columns);
  const column = unit % columns;
  await mosaic.click({
    position: {
      x: ((column + 0.5) / columns) * box.width,
      y: ((row + 0.5) / columns) * box.height,
    },
  });
}

async function exportWeights(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Weights .json' }).click(),
  ]);
  const path = join(scratchDirectory('inspector'), `${name}-${Date.now()}.json`);
  await download.saveAs(path);
  return path;
}

const figure = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());

test('selecting a unit shows its top examples; the health figures equal the CLI’s', async ({
  page,
}) => {
  await trainToEnd(page, 'backend=kernel&examples=1000&iterations=40');
  await clickTile(page, 7, 5);
  const inspector = page.getByRole('region', { name: 'Unit inspector' });
  await expect(inspector.getByRole('spinbutton', { name: 'Unit' })).toHaveValue('7');
  const top = page.getByRole('img', { name: 'Top 16 examples of unit 7', exact: true });
  await expect(top).toBeVisible();
  await top.scrollIntoViewIfNeeded();
  await expect.poll(() => canvasLevels(page, 'Top 16 examples of unit 7')).toBeGreaterThan(8);
  await expect(page.getByTestId('nmse')).not.toBeEmpty();

  const weights = await exportWeights(page, 'natural');
  const cli = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'inspect',
        '--data',
        'natural',
        '--examples',
        '1000',
        '--init',
        weights,
        '--jsonl',
      ],
      { encoding: 'utf8' },
    ),
  ) as Record<string, number> & { units: { top: number[] }[] };
  // The page shows 4 significant digits.
  for (const [id, key] of [
    ['nmse', 'nmse'],
    ['explained-variance', 'explainedVariance'],
    ['mean-l0', 'meanL0'],
  ])
    expect(Math.abs((await figure(page, id)) - cli[key]), key).toBeLessThanOrEqual(
      Math.abs(cli[key]) * 5e-4 + 1e-12,
    );
  expect(await figure(page, 'dead-units')).toBe(cli.deadUnits);
  expect(await figure(page, 'dense-units')).toBe(cli.denseUnits);
  const shown = (await inspector.locator('[data-examples]').first().getAttribute('data-examples'))!;
  expect(shown.split(' ').map(Number)).toEqual(cli.units[7].top);
  await screenshot(page, 'inspector-natural');
});

test('the probe: clamping a unit changes the reconstruction', async ({ page }) => {
  await trainToEnd(page, 'backend=kernel&examples=1000&iterations=20');
  const probe = page.getByRole('region', { name: 'Probe' });
  await probe.getByRole('spinbutton', { name: 'Example to probe' }).fill('12');
  await probe.getByRole('button', { name: 'Probe example' }).click();
  const output = page.getByTestId('probe-output');
  await expect(output).toHaveAttribute('data-checksum', /\d/);
  const before = await output.getAttribute('data-checksum');
  const bar = probe.getByRole('button', { name: /^unit 3: a2/ });
  await bar.click(); // clamped to 0
  await bar.click(); // clamped to 1
  await expect(bar).toHaveAccessibleName(/clamped to 1/);
  await expect(output).not.toHaveAttribute('data-checksum', before!);
  await expect(output).toContainText('1 unit clamped');
  await screenshot(page, 'probe-natural');
});
