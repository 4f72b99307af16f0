#!/usr/bin/python3
"""Writes the sample files of the features-v1 sanity table (models/features-v1/README.md).

The first 5,000 Fashion-MNIST training images (Debian dataset-fashion-mnist) as pagoda-j sample files
(safetensors, `images` F32 [5000, 1, 28, 28] in [-1, 1]): clean, with Gaussian noise of standard
deviation 0.1, 0.2 and 0.4 (numpy default_rng(1), drawn in that order, clipped to [-1, 1]), and with a
Gaussian blur of sigma 0.5, 1 and 2 pixels (radius ceil(3 sigma), weights renormalised at the borders).

  fmnist_corruptions.py OUT_DIR
"""
import gzip
import json
import os
import struct
import sys

import numpy as np

IMAGES = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"


def load(n):
    with gzip.open(IMAGES) as f:
        data = f.read()
    return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 1, 28, 28)[:n].astype(np.float32) / 127.5 - 1


def write(path, images):
    blob = images.astype("<f4").tobytes()
    header = json.dumps({"images": {"dtype": "F32", "shape": list(images.shape), "data_offsets": [0, len(blob)]}}).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header + blob)


def blur(x, sigma):
    r = max(1, int(np.ceil(3 * sigma)))
    k = np.arange(-r, r + 1)
    g = np.exp(-k * k / (2 * sigma * sigma))
    g /= g.sum()

    def along(a, axis):
        pad = [(0, 0)] * a.ndim
        pad[axis] = (r, r)
        padded = np.pad(a, pad)
        inside = np.pad(np.ones_like(a), pad)
        out = np.zeros_like(a)
        weight = np.zeros_like(a)
        for i, gi in enumerate(g):
            window = [slice(None)] * a.ndim
            window[axis] = slice(i, i + a.shape[axis])
            out += gi * padded[tuple(window)]
            weight += gi * inside[tuple(window)]
        return out / weight

    return along(along(x, 2), 3)


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    clean = load(5000)
    rng = np.random.default_rng(1)
    write(os.path.join(out, "clean.safetensors"), clean)
    for s in (0.1, 0.2, 0.4):
        noisy = np.clip(clean + s * rng.standard_normal(clean.shape).astype(np.float32), -1, 1)
        write(os.path.join(out, f"noise{s}.safetensors"), noisy)
    for s in (0.5, 1.0, 2.0):
        write(os.path.join(out, f"blur{s}.safetensors"), blur(clean, s))


if __name__ == "__main__":
    main(sys.argv)
