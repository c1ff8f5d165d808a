/**
 * The command line over the same engine as the app, with its input and output passed in (so tests
 * run it in-process); src/cli/main.ts runs it on the process's arguments and streams.
 * A bad argument or file prints one line on stderr and exits with code 2.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { DEFAULT_THRESHOLD } from '../core/inspect';
import type { DataMatrix, Hyperparameters, ModelShape } from '../core/types';
import { readWeightsFile, weightsToJson, weightsToNpy } from '../data/weights';
import { validateWeightsHyperparameters } from '../engine/validate';
import type { Weights } from '../data/weights';
import type { IterationPoint } from '../engine/types';
import { USAGE, UsageError, parseCommand, type CliBackend, type TrainOptions } from './args';
import { loadTrainingData } from './data';
import { finalHealth, inspect } from './inspect';
import { INSPECT_USAGE, parseInspectArgs } from './inspect-args';
import { classifyCommand, selfTaughtCommand } from './selftaught';
import { SELF_TAUGHT_USAGE } from './selftaught-args';
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

/** “PATH: reason” from a message that starts ““PATH”: reason” (or not). */
function withoutFilePrefix(error: Error, path: string): string {
  const prefix = `“${path}”: `;
  const reason = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return `${path}: ${reason}`;
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
    weights = readWeightsFile(path, bytes, visibleSize);
  } catch (error) {
    throw new UsageError(`--init ${withoutFilePrefix(error as Error, path)}`);
  }
  if (weights.visibleSize !== visibleSize)
    throw new UsageError(
      `--init ${path}: the weights have ${weights.visibleSize} visible units, the data ${visibleSize} features`,
    );
  const refused = validateWeightsHyperparameters(weights.hyperparameters, path);
  if (refused) throw new UsageError(`--init ${withoutFilePrefix(new Error(refused), path)}`);
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
    variable: options.variable,
    rescale: options.rescale,
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
  if (options.jsonl)
    print(
      jsonLine(last, {
        stop,
        ...(await finalHealth(matrix, hiddenSize, finalTheta, DEFAULT_THRESHOLD)),
      }),
    );
  else {
    if (!showsInTable(last.iteration)) print(tableRow(last));
    print(summary(last, stop, options.out ? [`Weights written to ${options.out}.`] : []));
  }
}

/** Where the command line reads and writes: the process's own, or a test's. */
export interface CliIo {
  /** Writes text to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Ends with this exit code (0 done, 1 the run failed, 2 a bad argument or file). */
  exit(code: number): void;
}

/** Runs `argv` (the arguments after the program's name), then calls `io.exit` with the code. */
export async function main(argv: readonly string[], io: CliIo): Promise<void> {
  const print = (line: string) => io.stdout(line + '\n');
  let code: number;
  try {
    if (argv[0] === 'inspect') {
      const options = parseInspectArgs(argv.slice(1));
      if (options === 'help') print(INSPECT_USAGE);
      else await inspect(options, readWeights, print);
    } else {
      const parsed = parseCommand(argv);
      if (parsed.command === 'help') print([USAGE, INSPECT_USAGE, SELF_TAUGHT_USAGE].join('\n\n'));
      else if (parsed.command === 'selftaught')
        await selfTaughtCommand(parsed.options, print, () => startBackend('kernel'));
      else if (parsed.command === 'classify') await classifyCommand(parsed.options, print);
      else await train(parsed.options, print);
    }
    code = 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: ${message.split('\n')[0]}\n`);
    code = error instanceof UsageError || error instanceof RangeError ? 2 : 1;
  }
  io.exit(code);
}
