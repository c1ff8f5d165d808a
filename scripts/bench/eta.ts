/**
 * Is the time left the page shows true? The app trains UFLDL's MNIST configuration (196 hidden
 * units, 400 L-BFGS iterations, the backend it picks); after 50 iterations the bench reads the
 * "about … left" the progress panel shows, then times the rest of the run until it is done, and
 * compares the two (target: within ±30%).
 */
import type { Browser } from '@playwright/test';
import { kernelThreadsShown } from './page-status';

export interface EtaCheck {
  measured: boolean;
  /** The iteration shown beside the time left that was read. */
  iteration: number;
  limit: number;
  predictedMs: number;
  /** Wall-clock time from that reading until the page said Done. */
  actualMs: number;
  /** (predicted − actual) / actual. */
  error: number;
  /** The whole run as the page ran it: the click on Train to Done (ms). */
  runMs: number;
  /** The kernel threads the page trained on at the end (from the status details). */
  threads: number;
  note: string;
}

export const ETA_READ_AT = 50;
export const ETA_TOLERANCE = 0.3;

/** "about 3 min 05 s left", "about 42 s left", "about 1 h 02 min left" → milliseconds. */
export function parseTimeLeft(text: string): number | null {
  const match = /about (?:(\d+) h )?(?:(\d+) min ?)?(?:(\d+) s)? left/.exec(text);
  if (!match || !match.slice(1).some(Boolean)) return null;
  const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

export async function measureEta(browser: Browser, appUrl: string): Promise<EtaCheck> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const failed = (note: string): EtaCheck => ({
    measured: false,
    iteration: 0,
    limit: 0,
    predictedMs: 0,
    actualMs: 0,
    error: NaN,
    runMs: 0,
    threads: 0,
    note,
  });
  try {
    await page.goto(`${appUrl}?dataset=mnist`);
    const summary = page.getByTestId('data-summary');
    await summary.filter({ hasText: 'MNIST' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const clickedAt = Date.now();
    const count = page.getByTestId('progress-count');
    const timeLeft = page.getByTestId('time-left');
    // Polled, not waited on an event: the reading must be the one a student sees at iteration 50.
    let iteration = 0;
    let limit = 0;
    let predictedMs: number | null = null;
    const deadline = Date.now() + 20 * 60_000;
    while (Date.now() < deadline) {
      const shown = (await count.textContent()) ?? '';
      const match = /Iteration ([\d,]+) of ([\d,]+)/.exec(shown);
      iteration = match ? Number(match[1].replace(/,/g, '')) : 0;
      limit = match ? Number(match[2].replace(/,/g, '')) : 0;
      if (iteration >= ETA_READ_AT) {
        predictedMs = parseTimeLeft((await timeLeft.textContent().catch(() => '')) ?? '');
        if (predictedMs !== null) break;
      }
      await page.waitForTimeout(100);
    }
    if (predictedMs === null) return failed(`no time left was shown by iteration ${iteration}`);
    const readAt = Date.now();
    await page
      .getByTestId('stop-reason')
      .filter({ hasText: /^(Done|Stopped)/ })
      .waitFor({ timeout: 30 * 60_000 });
    const actualMs = Date.now() - readAt;
    const runMs = Date.now() - clickedAt;
    const reason = (await page.getByTestId('stop-reason').textContent()) ?? '';
    const threads = await kernelThreadsShown(page);
    return {
      measured: true,
      iteration,
      limit,
      predictedMs,
      actualMs,
      error: (predictedMs - actualMs) / actualMs,
      runMs,
      threads,
      note: reason,
    };
  } catch (error) {
    return failed((error as Error).message.split('\n')[0]);
  } finally {
    await page.close();
  }
}

/** The bench report's section. */
export function etaSection(eta: EtaCheck | null): string[] {
  const lines = ['## Time left, as the page shows it (MNIST)', ''];
  if (!eta?.measured) return [...lines, `TODO: not measured — ${eta?.note ?? 'skipped'}.`, ''];
  const within = Math.abs(eta.error) <= ETA_TOLERANCE;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  return [
    ...lines,
    '| measure | value | target |',
    '| --- | --- | --- |',
    `| time left shown at iteration ${eta.iteration} of ${eta.limit} | ${seconds(eta.predictedMs)} | |`,
    `| time the run then took (wall clock, to the end) | ${seconds(eta.actualMs)} | |`,
    `| error | ${(eta.error * 100).toFixed(0)}% | within ±${ETA_TOLERANCE * 100}%: ${within ? 'yes' : 'no'} |`,
    `| how it ended | ${eta.note} | |`,
    `| the whole run, from the click on Train (${eta.threads} kernel thread${eta.threads > 1 ? 's' : ''} at the end) | ${seconds(eta.runMs)} | |`,
    '',
    'The time left is (limit − iteration) × the mean time per iteration over the last 50 iterations',
    '(src/state/progress.ts), the first iteration (start-up) left out.',
    '',
  ];
}
