"""The benchmark's two networks and protocol in PyTorch, on CUDA, for comparison with `Benchmark --device gpu`.

Trains the MLP and LeNet-5 on Fashion-MNIST (docs: shared benchmark protocol) with Adam 1e-3, the training set on
the device, reshuffled there every epoch, the last partial batch dropped, and prints one line per network and mode
in the benchmark's key=value shape:

    pytorch-eager mlp-784-256-128-10: epoch_s=... test_acc=... batch=64 epochs=1 device="..."

Modes: eager, and torch.compile with mode="reduce-overhead" (CUDA graphs), whose compilation and capture run in a
warm-up of five steps before the timed epochs (both modes take it). Usage:

    python3 fashion_mnist_cuda.py [--batch 64] [--epochs 1] [--modes eager,compile] [--networks mlp,lenet5]
                                  [--device cuda] [--data /usr/share/datasets/fashion-mnist]
"""

import argparse
import gzip
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data, split, device):
    images = idx(f"{data}/{split}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = idx(f"{data}/{split}-labels-idx1-ubyte.gz").astype(np.int64)
    x = torch.from_numpy((images - MEAN) / STD).unsqueeze(1)
    return x.to(device), torch.from_numpy(labels).to(device)


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def run(name, make, mode, train, test, batch, epochs, device):
    torch.manual_seed(0)
    model = make().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step(x, y):
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    if mode == "compile":
        step = torch.compile(step, mode="reduce-overhead")

    x_train, y_train = train
    steps = x_train.shape[0] // batch
    generator = torch.Generator(device=device)
    generator.manual_seed(0)

    # Warm-up: compilation and graph capture are not part of an epoch. Its five steps train the model a little more
    # than the epochs do; resetting the weights or the optimizer afterwards would make the compiled graphs record again.
    for i in range(5):
        step(x_train[i * batch:(i + 1) * batch], y_train[i * batch:(i + 1) * batch])
    sync(device)

    times = []
    for _ in range(epochs):
        order = torch.randperm(x_train.shape[0], device=device, generator=generator)
        sync(device)
        start = time.perf_counter()
        for b in range(steps):
            index = order[b * batch:(b + 1) * batch]
            step(x_train[index], y_train[index])
        sync(device)
        times.append(time.perf_counter() - start)

    model.eval()
    with torch.no_grad():
        x_test, y_test = test
        correct = sum((model(x_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item() for i in range(0, x_test.shape[0], 1000))
    accuracy = correct / x_test.shape[0]
    label = device_name(device)
    print(f"pytorch-{mode} {name}: epoch_s={sum(times) / len(times):.2f} test_acc={accuracy:.4f} batch={batch} epochs={epochs} "
          f"device=\"{label}\" torch={torch.__version__}", flush=True)


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def device_name(device):
    return torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--modes", default="eager,compile")
    parser.add_argument("--networks", default="mlp,lenet5")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--data", default=DATA)
    args = parser.parse_args()
    device = torch.device(args.device)
    train, test = load(args.data, "train", device), load(args.data, "t10k", device)
    networks = {"mlp": ("mlp-784-256-128-10", mlp), "lenet5": ("lenet5", lenet5)}
    for mode in args.modes.split(","):
        for key in args.networks.split(","):
            name, make = networks[key]
            run(name, make, mode, train, test, args.batch, args.epochs, device)


if __name__ == "__main__":
    main()
