#!/usr/bin/env bash
# Flow pipeline benchmark: in-process ingest rate of enricher + ring store, then NFLOG and conntrack reading rates
# in a pair of network namespaces this script creates (wtflow-bench-*), flooded with short UDP datagrams.
# Needs root for the namespace part. Usage: bench/flows/run.sh [events]   (default 200000 kernel events)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
events="${1:-200000}"
dotnet build bench/flows/FlowBench -c Release --nologo -v q -clp:ErrorsOnly >&2
bench=(dotnet "$root/bench/flows/FlowBench/bin/Release/net10.0/FlowBench.dll")

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "## in process"
"${bench[@]}" ingest 2000000 65536

if [ "$(id -u)" != 0 ]; then echo "## kernel readers skipped: needs root" >&2; exit 0; fi
id="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
a="wtflow-bench-$id-a"; b="wtflow-bench-$id-b"
work="$(mktemp -d)"
cleanup() { ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add "wtfb${id}a" netns "$a" type veth peer name "wtfb${id}b" netns "$b"
ip -n "$a" addr add 10.250.0.1/24 dev "wtfb${id}a"; ip -n "$b" addr add 10.250.0.2/24 dev "wtfb${id}b"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "wtfb${id}a" up; ip -n "$b" link set "wtfb${id}b" up
ip netns exec "$b" nft -f - <<NFT
table inet wtflow {
    chain input {
        type filter hook input priority 0; policy accept;
        ct state established,related accept
        udp dport 9001 log prefix "weft:D:9" group 9 drop
        udp dport 10000-60000 accept
    }
}
NFT

# run_pair READER-ARGS -- SENDER-ARGS: start the reader in the background, send once it is subscribed.
run_pair() {
  local out="$work/reader.out" reader_args=() ; : > "$out"
  while [ "$1" != "--" ]; do reader_args+=("$1"); shift; done; shift
  "${bench[@]}" "${reader_args[@]}" > "$out" &
  local reader=$!
  for _ in $(seq 1 100); do grep -q ready "$out" && break; sleep 0.1; done
  ip netns exec "$a" "${bench[@]}" "$@"
  wait "$reader"
  grep -v ready "$out"
}

echo "## NFLOG: $events datagrams to a 'log group 9 drop' rule, one flow"
run_pair read-nflog "$b" 9 "$events" 30 -- send-udp 10.250.0.2 9001 1 "$events"
echo "## conntrack: $events new UDP flows (distinct destination ports)"
ct_events=$(( events < 50000 ? events : 50000 ))
run_pair read-conntrack "$b" "$ct_events" 30 -- send-udp 10.250.0.2 10000 "$ct_events" "$ct_events"
