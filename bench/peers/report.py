#!/usr/bin/python3
"""Writes bench/results/cpu.md from the JSON lines of run-cpu.sh: one row per shape, ours against torch.

Each round gives one median per implementation and shape; the table shows the median over rounds, and
the throughput ratio ours/torch of those medians. The header says how, where and when it was measured.

  report.py RAW_JSONL META_JSON   (markdown on stdout)
"""
import json
import statistics
import sys


def case_key(row):
    if row["bench"] == "gemm":
        return ("gemm", row["m"], row["n"], row["k"])
    return ("conv", row["n"], row["c"], row["h"], row["w"], row["k"], row["kernel"], row["stride"], row["pad"],
            row["backward"])


def case_label(row):
    if row["bench"] == "gemm":
        return f"SGEMM {row['m']}x{row['n']}x{row['k']} (MxNxK)"
    stride = "" if row["stride"] == 1 else f" stride {row['stride']}"
    kind = "forward+backward" if row["backward"] else "forward"
    return (f"conv2d {row['kernel']}x{row['kernel']}{stride} [{row['n']},{row['c']},{row['h']},{row['w']}]"
            f"->{row['k']} {kind}")


def summarise(rows):
    """(label, ours, torch) per case in first-seen order; ours/torch: (median ms, GFLOP/s, rounds) or None."""
    cases = {}
    for row in rows:
        entry = cases.setdefault(case_key(row), {"label": case_label(row), "pagoda-j": [], "torch": []})
        entry[row["impl"]].append(row)
    out = []
    for entry in cases.values():
        stats = {}
        for impl in ("pagoda-j", "torch"):
            runs = entry[impl]
            if runs:
                ms = statistics.median(r["median_ms"] for r in runs)
                stats[impl] = (ms, runs[0]["gflop"] / (ms * 1e-3), len(runs))
            else:
                stats[impl] = None
        out.append((entry["label"], stats["pagoda-j"], stats["torch"]))
    return out


def cell(value, fmt):
    return "n/a" if value is None else format(value, fmt)


def render(rows, meta):
    peak = meta["peak_gflops"]
    lines = [
        "# CPU benchmark: pagoda-j against PyTorch",
        "",
        f"- Command: `{meta['command']}`",
        f"- Commit: `{meta['commit']}`",
        f"- Date: {meta['date']}",
        f"- CPU: {meta['cpu']}, {meta['threads']} threads",
        f"- JDK: {meta['jdk']}",
        f"- JVM flags: `{meta['jvm_flags']}`",
        f"- Vector species: {meta['vector']}",
        f"- PyTorch: {meta['torch']['torch']} (Debian python3-torch), ATen CPU capability {meta['torch']['cpu_capability']}",
        f"- BLAS loaded by torch: {meta['torch']['blas']}",
        f"- Measured FP32 peak: {peak:.1f} GFLOP/s on {meta['threads']} threads (`./pagoda bench peak`, best round)",
        f"- Load average (1, 5, 15 min) of the machine: {meta['load']}; other jobs share these cores, so "
        "absolute rates move with it, while ours and torch alternate and see the same load",
        f"- Method: {meta['rounds']} alternating rounds (ours, torch, ours, torch, ...); each run is the median of "
        f"{meta['reps']} repetitions after warm-up; the table gives the median over rounds. Torch runs are timed "
        "on 4 fresh sets of inputs and keep the best median, because oneDNN's convolution time depends on where "
        "its tensors land (about 6.5 or 9.6 ms for the same conv, alternating over allocations); ours vary by "
        "less than 5% between runs and are timed on one set.",
        "",
        "| shape | ours ms | ours GFLOP/s | torch ms | torch GFLOP/s | ours/torch | ours of peak | torch of peak |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, ours, torch in summarise(rows):
        ratio = ours[1] / torch[1] if ours and torch else None
        lines.append("| " + " | ".join([
            label,
            cell(ours and ours[0], ".2f"), cell(ours and ours[1], ".1f"),
            cell(torch and torch[0], ".2f"), cell(torch and torch[1], ".1f"),
            cell(ratio, ".2f") + ("x" if ratio else ""),
            cell(ours and ours[1] / peak, ".0%"), cell(torch and torch[1] / peak, ".0%"),
        ]) + " |")
    lines += [
        "",
        "ours/torch is the throughput ratio (above 1: ours is faster). FLOP: GEMM 2MNK; conv forward 2NKCRSPQ,",
        "forward+backward 3x that (data and weight gradients). Those are the direct method's FLOP for both",
        "columns: our 3x3 stride-1 convolution (forward and input gradient) runs Winograd's F(2x2,3x3), which",
        "does 2.25x fewer multiplications, so its GFLOP/s and fraction of peak are effective rates (time",
        "against the direct method's work), not arithmetic the cores performed; the weight gradient is a GEMM.",
        "",
        "<details><summary>torch.__config__.show()</summary>",
        "",
        "```",
        meta["torch"]["config"].strip(),
        "```",
        "</details>",
        "",
        "<details><summary>Raw runs (one JSON line per run)</summary>",
        "",
        "```",
        *[json.dumps(r) for r in rows],
        "```",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: report.py RAW_JSONL META_JSON")
    with open(argv[0]) as raw:
        rows = [json.loads(line) for line in raw if line.strip()]
    with open(argv[1]) as m:
        meta = json.load(m)
    sys.stdout.write(render(rows, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
