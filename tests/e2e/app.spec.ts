/**
 * The page in a real browser: it opens ready, trains and shows it, obeys the controls, and
 * answers ρ while training. Uploads, export/import and links are in app-data.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  FAST,
  LONG,
  canvasLevels,
  readStatus,
  scratchDirectory,
  recordExternalRequests,
  screenshot,
  SCREENSHOTS,
  termValue,
  waitForIteration,
  workerIteration,
} from './app-helpers';

test('opens with the built-in natural images loading at once, and asks nothing of other hosts', async ({
  page,
}) => {
  const external = recordExternalRequests(page);
  const started = Date.now();
  await page.goto('/');
  await expect(page).toHaveTitle(/Sparse Autoencoder Lab/);
  await expect(page.getByRole('heading', { name: 'Sparse Autoencoder Lab' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('natural');
  await expect(page.getByLabel('Upload data')).toBeAttached();
  for (const name of ['Train', 'Pause', 'Step', 'Reset']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  for (const name of ['ρ (sparsity target)', 'β (sparsity weight)', 'λ (weight decay)']) {
    await expect(page.getByRole('slider', { name })).toBeVisible();
  }
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  await expect(page.getByRole('img', { name: 'Filter mosaic' })).toBeVisible();
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('data-summary')).toContainText('8×8');
  console.log(`natural images ready ${Date.now() - started} ms after navigation`);
  expect(await canvasLevels(page, 'Sample patches')).toBeGreaterThan(20);
  await screenshot(page, 'open');
  expect(external).toEqual([]);
});

test('trains the natural images: the iteration advances, the cost falls, the mosaic fills', async ({
  page,
}) => {
  await page.goto(`/?${FAST}`);
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  const blankLevels = await canvasLevels(page, 'Filter mosaic');
  await page.getByRole('button', { name: 'Train' }).click();
  const early = await waitForIteration(page, 1);
  const later = await waitForIteration(page, early.iteration + 8);
  expect(later.cost).toBeLessThan(early.cost);
  // Paused now: this small run reaches its gradient tolerance within a few seconds, and the views
  // below keep what it drew.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('on this computer’s processor');
  await expect(page.locator('.status-details')).toContainText('WASM SIMD kernel');
  await expect.poll(() => canvasLevels(page, 'Filter mosaic')).toBeGreaterThan(50);
  expect(blankLevels).toBeLessThan(5);
  // Canvases paint while on screen: bring the reconstructions into view first.
  await page
    .getByRole('img', { name: 'Inputs and their reconstructions' })
    .scrollIntoViewIfNeeded();
  await expect
    .poll(() => canvasLevels(page, 'Inputs and their reconstructions'))
    .toBeGreaterThan(20);
  // The live curves are drawn on a canvas over the chart's plot area.
  const inked = () =>
    page.locator('canvas.live-curves').evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      if (canvas.width === 0) return 0;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count;
    });
  await expect.poll(inked).toBeGreaterThan(200);
  await screenshot(page, 'training-natural');
  // Once paused, the chart's tooltip reads the curves at the pointer.
  const plot = (await page.locator('canvas.live-curves').boundingBox())!;
  await page.mouse.move(plot.x + plot.width * 0.05, plot.y + plot.height / 2);
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText(/Iteration \d+/);
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText('J (total)');
  // J and its terms in the formula's order.
  await expect(page.locator('.recharts-tooltip-wrapper')).toContainText(
    /J \(total\).*reconstruction.*weight decay.*sparsity/,
  );
  await page.locator('.chart').screenshot({ path: `${SCREENSHOTS}/chart-tooltip.png` });
});

test('moving ρ while training moves the sparsity term', async ({ page }) => {
  await page.goto(`/?${LONG}`);
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  // By now the sparsity term has pulled every ρ̂ towards ρ = 0.01, so it is small.
  await waitForIteration(page, 15);
  await expect.poll(() => termValue(page, 'sparsity')).toBeLessThan(5);
  const before = await termValue(page, 'sparsity');
  const changedAfter = (await readStatus(page)).iteration;
  const rhoField = page.getByRole('textbox', { name: 'ρ (sparsity target) value' });
  await rhoField.fill('0.5');
  await rhoField.press('Enter');
  await expect(page.getByRole('slider', { name: 'ρ (sparsity target)' })).toHaveAttribute(
    'aria-valuetext',
    '0.5',
  );
  // The chart marks the iteration where the change took effect.
  await expect(page.locator('.recharts-reference-line')).not.toHaveCount(0);
  await waitForIteration(page, changedAfter + 5);
  // KL(0.5 ‖ ρ̂) for ρ̂ near 0.01 is far larger than KL(0.01 ‖ ρ̂). The optimizer soon moves every
  // ρ̂ to 0.5 and the term falls again (within a second here), so the whole history is read: the
  // cost CSV, every iteration since the change.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Cost .csv' }).click(),
  ]);
  const csvPath = join(scratchDirectory('rho'), download.suggestedFilename());
  await download.saveAs(csvPath);
  const [header, ...rows] = readFileSync(csvPath, 'utf8').trim().split('\n');
  const column = header.split(',').indexOf('sparsity');
  const after = rows
    .map((row) => row.split(',').map(Number))
    .filter((values) => values[0] > changedAfter)
    .map((values) => values[column]);
  expect(after.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...after)).toBeGreaterThan(3 * before);
  // The slider itself, by keyboard: one step right raises ρ.
  const slider = page.getByRole('slider', { name: 'ρ (sparsity target)' });
  await slider.focus();
  await slider.press('ArrowLeft');
  const lowered = Number(await rhoField.inputValue());
  expect(lowered).toBeLessThan(0.5);
  expect(page.url()).toContain(`rho=${lowered}`);
  await screenshot(page, 'rho-changed');
});

test('pause, step exactly one iteration, resume, reset', async ({ page }) => {
  await page.goto(`/?${LONG}`);
  await expect(page.getByTestId('data-summary')).toContainText('10,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  // Nothing moves while paused: the worker answers the same iteration twice, and the status
  // line shows it.
  const paused = await workerIteration(page);
  await expect.poll(async () => (await readStatus(page)).iteration).toBe(paused);
  expect(await workerIteration(page)).toBe(paused);

  await page.getByRole('button', { name: 'Step' }).click();
  await waitForIteration(page, paused + 1);
  expect(await workerIteration(page)).toBe(paused + 1);
  await expect.poll(async () => (await readStatus(page)).iteration).toBe(paused + 1);
  expect(await workerIteration(page)).toBe(paused + 1);
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();

  await page.getByRole('button', { name: 'Resume' }).click();
  await waitForIteration(page, paused + 3);
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect(await workerIteration(page)).toBe(0);
  await expect(page.getByRole('status')).toContainText('Iteration 0');
  // The run before the reset is kept for comparison.
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  await screenshot(page, 'after-reset');
});

test('a done run continues from its weights: the count and the cost curve go on to 40', async ({
  page,
}) => {
  await page.goto('/?backend=kernel&examples=1000&iterations=20');
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.locator('.status-badge')).toHaveText('Done', { timeout: 120_000 });
  expect((await readStatus(page)).iteration).toBe(20);
  const firstCost = (await readStatus(page)).cost;

  // From the keyboard: the button that took Pause's place.
  const goOn = page.getByRole('button', { name: 'Continue' });
  await goOn.focus();
  await page.keyboard.press('Enter');
  await waitForIteration(page, 21);
  await expect(page.locator('.status-badge')).toHaveText('Done', { timeout: 120_000 });
  const end = await readStatus(page);
  expect(end.iteration).toBe(40);
  expect(end.cost).toBeLessThan(firstCost);
  // One run: kept once, brought up to date.
  await expect(page.getByText('Run 1', { exact: true })).toBeVisible();
  await expect(page.getByText('Run 2', { exact: true })).toHaveCount(0);
  // The curve runs from the first iteration to the last, not from 21.
  const plot = (await page.locator('canvas.live-curves').boundingBox())!;
  const tooltip = page.locator('.recharts-tooltip-wrapper');
  const iterationAt = async (fraction: number) => {
    await page.mouse.move(plot.x + plot.width * fraction, plot.y + plot.height / 2);
    await expect(tooltip).toContainText(/Iteration \d+/);
    return Number(/Iteration (\d+)/.exec((await tooltip.textContent()) ?? '')?.[1]);
  };
  expect(await iterationAt(0.01)).toBeLessThanOrEqual(2);
  await expect.poll(() => iterationAt(0.99)).toBeGreaterThanOrEqual(38);
  await screenshot(page, 'continued-to-40');
});

test('trains under its Content-Security-Policy with no violation: workers, WebAssembly, WebGL', async ({
  page,
}) => {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // The trainer's worker runs under the policy sent with its script (the header).
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    }),
  );
  await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `violation: ${event.violatedDirective} blocked ${event.blockedURI}`,
      ),
    ),
  );
  // The automatic backend measures the WebAssembly kernel and tfjs on WebGL before training.
  const response = await page.goto('/?examples=1000&iterations=100000');
  const policy = response!.headers()['content-security-policy'];
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    policy,
  );
  await expect(page.getByTestId('data-summary')).toContainText('1,000 examples');
  await page.getByRole('button', { name: 'Train' }).click();
  await waitForIteration(page, 3);
  await expect(page.locator('.status-details')).not.toContainText(/fail|refus|violat/i);
  expect(problems).toEqual([]);
  // What the kernel's helper threads do under the same policy: a blob: worker compiles WebAssembly.
  const helper = await page.evaluate(async () => {
    const source = `WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
      () => postMessage('compiled'), (error) => postMessage(String(error)))`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    return new Promise<string>((resolve) => {
      worker.onmessage = (event) => resolve(String(event.data));
      worker.onerror = () => resolve('the blob: worker was refused');
    });
  });
  expect(helper).toBe('compiled');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await screenshot(page, 'content-security-policy');
  expect(problems).toEqual([]);
});
