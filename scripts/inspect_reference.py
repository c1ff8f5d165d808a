#!/usr/bin/env python3
"""A float64 NumPy port of the unit inspector's and sparsity-health definitions (src/core/inspect.ts).

For trained weights θ (W1, W2, b1, b2, the original program's layout) and a data matrix X (features × m,
one example per column), with a threshold τ:
  a2 = σ(W1·X + b1), x̂ = σ(W2·a2 + b2)
  meanActivation ρ̂ⱼ = mean of a2ⱼ; firingRate = fraction of examples with a2ⱼ > τ
  dead: firingRate = 0; dense: firingRate > 0.5; L0 of an example = #units with a2 > τ; meanL0 its mean
  NMSE = Σ‖x − x̂‖² / Σ‖x − x̄‖²; explained variance = 1 − NMSE
  top: the k examples with the largest a2ⱼ, ties to the lower index
  histogram: counts of a2ⱼ in 50 equal bins over [0, 1] (exactly 1 in the last bin)
  correlated: the 3 other units with the highest Pearson correlation of a2 over the examples

As a command (prints the same JSON object as `npm run cli -- inspect --jsonl`):
  python3 scripts/inspect_reference.py --data X.npy --theta theta.npy --hidden H [--threshold T] [--top K]
"""
import argparse
import json

import numpy as np


def forward(theta, X, hidden):
    visible = X.shape[0]
    n = hidden * visible
    W1 = theta[:n].reshape(hidden, visible)
    W2 = theta[n : 2 * n].reshape(visible, hidden)
    b1 = theta[2 * n : 2 * n + hidden]
    b2 = theta[2 * n + hidden :]
    a2 = 1.0 / (1.0 + np.exp(-(W1 @ X + b1[:, None])))
    a3 = 1.0 / (1.0 + np.exp(-(W2 @ a2 + b2[:, None])))
    return a2, a3


def report(theta, X, hidden, threshold=0.5, top=16):
    X = np.asarray(X, dtype=np.float64)
    a2, a3 = forward(np.asarray(theta, dtype=np.float64), X, hidden)
    m = X.shape[1]
    fires = a2 > threshold
    firing_rate = fires.mean(axis=1)
    mean_activation = a2.mean(axis=1)
    squared_error = np.sum((X - a3) ** 2)
    variance = np.sum((X - X.mean(axis=1, keepdims=True)) ** 2)
    nmse = squared_error / variance
    r = np.corrcoef(a2)
    units = []
    for j in range(hidden):
        # A stable sort on −a2 keeps the lower index first among equal values.
        order = np.argsort(-a2[j], kind="stable")[:top]
        histogram = np.minimum(np.floor(a2[j] * 50).astype(int), 49)
        counts = np.bincount(histogram, minlength=50)
        others = [(i, float(r[j, i])) for i in range(hidden) if i != j]
        others.sort(key=lambda pair: (-pair[1], pair[0]))
        units.append(
            {
                "unit": j,
                "meanActivation": float(mean_activation[j]),
                "firingRate": float(firing_rate[j]),
                "top": [int(e) for e in order],
                "histogram": [int(c) for c in counts],
                "correlated": [[i, value] for i, value in others[:3]],
            }
        )
    return {
        "examples": int(m),
        "threshold": threshold,
        "nmse": float(nmse),
        "explainedVariance": float(1 - nmse),
        "meanL0": float(fires.sum(axis=0).mean()),
        "deadUnits": int(np.sum(firing_rate == 0)),
        "denseUnits": int(np.sum(firing_rate > 0.5)),
        "units": units,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help=".npy data matrix, features × examples")
    parser.add_argument("--theta", required=True, help=".npy θ vector")
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--top", type=int, default=16)
    args = parser.parse_args()
    X = np.load(args.data)
    theta = np.load(args.theta).reshape(-1)
    print(json.dumps(report(theta, X, args.hidden, args.threshold, args.top)))


if __name__ == "__main__":
    main()
