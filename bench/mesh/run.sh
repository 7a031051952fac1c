#!/usr/bin/env bash
# Mesh proxy benchmark: direct vs Weft client-proxy → mTLS → Weft server-proxy vs the same chain of two haproxy.
# Everything runs on loopback; every run has a bounded duration. One command: bench/mesh/run.sh
#   RATE=1000 (fixed-rate RPS) N_FIXED=10000 (requests per fixed-rate run; each chain × protocol gets a steady run, one
#   request every 1/RATE s, and a burst run, CLIENTS_FIXED requests at once every CLIENTS_FIXED/RATE s)
#   DURATION=10 (s per max-throughput run)
#   WARMUP=100000 (requests per protocol before measuring a chain: the JIT needs ~100k requests to reach tier-1 code
#   under load; with 20k, perf showed ~20 % of the proxies' CPU still in libclrjit);
#   ROUNDS=3 (every chain × protocol is measured ROUNDS times, rounds interleaved across chains so background load
#   hits all of them alike; the tables give the median of the rounds, the raw rows follow);
#   CHAINS="direct weft haproxy nginx" to choose chains; WEFT_BIN=DIR to use a prebuilt weft output directory;
#   WEFT_ENV="VAR=value ..." adds runtime settings for the Weft proxies;
#   The Weft pairs run the lean proxy a meshed pod runs: the NativeAOT weft-proxy, published by
#   scripts/publish-proxy.sh into the work directory; WEFT_PROXY_BIN=PATH uses that executable instead, and
#   WEFT_PROXY_BIN=cli runs `dotnet weft.dll proxy` from the framework-dependent build (same code, more memory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RATE="${RATE:-1000}"
N_FIXED="${N_FIXED:-10000}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-100000}"
ROUNDS="${ROUNDS:-3}"
CHAINS="${CHAINS:-direct weft haproxy nginx}"
CLIENTS_FIXED=10
# h2load takes whole milliseconds between connection starts: exact for RATE ≤ 1000 dividing 1000.
STAGGER_MS=$(( RATE >= 1000 ? 1 : 1000 / RATE ))
for tool in nginx haproxy h2load wrk python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (scripts/install-deps.sh bench)" >&2; exit 1; }
done

work="$(mktemp -d /tmp/wtmesh-bench-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${WEFT_BIN:-}" ]; then
  ln -s "$WEFT_BIN" "$work/bin"   # a prebuilt output directory holding weft.dll
else
  echo "# building weft (Release)" >&2
  dotnet build "$root/src/Weft.Cli/Weft.Cli.csproj" -c Release -o "$work/bin" --nologo -v q -clp:ErrorsOnly >&2
fi
weft() { dotnet "$work/bin/weft.dll" "$@"; }

# Ports (loopback only).
P_NGINX_H1=18080; P_NGINX_H2=18082
# Each protocol has its own pair of proxies, so the application keeps its protocol end to end as in a mesh: HTTP/1.1
# from the client reaches nginx as HTTP/1.1, HTTP/2 (h2c) reaches nginx's h2c port — for Weft and haproxy alike.
P_WEFT_CLIENT=19081; P_WEFT_SERVER=19443; P_WEFT_ADMIN_C=14191; P_WEFT_ADMIN_S=14192
P_WEFT_CLIENT2=19082; P_WEFT_SERVER2=19444; P_WEFT_ADMIN_C2=14193; P_WEFT_ADMIN_S2=14194
P_HA_CLIENT=20081; P_HA_SERVER=20443; P_HA_CLIENT2=20082; P_HA_SERVER2=20444
P_NG_CLIENT=21081; P_NG_CLIENT2=21082; P_NG_SERVER=21443

