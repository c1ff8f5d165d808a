/** Command-line arguments of `train`, with flags, defaults and limits from the settings table. */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { FORMER_BACKEND_NAMES, type BackendName } from '../engine/backends';
import { NUMERIC_SETTINGS, PRESETS, validateNumeric, type NumericKey } from '../engine/settings';
import { parseSelfTaughtCommand, type SelfTaughtCommand } from './selftaught-args';

/** A bad argument: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The backends that run in Node: all but tfjs-webgl. */
export type CliBackend = Exclude<BackendName, 'tfjs-webgl'>;
const CLI_BACKENDS: readonly CliBackend[] = ['kernel', 'tfjs-wasm', 'tfjs-cpu', 'reference'];

export interface TrainOptions extends Record<NumericKey, number> {
  /** .npy matrix (features × examples) or a data source name; undefined for the default. */
  data?: string;
  /** Which numeric settings were given on the command line. */
  given: Set<NumericKey>;
  optimizer: 'lbfgs' | 'adam';
  backend: CliBackend;
  init?: string;
  out?: string;
  jsonl: boolean;
  /** --variable: the image array of a .mat holding several. */
  variable?: string;
  /** --rescale: normalise data outside [0, 1] into [0.1, 0.9] (the original program's way). */
  rescale: boolean;
}

export type Command =
  { command: 'help' } | { command: 'train'; options: TrainOptions } | SelfTaughtCommand;

export const USAGE = `Usage: npm run cli -- train [options]

Trains the sparse autoencoder of UFLDL (L-BFGS or Adam) and prints its progress.

  --data SOURCE      natural (default) or mnist (built in), or a file: a .npy matrix (features ×
                     examples, used as it is), an IMAGES.mat, an IDX file or its .gz
                     (with mnist the defaults below are the MNIST configuration's)
  --variable NAME    the image array of a .mat holding several
  --rescale          data with values outside [0, 1] (which the sigmoid output cannot
                     reproduce): subtract the mean, clip to ±3σ, divide by 3σ, map to [0.1, 0.9]
${NUMERIC_SETTINGS.map((s) => `  ${`--${s.flag} ${s.integer ? 'N' : 'X'}`.padEnd(18)} ${s.label}: ${s.min}–${s.max} (default ${PRESETS.natural[s.key]})`).join('\n')}
  --optimizer NAME   lbfgs (default) or adam
  --backend NAME     kernel (the WebAssembly SIMD kernel, float32, all cores; default),
                     tfjs-wasm (TensorFlow.js on WebAssembly), tfjs-cpu (TensorFlow.js CPU,
                     slow) or reference (float64 plain TypeScript, exact); a failing one
                     falls back to the next in this list
  --init FILE        start from these weights (.npy θ vector or .json)
  --out FILE         write the final weights (.npy θ vector or .json, by extension)
  --jsonl            one JSON object per iteration, then one with "done": true
  --help             this text

The hidden units of trained weights on a data set: npm run cli -- inspect --help`;

function weightsExtension(flag: string, path: string): void {
  if (!/\.(npy|json)$/i.test(path))
    throw new UsageError(`--${flag} ${path}: the weights file must end in .npy or .json`);
}

/** Every option `train` knows, as `node:util` parseArgs declares them (numbers are read as text). */
const OPTIONS = {
  ...Object.fromEntries(NUMERIC_SETTINGS.map((s) => [s.flag, { type: 'string' as const }])),
  data: { type: 'string' },
  optimizer: { type: 'string' },
  backend: { type: 'string' },
  init: { type: 'string' },
  out: { type: 'string' },
  variable: { type: 'string' },
  jsonl: { type: 'boolean' },
  rescale: { type: 'boolean' },
  help: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

/**
 * Parses `train [--flag value | --flag=value]…` with `node:util` parseArgs (its tokens, in order,
 * so the first bad argument is the one named); throws UsageError naming the bad argument.
 */
export function parseCommand(argv: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === 'help')
    return { command: 'help' };
  if (command === 'selftaught' || command === 'classify')
    return rest.includes('--help') ? { command: 'help' } : parseSelfTaughtCommand(command, rest);
  if (command !== 'train')
    throw new UsageError(
      `unknown command "${command}"; the commands are train, inspect, selftaught and classify (see --help)`,
    );
  const defaults = PRESETS.natural;
  const options: TrainOptions = {
    ...Object.fromEntries(NUMERIC_SETTINGS.map((s) => [s.key, defaults[s.key]])),
    given: new Set(),
    optimizer: 'lbfgs',
    backend: 'kernel',
    jsonl: false,
    rescale: false,
  } as TrainOptions;
  // Not strict: unknown flags, missing values and stray words come back as tokens and are refused
  // below with this program's own messages (a value may start with "-", as in --iterations -1).
  const { tokens } = nodeParseArgs({
    args: [...rest],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator')
      throw new UsageError('unexpected argument "--" (options start with --)');
    if (token.kind === 'positional')
      throw new UsageError(`unexpected argument "${token.value}" (options start with --)`);
    const flag = token.name;
    if (token.rawName !== `--${flag}`)
      throw new UsageError(`unexpected argument "${rest[token.index]}" (options start with --)`);
    if (!Object.hasOwn(OPTIONS, flag))
      throw new UsageError(`unknown option --${flag} (see --help)`);
    if (seen.has(flag)) throw new UsageError(`--${flag} is given twice`);
    seen.add(flag);
    if (flag === 'help' || flag === 'jsonl' || flag === 'rescale') {
      if (token.value !== undefined) throw new UsageError(`--${flag} takes no value`);
      if (flag === 'help') return { command: 'help' };
      if (flag === 'rescale') options.rescale = true;
      else options.jsonl = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      throw new UsageError(`--${flag} needs a value`);
    const setting = NUMERIC_SETTINGS.find((s) => s.flag === flag);
    if (setting) {
      const number = Number(value);
      const refused = Number.isNaN(number)
        ? `${setting.label} must be a number, got "${value}"`
        : validateNumeric(setting.key, number);
      if (refused) throw new UsageError(`--${flag}: ${refused}`);
      options[setting.key] = number;
      options.given.add(setting.key);
    } else if (flag === 'optimizer') {
      if (value !== 'lbfgs' && value !== 'adam')
        throw new UsageError(`--optimizer must be lbfgs or adam, got "${value}"`);
      options.optimizer = value;
    } else if (flag === 'backend') {
      const name = FORMER_BACKEND_NAMES[value] ?? value;
      if (!(CLI_BACKENDS as readonly string[]).includes(name))
        throw new UsageError(`--backend must be one of ${CLI_BACKENDS.join(', ')}, got "${value}"`);
      options.backend = name as CliBackend;
    } else if (flag === 'init' || flag === 'out') {
      weightsExtension(flag, value);
      options[flag] = value;
    } else if (flag === 'variable') options.variable = value;
    else options.data = value;
  }
  // --data mnist takes the original program's MNIST configuration for every setting not given.
  if (options.data === 'mnist')
    for (const setting of NUMERIC_SETTINGS)
      if (!options.given.has(setting.key)) options[setting.key] = PRESETS.mnist[setting.key];
  return { command: 'train', options };
}
