#!/usr/bin/env python3
"""Turns the JSON lines of CudaBench and torch_gpu.py into bench/results/gpu-<device>.md: per shape and
precision, both medians, the ratio torch / ours (above 1: we are faster), and our fraction of the bf16
matrix peak measured in the same run (torch_gpu.py's "peak" line).

    python3 report.py BENCH.jsonl HEADER.txt > gpu-h100.md
"""
import argparse
import json


def key(r):
    shape = ", ".join(f"{k}={r[k]}" for k in ("m", "n", "k", "c", "h", "w") if k in r)
    return r["bench"], shape, r["precision"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("header")
    args = parser.parse_args()
    rows = {}
    peak = None
    with open(args.results) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                if r["bench"] == "peak":
                    peak = r
                else:
                    rows.setdefault(key(r), {})[r["impl"]] = r
    with open(args.header) as f:
        print(f.read().rstrip())
    if peak:
        print(f"Measured peaks (torch): bf16 matrix product 8192^3 {peak['bf16_tflops']} TFLOP/s; device-to-device copy "
              f"{peak['copy_tbps']} TB/s (read + write).")
    print()
    print("| bench | shape | precision | pagoda-j ms | torch ms | torch / pagoda-j | pagoda-j TFLOP/s | of bf16 peak |")
    print("|---|---|---|---|---|---|---|---|")
    for (bench, shape, p), impls in rows.items():
        ours = impls.get("pagoda-j")
        theirs = impls.get("torch")
        ratio = f"{theirs['median_ms'] / ours['median_ms']:.2f}" if ours and theirs else "-"
        share = f"{ours['tflops'] / peak['bf16_tflops']:.1%}" if ours and peak else "-"
        print(f"| {bench} | {shape} | {p} | {ours['median_ms'] if ours else '-'} | {theirs['median_ms'] if theirs else '-'} "
              f"| {ratio} | {ours['tflops'] if ours else '-'} | {share} |")


if __name__ == "__main__":
    main()