# --- certificates: one CA, a client and a server workload identity -------------------------------------
weft mesh ca init --dir "$work/ca" >/dev/null
weft mesh issue --ca-dir "$work/ca" -n bench --service-account client --out-cert "$work/client.crt" --out-key "$work/client.key" >/dev/null
weft mesh issue --ca-dir "$work/ca" -n bench --service-account server --out-cert "$work/server.crt" --out-key "$work/server.key" >/dev/null
cat "$work/client.crt" "$work/client.key" > "$work/client.pem"
cat "$work/server.crt" "$work/server.key" > "$work/server.pem"

# --- upstream: nginx answering a fixed body, HTTP/1.1 and h2c ports -------------------------------------
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$P_NGINX_H1;
    listen 127.0.0.1:$P_NGINX_H2 http2;
    location / { default_type text/plain; return 200 "hello from upstream\n"; }
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & pids+=($!)

# --- Weft pair ----------------------------------------------------------------------------------------------
# Runtime knobs for a small sidecar footprint: workstation, non-concurrent GC with a small gen0 budget; thread-pool
# workers block instead of spinning when idle (spinning burns a shared core between requests; weft-proxy sets the
# same in its runtimeconfig); socket completions inline on the epoll threads (weft-proxy sets it at start-up).
# WEFT_ENV="WEFT_HTTP1_FAST_PATH=0" sends HTTP/1 through Kestrel + HttpClient (the general path) for comparison.
weft_env=(DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x400000 DOTNET_TieredPGO=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 ${WEFT_ENV:-})
case "${WEFT_PROXY_BIN:-}" in
  cli) weft_proxy=(dotnet "$work/bin/weft.dll" proxy) ;;
  "") echo "# publishing the lean (NativeAOT) weft-proxy" >&2
      "$root/scripts/publish-proxy.sh" "$work/proxy" >&2
      weft_proxy=("$work/proxy/weft-proxy") ;;
  *) weft_proxy=("$WEFT_PROXY_BIN") ;;
esac
start_weft_pair() { # LISTEN_CLIENT LISTEN_SERVER ADMIN_C ADMIN_S UPSTREAM_PORT UPSTREAM_PROTOCOL NAME
  env "${weft_env[@]}" "${weft_proxy[@]}" --listen 127.0.0.1:$2 --upstream 127.0.0.1:$5 \
    --upstream-protocol "$6" --mtls server --tls-cert "$work/server.crt" --tls-key "$work/server.key" --tls-ca "$work/ca/root.crt" \
    --admin 127.0.0.1:$4 2>"$work/weft-server-$7.log" & pids+=($!); weft_server_pid=$!
  env "${weft_env[@]}" "${weft_proxy[@]}" --listen 127.0.0.1:$1 --upstream 127.0.0.1:$2 \
    --mtls client --tls-cert "$work/client.crt" --tls-key "$work/client.key" --tls-ca "$work/ca/root.crt" --tls-server-name server.bench \
    --admin 127.0.0.1:$3 2>"$work/weft-client-$7.log" & pids+=($!); weft_client_pid=$!
}
start_weft_pair $P_WEFT_CLIENT $P_WEFT_SERVER $P_WEFT_ADMIN_C $P_WEFT_ADMIN_S $P_NGINX_H1 http1 h1
weft_h1="$weft_client_pid $weft_server_pid"
start_weft_pair $P_WEFT_CLIENT2 $P_WEFT_SERVER2 $P_WEFT_ADMIN_C2 $P_WEFT_ADMIN_S2 $P_NGINX_H2 http2 h2
weft_h2="$weft_client_pid $weft_server_pid"

