"""PyTorch reference values for the batch-norm end-to-end tests.

Produces two JSON files next to this script:

  inference.json  conv2d -> batchnorm -> relu -> maxpool -> flatten -> dense
                  -> batchnorm(epsilon: 0.001) -> dropout -> maxout -> dense,
                  evaluated in eval mode: parameters, batch-norm running
                  statistics, an input batch and the resulting logits.
  training.json   the same network without dropout and with the first batch
                  norm using momentum 0.8 (NetForge/Keras convention, i.e.
                  PyTorch momentum 0.2), trained for 20 plain SGD steps with
                  cross-entropy loss: initial parameters, the batches, the
                  per-step losses, and the parameters and running statistics
                  after training.

Every tensor is written as {"shape": [...], "data": [flat row-major floats]}
with full float32 precision. Keys use the NetForge tensor names (conv1,
batchnorm1, dense1, batchnorm2, dense2).

Regenerate from the repository root with:

    python3 tests/EndToEnd.Tests/Reference/batchnorm_reference.py

using a Python 3 that has PyTorch installed (the values here were produced
with PyTorch 1.13 from Debian's python3-torch package).
"""

import json
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class Maxout(nn.Module):
    """Max over consecutive groups of `pieces` features."""

    def __init__(self, pieces):
        super().__init__()
        self.pieces = pieces

    def forward(self, x):
        n, f = x.shape
        return x.view(n, f // self.pieces, self.pieces).max(-1).values


def tensor_json(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def build(with_dropout, bn1_momentum):
    layers = [
        ("conv1", nn.Conv2d(2, 4, 3, padding=1)),
        ("batchnorm1", nn.BatchNorm2d(4, eps=1e-5, momentum=bn1_momentum)),
        ("relu", nn.ReLU()),
        ("maxpool", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()),
        ("dense1", nn.Linear(36, 12)),
        ("batchnorm2", nn.BatchNorm1d(12, eps=1e-3, momentum=0.1)),
    ]
    if with_dropout:
        layers.append(("dropout", nn.Dropout(0.5)))
    layers += [
        ("maxout", Maxout(3)),
        ("dense2", nn.Linear(4, 3)),
    ]
    # Explicit mapping from PyTorch module name to NetForge layer name.
    return nn.Sequential(*[m for _, m in layers]), {str(i): name for i, (name, _) in enumerate(layers)}


def randomize_batchnorm(model, running_stats):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.copy_(torch.randn_like(m.bias) * 0.2)
                if running_stats:
                    m.running_mean.copy_(torch.randn_like(m.running_mean) * 0.3)
                    m.running_var.uniform_(0.5, 2.0)


def netforge_name(torch_key, names):
    index, field = torch_key.split(".", 1)
    return names[index] + "." + field


def parameters_json(model, names):
    return {netforge_name(k, names): tensor_json(p) for k, p in model.named_parameters()}


def state_json(model, names):
    out = {}
    for k, b in model.named_buffers():
        if k.endswith("running_mean") or k.endswith("running_var"):
            out[netforge_name(k, names)] = tensor_json(b)
    return out


def write(filename, obj):
    path = os.path.join(HERE, filename)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def inference():
    torch.manual_seed(1234)
    model, names = build(with_dropout=True, bn1_momentum=0.1)
    randomize_batchnorm(model, running_stats=True)
    x = torch.randn(5, 2, 6, 6)

    model.eval()
    with torch.no_grad():
        y = model(x)
        y2 = model(x)
        assert torch.equal(y, y2), "eval mode must be deterministic"
    # Taken before the train-mode check below, whose forward updates the running statistics.
    reference = {
        "parameters": parameters_json(model, names),
        "state": state_json(model, names),
        "input": tensor_json(x),
        "output": tensor_json(y),
    }
    with torch.no_grad():
        model.train()
        y_train = model(x)
        assert not torch.allclose(y, y_train), "train mode should differ from eval mode"
    print(f"inference: max |output| = {y.abs().max().item():.6f}")

    write("inference.json", reference)


def training():
    torch.manual_seed(5678)
    # NetForge momentum 0.8 (Keras style) == PyTorch momentum 0.2.
    model, names = build(with_dropout=False, bn1_momentum=0.2)
    randomize_batchnorm(model, running_stats=False)
    initial = parameters_json(model, names)

    steps, batch = 20, 8
    inputs = torch.randn(steps, batch, 2, 6, 6)
    labels = torch.randint(0, 3, (steps, batch))

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    losses = []
    for s in range(steps):
        optimizer.zero_grad()
        loss = loss_fn(model(inputs[s]), labels[s])
        loss.backward()
        optimizer.step()
        losses.append(float(loss.item()))
    print("training losses:", ", ".join(f"{v:.6f}" for v in losses))

    write("training.json", {
        "initial_parameters": initial,
        "inputs": tensor_json(inputs),
        "labels": [[int(v) for v in row] for row in labels.tolist()],
        "losses": losses,
        "parameters": parameters_json(model, names),
        "state": state_json(model, names),
    })


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float32)
    inference()
    training()


if __name__ == "__main__":
    main()
