/**
 * What a browser does with the page's pixels, as chrome://gpu reports it: how it composites and
 * rasterizes the page (on a GPU driver, or in software) and what draws WebGL. The benchmark writes
 * it beside the page's frame rates, which depend on it more than on anything the page does.
 */
import type { Browser } from '@playwright/test';

export interface Compositing {
  /** "Software only. Hardware acceleration disabled", "Hardware accelerated", … */
  compositing: string;
  rasterization: string;
  /** The WebGL renderer a page sees (UNMASKED_RENDERER_WEBGL), or why there is none. */
  webgl: string;
}

export async function compositingOf(browser: Browser): Promise<Compositing> {
  const page = await browser.newPage();
  try {
    await page.goto('about:blank');
    const webgl = await page.evaluate(`(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return 'no WebGL 2';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'WebGL 2';
    })()`);
    await page.goto('chrome://gpu');
    // The feature list is rendered into the info view's shadow root once the GPU process answers.
    const rows = (await page
      .waitForFunction(
        `(() => {
          const root = document.querySelector('info-view')?.shadowRoot;
          const rows = root ? [...root.querySelectorAll('li')].map((li) => li.textContent.replace(/\\s+/g, ' ').replace(/^[*\\s]+/, '').trim()) : [];
          return rows.some((r) => r.startsWith('Compositing:')) ? rows : null;
        })()`,
        undefined,
        { timeout: 10_000 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => [])) as string[];
    const feature = (name: string) =>
      rows
        .find((r) => r.startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim() ?? 'not reported';
    return {
      compositing: feature('Compositing'),
      rasterization: feature('Rasterization'),
      webgl: String(webgl),
    };
  } finally {
    await page.close();
  }
}