# --- haproxy pair: client side originates mTLS (client cert, verifies server), server side requires client certs ---
# One haproxy configuration: the common global/defaults section, then the frontend and backend on stdin.
write_haproxy() { # FILE
  { cat <<EOF
global
  maxconn 4000
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  http-reuse always
EOF
    cat; } > "$1"
}
start_haproxy_pair() { # LISTEN_CLIENT LISTEN_SERVER UPSTREAM_PORT UPSTREAM_PROTO(h1|h2) NAME
  local app_proto=""; [ "$4" = h2 ] && app_proto=" proto h2"
  write_haproxy "$work/ha-client-$5.cfg" <<EOF
frontend fe
  bind 127.0.0.1:$1
  default_backend mesh
backend mesh
  server peer 127.0.0.1:$2 ssl crt $work/client.pem ca-file $work/ca/root.crt verify required alpn h2 ssl-min-ver TLSv1.3
EOF
  write_haproxy "$work/ha-server-$5.cfg" <<EOF
frontend fe
  bind 127.0.0.1:$2 ssl crt $work/server.pem ca-file $work/ca/root.crt verify required alpn h2,http/1.1 ssl-min-ver TLSv1.3
  default_backend app
backend app
  server app 127.0.0.1:$3$app_proto
EOF
  haproxy -db -f "$work/ha-server-$5.cfg" 2>"$work/ha-server-$5.log" & pids+=($!); ha_server_pid=$!
  haproxy -db -f "$work/ha-client-$5.cfg" 2>"$work/ha-client-$5.log" & pids+=($!); ha_client_pid=$!
}
start_haproxy_pair $P_HA_CLIENT $P_HA_SERVER $P_NGINX_H1 h1 h1
ha_h1="$ha_client_pid $ha_server_pid"
start_haproxy_pair $P_HA_CLIENT2 $P_HA_SERVER2 $P_NGINX_H2 h2 h2
ha_h2="$ha_client_pid $ha_server_pid"

