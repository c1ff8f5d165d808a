/** Shared steps of the page's end-to-end tests: reading the status, the mosaic, and making files. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

/** Query of a small, quick run: the WASM backend (WebGL is not the point here), 1,000 patches. */
export const FAST = 'backend=kernel&examples=1000&iterations=100000';

/**
 * Query of a run that keeps going for a while even on a fast machine (all 10,000 patches, no
 * iteration limit in reach), for tests that pause, step or move a slider while it trains.
 */
export const LONG = 'backend=kernel&iterations=100000';

export interface StatusNumbers {
  iteration: number;
  cost: number;
  text: string;
}

/** Iteration and cost from the status line ("Iteration 12 · Cost 3.456 · …"). */
export async function readStatus(page: Page): Promise<StatusNumbers> {
  const text = (await page.getByRole('status').textContent()) ?? '';
  const iteration = Number(/Iteration (\d+)/.exec(text)?.[1] ?? NaN);
  const costText = /Cost ([^ ·]+)/.exec(text)?.[1] ?? '';
  return { iteration, cost: costText === '—' ? NaN : Number(costText), text };
}

/** Waits until the status line reports at least `iteration`. */
export async function waitForIteration(page: Page, iteration: number, timeout = 120_000) {
  await expect
    .poll(async () => (await readStatus(page)).iteration, { timeout, intervals: [200] })
    .toBeGreaterThanOrEqual(iteration);
  return readStatus(page);
}

/**
 * The iteration the training worker is at, asked of it (an export of the weights as .json, whose
 * `iteration` the worker fills in): a round trip, so it shows whatever the worker did before it
 * answered. Two answers in a row that agree prove that nothing moved in between, without a wait.
 */
export async function workerIteration(page: Page): Promise<number> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Weights .json' }).click(),
  ]);
  const path = join(scratchDirectory('iteration'), `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return (JSON.parse(readFileSync(path, 'utf8')) as { iteration: number }).iteration;
}

/** The live value of one term in the formula panel ('reconstruction', 'decay', 'sparsity'). */
export async function termValue(page: Page, term: 'reconstruction' | 'decay' | 'sparsity') {
  return Number(await page.locator(`.term-${term} .term-value`).textContent());
}

/** How many distinct gray levels the canvas named `name` shows (1 or 2 when blank). */
export async function canvasLevels(page: Page, name: string): Promise<number> {
  return page.getByRole('img', { name, exact: true }).evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    if (canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) levels.add(data[i]);
    return levels.size;
  });
}

/**
 * The canvas's pixels, to compare two drawings; call it in `expect.poll`. The page paints a canvas
 * only while its frame is on screen (a change made while it is scrolled away, e.g. by a click on a
 * button further down, is painted when it comes back), so each read first scrolls the frame into
 * view: a read right after that scroll may still see the older picture, the next one sees the new.
 */
export async function canvasPixels(page: Page, name: string): Promise<number[]> {
  return page.getByRole('img', { name, exact: true }).evaluate((element) => {
    // To the middle of the view: a frame not painted yet has no height, and scrolled only to the
    // nearest edge it would sit on that edge, where it does not count as on screen.
    (element.parentElement ?? element).scrollIntoView({ block: 'center' });
    const canvas = element as HTMLCanvasElement;
    // A canvas not yet sized by its first paint has no pixels (read as one flat colour).
    if (canvas.width === 0 || canvas.height === 0) return [];
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return Array.from(data);
  });
}

/**
 * The canvas's pixels once it shows a picture (not one flat colour) that stays the same across
 * two reads: a canvas is repainted in animation frames, so a read right after a click may catch
 * it resized and not yet drawn.
 */
export async function settledCanvasPixels(page: Page, name: string): Promise<number[]> {
  let previous = '';
  let pixels: number[] = [];
  await expect
    .poll(
      async () => {
        pixels = await canvasPixels(page, name);
        const flat = pixels.every((value, i) => value === pixels[i % 4]);
        const joined = pixels.join();
        const settled = !flat && joined === previous;
        previous = joined;
        return settled;
      },
      { intervals: [250] },
    )
    .toBe(true);
  return pixels;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fails the test if the page asks anything of another host (fonts, CDNs, analytics). */
export function recordExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const web = url.protocol === 'http:' || url.protocol === 'https:';
    if (web && !['127.0.0.1', 'localhost'].includes(url.hostname)) external.push(request.url());
  });
  return external;
}

/** A fresh temporary directory for files the tests write. */
export function scratchDirectory(name: string): string {
  const directory = join(tmpdir(), `sae-e2e-${name}-${process.pid}`);
  mkdirSync(directory, { recursive: true });
  return directory;
}

/**
 * An IDX image file (magic 2051, big-endian sizes, unsigned bytes) of `count` side×side images,
 * each a bright bar at a seeded angle and place on a dark ground: something like pen strokes.
 */
export function idxImages(count: number, side: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(2051, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(side, 8);
  header.writeUInt32BE(side, 12);
  const pixels = Buffer.alloc(count * side * side);
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let k = 0; k < count; k++) {
    const angle = random() * Math.PI;
    const cx = side * (0.3 + 0.4 * random());
    const cy = side * (0.3 + 0.4 * random());
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const along = (c - cx) * dx + (r - cy) * dy;
        const across = Math.abs(-(c - cx) * dy + (r - cy) * dx);
        const ink = Math.abs(along) < side * 0.35 ? Math.max(0, 1 - across / 1.8) : 0;
        pixels[k * side * side + r * side + c] = Math.round(255 * ink);
      }
    }
  }
  return Buffer.concat([header, pixels]);
}

/** A MATLAB level-5 file written by scipy.io.savemat: IMAGES, height × width × count, smooth noise. */
export function matImages(path: string, height: number, width: number, count: number): void {
  const script = [
    'import sys, numpy as np, scipy.io, scipy.ndimage',
    'rng = np.random.default_rng(7)',
    `images = rng.standard_normal((${height}, ${width}, ${count}))`,
    'images = scipy.ndimage.gaussian_filter(images, sigma=(1.5, 1.5, 0))',
    "scipy.io.savemat(sys.argv[1], {'IMAGES': images})",
  ].join('\n');
  execFileSync('python3', ['-c', script, path]);
}

export function writeFile(path: string, bytes: Buffer | string): string {
  writeFileSync(path, bytes);
  return path;
}
