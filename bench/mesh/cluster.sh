#!/usr/bin/env bash
# In-cluster mesh benchmark (issue 6, Performance): the direct path (client pod → server pod, no proxy) against
# Weft's client sidecar → mTLS → server sidecar, both through the server's ClusterIP service, in a throw-away
# 2-node local cluster. Needs root. One command: sudo bench/mesh/cluster.sh
#   RATE=1000 (fixed-rate RPS) N_FIXED=5000 (requests of the fixed-rate run) DURATION=8 (s of the wrk run)
#   WARMUP=50000 (requests before measuring each pair: JIT tiering, connection pools, TLS sessions)
# The cluster has a unique name and its own state root under /tmp; it is torn down on exit, even on failure.
# Traffic stays inside the cluster's namespaces (the tools run in the client pods' netns via `weft exec`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RATE="${RATE:-1000}"
N_FIXED="${N_FIXED:-5000}"
DURATION="${DURATION:-8}"
WARMUP="${WARMUP:-50000}"
CLIENTS_FIXED=10
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 1; }
for tool in h2load wrk python3 bc ip; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh bench)" >&2; exit 1; }
done

cluster="mbench$(( $$ % 1000000 ))"          # 1–12 lowercase letters and digits
export WEFT_STATE_ROOT="/tmp/weft-mbench-$cluster"
work="$(mktemp -d /tmp/wtmesh-cluster-XXXXXX)"
weft() { "$root/weft" "$@"; }
cleanup() {
  local rc=$?
  echo "# tearing down cluster $cluster" >&2
  weft down --cluster "$cluster" >&2 || echo "weft down failed (exit $?)" >&2
  rm -rf "$WEFT_STATE_ROOT" "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM   # signals go through the EXIT trap too

# --- manifest: a plain pair and a meshed pair; servers on node-2, clients on node-1 -----------------------
pair() { # namespace, extra namespace metadata
  cat <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $1
$2
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: server
  namespace: $1
spec:
  replicas: 1
  selector:
    matchLabels: {app: server}
  template:
    metadata:
      labels: {app: server}
    spec:
      nodeName: node-2
      serviceAccountName: server
      containers:
      - name: echo
        image: weft/echo
        ports:
        - {name: http, containerPort: 8080}
        readinessProbe:
          tcpSocket: {port: http}
          periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: server
  namespace: $1
spec:
  selector: {app: server}
  ports:
  - {name: http, port: 80, targetPort: http}
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: $1
spec:
  nodeName: node-1
  serviceAccountName: client
  containers:
  - name: main
    command: ["sleep"]
    args: ["3600"]
EOF
}
{ pair plain ""; echo "---"; pair meshed "  annotations: {weft.io/inject: enabled}"; } > "$work/cluster.yaml"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# building weft and bringing up cluster $cluster (state root $WEFT_STATE_ROOT)" >&2
weft up -f "$work/cluster.yaml" --cluster "$cluster" --timeout 120 >&2
weft get pods -A -o wide --cluster "$cluster" >&2
weft get pods -A -o json --cluster "$cluster" > "$work/pods.json"

# Pod name and node of the server/client in a namespace.
pod_field() { python3 - "$work/pods.json" "$1" "$2" "$3" <<'PY'
import json, sys
pods, ns, prefix, field = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
for p in pods:
    if p.get("namespace") == ns and p.get("name", "").startswith(prefix):
        print(p.get(field) or "?"); break
PY
}
netns_of() { echo "weft-$cluster-pod-$1_$2"; }
# PIDs of the sidecar proxies (`weft mesh sidecar` / weft-proxy) in a pod's namespace.
sidecar_pids() { local out=""; for p in $(ip netns pids "$(netns_of "$1" "$2")"); do
    if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qE 'mesh sidecar|weft-proxy'; then out="$out $p"; fi
  done; echo "$out"; }
# PIDs of the other processes (the echo server) in a pod's namespace.
app_pids() { local out=""; for p in $(ip netns pids "$(netns_of "$1" "$2")"); do
    if ! tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qE 'mesh sidecar|weft-proxy'; then out="$out $p"; fi
  done; echo "$out"; }
rss_mb() { local r=0; for pid in "$@"; do
    while read -r k v _; do [ "$k" = Rss: ] && r=$((r+v)); done < "/proc/$pid/smaps_rollup"
  done; printf "%.1f" "$(echo "$r/1024" | bc -l)"; }
cpu_ticks() { local t=0; for p in "$@"; do read -r -a s < "/proc/$p/stat"; t=$((t + s[13] + s[14])); done; echo "$t"; }
sys_ticks() { local t=0; for p in "$@"; do read -r -a s < "/proc/$p/stat"; t=$((t + s[14])); done; echo "$t"; }
percentiles() { python3 - "$1" <<'PY'
import sys
d = sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.strip())
q = lambda p: d[min(len(d) - 1, int(p * len(d)))] / 1000.0
print(f"{q(0.50):.3f} {q(0.99):.3f} {len(d)}")
PY
}

