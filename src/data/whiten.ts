/**
 * Whitening as in UFLDL's IMAGES.mat (Olshausen & Field's sparsenet code): a 1/f "whitening"
 * filter with a high-frequency roll-off, then a fixed variance.
 */
import { fft2 } from './fft';
import { meanAndVariance } from './moments';
import type { ImageStack } from './types';

/** The variance each whitened image is scaled to. */
export const WHITENED_VARIANCE = 0.1;

/** out = image · √(0.1 / var(image)), var the population variance (0 for a constant image). */
function scaleToVariance(image: Float64Array, out: Float32Array): void {
  const { variance } = meanAndVariance(image);
  const scale = variance > 0 ? Math.sqrt(WHITENED_VARIANCE / variance) : 0;
  for (let i = 0; i < image.length; i++) out[i] = image[i] * scale;
}

/**
 * Whitens each (square, N×N) image: Î = real(ifft2(fft2(I) · f·exp(−(f/f0)⁴))), f0 = 0.4·N,
 * f = √(fx² + fy²) the radial frequency in cycles/image; then Î ← Î·√0.1 / std(Î) (population std).
 */
export function whitenImages(stack: ImageStack): ImageStack {
  const { width, height, count } = stack;
  if (width !== height)
    throw new RangeError(`whitenImages needs square images, got ${width}×${height}`);
  const side = width;
  const area = side * side;
  const cutoff = 0.4 * side;
  const signedFrequency = (k: number) => (k < side / 2 ? k : k - side);
  const filter = new Float64Array(area);
  for (let ky = 0; ky < side; ky++) {
    const fy = signedFrequency(ky);
    for (let kx = 0; kx < side; kx++) {
      const fx = signedFrequency(kx);
      const f = Math.sqrt(fx * fx + fy * fy);
      filter[ky * side + kx] = f * Math.exp(-((f / cutoff) ** 4));
    }
  }
  const pixels = new Float32Array(stack.pixels.length);
  const re = new Float64Array(area);
  const im = new Float64Array(area);
  // Two images per complex transform, z = a + i·b: the filter is real and even, so the filtered
  // spectra of a and b stay Hermitian and the result's real and imaginary parts are a's and b's.
  for (let k = 0; k < count; k += 2) {
    const pair = k + 1 < count;
    for (let i = 0; i < area; i++) {
      re[i] = stack.pixels[k * area + i];
      im[i] = pair ? stack.pixels[(k + 1) * area + i] : 0;
    }
    fft2(re, im, side, side);
    for (let i = 0; i < area; i++) {
      re[i] *= filter[i];
      im[i] *= filter[i];
    }
    fft2(re, im, side, side, true);
    scaleToVariance(re, pixels.subarray(k * area, (k + 1) * area));
    if (pair) scaleToVariance(im, pixels.subarray((k + 1) * area, (k + 2) * area));
  }
  return { width, height, count, pixels };
}
