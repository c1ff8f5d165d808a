/** The page at a projector and on a phone: classroom mode, a narrow screen, keyboard focus. */
import { expect, test } from '@playwright/test';
import { FAST, screenshot, waitForIteration } from './app-helpers';

test('classroom mode shows the mosaic, the curve and the sliders, by link and by button', async ({
  page,
}) => {
  // A link made when it was called presenter mode opens it too.
  await page.goto(`/?${FAST}&present=1`);
  await expect(page.getByRole('img', { name: 'Filter mosaic' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'ρ (sparsity target)' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await screenshot(page, 'classroom');
  await page.getByRole('button', { name: 'Exit classroom mode' }).click();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('present')).toBeNull();
  expect(new URL(page.url()).searchParams.get('classroom')).toBeNull();
  await page.getByRole('button', { name: 'Classroom mode' }).click();
  expect(new URL(page.url()).searchParams.get('classroom')).toBe('1');
});

test('works on a phone-sized screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 2);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'phone');
});

test('is keyboard operable with a visible focus ring', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const train = page.getByRole('button', { name: 'Train' });
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await train.evaluate((element) => element === document.activeElement)) break;
  }
  await expect(train).toBeFocused();
  const outline = await train.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await waitForIteration(page, 1);
  await page.keyboard.press('Tab'); // to Pause
  await expect(page.getByRole('button', { name: 'Pause' })).toBeFocused();
  await screenshot(page, 'keyboard-1280x720');
});
