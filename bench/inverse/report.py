#!/usr/bin/env python3
"""Markdown tables of the inverse-eval runs that bench/inverse/run-cpu.sh logs (results.jsonl files)."""
import json
import sys


def fmt(v, digits=2):
    return "" if v is None else f"{v:.{digits}f}"


def main(paths):
    rows = [json.loads(line) for p in paths for line in open(p) if line.strip().startswith("{")]
    fit = [r for r in rows if r["result"]["task"] != "superres"]
    sr = [r for r in rows if r["result"]["task"] == "superres"]
    if fit:
        print("| task | start | n | PSNR answer | PSNR G(z) | PSNR G(z0) | PSNR baseline | SSIM answer | SSIM baseline"
              " | objective start -> end | s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in fit:
            d = r["result"]
            print(f"| {d['task']} | {d['init']} | {d['n']} | {fmt(d['psnr_db'])} | {fmt(d['generated_psnr_db'])}"
                  f" | {fmt(d['initial_psnr_db'])} | {fmt(d['baseline_psnr_db'])} | {fmt(d.get('ssim'), 3)}"
                  f" | {fmt(d.get('baseline_ssim'), 3)} | {d['objective_start']:.0f} -> {d['objective_end']:.0f}"
                  f" | {d['seconds']:.0f} |")
        print()
    if sr:
        print("| input -> output | encoder levels | n | PSNR | PSNR bicubic | SSIM | SSIM bicubic | s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in sr:
            d = r["result"]
            print(f"| {d['input_resolution']} -> {d['resolution']} | {d['encoder_levels']} | {d['n']} | {fmt(d['psnr_db'])}"
                  f" | {fmt(d['baseline_psnr_db'])} | {fmt(d.get('ssim'), 3)} | {fmt(d.get('baseline_ssim'), 3)}"
                  f" | {d['seconds']:.0f} |")
        print()
    for r in rows:
        print(f"- `{r['command']}` (started {r['started']}, load {r['load']})")


if __name__ == "__main__":
    main(sys.argv[1:])
