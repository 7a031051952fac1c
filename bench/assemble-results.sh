#!/usr/bin/env bash
# Rebuilds bench/RESULTS.md from bench/results-header.md and every bench/<area>/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")"
{
  cat results-header.md
  for area in policy api cni local services dns flows policy-datapath mesh apps; do
    for file in "$area"/RESULTS.md "$area"/RESULTS-*.md; do
      [ -f "$file" ] || continue
      echo
      echo "---"
      echo
      # Demote the area's headings one level under this file's title.
      sed 's/^# /## /; t; s/^## /### /; t; s/^### /#### /' "$file"
    done
  done
} > RESULTS.md
echo "wrote bench/RESULTS.md"
