/**
 * The training data of a command-line run: the one place that turns --data into a matrix, through
 * the same prepareDataset as the app. --data natural | mnist (the built-in sets; natural when
 * --data is absent), or a file recognised by its content: a MATLAB IMAGES.mat (-v6/-v7), an MNIST
 * IDX image file or its .gz, a .npy matrix (features × examples). Photographs need the browser.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DataMatrix } from '../core/types';
import { overLimit } from '../data/limits';
import { DataError, prepareDataset, type DataSource, type Dataset } from '../data/dataset';
import { PRESETS } from '../engine/settings';
import { UsageError } from './args';

export interface DataRequest {
  /** --data as given; undefined when absent (then the built-in natural images). */
  path?: string;
  patchSize: number;
  /** --examples when given; otherwise the original program's 10,000, or all a file holds when fewer. */
  examples?: number;
  seed: number;
  /** --variable: the image array of a .mat holding several. */
  variable?: string;
  /** --rescale: normalise data outside [0, 1] into [0.1, 0.9]; without it such data is refused. */
  rescale?: boolean;
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
  const tooLarge = overLimit('fileBytes', size);
  if (tooLarge) throw new UsageError(`--data ${path}: ${tooLarge}`);
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
      : {
          kind: 'files',
          files: [{ name, bytes: await readDataFile(name) }],
          variable: request.variable,
        };
  const preset = PRESETS[name === 'mnist' ? 'mnist' : 'natural'];
  try {
    const dataset = await prepareDataset(source, {
      patchSize: request.patchSize,
      examples: request.examples ?? preset.examples,
      clampExamples: request.examples === undefined,
      seed: request.seed,
      readBuiltin,
      rescale: request.rescale,
    });
    const outside = dataset.warnings.find((w) => w.kind === 'outside-unit-range');
    if (outside)
      throw new UsageError(
        `--data ${name}: the values run from ${outside.range[0].toPrecision(3)} to ${outside.range[1].toPrecision(3)}, outside [0, 1], which the sigmoid output layer cannot reproduce; add --rescale to normalise them into [0.1, 0.9] as the original program does`,
      );
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
