/**
 * Weights files, shared by the app's import/export and the command line.
 * - .npy: θ as the original program holds it, one float64 vector [W1 (h×v), W2 (v×h), b1, b2]; loads in the
 *   original program's own script. The shape comes from the caller (visibleSize) or, failing that, from θ's length.
 * - .json: {"format":"sparse-autoencoder-weights","version":1,"visibleSize","hiddenSize",
 *   "W1","W2","b1","b2" (flat, row-major),"hyperparameters":{"rho","beta","lambda"},"iteration","cost"}.
 */
import { readNpy, writeNpy } from './npy';
import { DataError, filePrefix } from './types';

export interface Weights {
  visibleSize: number;
  hiddenSize: number;
  /** θ = [W1 (h×v row-major), W2 (v×h), b1 (h), b2 (v)]. */
  theta: Float64Array;
  hyperparameters?: { rho: number; beta: number; lambda: number };
  iteration?: number;
  cost?: number;
}

export const WEIGHTS_FORMAT = 'sparse-autoencoder-weights';
export const WEIGHTS_VERSION = 1;

/** Length of θ for v visible and h hidden units: 2hv + h + v. */
function thetaLength(visibleSize: number, hiddenSize: number): number {
  return 2 * hiddenSize * visibleSize + hiddenSize + visibleSize;
}

function checkWeights(weights: Weights): void {
  const { visibleSize, hiddenSize, theta } = weights;
  if (!(Number.isInteger(visibleSize) && visibleSize >= 1))
    throw new Error(`weights: visibleSize must be a positive integer, got ${visibleSize}`);
  if (!(Number.isInteger(hiddenSize) && hiddenSize >= 1))
    throw new Error(`weights: hiddenSize must be a positive integer, got ${hiddenSize}`);
  const expected = thetaLength(visibleSize, hiddenSize);
  if (theta.length !== expected)
    throw new Error(
      `weights: θ has ${theta.length} values but ${visibleSize} visible × ${hiddenSize} hidden needs ${expected}`,
    );
}

/** Serialises weights to the JSON format (W1, W2, b1, b2 as flat row-major arrays). */
export function weightsToJson(weights: Weights): string {
  checkWeights(weights);
  const { visibleSize: v, hiddenSize: h, theta } = weights;
  const block = (start: number, length: number) =>
    Array.from(theta.subarray(start, start + length));
  const document: Record<string, unknown> = {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    visibleSize: v,
    hiddenSize: h,
    W1: block(0, h * v),
    W2: block(h * v, h * v),
    b1: block(2 * h * v, h),
    b2: block(2 * h * v + h, v),
  };
  if (weights.hyperparameters) document.hyperparameters = { ...weights.hyperparameters };
  if (weights.iteration !== undefined) document.iteration = weights.iteration;
  if (weights.cost !== undefined) document.cost = weights.cost;
  return JSON.stringify(document);
}

function numberArray(value: unknown, name: string, length: number): number[] {
  if (!Array.isArray(value) || value.length !== length)
    throw new Error(
      `weights file: "${name}" must be an array of ${length} numbers${Array.isArray(value) ? `, it has ${value.length}` : ''}`,
    );
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'number' || !Number.isFinite(item))
      throw new Error(
        `weights file: "${name}"[${i}] is ${typeof item === 'string' ? item : JSON.stringify(item)}, not a finite number`,
      );
  });
  return value as number[];
}

/** Python's json writes NaN, Infinity and -Infinity bare; read them as strings to name them. */
const NON_FINITE_TOKEN = /([[,:]\s*)(NaN|-?Infinity)(?=\s*[,\]}])/g;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(NON_FINITE_TOKEN, '$1"$2"'));
    } catch {
      throw new Error('weights file is not valid JSON');
    }
  }
}

/** Parses the JSON format; throws an Error naming what is missing or wrong. */
export function weightsFromJson(text: string): Weights {
  const document = parseJson(text) as Record<string, unknown>;
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new Error('weights file must hold a JSON object');
  if (document.format !== WEIGHTS_FORMAT)
    throw new Error(`weights file: "format" must be "${WEIGHTS_FORMAT}"`);
  if (document.version !== WEIGHTS_VERSION)
    throw new Error(`weights file: version ${String(document.version)} is not supported (1 is)`);
  const v = document.visibleSize;
  const h = document.hiddenSize;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new Error('weights file: "visibleSize" must be a positive integer');
  if (typeof h !== 'number' || !Number.isInteger(h) || h < 1)
    throw new Error('weights file: "hiddenSize" must be a positive integer');
  const theta = new Float64Array(thetaLength(v, h));
  theta.set(numberArray(document.W1, 'W1', h * v), 0);
  theta.set(numberArray(document.W2, 'W2', h * v), h * v);
  theta.set(numberArray(document.b1, 'b1', h), 2 * h * v);
  theta.set(numberArray(document.b2, 'b2', v), 2 * h * v + h);
  const weights: Weights = { visibleSize: v, hiddenSize: h, theta };
  const hyper = document.hyperparameters as Record<string, unknown> | undefined;
  if (hyper !== undefined) {
    const { rho, beta, lambda } = hyper ?? {};
    if (typeof rho !== 'number' || typeof beta !== 'number' || typeof lambda !== 'number')
      throw new Error('weights file: "hyperparameters" must hold numbers rho, beta and lambda');
    weights.hyperparameters = { rho, beta, lambda };
  }
  if (typeof document.iteration === 'number') weights.iteration = document.iteration;
  if (typeof document.cost === 'number') weights.cost = document.cost;
  return weights;
}

