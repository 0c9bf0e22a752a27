#!/usr/bin/env bash
# Assess every answers file in a folder and fail if anyone is below a level.
#
#   examples/ci/gate.sh DIR MIN_LEVEL [PMLEVEL]
#
# Prints one NDJSON result per person (for the job log or an artifact) and a
# summary on stderr. Exit status: 0 when everyone is at MIN_LEVEL or above,
# 1 when someone is below it, 2 when an answers file is invalid.
set -euo pipefail
dir=${1:?usage: gate.sh DIR MIN_LEVEL [PMLEVEL]}
min_level=${2:?usage: gate.sh DIR MIN_LEVEL [PMLEVEL]}
pmlevel=${3:-pmlevel}

status=0
for file in "$dir"/*.json; do
  "$pmlevel" assess --answers "$file" --format ndjson --min-level "$min_level" || {
    code=$?
    # Keep the worst status: invalid input (2) outranks a failed gate (1).
    if [ "$code" -gt "$status" ]; then status=$code; fi
  }
done
exit "$status"
