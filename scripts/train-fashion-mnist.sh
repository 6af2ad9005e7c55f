#!/usr/bin/env bash
# The main job: makes sure the data is there, builds in Release, and trains the Fashion-MNIST MLP and LeNet-5
# (declared in a .net file and with attributes), printing the test accuracy. Arguments go to the example,
# e.g. --epochs 10. Each network's trained weights go to artifacts/weights; LeNet-5's become the weights that the
# Models library compiles in (examples/Models/lenet5.safetensors).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-dataset.sh
dotnet build examples/FashionMnist -c Release -nologo -v quiet
dotnet examples/FashionMnist/bin/Release/net10.0/FashionMnist.dll --save artifacts/weights "$@"
if [ -f artifacts/weights/lenet5.safetensors ]; then
    cp artifacts/weights/lenet5.safetensors examples/Models/lenet5.safetensors
fi
