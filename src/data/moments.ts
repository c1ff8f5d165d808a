/** Summary statistics over a flat array of values. */

/** mean = (1/n) Σ x_i and the population variance (1/n) Σ (x_i − mean)², two passes. */
export function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  return { mean, variance: variance / n };
}
