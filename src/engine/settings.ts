/**
 * The one table of settings. It drives the sliders, the defaults, validation, the URL and the
 * command-line flags. Pure data and functions: used by the page, the worker and the CLI.
 */

import { BACKEND_LABEL, BACKENDS, FORMER_BACKEND_NAMES } from './backends';
export type NumericKey =
  | 'rho'
  | 'beta'
  | 'lambda'
  | 'hiddenSize'
  | 'patchSize'
  | 'examples'
  | 'iterations'
  | 'seed'
  | 'learningRate'
  | 'batchSize';

export type ChoiceKey = 'dataset' | 'optimizer' | 'backend';

export interface NumericSetting {
  key: NumericKey;
  label: string;
  /** The course's symbol, for the settings that have one (ρ, β, λ). */
  symbol?: string;
  /** Command-line flag, without the leading dashes. */
  flag: string;
  min: number;
  max: number;
  /** The slider's scale. */
  scale: 'linear' | 'log';
  integer: boolean;
  /**
   * Live settings (ρ, β, λ) change a running optimisation from its next iteration: the page shows
   * them as sliders. Changing any other setting restarts the run (the page's run settings).
   */
  live: boolean;
  /** For a log scale whose min is 0: the smallest non-zero value on the slider (its left end is 0). */
  floor?: number;
  /** Shown and used only with the Adam optimizer, or only for data cut into patches (not MNIST). */
  appliesTo?: 'adam' | 'patches';
  help: string;
}

/** Each setting once, in the order the page lists them. */
export const NUMERIC_SETTINGS = [
  {
    key: 'rho',
    label: 'ρ (sparsity target)',
    symbol: 'ρ',
    flag: 'rho',
    min: 0.001,
    max: 0.5,
    scale: 'log',
    integer: false,
    live: true,
    help: 'The average activation each hidden unit aims for. Small ρ means each unit fires for few inputs, so it has to specialise.',
  },
  {
    key: 'beta',
    label: 'β (sparsity weight)',
    symbol: 'β',
    flag: 'beta',
    min: 0,
    max: 30,
    scale: 'log',
    integer: false,
    live: true,
    floor: 0.01,
    help: 'How hard the KL term pulls every ρ̂ⱼ towards ρ. At 0 there is no sparsity pressure at all.',
  },
  {
    key: 'lambda',
    label: 'λ (weight decay)',
    symbol: 'λ',
    flag: 'lambda',
    min: 0,
    max: 0.1,
    scale: 'log',
    integer: false,
    live: true,
    floor: 1e-6,
    help: 'Weight decay. Larger λ keeps weights small and filters smooth; too large and they fade to nothing.',
  },
  {
    key: 'hiddenSize',
    label: 'Hidden units',
    flag: 'hidden',
    min: 1,
    max: 1024,
    scale: 'linear',
    integer: true,
    live: false,
    help: 'Number of features the autoencoder learns.',
  },
  {
    key: 'patchSize',
    label: 'Patch size',
    flag: 'patch',
    min: 2,
    max: 64,
    scale: 'linear',
    integer: true,
    live: false,
    appliesTo: 'patches',
    help: 'Side of the square patches cut from images (MNIST digits are 28).',
  },
  {
    key: 'examples',
    label: 'Examples',
    flag: 'examples',
    min: 1,
    max: 60000,
    scale: 'linear',
    integer: true,
    live: false,
    help: 'Number of training examples (patches or digits).',
  },
  {
    key: 'iterations',
    label: 'Iterations',
    flag: 'iterations',
    min: 0,
    max: 100000,
    scale: 'linear',
    integer: true,
    live: false,
    help: 'Optimizer iterations before the run stops.',
  },
  {
    key: 'seed',
    label: 'Seed',
    flag: 'seed',
    min: 0,
    max: 4294967295,
    scale: 'linear',
    integer: true,
    live: false,
    help: 'Seeds the patch sampling and the initial weights, so a run can be reproduced.',
  },
  {
    key: 'learningRate',
    label: 'Learning rate (Adam)',
    flag: 'learning-rate',
    min: 1e-5,
    max: 1,
    scale: 'log',
    integer: false,
    live: false,
    appliesTo: 'adam',
    help: 'Adam’s step size.',
  },
  {
    key: 'batchSize',
    label: 'Batch size (Adam)',
    flag: 'batch-size',
    min: 1,
    max: 60000,
    scale: 'linear',
    integer: true,
    live: false,
    appliesTo: 'adam',
    help: 'Examples per Adam minibatch.',
  },
] as const satisfies readonly NumericSetting[];

