#!/usr/bin/env bash
# Draws the pictures of the README (docs/images) from real runs: LeNet-5 trained on Fashion-MNIST by the netforge
# command, then every picture of it the command draws, and the spiral example's two classifiers side by side, trained
# by the example and drawn by the command.
# Usage: scripts/pictures.sh [EPOCHS] (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-dataset.sh
epochs=${1:-10}
out=docs/images
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build src/Cli -c Release -nologo -v quiet -o "$work/cli" >/dev/null
netforge() { dotnet "$work/cli/netforge.dll" "$@"; }
model=examples/FashionMnist/models/lenet5.net
weights="$work/lenet5.safetensors"
netforge train "$model" --epochs "$epochs" --out "$weights" --log "$work/lenet5.csv"
netforge plot curves "$work/lenet5.csv" --out "$out/curves.png"
netforge plot confusion "$model" --weights "$weights" --out "$out/confusion.png"
netforge plot filters "$model" --weights "$weights" --out "$out/filters.png"
netforge plot occlusion "$model" --weights "$weights" --test-image 2 --out "$out/occlusion.png"
netforge plot patches "$model" --weights "$weights" --layer relu2 --channel 3 --out "$out/patches.png"
dotnet run --project examples/Spiral -c Release -- --save "$work"
netforge plot boundary examples/Spiral/spiral.net --points "$work/spiral.csv" \
    --panel LinearClassifier="$work/LinearClassifier.safetensors" --panel SpiralNet="$work/SpiralNet.safetensors" --out "$out/spiral.png"
