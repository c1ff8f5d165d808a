/**
 * Pure image layout for the views that show weights or examples as tiles: the filter mosaic
 * (UFLDL's display_network look), the sample strip and the reconstructions. No DOM here, so the
 * layout and the gray levels are tested in Node.
 */

export interface TileGrid {
  rows: number;
  columns: number;
}

export interface TileShape {
  width: number;
  height: number;
}

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** display_network's grid: a square when count is a square (25 → 5×5, 196 → 14×14), else the
 * first column count from ⌈√count⌉ that divides count (up to 1.2·√count), rows = ⌈count / columns⌉. */
export function mosaicGrid(count: number): TileGrid {
  if (count <= 0) return { rows: 0, columns: 0 };
  const root = Math.sqrt(count);
  if (Number.isInteger(root)) return { rows: root, columns: root };
  let columns = Math.ceil(root);
  while (count % columns !== 0 && columns < 1.2 * root) columns += 1;
  return { rows: Math.ceil(count / columns), columns };
}

/** The tile of a feature vector of length `size`: square when it can be, else ⌈√size⌉ wide. */
export function tileShape(size: number, side?: number): TileShape {
  if (side && side > 0 && size % side === 0) return { width: side, height: size / side };
  const root = Math.round(Math.sqrt(size));
  if (root * root === size) return { width: root, height: root };
  const width = Math.ceil(Math.sqrt(size));
  return { width, height: Math.ceil(size / width) };
}

/**
 * Writes tile k's gray levels into `levels` (one per pixel of the tile, row-major: i = row·width +
 * column; levels outside [0, 1] are clipped). Called once per tile, so a renderer's inner loop is
 * its own plain loop over one tile, not a call per pixel.
 */
export type TileFill = (tile: number, levels: Float64Array) => void;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Gray level g (0…255) as an opaque RGBA pixel read as one 32-bit word in this machine's byte order. */
function grayWord(g: number): number {
  return LITTLE_ENDIAN
    ? (0xff000000 | (g << 16) | (g << 8) | g) >>> 0
    : ((g << 24) | (g << 16) | (g << 8) | 0xff) >>> 0;
}

/** The 256 gray pixels as words, looked up per pixel. */
const GRAY_WORDS = Uint32Array.from({ length: 256 }, (_, g) => grayWord(g));

/**
 * A layout of tiles made a few tiles at a time: `step` lays out tiles until `stop()` says so (it
 * is asked after each tile) and returns true once every tile is in `image`.
 */
export interface TileLayout {
  readonly image: RgbaImage;
  step(stop: () => boolean): boolean;
}

/** `count` tiles with a one-pixel black border, each tile's levels written by `fill`. */
export function tileLayout(
  count: number,
  shape: TileShape,
  grid: TileGrid,
  fill: TileFill,
): TileLayout {
  const width = grid.columns * (shape.width + 1) + 1;
  const height = grid.rows * (shape.height + 1) + 1;
  const rgba = new Uint8ClampedArray(width * height * 4);
  // One 32-bit word per pixel: gray g is bytes g, g, g, 255 (opaque), the borders opaque black.
  const words = new Uint32Array(rgba.buffer);
  words.fill(GRAY_WORDS[0]);
  const levels = new Float64Array(shape.width * shape.height);
  let tile = 0;
  return {
    image: { width, height, rgba },
    step(stop) {
      for (; tile < count;) {
        levels.fill(0);
        fill(tile, levels);
        const top = 1 + Math.floor(tile / grid.columns) * (shape.height + 1);
        const left = 1 + (tile % grid.columns) * (shape.width + 1);
        let pixel = 0;
        for (let row = 0; row < shape.height; row++) {
          let at = (top + row) * width + left;
          for (let column = 0; column < shape.width; column++, pixel++, at++) {
            // Clipped to [0, 1] and rounded to the nearest of 256 levels (NaN is black).
            const level = levels[pixel];
            words[at] = GRAY_WORDS[level > 0 ? (level < 1 ? (level * 255 + 0.5) | 0 : 255) : 0];
          }
        }
        tile++;
        if (tile < count && stop()) return false;
      }
      return true;
    },
  };
}

/** Lays out `count` tiles with a one-pixel black border, each tile's levels written by `fill`. */
export function layoutTiles(
  count: number,
  shape: TileShape,
  grid: TileGrid,
  fill: TileFill,
): RgbaImage {
  const layout = tileLayout(count, shape, grid, fill);
  layout.step(() => false);
  return layout.image;
}

/**
 * Tile levels from values[from, from + size) stretched from [low, high] to [0, 1] (all 0.5 when
 * high ≤ low); pixels past `size` stay 0.
 */
export function fillStretched(
  levels: Float64Array,
  values: ArrayLike<number>,
  from: number,
  size: number,
  low: number,
  high: number,
): void {
  if (!(high > low)) {
    levels.fill(0.5, 0, size);
    return;
  }
  const span = high - low;
  for (let i = 0; i < size; i++) levels[i] = (values[from + i] - low) / span;
}

function meanOf(weights: ArrayLike<number>, total: number): number {
  let sum = 0;
  for (let i = 0; i < total; i++) sum += weights[i];
  return total > 0 ? sum / total : 0;
}

/** The largest |w − mean| over all of W1: the "one scale for all" of a snapshot. */
export function largestWeight(
  weights: ArrayLike<number>,
  hiddenSize: number,
  visibleSize: number,
): number {
  const total = hiddenSize * visibleSize;
  const mean = meanOf(weights, total);
  let largest = 0;
  for (let i = 0; i < total; i++) largest = Math.max(largest, Math.abs(weights[i] - mean));
  return largest;
}

