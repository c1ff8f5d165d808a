import { describe, expect, it } from 'vitest';
import { Adam } from '../../src/core/adam';
import { Lbfgs, minimize } from '../../src/core/lbfgs';
import { strongWolfeLineSearch } from '../../src/core/line-search';
import type { IterationReport } from '../../src/core/optimizer';
import { initialParameters } from '../../src/core/params';
import { referenceCostAndGradient } from '../../src/core/reference';
import { createRng } from '../../src/core/rng';
import type { CostAndGradient, Objective } from '../../src/core/types';
import { loadCostCases } from './core-fixtures';

function asCost(cost: number, gradient: Float64Array): CostAndGradient {
  return {
    cost,
    reconstruction: cost,
    decay: 0,
    sparsity: 0,
    gradient,
    meanActivation: new Float64Array(0),
  };
}

/** Extended Rosenbrock: Σ_i 100(x_{2i+1} − x_{2i}²)² + (1 − x_{2i})², minimum 0 at x = 1. */
const rosenbrock: Objective = (x) => {
  let cost = 0;
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i += 2) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    cost += 100 * a * a + b * b;
    gradient[i] = -400 * x[i] * a - 2 * b;
    gradient[i + 1] = 200 * a;
  }
  return asCost(cost, gradient);
};

function rosenbrockStart(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
}

/** ½ Σ c_i (x_i − t_i)², c_i from 1 to 100. */
function quadratic(target: number[]): Objective {
  return (x) => {
    let cost = 0;
    const gradient = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const c = 1 + (99 * i) / Math.max(1, x.length - 1);
      cost += 0.5 * c * (x[i] - target[i]) ** 2;
      gradient[i] = c * (x[i] - target[i]);
    }
    return asCost(cost, gradient);
  };
}

const tight = { gradientTolerance: 1e-10, relativeReduction: 0, maxIterations: 2000 };

function maxDistanceToOnes(x: Float64Array): number {
  return Math.max(...Array.from(x, (v) => Math.abs(v - 1)));
}

