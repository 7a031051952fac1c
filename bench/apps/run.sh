#!/usr/bin/env bash
# bench/apps: start-up time and memory of the echo app (raw sockets vs Kestrel), and start-up of weft app probe.
# Usage: bench/apps/run.sh [RUNS]   (needs wrk and hyperfine: scripts/install-deps.sh bench)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
runs="${1:-10}"
out="$root/.weft/bench-apps"
dotnet build "$root/src/Weft.Cli/Weft.Cli.csproj" -c Release -o "$out/weft" --nologo -v q -clp:ErrorsOnly
dotnet build "$root/bench/apps/KestrelEcho/KestrelEcho.csproj" -c Release -o "$out/kestrel" --nologo -v q -clp:ErrorsOnly
echo "## Echo server start-up and memory ($runs runs each)"
python3 "$root/bench/apps/measure.py" "$runs" "$out/weft/weft.dll" "$out/kestrel/KestrelEcho.dll"
echo
echo "## weft app probe (one process per probe) vs probe-many"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$out/weft/weft.dll" app serve --tcp "$port" --udp "$port" >/dev/null & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
hyperfine -N --warmup 3 --runs "$((runs * 3))" --export-markdown "$out/probe.md" \
  "dotnet $out/weft/weft.dll app probe tcp 127.0.0.1:$port" \
  "dotnet $out/weft/weft.dll app probe udp 127.0.0.1:$port" >/dev/null
cat "$out/probe.md"
python3 - "$port" > "$out/targets.json" <<'PY'
import json, sys
port = sys.argv[1]
print(json.dumps([{"id": f"{p}-{i}", "protocol": p, "target": f"127.0.0.1:{port}"} for i in range(81) for p in ("tcp", "udp")]))
PY
hyperfine -N --warmup 2 --runs "$runs" --export-markdown "$out/many.md" \
  "dotnet $out/weft/weft.dll app probe-many --targets $out/targets.json" >/dev/null
echo
echo "probe-many with 162 targets (81 TCP + 81 UDP):"
cat "$out/many.md"
