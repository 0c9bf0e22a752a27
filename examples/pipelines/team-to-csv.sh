#!/usr/bin/env bash
# A team's answers (NDJSON) -> pmlevel's NDJSON results -> jq -> a CSV of
# name, level and the largest gap to the next level.
#
#   examples/pipelines/team-to-csv.sh [TEAM.ndjson] [PMLEVEL] > team.csv
#
# (`pmlevel assess --format csv` gives the scores directly; this shows how to
# pick other fields from the JSON contract.)
set -euo pipefail
team=${1:-examples/team.ndjson}
pmlevel=${2:-pmlevel}

echo "respondent,level,overall,biggest_gap,gap_points"
"$pmlevel" assess --answers "$team" --format ndjson |
  jq -r '[.respondent, .level.id, .overall,
          (.plan.gaps[0].target // ""), (.plan.gaps[0].impact // 0)] | @csv'
