#!/usr/bin/env bash
# CNI ADD/DEL latency: weft + weft-ipam (exec'd, ReadyToRun, and resident server with thin clients) against the reference bridge + host-local (and ptp + host-local),
# measured side by side in one run: every iteration runs each plugin's ADD then DEL in turn, in the same
# node namespace, through the real calling convention (env + config on stdin, plugin in the node netns).
#   bench/cni/run.sh [ITERATIONS]      (default 200; needs root; touches only wtcni-bench-* namespaces)
#   BENCH_ONLY="weftSrv bridge" bench/cni/run.sh 500   (a subset of: weft bridge weftR2R weftSrv weftHL ptp)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
n="${1:-200}"
ref=/usr/lib/cni
work="$(mktemp -d /tmp/wtcni-bench.XXXXXX)"
node=wtcni-bench-node
srv=
cleanup() {
  if [ -n "$srv" ]; then kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; fi
  for ns in $(ip netns list | awk '{print $1}' | grep '^wtcni-bench-' || true); do ip netns del "$ns" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cleanup; work="$(mktemp -d /tmp/wtcni-bench.XXXXXX)"

"$root/scripts/install-deps.sh" test >&2
echo "building weft-cni..." >&2
dotnet build "$root/src/Weft.Cli/Weft.Cli.csproj" -c Release -o "$work/weft" --nologo -v q -clp:ErrorsOnly >&2
dotnet "$work/weft/weft.dll" cni install --bin-dir "$work/bin" >/dev/null
# The same plugin compiled ahead of time to ReadyToRun code (less JIT at start-up), for comparison.
echo "publishing weft-cni with ReadyToRun..." >&2
dotnet publish "$root/src/Weft.Cni.Host/Weft.Cni.Host.csproj" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$work/r2r" --nologo -v q -clp:ErrorsOnly >&2
mkdir -p "$work/bin-r2r"
sed "s#'[^']*/weft-cni'#'$work/r2r/weft-cni'#" "$work/bin/weft" >"$work/bin-r2r/weft"
chmod +x "$work/bin-r2r/weft"

ip netns add "$node"
ip -n "$node" link set lo up
ip -n "$node" addr add 172.31.250.1/32 dev lo
# Resident mode: thin native clients forwarding to `weft-cni serve` running in the node namespace.
dotnet "$work/weft/weft.dll" cni install --bin-dir "$work/bin-srv" --server-socket "$work/cni.sock" >/dev/null
nsenter --net="/var/run/netns/$node" "$work/weft/weft-cni" serve "$work/cni.sock" & srv=$!
for _ in $(seq 600); do [ -S "$work/cni.sock" ] && break; sleep 0.1; done
for p in weft weftR2R weftSrv weftHL bridge ptp; do ip netns add "wtcni-bench-$p"; done

conf_weft='{"cniVersion":"1.0.0","name":"wtcni-bench-weft","type":"weft","ipam":{"type":"weft-ipam","subnet":"10.250.0.0/24","dataDir":"'$work'/ipam"}}'
conf_weftR2R='{"cniVersion":"1.0.0","name":"wtcni-bench-weftr2r","type":"weft","hostInterfacePrefix":"weftr","ipam":{"type":"weft-ipam","subnet":"10.250.2.0/24","dataDir":"'$work'/ipam"}}'
conf_weftSrv='{"cniVersion":"1.0.0","name":"wtcni-bench-weftsrv","type":"weft","hostInterfacePrefix":"wefts","ipam":{"type":"weft-ipam","subnet":"10.250.3.0/24","dataDir":"'$work'/ipam"}}'
conf_weftHL='{"cniVersion":"1.0.0","name":"wtcni-bench-wefthl","type":"weft","hostInterfacePrefix":"wefthl","ipam":{"type":"host-local","subnet":"10.250.1.0/24","dataDir":"'$work'/hl"}}'
conf_bridge='{"cniVersion":"1.0.0","name":"wtcni-bench-bridge","type":"bridge","bridge":"wtcnibenchbr","isGateway":true,"ipam":{"type":"host-local","subnet":"10.251.0.0/24","dataDir":"'$work'/hl"}}'
conf_ptp='{"cniVersion":"1.0.0","name":"wtcni-bench-ptp","type":"ptp","ipam":{"type":"host-local","subnet":"10.252.0.0/24","dataDir":"'$work'/hl"}}'
declare -A bin=([weft]="$work/bin/weft" [weftR2R]="$work/bin-r2r/weft" [weftSrv]="$work/bin-srv/weft" [weftHL]="$work/bin/weft" [bridge]="$ref/bridge" [ptp]="$ref/ptp")
declare -A label=([weft]="weft + weft-ipam" [weftR2R]="weft + weft-ipam, ReadyToRun" [weftSrv]="weft + weft-ipam, resident server" [weftHL]="weft + host-local" [bridge]="bridge + host-local (reference)" [ptp]="ptp + host-local (reference)")
order=(weft bridge weftR2R weftSrv weftHL ptp)
if [ -n "${BENCH_ONLY:-}" ]; then read -r -a order <<<"$BENCH_ONLY"; fi

invoke() { # impl command id -> elapsed microseconds on stdout
  local impl=$1 cmd=$2 id=$3 conf_var="conf_$1" t0 t1
  t0=$EPOCHREALTIME
  if ! printf '%s' "${!conf_var}" | env -i PATH="$PATH" CNI_COMMAND="$cmd" CNI_CONTAINERID="$id" \
      CNI_NETNS="/var/run/netns/wtcni-bench-$impl" CNI_IFNAME=eth0 CNI_PATH="$work/bin:$ref" \
      nsenter --net="/var/run/netns/$node" "${bin[$impl]}" >"$work/out" 2>&1; then
    echo "$impl $cmd failed: $(cat "$work/out")" >&2; exit 1
  fi
  t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) ))
}

# Warm-up: page cache, first-run costs of each binary.
for impl in "${order[@]}"; do invoke "$impl" ADD warm >/dev/null; invoke "$impl" DEL warm >/dev/null; done
for impl in "${order[@]}"; do : >"$work/$impl.add"; : >"$work/$impl.del"; done
: >"$work/version"
for ((i = 0; i < n; i++)); do
  # The floor: a weft run that only starts the runtime and answers VERSION.
  t0=$EPOCHREALTIME; printf '{"cniVersion":"1.0.0"}' | env -i CNI_COMMAND=VERSION "$work/bin/weft" >/dev/null; t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) )) >>"$work/version"
  for impl in "${order[@]}"; do
    invoke "$impl" ADD "c$i" >>"$work/$impl.add"
    invoke "$impl" DEL "c$i" >>"$work/$impl.del"
  done
done

pct() { sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int((NR*p+99)/100); if(i<1)i=1; printf "%.1f", a[i]/1000}'; }
echo "CNI latency, $n iterations each, ms (machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%d))"
printf '| %-34s | %8s | %8s | %8s | %8s |\n' plugin "ADD p50" "ADD p99" "DEL p50" "DEL p99"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "----------" "----------" "----------" "----------"
for impl in "${order[@]}"; do
  printf '| %-34s | %8s | %8s | %8s | %8s |\n' "${label[$impl]}" "$(pct "$work/$impl.add" 50)" "$(pct "$work/$impl.add" 99)" \
    "$(pct "$work/$impl.del" 50)" "$(pct "$work/$impl.del" 99)"
done
printf '| %-34s | %8s | %8s | %8s | %8s |\n' "weft VERSION only (runtime start)" "$(pct "$work/version" 50)" "$(pct "$work/version" 99)" "" ""
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
