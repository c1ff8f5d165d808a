/** Sizes of the autoencoder: visible → hidden → visible. */
export interface ModelShape {
  visibleSize: number;
  hiddenSize: number;
}

/** ρ (sparsity target), β (sparsity weight), λ (weight decay). */
export interface Hyperparameters {
  sparsityTarget: number;
  sparsityWeight: number;
  weightDecay: number;
}

/** J = reconstruction + weightDecay + sparsity. */
export interface CostParts {
  cost: number;
  reconstruction: number;
  weightDecay: number;
  sparsity: number;
}

export interface CostAndGradient extends CostParts {
  /** ∂J/∂θ in the seed's layout: W1, W2, b1, b2. */
  gradient: Float64Array;
  /** ρ̂_j: mean activation of each hidden unit over the examples evaluated. */
  meanActivation: Float64Array;
}

/** J(θ) and ∇J(θ); may be asynchronous (a GPU read-back). */
export type Objective = (theta: Float64Array) => CostAndGradient | Promise<CostAndGradient>;

/**
 * A data matrix as the seed holds it: one example per column.
 * values[feature * exampleCount + example], row-major, visibleSize × exampleCount.
 */
export interface DataMatrix {
  visibleSize: number;
  exampleCount: number;
  values: Float32Array | Float64Array;
}