/** The settings a running optimisation takes from its next iteration: ρ, β and λ. */
export type LiveSetting = Extract<(typeof NUMERIC_SETTINGS)[number], { live: true }>;
export type LiveKey = LiveSetting['key'];

/** The live settings, then the ones that restart a run, in the table's order. */
export const LIVE_SETTINGS: readonly LiveSetting[] = NUMERIC_SETTINGS.filter(
  (s): s is LiveSetting => s.live,
);
export const RUN_SETTINGS: readonly NumericSetting[] = NUMERIC_SETTINGS.filter((s) => !s.live);

export const CHOICES = {
  dataset: ['natural', 'mnist'],
  optimizer: ['lbfgs', 'adam'],
  /** 'auto' measures; the others are the backends of backends.ts. */
  backend: ['auto', ...BACKENDS],
} as const;

export type DatasetName = (typeof CHOICES.dataset)[number];
export type OptimizerName = (typeof CHOICES.optimizer)[number];
export type BackendChoice = (typeof CHOICES.backend)[number];

export type NumericSettings = Record<NumericKey, number>;

export interface Settings extends NumericSettings {
  dataset: DatasetName;
  optimizer: OptimizerName;
  backend: BackendChoice;
}

/** How the page names each choice. */
export const CHOICE_LABELS: { [K in ChoiceKey]: Record<Settings[K], string> } = {
  dataset: { natural: 'Natural images', mnist: 'MNIST digits' },
  optimizer: { lbfgs: 'L-BFGS (full batch)', adam: 'Adam (minibatches)' },
  backend: { auto: 'Automatic (the fastest, measured on the data)', ...BACKEND_LABEL },
};

export type PresetName = 'natural' | 'mnist';

/** How the page names each preset. */
export const PRESET_LABELS: Record<PresetName, string> = {
  natural: 'UFLDL natural images',
  mnist: 'UFLDL MNIST',
};

/** The original program's two configurations. */
export const PRESETS: Record<PresetName, Settings> = {
  natural: {
    dataset: 'natural',
    optimizer: 'lbfgs',
    backend: 'auto',
    rho: 0.01,
    beta: 3,
    lambda: 1e-4,
    hiddenSize: 25,
    patchSize: 8,
    examples: 10000,
    iterations: 400,
    seed: 1234,
    learningRate: 0.01,
    batchSize: 1000,
  },
  mnist: {
    dataset: 'mnist',
    optimizer: 'lbfgs',
    backend: 'auto',
    rho: 0.1,
    beta: 3,
    lambda: 3e-3,
    hiddenSize: 196,
    patchSize: 28,
    examples: 10000,
    iterations: 400,
    seed: 1234,
    learningRate: 0.01,
    batchSize: 1000,
  },
};

export const DEFAULT_SETTINGS: Settings = PRESETS.natural;

export function numericSetting(key: NumericKey): NumericSetting {
  const setting: NumericSetting | undefined = NUMERIC_SETTINGS.find((s) => s.key === key);
  if (!setting) throw new Error(`unknown setting ${key}`);
  return setting;
}

/** Why a value is refused for a setting, or null when it is acceptable. */
export function validateNumeric(key: NumericKey, value: number): string | null {
  const s = numericSetting(key);
  if (!Number.isFinite(value)) return `${s.label} must be a number, got ${String(value)}`;
  if (s.integer && !Number.isInteger(value))
    return `${s.label} must be a whole number, got ${value}`;
  // ρ is a probability: any value strictly inside (0, 1) is sound, whatever the slider's range.
  if (key === 'rho') {
    return value > 0 && value < 1
      ? null
      : `${s.label} must lie strictly between 0 and 1, got ${value}`;
  }
  if (value < s.min) return `${s.label} must be at least ${s.min}, got ${value}`;
  if (value > s.max) return `${s.label} must be at most ${s.max}, got ${value}`;
  return null;
}

/** A choice as written in a link or by a script, with earlier backend names read as today's. */
export function currentChoiceName(key: ChoiceKey, value: string): string {
  return key === 'backend' ? (FORMER_BACKEND_NAMES[value] ?? value) : value;
}

function isChoice<K extends ChoiceKey>(key: K, value: string): value is Settings[K] {
  return (CHOICES[key] as readonly string[]).includes(value);
}

/** Why a choice is refused, or null when it is acceptable. */
export function validateChoice(key: ChoiceKey, value: string): string | null {
  return isChoice(key, value)
    ? null
    : `${key} must be one of ${CHOICES[key].join(', ')}, got "${value}"`;
}
