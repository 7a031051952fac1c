#!/usr/bin/env bash
# Cluster DNS throughput and latency on loopback: starts Weft's DNS server with a synthetic zone, then drives it
# with Weft's closed-loop load generator (latency percentiles) and, when installed, dnsperf (saturation qps).
#   bench/dns/run.sh [services=10000] [seconds=10] [port=15353]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
services="${1:-10000}"; seconds="${2:-10}"; port="${3:-15353}"
server="127.0.0.1:$port"
out="$root/.weft/bench/dns"
mkdir -p "$out"
dotnet build "$root/bench/dns/Weft.Dns.Bench" -c Release --nologo -v q -clp:ErrorsOnly
bin="$root/bench/dns/Weft.Dns.Bench/bin/Release/net10.0/Weft.Dns.Bench"

"$bin" serve --listen "$server" --services "$services" >"$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$out/server.log" && break; sleep 0.1; done
grep -q listening "$out/server.log" || { cat "$out/server.log" >&2; exit 1; }

echo "## $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
cat "$out/server.log"
for c in 1 16 64; do
  echo "### weft load generator, concurrency $c"
  "$bin" load --server "$server" --services "$services" --duration "$seconds" --concurrency "$c"
done

if command -v dnsperf >/dev/null; then
  "$bin" queries --services "$services" >"$out/queries.txt"
  echo "### dnsperf udp (-c 4 -q 100, EDNS)"
  dnsperf -s 127.0.0.1 -p "$port" -d "$out/queries.txt" -l "$seconds" -c 4 -q 100 -e -t 2 2>&1 \
    | grep -E 'Queries (sent|completed|lost)|Queries per second|Average Latency|Latency StdDev|Response codes'
  echo "### dnsperf tcp (-m tcp -c 8 -q 100)"
  dnsperf -m tcp -s 127.0.0.1 -p "$port" -d "$out/queries.txt" -l "$seconds" -c 8 -q 100 -t 2 2>&1 \
    | grep -E 'Queries (sent|completed|lost)|Queries per second|Average Latency|Latency StdDev|Response codes'
else
  echo "dnsperf not installed (scripts/install-deps.sh bench installs it); skipped"
fi
