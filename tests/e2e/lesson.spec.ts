/**
 * The guided lesson, walked through in a real browser: every step sets its values, starts its run
 * and says what to look for; each has its own link, which also opens in classroom mode.
 */
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, readStatus, screenshot } from './app-helpers';
import { overflow } from './classroom-checks';

test.use({ viewport: { width: 1280, height: 1800 } });

const value = (page: Page, label: string) => page.getByRole('textbox', { name: `${label} value` });

/** Pauses the run before the next step (if it still trains), so that a run seen training is the step's own. */
async function pauseRun(page: Page) {
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.isVisible()) await pause.click();
  await expect(page.locator('.status-badge')).not.toHaveText('Training');
}

/** Waits for the step's run to start and reach `iteration`, or to end before (it converged). */
async function runs(page: Page, iteration: number) {
  await expect(page.locator('.status-badge')).toHaveText('Training');
  await expect
    .poll(
      async () =>
        (await readStatus(page)).iteration >= iteration ||
        (await page.locator('.status-badge').textContent()) === 'Done',
      { timeout: 120_000, intervals: [200] },
    )
    .toBe(true);
}

test('a teacher walks the whole lesson, step by step', async ({ page }) => {
  await page.goto('/?backend=kernel');
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Guided lesson' }).click();
  const lesson = page.getByRole('region', { name: /Lesson · step 1 of 5/ });
  await expect(lesson).toContainText('Edges from natural images');
  expect(new URL(page.url()).searchParams.get('lesson')).toBe('edges');

  // 1. UFLDL's settings.
  await lesson.getByRole('button', { name: 'Run this step' }).click();
  await runs(page, 60);
  await expect(value(page, 'ρ (sparsity target)')).toHaveValue('0.01');
  await expect(value(page, 'β (sparsity weight)')).toHaveValue('3');
  await screenshot(page, 'lesson-1-edges');

  // 2. β = 0.
  await pauseRun(page);
  await page.getByRole('button', { name: 'Next step →' }).click();
  await expect(
    page.getByRole('region', { name: /step 2 of 5: Switch sparsity off/ }),
  ).toBeVisible();
  await expect(value(page, 'β (sparsity weight)')).toHaveValue('0');
  await runs(page, 60);
  expect(new URL(page.url()).searchParams.get('beta')).toBe('0');
  expect(new URL(page.url()).searchParams.get('lesson')).toBe('no-sparsity');
  // ρ̂ far above ρ = 0.01 without the sparsity term (the bars are painted at the next frame).
  const activation = page.locator('.activation-canvas');
  await expect
    .poll(async () => Number(await activation.getAttribute('data-max-activation')))
    .toBeGreaterThan(0.05);
  await screenshot(page, 'lesson-2-no-sparsity');

  // 3. λ raised, the mosaic on one scale.
  await pauseRun(page);
  await page.getByRole('button', { name: 'Next step →' }).click();
  await expect(value(page, 'λ (weight decay)')).toHaveValue('0.0003');
  await expect(page.getByRole('radio', { name: 'one scale for all' })).toBeChecked();
  await runs(page, 60);
  await screenshot(page, 'lesson-3-strong-decay');

  // 4. A large ρ.
  await pauseRun(page);
  await page.getByRole('button', { name: 'Next step →' }).click();
  await expect(value(page, 'ρ (sparsity target)')).toHaveValue('0.2');
  await expect(page.getByRole('radio', { name: 'each filter to its own max' })).toBeChecked();
  await runs(page, 60);
  await screenshot(page, 'lesson-4-dense-code');

  // 5. MNIST.
  await pauseRun(page);
  await page.getByRole('button', { name: 'Next step →' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('mnist');
  await expect(page.getByRole('textbox', { name: 'Hidden units' })).toHaveValue('196');
  await runs(page, 12);
  await expect(page.getByRole('button', { name: 'Next step →' })).toBeDisabled();
  await screenshot(page, 'lesson-5-pen-strokes');
  await page.getByRole('button', { name: 'Pause' }).click();
  // The runs of the steps before are kept to compare.
  await expect(page.locator('.run-grid > li')).toHaveCount(4);

  // Each step has its own link, which also opens in classroom mode.
  const link = await page
    .getByRole('list', { name: 'Lesson steps' })
    .getByRole('link', { name: /Raise the weight decay/ })
    .getAttribute('href');
  expect(link).toContain('lesson=strong-decay');
  // A projector's screen (landscape), as classroom mode is made for.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${link}&present=1&backend=kernel`);
  const classroom = page.getByRole('region', { name: /step 3 of 5: Raise the weight decay/ });
  await expect(classroom).toBeVisible();
  // Clicked at once: the run this browser restores (step 5's, paused) comes back first, then the
  // step runs with its own values.
  await classroom.getByRole('button', { name: 'Run this step' }).click();
  await expect(value(page, 'λ (weight decay)')).toHaveValue('0.0003');
  await runs(page, 20);
  await page.screenshot({ path: `${SCREENSHOTS}/lesson-classroom.png` });
  // The lesson fits classroom mode: the screen does not scroll.
  const { down, across } = await overflow(page);
  expect({ down, across }).toEqual({ down: 0, across: 0 });
});