url="http://server/"    # the ClusterIP service, resolved by cluster DNS from the client's namespace
table="$work/table.md"
echo "| path | client node → server node | p50 ms | p99 ms | requests | errors | max req/s (wrk) | client sidecar RSS MB idle → after load | server sidecar RSS MB idle → after load | sidecars' CPU ms per 1,000 req (client + server) | echo server CPU ms per 1,000 req |" > "$table"
echo "|---|---|---|---|---|---|---|---|---|---|---|" >> "$table"
for ns in plain meshed; do
  client=$(pod_field "$ns" client name); server=$(pod_field "$ns" server- name)
  cnode=$(pod_field "$ns" client node); snode=$(pod_field "$ns" server- node)
  [ "$cnode" != "$snode" ] || echo "note: $ns client and server both on $cnode (scheduling ignored nodeName)" >&2
  cpids=$(sidecar_pids "$ns" "$client"); spids=$(sidecar_pids "$ns" "$server")
  if [ "$ns" = meshed ] && { [ -z "$cpids" ] || [ -z "$spids" ]; }; then
    echo "no sidecar found in meshed pods (client: '$cpids', server: '$spids')" >&2; exit 1
  fi
  in_pod() { weft exec "$client" -n "$ns" --cluster "$cluster" -- "$@"; }
  in_pod curl -sf -o /dev/null --max-time 5 "$url" || { echo "$ns: $url not answering from $client" >&2; exit 1; }
  # Idle = settled: the proxies trim memory once 30–40 s after start-up were quiet (Hosting/IdleMemoryTrim.cs).
  [ -n "$cpids" ] && sleep 45
  idle_c=$([ -n "$cpids" ] && rss_mb $cpids || echo -); idle_s=$([ -n "$spids" ] && rss_mb $spids || echo -)

  echo "# $ns: warm-up ($WARMUP requests)" >&2
  in_pod h2load --h1 -n "$WARMUP" -c 8 -m 1 "$url" >/dev/null 2>&1

  echo "# $ns: fixed rate $RATE RPS, $N_FIXED requests" >&2
  all="$cpids $spids"; apids=$(app_pids "$ns" "$server")
  before=$([ -n "${all// }" ] && cpu_ticks $all || echo 0); app_before=$(cpu_ticks $apids); sys_before=$([ -n "${all// }" ] && sys_ticks $all || echo 0)
  # Connections started 1/RATE s apart: their --rps timers are evenly phased, one request every 1/RATE s (without the
  # stagger all clients fire together every CLIENTS_FIXED/RATE s; bench/mesh/run.sh measures both shapes).
  in_pod h2load --h1 -n "$N_FIXED" -c $CLIENTS_FIXED -m 1 --rps $((RATE / CLIENTS_FIXED)) -r 1 --rate-period "$(( RATE >= 1000 ? 1 : 1000 / RATE ))ms" \
    --log-file "$work/$ns.log" "$url" > "$work/$ns.out" 2>&1
  after=$([ -n "${all// }" ] && cpu_ticks $all || echo 0); app_after=$(cpu_ticks $apids); sys_after=$([ -n "${all// }" ] && sys_ticks $all || echo 0)
  read -r p50 p99 n < <(percentiles "$work/$ns.log")
  errors=$(awk '/^requests:/ {print $10 + $12}' "$work/$ns.out")   # failed + errored
  app_per_k=$(printf "%.1f" "$(echo "($app_after - $app_before) * 10 * 1000 / $n" | bc -l)")
  cpu_per_k=$([ -n "${all// }" ] && printf "%.1f (sys %.1f)" "$(echo "($after - $before) * 10 * 1000 / $n" | bc -l)" "$(echo "($sys_after - $sys_before) * 10 * 1000 / $n" | bc -l)" || echo -)

  echo "# $ns: wrk -t2 -c16 -d${DURATION}s" >&2
  rps=$(in_pod wrk -t2 -c16 -d"${DURATION}s" "$url" | tee "$work/$ns.wrk" | awk '/Requests\/sec/ {print $2}')
  load_c=$([ -n "$cpids" ] && rss_mb $cpids || echo -); load_s=$([ -n "$spids" ] && rss_mb $spids || echo -)
  label=$([ "$ns" = plain ] && echo "direct (no proxy)" || echo "weft client sidecar → mTLS → server sidecar")
  printf "| %s | %s → %s | %.3f | %.3f | %d | %s | %.0f | %s → %s | %s → %s | %s | %s |\n" "$label" "$cnode" "$snode" \
    "$p50" "$p99" "$n" "${errors:-?}" "${rps:-0}" "$idle_c" "$load_c" "$idle_s" "$load_s" "$cpu_per_k" "$app_per_k" >> "$table"
done

echo
echo "## In-cluster mesh benchmark (cluster $cluster, 2 nodes, native routing; client → ClusterIP service $url)"
echo
echo "Fixed rate: h2load --h1 -n $N_FIXED -c $CLIENTS_FIXED -m 1 --rps $((RATE / CLIENTS_FIXED)) -r 1 --rate-period $(( RATE >= 1000 ? 1 : 1000 / RATE ))ms ($RATE RPS, steady) after $WARMUP warm-up requests;"
echo "Load average (1/5/15 min) at start: $load_before; at end: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores)."
echo "max throughput: wrk -t2 -c16 -d${DURATION}s. RSS from /proc/PID/smaps_rollup (idle: 45 s after the pods are ready); CPU from /proc/PID/stat (utime+stime; sys = stime, the kernel's share: sockets, veths, nftables)."
echo
cat "$table"
