#!/usr/bin/env python3
"""A float64 NumPy/SciPy port of the original program's sparse autoencoder (UFLDL), the yardstick for src/core.

The class keeps the original program's code: the same θ layout (W1, W2, b1, b2), initialisation, cost and
gradient, normalize_data and training with SciPy's L-BFGS-B. `cost_parts` adds the three parts of
the cost, computed with the same expressions.

As a command:
  python3 scripts/reference.py cost  --data X.npy --theta theta.npy --rho R --beta B --lambda L [--gradient G.npy]
  python3 scripts/reference.py train --data X.npy --theta0 theta0.npy --iterations N --rho R --beta B --lambda L
                                     [--hidden H] [--out theta.npy]
  python3 scripts/reference.py init  --visible V --hidden H --seed S --out theta0.npy
  python3 scripts/reference.py normalize --data raw.npy --out X.npy
  python3 scripts/reference.py bench --data X.npy --theta theta.npy [--repeat N]
Each prints one JSON object on stdout: cost, reconstruction, decay, sparsity (and, for
train, iterations, evaluations, message).
"""
import argparse
import json
import sys
import time

import numpy as np
import scipy.optimize


class sparse_autoencoder(object):
    def __init__(self, visible_size, hidden_size, lambda_, rho, beta, rng=None):
        self.visible_size = visible_size
        self.hidden_size = hidden_size
        self.lambda_ = lambda_
        self.rho = rho
        self.beta = beta
        random_sample = (rng or np.random).random_sample
        w_max = np.sqrt(6.0 / (visible_size + hidden_size + 1.0))
        w_min = -w_max
        W1 = (w_max - w_min) * random_sample(size=(hidden_size, visible_size)) + w_min
        W2 = (w_max - w_min) * random_sample(size=(visible_size, hidden_size)) + w_min
        b1 = np.zeros(hidden_size)
        b2 = np.zeros(visible_size)
        self.idx_0 = 0
        self.idx_1 = hidden_size * visible_size
        self.idx_2 = self.idx_1 + hidden_size * visible_size
        self.idx_3 = self.idx_2 + hidden_size
        self.idx_4 = self.idx_3 + visible_size
        self.initial_theta = np.concatenate((W1.flatten(), W2.flatten(), b1.flatten(), b2.flatten()))
        self.evaluations = 0

    def sigmoid(self, x):
        return 1.0 / (1.0 + np.exp(-x))

    def unpack_theta(self, theta):
        W1 = np.reshape(theta[self.idx_0 : self.idx_1], (self.hidden_size, self.visible_size))
        W2 = np.reshape(theta[self.idx_1 : self.idx_2], (self.visible_size, self.hidden_size))
        b1 = np.reshape(theta[self.idx_2 : self.idx_3], (self.hidden_size, 1))
        b2 = np.reshape(theta[self.idx_3 : self.idx_4], (self.visible_size, 1))
        return W1, W2, b1, b2

    def cost_parts(self, theta, visible_input):
        """(reconstruction, weight decay, sparsity) with the original program's expressions."""
        W1, W2, b1, b2 = self.unpack_theta(theta)
        hidden_layer = self.sigmoid(np.dot(W1, visible_input) + b1)
        output_layer = self.sigmoid(np.dot(W2, hidden_layer) + b2)
        error = -(visible_input - output_layer)
        avg_sum_sq_error = np.mean(0.5 * np.sum(error * error, axis=0))
        reg_cost = self.lambda_ * (np.sum(W1 * W1) + np.sum(W2 * W2)) / 2.0
        rho_bar = np.mean(hidden_layer, axis=1)
        KL_div = np.sum(
            self.rho * np.log(self.rho / rho_bar)
            + (1 - self.rho) * np.log((1 - self.rho) / (1 - rho_bar))
        )
        return avg_sum_sq_error, reg_cost, self.beta * KL_div

    def cost(self, theta, visible_input):
        self.evaluations += 1
        W1, W2, b1, b2 = self.unpack_theta(theta)
        hidden_layer = self.sigmoid(np.dot(W1, visible_input) + b1)
        output_layer = self.sigmoid(np.dot(W2, hidden_layer) + b2)
        m = visible_input.shape[1]
        error = -(visible_input - output_layer)
        sum_sq_error = 0.5 * np.sum(error * error, axis=0)
        avg_sum_sq_error = np.mean(sum_sq_error)
        reg_cost = self.lambda_ * (np.sum(W1 * W1) + np.sum(W2 * W2)) / 2.0
        rho_bar = np.mean(hidden_layer, axis=1)
        KL_div = np.sum(
            self.rho * np.log(self.rho / rho_bar)
            + (1 - self.rho) * np.log((1 - self.rho) / (1 - rho_bar))
        )
        cost = avg_sum_sq_error + reg_cost + self.beta * KL_div
        KL_div_grad = self.beta * (-self.rho / rho_bar + (1 - self.rho) / (1 - rho_bar))
        del_3 = error * output_layer * (1.0 - output_layer)
        del_2 = np.transpose(W2).dot(del_3) + KL_div_grad[:, np.newaxis]
        del_2 *= hidden_layer * (1 - hidden_layer)
        W1_grad = del_2.dot(visible_input.transpose()) / m
        W2_grad = del_3.dot(hidden_layer.transpose()) / m
        b1_grad = del_2
        b2_grad = del_3
        W1_grad += self.lambda_ * W1
        W2_grad += self.lambda_ * W2
        b1_grad = b1_grad.mean(axis=1)
        b2_grad = b2_grad.mean(axis=1)
        theta_grad = np.concatenate(
            (W1_grad.flatten(), W2_grad.flatten(), b1_grad.flatten(), b2_grad.flatten())
        )
        return [cost, theta_grad]

    def train(self, data, max_iterations, theta0=None):
        """The original program's training: L-BFGS-B with no bounds and maxiter; returns SciPy's result."""
        start = self.initial_theta if theta0 is None else theta0
        return scipy.optimize.minimize(
            self.cost, start, args=(data,), method="L-BFGS-B", jac=True,
            options={"maxiter": max_iterations},
        )


