#!/usr/bin/env python3
"""A float64 NumPy/SciPy port of UFLDL's softmax regression and self-taught learning exercises,
the yardstick for src/core/softmax*.ts and src/engine/selftaught.ts.

Softmax (softmaxCost.m): p(y = c | x) ∝ exp(θ_c·x), no intercept,
  J = −(1/m) Σ log p(y_i | x_i) + (λ/2)‖θ‖²; θ_{c,f} at f·k + c (MATLAB's theta(:) of k × n).
Self-taught learning (stlExercise.m): a sparse autoencoder (scripts/reference.py) on the digits
5–9 of the training images, unlabeled; its hidden activations a2 of the digits 0–4 (first half in
file order to train, second half to test); softmax on a2 and on the raw pixels.

As a command:
  python3 scripts/softmax_reference.py fixtures   (writes tests/fixtures/core/softmax-cases.json)
  python3 scripts/softmax_reference.py cost --data X.npy --labels y.npy --theta t.npy --classes K [--lambda L]
      prints {"cost": …, "gradient": [...]}  (X: features × examples)
  python3 scripts/softmax_reference.py selftaught --images IDX --labels IDX [--unlabeled N] [--labeled N]
      [--hidden 200] [--iterations 400] [--softmax-iterations 100] [--seed 0]
      prints {"featureAccuracy", "rawAccuracy", "unlabeled", "train", "test", "seconds"}
  python3 scripts/softmax_reference.py classify --images IDX --labels IDX --test-images IDX --test-labels IDX
      prints {"accuracy", "train", "test", "seconds"} (10 classes, raw pixels)
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.optimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import sparse_autoencoder  # noqa: E402


def softmax_cost(theta, num_classes, input_size, lambda_, data, labels):
    """UFLDL's softmaxCost: (J, ∇J) with θ as MATLAB's theta(:) of a k × n matrix."""
    theta = theta.reshape(input_size, num_classes).T  # k × n
    m = data.shape[1]
    z = theta.dot(data)
    z -= z.max(axis=0)
    p = np.exp(z)
    p /= p.sum(axis=0)
    ground_truth = np.zeros((num_classes, m))
    ground_truth[labels, np.arange(m)] = 1
    cost = -np.sum(ground_truth * np.log(p)) / m + (lambda_ / 2) * np.sum(theta * theta)
    grad = -(ground_truth - p).dot(data.T) / m + lambda_ * theta
    return cost, grad.T.ravel()


def softmax_train(data, labels, num_classes, lambda_=1e-4, iterations=100, rng=None):
    """UFLDL's softmaxTrain: θ = 0.005·N(0, 1), L-BFGS for `iterations`."""
    input_size = data.shape[0]
    theta0 = 0.005 * (rng or np.random).standard_normal(num_classes * input_size)
    result = scipy.optimize.minimize(
        softmax_cost, theta0, args=(num_classes, input_size, lambda_, data, labels),
        method="L-BFGS-B", jac=True, options={"maxiter": iterations},
    )
    return result.x


def softmax_predict(theta, data, num_classes):
    theta = theta.reshape(data.shape[0], num_classes).T
    return np.argmax(theta.dot(data), axis=0)


