/**
 * Screenshots of the inside of the units on trained weights, to look at: the unit inspector on a
 * natural-image edge unit and on an MNIST stroke unit, the sparsity-health panel, and the
 * L0-against-NMSE plot of three runs with different ρ (test-results/screenshots/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SCREENSHOTS } from './app-helpers';

const fixtures = new URL('../fixtures/inspect/', import.meta.url).pathname;

async function shoot(element: Locator, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await element.scrollIntoViewIfNeeded();
  await element.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Trains a new run, kept as run `kept` when done (the kept runs list names it). */
async function train(page: Page, kept: number) {
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText(`Run ${kept}`, { exact: true })).toBeVisible({ timeout: 300_000 });
  await expect(page.locator('.status-badge')).toHaveText('Done');
}

async function selectUnit(page: Page, unit: number) {
  const field = page.getByRole('region', { name: 'Unit inspector' });
  const mosaic = page.getByRole('img', { name: 'Filter mosaic', exact: true });
  const box = (await mosaic.boundingBox())!;
  // Unit 0 opens the inspector (inside its tile, past the border, on 5×5 and 14×14 grids).
  await mosaic.click({ position: { x: box.width * 0.04, y: box.height * 0.04 } });
  await field.getByRole('spinbutton', { name: 'Unit' }).fill(String(unit));
  await expect(page.getByRole('img', { name: `Top 16 examples of unit ${unit}` })).toBeVisible();
  return field;
}

test('the inspector on a natural edge unit, and L0 against NMSE of three runs', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('/?backend=kernel&iterations=300&rho=0.01');
  await expect(page.getByTestId('data-summary')).toContainText('10,000');
  await train(page, 1);
  const inspector = await selectUnit(page, 3);
  await page
    .getByRole('img', { name: 'Top 16 examples of unit 3' })
    .click({ position: { x: 3, y: 3 } });
  await expect(page.getByTestId('probe-output')).toBeVisible();
  await shoot(inspector, 'inspector-natural-edge');
  await shoot(page.getByRole('region', { name: 'Sparsity health' }), 'health-natural');
  const rho = page.getByRole('textbox', { name: 'ρ (sparsity target) value' });
  for (const [i, value] of ['0.05', '0.2'].entries()) {
    await rho.fill(value);
    await rho.press('Enter');
    await train(page, i + 2);
  }
  await expect(page.locator('.tradeoff circle')).toHaveCount(3, { timeout: 30_000 });
  await shoot(page.getByRole('region', { name: 'L0 against NMSE' }), 'tradeoff-three-rho');
});

test('the inspector on an MNIST stroke unit, and its health panel', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/?dataset=mnist&backend=kernel&iterations=1');
  await expect(page.getByTestId('data-summary')).toContainText('10,000');
  await page.getByLabel('Import weights').setInputFiles(join(fixtures, 'mnist-theta.npy'));
  await train(page, 1);
  const inspector = await selectUnit(page, 5);
  await page
    .getByRole('img', { name: 'Top 16 examples of unit 5' })
    .click({ position: { x: 3, y: 3 } });
  const bar = page.getByRole('button', { name: /^unit 5: a2/ });
  await bar.click();
  await bar.click();
  await shoot(inspector, 'inspector-mnist-stroke');
  await shoot(page.getByRole('region', { name: 'Sparsity health' }), 'health-mnist');
  await shoot(page.getByRole('region', { name: 'Probe' }), 'probe-mnist');
});
