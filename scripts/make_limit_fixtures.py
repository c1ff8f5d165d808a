#!/usr/bin/env python3
"""Writes tests/fixtures/limits/: small files whose headers claim more than the app's LIMITS
(src/data/limits.ts), data the sigmoid cannot reproduce, and bad weights files, with the real tools.

Run: python3 scripts/make_limit_fixtures.py            (numpy, scipy)
     python3 scripts/make_limit_fixtures.py --bomb DIR  writes only DIR/bomb-idx3-ubyte.gz: an IDX
        header claiming 10× the inflated-size limit, then 600 MB of zeros (≈ 600 KB gzipped), for
        the browser test (generated at test time, not committed).

A header that claims a huge size needs only a few bytes: the files stop after the header (or
after a little data), so today's readers meet them at once and the limits must be checked from
the header, before anything is allocated.
"""
import gzip
import io
import json
import os
import struct
import sys
import zlib

import numpy as np
import scipy.io

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "limits")
MB = 1024 * 1024
INFLATED_LIMIT = 512 * MB


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def gz(data):
    """gzip with a fixed mtime, so that reruns give the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
        f.write(data)
    return buffer.getvalue()


def idx_header(count, rows, columns):
    return struct.pack(">IIII", 2051, count, rows, columns)


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npy_header_only(shape, dtype="<f8"):
    """A .npy header (numpy's own writer) claiming `shape`, with no data after it."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()


def mat_claiming(name, dims, compressed):
    """savemat of a 2×2 double named `name`, then its dimensions rewritten to `dims` (data left 2×2)."""
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {name: np.ones((2, 2))}, do_compression=compressed)
    data = bytearray(buffer.getvalue())
    data[:116] = b"MATLAB 5.0 MAT-file, written by scipy.io.savemat for tests".ljust(116, b" ")
    header, element = bytes(data[:128]), bytes(data[128:])
    if compressed:
        kind, size = struct.unpack("<II", element[:8])
        assert kind == 15
        inner = bytearray(zlib.decompress(element[8 : 8 + size]))
    else:
        inner = bytearray(element)
    # miMATRIX tag (8), array flags (16), then the dimensions tag: miINT32, 8 bytes, two int32.
    assert struct.unpack("<II", inner[24:32]) == (5, 8)
    inner[32:40] = struct.pack("<ii", *dims)
    if not compressed:
        return header + bytes(inner)
    packed = zlib.compress(bytes(inner))
    return header + struct.pack("<II", 15, len(packed)) + packed


def bomb(folder):
    """An IDX header claiming 10× the inflated-size limit, then 600 MB of zeros, gzipped."""
    count = 10 * INFLATED_LIMIT // 784
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip wrapper
    parts = [compressor.compress(idx_header(count, 28, 28))]
    zeros = bytes(16 * MB)
    for _ in range(600 // 16):
        parts.append(compressor.compress(zeros))
    parts.append(compressor.flush())
    with open(os.path.join(folder, "bomb-idx3-ubyte.gz"), "wb") as f:
        f.write(b"".join(parts))


def main():
    if "--bomb" in sys.argv:
        return bomb(sys.argv[sys.argv.index("--bomb") + 1])
    os.makedirs(OUT, exist_ok=True)
    # One 16384×16384 image (the side limit is 8,192): the header and 1 KB of pixels, gzipped.
    write("idx-16384.gz", gz(idx_header(1, 16384, 16384) + bytes(1024)))
    # Two 4096×4096 images: 16,777,216 features each (the limit is 65,536).
    write("idx-2x4096-idx3-ubyte", idx_header(2, 4096, 4096) + bytes(1024))
    # 28×28 digits, as many as make 10× the inflated-size limit.
    count = 10 * INFLATED_LIMIT // 784
    write("idx-claims-10x.gz", gz(idx_header(count, 28, 28) + bytes(4096)))
    # .npy headers claiming 10^10 values, and 100,000 features of 1 example.
    write("npy-1e10.npy", npy_header_only((100000, 100000)))
    write("npy-100000-features.npy", npy_header_only((100000, 1), "<f4"))
    # MAT-files whose image array claims 100,000 × 100,000, compressed and plain.
    write("mat-huge-compressed.mat", mat_claiming("IMAGES", (100000, 100000), True))
    write("mat-huge.mat", mat_claiming("IMAGES", (100000, 100000), False))
    # A MAT-file holding a 9,000 × 16 image array (side over 8,192, values under the limit).
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, {"IMAGES": np.zeros((9000, 16), dtype=np.uint8)}, do_compression=True)
    data = bytearray(buffer.getvalue())
    data[:116] = b"MATLAB 5.0 MAT-file, written by scipy.io.savemat for tests".ljust(116, b" ")
    write("mat-side-9000.mat", bytes(data))
    # Data the sigmoid cannot reproduce: int32 0…90 (16 features × 50 examples), float32 near 1e30.
    rng = np.random.default_rng(5)
    write("int32-0-90.npy", npy_bytes(rng.integers(0, 91, size=(16, 50)).astype(np.int32)))
    write("float32-1e30.npy", npy_bytes((rng.random((16, 50)) * 1e30).astype(np.float32)))
    # Weights: 64 visible, 2 hidden → θ of 2·2·64 + 2 + 64 = 322 values.
    theta = rng.standard_normal(322) * 0.1
    bad = theta.copy()
    bad[7] = np.inf
    write("weights-inf.npy", npy_bytes(bad))
    document = {
        "format": "sparse-autoencoder-weights",
        "version": 1,
        "visibleSize": 64,
        "hiddenSize": 2,
        "W1": theta[:128].tolist(),
        "W2": theta[128:256].tolist(),
        "b1": theta[256:258].tolist(),
        "b2": theta[258:].tolist(),
    }
    nan = dict(document, W2=[*theta[128:131].tolist(), float("nan"), *theta[132:256].tolist()])
    write("weights-nan.json", json.dumps(nan).encode())  # Python writes NaN, as many tools do
    hyper = dict(document, hyperparameters={"rho": -5, "beta": 1e9, "lambda": -1})
    write("weights-bad-hyperparameters.json", json.dumps(hyper).encode())
    write("weights.txt", json.dumps(document).encode())


if __name__ == "__main__":
    main()
