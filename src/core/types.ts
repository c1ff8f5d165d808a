/** Sizes of the autoencoder: visible → hidden → visible. */
export interface ModelShape {
  visibleSize: number;
  hiddenSize: number;
}

/** The course's three hyperparameters of the cost. */
export interface Hyperparameters {
  /** ρ, the sparsity target: the mean activation each hidden unit should have. */
  rho: number;
  /** β, the sparsity weight: the weight of the KL-divergence term. */
  beta: number;
  /** λ, the weight-decay parameter. */
  lambda: number;
}

/** J = reconstruction + decay + sparsity. */
export interface CostParts {
  cost: number;
  /** (1/m) Σ ½‖a3 − x‖². */
  reconstruction: number;
  /** The weight-decay term λ/2 (‖W1‖² + ‖W2‖²) (not λ itself). */
  decay: number;
  /** The sparsity term β Σ_j KL(ρ ‖ ρ̂_j). */
  sparsity: number;
}

export interface CostAndGradient extends CostParts {
  /** ∂J/∂θ in the original program's layout: W1, W2, b1, b2. */
  gradient: Float64Array;
  /** ρ̂_j: mean activation of each hidden unit over the examples evaluated. */
  meanActivation: Float64Array;
}

/** J(θ) and ∇J(θ); may be asynchronous (a GPU read-back). */
export type Objective = (theta: Float64Array) => CostAndGradient | Promise<CostAndGradient>;

/**
 * A data matrix as the original program holds it: one example per column.
 * values[feature * exampleCount + example], row-major, visibleSize × exampleCount.
 */
export interface DataMatrix {
  visibleSize: number;
  exampleCount: number;
  values: Float32Array | Float64Array;
}
