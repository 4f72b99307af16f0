#!/usr/bin/python3
"""PyTorch twins of pagoda-j's feature networks, for the cross-check tests (pagoda.eval.FeaturePeerTest).

Reads the weights and an image batch `images` [N, C, H, W] in [-1, 1] from safetensors files, runs the
network with torch.nn.functional ops, and writes `features` [N, D] to a safetensors file. Only float32
tensors are read or written. Run it with Debian's interpreter, /usr/bin/python3, which has python3-torch.

  feature_peers.py inception WEIGHTS IMAGES OUT    Inception-v3 pool features as pytorch-fid computes them
  feature_peers.py features-v1 WEIGHTS IMAGES OUT  the project's features-v1 network
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        dtype = {"F32": np.float32, "F16": np.float16, "I64": np.int64}[info["dtype"]]
        array = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
        out[name] = torch.from_numpy(array.astype(np.float32))
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        blob = t.detach().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def basic_conv(w, prefix, x, stride=1, padding=0):
    """Convolution, batch norm in inference mode (eps 0.001), ReLU: torchvision's BasicConv2d."""
    x = F.conv2d(x, w[prefix + ".conv.weight"], stride=stride, padding=padding)
    x = F.batch_norm(x, w[prefix + ".bn.running_mean"], w[prefix + ".bn.running_var"],
                     w[prefix + ".bn.weight"], w[prefix + ".bn.bias"], training=False, eps=0.001)
    return F.relu(x)


def avg_pool(x):
    return F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)


def inception_a(w, p, x):
    b1 = basic_conv(w, p + ".branch1x1", x)
    b5 = basic_conv(w, p + ".branch5x5_2", basic_conv(w, p + ".branch5x5_1", x), padding=2)
    d = basic_conv(w, p + ".branch3x3dbl_1", x)
    d = basic_conv(w, p + ".branch3x3dbl_3", basic_conv(w, p + ".branch3x3dbl_2", d, padding=1), padding=1)
    pool = basic_conv(w, p + ".branch_pool", avg_pool(x))
    return torch.cat([b1, b5, d, pool], 1)


def inception_b(w, p, x):
    b3 = basic_conv(w, p + ".branch3x3", x, stride=2)
    d = basic_conv(w, p + ".branch3x3dbl_1", x)
    d = basic_conv(w, p + ".branch3x3dbl_3", basic_conv(w, p + ".branch3x3dbl_2", d, padding=1), stride=2)
    return torch.cat([b3, d, F.max_pool2d(x, 3, stride=2)], 1)


def inception_c(w, p, x):
    b1 = basic_conv(w, p + ".branch1x1", x)
    s = basic_conv(w, p + ".branch7x7_1", x)
    s = basic_conv(w, p + ".branch7x7_2", s, padding=(0, 3))
    s = basic_conv(w, p + ".branch7x7_3", s, padding=(3, 0))
    d = basic_conv(w, p + ".branch7x7dbl_1", x)
    for i, pad in ((2, (3, 0)), (3, (0, 3)), (4, (3, 0)), (5, (0, 3))):
        d = basic_conv(w, p + f".branch7x7dbl_{i}", d, padding=pad)
    pool = basic_conv(w, p + ".branch_pool", avg_pool(x))
    return torch.cat([b1, s, d, pool], 1)


def inception_d(w, p, x):
    t = basic_conv(w, p + ".branch3x3_2", basic_conv(w, p + ".branch3x3_1", x), stride=2)
    u = basic_conv(w, p + ".branch7x7x3_1", x)
    u = basic_conv(w, p + ".branch7x7x3_2", u, padding=(0, 3))
    u = basic_conv(w, p + ".branch7x7x3_3", u, padding=(3, 0))
    u = basic_conv(w, p + ".branch7x7x3_4", u, stride=2)
    return torch.cat([t, u, F.max_pool2d(x, 3, stride=2)], 1)


def inception_e(w, p, x, max_pool):
    b1 = basic_conv(w, p + ".branch1x1", x)
    t = basic_conv(w, p + ".branch3x3_1", x)
    t = torch.cat([basic_conv(w, p + ".branch3x3_2a", t, padding=(0, 1)),
                   basic_conv(w, p + ".branch3x3_2b", t, padding=(1, 0))], 1)
    d = basic_conv(w, p + ".branch3x3dbl_2", basic_conv(w, p + ".branch3x3dbl_1", x), padding=1)
    d = torch.cat([basic_conv(w, p + ".branch3x3dbl_3a", d, padding=(0, 1)),
                   basic_conv(w, p + ".branch3x3dbl_3b", d, padding=(1, 0))], 1)
    pooled = F.max_pool2d(x, 3, stride=1, padding=1) if max_pool else avg_pool(x)
    return torch.cat([b1, t, d, basic_conv(w, p + ".branch_pool", pooled)], 1)


def inception(w, x):
    """pytorch-fid's InceptionV3 to the pool3 features: bilinear resize to 299 (align_corners=False)."""
    if x.shape[1] == 1:
        x = x.repeat(1, 3, 1, 1)
    x = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
    x = basic_conv(w, "Conv2d_1a_3x3", x, stride=2)
    x = basic_conv(w, "Conv2d_2a_3x3", x)
    x = F.max_pool2d(basic_conv(w, "Conv2d_2b_3x3", x, padding=1), 3, stride=2)
    x = basic_conv(w, "Conv2d_4a_3x3", basic_conv(w, "Conv2d_3b_1x1", x))
    x = F.max_pool2d(x, 3, stride=2)
    for name in ("Mixed_5b", "Mixed_5c", "Mixed_5d"):
        x = inception_a(w, name, x)
    x = inception_b(w, "Mixed_6a", x)
    for name in ("Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"):
        x = inception_c(w, name, x)
    x = inception_d(w, "Mixed_7a", x)
    x = inception_e(w, "Mixed_7b", x, max_pool=False)
    x = inception_e(w, "Mixed_7c", x, max_pool=True)
    return x.mean(dim=(2, 3))


def features_v1(w, x):
    """Resize to 32 (antialiased bicubic, as PIL), 4 stages x 2 convs + GroupNorm(8) + SiLU, stage means."""
    if x.shape[1] == 1:
        x = x.repeat(1, 3, 1, 1)
    x = F.interpolate(x, size=(32, 32), mode="bicubic", align_corners=False, antialias=True)
    pooled = []
    for s in range(1, 5):
        for c in (1, 2):
            stride = 2 if s > 1 and c == 1 else 1
            x = F.conv2d(x, w[f"s{s}.conv{c}.weight"], stride=stride, padding=1)
            x = F.silu(F.group_norm(x, 8, eps=1e-5))
        pooled.append(x.mean(dim=(2, 3)))
    return torch.cat(pooled, 1)


def main(argv):
    if len(argv) != 5 or argv[1] not in ("inception", "features-v1"):
        sys.exit(__doc__)
    torch.set_grad_enabled(False)
    weights = read_safetensors(argv[2])
    images = read_safetensors(argv[3])["images"].double()
    weights = {k: v.double() for k, v in weights.items()}
    net = inception if argv[1] == "inception" else features_v1
    write_safetensors(argv[4], {"features": net(weights, images).float()})


if __name__ == "__main__":
    main(sys.argv)
