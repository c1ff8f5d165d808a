/**
 * The kernel's blocking, chosen on the machine it runs on (as ATLAS and XNNPACK choose kernels):
 * at start-up each candidate tile width (examples per tile, which sets how long the gradient
 * reductions run between float64 hand-offs and how much of the data stays in cache) evaluates a
 * slice of the run's own data for a few milliseconds, twice, interleaved; the fastest wins. The
 * choice is remembered for the session and, through a TileCache (IndexedDB in the worker), per
 * machine: keyed on the cores, a cheap fingerprint of the engine, the kernel's build and the shape.
 */
import { kernelBinaries } from './kernel-binary';

/** Tile widths (examples per tile) the autotune times. */
export const TILE_CANDIDATES = [32, 64, 128, 256] as const;
/** The widest candidate: scratch memory is planned for it. */
export const WIDEST_TILE = Math.max(...TILE_CANDIDATES);
/** FLOPs one timing should take at least (about 5–15 ms on one core of a recent CPU). */
const TIMING_FLOPS = 2e8;
/** Widest tiles per thread in a timing: each width then has several tiles to share out. */
const TILES_PER_THREAD = 4;
const ROUNDS = 3;

/** A store for tuned tiles that outlives the page (IndexedDB in the worker). */
export interface TileCache {
  get(key: string): Promise<number | undefined>;
  set(key: string, tile: number): Promise<void>;
}

export interface TileChoice {
  tile: number;
  /** 'measured' now, found in the 'cache', or 'given' by the caller. */
  source: 'measured' | 'cached' | 'given';
  /** Best time of each candidate, when measured (ms). */
  timings: { tile: number; milliseconds: number }[];
}

/** Tiles tuned in this thread's lifetime: a second model on the same shape does not re-time. */
const remembered = new Map<string, number>();

/** FNV-1a of a string, hex: the kernel build's identity in the key. */
function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 7) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

const KERNEL_BUILD = fnv(Object.values(kernelBinaries).join(''));

/** The cache key: cores, engine, kernel build, threads, FMA and the padded shape. */
export function tileKey(
  visiblePad: number,
  hiddenPad: number,
  threads: number,
  fma: boolean,
): string {
  const nav = globalThis.navigator as
    { hardwareConcurrency?: number; userAgent?: string } | undefined;
  const engine = fnv(nav?.userAgent ?? 'no user agent');
  const cores = nav?.hardwareConcurrency ?? 0;
  return `kernel ${KERNEL_BUILD}|cores ${cores}|engine ${engine}|${threads} threads|${fma ? 'fma' : 'no fma'}|${visiblePad}x${hiddenPad}`;
}

/** Examples a timing covers: at least TIMING_FLOPS and TILES_PER_THREAD widest tiles per thread. */
export function timingColumns(
  visiblePad: number,
  hiddenPad: number,
  threads: number,
  examples: number,
): number {
  const perColumn = 10 * visiblePad * hiddenPad;
  const wanted = Math.max(
    TILES_PER_THREAD * threads * WIDEST_TILE,
    Math.ceil(TIMING_FLOPS / perColumn),
  );
  return Math.min(examples, Math.ceil(wanted / 8) * 8);
}

/**
 * The tile to use: remembered, cached, or measured by `time` (ms one evaluation of the slice
 * takes at that tile), fastest of ROUNDS interleaved rounds. Cache failures only cost a re-tune.
 */
export async function chooseTile(
  key: string,
  time: (tile: number) => number,
  cache?: TileCache,
): Promise<TileChoice> {
  const known = remembered.get(key) ?? (await cache?.get(key).catch(() => undefined));
  if (known !== undefined && (TILE_CANDIDATES as readonly number[]).includes(known)) {
    remembered.set(key, known);
    return { tile: known, source: 'cached', timings: [] };
  }
  const best = new Map<number, number>(TILE_CANDIDATES.map((tile) => [tile, Infinity]));
  time(TILE_CANDIDATES[0]); // warm-up: the first pass pays for page faults and code tiering
  for (let round = 0; round < ROUNDS; round++)
    for (const tile of TILE_CANDIDATES) best.set(tile, Math.min(best.get(tile)!, time(tile)));
  const timings = [...best].map(([tile, milliseconds]) => ({ tile, milliseconds }));
  const tile = timings.reduce((a, b) => (b.milliseconds < a.milliseconds ? b : a)).tile;
  remembered.set(key, tile);
  await cache?.set(key, tile).catch(() => undefined);
  return { tile, source: 'measured', timings };
}

/** For tests: forget the tiles tuned in this thread. */
export function forgetTunedTiles(): void {
  remembered.clear();
}
