/** Arguments of `selftaught` and `classify` (UFLDL's self-taught learning and softmax). */
import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './args';

export interface SelfTaughtOptions {
  /** IDX images and labels; both absent = the built-in MNIST training images. */
  images?: string;
  labels?: string;
  hiddenSize: number;
  iterations: number;
  /** The classroom version's settings for everything not given. */
  classroom: boolean;
  given: Set<'hiddenSize' | 'iterations'>;
  jsonl: boolean;
}

export interface ClassifyOptions {
  images: string;
  labels: string;
  testImages?: string;
  testLabels?: string;
  /** Autoencoder weights (.npy θ or .json): classify their features too. */
  init?: string;
  jsonl: boolean;
}

export type SelfTaughtCommand =
  | { command: 'selftaught'; options: SelfTaughtOptions }
  | { command: 'classify'; options: ClassifyOptions };

export const SELF_TAUGHT_USAGE = `Usage: npm run cli -- selftaught [--images PATH --labels PATH] [--hidden 200] [--iterations 400]
                    [--classroom] [--jsonl]
  UFLDL's self-taught learning: an autoencoder learns from the digits 5–9 without labels, then a
  softmax classifies the digits 0–4 (first half to train, second half to test) from its features
  and from the raw pixels. Default data: MNIST's 60,000 training images (built in).
  --classroom: the quicker version (2,000 unlabeled and 1,000 labeled digits of the first
  10,000 images, 100 hidden, 60 iterations).
  Prints a final JSON line {"featureAccuracy","rawAccuracy","unlabeled","train","test","seconds"}.

Usage: npm run cli -- classify --images PATH --labels PATH [--test-images PATH --test-labels PATH]
                    [--init THETA.npy] [--jsonl]
  Softmax regression (λ 1e-4, 100 L-BFGS iterations) on raw pixels, and with --init on the
  features of those autoencoder weights; tested on the test files, or else on the second half.
  Prints a final JSON line {"accuracy","rawAccuracy","train","test","seconds"}.`;

const NUMBER_FLAGS = { hidden: 'hiddenSize', iterations: 'iterations' } as const;

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}

/** Parses the arguments after `selftaught` or `classify`; throws UsageError naming the bad one. */
export function parseSelfTaughtCommand(
  command: 'selftaught' | 'classify',
  rest: readonly string[],
): SelfTaughtCommand {
  const strings = [
    'images',
    'labels',
    'test-images',
    'test-labels',
    'init',
    'hidden',
    'iterations',
  ];
  const allowed =
    command === 'selftaught'
      ? ['images', 'labels', 'hidden', 'iterations', 'classroom', 'jsonl']
      : ['images', 'labels', 'test-images', 'test-labels', 'init', 'jsonl'];
  const { tokens } = nodeParseArgs({
    args: [...rest],
    options: Object.fromEntries([
      ...strings.map((name) => [name, { type: 'string' as const }]),
      ['jsonl', { type: 'boolean' as const }],
      ['classroom', { type: 'boolean' as const }],
    ]),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | true>();
  for (const token of tokens) {
    if (token.kind !== 'option')
      throw new UsageError(`unexpected argument "${rest[token.index]}" (options start with --)`);
    const flag = token.name;
    if (!allowed.includes(flag))
      throw new UsageError(`unknown option --${flag} for ${command} (see --help)`);
    if (values.has(flag)) throw new UsageError(`--${flag} is given twice`);
    if (flag === 'jsonl' || flag === 'classroom') {
      if (token.value !== undefined) throw new UsageError(`--${flag} takes no value`);
      values.set(flag, true);
      continue;
    }
    const value = token.value;
    if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--')))
      throw new UsageError(`--${flag} needs a value`);
    values.set(flag, value);
  }
  const text = (flag: string) => values.get(flag) as string | undefined;
  const pair = (images: string, labels: string) => {
    if (values.has(images) !== values.has(labels))
      throw new UsageError(`--${images} and --${labels} go together; give both or neither`);
  };
  const jsonl = values.has('jsonl');
  if (command === 'classify') {
    if (!values.has('images') || !values.has('labels'))
      throw new UsageError('classify needs --images PATH and --labels PATH');
    pair('test-images', 'test-labels');
    if (values.has('init') && !/\.(npy|json)$/i.test(text('init')!))
      throw new UsageError(`--init ${text('init')}: the weights file must end in .npy or .json`);
    return {
      command,
      options: {
        images: text('images')!,
        labels: text('labels')!,
        testImages: text('test-images'),
        testLabels: text('test-labels'),
        init: text('init'),
        jsonl,
      },
    };
  }
  pair('images', 'labels');
  const options: SelfTaughtOptions = {
    images: text('images'),
    labels: text('labels'),
    hiddenSize: 0,
    iterations: 0,
    classroom: values.has('classroom'),
    given: new Set(),
    jsonl,
  };
  for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
    const value = text(flag);
    if (value === undefined) continue;
    options[key] = wholeNumber(flag, value, key === 'hiddenSize' ? 1 : 0, 100000);
    options.given.add(key);
  }
  return { command, options };
}
