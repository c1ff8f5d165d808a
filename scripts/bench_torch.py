#!/usr/bin/env python3
"""Times the sparse autoencoder's cost and gradient in PyTorch on the CPU, float32, for npm run bench.

  python3 scripts/bench_torch.py --data X.npy --theta0 theta0.npy --rho R --beta B --lambda L
                                 --hidden H --evaluations N --iterations K --threads T
The same cost as scripts/reference.py (the original program), written with torch matrix products
and the gradient by hand (backpropagation as in UFLDL, no autograd). Prints one JSON object:
evaluationMs (each timed cost+gradient at θ0), initialCost, and lbfgs (torch.optim.LBFGS with a
strong-Wolfe line search for K iterations: iterations, evaluations, seconds, cost), torch, threads.
"""
import argparse
import json
import time

import numpy as np
import torch


def cost_and_gradient(theta, data, visible, hidden, lambda_, rho, beta):
    m = data.shape[1]
    w = visible * hidden
    W1 = theta[:w].view(hidden, visible)
    W2 = theta[w:2 * w].view(visible, hidden)
    b1 = theta[2 * w:2 * w + hidden].view(hidden, 1)
    b2 = theta[2 * w + hidden:].view(visible, 1)
    a2 = torch.sigmoid(torch.addmm(b1, W1, data))
    a3 = torch.sigmoid(torch.addmm(b2, W2, a2))
    rho_hat = a2.mean(dim=1, keepdim=True)
    error = a3 - data
    kl = (rho * torch.log(rho / rho_hat) + (1 - rho) * torch.log((1 - rho) / (1 - rho_hat))).sum()
    cost = (0.5 / m) * (error * error).sum() + 0.5 * lambda_ * ((W1 * W1).sum() + (W2 * W2).sum()) \
        + beta * kl
    delta3 = error * a3 * (1 - a3)
    sparsity = beta * (-rho / rho_hat + (1 - rho) / (1 - rho_hat))
    delta2 = torch.addmm(sparsity, W2.t(), delta3) * a2 * (1 - a2)
    grad = torch.cat([
        (delta2 @ data.t() / m + lambda_ * W1).reshape(-1),
        (delta3 @ a2.t() / m + lambda_ * W2).reshape(-1),
        delta2.mean(dim=1),
        delta3.mean(dim=1),
    ])
    return cost, grad


def blas_in_use():
    """The BLAS library this process has loaded, by its file (Linux), or None if it can't tell.

    A torch built with BLAS_INFO=generic, as Debian's is, calls whichever libblas.so.3 the system
    points to: the reference BLAS unless an optimized one (libopenblas0-pthread) is installed.
    """
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line}
    except OSError:
        return None
    for found, name in (("openblas", "OpenBLAS"), ("mkl", "MKL"), ("libblas.so", "reference BLAS")):
        if any(found in path for path in paths):
            return name
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--theta0", required=True)
    parser.add_argument("--rho", type=float, required=True)
    parser.add_argument("--beta", type=float, required=True)
    parser.add_argument("--lambda", dest="lambda_", type=float, required=True)
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--evaluations", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=0)
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    data = torch.from_numpy(np.load(args.data).astype(np.float32))
    theta0 = torch.from_numpy(np.load(args.theta0).astype(np.float32))
    visible = data.shape[0]
    hyper = (visible, args.hidden, args.lambda_, args.rho, args.beta)
    with torch.no_grad():
        initial_cost, _ = cost_and_gradient(theta0, data, *hyper)
        times = []
        for _ in range(args.evaluations):
            started = time.perf_counter()
            cost_and_gradient(theta0, data, *hyper)
            times.append((time.perf_counter() - started) * 1000)
    lbfgs = None
    if args.iterations > 0:
        theta = theta0.clone().requires_grad_(True)
        optimizer = torch.optim.LBFGS([theta], max_iter=args.iterations, history_size=100,
                                      line_search_fn="strong_wolfe", tolerance_grad=1e-9,
                                      tolerance_change=1e-12)
        calls = [0]

        def closure():
            calls[0] += 1
            with torch.no_grad():
                cost, grad = cost_and_gradient(theta, data, *hyper)
            theta.grad = grad
            return cost

        started = time.perf_counter()
        optimizer.step(closure)
        seconds = time.perf_counter() - started
        with torch.no_grad():
            final, _ = cost_and_gradient(theta, data, *hyper)
        state = optimizer.state[optimizer._params[0]]
        lbfgs = {"iterations": int(state.get("n_iter", 0)), "evaluations": calls[0],
                 "seconds": seconds, "cost": float(final)}
    print(json.dumps({"evaluationMs": times, "initialCost": float(initial_cost), "lbfgs": lbfgs,
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas_in_use()}))


if __name__ == "__main__":
    main()
