#!/usr/bin/python3
"""The PyTorch twin of pagoda-j's teacher: EDM preconditioning around the ADM UNet (NVlabs/edm's
EDMPrecond + DhariwalUNet), written from the architecture description for this project, reading the
same config.json and model.safetensors (EDM key names) as `./pagoda conformance edm`.

  torch_teacher.py conformance --fixture DIR --out OUT [--dtype float64|float32]
      reads DIR/config.json, DIR/model.safetensors and the inputs of DIR/denoise, grads, edmloss
      .safetensors; writes OUT/denoise.safetensors (D), OUT/grads.safetensors (grad.x, grad.<param>),
      OUT/edmloss.safetensors (loss, grad.<param>): the same files as the Java command.
  torch_teacher.py bench --config FILE --batch B --threads T [--backward] [--reps R] [--warmup-ms MS]
      times the denoiser forward (no gradient) and, with --backward, one EDM training step (loss,
      backward, Adam) as `./pagoda bench teacher` does; prints one JSON line.

Run it with Debian's interpreter, /usr/bin/python3, which has python3-torch.
"""
import argparse
import json
import math
import os
import resource
import statistics
import struct
import sys
import time

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64}


# ---- safetensors ---------------------------------------------------------------------------------

def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in DTYPES:
            raise SystemExit(f"{path}: tensor '{name}' has dtype {info['dtype']}, expected F32 or F64")
        begin, end = info["data_offsets"]
        out[name] = np.frombuffer(data[base + begin:base + end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return out


def write_safetensors(path, tensors):
    header = {}
    offset = 0
    blobs = []
    for name, array in tensors.items():
        a = np.ascontiguousarray(array, dtype=np.float32)
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


# ---- architecture --------------------------------------------------------------------------------

def read_config(path):
    with open(path) as f:
        c = json.load(f)
    cfg = {
        "img_resolution": c["img_resolution"], "img_channels": c["img_channels"], "label_dim": c.get("label_dim", 0),
        "model_channels": c.get("model_channels", 192), "channel_mult": c.get("channel_mult", [1, 2, 3, 4]),
        "channel_mult_emb": c.get("channel_mult_emb", 4), "num_blocks": c.get("num_blocks", 3),
        "attn_resolutions": c.get("attn_resolutions", [32, 16, 8]), "dropout": c.get("dropout", 0.1),
        "sigma_data": c.get("sigma_data", 0.5),
    }
    if c.get("augment_dim", 0) or c.get("flavour", "edm") != "edm":
        raise SystemExit(f"{path}: the twin implements flavour 'edm' without augment_dim only")
    return cfg


def groups_of(channels):
    return min(32, channels // 4)


def plan(cfg):
    """(name, stem, cin, cout, up, down, heads) for the encoder and the decoder, in EDM's order and names."""
    mc = cfg["model_channels"]
    enc, dec = [], []
    cout = cfg["img_channels"]
    for level, mult in enumerate(cfg["channel_mult"]):
        res = cfg["img_resolution"] >> level
        if level == 0:
            enc.append((f"{res}x{res}_conv", True, cout, mc * mult, False, False, 0))
            cout = mc * mult
        else:
            enc.append((f"{res}x{res}_down", False, cout, cout, False, True, 0))
        for i in range(cfg["num_blocks"]):
            cin, cout = cout, mc * mult
            heads = cout // 64 if res in cfg["attn_resolutions"] else 0
            enc.append((f"{res}x{res}_block{i}", False, cin, cout, False, False, heads))
    skips = [e[3] for e in enc]
    levels = len(cfg["channel_mult"])
    for level in reversed(range(levels)):
        mult = cfg["channel_mult"][level]
        res = cfg["img_resolution"] >> level
        if level == levels - 1:
            dec.append((f"{res}x{res}_in0", False, cout, cout, False, False, cout // 64))
            dec.append((f"{res}x{res}_in1", False, cout, cout, False, False, 0))
        else:
            dec.append((f"{res}x{res}_up", False, cout, cout, True, False, 0))
        for i in range(cfg["num_blocks"] + 1):
            cin, cout = cout + skips.pop(), mc * mult
            heads = cout // 64 if res in cfg["attn_resolutions"] else 0
            dec.append((f"{res}x{res}_block{i}", False, cin, cout, False, False, heads))
    return enc, dec


def parameter_shapes(cfg):
    """Every parameter's EDM name and shape, for random initialisation when no weights are given."""
    mc, emb = cfg["model_channels"], cfg["model_channels"] * cfg["channel_mult_emb"]
    shapes = {"model.map_layer0.weight": (emb, mc), "model.map_layer0.bias": (emb,),
              "model.map_layer1.weight": (emb, emb), "model.map_layer1.bias": (emb,)}
    if cfg["label_dim"]:
        shapes["model.map_label.weight"] = (emb, cfg["label_dim"])
    enc, dec = plan(cfg)
    for part, layers in (("enc", enc), ("dec", dec)):
        for name, stem, cin, cout, up, down, heads in layers:
            p = f"model.{part}.{name}"
            if stem:
                shapes.update({p + ".weight": (cout, cin, 3, 3), p + ".bias": (cout,)})
                continue
            shapes.update({p + ".norm0.weight": (cin,), p + ".norm0.bias": (cin,),
                           p + ".conv0.weight": (cout, cin, 3, 3), p + ".conv0.bias": (cout,),
                           p + ".affine.weight": (2 * cout, emb), p + ".affine.bias": (2 * cout,),
                           p + ".norm1.weight": (cout,), p + ".norm1.bias": (cout,),
                           p + ".conv1.weight": (cout, cout, 3, 3), p + ".conv1.bias": (cout,)})
            if cin != cout:
                shapes.update({p + ".skip.weight": (cout, cin, 1, 1), p + ".skip.bias": (cout,)})
            if heads:
                shapes.update({p + ".norm2.weight": (cout,), p + ".norm2.bias": (cout,),
                               p + ".qkv.weight": (3 * cout, cout, 1, 1), p + ".qkv.bias": (3 * cout,),
                               p + ".proj.weight": (cout, cout, 1, 1), p + ".proj.bias": (cout,)})
    last = dec[-1][3]
    shapes.update({"model.out_norm.weight": (last,), "model.out_norm.bias": (last,),
                   "model.out_conv.weight": (cfg["img_channels"], last, 3, 3), "model.out_conv.bias": (cfg["img_channels"],)})
    return shapes


class Teacher:
    """EDMPrecond(DhariwalUNet) as a function of a parameter dict (EDM names)."""

    def __init__(self, torch, cfg, params):
        self.t = torch
        self.F = torch.nn.functional
        self.cfg = cfg
        self.p = params
        self.enc, self.dec = plan(cfg)
        self.training = False

    def norm(self, x, prefix):
        return self.F.group_norm(x, groups_of(x.shape[1]), self.p[prefix + ".weight"], self.p[prefix + ".bias"], 1e-5)

    def conv(self, x, prefix, padding):
        return self.F.conv2d(x, self.p[prefix + ".weight"], self.p[prefix + ".bias"], padding=padding)

    def resample(self, x, up, down):
        # EDM's [1, 1] resample filter: a transposed depthwise conv with 4 * (1/4) taps is nearest 2x,
        # the depthwise stride-2 conv with 1/4 taps is a 2x2 average.
        if up:
            return self.F.interpolate(x, scale_factor=2, mode="nearest")
        if down:
            return self.F.avg_pool2d(x, 2)
        return x

    def block(self, prefix, layer, x, emb):
        _, _, cin, cout, up, down, heads = layer
        silu = self.F.silu
        h = self.conv(self.resample(silu(self.norm(x, prefix + ".norm0")), up, down), prefix + ".conv0", 1)
        params = self.F.linear(emb, self.p[prefix + ".affine.weight"], self.p[prefix + ".affine.bias"])
        scale, shift = params[:, :, None, None].chunk(2, dim=1)
        h = silu(self.t.addcmul(shift, self.norm(h, prefix + ".norm1"), scale + 1))
        h = self.F.dropout(h, p=self.cfg["dropout"], training=self.training)
        h = self.conv(h, prefix + ".conv1", 1)
        skip = self.resample(x, up, down)
        if cin != cout:
            skip = self.conv(skip, prefix + ".skip", 0)
        x = h + skip
        if heads:
            n, c, hh, ww = x.shape
            qkv = self.conv(self.norm(x, prefix + ".norm2"), prefix + ".qkv", 0)
            q, k, v = qkv.reshape(n * heads, c // heads, 3, hh * ww).unbind(2)
            w = self.t.einsum("ncq,nck->nqk", q, k / math.sqrt(c // heads)).softmax(dim=2)
            a = self.t.einsum("nqk,nck->ncq", w, v)
            x = self.conv(a.reshape(n, c, hh, ww), prefix + ".proj", 0) + x
        return x

    def unet(self, x, noise_labels, class_labels):
        F, p = self.F, self.p
        half = self.cfg["model_channels"] // 2
        freqs = (1.0 / 10000) ** (self.t.arange(half, dtype=x.dtype) / half)
        angles = noise_labels[:, None] * freqs[None, :]
        emb = self.t.cat([angles.cos(), angles.sin()], dim=1)
        emb = F.silu(F.linear(emb, p["model.map_layer0.weight"], p["model.map_layer0.bias"]))
        emb = F.linear(emb, p["model.map_layer1.weight"], p["model.map_layer1.bias"])
        if self.cfg["label_dim"]:
            emb = emb + F.linear(class_labels, p["model.map_label.weight"])
        emb = F.silu(emb)
        skips = []
        for layer in self.enc:
            name = "model.enc." + layer[0]
            x = self.conv(x, name, 1) if layer[1] else self.block(name, layer, x, emb)
            skips.append(x)
        for layer in self.dec:
            if x.shape[1] != layer[2]:
                x = self.t.cat([x, skips.pop()], dim=1)
            x = self.block("model.dec." + layer[0], layer, x, emb)
        return self.conv(F.silu(self.norm(x, "model.out_norm")), "model.out_conv", 1)

    def denoise(self, x, sigma, class_labels):
        """D(x; sigma) = c_skip x + c_out F(c_in x; c_noise) (EDM, Table 1)."""
        sd = self.cfg["sigma_data"]
        s = sigma.reshape(-1, 1, 1, 1)
        c_skip = sd ** 2 / (s ** 2 + sd ** 2)
        c_out = s * sd / (s ** 2 + sd ** 2).sqrt()
        c_in = 1 / (sd ** 2 + s ** 2).sqrt()
        c_noise = sigma.log() / 4
        return c_skip * x + c_out * self.unet(c_in * x, c_noise, class_labels)

    def edm_loss(self, images, class_labels, rnd_normal, noise):
        """EDM's training loss with given draws: sigma = exp(1.2 n - 1.2), lambda = (sigma^2 + sd^2) / (sigma sd)^2."""
        sd = self.cfg["sigma_data"]
        sigma = (rnd_normal * 1.2 - 1.2).exp()
        weight = (sigma ** 2 + sd ** 2) / (sigma * sd) ** 2
        d = self.denoise(images + noise * sigma, sigma.flatten(), class_labels)
        return (weight * (d - images) ** 2).mean()


# ---- commands ------------------------------------------------------------------------------------

def conformance(torch, args):
    dtype = getattr(torch, args.dtype)
    cfg = read_config(os.path.join(args.fixture, "config.json"))
    weights = read_safetensors(os.path.join(args.fixture, "model.safetensors"))
    params = {k: torch.tensor(np.array(v), dtype=dtype, requires_grad=True)
              for k, v in weights.items() if not k.endswith("resample_filter")}
    model = Teacher(torch, cfg, params)
    names = list(params)

    def inputs(name, *keys):
        data = read_safetensors(os.path.join(args.fixture, name + ".safetensors"))
        return [torch.tensor(np.array(data[k]), dtype=dtype) if k in data else None for k in keys]

    def param_grads(out):
        grads = torch.autograd.grad(out, [params[k] for k in names])
        return {"grad." + k: g.detach().numpy() for k, g in zip(names, grads)}

    x, sigma, labels = inputs("denoise", "x", "sigma", "class_labels")
    with torch.no_grad():
        d = model.denoise(x, sigma, labels)
    write_safetensors(os.path.join(args.out, "denoise.safetensors"), {"D": d.numpy()})

    cot, = inputs("grads", "cotangent")
    xg = x.clone().requires_grad_(True)
    out = (model.denoise(xg, sigma, labels) * cot).sum()
    grads = torch.autograd.grad(out, [xg] + [params[k] for k in names])
    result = {"grad.x": grads[0].numpy()}
    result.update({"grad." + k: g.numpy() for k, g in zip(names, grads[1:])})
    write_safetensors(os.path.join(args.out, "grads.safetensors"), result)

    images, labels, rnd_normal, noise = inputs("edmloss", "images", "class_labels", "rnd_normal", "noise")
    loss = model.edm_loss(images, labels, rnd_normal, noise)
    result = {"loss": loss.detach().reshape(1).numpy()}
    result.update(param_grads(loss))
    write_safetensors(os.path.join(args.out, "edmloss.safetensors"), result)


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


def current_rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def bench(torch, args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    cfg = read_config(args.config)
    params = {}
    for name, shape in parameter_shapes(cfg).items():
        fan_in = max(1, int(np.prod(shape[1:]))) if len(shape) > 1 else 1
        params[name] = ((torch.rand(shape) * 2 - 1) / math.sqrt(fan_in)).requires_grad_(True)
    model = Teacher(torch, cfg, params)
    b, c, r = args.batch, cfg["img_channels"], cfg["img_resolution"]
    labels = None
    if cfg["label_dim"]:
        labels = torch.nn.functional.one_hot(torch.randint(cfg["label_dim"], (b,)), cfg["label_dim"]).float()
    x = torch.randn(b, c, r, r)
    sigma = (torch.randn(b) * 1.2 - 1.2).exp()

    def forward():
        with torch.no_grad():
            model.denoise(x, sigma, labels)

    result = {"bench": "teacher", "impl": "torch", "torch": torch.__version__, "config": args.config,
              "threads": args.threads, "batch": b, "reps": args.reps,
              "resolution": r, "channels": c, "model_channels": cfg["model_channels"],
              "parameters": sum(int(p.numel()) for p in params.values())}
    model.training = False
    t = measure(forward, args.reps, args.warmup_ms)
    result.update({"forward_median_ms": statistics.median(t), "forward_min_ms": t[0],
                   "forward_images_per_s": b / statistics.median(t) * 1e3})
    if args.backward:
        rss_before = current_rss_mib()
        optimizer = torch.optim.Adam(params.values(), lr=1e-4)
        images = torch.rand(b, c, r, r) * 2 - 1
        model.training = True

        def step():
            optimizer.zero_grad(set_to_none=True)
            loss = model.edm_loss(images, labels, torch.randn(b, 1, 1, 1), torch.randn(b, c, r, r))
            loss.backward()
            optimizer.step()

        t = measure(step, args.reps, args.warmup_ms)
        result.update({"train_median_ms": statistics.median(t), "train_min_ms": t[0],
                       "train_images_per_s": b / statistics.median(t) * 1e3,
                       "rss_before_train_mib": rss_before})
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got '{text}'")
    return value


def main(argv):
    parser = argparse.ArgumentParser(prog="torch_teacher.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    conf = commands.add_parser("conformance", help="the outputs of ./pagoda conformance edm, from PyTorch")
    conf.add_argument("--fixture", required=True)
    conf.add_argument("--out", required=True)
    conf.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    b = commands.add_parser("bench", help="forward and training-step throughput")
    b.add_argument("--config", required=True)
    b.add_argument("--batch", type=positive_int, required=True)
    b.add_argument("--threads", type=positive_int, required=True)
    b.add_argument("--backward", action="store_true")
    b.add_argument("--reps", type=positive_int, default=10)
    b.add_argument("--warmup-ms", type=int, default=2000)
    args = parser.parse_args(argv)
    import torch
    if args.command == "conformance":
        torch.set_num_threads(1)
        conformance(torch, args)
    else:
        bench(torch, args)


if __name__ == "__main__":
    main(sys.argv[1:])
