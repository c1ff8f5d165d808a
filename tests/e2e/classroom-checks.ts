/** Measurements of the page for classroom mode: scrolling, clipped panels, text size, curve width. */
import type { Page } from '@playwright/test';

/** How far the page scrolls (0, 0 when it fits), and the panels whose content is cut off. */
export async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const clipped: string[] = [];
    for (const element of Array.from(
      document.querySelectorAll<HTMLElement>('.classroom-layout *'),
    )) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const name = `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`;
      if (rect.bottom > innerHeight + 0.5 || rect.right > innerWidth + 0.5)
        clipped.push(`${name} ends at ${Math.round(rect.right)}×${Math.round(rect.bottom)}`);
      else if (
        element.classList.contains('panel') &&
        element.scrollHeight > element.clientHeight + 1
      )
        clipped.push(`${name} holds ${element.scrollHeight} px in ${element.clientHeight}`);
    }
    return {
      down: root.scrollHeight - root.clientHeight,
      across: root.scrollWidth - root.clientWidth,
      clipped,
    };
  });
}

/** Every visible text (and canvas label) smaller than `fraction` of the viewport's height. */
export async function textsSmallerThan(page: Page, fraction: number): Promise<string[]> {
  return page.evaluate((fraction) => {
    const least = innerHeight * fraction;
    const small: string[] = [];
    const check = (element: Element, text: string) => {
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      if (style.visibility === 'hidden' || (rect.width === 0 && rect.height === 0)) return;
      const size = parseFloat(style.fontSize);
      if (size < least - 0.01) {
        const name = `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`;
        small.push(`${name} ${size.toFixed(1)} px: “${text.slice(0, 40)}”`);
      }
    };
    const app = document.querySelector('.app')!;
    const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      if (text && node.parentElement) check(node.parentElement, text);
    }
    // Labels drawn on canvases take the canvas's font size.
    for (const canvas of Array.from(app.querySelectorAll('canvas.activation-canvas')))
      check(canvas, 'canvas');
    return small;
  }, fraction);
}

/**
 * The width of the cost chart's drawn curves in CSS pixels: the median height of the runs of
 * painted pixels down the canvas's middle columns (a curve's vertical cut is at least its width).
 */
export async function curveWidth(page: Page): Promise<number> {
  return page.locator('canvas.live-curves').evaluate((element) => {
    const canvas = element as HTMLCanvasElement;
    const { data, width, height } = canvas
      .getContext('2d')!
      .getImageData(0, 0, canvas.width, canvas.height);
    const runs: number[] = [];
    for (let x = Math.floor(width * 0.3); x < width * 0.7; x += 7) {
      let run = 0;
      for (let y = 0; y <= height; y++) {
        const painted = y < height && data[(y * width + x) * 4 + 3] > 127;
        if (painted) run++;
        else if (run > 0) {
          runs.push(run);
          run = 0;
        }
      }
    }
    runs.sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)] ?? 0;
    return median / (canvas.width / canvas.getBoundingClientRect().width);
  });
}
