/** Recognising a cost or gradient that went NaN/Inf, and saying what to change. */
import type { CostAndGradient } from '../core/types';
import type { LiveHyperparameters } from './types';

/** Thrown by the session's objective when J or ∇J is not finite; the message is for the user. */
export class NonFiniteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteError';
  }
}

export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

function countNonFinite(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) count++;
  return count;
}

/**
 * When the data lies outside [0, 1] (which the sigmoid output a₃ ∈ (0, 1) cannot reproduce), that
 * is the cause to name, not ρ, β or λ: the range and the way out (rescaling).
 */
function dataOutsideUnitRange(data: ArrayLike<number>): string | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  if (min >= 0 && max <= 1) return null;
  return (
    `: the data runs from ${min.toPrecision(3)} to ${max.toPrecision(3)}, outside [0, 1], which ` +
    'the sigmoid output layer cannot reproduce. Rescale the data to [0.1, 0.9] (the Rescale ' +
    'button under Data, or --rescale) rather than changing ρ, β or λ.'
  );
}

/**
 * Null when J, its parts and ∇J are all finite; otherwise which term went bad and what to do
 * (given the data, a range outside [0, 1] is named as the cause first).
 */
export function diagnoseNonFinite(
  result: CostAndGradient,
  hyper: LiveHyperparameters,
  optimizer: 'lbfgs' | 'adam',
  data?: ArrayLike<number>,
): string | null {
  const terms = (['reconstruction', 'decay', 'sparsity'] as const).filter(
    (term) => !Number.isFinite(result[term]),
  );
  const badGradient = countNonFinite(result.gradient);
  if (terms.length === 0 && Number.isFinite(result.cost) && badGradient === 0) return null;

  const rhoHat = result.meanActivation;
  let saturatedLow = 0;
  let saturatedHigh = 0;
  for (let j = 0; j < rhoHat.length; j++) {
    if (!(rhoHat[j] > 0)) saturatedLow++;
    else if (!(rhoHat[j] < 1)) saturatedHigh++;
  }
  const lowerStep =
    optimizer === 'adam'
      ? `lower the learning rate (now ${hyper.learningRate ?? '?'})`
      : 'reset to fresh weights';
  const what =
    terms.length > 0
      ? `The ${terms.map((t) => (t === 'decay' ? 'weight-decay' : t)).join(' and ')} term${terms.length > 1 ? 's' : ''} of the cost became ${terms.map((t) => result[t]).join('/')}`
      : `The gradient has ${badGradient} non-finite entr${badGradient === 1 ? 'y' : 'ies'} (the cost is ${result.cost})`;

  const units = rhoHat.length;
  let why: string;
  const outside = data ? dataOutsideUnitRange(data) : null;
  if (outside) {
    why = outside;
  } else if (saturatedLow + saturatedHigh > 0) {
    const reasons: string[] = [];
    if (saturatedLow > 0)
      reasons.push(
        `the mean activation ρ̂ fell to 0 for ${saturatedLow} of ${units} hidden units (they never ` +
          `fire), where ρ log(ρ/ρ̂) is infinite: lower β (now ${hyper.beta}) or raise ρ (now ` +
          `${hyper.rho}) so the sparsity pull is gentler, or ${lowerStep}`,
      );
    if (saturatedHigh > 0)
      reasons.push(
        `the mean activation ρ̂ reached 1 for ${saturatedHigh} of ${units} hidden units (they ` +
          `always fire), where (1−ρ) log((1−ρ)/(1−ρ̂)) is infinite: raise λ (now ${hyper.lambda}) ` +
          `to keep the weights small, lower β (now ${hyper.beta}), or ${lowerStep}`,
      );
    why = `: ${reasons.join('; and ')}.`;
  } else if (terms.includes('decay')) {
    why = `: the weights overflowed. Raise λ (now ${hyper.lambda}) or ${lowerStep}.`;
  } else if (terms.includes('reconstruction')) {
    why =
      `: the data or the weights hold NaN or infinite values. Check the data file, ` +
      `or ${lowerStep}.`;
  } else {
    why = `. Lower β (now ${hyper.beta}) or ${lowerStep}.`;
  }
  return `${what}${why}`;
}
