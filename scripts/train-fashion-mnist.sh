#!/usr/bin/env bash
# The main job: makes sure the data is there, builds in Release, and trains the Fashion-MNIST MLP
# (declared in a .net file and with attributes), printing the test accuracy. Arguments go to the example,
# e.g. --epochs 10.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-dataset.sh
dotnet build examples/FashionMnist -c Release -nologo -v quiet
dotnet examples/FashionMnist/bin/Release/net10.0/FashionMnist.dll "$@"
