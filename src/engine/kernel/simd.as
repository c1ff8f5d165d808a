// The cost kernel's shared ground (AssemblyScript; see kernel.as for the whole computation): the
// layout of a thread's job descriptor and the SIMD helpers every pass uses. Everything is float32,
// four examples to a v128 lane group.

// Job descriptor: i32 slots (byte offset = 4 · slot).
export const DATA: usize = 0;
export const LD: usize = 4;
export const START: usize = 8;
export const END: usize = 12;
export const COUNT: usize = 16;
export const VISIBLE: usize = 20;
export const VISIBLE_PAD: usize = 24;
export const HIDDEN: usize = 28;
export const HIDDEN_PAD: usize = 32;
export const W1: usize = 36;
export const W2: usize = 40;
export const B1: usize = 44;
export const B2: usize = 48;
export const SPARSITY_DELTA: usize = 52;
export const A2: usize = 56;
export const OUT_TILE: usize = 60;
export const HIDDEN_TILE: usize = 64;
export const TILE: usize = 68;
export const HIDDEN_SUM: usize = 72;
export const GRAD_W1: usize = 76;
export const GRAD_W2: usize = 80;
export const GRAD_B1: usize = 84;
export const GRAD_B2: usize = 88;
export const SQUARED_ERROR: usize = 92;
/** Scratch for the tile's columns of x and of a2, copied contiguous (backward). */
export const X_TILE: usize = 96;
export const A2_TILE: usize = 100;
/**
 * The pass's shared tile counter (0: none, the job's own columns in order): a 64-bit word, the
 * pass's generation above the next tile's first column. Threads sharing a pass take its tiles from
 * it as they finish one, so a thread the system interrupts (the page drawing) delays the pass by
 * the tile it holds, not by the whole of its share; a thread that comes late, or wakes for a pass
 * that is over, finds no tile of its generation and does nothing.
 */
export const COUNTER: usize = 104;
/** Columns of the pass finished so far (an i32 the calling thread waits on; with COUNTER). */
export const DONE: usize = 108;

@inline
export function field(job: usize, slot: usize): i32 {
  return load<i32>(job + slot);
}

@inline
export function ptr(job: usize, slot: usize): usize {
  return <usize>load<u32>(job + slot);
}

/**
 * Called by a thread sharing a pass's tiles before it claims one: while the page says it is busy
 * and tiles are left to claim, the thread waits there, so the page's short bursts of work have the
 * cores to themselves (kernel-threads.ts, src/state/page-busy.ts). Returns at once otherwise.
 */
// @ts-ignore: decorator
@external("env", "stepAside")
declare function stepAside(counter: usize, end: i32): void;

/**
 * The first column of the next tile this thread takes: with a counter, claimed from it while it
 * holds tiles of `generation` (else `end`: the pass is over for this thread); without, the one
 * after `column`.
 */
@inline
export function nextTile(counter: usize, generation: i32, column: i32, tile: i32, end: i32): i32 {
  if (!counter) return column + tile;
  if (ASC_FEATURE_THREADS) {
    stepAside(counter, end);
    for (;;) {
      const seen = atomic.load<i64>(counter);
      const next = <i32>seen;
      if (<i32>(seen >>> 32) != generation || next >= end) return end;
      if (atomic.cmpxchg<i64>(counter, seen, seen + <i64>tile) == seen) return next;
    }
  }
  const claimed = load<i32>(counter);
  store<i32>(counter, claimed + tile);
  return claimed;
}

/** The job's first tile: see nextTile (a job with no columns claims none). */
@inline
export function firstTile(counter: usize, generation: i32, start: i32, end: i32, tile: i32): i32 {
  if (!counter || start >= end) return start;
  return nextTile(counter, generation, start, tile, end);
}

/**
 * A tile of `width` columns is finished (its sums written): counted on the pass's done word, and
 * the calling thread woken when it was the pass's last (kernel-threads.ts waits for all columns).
 */
@inline
export function tileDone(counter: usize, done: usize, width: i32, end: i32): void {
  if (ASC_FEATURE_THREADS) {
    if (counter && atomic.add<i32>(done, width) + width >= end) atomic.notify(done, 1);
  }
}

/** a·b + c, fused where the machine has FMA. */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline
export function hsum(v: v128): f64 {
  return <f64>(
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** (Σa, Σb, Σc, Σd): four horizontal sums at once, by two rounds of lane shuffles and adds. */
@inline
export function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  // (a0 + a2, b0 + b2, a1 + a3, b1 + b3) and the same for c, d.
  const ab = f32x4.add(v128.shuffle<f32>(a, b, 0, 4, 1, 5), v128.shuffle<f32>(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(v128.shuffle<f32>(c, d, 0, 4, 1, 5), v128.shuffle<f32>(c, d, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(ab, cd, 0, 1, 4, 5), v128.shuffle<f32>(ab, cd, 2, 3, 6, 7));
}

/** g[0..1] += the low two lanes of s, g[gRow..gRow + 1] += the high two, in float64. */
@inline
export function addPairs(g: usize, gRow: usize, s: v128): void {
  v128.store(g, f64x2.add(v128.load(g), f64x2.promote_low_f32x4(s)));
  const high = f64x2.promote_low_f32x4(v128.shuffle<f32>(s, s, 2, 3, 0, 1));
  v128.store(g + gRow, f64x2.add(v128.load(g + gRow), high));
}

/** All-ones lanes where column + lane < valid. */
@inline
export function columnMask(column: i32, valid: i32): v128 {
  return i32x4.lt_s(i32x4.add(i32x4.splat(column), i32x4(0, 1, 2, 3)), i32x4.splat(valid));
}

/** σ(z) = 1/(1 + e^−z); e^x = 2^n·p(r), x = n·ln2 + r, |r| ≤ ln2/2 (Cephes expf polynomial). */
@inline
export function sigmoid(z: v128): v128 {
  let x = f32x4.min(f32x4.max(f32x4.neg(z), f32x4.splat(-87.0)), f32x4.splat(87.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  x = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  x = f32x4.add(x, f32x4.mul(n, f32x4.splat(2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, x, f32x4.splat(1.3981999507e-3));
  p = madd(p, x, f32x4.splat(8.3334519073e-3));
  p = madd(p, x, f32x4.splat(4.1665795894e-2));
  p = madd(p, x, f32x4.splat(1.6666665459e-1));
  p = madd(p, x, f32x4.splat(5.0000001201e-1));
  p = madd(p, f32x4.mul(x, x), f32x4.add(x, f32x4.splat(1.0)));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const e = f32x4.mul(p, scale);
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), e));
}
