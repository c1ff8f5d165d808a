/**
 * Every message between the page and the self-taught worker (UFLDL's self-taught learning runs
 * in its own worker, beside the training worker): commands page → worker, events back; each
 * carries the jobId the client assigned, so a cancelled job's late messages are dropped.
 */
import type { DataSource } from '../data/dataset';
import type { Weights } from '../data/weights';
import type { SelfTaughtProgress } from '../engine/selftaught';
import type { SelfTaughtVersion } from '../engine/selftaught-presets';

export type { SelfTaughtProgress, SelfTaughtVersion };

export type SelfTaughtCommand =
  | { type: 'run'; jobId: number; version: SelfTaughtVersion; dataUrl: string }
  /**
   * "Classify with these features": softmax on the features of these weights and on the raw
   * inputs of this labeled data, the first half to train and the second half to test.
   */
  | { type: 'classify'; jobId: number; weights: Weights; source: DataSource; dataUrl: string }
  | { type: 'cancel'; jobId: number };

/** The outcome of "Classify with these features". */
export interface ClassifyOutcome {
  numClasses: number;
  features: ClassifierView;
  raw: ClassifierView;
  train: number;
  test: number;
  hiddenSize: number;
  seconds: number;
}

/** One classifier's scores on the test digits. */
export interface ClassifierView {
  accuracy: number;
  /** counts[true·k + predicted]. */
  confusion: number[];
}

/** What the page shows of a finished experiment (typed arrays are transferred). */
export interface SelfTaughtOutcome {
  version: SelfTaughtVersion;
  description: string;
  numClasses: number;
  features: ClassifierView;
  raw: ClassifierView;
  unlabeled: number;
  train: number;
  test: number;
  seconds: number;
  backend: string;
  hiddenSize: number;
  visibleSize: number;
  side: number;
  /** W1 (hidden × visible, row-major) of the autoencoder: its filters. */
  W1: Float32Array;
  /** Up to 100 test digits the feature classifier got wrong: pixels, true and predicted class. */
  misclassified: { pixels: Uint8Array; labels: Uint8Array; predicted: Uint8Array; total: number };
}

export type SelfTaughtEvent =
  /** The built-in data is being fetched (or read from this browser's copy). */
  | { type: 'loading'; jobId: number }
  | { type: 'progress'; jobId: number; progress: SelfTaughtProgress }
  | { type: 'result'; jobId: number; outcome: SelfTaughtOutcome }
  | { type: 'classified'; jobId: number; outcome: ClassifyOutcome }
  | { type: 'cancelled'; jobId: number }
  | { type: 'failed'; jobId: number; message: string };

export function selfTaughtTransferables(event: SelfTaughtEvent): Transferable[] {
  if (event.type !== 'result') return [];
  const { W1, misclassified } = event.outcome;
  return [W1.buffer, misclassified.pixels.buffer] as Transferable[];
}
