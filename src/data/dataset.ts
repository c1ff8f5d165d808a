/**
 * From a data source (a built-in set or the user's files) to the data matrix the autoencoder
 * trains on. Pure: bytes in, typed arrays out; runs in Node and in a Worker. Photographs need an
 * injected decoder (the browser's createImageBitmap + OffscreenCanvas).
 */
import { createRng } from '../core/rng';
import type { DataMatrix } from '../core/types';
import { BUILTIN_FILES, decodePackedImages } from './builtin';
import { describeMatrix, loadFiles, type FileData } from './files';
import { idxImagesToMatrix } from './idx';
import { normalizeData, samplePatches } from './patches';
import { DataError, checkLimit, filePrefix, type DataWarning, type ImageStack } from './types';
import { checkRange, firstColumns, valueRange } from './values';
import { whitenImages } from './whiten';

export { DataError, type DataWarning, type ImageStack } from './types';
export { LIMITS } from './limits';

export type DataSource =
  | { kind: 'builtin'; name: 'natural' | 'mnist' }
  | { kind: 'files'; files: { name: string; bytes: ArrayBuffer }[]; variable?: string };

export type ImageDecoder = (
  bytes: ArrayBuffer,
  name: string,
) => Promise<{ width: number; height: number; rgba: Uint8ClampedArray }>;

export interface PrepareOptions {
  /** Side of the square patches cut from images (ignored for MNIST-style whole images). */
  patchSize: number;
  /** Number of examples (patches, or the first digits). */
  examples: number;
  /** Seeds the patch sampling. */
  seed: number;
  /** Decodes a photograph to RGBA; without it photographs are refused (the command line). */
  decodeImage?: ImageDecoder;
  /** Reads a file of public/data (browser: fetch; Node: fs). */
  readBuiltin: (fileName: string) => Promise<ArrayBuffer>;
  /** Whiten photographs as IMAGES.mat was (default true). */
  whitenPhotographs?: boolean;
  /**
   * When a file (or the built-in MNIST) holds fewer examples than asked, take them all instead of
   * refusing (the command line's default when --examples is not given).
   */
  clampExamples?: boolean;
  /**
   * Data with values outside [0, 1] (which the sigmoid output cannot reproduce) is normalised as
   * the original program's normalize_data does (x − mean, clipped to ±3σ, /3σ, into [0.1, 0.9]);
   * without it such data loads with an 'outside-unit-range' warning.
   */
  rescale?: boolean;
}

export interface Dataset {
  label: string;
  /** visibleSize × exampleCount, one example per column. */
  matrix: DataMatrix;
  /** Side of one example drawn as a square: patchSize, 28 for MNIST, √visible for a matrix (0 if not square). */
  exampleSide: number;
  kind: 'patches' | 'images' | 'matrix';
  valueRange: [number, number];
  /** What the user should know about the data (values the sigmoid cannot reach, …). */
  warnings: DataWarning[];
  /** True when the data was normalised into [0.1, 0.9] because of `rescale`. */
  rescaled: boolean;
  /** One class label per example (an IDX labels file given with the images, the built-in MNIST). */
  labels?: Uint8Array;
  /** A MAT-file's image arrays when it holds several, and the one used. */
  variables?: string[];
  variable?: string;
}

/** The built-in MNIST set holds this many digits. */
export const BUILTIN_MNIST_COUNT = 10000;

const count = (n: number) => n.toLocaleString('en-US');

function checkOptions(options: PrepareOptions): void {
  const { patchSize, examples, seed } = options;
  if (!Number.isInteger(examples) || examples < 1)
    throw new DataError(`Examples must be a whole number of at least 1, got ${examples}.`);
  if (!Number.isInteger(patchSize) || patchSize < 1)
    throw new DataError(`Patch size must be a whole number of at least 1, got ${patchSize}.`);
  if (!Number.isFinite(seed)) throw new DataError(`The seed must be a number, got ${seed}.`);
}

