#!/usr/bin/env python3
"""Writes tests/fixtures/data/ with the real tools, and expected.json with what the readers must give.

Run: python3 scripts/make_data_fixtures.py   (numpy, scipy)

- MAT-files from scipy.io.savemat, with and without do_compression: double, single, uint8, int16,
  2-D and 3-D; hand-made level-5 files (small data elements, data stored as miUINT8, big-endian);
  malformed ones (truncated, v7.3-like HDF5 header, v4 from savemat(format='4')).
- MNIST IDX images (magic 2051) and labels (2049), the images gzipped (gzip module), truncated.
- .npy from numpy.save: float64 C order, float32 Fortran order, uint8, 3-D, with a NaN.
- empty and wrong-magic files.
- Patches: the original program's sampling over a port of src/core/rng.ts, then the original program's normalize_data
  (scripts/reference.py), on a fixture's images.
- Whitening and the FFT against numpy.fft; whitened statistics of public/data/natural-512.bin.gz.
"""
import gzip
import io
import json
import math
import os
import struct
import sys

import numpy as np
import scipy.io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference import normalize_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "data")
PUBLIC = os.path.join(HERE, "..", "public", "data")
expected = {}


def path(name):
    return os.path.join(OUT, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def savemat(name, variables, **options):
    """scipy.io.savemat, then a fixed header text (no creation time) so that reruns give the same bytes."""
    scipy.io.savemat(path(name), variables, **options)
    if options.get("format", "5") == "5":
        with open(path(name), "r+b") as f:
            f.write(b"MATLAB 5.0 MAT-file, written by scipy.io.savemat for tests".ljust(116, b" "))


def row_major(images_hwn):
    """MATLAB H×W×N (or H×W) → our stack: image k row-major, as a flat list."""
    a = images_hwn if images_hwn.ndim == 3 else images_hwn[:, :, None]
    return [float(v) for v in np.transpose(a, (2, 0, 1)).astype(np.float64).ravel()]


# ---------------------------------------------------------------- PRNG port (src/core/rng.ts)
M32 = 0xFFFFFFFF


class Rng:
    """sfc32 seeded through splitmix32, exactly as src/core/rng.ts."""

    def __init__(self, seed):
        state = int(math.floor(seed)) & M32

        def splitmix():
            nonlocal state
            state = (state + 0x9E3779B9) & M32
            z = state
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c, self.counter = splitmix(), splitmix(), splitmix(), splitmix()
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        t = (((self.a + self.b) & M32) + self.counter) & M32
        self.counter = (self.counter + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t

    def int(self, n):
        return int(math.floor((self.next_uint32() / 4294967296) * n))


def seed_patches(images, patch_side, num_patches, seed):
    """The original program's load_data with our PRNG: positions first, then image numbers; then normalize_data."""
    rng = Rng(seed)
    height, width, count = images.shape
    positions = [(rng.int(height - patch_side + 1), rng.int(width - patch_side + 1)) for _ in range(num_patches)]
    numbers = [rng.int(count) for _ in range(num_patches)]
    patches = np.zeros((patch_side * patch_side, num_patches))
    for i in range(num_patches):
        r, c = positions[i]
        patches[:, i] = images[r : r + patch_side, c : c + patch_side, numbers[i]].flatten()
    return normalize_data(patches)


# ---------------------------------------------------------------- whitening (numpy.fft)
def whiten(image):
    """IMAGES.mat's filter f·exp(−(f/f0)⁴), f0 = 0.4·N, then variance 0.1 (population std)."""
    n = image.shape[0]
    f = np.fft.fftfreq(n) * n
    fy, fx = np.meshgrid(f, f, indexing="ij")
    rho = np.sqrt(fx**2 + fy**2)
    filt = rho * np.exp(-((rho / (0.4 * n)) ** 4))
    w = np.real(np.fft.ifft2(np.fft.fft2(image) * filt))
    return w * np.sqrt(0.1) / np.std(w)


def mat_fixtures():
    rng = np.random.RandomState(3)
    images = rng.randn(12, 10, 3)  # H=12, W=10: a transposition would show
    other = np.arange(6.0).reshape(2, 3)
    savemat("images-double.mat", {"IMAGES": images, "other": other})
    savemat("images-double-compressed.mat", {"IMAGES": images, "other": other}, do_compression=True)
    expected["images-double.mat"] = {"variable": "IMAGES", "height": 12, "width": 10, "count": 3, "pixels": row_major(images)}
    expected["images-double-compressed.mat"] = expected["images-double.mat"]

    single = rng.randn(8, 6, 2).astype(np.float32)
    savemat("single-3d.mat", {"stack": single, "note": "a string", "scalar": 4.0})
    expected["single-3d.mat"] = {"variable": "stack", "height": 8, "width": 6, "count": 2, "pixels": row_major(single)}

    photo = (np.arange(63).reshape(9, 7) * 4).astype(np.uint8)
    savemat("uint8-2d.mat", {"photo": photo})
    expected["uint8-2d.mat"] = {"variable": "photo", "height": 9, "width": 7, "count": 1, "pixels": row_major(photo)}

    data = (rng.randint(-30000, 30000, size=(5, 4, 2))).astype(np.int16)
    savemat("int16-3d-compressed.mat", {"data": data}, do_compression=True)
    expected["int16-3d-compressed.mat"] = {"variable": "data", "height": 5, "width": 4, "count": 2, "pixels": row_major(data)}

    a = rng.randn(4, 4, 2)
    b = rng.randn(6, 5, 3)
    savemat("ambiguous.mat", {"a": a, "b": b, "label": "two stacks"})
    expected["ambiguous.mat"] = {"candidates": ["a", "b"], "b": {"height": 6, "width": 5, "count": 3, "pixels": row_major(b)}}

    with_nan = rng.randn(6, 6, 2)
    with_nan[2, 3, 1] = np.inf
    with_nan[0, 1, 0] = np.nan
    savemat("with-nan.mat", {"IMAGES": with_nan})
    savemat("strings-only.mat", {"title": "no numbers here", "cells": np.array([[1, "a"]], dtype=object)})

    savemat("v4.mat", {"IMAGES": images[:, :, 0]}, format="4")

    with open(path("images-double.mat"), "rb") as f:
        whole = f.read()
    write("truncated.mat", whole[: len(whole) // 2])
    with open(path("images-double-compressed.mat"), "rb") as f:
        whole = f.read()
    write("truncated-compressed.mat", whole[: len(whole) - 100])

    header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Nov 26 18:00:00 2026 HDF5 schema 1.00 ."
    v73 = header.ljust(116, b" ") + b"\0" * 8 + b"\x00\x02IM"
    v73 = v73.ljust(512, b"\0") + b"\x89HDF\r\n\x1a\n" + b"\0" * 64
    write("v73.mat", v73)

    # Hand-made level-5 files: a 2×3 double stored as miUINT8, name in a small data element.
    values = np.array([[1, 2, 3], [40, 50, 255]], dtype=np.uint8)

    def handmade(endian):
        e = "<" if endian == "IM" else ">"

        def tag(mi, nbytes):
            return struct.pack(e + "II", mi, nbytes)

        def small(mi, payload):
            return struct.pack(e + "HH" if e == ">" else e + "HH", *((len(payload), mi) if e == ">" else (mi, len(payload)))) + payload.ljust(4, b"\0")

        body = tag(6, 8) + struct.pack(e + "II", 6, 0)  # array flags: mxDOUBLE_CLASS
        body += tag(5, 8) + struct.pack(e + "ii", 2, 3)  # dimensions 2×3
        body += small(1, b"X")  # name "X"
        raw = values.T.ravel().tobytes()  # column-major
        body += tag(2, len(raw)) + raw.ljust(8, b"\0")  # real part as miUINT8
        text = b"MATLAB 5.0 MAT-file, hand-made test file".ljust(116, b" ")
        head = text + b"\0" * 8 + (struct.pack(e + "H", 0x0100)) + endian.encode()
        return head + tag(14, len(body)) + body

    write("handmade-le.mat", handmade("IM"))
    write("handmade-be.mat", handmade("MI"))
    expected["handmade-le.mat"] = {"variable": "X", "height": 2, "width": 3, "count": 1, "pixels": row_major(values)}
    expected["handmade-be.mat"] = expected["handmade-le.mat"]


def idx_fixtures():
    rng = np.random.RandomState(5)
    count = 6
    images = rng.randint(0, 256, size=(count, 28, 28)).astype(np.uint8)
    images[:, :3, :] = 0  # a dark top band: upside-down reading would show
    labels = np.array([5, 0, 4, 1, 9, 2], dtype=np.uint8)
    image_bytes = struct.pack(">IIII", 2051, count, 28, 28) + images.tobytes()
    label_bytes = struct.pack(">II", 2049, count) + labels.tobytes()
    write("images-idx3-ubyte", image_bytes)
    write("labels-idx1-ubyte", label_bytes)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
        f.write(image_bytes)
    gz = buffer.getvalue()
    write("images-idx3-ubyte.gz", gz)
    write("truncated-idx3-ubyte", image_bytes[:-500])
    write("truncated-idx3-ubyte.gz", gz[: len(gz) // 2])
    # A labels file (gzip, as Python writes it) with one label fewer than the images.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
        f.write(struct.pack(">II", 2049, count - 1) + labels[:-1].tobytes())
    write("labels-5-idx1-ubyte.gz", buffer.getvalue())
    write("wrong-magic-idx3-ubyte", struct.pack(">IIII", 2052, count, 28, 28) + images.tobytes()[:100])
    # The original program's loadMNISTImages: column i = image i, pixel r·28 + c, /255.
    dataset = np.zeros((28 * 28, count))
    for i in range(count):
        dataset[:, i] = images[i].ravel()
    dataset = dataset / 255
    expected["idx"] = {"count": count, "rows": 28, "columns": 28, "labels": labels.tolist(),
                       "firstFour": [float(v) for v in dataset[:, :4].ravel()]}


def npy_fixtures():
    rng = np.random.RandomState(7)
    c = rng.rand(6, 5)
    np.save(path("matrix-f8-c.npy"), c)
    f = np.asfortranarray(rng.rand(6, 5).astype(np.float32))
    np.save(path("matrix-f4-fortran.npy"), f)
    u = rng.randint(0, 256, size=(4, 3)).astype(np.uint8)
    np.save(path("matrix-u1.npy"), u)
    np.save(path("cube.npy"), rng.rand(2, 3, 4))
    bad = rng.rand(3, 4)
    bad[1, 2] = np.nan
    np.save(path("with-nan.npy"), bad)
    expected["npy"] = {
        "matrix-f8-c.npy": {"shape": [6, 5], "values": [float(v) for v in c.ravel()]},
        "matrix-f4-fortran.npy": {"shape": [6, 5], "values": [float(v) for v in f.astype(np.float64).ravel()]},
        "matrix-u1.npy": {"shape": [4, 3], "values": [float(v) / 255 for v in u.ravel()]},
    }


def other_fixtures():
    write("empty.bin", b"")
    write("notes.txt", b"These are not data.\n")
    write("fake.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 24)


def patch_fixtures():
    """Patches from images-double.mat's IMAGES (as float32, like our image stacks) and single-3d.mat."""
    images = scipy.io.loadmat(path("images-double.mat"))["IMAGES"].astype(np.float32).astype(np.float64)
    single = scipy.io.loadmat(path("single-3d.mat"))["stack"].astype(np.float64)
    cases = []
    for name, stack, side, count, seed in [
        ("images-double.mat", images, 4, 40, 42),
        ("images-double.mat", images, 1, 7, 0),
        ("single-3d.mat", single, 3, 25, 1234),
    ]:
        patches = seed_patches(stack, side, count, seed)
        cases.append({"file": name, "patchSize": side, "examples": count, "seed": seed,
                      "values": [float(v) for v in patches.ravel()]})
    expected["patches"] = cases


def whitening_fixtures():
    rng = np.random.RandomState(11)
    cases = []
    for side in [16, 12]:
        image = rng.rand(side, side)
        cases.append({"side": side, "input": [float(v) for v in image.ravel()],
                      "output": [float(v) for v in whiten(image).ravel()]})
    expected["whitening"] = cases
    ffts = []
    for n in [1, 2, 5, 8, 12, 17]:
        x = rng.randn(n) + 1j * rng.randn(n)
        y = np.fft.fft(x)
        ffts.append({"n": n, "re": x.real.tolist(), "im": x.imag.tolist(), "outRe": y.real.tolist(), "outIm": y.imag.tolist()})
    expected["fft"] = ffts


def builtin_statistics():
    """The whitened built-in natural images, by numpy: per image, a few values and Σx²."""
    file = os.path.join(PUBLIC, "natural-512.bin.gz")
    if not os.path.exists(file):
        return
    with gzip.open(file, "rb") as f:
        raw = f.read()
    assert raw[:4] == b"SAEL"
    _, count, height, width, _ = struct.unpack("<IIIII", raw[4:24])
    pixels = np.frombuffer(raw, dtype=np.uint8, count=count * height * width, offset=32).reshape(count, height, width)
    stats = []
    for k in range(count):
        w = whiten(pixels[k].astype(np.float64) / 255)
        stats.append({"sumOfSquares": float(np.sum(w * w)), "samples": [[r, c, float(w[r, c])] for r, c in [(0, 0), (5, 300), (511, 511), (256, 17)]]})
    expected["natural"] = {"count": count, "height": height, "width": width, "images": stats}


def main():
    os.makedirs(OUT, exist_ok=True)
    mat_fixtures()
    idx_fixtures()
    npy_fixtures()
    other_fixtures()
    patch_fixtures()
    whitening_fixtures()
    builtin_statistics()
    with open(path("expected.json"), "w") as f:
        json.dump(expected, f)
    total = sum(os.path.getsize(path(n)) for n in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total / 1024:.0f} KB, to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
