#!/usr/bin/env bash
# Manifest decoding benchmark (YAML parse + decode + validate), default 10,000 pods in 100 namespaces + 500 policies.
# Usage: bench/api/run.sh [--namespaces N] [--pods-per-namespace N] [--policies-per-namespace N] [--rounds N]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
dotnet build "$here/Weft.Bench.Api/Weft.Bench.Api.csproj" -c Release --nologo -v q -clp:ErrorsOnly
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version); load: $(cut -d' ' -f1-3 /proc/loadavg); date: $(date -u +%Y-%m-%dT%H:%MZ)"
exec dotnet "$here/Weft.Bench.Api/bin/Release/net10.0/Weft.Bench.Api.dll" "$@"
