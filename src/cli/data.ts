/**
 * The training data of a command-line run: the one place that turns --data into a matrix.
 * Today: a .npy matrix (features × examples, float32 or float64, used as it is).
 */
import { readFile } from 'node:fs/promises';
import type { DataMatrix } from '../core/types';
import { readNpy } from '../data/npy';
import { UsageError } from './args';

export interface DataRequest {
  /** --data as given; undefined when absent. */
  path?: string;
  patchSize: number;
  /** Take the first `examples` examples when set. */
  examples?: number;
  seed: number;
}

export interface TrainingData {
  label: string;
  matrix: DataMatrix;
}

/** Loads the data of a run; throws UsageError naming the file and what is wrong. */
export async function loadTrainingData(request: DataRequest): Promise<TrainingData> {
  const { path } = request;
  if (path === undefined)
    throw new UsageError('--data is required: a .npy data matrix (features × examples)');
  if (!/\.npy$/i.test(path))
    throw new UsageError(`--data ${path}: only .npy data matrices are read for now`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--data ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`,
    );
  }
  let array;
  try {
    array = readNpy(bytes);
  } catch (error) {
    throw new UsageError(`--data ${path}: ${(error as Error).message}`);
  }
  if (array.shape.length !== 2)
    throw new UsageError(
      `--data ${path}: expected a 2-D matrix (features × examples), got shape (${array.shape.join(', ')})`,
    );
  if (!(array.data instanceof Float64Array || array.data instanceof Float32Array))
    throw new UsageError(`--data ${path}: expected float32 or float64 values, got ${array.dtype}`);
  const [visibleSize, available] = array.shape;
  for (let i = 0; i < array.data.length; i++)
    if (!Number.isFinite(array.data[i]))
      throw new UsageError(
        `--data ${path}: value ${i} is ${array.data[i]}; the data must be finite`,
      );
  const examples = request.examples ?? available;
  if (examples > available)
    throw new UsageError(`--examples ${examples}: ${path} holds only ${available} examples`);
  let values = array.data;
  if (examples < available) {
    values = new (values.constructor as Float64ArrayConstructor)(visibleSize * examples);
    for (let f = 0; f < visibleSize; f++)
      values.set(array.data.subarray(f * available, f * available + examples), f * examples);
  }
  return {
    label: `${path} (${visibleSize} × ${examples})`,
    matrix: { visibleSize, exampleCount: examples, values },
  };
}