def read_idx(images_path, labels_path):
    """IDX images (examples × pixels, uint8) and their labels."""
    opener = __import__("gzip").open if images_path.endswith(".gz") else open
    with opener(images_path, "rb") as f:
        raw = f.read()
    count, rows, columns = np.frombuffer(raw[4:16], dtype=">u4")
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows * columns)
    opener = __import__("gzip").open if labels_path.endswith(".gz") else open
    with opener(labels_path, "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)
    return images, labels


def self_taught(images, labels, hidden=200, iterations=400, softmax_iterations=100,
                unlabeled_limit=None, labeled_limit=None, seed=0,
                rho=0.1, beta=3.0, lambda_=3e-3, softmax_lambda=1e-4):
    """stlExercise.m: features learnt from digits 5–9, softmax on 0–4 (features vs raw pixels)."""
    started = time.perf_counter()
    unlabeled_set = np.flatnonzero(labels >= 5)[:unlabeled_limit]
    labeled_set = np.flatnonzero(labels <= 4)[:labeled_limit]
    num_train = int(round(len(labeled_set) / 2))
    train_set, test_set = labeled_set[:num_train], labeled_set[num_train:]
    unlabeled = images[unlabeled_set].T / 255.0
    train_x, train_y = images[train_set].T / 255.0, labels[train_set].astype(int)
    test_x, test_y = images[test_set].T / 255.0, labels[test_set].astype(int)
    rng = np.random.RandomState(seed)
    model = sparse_autoencoder(images.shape[1], hidden, lambda_, rho, beta, rng=rng)
    opt = model.train(unlabeled, iterations).x
    W1, _, b1, _ = model.unpack_theta(opt)
    train_features = model.sigmoid(W1.dot(train_x) + b1)
    test_features = model.sigmoid(W1.dot(test_x) + b1)
    theta = softmax_train(train_features, train_y, 5, softmax_lambda, softmax_iterations, rng)
    feature_accuracy = float(np.mean(softmax_predict(theta, test_features, 5) == test_y))
    theta_raw = softmax_train(train_x, train_y, 5, softmax_lambda, softmax_iterations, rng)
    raw_accuracy = float(np.mean(softmax_predict(theta_raw, test_x, 5) == test_y))
    return {
        "featureAccuracy": feature_accuracy,
        "rawAccuracy": raw_accuracy,
        "unlabeled": int(len(unlabeled_set)),
        "train": int(len(train_set)),
        "test": int(len(test_set)),
        "seconds": time.perf_counter() - started,
    }


def write_fixtures(path):
    """Small cases for tests/unit/softmax.test.ts: data, labels, θ, and J, ∇J from softmax_cost."""
    rng = np.random.RandomState(15)
    cases = []
    for name, n, k, m, lambda_, sparse in [("dense", 8, 3, 20, 1e-4, False),
                                           ("pixels", 30, 5, 50, 1e-4, True),
                                           ("decay", 6, 10, 12, 0.1, False)]:
        data = rng.random_sample((n, m))
        if sparse:
            data[rng.random_sample((n, m)) < 0.7] = 0  # mostly dark pixels, as in MNIST
        labels = rng.randint(0, k, size=m)
        theta = 0.5 * rng.standard_normal(n * k)
        cost, grad = softmax_cost(theta, k, n, lambda_, data, labels)
        cases.append({"name": name, "inputSize": n, "numClasses": k, "exampleCount": m,
                      "lambda": lambda_, "data": data.ravel().tolist(), "labels": labels.tolist(),
                      "theta": theta.tolist(), "cost": cost, "gradient": grad.tolist()})
    with open(path, "w") as f:
        json.dump(cases, f)


def raw_pixels(train_images, train_labels, test_images, test_labels, iterations=100, seed=0):
    """UFLDL's softmax exercise: 10 classes on raw pixels, 60,000 to train, 10,000 to test."""
    started = time.perf_counter()
    train_x, train_y = read_idx(train_images, train_labels)
    test_x, test_y = read_idx(test_images, test_labels)
    theta = softmax_train(train_x.T / 255.0, train_y.astype(int), 10, 1e-4, iterations,
                          np.random.RandomState(seed))
    accuracy = float(np.mean(softmax_predict(theta, test_x.T / 255.0, 10) == test_y))
    return {"accuracy": accuracy, "train": int(len(train_y)), "test": int(len(test_y)),
            "seconds": time.perf_counter() - started}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["cost", "selftaught", "fixtures", "classify"])
    parser.add_argument("--data")
    parser.add_argument("--labels")
    parser.add_argument("--theta")
    parser.add_argument("--classes", type=int)
    parser.add_argument("--lambda", dest="lambda_", type=float, default=1e-4)
    parser.add_argument("--images")
    parser.add_argument("--test-images")
    parser.add_argument("--test-labels")
    parser.add_argument("--unlabeled", type=int)
    parser.add_argument("--labeled", type=int)
    parser.add_argument("--hidden", type=int, default=200)
    parser.add_argument("--iterations", type=int, default=400)
    parser.add_argument("--softmax-iterations", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.command == "fixtures":
        write_fixtures(os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "core", "softmax-cases.json"))
    elif args.command == "cost":
        data = np.load(args.data).astype(np.float64)
        labels = np.load(args.labels).astype(int)
        theta = np.load(args.theta).astype(np.float64)
        cost, grad = softmax_cost(theta, args.classes, data.shape[0], args.lambda_, data, labels)
        print(json.dumps({"cost": cost, "gradient": grad.tolist()}))
    elif args.command == "classify":
        print(json.dumps(raw_pixels(args.images, args.labels, args.test_images, args.test_labels)))
    else:
        images, labels = read_idx(args.images, args.labels)
        print(json.dumps(self_taught(
            images, labels, args.hidden, args.iterations, args.softmax_iterations,
            args.unlabeled, args.labeled, args.seed)))


if __name__ == "__main__":
    main(sys.argv[1:])
