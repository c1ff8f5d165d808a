/**
 * The ceiling measurement in the benchmark page (one thread, the page's own): f32x4 multiply-add
 * throughput with and without relaxed SIMD's fused multiply-add, then each of the five MNIST-shaped
 * products by a plain packed SIMD GEMM and by the kernel's own passes at several tile widths.
 * Driven by scripts/bench/ceiling.ts through window.runCeiling.
 */

export interface CeilingRequest {
  /** ceiling.as compiled without and with relaxed SIMD (base64). */
  plain: string;
  relaxed: string;
  visible: number;
  hidden: number;
  examples: number;
  tiles: number[];
}

export interface ProductTiming {
  name: string;
  gflop: number;
  /** GFLOP/s of the multiply-add chains just before this product (the machine is shared). */
  peak: number;
  /** GFLOP/s of the plain packed GEMM. */
  gemm: number;
  /** GFLOP/s of the kernel's pass for this product, per tile width. */
  kernel: { tile: number; gflops: number }[];
}

export interface CeilingOutcome {
  /** GFLOP/s of one thread: relaxed SIMD FMA (null when the engine has none) and mul + add. */
  fmaRelaxed: number | null;
  fmaPlain: number;
  products: ProductTiming[];
}

interface CeilingExports {
  fmaPeak(rounds: number, multiplier: number, addend: number): number;
  gemm(...args: number[]): void;
  kernelProduct(...args: number[]): void;
}

declare global {
  interface Window {
    runCeiling(request: CeilingRequest): Promise<CeilingOutcome>;
  }
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const PAGE = 65536;
const up = (n: number, k: number) => Math.ceil(n / k) * k;

function instantiate(
  base64: string,
  bytes: number,
): { kernel: CeilingExports; heap: Float32Array } {
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) + 1, maximum: 65536 });
  const module = new WebAssembly.Module(bytesOf(base64));
  const kernel = new WebAssembly.Instance(module, { env: { memory } })
    .exports as unknown as CeilingExports;
  return { kernel, heap: new Float32Array(memory.buffer) };
}

/**
 * The best GFLOP/s of `runs` timings of `task`, which does `gflop` GFLOP, after one call untimed:
 * WebAssembly starts in the engine's baseline compiler and a function's optimized code is used
 * only from a call after it is ready (there is no on-stack replacement), so a first call is no
 * measure of the CPU.
 */
function best(gflop: number, runs: number, task: () => void): number {
  task();
  let fastest = Infinity;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    task();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return gflop / (fastest / 1000);
}

/** GFLOP/s of one thread's 12 multiply-add chains, read as often as asked. */
type PeakMeter = (ms: number, runs: number) => number;

/**
 * A meter of the multiply-add throughput: one instance, first called over and over in short calls
 * until the engine's optimized code runs, then each reading the best of `runs` calls of about `ms`.
 * WebAssembly starts in the baseline compiler, which keeps the chains in memory (about a third of
 * the optimized rate here), and the optimized code, compiled in the background, is used from a call
 * after it is ready, which can take a second when the engine's threads are busy: the warm-up goes
 * on until the rate has not risen for WARM_QUIET_MS, and for at least WARM_MIN_MS.
 */
const WARM_MIN_MS = 1500;
const WARM_QUIET_MS = 1000;
const WARM_MAX_MS = 8000;

