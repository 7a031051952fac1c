#!/usr/bin/env bash
# Policy engine benchmark: 50,000 pods / 1,000 namespaces / 5,000 NetworkPolicies / 100 ANPs.
# Usage: bench/policy/run.sh [--namespaces N] [--pods-per-namespace N] [--policies-per-namespace N] [--admin-policies N] [--verdicts N]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
dotnet build "$here/Weft.Bench.Policy/Weft.Bench.Policy.csproj" -c Release --nologo -v q -clp:ErrorsOnly
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), .NET $(dotnet --version); date: $(date -u +%Y-%m-%dT%H:%MZ)"
exec dotnet "$here/Weft.Bench.Policy/bin/Release/net10.0/Weft.Bench.Policy.dll" "$@"
