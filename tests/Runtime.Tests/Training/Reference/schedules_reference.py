"""PyTorch reference values for the learning-rate schedule tests.

Writes schedules.json next to this script: for each scheduler configuration, the learning rate PyTorch's
scheduler sets for each of 30 epochs (read before the epoch's scheduler.step(), as a training loop that steps
the scheduler after each epoch uses it), with a base learning rate of 0.1. ReduceLROnPlateau is driven by
scripted validation curves, given with the rates.

Regenerate from the repository root with:

    python3 tests/Runtime.Tests/Training/Reference/schedules_reference.py

using a Python 3 that has PyTorch (the values here were produced with PyTorch 1.13 from Debian's
python3-torch package).
"""

import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCHS = 30
BASE = 0.1

SCHEDULES = [
    ("step", torch.optim.lr_scheduler.StepLR, {"step_size": 7, "gamma": 0.5}),
    ("step_default_gamma", torch.optim.lr_scheduler.StepLR, {"step_size": 3}),
    ("exponential", torch.optim.lr_scheduler.ExponentialLR, {"gamma": 0.9}),
    ("cosine", torch.optim.lr_scheduler.CosineAnnealingLR, {"T_max": 20, "eta_min": 0.001}),
    ("cosine_to_zero", torch.optim.lr_scheduler.CosineAnnealingLR, {"T_max": 30}),
    ("linear_warmup", torch.optim.lr_scheduler.LinearLR, {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 5}),
    ("linear_default", torch.optim.lr_scheduler.LinearLR, {}),
]

# Validation curves: improving, then stalling, then noisy, so that patience, threshold and cooldown all matter.
CURVES = {
    "loss": [1.0 - 0.05 * i for i in range(8)] + [0.6, 0.61, 0.6, 0.605, 0.59995, 0.6, 0.58, 0.59, 0.6, 0.6, 0.6,
                                                   0.57, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6],
    "accuracy": [0.5 + 0.03 * i for i in range(8)] + [0.71, 0.71, 0.7, 0.72, 0.72, 0.72, 0.72, 0.73, 0.72, 0.72, 0.72,
                                                       0.72, 0.72, 0.72, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75],
}

PLATEAUS = [
    ("plateau_defaults_short_patience", "loss", {"patience": 2}),
    ("plateau_min_rel", "loss", {"mode": "min", "factor": 0.5, "patience": 3, "threshold": 0.01}),
    ("plateau_min_abs_cooldown", "loss", {"mode": "min", "factor": 0.2, "patience": 1, "threshold": 0.005,
                                          "threshold_mode": "abs", "cooldown": 2, "min_lr": 0.002}),
    ("plateau_max", "accuracy", {"mode": "max", "factor": 0.5, "patience": 2, "threshold": 0.0}),
]


def optimizer():
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=BASE)


def main():
    schedules = {}
    for name, kind, arguments in SCHEDULES:
        opt = optimizer()
        scheduler = kind(opt, **arguments)
        rates = []
        for _ in range(EPOCHS):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step()
        schedules[name] = {"arguments": arguments, "rates": rates}

    plateaus = {}
    for name, curve, arguments in PLATEAUS:
        opt = optimizer()
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **arguments)
        rates = []
        for value in CURVES[curve]:
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step(value)
        plateaus[name] = {"arguments": arguments, "curve": curve, "rates": rates}

    path = os.path.join(HERE, "schedules.json")
    with open(path, "w") as f:
        json.dump({"base": BASE, "schedules": schedules, "curves": CURVES, "plateaus": plateaus}, f, indent=1)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