describe('L-BFGS', () => {
  it('finds the minimum of the 2-D Rosenbrock function to 1e-6', async () => {
    const { x, report } = await minimize(rosenbrock, rosenbrockStart(2), tight);
    expect(maxDistanceToOnes(x)).toBeLessThan(1e-6);
    expect(report.stop).toBe('gradient-tolerance');
    expect(report.iteration).toBeLessThan(100);
  });

  it('finds the minimum of the 100-D Rosenbrock function to 1e-6', async () => {
    const { x, report } = await minimize(rosenbrock, rosenbrockStart(100), tight);
    expect(maxDistanceToOnes(x)).toBeLessThan(1e-6);
    expect(report.cost).toBeLessThan(1e-12);
    expect(report.iteration).toBeLessThan(200);
  });

  it('stops like SciPy: pgtol 1e-5 on max |g_i|, iteration limit, relative reduction', async () => {
    const byGradient = await minimize(rosenbrock, rosenbrockStart(2));
    expect(byGradient.report.stop).toMatch(/gradient-tolerance|relative-reduction/);
    expect(byGradient.report.cost).toBeLessThan(1e-8);
    const byIterations = await minimize(rosenbrock, rosenbrockStart(2), { maxIterations: 5 });
    expect(byIterations.report.stop).toBe('max-iterations');
    expect(byIterations.report.iteration).toBe(5);
    const byReduction = await minimize(rosenbrock, rosenbrockStart(2), {
      gradientTolerance: 0,
      relativeReduction: 1e-3,
    });
    expect(byReduction.report.stop).toBe('relative-reduction');
    const byEvaluations = await minimize(rosenbrock, rosenbrockStart(2), { maxEvaluations: 7 });
    expect(byEvaluations.report.evaluations).toBeLessThanOrEqual(7);
    expect(byEvaluations.report.stop).toBe('max-evaluations');
    const atMinimum = await minimize(rosenbrock, Float64Array.of(1, 1), { gradientTolerance: 0 });
    expect([atMinimum.report.iteration, atMinimum.report.stop]).toEqual([0, 'gradient-tolerance']);
  });

  it('reports iteration 0 first, then one report per step, and decreases J every iteration', async () => {
    const reports: IterationReport[] = [];
    await minimize(rosenbrock, rosenbrockStart(2), { maxIterations: 30 }, (r) => reports.push(r));
    expect(reports.map((r) => r.iteration)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(reports[0].cost).toBeCloseTo(24.2, 10);
    expect(reports[0].evaluations).toBe(1);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].cost).toBeLessThan(reports[i - 1].cost);
      expect(reports[i].evaluations).toBeGreaterThan(reports[i - 1].evaluations);
    }
    expect(reports.slice(0, -1).every((r) => r.stop === null)).toBe(true);
  });

  it('pauses between iterations: stepping by hand gives exactly the same run', async () => {
    const straight = await minimize(rosenbrock, rosenbrockStart(10), { maxIterations: 40 });
    const optimizer = new Lbfgs(rosenbrock, rosenbrockStart(10), { maxIterations: 40 });
    let report = await optimizer.step();
    while (!report.stop) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // a pause
      report = await optimizer.step();
    }
    expect(optimizer.x).toEqual(straight.x);
    expect(report).toEqual(straight.report);
    expect(await optimizer.step()).toBe(report); // stopped: no more work
  });

  it('reuses its vectors and the gradients it hands back: the same run, on a few buffers', async () => {
    const run = async (reuse: boolean) => {
      const points = new Set<Float64Array>();
      const gradients = new Set<Float64Array>();
      const spare: Float64Array[] = [];
      // Writes each gradient into a handed-back one when it can, as the WebAssembly model does:
      // a gradient handed back while the optimizer still reads it would change the run.
      const objective: Objective = (x) => {
        points.add(x);
        const fresh = rosenbrock(x) as CostAndGradient;
        const gradient = (reuse && spare.pop()) || new Float64Array(x.length);
        gradient.set(fresh.gradient);
        gradients.add(gradient);
        return asCost(fresh.cost, gradient);
      };
      const optimizer = new Lbfgs(objective, rosenbrockStart(40), {
        maxIterations: 30,
        memory: 3,
        gradientTolerance: 0,
        relativeReduction: 0,
        // A gradient still read after it was handed back would now read NaN.
        recycleGradient: reuse ? (g) => spare.push(g.fill(NaN)) : undefined,
      });
      let report = await optimizer.step();
      while (!report.stop) report = await optimizer.step();
      return { x: Float64Array.from(optimizer.x), report, points, gradients };
    };
    const plain = await run(false);
    const reused = await run(true);
    expect(reused.x).toEqual(plain.x);
    expect(reused.report).toEqual(plain.report);
    expect(plain.report.stop).toBe('max-iterations');
    // The trial points come from a bounded set of vectors that also serve as the 3 stored pairs,
    // the direction and x (each evaluation used to get a new one), and with gradients handed
    // back, a few gradients serve all the evaluations too.
    expect(plain.report.evaluations).toBeGreaterThan(30);
    expect(plain.gradients.size).toBe(plain.report.evaluations);
    for (const run of [plain, reused]) expect(run.points.size).toBeLessThanOrEqual(16);
    expect(reused.gradients.size).toBeLessThanOrEqual(8);
  });

  it('still converges after its history is reset mid-run', async () => {
    const optimizer = new Lbfgs(rosenbrock, rosenbrockStart(20), tight);
    let report = await optimizer.step();
    while (!report.stop) {
      if (report.iteration % 15 === 7) optimizer.resetHistory();
      report = await optimizer.step();
    }
    expect(maxDistanceToOnes(optimizer.x)).toBeLessThan(1e-6);
  });

  it('setObjective swaps J, re-evaluates at x and moves to the new minimum', async () => {
    const first = quadratic([1, 2, 3, 4]);
    const second = quadratic([-1, 0, 5, 2]);
    const optimizer = new Lbfgs(first, new Float64Array(4), tight);
    let report = await optimizer.step();
    while (!report.stop) report = await optimizer.step();
    expect(Array.from(optimizer.x, (v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 2, 3, 4]);
    const before = report.evaluations;
    optimizer.setObjective(second);
    report = await optimizer.step();
    expect(report.stop).toBeNull();
    expect(report.evaluations).toBeGreaterThan(before + 1); // re-evaluation + line search
    while (!report.stop) report = await optimizer.step();
    expect(Array.from(optimizer.x, (v) => Math.round(v * 1e6) / 1e6)).toEqual([-1, 0, 5, 2]);
  });

  it('stops with line-search-failed, keeping the last point, when the gradient is wrong', async () => {
    // The gradient points uphill: no step along −g lowers J.
    const liar: Objective = (x) => {
      const { cost, gradient } = rosenbrock(x) as CostAndGradient;
      return asCost(
        cost,
        gradient.map((g) => -g),
      );
    };
    const start = rosenbrockStart(2);
    const optimizer = new Lbfgs(liar, start);
    await optimizer.step();
    const report = await optimizer.step();
    expect(report.stop).toBe('line-search-failed');
    expect(report.iteration).toBe(0);
    expect(optimizer.x).toEqual(start);
    expect(report.evaluations).toBeLessThanOrEqual(1 + 20);
  });

  it('trains a small autoencoder on the float64 reference to a small gradient', async () => {
    const c = loadCostCases()[0];
    const objective: Objective = (t) => referenceCostAndGradient(t, c.data, c.shape, c.hyper);
    const { report } = await minimize(objective, c.theta, { maxIterations: 400 });
    expect(report.cost).toBeLessThan(0.2 * c.cost);
    expect(report.stop).not.toBe('line-search-failed');
  });
});

