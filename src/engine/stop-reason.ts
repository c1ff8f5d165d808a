/** A run's stop reason in words, for the status line and the command line. */
import type { StopReason } from './types';

const WORDS: Record<StopReason, string> = {
  'max-iterations': 'reached the iteration limit',
  'gradient-tolerance': 'the gradient is below tolerance',
  'relative-reduction': 'the cost stopped falling',
  'line-search-failed': 'the line search found no lower cost',
  'max-evaluations': 'reached the evaluation limit',
  step: 'one step taken',
  reset: 'back at the initial weights',
  'weights-imported': 'the imported weights are loaded',
  'non-finite': 'the cost or gradient became NaN or infinite',
  'backend-failed': 'no backend could compute the cost',
  refused: 'the run was refused',
};

/** "reached the iteration limit", "the cost stopped falling", … */
export function describeStopReason(reason: StopReason): string {
  return WORDS[reason];
}

/** Whether a text is one of the engine's stop reasons (a run's reason may also be a message). */
export function isStopReason(text: string): text is StopReason {
  return Object.hasOwn(WORDS, text);
}
