/** Refusing settings out of range, with the reason, through the one settings table. */
import { validateNumeric, type NumericKey } from './settings';
import type { LiveHyperparameters } from './types';

function firstRefusal(checks: [NumericKey, number | undefined][]): string | null {
  for (const [key, value] of checks) {
    if (value === undefined) continue;
    const refused = validateNumeric(key, value);
    if (refused) return refused;
  }
  return null;
}

/** ρ strictly inside (0, 1), β and λ not negative (nor above the table's maximum), learning rate. */
export function validateHyperparameters(h: LiveHyperparameters): string | null {
  return firstRefusal([
    ['rho', h.rho],
    ['beta', h.beta],
    ['lambda', h.lambda],
    ['learningRate', h.learningRate],
  ]);
}

/** The run's settings: the live ones plus hidden units, iterations, seed and batch size. */
export function validateSessionConfig(config: {
  hiddenSize: number;
  iterations: number;
  seed: number;
  batchSize?: number;
  hyperparameters: LiveHyperparameters;
  data: { visibleSize: number; exampleCount: number };
}): string | null {
  const refused =
    firstRefusal([
      ['hiddenSize', config.hiddenSize],
      ['iterations', config.iterations],
      ['seed', config.seed],
      ['batchSize', config.batchSize],
    ]) ?? validateHyperparameters(config.hyperparameters);
  if (refused) return refused;
  if (!(config.data.exampleCount >= 1 && config.data.visibleSize >= 1))
    return 'The data set is empty: load data with at least one example.';
  return null;
}

/**
 * The ρ, β, λ an imported weights file carries, checked against the settings table: a message
 * naming the file and the field, or null (also when the file carries none).
 */
export function validateWeightsHyperparameters(
  hyperparameters: { rho: number; beta: number; lambda: number } | undefined,
  fileName: string,
): string | null {
  if (!hyperparameters) return null;
  for (const key of ['rho', 'beta', 'lambda'] as const) {
    const refused = validateNumeric(key, hyperparameters[key]);
    if (refused)
      return `“${fileName}”: hyperparameters.${key}: ${refused}; fix the file or export the weights again.`;
  }
  return null;
}
