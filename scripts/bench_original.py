#!/usr/bin/env python3
"""Times the NumPy port of the original program (scripts/reference.py) for npm run bench.

  python3 scripts/bench_original.py --data X.npy --theta0 theta0.npy --rho R --beta B --lambda L
                                --evaluations N --iterations K
Prints one JSON object: evaluationMs (each timed cost+gradient at θ0), initialCost, and lbfgs
(SciPy L-BFGS-B for K iterations: iterations, evaluations, seconds, cost).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import sparse_autoencoder  # noqa: E402


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--theta0", required=True)
    parser.add_argument("--rho", type=float, required=True)
    parser.add_argument("--beta", type=float, required=True)
    parser.add_argument("--lambda", dest="lambda_", type=float, required=True)
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--evaluations", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=400)
    args = parser.parse_args(argv)
    data = np.load(args.data).astype(np.float64)
    theta0 = np.load(args.theta0).astype(np.float64)
    model = sparse_autoencoder(data.shape[0], args.hidden, args.lambda_, args.rho, args.beta,
                               rng=np.random.RandomState(0))
    initial_cost, _ = model.cost(theta0, data)
    times = []
    for _ in range(args.evaluations):
        started = time.perf_counter()
        model.cost(theta0, data)
        times.append((time.perf_counter() - started) * 1000)
    lbfgs = None
    if args.iterations > 0:
        model.evaluations = 0
        started = time.perf_counter()
        solution = model.train(data, args.iterations, theta0=theta0)
        seconds = time.perf_counter() - started
        lbfgs = {"iterations": int(solution.nit), "evaluations": model.evaluations,
                 "seconds": seconds, "cost": float(solution.fun)}
    print(json.dumps({"evaluationMs": times, "initialCost": float(initial_cost), "lbfgs": lbfgs,
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1:])
