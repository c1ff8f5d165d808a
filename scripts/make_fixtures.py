#!/usr/bin/env python3
"""Writes the small fixtures of tests/fixtures/core/ with NumPy (run: npm run fixtures).

- cost-cases.json: small random problems with θ, data, and the original program's cost, parts and gradient
  (scripts/reference.py), for several ρ, β, λ.
- npy/*.npy: arrays written by numpy.save / numpy.lib.format (dtypes, C and Fortran order,
  format versions 1 and 2) with their values in npy/expected.json, to test src/data/npy.ts.
- weights-theta.npy: a θ vector as the original program's script holds it (float64), with its shape in
  weights-theta.json.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import normalize_data, sparse_autoencoder  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "core")


def cost_cases():
    cases = []
    configs = [
        # (name, visible, hidden, examples, rho, beta, lambda, seed)
        ("natural-like", 16, 5, 40, 0.01, 3.0, 1e-4, 1),
        ("mnist-like", 16, 5, 40, 0.1, 3.0, 3e-3, 2),
        ("no-sparsity", 9, 4, 30, 0.05, 0.0, 1e-3, 3),
        ("strong", 12, 7, 25, 0.3, 10.0, 0.05, 4),
    ]
    for name, visible, hidden, examples, rho, beta, lambda_, seed in configs:
        rng = np.random.RandomState(seed)
        data = normalize_data(rng.randn(visible, examples))
        model = sparse_autoencoder(visible, hidden, lambda_, rho, beta, rng=rng)
        theta = model.initial_theta.copy()
        theta[2 * visible * hidden :] = 0.1 * rng.randn(hidden + visible)  # non-zero biases
        cost, gradient = model.cost(theta, data)
        reconstruction, weight_decay, sparsity = model.cost_parts(theta, data)
        cases.append({
            "name": name, "visibleSize": visible, "hiddenSize": hidden, "exampleCount": examples,
            "rho": rho, "beta": beta, "lambda": lambda_,
            "data": data.flatten().tolist(), "theta": theta.tolist(),
            "cost": float(cost), "reconstruction": float(reconstruction),
            "decay": float(weight_decay), "sparsity": float(sparsity),
            "gradient": gradient.tolist(),
            "meanActivation": np.mean(model.sigmoid(
                model.unpack_theta(theta)[0] @ data + model.unpack_theta(theta)[2]), axis=1).tolist(),
        })
    with open(os.path.join(ROOT, "cost-cases.json"), "w") as f:
        json.dump(cases, f)


def npy_files():
    folder = os.path.join(ROOT, "npy")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.RandomState(7)
    base = rng.randn(3, 5)
    arrays = {
        "float64-c": base,
        "float64-f": np.asfortranarray(base),
        "float32-c": base.astype(np.float32),
        "float32-f": np.asfortranarray(base.astype(np.float32)),
        "uint8-c": (rng.rand(4, 6) * 255).astype(np.uint8),
        "int32-f": np.asfortranarray((rng.randn(2, 3, 4) * 1000).astype(np.int32)),
        "float64-vector": rng.randn(7),
        "float64-bigendian": base.astype(">f8"),
    }
    expected = {}
    for name, array in arrays.items():
        np.save(os.path.join(folder, name + ".npy"), array)
        expected[name] = {"shape": list(array.shape), "dtype": array.dtype.str,
                          "fortranOrder": bool(array.flags.f_contiguous and not array.flags.c_contiguous),
                          "values": array.flatten(order="C").astype(np.float64).tolist()}
    # Format version 2.0 (4-byte header length), written by numpy itself.
    with open(os.path.join(folder, "float64-v2.npy"), "wb") as f:
        np.lib.format.write_array(f, base, version=(2, 0))
    expected["float64-v2"] = {"shape": [3, 5], "dtype": "<f8", "fortranOrder": False,
                              "values": base.flatten().tolist()}
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f)


def weights_theta():
    model = sparse_autoencoder(16, 5, 1e-4, 0.01, 3.0, rng=np.random.RandomState(11))
    np.save(os.path.join(ROOT, "weights-theta.npy"), model.initial_theta)
    with open(os.path.join(ROOT, "weights-theta.json"), "w") as f:
        json.dump({"visibleSize": 16, "hiddenSize": 5, "theta": model.initial_theta.tolist()}, f)


if __name__ == "__main__":
    os.makedirs(ROOT, exist_ok=True)
    cost_cases()
    npy_files()
    weights_theta()
    print("fixtures written to", os.path.normpath(ROOT))
