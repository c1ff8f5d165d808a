/**
 * The guided lesson: steps a teacher clicks through. Each step sets the values of a run (a preset
 * and what differs from it), starts it, and says what to look for; each has its own link.
 */
import { PRESETS, type BackendChoice, type PresetName, type Settings } from '../engine/settings';
import type { MosaicScale } from './types';

export interface LessonStep {
  /** The step's name in its link: `?lesson=no-sparsity`. */
  id: string;
  title: string;
  /** What the step changes, in a sentence. */
  does: string;
  /** What to watch while it runs. */
  lookFor: string[];
  dataset: PresetName;
  /** What differs from the dataset's preset. */
  settings: Partial<Settings>;
  /** The mosaic's scale for this step (default: each filter to its own max). */
  mosaicScale?: MosaicScale;
}

export const LESSON_STEPS: readonly LessonStep[] = [
  {
    id: 'edges',
    title: 'Edges from natural images',
    does: 'UFLDL’s settings: 8×8 patches of whitened photographs, 25 hidden units, ρ = 0.01, β = 3, λ = 10⁻⁴.',
    lookFor: [
      'The filters turn from noise into edges — short light and dark bars at different places and angles — within the first hundred iterations.',
      'The ρ̂ bars settle on the dashed line: each unit fires on about 1% of the patches.',
      'J falls steeply, then flattens; the reconstruction term (blue) is most of it.',
    ],
    dataset: 'natural',
    settings: {},
  },
  {
    id: 'no-sparsity',
    title: 'Switch sparsity off: β = 0',
    does: 'The same run without the sparsity term: nothing pulls ρ̂ⱼ towards ρ.',
    lookFor: [
      'The ρ̂ bars rise far above the dashed line: units fire for many patches, not few.',
      'The filters stay noisy and spread over the whole patch instead of becoming clean, local edges.',
      'The sparsity curve is gone (β Σ KL = 0) and J is the reconstruction plus a little decay.',
    ],
    dataset: 'natural',
    settings: { beta: 0 },
  },
  {
    id: 'strong-decay',
    title: 'Raise the weight decay λ',
    does: 'λ = 3·10⁻⁴, three times UFLDL’s: a small change with a large effect. The mosaic shows all filters on one scale.',
    lookFor: [
      'On one scale for all, the tiles fade as training goes on: the weights end many times smaller than the random ones they started from.',
      'The reconstruction error (blue) ends well above the first run’s: small weights cannot rebuild the patches as well.',
      'Switch to “each filter to its own max” to see the faded filters’ shapes stretched back; then set λ back to 0.0001 and press Continue — the tiles regain contrast, and a dashed mark on the chart shows where λ changed.',
    ],
    dataset: 'natural',
    settings: { lambda: 3e-4 },
    mosaicScale: 'shared',
  },
  {
    id: 'dense-code',
    title: 'A large sparsity target: ρ = 0.2',
    does: 'Each unit may now fire on a fifth of the patches instead of one in a hundred.',
    lookFor: [
      'The dashed line and the ρ̂ bars sit at 0.2.',
      'The reconstructions are much sharper than in the first run: more units help rebuild each patch.',
      'Compare the filters with the first run’s in Runs below: small ρ forces each unit to specialise, large ρ allows a denser code.',
    ],
    dataset: 'natural',
    settings: { rho: 0.2 },
  },
  {
    id: 'pen-strokes',
    title: 'Pen strokes from MNIST digits',
    does: 'UFLDL’s MNIST settings: whole 28×28 digits, 196 hidden units, ρ = 0.1, β = 3, λ = 0.003. The longest step: several minutes on a laptop.',
    lookFor: [
      'The filters become pen strokes: short curved segments, each at its own place in the digit’s frame.',
      'The reconstructions turn from gray blurs into recognisable digits.',
      'The ρ̂ bars gather around 0.1.',
    ],
    dataset: 'mnist',
    settings: {},
  },
];

export function lessonStep(id: string | null): LessonStep | undefined {
  return LESSON_STEPS.find((step) => step.id === id);
}

/** The settings a step runs with (the page's backend kept). */
export function stepSettings(step: LessonStep, backend: BackendChoice): Settings {
  return { ...PRESETS[step.dataset], ...step.settings, backend };
}
