"""PyTorch reference values for the optimizer tests.

Writes optimizers.json next to this script: for each optimizer configuration, the PyTorch constructor's
arguments, two initial parameters (a [3, 7] weight and a [5] bias), ten steps of fixed gradients, and the
parameters after every step. The gradients are the same for every configuration. It also records what
torch.nn.utils.clip_grad_norm_ does to two sets of gradients (one above the limit, one below).

Every tensor is written as {"shape": [...], "data": [flat row-major floats]} with full float32 precision.

Regenerate from the repository root with:

    python3 tests/Runtime.Tests/Training/Reference/optimizers_reference.py

using a Python 3 that has PyTorch (the values here were produced with PyTorch 1.13 from Debian's
python3-torch package).
"""

import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 10

CONFIGURATIONS = [
    ("sgd", torch.optim.SGD, {"lr": 0.1}),
    ("sgd_momentum", torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov", torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("sgd_weight_decay", torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}),
    ("adam", torch.optim.Adam, {"lr": 0.01}),
    ("adam_defaults", torch.optim.Adam, {}),
    ("adam_weight_decay", torch.optim.Adam, {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("adamw", torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.1}),
    ("adamw_defaults", torch.optim.AdamW, {}),
    ("rmsprop", torch.optim.RMSprop, {}),
    ("rmsprop_momentum_weight_decay", torch.optim.RMSprop, {"lr": 0.005, "alpha": 0.9, "eps": 1e-6, "momentum": 0.5, "weight_decay": 0.01}),
    ("adagrad", torch.optim.Adagrad, {}),
    ("adagrad_decay_weight_decay", torch.optim.Adagrad, {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "eps": 1e-8}),
]


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def main():
    torch.set_num_threads(1)
    generator = torch.Generator().manual_seed(20261201)
    initial = [torch.randn(3, 7, generator=generator), torch.randn(5, generator=generator)]
    # Gradients of varied size and sign, some near zero, as training gives them.
    gradients = [[torch.randn(p.shape, generator=generator) * (0.1 + step / 4) for p in initial] for step in range(STEPS)]

    optimizers = {}
    for name, kind, arguments in CONFIGURATIONS:
        parameters = [p.clone().requires_grad_(True) for p in initial]
        optimizer = kind(parameters, **arguments)
        after = []
        for step in range(STEPS):
            for p, g in zip(parameters, gradients[step]):
                p.grad = g.clone()
            optimizer.step()
            after.append([tensor_json(p) for p in parameters])
        optimizers[name] = {
            "arguments": {k: (list(v) if isinstance(v, tuple) else v) for k, v in arguments.items()},
            "after": after,
        }

    clipping = []
    for scale, max_norm in ((3.0, 1.0), (0.01, 1.0)):
        grads = [g * scale for g in gradients[0]]
        parameters = [p.clone().requires_grad_(True) for p in initial]
        for p, g in zip(parameters, grads):
            p.grad = g.clone()
        norm = torch.nn.utils.clip_grad_norm_(parameters, max_norm)
        clipping.append({
            "max_norm": max_norm,
            "gradients": [tensor_json(g) for g in grads],
            "norm": float(norm),
            "clipped": [tensor_json(p.grad) for p in parameters],
        })

    path = os.path.join(HERE, "optimizers.json")
    with open(path, "w") as f:
        json.dump({
            "initial": [tensor_json(p) for p in initial],
            "gradients": [[tensor_json(g) for g in step] for step in gradients],
            "optimizers": optimizers,
            "clipping": clipping,
        }, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
