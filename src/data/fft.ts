/**
 * Complex discrete Fourier transforms of any length: iterative radix-2 for powers of two,
 * Bluestein's chirp-z (through a radix-2 transform of length ≥ 2n − 1) otherwise.
 * Forward: X_k = Σ_j x_j e^(−2πi·jk/n); inverse: x_j = (1/n) Σ_k X_k e^(+2πi·jk/n) (numpy.fft's convention).
 */

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** In-place radix-2 forward transform; n must be a power of two. */
function radix2(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const angle = (-2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
      for (let start = 0; start < n; start += size) {
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

interface BluesteinPlan {
  size: number;
  chirpRe: Float64Array;
  chirpIm: Float64Array;
  /** FFT of the conjugate chirp, wrapped for circular convolution. */
  kernelRe: Float64Array;
  kernelIm: Float64Array;
}

const plans = new Map<number, BluesteinPlan>();

function bluesteinPlan(n: number): BluesteinPlan {
  const cached = plans.get(n);
  if (cached) return cached;
  let size = 1;
  while (size < 2 * n - 1) size <<= 1;
  const chirpRe = new Float64Array(n);
  const chirpIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (-Math.PI * ((k * k) % (2 * n))) / n; // e^(−iπk²/n), k² reduced mod 2n for accuracy
    chirpRe[k] = Math.cos(angle);
    chirpIm[k] = Math.sin(angle);
  }
  const kernelRe = new Float64Array(size);
  const kernelIm = new Float64Array(size);
  kernelRe[0] = chirpRe[0];
  kernelIm[0] = -chirpIm[0];
  for (let k = 1; k < n; k++) {
    kernelRe[k] = kernelRe[size - k] = chirpRe[k];
    kernelIm[k] = kernelIm[size - k] = -chirpIm[k];
  }
  radix2(kernelRe, kernelIm);
  const plan = { size, chirpRe, chirpIm, kernelRe, kernelIm };
  plans.set(n, plan);
  return plan;
}

function bluestein(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  const { size, chirpRe, chirpIm, kernelRe, kernelIm } = bluesteinPlan(n);
  const aRe = new Float64Array(size);
  const aIm = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    aRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
    aIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
  }
  radix2(aRe, aIm);
  for (let k = 0; k < size; k++) {
    const r = aRe[k] * kernelRe[k] - aIm[k] * kernelIm[k];
    const i = aRe[k] * kernelIm[k] + aIm[k] * kernelRe[k];
    aRe[k] = r;
    aIm[k] = -i; // conjugate, so a forward transform computes the inverse
  }
  radix2(aRe, aIm);
  for (let k = 0; k < n; k++) {
    const r = aRe[k] / size;
    const i = -aIm[k] / size;
    re[k] = r * chirpRe[k] - i * chirpIm[k];
    im[k] = r * chirpIm[k] + i * chirpRe[k];
  }
}

/** In-place 1-D DFT of any length n ≥ 1; inverse includes the 1/n factor (numpy.fft.fft / ifft). */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError('fft: real and imaginary parts differ in length');
  if (inverse) for (let k = 0; k < n; k++) im[k] = -im[k];
  if (isPowerOfTwo(n)) radix2(re, im);
  else if (n > 1) bluestein(re, im);
  if (inverse)
    for (let k = 0; k < n; k++) {
      re[k] /= n;
      im[k] = -im[k] / n;
    }
}

/** In-place 2-D DFT of a rows × columns row-major array: 1-D transforms along each row, then each column. */
export function fft2(
  re: Float64Array,
  im: Float64Array,
  rows: number,
  columns: number,
  inverse = false,
): void {
  for (let r = 0; r < rows; r++) {
    fft(
      re.subarray(r * columns, (r + 1) * columns),
      im.subarray(r * columns, (r + 1) * columns),
      inverse,
    );
  }
  const colRe = new Float64Array(rows);
  const colIm = new Float64Array(rows);
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) {
      colRe[r] = re[r * columns + c];
      colIm[r] = im[r * columns + c];
    }
    fft(colRe, colIm, inverse);
    for (let r = 0; r < rows; r++) {
      re[r * columns + c] = colRe[r];
      im[r * columns + c] = colIm[r];
    }
  }
}
