#!/usr/bin/env bash
# Local cluster benchmark (issue 3): time to `weft up` 100 pods on 2 nodes, and pod-to-pod TCP throughput and
# HTTP request/response latency across nodes, native routing vs VXLAN vs a plain veth pair (the floor).
# Everything runs inside network namespaces this script creates; it removes them on exit.
#   usage: sudo bench/local/run.sh [--pods N] [--seconds S]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
pods=100 seconds=5
while [ $# -gt 0 ]; do case "$1" in --pods) pods=$2; shift 2;; --seconds) seconds=$2; shift 2;; *) echo "unknown $1" >&2; exit 2;; esac; done
"$root/scripts/install-deps.sh" bench
W="$root/weft"
"$W" --help >/dev/null   # build once, outside the timings
export WEFT_STATE_ROOT; WEFT_STATE_ROOT=$(mktemp -d /tmp/weft-bench-XXXX)
work=$(mktemp -d /tmp/weft-bench-work-XXXX)
floor_a=wtbench-$$-a floor_b=wtbench-$$-b
serve_pid=""
cleanup() {
  for c in bup bnative bvxlan; do "$W" down --cluster "$c" >/dev/null 2>&1 || true; done
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null || true
  for ns in "$floor_a" "$floor_b"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$WEFT_STATE_ROOT" "$work"
}
trap cleanup EXIT
out="$work/results.md"

echo "## weft up: $pods pods on 2 nodes" | tee -a "$out"
cat > "$work/up.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: default}
spec:
  replicas: $pods
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers:
      - name: echo
        image: weft/echo
        ports: [{name: http, containerPort: 80}]
        readinessProbe: {tcpSocket: {port: http}, periodSeconds: 1}
YAML
start=$(date +%s.%N)
"$W" up -f "$work/up.yaml" --cluster bup --timeout 900 >"$work/up.log" 2>&1 || { tail -20 "$work/up.log"; exit 1; }
end=$(date +%s.%N)
ready=$("$W" get pods --cluster bup -o json | python3 -c 'import json,sys; print(sum(p["ready"] for p in json.load(sys.stdin)))')
elapsed=$(python3 -c "print(f'{$end-$start:.1f}')")
echo "| pods ready | seconds (create cluster + all pods ready) | pods/s |" | tee -a "$out"
echo "|---|---|---|" | tee -a "$out"
echo "| $ready/$pods | $elapsed | $(python3 -c "print(f'{$ready/($end-$start):.1f}')") |" | tee -a "$out"
"$W" down --cluster bup >/dev/null

pair() { # cluster routing → prints "throughput_gbps p50_ms p99_ms rps"
  local c=$1 routing=$2
  cat > "$work/pair.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: default}
spec:
  nodeName: node-2
  containers:
  - {name: iperf, command: [iperf3, -s]}
  - name: echo
    image: weft/echo
    ports: [{name: http, containerPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default}
spec:
  nodeName: node-1
  containers:
  - {name: idle, command: [sleep, infinity]}
YAML
  "$W" up -f "$work/pair.yaml" --cluster "$c" --routing "$routing" >/dev/null
  local ip; ip=$("$W" get pods --cluster "$c" -o json | python3 -c 'import json,sys; print([p["ip"] for p in json.load(sys.stdin) if p["name"]=="server"][0])')
  measure "$W exec client --cluster $c --" "$ip"
  "$W" down --cluster "$c" >/dev/null
}

measure() { # exec-prefix server-ip
  local run=$1 ip=$2
  sleep 1
  local gbps; gbps=$($run iperf3 -c "$ip" -t "$seconds" -J | python3 -c 'import json,sys; bps=json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]; print(f"{bps/1e9:.2f}")')
  local lat; lat=$($run wrk -t1 -c1 -d"${seconds}s" --latency "http://$ip:80/" | python3 -c '
import sys,re
t=sys.stdin.read()
def ms(v,u): return float(v)*{"us":0.001,"ms":1,"s":1000}[u]
p50=re.search(r"50%\s+([\d.]+)(us|ms|s)",t); p99=re.search(r"99%\s+([\d.]+)(us|ms|s)",t); rps=re.search(r"Requests/sec:\s+([\d.]+)",t)
print(f"{ms(*p50.groups()):.3f} {ms(*p99.groups()):.3f} {float(rps.group(1)):.0f}")')
  echo "$gbps $lat"
}

floor() {
  ip netns add "$floor_a"; ip netns add "$floor_b"
  ip -n "$floor_a" link add wtb0 type veth peer name wtb1 netns "$floor_b"
  ip -n "$floor_a" addr add 10.250.0.1/24 dev wtb0; ip -n "$floor_b" addr add 10.250.0.2/24 dev wtb1
  for ns in "$floor_a" "$floor_b"; do ip -n "$ns" link set lo up; done
  ip -n "$floor_a" link set wtb0 up; ip -n "$floor_b" link set wtb1 up
  ip netns exec "$floor_b" iperf3 -s -D
  WEFT_PORTS=http:80 ip netns exec "$floor_b" "$W" app serve >/dev/null 2>&1 & serve_pid=$!
  sleep 2
  measure "ip netns exec $floor_a" 10.250.0.2
}

echo | tee -a "$out"
echo "## Pod-to-pod across nodes (iperf3 ${seconds}s; wrk 1 connection ${seconds}s against weft app serve)" | tee -a "$out"
echo "| path | TCP throughput (Gbit/s) | HTTP p50 (ms) | HTTP p99 (ms) | requests/s |" | tee -a "$out"
echo "|---|---|---|---|---|" | tee -a "$out"
read -r g p50 p99 rps <<<"$(floor)"; echo "| plain veth pair (floor) | $g | $p50 | $p99 | $rps |" | tee -a "$out"
read -r g p50 p99 rps <<<"$(pair bnative native)"; echo "| weft native routing | $g | $p50 | $p99 | $rps |" | tee -a "$out"
read -r g p50 p99 rps <<<"$(pair bvxlan vxlan)"; echo "| weft VXLAN | $g | $p50 | $p99 | $rps |" | tee -a "$out"
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); $(date -u +%Y-%m-%d)"
cp "$out" "$root/bench/local/last-run.md"
