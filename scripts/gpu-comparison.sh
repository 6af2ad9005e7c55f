#!/usr/bin/env bash
# NetForge and PyTorch side by side on one GPU, at batch 64 and 1024, for the README's GPU figures.
#
#   scripts/gpu-comparison.sh pack [ARCHIVE]   on a machine with the .NET SDK: publishes the benchmark self-contained
#                                              for linux-x64 and packs it with Fashion-MNIST and the PyTorch script
#                                              (default archive: artifacts/gpu-comparison.tar.xz)
#   scripts/gpu-comparison.sh run              on the GPU machine, in the unpacked archive: needs only the NVIDIA
#                                              driver for NetForge, and PyTorch with CUDA for the comparison
set -euo pipefail

case "${1:-}" in
pack)
    root="$(cd "$(dirname "$0")/.." && pwd)"
    archive="$(realpath -m "${2:-$root/artifacts/gpu-comparison.tar.xz}")"
    stage="$(mktemp -d)"
    trap 'rm -rf "$stage"' EXIT
    dotnet publish "$root/bench/Benchmark" -c Release -r linux-x64 --self-contained -o "$stage/benchmark" -p:DebugType=none >/dev/null
    mkdir -p "$stage/data" "$(dirname "$archive")"
    "$root/scripts/ensure-dataset.sh" >/dev/null
    cp /usr/share/datasets/fashion-mnist/*-ubyte.gz "$stage/data/"
    cp "$root/bench/pytorch/fashion_mnist_cuda.py" "$root/scripts/gpu-comparison.sh" "$stage/"
    # xz: the self-contained runtime and the data come to some 58 MB.
    tar -C "$stage" -cJf "$archive" .
    echo "$archive"
    ;;
run)
    here="$(cd "$(dirname "$0")" && pwd)"
    date -u +"date: %Y-%m-%dT%H:%MZ"
    for batch in 64 1024; do
        "$here/benchmark/Benchmark" --device gpu --batch "$batch" --epochs 2 --data "$here/data"
        python3 "$here/fashion_mnist_cuda.py" --batch "$batch" --epochs 2 --data "$here/data"
    done
    ;;
*)
    sed -n '2,9p' "$0" >&2
    exit 2
    ;;
esac
