#!/usr/bin/env bash
# Policy datapath benchmark (issue 5). Needs root; touches only namespaces it creates (wtpdp-bench-*).
#
#   bench/policy-datapath/run.sh            all sizes (0, 100, 1000, 10000 policies), 5 rounds of 5 s per measurement,
#                                           then 0 vs 10,000 policies paired (PAIRED=0 skips it), then the
#                                           apply-to-enforcement latency (apply-latency.sh; APPLY=0 skips it)
#   SIZES="0 100" ROUNDS=1 DURATION=5 APPLY=0 PAIRED=0 bench/policy-datapath/run.sh
#   SIZES= APPLY=0 bench/policy-datapath/run.sh   only the paired 0 vs 10,000 comparison
#
# 0 = no policy at all (the baseline). N > 0: N NetworkPolicies all select the server pod, each allowing TCP 8080 from one
# distinct external host (/32); one more allows the measured client (bench driver: bench/policy-datapath/Weft.Bench.PolicyDatapath).
# Every plan goes through the engine (no shortcut).
# Part 1: compile + plan time, full transaction, one policy change (compile, plan, ops and apply time).
# Part 2: client pod -> server pod through a node namespace (routed veths), side by side, rounds interleaved
#         (nft round, ipt round, nft round, …) so that load from other jobs hits both alike:
#           nft : Weft's inet weft-policy table (ipcache hash lookup → class in the ct mark, one (veth, class) hash
#                 lookup, one lookup in a two-element profile port map per new connection)
#           ipt : the same policies as a linear iptables chain, the measured client's rule LAST
#         new-connection rate and latency (wrk, "Connection: close": every request's first packet is checked),
#         and single-stream TCP throughput (iperf3, 5 s: established packets, conntrack fast path).
#         The load average is printed before every round.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
SIZES="${SIZES-0 100 1000 10000}"
ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-5}"
APPLY="${APPLY:-1}"
PAIRED="${PAIRED:-1}"
PAIRED_N="${PAIRED_N:-10000}"
PAIRED_ROUNDS="${PAIRED_ROUNDS:-12}"
CONNECTIONS="${CONNECTIONS:-16}"
IPTABLES_RESTORE="${IPTABLES_RESTORE:-iptables-legacy-restore}"
CLIENT=10.244.2.2
SERVER=10.244.250.10
prefix="wtpdp-bench-$$"
work="$(mktemp -d /tmp/wtpdp-bench.XXXXXX)"
pids=()

source "$root/bench/lib/netns-bench.sh"

build_driver bench/policy-datapath/Weft.Bench.PolicyDatapath

# Routed veths as Weft's CNI wires pods: 169.254.1.1 on every host veth, a /32 route per pod.
make_site() {
  local site=$1 node="$prefix-$1-node" cli="$prefix-$1-cli" be="$prefix-$1-be"
  for ns in "$node" "$cli" "$be"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
  ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1
  for pair in "vcli $cli $CLIENT" "vbe $be $SERVER"; do
    read -r dev ns addr <<<"$pair"
    ip -n "$node" link add "$dev" type veth peer name eth0 netns "$ns"
    ip -n "$node" addr add 169.254.1.1/32 dev "$dev"; ip -n "$node" link set "$dev" up
    ip -n "$node" route add "$addr/32" dev "$dev"
    ip -n "$ns" addr add "$addr/32" dev eth0; ip -n "$ns" link set eth0 up
    ip -n "$ns" route add 169.254.1.1 dev eth0; ip -n "$ns" route add default via 169.254.1.1 dev eth0
  done
  mkdir -p "$work/$site"
  cat >"$work/$site/nginx.conf" <<CONF
worker_processes 1;
pid $work/$site/nginx.pid;
error_log $work/$site/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/$site; proxy_temp_path $work/$site; fastcgi_temp_path $work/$site;
  uwsgi_temp_path $work/$site; scgi_temp_path $work/$site;
  server { listen 8080; location / { return 200 "ok\n"; } }
}
CONF
  ip netns exec "$be" nginx -c "$work/$site/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  ip netns exec "$be" iperf3 -s -p 5201 >/dev/null 2>&1 &
  pids+=($!)
}

# wrk -> "conn/s avg_ms p99_ms"
# iperf3 -> Gbit/s
throughput() {
  local out
  out=$(ip netns exec "$1" iperf3 -c "$SERVER" -p 5201 -t 5 -J 2>&1 || true)
  [ -n "${DEBUG:-}" ] && echo "$out" | tail -5 >&2
  python3 -c 'import json,sys
try: print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))
except Exception: print("nan")' <<<"$out"
}

make_site nft
make_site ipt
for i in $(seq 1 50); do
  ip netns exec "$prefix-nft-cli" curl -s --max-time 1 "http://$SERVER:8080/" >/dev/null && \
  ip netns exec "$prefix-ipt-cli" curl -s --max-time 1 "http://$SERVER:8080/" >/dev/null && break
  sleep 0.2
