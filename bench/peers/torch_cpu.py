#!/usr/bin/python3
"""Times GEMM and conv2d with PyTorch on the CPU exactly as `./pagoda bench gemm|conv` times ours.

Same shapes, same FLOP counts, same timing policy (warm up at least once and for --warmup-ms, then the
median of --reps runs), and one JSON line with the same fields, so that run-cpu.sh can set the two side
by side. Run it with Debian's interpreter, /usr/bin/python3, which has python3-torch.

  torch_cpu.py gemm --m M --n N --k K --threads T [--reps R] [--peak GFLOPS]
  torch_cpu.py conv --n N --c C --h H --w W --k K [--kernel 3] [--stride 1] [--pad 1] [--backward] --threads T
  torch_cpu.py info   (torch version, BLAS library in use, build configuration; one JSON line)
"""
import argparse
import json
import os
import statistics
import sys
import time


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    return value


def non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got '{text}'")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected an integer >= 0, got '{text}'")
    return value


def positive_number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="torch_cpu.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    gemm = commands.add_parser("gemm", help="SGEMM C = A B, A [M, K], B [K, N] (2MNK FLOP)")
    for name in ("--m", "--n", "--k"):
        gemm.add_argument(name, type=positive_int, required=True)
    conv = commands.add_parser("conv", help="conv2d [N, C, H, W] -> [N, K, P, Q], forward or forward+backward")
    for name in ("--n", "--c", "--h", "--w", "--k"):
        conv.add_argument(name, type=positive_int, required=True)
    conv.add_argument("--kernel", type=positive_int, default=3)
    conv.add_argument("--stride", type=positive_int, default=1)
    conv.add_argument("--pad", type=non_negative_int, default=1)
    conv.add_argument("--backward", action="store_true", help="also the data and weight gradients (3x the FLOP)")
    for timed in (gemm, conv):
        timed.add_argument("--threads", type=positive_int, required=True)
        timed.add_argument("--reps", type=positive_int, default=20)
        timed.add_argument("--warmup-ms", type=non_negative_int, default=2000)
        timed.add_argument("--input-sets", type=positive_int, default=4,
                           help="fresh input allocations timed; the best median is reported (default 4)")
        timed.add_argument("--peak", type=positive_number, help="FP32 peak in GFLOP/s for fraction_of_peak")
    commands.add_parser("info", help="torch version, BLAS library and build configuration")
    args = parser.parse_args(argv)
    if args.command == "conv" and (args.h + 2 * args.pad < args.kernel or args.w + 2 * args.pad < args.kernel):
        parser.error(f"--kernel {args.kernel} is larger than the padded input (--h {args.h} --w {args.w} with --pad {args.pad})")
    return args


def measure(work, reps, warmup_ms):
    warmup_end = time.perf_counter() + warmup_ms / 1000
    work()
    while time.perf_counter() < warmup_end:
        work()
    millis = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        work()
        millis.append((time.perf_counter_ns() - t0) / 1e6)
    return sorted(millis)


def blas_library():
    """The BLAS shared library this process loaded (Debian switches it with update-alternatives)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    return ", ".join(sorted(paths)) or "none loaded"


def cpu_capability(torch):
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


def gemm_work(torch, args):
    a = torch.rand(args.m, args.k) * 2 - 1
    b = torch.rand(args.k, args.n) * 2 - 1
    c = torch.empty(args.m, args.n)
    fields = {"bench": "gemm", "m": args.m, "n": args.n, "k": args.k}
    return (lambda: torch.mm(a, b, out=c)), 2.0 * args.m * args.n * args.k, fields


def conv_work(torch, args):
    import torch.nn.functional as F
    x = (torch.rand(args.n, args.c, args.h, args.w) * 2 - 1).requires_grad_(args.backward)
    w = (torch.rand(args.k, args.c, args.kernel, args.kernel) * 2 - 1).requires_grad_(args.backward)
    p = (args.h + 2 * args.pad - args.kernel) // args.stride + 1
    q = (args.w + 2 * args.pad - args.kernel) // args.stride + 1
    dy = torch.rand(args.n, args.k, p, q) * 2 - 1

    def forward():
        return F.conv2d(x, w, None, args.stride, args.pad)

    def forward_backward():
        torch.autograd.grad(forward(), (x, w), dy)

    flop = 2.0 * args.n * args.k * args.c * args.kernel * args.kernel * p * q
    fields = {"bench": "conv", "n": args.n, "c": args.c, "h": args.h, "w": args.w, "k": args.k,
              "kernel": args.kernel, "stride": args.stride, "pad": args.pad, "p": p, "q": q,
              "backward": args.backward}
    return (forward_backward if args.backward else forward), (3 * flop if args.backward else flop), fields


def main(argv):
    args = parse_args(argv)
    if args.command != "info":
        # OpenBLAS and OpenMP size their pools when torch loads, so the thread count goes first.
        os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import torch
    if args.command == "info":
        torch.mm(torch.rand(64, 64), torch.rand(64, 64))
        print(json.dumps({"torch": torch.__version__, "blas": blas_library(),
                          "cpu_capability": cpu_capability(torch), "config": torch.__config__.show()}))
        return 0
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    make = gemm_work if args.command == "gemm" else conv_work
    # oneDNN's convolution time depends on where its tensors land: over fresh allocations of the same
    # shape in one process it alternated between about 6.5 and 9.6 ms ([8,128,32,32] 3x3, 2 threads).
    # The peer is timed at its best: the lowest median over --input-sets fresh sets of inputs.
    best = None
    for _ in range(args.input_sets):
        work, flop, fields = make(torch, args)
        millis = measure(work, args.reps, args.warmup_ms)
        if best is None or statistics.median(millis) < statistics.median(best):
            best = millis
    millis = best
    median = statistics.median(millis)
    gflops = flop / (median * 1e6)
    capability = cpu_capability(torch)
    bits = {"AVX512": 512, "AVX2": 256}.get(capability)
    fields.update({"impl": "torch", "threads": args.threads, "vector_bits": bits, "cpu_capability": capability,
                   "reps": args.reps, "input_sets": args.input_sets, "median_ms": median, "min_ms": millis[0], "gflop": flop / 1e9,
                   "gflops": gflops, "peak_gflops": args.peak,
                   "fraction_of_peak": gflops / args.peak if args.peak else None})
    print(json.dumps(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