function peakMeter(base64: string): PeakMeter {
  const { kernel } = instantiate(base64, PAGE);
  const rate = (rounds: number) => {
    const started = performance.now();
    kernel.fmaPeak(rounds, 0.999999, 1e-7);
    return { ms: performance.now() - started, gflop: (rounds * 96) / 1e9 };
  };
  // Calls of about 2 ms while it warms up.
  let rounds = 1 << 14;
  for (let t = rate(rounds); t.ms < 2 && rounds < 1 << 26; t = rate(rounds)) rounds *= 2;
  const warming = performance.now();
  let top = 0;
  let topAt = warming;
  for (let now = warming; now - warming < WARM_MAX_MS; now = performance.now()) {
    if (now - warming >= WARM_MIN_MS && now - topAt >= WARM_QUIET_MS) break;
    const t = rate(rounds);
    const gflops = t.gflop / (Math.max(t.ms, 0.005) / 1000);
    if (gflops > top * 1.02) [top, topAt] = [gflops, performance.now()];
  }
  return (ms, runs) => {
    const timed = Math.max(1, Math.round((rounds * ms) / Math.max(0.005, rate(rounds).ms)));
    return best((timed * 96) / 1e9, runs, () => kernel.fmaPeak(timed, 0.999999, 1e-7));
  };
}

function products(request: CeilingRequest, peak: PeakMeter): ProductTiming[] {
  const v = request.visible;
  const h = up(request.hidden, 8);
  const m = request.examples;
  const ld = up(m, 8);
  const maxTile = Math.max(...request.tiles);
  let at = 64;
  const take = (bytes: number) => {
    const offset = at;
    at = up(at + bytes, 64);
    return offset;
  };
  const x = take(4 * v * ld);
  const hiddenRows = take(4 * h * ld);
  const out = take(4 * v * maxTile);
  const hid = take(4 * h * maxTile);
  const w1 = take(4 * h * v);
  const w2 = take(4 * v * h);
  const bias = take(4 * Math.max(v, h));
  const g = take(8 * v * h);
  const c = take(4 * Math.max(v, h) * ld);
  const packA = take(4 * 64 * 256);
  const packB = take(4 * 256 * 512);
  const { kernel, heap } = instantiate(request.relaxed || request.plain, at);
  // Values in the range the kernel sees (activations in 0…1, small weights).
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) as number;
  for (let i = x / 4; i < g / 4; i++) heap[i] = random() * (i < w1 / 4 ? 1 : 0.05);
  const hh = request.hidden;
  const flop = (2 * v * hh * m) / 1e9;
  const runs = 3;
  const shapes: [string, () => void, number][] = [
    ['W1·X', () => kernel.gemm(w1, 4 * v, 4, x, 4 * ld, 4, c, 4 * ld, hh, ld, v, packA, packB), 1],
    [
      'W2·H',
      () => kernel.gemm(w2, 4 * h, 4, hiddenRows, 4 * ld, 4, c, 4 * ld, v, ld, hh, packA, packB),
      2,
    ],
    [
      'W2ᵀ·δ3',
      () => kernel.gemm(w2, 4, 4 * h, x, 4 * ld, 4, c, 4 * ld, hh, ld, v, packA, packB),
      3,
    ],
    [
      'δ3·Hᵀ',
      () => kernel.gemm(x, 4 * ld, 4, hiddenRows, 4, 4 * ld, c, 4 * h, v, h, m, packA, packB),
      4,
    ],
    [
      'δ2·Xᵀ',
      () => kernel.gemm(hiddenRows, 4 * ld, 4, x, 4, 4 * ld, c, 4 * v, hh, v, m, packA, packB),
      5,
    ],
  ];
  return shapes.map(([name, gemm, product]) => ({
    name,
    gflop: flop,
    peak: peak(30, 3),
    gemm: best(flop, runs, gemm),
    kernel: request.tiles.map((tile) => ({
      tile,
      gflops: best(flop, runs, () =>
        kernel.kernelProduct(product, tile, m, ld, v, hh, x, hiddenRows, out, hid, w1, w2, bias, g),
      ),
    })),
  }));
}

window.runCeiling = async (request) => {
  const relaxed = WebAssembly.validate(bytesOf(request.relaxed)) ? request.relaxed : '';
  const plain = peakMeter(request.plain);
  const fused = relaxed ? peakMeter(relaxed) : null;
  return {
    fmaRelaxed: fused ? fused(100, 5) : null,
    fmaPlain: plain(100, 5),
    products: products({ ...request, relaxed }, fused ?? plain),
  };
};