describe('strong-Wolfe line search', () => {
  it('returns a step meeting sufficient decrease and the curvature condition', async () => {
    // φ(α) = (α − 3)⁴ − 2α along d = 1 from 0: the first trial α = 0.01 is far too short.
    const f: Objective = (x) =>
      asCost((x[0] - 3) ** 4 - 2 * x[0], Float64Array.of(4 * (x[0] - 3) ** 3 - 2));
    const start = f(Float64Array.of(0)) as CostAndGradient;
    const slope0 = start.gradient[0];
    const result = await strongWolfeLineSearch(
      f,
      Float64Array.of(0),
      Float64Array.of(1),
      start.cost,
      slope0,
      0.01,
      { c1: 1e-3, c2: 0.9, maxSteps: 20 },
    );
    const t = result.accepted!;
    expect(t.phi).toBeLessThanOrEqual(start.cost + 1e-3 * t.alpha * slope0);
    expect(Math.abs(t.slope)).toBeLessThanOrEqual(0.9 * Math.abs(slope0));
    expect(result.evaluations).toBeLessThan(10);
  });

  it('backs off from a step where J is not finite', async () => {
    const f: Objective = (x) =>
      asCost(x[0] > 2 ? NaN : (x[0] - 1) ** 2, Float64Array.of(2 * (x[0] - 1)));
    const result = await strongWolfeLineSearch(
      f,
      Float64Array.of(0),
      Float64Array.of(1),
      1,
      -2,
      100,
      { c1: 1e-3, c2: 0.9, maxSteps: 20 },
    );
    expect(result.accepted!.phi).toBeLessThan(1);
  });
});

describe('Adam', () => {
  it('lowers the autoencoder cost with minibatches and is reproducible from its seed', async () => {
    const c = loadCostCases()[1];
    const m = c.data.exampleCount;
    const onBatch = async (theta: Float64Array, batch: Int32Array) => {
      const values = new Float64Array(c.shape.visibleSize * batch.length);
      for (let f = 0; f < c.shape.visibleSize; f++)
        batch.forEach((e, k) => (values[f * batch.length + k] = c.data.values[f * m + e]));
      return referenceCostAndGradient(
        theta,
        { visibleSize: c.shape.visibleSize, exampleCount: batch.length, values },
        c.shape,
        c.hyper,
      );
    };
    const run = async () => {
      const theta0 = initialParameters(c.shape, createRng(3));
      const adam = new Adam(onBatch, theta0, {
        learningRate: 0.01,
        batchSize: 8,
        exampleCount: m,
        rng: createRng(4),
        maxIterations: 300,
      });
      let report = await adam.step();
      while (!report.stop) report = await adam.step();
      return { x: adam.x, before: referenceCostAndGradient(theta0, c.data, c.shape, c.hyper).cost };
    };
    const a = await run();
    const after = referenceCostAndGradient(a.x, c.data, c.shape, c.hyper).cost;
    expect(after).toBeLessThan(0.5 * a.before);
    expect((await run()).x).toEqual(a.x);
  });
});
