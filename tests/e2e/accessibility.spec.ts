/** Accessibility: axe in the lab, classroom and dark views; shortcuts, the help dialog, the theme. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { FAST, readStatus, screenshot, waitForIteration } from './app-helpers';

/** axe's violations on the page as it is, one line each (rule, impact, where). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

test('axe finds no violations in the lab, classroom and dark views', async ({ page }) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 5);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Paused');
  expect(await violations(page), 'lab, light').toEqual([]);

  // A short fingerprint of the live curves' pixels (FNV-1a), to see them drawn again.
  const curves = () =>
    page.locator('canvas.live-curves').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let hash = 2166136261;
      for (const value of data) hash = Math.imul(hash ^ value, 16777619) >>> 0;
      return hash;
    });
  const lightCurves = await curves();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The paused run's curves are drawn again in the dark theme's colours.
  await expect.poll(curves).not.toBe(lightCurves);
  expect(await violations(page), 'lab, dark').toEqual([]);

  await page.getByRole('button', { name: 'Classroom mode' }).click();
  await expect(page.locator('.classroom-layout')).toBeVisible();
  expect(await violations(page), 'classroom, dark').toEqual([]);

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await violations(page), 'classroom, light').toEqual([]);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await violations(page), 'help dialog').toEqual([]);
});

test('keyboard shortcuts train, pause, step, reset, switch modes and list themselves', async ({
  page,
}) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.locator('body').press('k');
  await waitForIteration(page, 3);
  await page.keyboard.press(' ');
  await expect(page.locator('.status-badge')).toHaveText('Paused');
  const paused = (await readStatus(page)).iteration;
  await page.keyboard.press('s');
  await expect.poll(async () => (await readStatus(page)).iteration).toBe(paused + 1);
  await page.keyboard.press('r');
  await expect(page.getByRole('status')).toContainText('Iteration 0');

  // Typing in a field is typing, not a shortcut.
  const seed = page.getByRole('textbox', { name: 'Seed' });
  await seed.focus();
  await page.keyboard.press('c');
  await expect(page.locator('.app.classroom')).toHaveCount(0);
  await seed.press('Escape');

  // The help dialog takes the focus, lists every shortcut, and gives the focus back on Escape.
  const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  for (const key of ['Space or K', 'S or .', 'R', 'C', 'D', '? or H'])
    await expect(dialog.getByRole('rowheader', { name: key, exact: true })).toBeVisible();
  // Shortcuts wait while it is open.
  await page.keyboard.press('c');
  await expect(page.locator('.app.classroom')).toHaveCount(0);
  await screenshot(page, 'shortcuts-help');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(help).toBeFocused();

  await page.keyboard.press('c');
  await expect(page.locator('.classroom-layout')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('classroom')).toBe('1');
  await page.keyboard.press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Train from the keyboard in classroom mode too.
  await page.keyboard.press('k');
  await waitForIteration(page, 2);
  await page.keyboard.press('c');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toBeVisible();
});

test('the dark theme follows the system until chosen, and the choice is remembered', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`/?${FAST}`);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  // Chosen, it no longer follows the system.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('every control is reachable by Tab in the lab and in classroom mode', async ({ page }) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  for (const mode of ['lab', 'classroom']) {
    if (mode === 'classroom') await page.keyboard.press('c');
    const controls = page.locator(
      '.app :is(button, input, select, summary, a[href], [tabindex="0"]):not(:disabled)',
    );
    const expected = await controls.evaluateAll(
      (elements) => elements.filter((e) => (e as HTMLElement).offsetParent !== null).length,
    );
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let i = 0; i < expected + 5; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (!active || active === document.body) return null;
        active.dataset.tabbed ??= String(Math.random());
        return active.dataset.tabbed;
      });
      if (id) reached.add(id);
    }
    // A group of radio buttons is one stop (the arrow keys move within it), as in every browser.
    const missed = await controls.evaluateAll((elements) =>
      elements
        .filter((e) => {
          const reachedGroup =
            e instanceof HTMLInputElement &&
            e.type === 'radio' &&
            Array.from(document.querySelectorAll<HTMLInputElement>(`input[name="${e.name}"]`)).some(
              (r) => r.dataset.tabbed,
            );
          return (
            (e as HTMLElement).offsetParent !== null &&
            !(e as HTMLElement).dataset.tabbed &&
            !reachedGroup
          );
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(missed, mode).toEqual([]);
  }
});
