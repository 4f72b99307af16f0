#!/usr/bin/env python3
"""The PyTorch peer of pagoda.cuda.bench.CudaBench: the same shapes, random inputs, CUDA-event timing after
a warm-up, the median of the repetitions; one JSON line per run in the same schema.

    python3 torch_gpu.py [--reps 30]

Precisions as CudaBench names them: fp32 = torch with TF32 disabled (cuBLAS/cuDNN float32; our fp32 is
3xTF32 with float32-level error), tf32 = allow_tf32, bf16 = bfloat16 operands with float accumulation.
"""
import argparse
import json
import statistics

import torch

WARMUP = 5


def timed(fn, reps):
    for _ in range(WARMUP):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    return statistics.median(times)


def set_precision(p):
    torch.backends.cuda.matmul.allow_tf32 = p == "tf32"
    torch.backends.cudnn.allow_tf32 = p == "tf32"


def gemm(m, n, k, p, reps):
    set_precision(p)
    dtype = torch.bfloat16 if p == "bf16" else torch.float32
    a = (torch.rand(m, k, device="cuda") * 2 - 1).to(dtype)
    b = (torch.rand(k, n, device="cuda") * 2 - 1).to(dtype)
    c = torch.empty(m, n, device="cuda", dtype=dtype)
    ms = timed(lambda: torch.matmul(a, b, out=c), reps)
    return {"bench": "gemm", "m": m, "n": n, "k": k, "impl": "torch", "precision": p,
            "device": torch.cuda.get_device_name(), "median_ms": round(ms, 4), "tflops": round(2.0 * m * n * k / (ms * 1e9), 2)}


def conv(n, c, h, w, k, backward, p, reps):
    set_precision(p)
    dtype = torch.bfloat16 if p == "bf16" else torch.float32
    x = (torch.rand(n, c, h, w, device="cuda") * 2 - 1).to(dtype).requires_grad_(backward)
    wt = ((torch.rand(k, c, 3, 3, device="cuda") * 2 - 1) * 0.1).to(dtype).requires_grad_(backward)
    bias = (torch.rand(k, device="cuda") * 2 - 1).to(dtype)

    def step():
        y = torch.nn.functional.conv2d(x, wt, bias, padding=1)
        if backward:
            torch.autograd.grad(y, (x, wt), y)

    ms = timed(step, reps)
    flop = 2.0 * n * k * h * w * c * 9 * (3 if backward else 1)
    return {"bench": "conv_fwd_bwd" if backward else "conv_fwd", "n": n, "c": c, "h": h, "w": w, "k": k, "kernel": 3,
            "impl": "torch", "precision": p, "device": torch.cuda.get_device_name(), "median_ms": round(ms, 4),
            "tflops": round(flop / (ms * 1e9), 2)}


def peaks(reps):
    """The ceilings fractions are taken of: a bf16 8192^3 matrix product and a 1 GiB device-to-device copy (bytes read + written)."""
    set_precision("bf16")
    a = torch.rand(8192, 8192, device="cuda").to(torch.bfloat16)
    b = torch.rand(8192, 8192, device="cuda").to(torch.bfloat16)
    ms = timed(lambda: torch.matmul(a, b), reps)
    src = torch.rand(1 << 28, device="cuda")
    dst = torch.empty_like(src)
    copy_ms = timed(lambda: dst.copy_(src), reps)
    return {"bench": "peak", "impl": "torch", "precision": "bf16", "device": torch.cuda.get_device_name(),
            "bf16_tflops": round(2.0 * 8192 ** 3 / (ms * 1e9), 1), "copy_tbps": round(2 * src.numel() * 4 / (copy_ms * 1e9), 2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args()
    torch.backends.cudnn.benchmark = True
    print(json.dumps(peaks(args.reps)), flush=True)
    for p in ("fp32", "tf32", "bf16"):
        print(json.dumps(gemm(4096, 4096, 4096, p, args.reps)), flush=True)
    for p in ("fp32", "tf32", "bf16"):
        for backward in (False, True):
            print(json.dumps(conv(64, 256, 32, 32, 256, backward, p, args.reps)), flush=True)


if __name__ == "__main__":
    main()
