/**
 * The app's main thread while it trains a preset (natural or MNIST): the longest task (Long Tasks
 * API, which reports tasks of 50 ms and more), the longest gap between frames and the frame rate
 * (requestAnimationFrame), the live views' update rate (changes of the status line, which every
 * publication of the stream rewrites) and the kernel threads the page settled on, from a click on
 * Train until training ends or the window closes.
 */
import type { Browser } from '@playwright/test';
import { cpuBetween, sampleCpu, type CpuSplit } from './cpu-split';
import { kernelThreadsShown } from './page-status';

export interface Smoothness {
  measured: boolean;
  longestTaskMs: number;
  longTasks: number;
  longestFrameGapMs: number;
  framesPerSecond: number;
  seconds: number;
  note: string;
  /** What the page said of its backend before Train: 'auto' measures on the loaded data. */
  backendPick: string;
  /** The same page before Train was clicked. */
  idleFramesPerSecond: number;
  idleLongestTaskMs: number;
  /** Publications of the live views a second while training (repaints of the cost curves). */
  updatesPerSecond: number;
  /** Changes of the status line's text a second (held to a few on purpose). */
  statusUpdatesPerSecond: number;
  /** Kernel threads the page trained on at the end of the window (from its backend note). */
  threads: number;
  /** The page's backend note at the end of the window. */
  backendNote: string;
  /**
   * Click on Train to Done, when the run finished within the window (ms); else null. Timed in the
   * page, from the click's event to the status line's change: not by the harness, whose click
   * (its checks that the button is ready) and polling of the status added a quarter of a second.
   */
  runMs: number | null;
  /** Iterations the page reported at the end of the window. */
  iterations: number;
  /** The browser's CPU time by kind of thread from the click to Done (or the window's end). */
  cpu: CpuSplit | null;
}

const WINDOW_MS = 10_000;
/** The backend note in the status line's details (what the page measured and chose). */
const NOTE = `document.querySelector('.status-details .muted')?.textContent ?? ''`;

interface Summary {
  longest: number;
  count: number;
  gap: number;
  fps: number;
  updates: number;
  statusUpdates: number;
}
const SUMMARY = `(() => {
  const state = window.__smooth;
  const frames = state.frames;
  let gap = 0;
  for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1]);
  const span = frames.length > 1 ? (frames[frames.length - 1] - frames[0]) / 1000 : 0;
  const rate = (u) => (u.length > 1 ? (u.length - 1) / ((u[u.length - 1] - u[0]) / 1000) : 0);
  const paints = window.__curvePaints.filter((t) => t >= state.since);
  return { longest: state.longest, count: state.count, gap, fps: span > 0 ? (frames.length - 1) / span : 0, updates: rate(paints), statusUpdates: rate(state.updates) };
})()`;
const RESET = `(() => { const s = window.__smooth; s.longest = 0; s.count = 0; s.frames = []; s.updates = []; s.since = performance.now(); })()`;

