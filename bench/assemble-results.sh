#!/usr/bin/env bash
# Rebuilds bench/RESULTS.md from bench/results-header.md and every bench/<area>/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")"
{
  cat results-header.md
  for area in policy api cni local services dns flows policy-datapath mesh apps; do
    [ -f "$area/RESULTS.md" ] || continue
    echo
    echo "---"
    echo
    # Demote the area's headings one level under this file's title.
    sed 's/^# /## /; t; s/^## /### /; t; s/^### /#### /' "$area/RESULTS.md"
  done
} > RESULTS.md
echo "wrote bench/RESULTS.md"
