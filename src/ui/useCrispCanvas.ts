import { context2d } from './canvas2d';
import { useCallback, useEffect, useRef } from 'react';
import type { RgbaImage } from './tiles';
import { useFramePainter } from './useFramePainter';

/**
 * Draws small images (a few pixels per weight) on a canvas scaled by a whole number, so every
 * weight is an exact square of screen pixels at any zoom: the backing store is the image itself
 * and the page scales it by an integer factor of device pixels with `image-rendering: pixelated`
 * (the canvas's class). The factor follows the width of the canvas's parent and at most
 * `maxCssHeight` pixels (and, with `fillHeight`, the parent's height, which the layout sets). Keeping the backing store at the image's size keeps each repaint small
 * (a 45×45 mosaic, not 420×420) while training updates it several times a second.
 * `draw(image)` only records the image: it is painted at the next animation frame while the
 * canvas is on screen (the last image of several in one frame), and never forces a layout.
 */
export function useCrispCanvas(maxCssHeight = Infinity, fillHeight = false) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const lastImage = useRef<RgbaImage | null>(null);
  /** The parent's width as the ResizeObserver last measured it (no layout read when painting). */
  const parentWidth = useRef(0);
  const parentHeight = useRef(Infinity);
  const cssSize = useRef('');

  const paint = useCallback(() => {
    const canvas = canvasRef.current;
    const image = lastImage.current;
    if (!canvas) return;
    if (!image || image.width === 0) {
      canvas.width = 0;
      canvas.height = 0;
      return;
    }
    // Measured once here only if the observer has not reported yet (the first frame).
    if (parentWidth.current === 0) {
      parentWidth.current = canvas.parentElement?.clientWidth ?? 0;
      if (fillHeight) parentHeight.current = canvas.parentElement?.clientHeight ?? Infinity;
    }
    const ratio = window.devicePixelRatio || 1;
    const height = Math.min(maxCssHeight, fillHeight ? parentHeight.current : Infinity);
    const available = Math.min(parentWidth.current / image.width, height / image.height);
    // Below one device pixel per weight (a thumbnail of a large mosaic) the browser shrinks it.
    const shrink = available > 0 && available * ratio < 1;
    const factor = shrink ? 1 : Math.max(1, Math.floor(available * ratio || 1));
    if (canvas.width !== image.width) canvas.width = image.width;
    if (canvas.height !== image.height) canvas.height = image.height;
    const cssScale = shrink ? available : factor / ratio;
    const size = `${image.width * cssScale}px ${image.height * cssScale}px`;
    if (cssSize.current !== size) {
      cssSize.current = size;
      canvas.style.width = `${image.width * cssScale}px`;
      canvas.style.height = `${image.height * cssScale}px`;
    }
    const pixels = new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width);
    context2d(canvas).putImageData(pixels, 0, 0);
  }, [maxCssHeight, fillHeight]);

  const request = useFramePainter(canvasRef, paint);

  const draw = useCallback(
    (image: RgbaImage | null) => {
      lastImage.current = image;
      request();
    },
    [request],
  );

  useEffect(() => {
    const parent = canvasRef.current?.parentElement;
    if (!parent) return;
    const observer = new ResizeObserver(() => {
      // Read inside the observer's callback, where layout is already up to date.
      const height = fillHeight ? parent.clientHeight : Infinity;
      if (parent.clientWidth === parentWidth.current && height === parentHeight.current) return;
      parentWidth.current = parent.clientWidth;
      parentHeight.current = height;
      request();
    });
    observer.observe(parent);
    return () => observer.disconnect();
  }, [request, fillHeight]);

  return { canvasRef, draw };
}
