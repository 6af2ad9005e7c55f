#!/usr/bin/env bash
# Runs every test in Release (the end-to-end tests train on the real data) and ends with the totals.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-dataset.sh || exit 1
log=$(mktemp)
dotnet test NetForge.slnx -c Release -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# dotnet test prints one summary line per test assembly: "Passed!  - Failed: 0, Passed: 19, ...".
passed=$(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Passed: +([0-9]+).*/\1/' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Failed: +([0-9]+),.*/\1/' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