done

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), $(nft --version), $($IPTABLES_RESTORE --version 2>&1 | head -1)"
echo "# date: $(date -u +%FT%TZ); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t1 -c$CONNECTIONS -d${DURATION}s -H 'Connection: close'; iperf3 -t 5; median of $ROUNDS rounds"
printf '%-9s %-5s %12s %10s %10s %10s\n' policies path conn_per_s avg_ms p99_ms gbit_s
for n in $SIZES; do
  echo "## programming $n policies" >&2
  "${driver[@]}" nft "$prefix-nft-node" "$n" "$CLIENT" "$SERVER" | sed "s/^/# /"
  "${driver[@]}" iptables "$n" "$CLIENT" "$SERVER" >"$work/ipt-$n.rules"
  start=$(date +%s.%N)
  ip netns exec "$prefix-ipt-node" "$IPTABLES_RESTORE" <"$work/ipt-$n.rules"
  echo "# iptables-restore policies=$n rules=$(grep -c '^-A' "$work/ipt-$n.rules") apply_ms=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", (e - s) * 1000 }')"
  declare -A rps=() avg=() p99=() gbit=()
  for r in $(seq 1 "$ROUNDS"); do
    echo "# policies=$n round $r load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for site in nft ipt; do
      read -r a b c < <(measure_new_connections "$prefix-$site-cli" "http://$SERVER:8080/")
      rps[$site]+="$a "; avg[$site]+="$b "; p99[$site]+="$c "
      gbit[$site]+="$(throughput "$prefix-$site-cli") "
    done
  done
  for site in nft ipt; do
    printf '%-9s %-5s %12s %10s %10s %10s\n' "$n" "$site" \
      "$(median <<<"${rps[$site]}")" "$(median <<<"${avg[$site]}")" "$(median <<<"${p99[$site]}")" "$(median <<<"${gbit[$site]}")"
  done
  unset rps avg p99 gbit
done
# Part 3 (PAIRED=1): the 2 % question asked directly — Weft's table with 0 and with $PAIRED_N policies on two sites
# side by side, rounds alternating which goes first, so that load from other jobs hits both alike; the figure is
# the median of the per-round ratios (N / 0).
if [ "$PAIRED" = 1 ]; then
  make_site p0
  make_site pn
  for i in $(seq 1 50); do
    ip netns exec "$prefix-p0-cli" curl -s --max-time 1 "http://$SERVER:8080/" >/dev/null && \
    ip netns exec "$prefix-pn-cli" curl -s --max-time 1 "http://$SERVER:8080/" >/dev/null && break
    sleep 0.2
  done
  echo "# paired: nft 0 vs nft $PAIRED_N policies, $PAIRED_ROUNDS rounds of ${DURATION}s wrk + 5 s iperf3 each;"
  echo "# the two sites swap tables halfway (site effects — which core serves which namespace — are larger than 2 %)"
  printf '%-6s %-10s %12s %12s %8s %8s %8s %8s\n' round n_site conn_s_0 conn_s_n ratio gbit_0 gbit_n ratio
  conn_ratios=""; gbit_ratios=""
  for r in $(seq 1 "$PAIRED_ROUNDS"); do
    if [ "$r" = 1 ] || [ "$r" = $((PAIRED_ROUNDS / 2 + 1)) ]; then
      if [ "$r" = 1 ]; then zero=p0; full=pn; else zero=pn; full=p0; fi
      "${driver[@]}" nft "$prefix-$zero-node" 0 "$CLIENT" "$SERVER" | sed "s/^/# paired $zero: /"
      "${driver[@]}" nft "$prefix-$full-node" "$PAIRED_N" "$CLIENT" "$SERVER" | sed "s/^/# paired $full: /"
    fi
    order="$zero $full"; [ $((r % 2)) = 0 ] && order="$full $zero"
    declare -A c=() g=()
    for site in $order; do
      read -r a _ _ < <(measure_new_connections "$prefix-$site-cli" "http://$SERVER:8080/")
      c[$site]=$a
      g[$site]=$(throughput "$prefix-$site-cli")
    done
    cr=$(awk -v a="${c[$zero]}" -v b="${c[$full]}" 'BEGIN { printf "%.3f", b / a }')
    gr=$(awk -v a="${g[$zero]}" -v b="${g[$full]}" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')
    conn_ratios+="$cr "; gbit_ratios+="$gr "
    printf '%-6s %-10s %12s %12s %8s %8s %8s %8s   # load %s\n' "$r" "$full" "${c[$zero]}" "${c[$full]}" "$cr" "${g[$zero]}" "${g[$full]}" "$gr" "$(cut -d' ' -f1 /proc/loadavg)"
    unset c g
  done
  echo "# paired median ratio ($PAIRED_N policies / 0): new conn/s $(median <<<"$conn_ratios"), throughput $(median <<<"$gbit_ratios")"
fi

echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$APPLY" = 1 ]; then
  "$root/bench/policy-datapath/apply-latency.sh"
fi
