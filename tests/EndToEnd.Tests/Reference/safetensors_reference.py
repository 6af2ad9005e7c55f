"""PyTorch reference files for the safetensors tests.

Writes, next to this script:

  sequential.safetensors  the state dict of the nn.Sequential that batchnorm_reference.py builds for the
                          ReferenceInference network (keys "0.weight", "1.running_mean", ...,
                          "1.num_batches_tracked"), all F32, as PyTorch saves it.
  mixed_dtypes.safetensors the same state dict with some tensors stored as F64, F16 and BF16.
  sequential.json         an input batch, the logits PyTorch computes in eval mode, and the float32
                          values of every tensor of mixed_dtypes.safetensors (what F64, F16 and BF16
                          become when widened or rounded to float32).

and, when tests/EndToEnd.Tests/Reference/netforge_written.safetensors exists (the weights file that
NetForge writes for ReferenceInference, pinned by the tests), loads it into the same nn.Sequential and writes

  netforge_written.json   the metadata PyTorch read from it and the logits of the same input batch.

The files are read and written with the safetensors package (safetensors.torch) when it can be imported.
Without it, the script uses the few lines of the format below, which follow the format's reference
implementation: an 8-byte little-endian header length, a JSON header padded with spaces to a multiple of
8 bytes, tensors ordered by dtype and then by name.

Regenerate from the repository root with:

    python3 tests/EndToEnd.Tests/Reference/safetensors_reference.py

using a Python 3 that has PyTorch (the files here were produced with PyTorch 1.13 from Debian's
python3-torch package).
"""

import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batchnorm_reference import HERE, build, randomize_batchnorm, tensor_json, write  # noqa: E402

try:
    from safetensors.torch import load_file as package_load, save_file as package_save
    from safetensors import safe_open
    READER = "safetensors " + __import__("safetensors").__version__
except ImportError:
    package_load = package_save = safe_open = None
    READER = "the script's own reader"

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64"}
SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8}
ORDER = ["I64", "F64", "F32", "BF16", "F16"]  # the reference writer's order: its dtype enumeration, descending


def save(tensors, path, metadata=None):
    if package_save is not None:
        package_save(tensors, path, metadata=metadata)
        return
    items = sorted(tensors.items(), key=lambda kv: (ORDER.index(DTYPES[kv[1].dtype]), kv[0]))
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, t in items:
        t = t.detach().contiguous()
        raw = t.view(torch.int16).numpy().tobytes() if t.dtype == torch.bfloat16 else t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load(path):
    if package_load is not None:
        with safe_open(path, framework="pt") as f:
            return package_load(path), f.metadata()
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", None)
    body = data[8 + n:]
    types = {v: k for k, v in DTYPES.items()}
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = types[info["dtype"]]
        count = 1
        for extent in info["shape"]:
            count *= extent
        assert end - begin == SIZES[info["dtype"]] * count
        if dtype == torch.bfloat16:
            t = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype)
        tensors[name] = t.reshape(info["shape"])
    assert sum(i["data_offsets"][1] - i["data_offsets"][0] for i in header.values()) == len(body)
    return tensors, metadata


def main():
    torch.set_num_threads(1)
    torch.manual_seed(4321)
    model, names = build(with_dropout=True, bn1_momentum=0.1)
    randomize_batchnorm(model, running_stats=True)
    model.eval()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    save(state, os.path.join(HERE, "sequential.safetensors"))

    stored = {"0.weight": torch.float64, "0.bias": torch.float16, "1.weight": torch.bfloat16, "5.weight": torch.float16,
              "6.running_var": torch.float64, "9.weight": torch.bfloat16}
    mixed = {k: (v.to(stored[k]) if k in stored else v) for k, v in state.items()}
    save(mixed, os.path.join(HERE, "mixed_dtypes.safetensors"))

    x = torch.randn(5, 2, 6, 6)
    with torch.no_grad():
        y = model(x)
    widened = {k: tensor_json(v.to(torch.float32)) for k, v in mixed.items() if v.is_floating_point()}
    write("sequential.json", {"input": tensor_json(x), "output": tensor_json(y), "mixed_dtypes": widened,
                              "names": names})

    written = os.path.join(HERE, "netforge_written.safetensors")
    if os.path.exists(written):
        tensors, metadata = load(written)
        index = {layer: i for i, layer in names.items()}
        renamed = {index[k.split(".")[0]] + "." + k.split(".", 1)[1]: v for k, v in tensors.items()}
        missing, unexpected = model.load_state_dict(renamed, strict=False)
        assert not unexpected, unexpected
        assert all(k.endswith("num_batches_tracked") for k in missing), missing
        with torch.no_grad():
            y = model(x)
        write("netforge_written.json", {"reader": READER, "metadata": metadata,
                                        "tensors": sorted(tensors), "output": tensor_json(y)})


if __name__ == "__main__":
    main()