export interface MosaicOptions {
  /**
   * One scale for all filters: |w − mean| = sharedScale is full white or black. Without it each
   * filter is divided by its own max |w| (display_network), which hides how strong it is.
   */
  sharedScale?: number;
}

/**
 * The filter mosaic as display_network draws it: W1 (hidden × visible, row-major) minus its
 * global mean, each filter k divided by its own max |w| (or all by `sharedScale`), mapped from
 * [−1, 1] to black…white.
 */
export function renderFilterMosaic(
  weights: ArrayLike<number>,
  hiddenSize: number,
  visibleSize: number,
  side?: number,
  options: MosaicOptions = {},
): RgbaImage {
  const layout = filterMosaicLayout(weights, hiddenSize, visibleSize, side, options);
  layout.step(() => false);
  return layout.image;
}

/** renderFilterMosaic a few filters at a time (see TileLayout). */
export function filterMosaicLayout(
  weights: ArrayLike<number>,
  hiddenSize: number,
  visibleSize: number,
  side?: number,
  options: MosaicOptions = {},
): TileLayout {
  const mean = meanOf(weights, hiddenSize * visibleSize);
  const scale = new Float64Array(hiddenSize);
  for (let k = 0; k < hiddenSize; k++) {
    let largest = options.sharedScale ?? 0;
    if (options.sharedScale === undefined) {
      for (let i = 0; i < visibleSize; i++) {
        largest = Math.max(largest, Math.abs(weights[k * visibleSize + i] - mean));
      }
    }
    scale[k] = largest > 0 ? 1 / largest : 0;
  }
  const shape = tileShape(visibleSize, side);
  return tileLayout(hiddenSize, shape, mosaicGrid(hiddenSize), (k, levels) => {
    const from = k * visibleSize;
    const s = scale[k];
    for (let i = 0; i < visibleSize; i++) levels[i] = ((weights[from + i] - mean) * s + 1) / 2;
  });
}

/** Each example's own [min, max] stretched to black…white (examples are k × size, row-major). */
export function exampleRanges(
  values: ArrayLike<number>,
  count: number,
  size: number,
): Float64Array {
  const ranges = new Float64Array(count * 2);
  for (let k = 0; k < count; k++) {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < size; i++) {
      const v = values[k * size + i];
      if (v < low) low = v;
      if (v > high) high = v;
    }
    ranges[2 * k] = low;
    ranges[2 * k + 1] = high;
  }
  return ranges;
}

/** A strip of examples, each stretched by its own range. */
export function renderExampleStrip(
  values: ArrayLike<number>,
  count: number,
  size: number,
  side?: number,
): RgbaImage {
  const ranges = exampleRanges(values, count, size);
  return layoutTiles(count, tileShape(size, side), { rows: 1, columns: count }, (k, levels) =>
    fillStretched(levels, values, k * size, size, ranges[2 * k], ranges[2 * k + 1]),
  );
}

/**
 * The one gray scale of a data set's reconstructions: its value range widened to the sigmoid
 * output's (0, 1), so that neither an input nor an output is ever clipped.
 */
export function reconstructionRange(valueRange: readonly [number, number]): [number, number] {
  return [Math.min(valueRange[0], 0), Math.max(valueRange[1], 1)];
}

/** Inputs on the top row, their reconstructions below, all on one scale: `range` black…white. */
export function renderReconstructions(
  inputs: ArrayLike<number>,
  reconstructions: ArrayLike<number>,
  count: number,
  size: number,
  side: number | undefined,
  range: readonly [number, number],
): RgbaImage {
  return layoutTiles(2 * count, tileShape(size, side), { rows: 2, columns: count }, (t, levels) =>
    fillStretched(
      levels,
      t < count ? inputs : reconstructions,
      (t % count) * size,
      size,
      range[0],
      range[1],
    ),
  );
}

/** The unit whose tile holds the point (x, y) of a mosaic of `count` tiles (image pixels), or null. */
export function tileAt(
  image: Pick<RgbaImage, 'width' | 'height'>,
  shape: TileShape,
  x: number,
  y: number,
  count: number,
): number | null {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return null;
  const grid = mosaicGrid(count);
  const column = Math.min(Math.floor(Math.max(x - 1, 0) / (shape.width + 1)), grid.columns - 1);
  const row = Math.min(Math.floor(Math.max(y - 1, 0) / (shape.height + 1)), grid.rows - 1);
  const unit = row * grid.columns + column;
  return unit < count ? unit : null;
}

/** Tile `unit` of a mosaic of `count` tiles, as its own image (for the enlarged view). */
export function cropTile(
  image: RgbaImage,
  shape: TileShape,
  unit: number,
  count: number,
): RgbaImage {
  const { columns } = mosaicGrid(count);
  const top = 1 + Math.floor(unit / columns) * (shape.height + 1);
  const left = 1 + (unit % columns) * (shape.width + 1);
  const rgba = new Uint8ClampedArray(shape.width * shape.height * 4);
  for (let row = 0; row < shape.height; row++) {
    const from = ((top + row) * image.width + left) * 4;
    rgba.set(image.rgba.subarray(from, from + shape.width * 4), row * shape.width * 4);
  }
  return { width: shape.width, height: shape.height, rgba };
}
