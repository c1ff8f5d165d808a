/** UFLDL's numerical gradient check. */

/** Central differences: n_i = (f(θ + εe_i) − f(θ − εe_i)) / 2ε. */
export function numericalGradient(
  f: (theta: Float64Array) => number,
  theta: Float64Array,
  epsilon = 1e-4,
): Float64Array {
  const point = Float64Array.from(theta);
  const gradient = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const original = point[i];
    point[i] = original + epsilon;
    const plus = f(point);
    point[i] = original - epsilon;
    const minus = f(point);
    point[i] = original;
    gradient[i] = (plus - minus) / (2 * epsilon);
  }
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
