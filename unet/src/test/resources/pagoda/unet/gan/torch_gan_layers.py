"""Runs torch's BatchNorm2d and spectral_norm(Conv2d) / spectral_norm(Linear) on the steps described by a
JSON file, in float64, and prints what each step produced.

Input (argv[1]):
  {"bn": {"shape": [N, C, H, W], "weight": [...], "bias": [...], "xs": [[...], ...], "dys": [[...], ...],
          "x_eval": [...]},
   "sn": [{"kind": "conv" | "linear", "wshape": [...], "stride": s, "padding": p, "state": {name: [...]},
           "xshape": [...], "xs": [[...], ...], "dys": [[...], ...], "x_eval": [...]}, ...]}
Output (stdout): per step the output, the input's gradient, the parameters' gradients and the buffers
after the step, then the evaluation-mode output; all flattened.
"""
import json
import sys

import torch


def flat(t):
    return t.detach().reshape(-1).tolist()


def tensor(values, shape):
    return torch.tensor(values, dtype=torch.float64).reshape(shape)


def run_bn(spec):
    shape = spec["shape"]
    bn = torch.nn.BatchNorm2d(shape[1]).double()
    with torch.no_grad():
        bn.weight.copy_(tensor(spec["weight"], [shape[1]]))
        bn.bias.copy_(tensor(spec["bias"], [shape[1]]))
    bn.train()
    steps = []
    for xv, dyv in zip(spec["xs"], spec["dys"]):
        x = tensor(xv, shape).requires_grad_(True)
        bn.zero_grad()
        y = bn(x)
        y.backward(tensor(dyv, shape))
        steps.append({"y": flat(y), "dx": flat(x.grad), "dweight": flat(bn.weight.grad), "dbias": flat(bn.bias.grad),
                      "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var)})
    bn.eval()
    with torch.no_grad():
        y_eval = bn(tensor(spec["x_eval"], shape))
    return {"steps": steps, "y_eval": flat(y_eval)}


def run_sn(spec):
    w = spec["wshape"]
    if spec["kind"] == "conv":
        layer = torch.nn.Conv2d(w[1], w[0], w[2], stride=spec["stride"], padding=spec["padding"])
    else:
        layer = torch.nn.Linear(w[1], w[0])
    layer = torch.nn.utils.spectral_norm(layer.double())
    with torch.no_grad():
        for name, values in spec["state"].items():
            buf = getattr(layer, name)
            buf.copy_(tensor(values, list(buf.shape)))
    layer.train()
    steps = []
    for xv, dyv in zip(spec["xs"], spec["dys"]):
        x = tensor(xv, spec["xshape"]).requires_grad_(True)
        layer.zero_grad()
        y = layer(x)
        y.backward(tensor(dyv, list(y.shape)))
        steps.append({"y": flat(y), "dx": flat(x.grad), "dweight_orig": flat(layer.weight_orig.grad),
                      "dbias": flat(layer.bias.grad), "weight_u": flat(layer.weight_u), "weight_v": flat(layer.weight_v)})
    layer.eval()
    with torch.no_grad():
        y_eval = layer(tensor(spec["x_eval"], spec["xshape"]))
    return {"steps": steps, "y_eval": flat(y_eval)}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    json.dump({"torch": torch.__version__, "bn": run_bn(spec["bn"]), "sn": [run_sn(s) for s in spec["sn"]]}, sys.stdout)


if __name__ == "__main__":
    main()
