#!/usr/bin/python3
"""Writes bench/results/teacher-cpu.md from run-teacher.sh's JSON lines (markdown on stdout); the
metadata comes in the environment (COMMAND, COMMIT, DATE, CPU, JDK, JVM_FLAGS, VECTOR, THREADS, ROUNDS,
REPS, WARMUP_MS, CONFIG, HEAP_MIB, LOAD, TORCH_JSON).

  teacher_report.py RAW_JSONL
"""
import json
import os
import statistics
import sys


def main(path):
    e = os.environ
    rows = [json.loads(line) for line in open(path) if line.strip()]
    ours = [r for r in rows if r["impl"] == "pagoda-j"]
    torch = [r for r in rows if r["impl"] == "torch"]
    info = json.load(open(e["TORCH_JSON"]))

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    batch = ours[0]["batch"]
    lines = [
        "# The EDM teacher on the CPU: pagoda-j against PyTorch",
        "",
        f"- Command: `{e['COMMAND']}`",
        f"- Commit: `{e['COMMIT']}`",
        f"- Date: {e['DATE']}",
        f"- CPU: {e['CPU']}, {e['THREADS']} threads",
        f"- JDK: {e['JDK']}",
        f"- JVM flags: `{e['JVM_FLAGS']}`",
        f"- Vector species: {e['VECTOR']}",
        f"- PyTorch: {info.get('torch', '?')}, ATen CPU capability {info.get('cpu_capability', '?')}, "
        f"BLAS {info.get('blas', '?')}",
        f"- Model: `{e['CONFIG']}` ({ours[0]['parameters']:,} parameters), batch {batch}, random inputs, "
        "EDM initialisation (ours) or uniform (torch): the work does not depend on the values",
        f"- Load average (1, 5, 15 min): {e['LOAD']}",
        f"- Method: {e['ROUNDS']} alternating rounds (ours, torch, ...); each run reports the median of "
        f"{e['REPS']} repetitions after at least {int(e['WARMUP_MS']) // 1000} s of warm-up; the table gives the "
        "median over rounds. Forward: D(x; sigma, labels) without gradients, evaluation mode. Training step: "
        "EDM loss (ln sigma ~ N(-1.2, 1.2^2), fresh noise), backward, Adam, training mode (dropout of the config).",
        "",
        "| | ours ms | ours images/s | torch ms | torch images/s | ours/torch |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, key in (("denoiser forward", "forward"), ("training step", "train")):
        a = med(ours, key + "_median_ms")
        b = med(torch, key + "_median_ms")
        lines.append(f"| {label} | {a:.0f} | {batch / a * 1e3:.1f} | {b:.0f} | {batch / b * 1e3:.1f} | {b / a:.2f}x |")
    lines += [
        "",
        "ours/torch is the throughput ratio (above 1: ours is faster).",
        "",
        "Per round (median ms of each run):",
        "",
        "| round | ours forward | torch forward | ours train | torch train |",
        "|---:|---:|---:|---:|---:|",
    ]
    for i, (a, b) in enumerate(zip(ours, torch), 1):
        lines.append(f"| {i} | {a['forward_median_ms']:.0f} | {b['forward_median_ms']:.0f} | "
                     f"{a['train_median_ms']:.0f} | {b['train_median_ms']:.0f} |")
    heap = int(e["HEAP_MIB"])
    live = med(ours, "peak_live_heap_mib")
    rss = med(torch, "peak_rss_mib")
    rss0 = med(torch, "rss_before_train_mib")
    lines += [
        "",
        "## Memory of a training step",
        "",
        f"- Ours: the training step runs with `-Xmx{heap}m` and fails with 64 MiB less (bisection over "
        f"`PAGODA_JAVA_OPTS=-Xmx...`, one warm-up and one timed step): the peak heap of a step, weights, "
        f"gradients and Adam state included, is at most {heap} MiB. The heap in use after garbage collections "
        f"during the timed steps peaked at {live:.0f} MiB (median over rounds; a bound that depends on when "
        "collections happen).",
        f"- PyTorch: peak resident set {rss:.0f} MiB, of which {rss0:.0f} MiB were resident before the first "
        "training step (interpreter, libraries, weights, the forward benchmark's caches).",
        "",
        "<details><summary>raw JSON lines</summary>",
        "",
        "```",
    ]
    lines += [json.dumps(r) for r in rows]
    lines += ["```", "", "</details>", ""]
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
