#!/usr/bin/env bash
# Apply-to-enforcement latency of the policy datapath (issue 5): one policy change → committed on every node.
# Needs root; touches only namespaces it creates (wtpdp-apply-<pid>-n1..4).
#
#   bench/policy-datapath/apply-latency.sh                 1000 pods over 4 nodes, 60 changes (3 more as JIT warm-up)
#   PODS=200 CHANGES=20 bench/policy-datapath/apply-latency.sh
#   NFT=process bench/policy-datapath/apply-latency.sh   the `ip netns exec … nft -f -` fallback instead of libnftables
#
# What is real (see Weft.Bench.PolicyDatapath/ApplyLatency.cs): manifest parsing, the daemon's snapshot compile,
# four NodeAgents (service + policy datapaths) each planning its pods and committing through libnftables in its own
# node namespace, one real host-side veth per pod in its node's namespace. Not included: starting the weft CLI, the
# HTTP call to the daemon (a single change after a quiet spell is compiled at once; bursts coalesce over 50 ms);
# pods have no netns or processes of their own.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
PODS="${PODS:-1000}"
CHANGES="${CHANGES:-60}"
prefix="wtpdp-apply-$$"
work="$(mktemp -d /tmp/wtpdp-apply.XXXXXX)"

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 2; }

cleanup() {
  for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix-" || true); do ip netns del "$ns"; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$root/bench/policy-datapath/Weft.Bench.PolicyDatapath" -c Release -v q -clp:ErrorsOnly --nologo >&2
start=$(date +%s.%N)
for n in 1 2 3 4; do ip netns add "$prefix-n$n"; ip -n "$prefix-n$n" link set lo up; : >"$work/veth-$n"; done
for i in $(seq 0 $((PODS - 1))); do
  echo "link add wb$i type veth peer name wc$i" >>"$work/veth-$(( i % 4 + 1 ))"
done
for n in 1 2 3 4; do ip -n "$prefix-n$n" -batch "$work/veth-$n"; done
echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), $(nft --version)"
echo "# date: $(date -u +%FT%TZ); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# 4 node namespaces with $PODS host veths created in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
dotnet "$root/bench/policy-datapath/Weft.Bench.PolicyDatapath/bin/Release/net10.0/Weft.Bench.PolicyDatapath.dll" apply "$prefix" "$PODS" "$CHANGES"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1 2 3 4; do
  echo "# node $n: $(ip netns exec "$prefix-n$n" nft list table inet weft-policy | grep -c ' : ') nft elements"
done
