/**
 * The self-taught experiment's two versions: UFLDL's (stlExercise.m) and a quicker classroom one
 * that says how it differs.
 */
import type { SelfTaughtSettings } from './selftaught';

export type SelfTaughtVersion = 'full' | 'classroom';

export interface SelfTaughtPreset {
  settings: SelfTaughtSettings;
  /** Which built-in set it reads: all 70,000 labeled digits, or the 10,000 "MNIST digits". */
  data: 'mnist-labeled' | 'mnist';
  /** One line for the page and the CLI. */
  description: string;
}

const UFLDL = { hiddenSize: 200, rho: 0.1, beta: 3, lambda: 3e-3, softmaxIterations: 100, seed: 0 };

export const SELF_TAUGHT_PRESETS: Record<SelfTaughtVersion, SelfTaughtPreset> = {
  full: {
    settings: { ...UFLDL, iterations: 400 },
    data: 'mnist-labeled',
    description:
      "UFLDL's experiment: a 784–200 autoencoder trained 400 iterations on the 29,404 digits 5–9 of MNIST's 60,000 training images, softmax on the 30,596 digits 0–4 (half to train, half to test).",
  },
  classroom: {
    settings: {
      ...UFLDL,
      hiddenSize: 100,
      iterations: 60,
      unlabeledLimit: 2000,
      labeledLimit: 1000,
    },
    data: 'mnist',
    description:
      'Classroom version, about a minute: from the first 10,000 training images, 2,000 digits 5–9 unlabeled and 1,000 digits 0–4 (500 to train, 500 to test); 100 hidden units and 60 autoencoder iterations instead of 200 and 400, so its features are less mature than UFLDL’s.',
  },
};