# --- nginx pair: the same chain from nginx (client side proxy_ssl_certificate, server side ssl_verify_client). nginx
# cannot speak HTTP/2 to an upstream, so its pair carries both protocols as HTTP/1.1 keep-alive over mTLS to nginx's
# HTTP/1.1 port: its h2 row is h2c in, HTTP/1.1 behind (a limitation of nginx, stated with the results).
# One nginx proxy instance in DIR: the common frame (process, temp paths, keep-alive) around its http{} body.
write_nginx_proxy() { # DIR  (the http{} body on stdin)
  cat > "$1/nginx.conf" <<EOF
daemon off; master_process on; worker_processes auto; pid $1/nginx.pid; error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 1000000;
  client_body_temp_path $1/body; proxy_temp_path $1/proxy; fastcgi_temp_path $1/fcgi; uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
$(cat)
}
EOF
}
start_nginx_pair() {
  mkdir -p "$work/ng-client" "$work/ng-server"
  write_nginx_proxy "$work/ng-client" <<EOF
  upstream peer { server 127.0.0.1:$P_NG_SERVER; keepalive 512; }
  server {
    listen 127.0.0.1:$P_NG_CLIENT;
    listen 127.0.0.1:$P_NG_CLIENT2 http2;
    location / {
      proxy_pass https://peer; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_ssl_certificate $work/client.crt; proxy_ssl_certificate_key $work/client.key;
      proxy_ssl_trusted_certificate $work/ca/root.crt; proxy_ssl_verify on; proxy_ssl_name server.bench;
      proxy_ssl_protocols TLSv1.3; proxy_ssl_session_reuse on;
    }
  }
EOF
  write_nginx_proxy "$work/ng-server" <<EOF
  upstream app { server 127.0.0.1:$P_NGINX_H1; keepalive 512; }
  server {
    listen 127.0.0.1:$P_NG_SERVER ssl;
    ssl_certificate $work/server.crt; ssl_certificate_key $work/server.key; ssl_protocols TLSv1.3;
    ssl_client_certificate $work/ca/root.crt; ssl_verify_client on;
    location / { proxy_pass http://app; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
EOF
  nginx -p "$work/ng-server" -c "$work/ng-server/nginx.conf" -e "$work/ng-server/error.log" & pids+=($!); ng_server_pid=$!
  nginx -p "$work/ng-client" -c "$work/ng-client/nginx.conf" -e "$work/ng-client/error.log" & pids+=($!); ng_client_pid=$!
}
start_nginx_pair
# The master processes' children (workers) do the work: their CPU and memory count, found by parent pid.
ng_pids() { local out="$ng_client_pid $ng_server_pid"; for m in $ng_client_pid $ng_server_pid; do out="$out $(pgrep -P "$m" | tr '\n' ' ')"; done; echo "$out"; }

wait_http() { for _ in $(seq 100); do curl -sf -o /dev/null "$@" && return 0; sleep 0.1; done; echo "not answering: $1" >&2; tail -n 20 "$work"/*.log >&2; return 1; }
wait_http "http://127.0.0.1:$P_NGINX_H1/"
wait_http "http://127.0.0.1:$P_WEFT_CLIENT/"
wait_http "http://127.0.0.1:$P_HA_CLIENT/"
wait_http "http://127.0.0.1:$P_WEFT_CLIENT2/" --http2-prior-knowledge
wait_http "http://127.0.0.1:$P_HA_CLIENT2/" --http2-prior-knowledge
wait_http "http://127.0.0.1:$P_NG_CLIENT/"
wait_http "http://127.0.0.1:$P_NG_CLIENT2/" --http2-prior-knowledge
ng_all="$(ng_pids)"

rss_kb() { local t=0; for p in "$@"; do t=$((t + $(ps -o rss= -p "$p"))); done; echo "$t"; }
# "RSS/PSS/USS" in MB summed over the given pids: RSS counts shared framework pages fully, PSS shares them out,
# USS (private clean + dirty) is what the process alone costs.
mem_mb() { local r=0 p=0 u=0; for pid in "$@"; do
    while read -r k v _; do case "$k" in Rss:) r=$((r+v));; Pss:) p=$((p+v));; Private_Clean:|Private_Dirty:) u=$((u+v));; esac; done < "/proc/$pid/smaps_rollup"
  done; printf "%.1f / %.1f / %.1f" "$(echo "$r/1024" | bc -l)" "$(echo "$p/1024" | bc -l)" "$(echo "$u/1024" | bc -l)"; }
cpu_ticks() { local t=0; for p in "$@"; do read -r -a s < "/proc/$p/stat"; t=$((t + s[13] + s[14])); done; echo "$t"; }
percentiles() { python3 - "$1" <<'PY'
import sys
d = sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.strip())
q = lambda p: d[min(len(d) - 1, int(p * len(d)))] / 1000.0
print(f"{q(0.50):.3f} {q(0.99):.3f} {q(0.999):.3f} {len(d)}")
PY
}

url_for() { # chain proto → URL
  case "$1/$2" in
    direct/h1) echo "http://127.0.0.1:$P_NGINX_H1/" ;;
    direct/h2) echo "http://127.0.0.1:$P_NGINX_H2/" ;;
    weft/h1) echo "http://127.0.0.1:$P_WEFT_CLIENT/" ;;
    weft/h2) echo "http://127.0.0.1:$P_WEFT_CLIENT2/" ;;
    haproxy/h1) echo "http://127.0.0.1:$P_HA_CLIENT/" ;;
    haproxy/h2) echo "http://127.0.0.1:$P_HA_CLIENT2/" ;;
    nginx/h1) echo "http://127.0.0.1:$P_NG_CLIENT/" ;;
    nginx/h2) echo "http://127.0.0.1:$P_NG_CLIENT2/" ;;
  esac
}
pids_for() { case "$1/$2" in weft/h1) echo "$weft_h1" ;; weft/h2) echo "$weft_h2" ;; haproxy/h1) echo "$ha_h1" ;; haproxy/h2) echo "$ha_h2" ;; nginx/*) echo "$ng_all" ;; *) echo "" ;; esac; }

echo "| chain | idle RSS / PSS / USS (MB, both proxies of the HTTP/1.1 pair together) |" > "$work/rss.md"
echo "|---|---|" >> "$work/rss.md"
for chain in $CHAINS; do
  p=$(pids_for "$chain" h1)
  if [ -n "$p" ]; then printf "| %s | %s |\n" "$chain" "$(mem_mb $p)" >> "$work/rss.md"; fi
done

rows="$work/rows.tsv"; : > "$rows"
for chain in $CHAINS; do
  # warm-up of both protocols before any measurement (JIT tiering, pools, TLS connections)
  h2load --h1 -n "$WARMUP" -c 8 -m 1 "$(url_for "$chain" h1)" >/dev/null 2>&1
  h2load -n "$WARMUP" -c 8 -m 4 "$(url_for "$chain" h2)" >/dev/null 2>&1
done

for round in $(seq "$ROUNDS"); do
  for chain in $CHAINS; do
    for proto in h1 h2; do
      url=$(url_for "$chain" "$proto"); p=$(pids_for "$chain" "$proto")
      h1flag=(); [ "$proto" = h1 ] && h1flag=(--h1)
      h2load "${h1flag[@]}" -n 2000 -c 4 -m 1 "$url" >/dev/null 2>&1
      before=$( [ -n "$p" ] && cpu_ticks $p || echo 0 ); t0=$(date +%s.%N)
      # Steady rate: h2load starts one connection per (1000 / RATE × CLIENTS) ms, so the clients' --rps timers are
      # evenly phased and a request leaves every 1/RATE s. Without the stagger all clients start together and fire
      # together: bursts of CLIENTS simultaneous requests every CLIENTS/RATE s (measured separately below).
      h2load "${h1flag[@]}" -n "$N_FIXED" -c $CLIENTS_FIXED -m 1 --rps $((RATE / CLIENTS_FIXED)) -r 1 --rate-period "$STAGGER_MS"ms \
        --log-file "$work/$chain-$proto.log" "$url" > "$work/$chain-$proto.out" 2>&1
      t1=$(date +%s.%N); after=$( [ -n "$p" ] && cpu_ticks $p || echo 0 )
      read -r p50 p99 p999 n < <(percentiles "$work/$chain-$proto.log")
      rm -f "$work/$chain-$proto.log"
      # Bursts: the same average rate, all clients firing at once (the fixed-rate shape of the first five sessions).
      h2load "${h1flag[@]}" -n "$N_FIXED" -c $CLIENTS_FIXED -m 1 --rps $((RATE / CLIENTS_FIXED)) --log-file "$work/$chain-$proto.log" "$url" > "$work/$chain-$proto.out" 2>&1
      read -r b50 b99 b999 _ < <(percentiles "$work/$chain-$proto.log")
      rm -f "$work/$chain-$proto.log"
      secs=$(echo "$t1 - $t0" | bc -l)
      cpu_pct=$(echo "($after - $before) / $secs" | bc -l)           # ticks are 1/100 s → % of one core
      cpu_per_k=$(echo "($after - $before) * 10 * 1000 / $n" | bc -l) # ms of CPU per 1000 requests

      # maximum throughput, with the proxies' memory sampled halfway
      (sleep $((DURATION / 2)); if [ -n "$p" ]; then mem_mb $p > "$work/rss-load"; else echo "-" > "$work/rss-load"; fi) &
      sampler=$!
      if [ "$proto" = h1 ]; then
        rps=$(wrk -t2 -c32 -d"${DURATION}s" "$url" | awk '/Requests\/sec/ {print $2}')
      else
        rps=$(h2load -c 8 -m 16 -D "$DURATION" "$url" 2>/dev/null | awk '/^finished in/ {print $4}')
      fi
      wait "$sampler"
      printf "%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%.1f\t%.1f\t%.0f\t%s\t%.3f\t%.3f\t%.3f\n" "$chain" "$proto" "$round" "$p50" "$p99" "$p999" "$n" "$cpu_pct" "$cpu_per_k" "$rps" "$(cat "$work/rss-load")" "$b50" "$b99" "$b999" >> "$rows"
    done
  done
done

python3 "$here/summarize.py" "$rows" "$RATE" "$N_FIXED" "$CLIENTS_FIXED" "$DURATION" "$ROUNDS"
echo
echo "## Idle memory (after start-up and health checks, before load)"
cat "$work/rss.md"
