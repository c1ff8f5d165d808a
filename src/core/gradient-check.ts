/** UFLDL's numerical gradient check. */

/**
 * One central difference: (f(θ + εe_i) − f(θ − εe_i)) / 2ε. `point` is moved and put back, so
 * it ends as it started.
 */
export function centralDifference(
  f: (theta: Float64Array) => number,
  point: Float64Array,
  index: number,
  epsilon = 1e-4,
): number {
  const original = point[index];
  point[index] = original + epsilon;
  const plus = f(point);
  point[index] = original - epsilon;
  const minus = f(point);
  point[index] = original;
  return (plus - minus) / (2 * epsilon);
}

/** Central differences for every coordinate: n_i = (f(θ + εe_i) − f(θ − εe_i)) / 2ε. */
export function numericalGradient(
  f: (theta: Float64Array) => number,
  theta: Float64Array,
  epsilon = 1e-4,
): Float64Array {
  const point = Float64Array.from(theta);
  const gradient = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) gradient[i] = centralDifference(f, point, i, epsilon);
  return gradient;
}

/** ‖a − b‖ / ‖a + b‖ (0 when both are zero). */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let difference = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    difference += (a[i] - b[i]) ** 2;
    sum += (a[i] + b[i]) ** 2;
  }
  return sum === 0 ? 0 : Math.sqrt(difference / sum);
}