export async function measureSmoothness(
  browser: Browser,
  appUrl: string,
  screenshotPath: string,
  preset: 'natural' | 'mnist' = 'natural',
): Promise<Smoothness> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const empty = (note: string): Smoothness => ({
    measured: false,
    longestTaskMs: 0,
    longTasks: 0,
    longestFrameGapMs: 0,
    framesPerSecond: 0,
    seconds: 0,
    note,
    backendPick: '',
    idleFramesPerSecond: 0,
    idleLongestTaskMs: 0,
    updatesPerSecond: 0,
    statusUpdatesPerSecond: 0,
    threads: 0,
    backendNote: '',
    runMs: null,
    iterations: 0,
    cpu: null,
  });
  try {
    // The live cost curves are a canvas the page clears and redraws at each publication of the
    // live views: its clears are the live views' updates (the status line's text is held to a
    // few changes a second on purpose, so that it can be read).
    await page.addInitScript(`(() => {
      window.__curvePaints = [];
      const clear = CanvasRenderingContext2D.prototype.clearRect;
      CanvasRenderingContext2D.prototype.clearRect = function (...args) {
        if (this.canvas.classList.contains('live-curves')) window.__curvePaints.push(performance.now());
        return clear.apply(this, args);
      };
    })()`);
    await page.goto(appUrl);
    const train = page.getByRole('button', { name: 'Train', exact: true });
    try {
      await train.waitFor({ timeout: 30_000 });
      if (preset === 'mnist') await page.getByRole('button', { name: 'UFLDL MNIST' }).click();
      await page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll('button')).some(
            (b) => b.textContent?.trim() === 'Train' && !b.disabled,
          ),
        undefined,
        { timeout: 120_000 },
      );
    } catch {
      return empty('the app shows no enabled Train button');
    }
    // Strings, not functions: the bundler's helpers (__name) do not exist in the page.
    await page.evaluate(`(() => {
      const state = { longest: 0, count: 0, frames: [], updates: [], since: 0 };
      window.__smooth = state;
      new MutationObserver(() => state.updates.push(performance.now())).observe(
        document.querySelector('.status-text'), { childList: true, characterData: true, subtree: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          state.longest = Math.max(state.longest, entry.duration);
          state.count++;
        }
      }).observe({ type: 'longtask' });
      // When Train is clicked and when the status line stops saying Training: the run's time.
      state.clickAt = null;
      state.doneAt = null;
      const train = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Train');
      train?.addEventListener('click', () => { state.clickAt ??= performance.now(); }, { capture: true });
      state.training = false;
      const line = document.querySelector('.status-line');
      new MutationObserver(() => {
        if (/Training/.test(line.textContent)) state.training = true;
        else if (state.training && state.doneAt === null) state.doneAt = performance.now();
      }).observe(line, { childList: true, characterData: true, subtree: true });
      const tick = (t) => {
        state.frames.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    // textContent, not innerText: reading the page must not force it to lay itself out.
    const statusText = async () => (await page.locator('.status-line').textContent()) ?? '';
    const iterationOf = async () => Number(/Iteration (\d+)/.exec(await statusText())?.[1] ?? NaN);
    // The idle page first: what this machine gives a page that does nothing.
    await page.waitForTimeout(3000);
    const idle = (await page.evaluate(SUMMARY)) as Summary;
    const backendPick = (await page.evaluate(NOTE)) as string;
    await page.evaluate(RESET);
    const before = sampleCpu();
    const started = Date.now();
    await train.click();
    // Waited on in the page, which checks its own flag: the harness's round trips to read the
    // status would take the page's main thread from it while it trains.
    await page
      .waitForFunction(
        () => (window as unknown as { __smooth: { doneAt: number | null } }).__smooth.doneAt,
        undefined,
        { timeout: WINDOW_MS, polling: 100 },
      )
      .catch(() => undefined); // the window ended first
    const times = (await page.evaluate(
      `({ training: window.__smooth.training, clickAt: window.__smooth.clickAt, doneAt: window.__smooth.doneAt })`,
    )) as { training: boolean; clickAt: number | null; doneAt: number | null };
    const trained = times.training;
    const runMs =
      times.clickAt !== null && times.doneAt !== null ? times.doneAt - times.clickAt : null;
    const after = sampleCpu();
    const seconds = (Date.now() - started) / 1000;
    const iterations = await iterationOf();
    const status = (await page.getByRole('status').textContent()) ?? '';
    const result = (await page.evaluate(SUMMARY)) as Summary;
    const backendNote = (await page.evaluate(NOTE)) as string;
    const threads = await kernelThreadsShown(page);
    await page.screenshot({ path: screenshotPath });
    return {
      measured: trained,
      longestTaskMs: result.longest,
      longTasks: result.count,
      longestFrameGapMs: result.gap,
      framesPerSecond: result.fps,
      seconds: Math.round(seconds * 10) / 10,
      backendPick,
      idleFramesPerSecond: idle.fps,
      idleLongestTaskMs: idle.longest,
      updatesPerSecond: result.updates,
      statusUpdatesPerSecond: result.statusUpdates,
      threads,
      backendNote,
      runMs,
      iterations,
      cpu: before && after ? cpuBetween(before, after) : null,
      note: trained
        ? `${iterations} iterations by the end of the window; status: ${status}`
        : 'training did not start within the window',
    };
  } finally {
    await page.close();
  }
}