/** Throws a DataError naming the file when any value is NaN or infinite. */
export function checkFinite(values: ArrayLike<number>, fileName: string | undefined): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  if (bad > 0)
    throw new DataError(
      `${filePrefix(fileName)}${count(bad)} of ${count(values.length)} values are NaN or infinite (the first at index ${first}); clean the data and load it again.`,
      fileName,
    );
}

/** Patches as the original program makes them: sampled with the seeded PRNG, then normalize_data. */
export function patchesFromImages(
  stack: ImageStack,
  options: Pick<PrepareOptions, 'patchSize' | 'examples' | 'seed'>,
  fileName?: string,
): DataMatrix {
  const { patchSize, examples, seed } = options;
  if (patchSize > stack.width || patchSize > stack.height)
    throw new DataError(
      `${filePrefix(fileName)}patches of ${patchSize}×${patchSize} do not fit in images of ${stack.width}×${stack.height}; choose a patch size of at most ${Math.min(stack.width, stack.height)}.`,
      fileName,
    );
  checkLimit(
    'values',
    patchSize * patchSize * examples,
    fileName,
    `${count(examples)} patches of ${patchSize}×${patchSize} hold ${count(patchSize * patchSize * examples)} values`,
  );
  checkFinite(stack.pixels, fileName);
  const matrix = samplePatches(stack, patchSize, examples, createRng(seed));
  normalizeData(matrix.values);
  return matrix;
}

function patchDataset(
  stack: ImageStack,
  options: PrepareOptions,
  what: string,
  fileName?: string,
): Omit<Dataset, 'warnings' | 'rescaled'> {
  const matrix = patchesFromImages(stack, options, fileName);
  return {
    label: `${what}: ${count(options.examples)} patches of ${options.patchSize}×${options.patchSize}`,
    matrix,
    exampleSide: options.patchSize,
    kind: 'patches',
    valueRange: valueRange(matrix.values),
  };
}

const whitenedBuiltins = new Map<string, ImageStack>();

async function builtinNatural(
  options: PrepareOptions,
): Promise<Omit<Dataset, 'warnings' | 'rescaled'>> {
  const file = BUILTIN_FILES.natural;
  let stack = whitenedBuiltins.get(file);
  if (!stack) {
    const packed = await decodePackedImages(await options.readBuiltin(file), file);
    const pixels = Float32Array.from(packed.pixels, (byte) => byte / 255);
    stack = whitenImages({
      width: packed.width,
      height: packed.height,
      count: packed.count,
      pixels,
    });
    whitenedBuiltins.set(file, stack);
  }
  const what = `Natural images (${stack.count} photographs ${stack.width}×${stack.height}, whitened)`;
  return patchDataset(stack, options, what, file);
}

async function builtinMnist(
  options: PrepareOptions,
): Promise<Omit<Dataset, 'warnings' | 'rescaled'>> {
  const file = BUILTIN_FILES.mnist;
  if (options.clampExamples)
    options = { ...options, examples: Math.min(options.examples, BUILTIN_MNIST_COUNT) };
  if (options.examples > BUILTIN_MNIST_COUNT)
    throw new DataError(
      `The built-in MNIST set holds ${count(BUILTIN_MNIST_COUNT)} digits, not ${count(options.examples)}; ask for at most ${count(BUILTIN_MNIST_COUNT)}, or load train-images-idx3-ubyte.gz for up to 60,000.`,
      undefined,
      { available: BUILTIN_MNIST_COUNT },
    );
  const packed = await decodePackedImages(await options.readBuiltin(file), file);
  const matrix = idxImagesToMatrix(
    { count: packed.count, rows: packed.height, columns: packed.width, pixels: packed.pixels },
    options.examples,
  );
  const ignored =
    options.patchSize === packed.width
      ? ''
      : ` (patch size ${options.patchSize} ignored: digits are used whole)`;
  return {
    label: `MNIST: first ${count(matrix.exampleCount)} digits, ${packed.height}×${packed.width}${ignored}`,
    matrix,
    ...(packed.labels && { labels: packed.labels.slice(0, matrix.exampleCount) }),
    exampleSide: packed.width,
    kind: 'images',
    valueRange: valueRange(matrix.values),
  };
}

