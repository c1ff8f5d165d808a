/**
 * The 2D context of the page's live canvases, drawn on the CPU. These canvases are small and
 * change a few times a second; an accelerated 2D canvas costs a GPU round trip per change, and
 * where WebGL runs in software (no GPU) a single redraw of a few hundred lines took the page from
 * 58 to 3 frames a second. `willReadFrequently` is the only way a page asks for a CPU canvas.
 * Context attributes are fixed by the first getContext call, so every call goes through here.
 */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  return canvas.getContext('2d', { willReadFrequently: true })!;
}
