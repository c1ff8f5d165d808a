/**
 * The command line over the same engine as the app:
 *   npm run cli -- train --data X.npy [--hidden N] [--rho R] … [--iterations N] [--jsonl]
 * A bad argument or file prints one line on stderr and exits with code 2.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { DataMatrix, Hyperparameters, ModelShape } from '../core/types';
import { weightsFromJson, weightsFromNpy, weightsToJson, weightsToNpy } from '../data/weights';
import type { Weights } from '../data/weights';
import type { IterationPoint } from '../engine/types';
import { USAGE, UsageError, parseArgs, type CliBackend, type TrainOptions } from './args';
import { loadTrainingData } from './data';
import {
  jsonLine,
  showsInTable,
  summary,
  tableHeader,
  tableRow,
  type ProgressPoint,
} from './output';

/** A run that failed for a reason other than its arguments (exit code 1). */
class RunError extends Error {}

/** Node loads tfjs's WASM backend files from the package's dist folder. */
function wasmFolder(): string {
  const require = createRequire(import.meta.url);
  return (
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/'
  );
}

/** The engine's backend controller on the chosen backend (falling back to the next one). */
async function startBackend(choice: CliBackend) {
  const tf = await import('@tensorflow/tfjs-core');
  // PROD silences tfjs's console advice (the CPU backend's "install tfjs-node") on stdout.
  tf.env().set('PROD', true);
  const { configureWasmFiles, selectBackend } = await import('../engine/backend');
  configureWasmFiles(wasmFolder());
  return selectBackend(choice);
}

async function readWeights(path: string, visibleSize: number): Promise<Weights> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--init ${path}: ${code === 'ENOENT' ? 'no such file' : String(code)}`);
  }
  let weights: Weights;
  try {
    weights = path.toLowerCase().endsWith('.npy')
      ? weightsFromNpy(bytes, visibleSize)
      : weightsFromJson(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new UsageError(`--init ${path}: ${(error as Error).message}`);
  }
  if (weights.visibleSize !== visibleSize)
    throw new UsageError(
      `--init ${path}: the weights have ${weights.visibleSize} visible units, the data ${visibleSize} features`,
    );
  if (!weights.theta.every(Number.isFinite))
    throw new UsageError(`--init ${path}: the weights hold NaN or infinite values`);
  return weights;
}

async function writeWeights(path: string, weights: Weights): Promise<void> {
  const bytes = path.toLowerCase().endsWith('.npy')
    ? weightsToNpy(weights)
    : new TextEncoder().encode(weightsToJson(weights));
  try {
    await writeFile(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--out ${path}: cannot write (${String(code ?? error)})`);
  }
}

/** Refuses an --out whose folder does not exist before any training time is spent. */
async function checkOutputFolder(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory())
    throw new UsageError(`--out ${path}: the folder ${folder} does not exist`);
}

async function train(options: TrainOptions, print: (line: string) => void): Promise<void> {
  if (options.out) await checkOutputFolder(options.out);
  const { matrix, label } = await loadTrainingData({
    path: options.data,
    patchSize: options.patchSize,
    examples: options.given.has('examples') ? options.examples : undefined,
    seed: options.seed,
  });
  let hiddenSize = options.hiddenSize;
  let initialTheta: Float64Array | undefined;
  if (options.init) {
    const weights = await readWeights(options.init, matrix.visibleSize);
    if (options.given.has('hiddenSize') && weights.hiddenSize !== hiddenSize)
      throw new UsageError(
        `--hidden ${hiddenSize} disagrees with --init ${options.init} (${weights.hiddenSize} hidden units)`,
      );
    hiddenSize = weights.hiddenSize;
    initialTheta = weights.theta;
  }
  // tfjs and the engine load only once the arguments and files are known to be good.
  const backend = await startBackend(options.backend);
  const createCostModel = (data: DataMatrix, shape: ModelShape) =>
    backend.createCostModel(data, shape);
  const live = { rho: options.rho, beta: options.beta, lambda: options.lambda };
  const hyper: Hyperparameters = live;
  if (!options.jsonl) {
    print(
      `${label}: ${matrix.visibleSize} visible, ${hiddenSize} hidden, ρ ${live.rho}, β ${live.beta}, λ ${live.lambda}, ${options.optimizer} on ${backend.note}`,
    );
    print(tableHeader());
  }
  const show = (point: ProgressPoint) => {
    if (options.jsonl) print(jsonLine(point));
    else if (showsInTable(point.iteration)) print(tableRow(point));
  };

  let last: ProgressPoint;
  let stop: string;
  let finalTheta: Float64Array;
  if (options.iterations === 0) {
    // Evaluate only: the cost and its parts at the initial weights.
    const shape = { visibleSize: matrix.visibleSize, hiddenSize };
    const { initialParameters } = await import('../core/params');
    const { createRng } = await import('../core/rng');
    finalTheta = initialTheta ?? initialParameters(shape, createRng(options.seed));
    const model = await createCostModel(matrix, shape);
    const started = performance.now();
    const value = await model.evaluate(finalTheta, hyper);
    model.dispose();
    last = { ...value, iteration: 0, evaluations: 1, elapsedMs: performance.now() - started };
    stop = 'max-iterations';
    show(last);
  } else {
    const { createSession } = await import('../engine/session');
    let lastPoint: IterationPoint | null = null;
    let fault: string | null = null;
    let doneReason = 'max-iterations';
    const session = createSession(
      {
        data: matrix,
        hiddenSize,
        hyperparameters: { ...live, learningRate: options.learningRate },
        optimizer: options.optimizer,
        iterations: options.iterations,
        seed: options.seed,
        batchSize: options.batchSize,
        initialTheta,
        createCostModel,
        backend,
        snapshotIntervalMs: Infinity,
        checkpointIntervalMs: Infinity,
      },
      {
        onIteration(point) {
          lastPoint = point;
          show(point);
        },
        onFault(message) {
          fault = message;
        },
        onState(state, reason) {
          if (state === 'done' && reason) doneReason = reason;
        },
      },
    );
    session.start();
    await session.settled();
    finalTheta = session.theta;
    const reached = session.iteration;
    session.dispose();
    if (fault) {
      if (!options.out) throw new RunError(fault);
      await writeWeights(options.out, {
        visibleSize: matrix.visibleSize,
        hiddenSize,
        theta: finalTheta,
        hyperparameters: live,
        iteration: reached,
        cost: (lastPoint as IterationPoint | null)?.cost ?? NaN,
      });
      throw new RunError(
        `${fault} The last finite weights (iteration ${reached}) are in ${options.out}.`,
      );
    }
    if (!lastPoint) throw new RunError('the run stopped before its first iteration');
    last = lastPoint;
    stop = doneReason;
  }

  if (options.out)
    await writeWeights(options.out, {
      visibleSize: matrix.visibleSize,
      hiddenSize,
      theta: finalTheta,
      hyperparameters: live,
      iteration: last.iteration,
      cost: last.cost,
    });
  if (options.jsonl) print(jsonLine(last, { stop }));
  else {
    if (!showsInTable(last.iteration)) print(tableRow(last));
    print(summary(last, stop, options.out ? [`Weights written to ${options.out}.`] : []));
  }
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const print = (line: string) => process.stdout.write(line + '\n');
  try {
    const parsed = parseArgs(argv);
    if (parsed.command === 'help') {
      print(USAGE);
      return 0;
    }
    await train(parsed.options, print);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError || error instanceof RangeError ? 2 : 1;
  }
}

// Output piped into a program that stops reading (`| head`) ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  () => (process.exitCode = 1),
);