def normalize_data(data):
    """The original program's normalize_data: remove the mean, clip to ±3σ, scale to [0.1, 0.9]."""
    data = data - np.mean(data)
    pstd = 3 * np.std(data)
    data = np.maximum(np.minimum(data, pstd), -pstd) / pstd
    data = (data + 1.0) * 0.4 + 0.1
    return data


def hidden_size_for(theta_length, visible_size):
    """h from len(θ) = 2hv + h + v."""
    hidden, remainder = divmod(theta_length - visible_size, 2 * visible_size + 1)
    if remainder or hidden < 1:
        raise ValueError(f"θ of length {theta_length} does not fit {visible_size} visible units")
    return hidden


def parts_json(model, theta, data):
    reconstruction, weight_decay, sparsity = model.cost_parts(theta, data)
    cost, _ = model.cost(theta, data)
    return {"cost": float(cost), "reconstruction": float(reconstruction),
            "decay": float(weight_decay), "sparsity": float(sparsity)}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["cost", "train", "init", "normalize", "bench"])
    parser.add_argument("--data")
    parser.add_argument("--theta")
    parser.add_argument("--theta0")
    parser.add_argument("--gradient", help="cost: also write ∇J here (.npy)")
    parser.add_argument("--out")
    parser.add_argument("--rho", type=float, default=0.01)
    parser.add_argument("--beta", type=float, default=3.0)
    parser.add_argument("--lambda", dest="lambda_", type=float, default=1e-4)
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--visible", type=int)
    parser.add_argument("--hidden", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=10, help="bench: evaluations to time")
    args = parser.parse_args(argv)

    if args.command == "init":
        model = sparse_autoencoder(args.visible, args.hidden, args.lambda_, args.rho, args.beta,
                                   rng=np.random.RandomState(args.seed))
        np.save(args.out, model.initial_theta)
        print(json.dumps({"length": int(model.initial_theta.size)}))
        return
    data = np.load(args.data).astype(np.float64)
    if args.command == "normalize":
        np.save(args.out, normalize_data(data))
        print(json.dumps({"shape": list(data.shape)}))
        return
    visible = data.shape[0]
    theta = np.load(args.theta0 if args.command == "train" else args.theta).astype(np.float64)
    hidden = args.hidden or hidden_size_for(theta.size, visible)
    model = sparse_autoencoder(visible, hidden, args.lambda_, args.rho, args.beta,
                               rng=np.random.RandomState(0))
    if args.command == "bench":
        model.cost(theta, data)
        started = time.perf_counter()
        for _ in range(args.repeat):
            model.cost(theta, data)
        print(json.dumps({"msPerEvaluation": (time.perf_counter() - started) * 1000 / args.repeat}))
        return
    if args.command == "cost":
        result = parts_json(model, theta, data)
        if args.gradient:
            np.save(args.gradient, model.cost(theta, data)[1])
        print(json.dumps(result))
        return
    started = time.perf_counter()
    model.evaluations = 0
    solution = model.train(data, args.iterations, theta0=theta)
    elapsed = time.perf_counter() - started
    evaluations = model.evaluations
    if args.out:
        np.save(args.out, solution.x)
    result = parts_json(model, solution.x, data)
    result.update({"iterations": int(solution.nit), "evaluations": evaluations,
                   "message": str(solution.message), "seconds": elapsed})
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
