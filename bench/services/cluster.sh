#!/usr/bin/env bash
# Services inside a real local cluster (issue 4): request latency and new-connection rate from a pod on node-1 to
# an echo pod on node-2, straight to the pod IP and through the service's ClusterIP, and DNS lookups from the pod.
# Needs root; builds its own cluster (weft-wtbench-*) and removes it at the end, even on failure.
#
#   bench/services/cluster.sh                 3 rounds of 8 s per measurement
#   ROUNDS=1 DURATION=5 bench/services/cluster.sh
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-8}"
CLUSTER="${CLUSTER:-wtbench}"
[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; exit 2; }
weft() { "$root/weft" "$1" --cluster "$CLUSTER" "${@:2}"; }  # the option before any "--"
manifest="$(mktemp /tmp/wtbench.XXXXXX.yaml)"
trap 'weft down >/dev/null 2>&1 || true; rm -f "$manifest"' EXIT

cat > "$manifest" <<'YAML'
apiVersion: v1
kind: Namespace
metadata: {name: bench}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: bench, labels: {app: web}}
spec:
  nodeName: node-2
  containers:
  - {name: echo, image: weft/echo, ports: [{name: http, containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: bench}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: bench}
spec:
  nodeName: node-1
  containers:
  - {name: main, command: ["sleep"], args: ["86400"]}
YAML

weft up -f "$manifest" >/dev/null
pod_ip="$(weft get pods -n bench -o wide | awk '$1=="web"{print $6}')"
svc_ip="$(weft get svc -n bench | awk '$1=="web"{print $3}')"
echo "pod $pod_ip (node-2), ClusterIP $svc_ip, client on node-1; $ROUNDS rounds x ${DURATION}s"
# Wait until the datapath answers through the ClusterIP.
for _ in $(seq 50); do weft exec client -n bench -- curl -s --max-time 1 "http://$svc_ip/" >/dev/null && break; sleep 0.2; done

measure() { # label target extra-wrk-args...
  local label="$1" target="$2"; shift 2
  for round in $(seq "$ROUNDS"); do
    weft exec client -n bench -- wrk -t1 -c8 -d"${DURATION}s" --latency "$@" "http://$target/" \
      | awk -v l="$label" -v r="$round" '/Requests\/sec/{rps=$2} /^ +50%/{p50=$2} /^ +99%/{p99=$2} /Socket errors/{sub(/^ +/, ""); err="  (" $0 ")"} END{printf "%-28s round %d  %10s req/s  p50 %8s  p99 %8s%s\n", l, r, rps, p50, p99, err}'
  done
}
echo "== keep-alive requests (8 connections)"
measure "pod IP" "$pod_ip"
measure "ClusterIP" "$svc_ip"
echo "== new connection per request (Connection: close)"
measure "pod IP, new connections" "$pod_ip" -H "Connection: close"
measure "ClusterIP, new connections" "$svc_ip" -H "Connection: close"

echo "== DNS: 2000 sequential A lookups of web.bench.svc.cluster.local from the pod (one dig process, +tries=1)"
names="$(mktemp /tmp/wtbench-names.XXXXXX)"
for _ in $(seq 2000); do echo "web.bench.svc.cluster.local A"; done > "$names"
start=$(date +%s.%N)
weft exec client -n bench -- dig @10.96.0.10 +tries=1 +time=1 +noall +answer -f "$names" | awk '$4=="A"{n++} END{print "answers:", n+0}'
end=$(date +%s.%N)
rm -f "$names"
awk -v s="$start" -v e="$end" 'BEGIN{printf "%.0f lookups/s (including one dig process start)\n", 2000/(e-s)}'
