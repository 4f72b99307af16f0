"""Runs torch.optim on the trajectories described by a JSON file and prints the parameters after each step.

Input (argv[1]): {"cases": [{"optimizer": "Adam" | "AdamW" | "RAdam", "kwargs": {...},
                             "params": [[...], ...], "grads": [[[...], ...], ...]}]}
Output (stdout): {"cases": [[[...param 0 after step 1...], ...], ...]} in float64.
"""
import json
import sys

import torch


def run(case):
    params = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in case["params"]]
    kwargs = dict(case["kwargs"])
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    opt = getattr(torch.optim, case["optimizer"])(params, **kwargs)
    trajectory = []
    for step_grads in case["grads"]:
        for p, g in zip(params, step_grads):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        trajectory.append([p.detach().tolist() for p in params])
    return trajectory


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    json.dump({"torch": torch.__version__, "cases": [run(c) for c in spec["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