/** θ as a float64 .npy vector, the original program's layout. */
export function weightsToNpy(weights: Weights): Uint8Array {
  checkWeights(weights);
  return writeNpy(weights.theta, [weights.theta.length]);
}

/** The hidden sizes h ≥ 1 with 2hv + h + v = length, for square v (patches, digits) when v is unknown. */
function inferShape(length: number): { visibleSize: number; hiddenSize: number } | null {
  const found: { visibleSize: number; hiddenSize: number }[] = [];
  for (let side = 2; side * side < length; side++) {
    const v = side * side;
    const h = (length - v) / (2 * v + 1);
    if (Number.isInteger(h) && h >= 1) found.push({ visibleSize: v, hiddenSize: h });
  }
  return found.length === 1 ? found[0] : null;
}

/**
 * Reads a θ vector from .npy (float64 or float32, any shape holding one vector). visibleSize gives
 * the shape; when it is 0 or missing the shape is inferred if only one square visibleSize fits.
 */
export function weightsFromNpy(bytes: Uint8Array | ArrayBuffer, visibleSize?: number): Weights {
  const array = readNpy(bytes);
  if (!(array.data instanceof Float64Array || array.data instanceof Float32Array))
    throw new Error(`weights .npy must hold float64 or float32 values, not ${array.dtype}`);
  const length = array.data.length;
  if (array.shape.filter((n) => n !== 1).length > 1)
    throw new Error(
      `weights .npy must hold a vector θ, not an array of shape (${array.shape.join(', ')})`,
    );
  let shape: { visibleSize: number; hiddenSize: number } | null;
  if (visibleSize && visibleSize > 0) {
    const h = (length - visibleSize) / (2 * visibleSize + 1);
    shape = Number.isInteger(h) && h >= 1 ? { visibleSize, hiddenSize: h } : null;
    if (!shape)
      throw new Error(
        `weights .npy: θ of length ${length} does not fit ${visibleSize} visible units (length must be 2hv + h + v)`,
      );
  } else {
    shape = inferShape(length);
    if (!shape)
      throw new Error(
        `weights .npy: cannot tell the visible size from θ of length ${length}; load the data first`,
      );
  }
  return { ...shape, theta: Float64Array.from(array.data) };
}

/** The kinds of weights file read and written, by extension. */
export const WEIGHTS_EXTENSIONS = ['.json', '.npy'] as const;

/** Where θ index i lies: “W2[3] (θ index 131)”, with W1, W2 flat and row-major. */
function thetaField(weights: Weights, i: number): string {
  const { visibleSize: v, hiddenSize: h } = weights;
  const [name, at] =
    i < h * v
      ? ['W1', i]
      : i < 2 * h * v
        ? ['W2', i - h * v]
        : i < 2 * h * v + h
          ? ['b1', i - 2 * h * v]
          : ['b2', i - 2 * h * v - h];
  return `${name}[${at}] (θ index ${i})`;
}

/**
 * A weights file as the page and the command line read it: .json or .npy by its name, every value
 * finite. Throws DataError naming the file and what is wrong (the first bad field and index).
 */
export function readWeightsFile(name: string, bytes: Uint8Array, visibleSize?: number): Weights {
  const lower = name.toLowerCase();
  if (!WEIGHTS_EXTENSIONS.some((extension) => lower.endsWith(extension)))
    throw new DataError(
      `${filePrefix(name)}weights are read from ${WEIGHTS_EXTENSIONS.join(' or ')} files (as Save writes them), not from this file; choose a weights .json or .npy.`,
      name,
    );
  let weights: Weights;
  try {
    weights = lower.endsWith('.npy')
      ? weightsFromNpy(bytes, visibleSize)
      : weightsFromJson(new TextDecoder().decode(bytes));
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith(filePrefix(name))) throw error;
    const ended = /[.;)]$/.test(message) ? message : `${message}.`;
    const limit = error instanceof DataError ? error.limit : undefined;
    throw new DataError(`${filePrefix(name)}${ended}`, name, { limit });
  }
  const bad = weights.theta.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0)
    throw new DataError(
      `${filePrefix(name)}${thetaField(weights, bad)} is ${weights.theta[bad]}; weights must be finite numbers (export them again from a run that did not fail).`,
      name,
    );
  return weights;
}
