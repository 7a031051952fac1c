#!/usr/bin/env bash
# Service datapath benchmark (issue 4). Needs root; touches only namespaces it creates (wtsvc-bench-*).
#
#   bench/services/run.sh            all sizes (10, 1000, 10000 services), 3 rounds of 8 s per measurement
#   SIZES="10 1000" ROUNDS=1 DURATION=5 bench/services/run.sh
#
# Part 1: time to program N services x 5 endpoints with one full nft transaction, then one incremental change
#         of one endpoint (bench driver: bench/services/Weft.Bench.Services).
# Part 2: new-connection rate and latency (wrk, "Connection: close", so every request is a new connection and its
#         first packet crosses the NAT hooks) from a client namespace to a backend namespace through a node
#         namespace, straight to the pod IP and through the ClusterIP, with N services programmed:
#           nft : Weft's table (verdict-map lookup)
#           ipt : the same services as a linear iptables ruleset (kube-proxy iptables mode: one rule per service
#                 in a chain, statistic-match endpoint choice, DNAT); the measured service is the LAST rule.
#         Both node namespaces exist side by side and rounds alternate between them.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
SIZES="${SIZES:-10 1000 10000}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-8}"
CONNECTIONS="${CONNECTIONS:-16}"
IPTABLES_RESTORE="${IPTABLES_RESTORE:-iptables-legacy-restore}"
ENDPOINTS=5
BACKEND=10.244.250.10
prefix="wtsvc-bench-$$"
work="$(mktemp -d /tmp/wtsvc-bench.XXXXXX)"
pids=()

source "$root/bench/lib/netns-bench.sh"

build_driver bench/services/Weft.Bench.Services

# One node namespace per datapath with its own client and backend namespace (links made inside the namespaces).
make_site() {
  local site=$1 node="$prefix-$1-node" cli="$prefix-$1-cli" be="$prefix-$1-be"
  for ns in "$node" "$cli" "$be"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
  ip netns exec "$node" sysctl -qw net.ipv4.ip_forward=1
  ip -n "$node" link add vcli type veth peer name eth0 netns "$cli"
  ip -n "$node" link add vbe type veth peer name eth0 netns "$be"
  ip -n "$node" addr add 10.244.2.1/24 dev vcli; ip -n "$node" link set vcli up
  ip -n "$node" addr add 10.244.250.1/24 dev vbe; ip -n "$node" link set vbe up
  ip -n "$cli" addr add 10.244.2.2/24 dev eth0; ip -n "$cli" link set eth0 up; ip -n "$cli" route add default via 10.244.2.1
  ip -n "$be" addr add "$BACKEND/24" dev eth0; ip -n "$be" link set eth0 up; ip -n "$be" route add default via 10.244.250.1
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
  server {
    listen 8080; listen 8081; listen 8082; listen 8083; listen 8084;
    location / { return 200 "ok\n"; }
  }
}
CONF
  ip netns exec "$be" nginx -c "$work/$site/nginx.conf" -g 'daemon off;' &
  pids+=($!)
}

cluster_ip() { local o=$((100 + $1 - 1)); echo "10.96.$((o / 256)).$((o % 256))"; }

# wrk -> "conn/s avg_ms p99_ms"

make_site nft
make_site ipt
for i in $(seq 1 50); do
  ip netns exec "$prefix-nft-cli" curl -s --max-time 1 "http://$BACKEND:8080/" >/dev/null && \
  ip netns exec "$prefix-ipt-cli" curl -s --max-time 1 "http://$BACKEND:8080/" >/dev/null && break
  sleep 0.2
done

echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), $(nft --version), $($IPTABLES_RESTORE --version 2>&1 | head -1)"
echo "# date: $(date -u +%FT%TZ); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# wrk -t1 -c$CONNECTIONS -d${DURATION}s -H 'Connection: close', median of $ROUNDS rounds"
printf '%-8s %-5s %-9s %12s %10s %10s\n' services path target conn_per_s avg_ms p99_ms
for n in $SIZES; do
  echo "## programming $n services x $ENDPOINTS endpoints" >&2
  "${driver[@]}" nft "$prefix-nft-node" "$n" "$ENDPOINTS" "$BACKEND" | sed "s/^/# /"
  "${driver[@]}" iptables "$n" "$ENDPOINTS" "$BACKEND" >"$work/ipt-$n.rules"
  start=$(date +%s.%N)
  ip netns exec "$prefix-ipt-node" "$IPTABLES_RESTORE" <"$work/ipt-$n.rules"
  echo "# iptables-restore services=$n rules=$(grep -c '^-A' "$work/ipt-$n.rules") apply_ms=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", (e - s) * 1000 }')"
  vip=$(cluster_ip "$n")
  declare -A rps=() avg=() p99=()
  for r in $(seq 1 "$ROUNDS"); do
    for site in nft ipt; do
      for target in direct clusterip; do
        url="http://$BACKEND:8080/"; [ "$target" = clusterip ] && url="http://$vip/"
        read -r a b c < <(measure_new_connections "$prefix-$site-cli" "$url")
        rps[$site-$target]+="$a "; avg[$site-$target]+="$b "; p99[$site-$target]+="$c "
      done
    done
  done
  for site in nft ipt; do
    for target in direct clusterip; do
      k="$site-$target"
      printf '%-8s %-5s %-9s %12s %10s %10s\n' "$n" "$site" "$target" \
        "$(median <<<"${rps[$k]}")" "$(median <<<"${avg[$k]}")" "$(median <<<"${p99[$k]}")"
    done
  done
  unset rps avg p99
done
