/**
 * Adam (Kingma & Ba, 2015) on minibatches: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1−β1ᵗ), v̂ = v/(1−β2ᵗ). Examples are drawn without
 * replacement, reshuffled every epoch from the seeded PRNG.
 */
import { iterationReport } from './optimizer';
import type { IterationReport, Optimizer } from './optimizer';
import type { Rng } from './rng';
import type { CostAndGradient } from './types';

export interface AdamOptions {
  learningRate: number;
  batchSize: number;
  exampleCount: number;
  rng: Rng;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Reports stop 'max-iterations' at this many updates (default: never). */
  maxIterations?: number;
}

export type BatchObjective = (theta: Float64Array, batch: Int32Array) => Promise<CostAndGradient>;

export class Adam implements Optimizer {
  /** The step size; may be changed between steps. */
  learningRate: number;
  private readonly objectiveOnBatch: BatchObjective;
  private readonly point: Float64Array;
  private readonly firstMoment: Float64Array;
  private readonly secondMoment: Float64Array;
  private readonly order: Int32Array;
  private cursor: number;
  private updates = 0;
  private iteration = 0;
  private evaluations = 0;
  private readonly batchSize: number;
  private readonly rng: Rng;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly maxIterations: number;

  constructor(objectiveOnBatch: BatchObjective, x0: Float64Array, options: AdamOptions) {
    const { exampleCount, batchSize } = options;
    if (!(Number.isInteger(batchSize) && batchSize >= 1))
      throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
    if (!(Number.isInteger(exampleCount) && exampleCount >= 1))
      throw new RangeError(`example count must be a positive integer, got ${exampleCount}`);
    this.objectiveOnBatch = objectiveOnBatch;
    this.point = Float64Array.from(x0);
    this.firstMoment = new Float64Array(x0.length);
    this.secondMoment = new Float64Array(x0.length);
    this.learningRate = options.learningRate;
    this.batchSize = Math.min(batchSize, exampleCount);
    this.rng = options.rng;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.maxIterations = options.maxIterations ?? Infinity;
    this.order = Int32Array.from({ length: exampleCount }, (_, i) => i);
    this.cursor = exampleCount; // shuffle before the first batch
  }

  get x(): Float64Array {
    return this.point;
  }

  /** Zeroes the moment estimates and restarts the bias correction. */
  resetHistory(): void {
    this.firstMoment.fill(0);
    this.secondMoment.fill(0);
    this.updates = 0;
  }

  /** The next minibatch: a Fisher–Yates shuffle each epoch, then consecutive slices. */
  private nextBatch(): Int32Array {
    if (this.cursor + this.batchSize > this.order.length) {
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const swap = this.order[i];
        this.order[i] = this.order[j];
        this.order[j] = swap;
      }
      this.cursor = 0;
    }
    const batch = this.order.slice(this.cursor, this.cursor + this.batchSize);
    this.cursor += this.batchSize;
    return batch;
  }

  /** One minibatch update; the report holds the minibatch cost at θ before the update. */
  async step(): Promise<IterationReport> {
    const value = await this.objectiveOnBatch(this.point, this.nextBatch());
    this.evaluations++;
    if (!Number.isFinite(value.cost)) throw new RangeError(`the minibatch cost is ${value.cost}`);
    const g = value.gradient;
    this.updates++;
    this.iteration++;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.updates;
    const correction2 = 1 - beta2 ** this.updates;
    for (let i = 0; i < g.length; i++) {
      this.firstMoment[i] = beta1 * this.firstMoment[i] + (1 - beta1) * g[i];
      this.secondMoment[i] = beta2 * this.secondMoment[i] + (1 - beta2) * g[i] * g[i];
      const mHat = this.firstMoment[i] / correction1;
      const vHat = this.secondMoment[i] / correction2;
      this.point[i] -= (this.learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
    }
    const stop = this.iteration >= this.maxIterations ? 'max-iterations' : null;
    return iterationReport(value, this.iteration, this.evaluations, stop);
  }
}
