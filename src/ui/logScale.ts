/**
 * Slider positions for settings on a log scale. A range input moves in whole steps; these map a
 * step to a value and back. Settings whose minimum is 0 (β, λ) get a "0" at the left end and a
 * log scale from a floor upwards, so that 0 stays reachable without a log of zero.
 */

export const SLIDER_STEPS = 200;

export interface SliderScale {
  min: number;
  max: number;
  scale: 'linear' | 'log';
  /** For a log scale whose min is 0: the smallest non-zero value on the slider. */
  floor?: number;
}

/** Rounds to three significant digits, so positions give clean values (0.0123, 4.56e-5). */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

function logBounds(s: SliderScale): { low: number; high: number; zeroStep: boolean } {
  const zeroStep = s.min <= 0;
  const lowValue = zeroStep ? (s.floor ?? s.max / 1e4) : s.min;
  return { low: Math.log10(lowValue), high: Math.log10(s.max), zeroStep };
}

/** Value at slider position `step` (0 … SLIDER_STEPS). */
export function valueAtStep(s: SliderScale, step: number): number {
  const t = Math.min(Math.max(step, 0), SLIDER_STEPS);
  if (s.scale === 'linear') return roundSignificant(s.min + ((s.max - s.min) * t) / SLIDER_STEPS);
  const { low, high, zeroStep } = logBounds(s);
  if (zeroStep) {
    if (t === 0) return 0;
    return roundSignificant(10 ** (low + ((high - low) * (t - 1)) / (SLIDER_STEPS - 1)));
  }
  return roundSignificant(10 ** (low + ((high - low) * t) / SLIDER_STEPS));
}

/** The slider position nearest to `value` (values off the scale are pinned to its ends). */
export function stepForValue(s: SliderScale, value: number): number {
  if (!Number.isFinite(value)) return 0;
  if (s.scale === 'linear') {
    const t = ((value - s.min) / (s.max - s.min)) * SLIDER_STEPS;
    return Math.min(Math.max(Math.round(t), 0), SLIDER_STEPS);
  }
  const { low, high, zeroStep } = logBounds(s);
  if (zeroStep) {
    if (value <= 0) return 0;
    const t = 1 + ((Math.log10(value) - low) / (high - low)) * (SLIDER_STEPS - 1);
    return Math.min(Math.max(Math.round(t), 1), SLIDER_STEPS);
  }
  if (value <= 0) return 0;
  const t = ((Math.log10(value) - low) / (high - low)) * SLIDER_STEPS;
  return Math.min(Math.max(Math.round(t), 0), SLIDER_STEPS);
}
