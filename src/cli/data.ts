/**
 * The training data of a command-line run: the one place that turns --data into a matrix, through
 * the same prepareDataset as the app. --data natural | mnist (the built-in sets; natural when
 * --data is absent), or a file recognised by its content: a MATLAB IMAGES.mat (-v6/-v7), an MNIST
 * IDX image file or its .gz, a .npy matrix (features × examples). Photographs need the browser.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DataMatrix } from '../core/types';
import {
  DataError,
  MAX_FILE_BYTES,
  prepareDataset,
  type DataSource,
  type Dataset,
} from '../data/dataset';
import { PRESETS } from '../engine/settings';
import { UsageError } from './args';

export interface DataRequest {
  /** --data as given; undefined when absent (then the built-in natural images). */
  path?: string;
  patchSize: number;
  /** --examples when given; otherwise the original program's 10,000, or all a file holds when fewer. */
  examples?: number;
  seed: number;
}

export interface TrainingData {
  label: string;
  matrix: DataMatrix;
  /** Everything prepareDataset reports (kind, exampleSide, valueRange). */
  dataset: Dataset;
}

const publicData = fileURLToPath(new URL('../../public/data/', import.meta.url));

const arrayBufferOf = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Node's readBuiltin: the files of public/data. */
export async function readBuiltin(fileName: string): Promise<ArrayBuffer> {
  return arrayBufferOf(await readFile(publicData + fileName));
}

async function readDataFile(path: string): Promise<ArrayBuffer> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`--data ${path}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--data ${path}: ${code === 'ENOENT' ? 'no such file (use natural, mnist, or a path)' : String(code ?? error)}`,
    );
  }
  if (size > MAX_FILE_BYTES)
    throw new UsageError(
      `--data ${path}: the file is ${Math.round(size / 1048576)} MB, more than the 512 MB this reads`,
    );
  return arrayBufferOf(await readFile(path));
}

/**
 * Loads the data of a run as the app does; throws UsageError (one line on stderr, exit code 2)
 * naming the file and what is wrong.
 */
export async function loadTrainingData(request: DataRequest): Promise<TrainingData> {
  const name = request.path ?? 'natural';
  const source: DataSource =
    name === 'natural' || name === 'mnist'
      ? { kind: 'builtin', name }
      : { kind: 'files', files: [{ name, bytes: await readDataFile(name) }] };
  const preset = PRESETS[name === 'mnist' ? 'mnist' : 'natural'];
  try {
    const dataset = await prepareDataset(source, {
      patchSize: request.patchSize,
      examples: request.examples ?? preset.examples,
      clampExamples: request.examples === undefined,
      seed: request.seed,
      readBuiltin,
    });
    return { label: dataset.label, matrix: dataset.matrix, dataset };
  } catch (error) {
    if (error instanceof DataError) {
      // One line that starts with the flag: “--data FILE: what is wrong”.
      const prefix = error.fileName ? `“${error.fileName}”: ` : '';
      const reason =
        prefix && error.message.startsWith(prefix)
          ? error.message.slice(prefix.length)
          : error.message;
      throw new UsageError(`--data ${error.fileName ?? name}: ${reason}`);
    }
    throw error;
  }
}
