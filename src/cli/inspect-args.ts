/** Command-line arguments of `inspect`: the data (every form `train` takes), the weights, τ and k. */
import { parseArgs as nodeParseArgs } from 'node:util';
import { DEFAULT_THRESHOLD } from '../core/inspect';
import { PRESETS, validateNumeric } from '../engine/settings';
import { UsageError } from './args';

export interface InspectOptions {
  /** --data as `train` takes it: natural, mnist, or a file. */
  data?: string;
  /** --init: the weights to inspect (.npy θ vector or .json). */
  init: string;
  /** --hidden when given (it must agree with the weights). */
  hiddenSize?: number;
  threshold: number;
  top: number;
  jsonl: boolean;
  patchSize: number;
  examples?: number;
  seed: number;
  variable?: string;
  rescale: boolean;
}

export const INSPECT_USAGE = `Usage: npm run cli -- inspect --data SOURCE --init THETA [options]

Inspects trained weights on a data matrix: each hidden unit's mean activation ρ̂, firing rate
(the fraction of examples with a2 > τ), top examples, activation histogram and most correlated
units, and the sparsity-health figures (dead and dense units, mean L0, NMSE, explained variance).

  --data SOURCE      natural (default) or mnist (built in), or a file as train takes it
  --init FILE        the weights (.npy θ vector or .json); required
  --hidden N         hidden units (must agree with the weights)
  --threshold T      τ: a unit fires on an example when its activation is above it (default ${DEFAULT_THRESHOLD})
  --top K            top examples per unit (default 16)
  --examples N, --seed N, --patch N, --variable NAME, --rescale   the data, as for train
  --jsonl            one JSON object instead of a table`;

const OPTIONS = {
  data: { type: 'string' },
  init: { type: 'string' },
  hidden: { type: 'string' },
  threshold: { type: 'string' },
  top: { type: 'string' },
  examples: { type: 'string' },
  seed: { type: 'string' },
  patch: { type: 'string' },
  variable: { type: 'string' },
  jsonl: { type: 'boolean' },
  rescale: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Parses the arguments after `inspect`; throws UsageError naming the bad flag. */
export function parseInspectArgs(argv: readonly string[]): InspectOptions | 'help' {
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Map<string, string>();
  let jsonl = false;
  let rescale = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator' || token.kind === 'positional')
      throw new UsageError(`unexpected argument "${argv[token.index]}" (options start with --)`);
    const flag = token.name;
    if (!Object.hasOwn(OPTIONS, flag) || token.rawName !== `--${flag}`)
      throw new UsageError(`unknown option ${token.rawName} for inspect (see inspect --help)`);
    if (given.has(flag)) throw new UsageError(`--${flag} is given twice`);
    if (flag === 'help') return 'help';
    if (flag === 'jsonl' || flag === 'rescale') {
      if (token.value !== undefined) throw new UsageError(`--${flag} takes no value`);
      if (flag === 'jsonl') jsonl = true;
      else rescale = true;
      given.set(flag, '');
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      throw new UsageError(`--${flag} needs a value`);
    given.set(flag, value);
  }
  const init = given.get('init');
  if (init === undefined)
    throw new UsageError('--init is missing: name the weights to inspect (.npy or .json)');
  if (!/\.(npy|json)$/i.test(init))
    throw new UsageError(`--init ${init}: the weights file must end in .npy or .json`);
  const threshold = Number(given.get('threshold') ?? DEFAULT_THRESHOLD);
  if (!(threshold > 0 && threshold < 1))
    throw new UsageError(
      `--threshold must be a number between 0 and 1, got "${given.get('threshold')}"`,
    );
  const numeric = (flag: string, key: 'hiddenSize' | 'examples' | 'seed' | 'patchSize') => {
    const text = given.get(flag);
    if (text === undefined) return undefined;
    const n = Number(text);
    const refused = Number.isNaN(n) ? `must be a number, got "${text}"` : validateNumeric(key, n);
    if (refused) throw new UsageError(`--${flag}: ${refused}`);
    return n;
  };
  const preset = PRESETS[given.get('data') === 'mnist' ? 'mnist' : 'natural'];
  return {
    data: given.get('data'),
    init,
    hiddenSize: numeric('hidden', 'hiddenSize'),
    threshold,
    top: given.has('top') ? integer('top', given.get('top')!, 1, 1000) : 16,
    jsonl,
    patchSize: numeric('patch', 'patchSize') ?? preset.patchSize,
    examples: numeric('examples', 'examples'),
    seed: numeric('seed', 'seed') ?? preset.seed,
    variable: given.get('variable'),
    rescale,
  };
}