async function fromFiles(
  source: Extract<DataSource, { kind: 'files' }>,
  options: PrepareOptions,
): Promise<Omit<Dataset, 'warnings' | 'rescaled'>> {
  const data: FileData = await loadFiles(source.files, {
    variable: source.variable,
    decodeImage: options.decodeImage,
    whitenPhotographs: options.whitenPhotographs ?? true,
  });
  switch (data.kind) {
    case 'stack': {
      const { variables, variable } = data;
      const patches = patchDataset(data.stack, options, data.description, data.fileName);
      return variables ? { ...patches, variables, variable } : patches;
    }
    case 'idx': {
      const { images, fileName, labels } = data;
      if (options.clampExamples)
        options = { ...options, examples: Math.min(options.examples, images.count) };
      if (images.rows !== images.columns)
        throw new DataError(
          `${filePrefix(fileName)}the images are ${images.rows}×${images.columns}; only square images can be drawn and trained on here.`,
          fileName,
        );
      if (options.examples > images.count)
        throw new DataError(
          `${filePrefix(fileName)}the file holds ${count(images.count)} images, not ${count(options.examples)}; ask for at most ${count(images.count)}.`,
          fileName,
          { available: images.count },
        );
      const matrix = idxImagesToMatrix(images, options.examples, fileName);
      const ignored =
        options.patchSize === images.columns
          ? ''
          : ` (patch size ${options.patchSize} ignored: images are used whole)`;
      return {
        label: `${fileName}: first ${count(matrix.exampleCount)} of ${count(images.count)} images, ${images.rows}×${images.columns}${ignored}${labels ? ', with labels' : ''}`,
        matrix,
        ...(labels && { labels: labels.slice(0, matrix.exampleCount) }),
        exampleSide: images.columns,
        kind: 'images',
        valueRange: valueRange(matrix.values),
      };
    }
    case 'matrix': {
      const { fileName, matrix: full, dtype } = data;
      if (options.clampExamples)
        options = { ...options, examples: Math.min(options.examples, full.exampleCount) };
      if (options.examples > full.exampleCount)
        throw new DataError(
          `${filePrefix(fileName)}the matrix has ${count(full.exampleCount)} examples (columns), not ${count(options.examples)}; ask for at most ${count(full.exampleCount)}.`,
          fileName,
          { available: full.exampleCount },
        );
      const matrix = firstColumns(full, options.examples);
      const side = Math.round(Math.sqrt(matrix.visibleSize));
      return {
        label: `${fileName}: ${describeMatrix(matrix, full.exampleCount, dtype)}`,
        matrix,
        exampleSide: side * side === matrix.visibleSize ? side : 0,
        kind: 'matrix',
        valueRange: valueRange(matrix.values),
      };
    }
  }
}

/**
 * The training data for a source: built-in 'natural' → `examples` normalized patches of
 * patchSize² from the seven whitened photographs; 'mnist' → the first `examples` digits, pixel/255;
 * files → detected by content (IDX, MAT level 5, .npy, photographs; gzip inflated first).
 * Throws DataError naming the file, what is wrong and what to do.
 */
export async function prepareDataset(
  source: DataSource,
  options: PrepareOptions,
): Promise<Dataset> {
  checkOptions(options);
  const rescale = options.rescale ?? false;
  if (source.kind === 'builtin') {
    if (source.name === 'natural') return checkRange(await builtinNatural(options), rescale);
    if (source.name === 'mnist') return checkRange(await builtinMnist(options), rescale);
    throw new DataError(
      `Unknown built-in dataset “${String((source as { name: unknown }).name)}”; use natural or mnist.`,
    );
  }
  return checkRange(await fromFiles(source, options), rescale);
}
