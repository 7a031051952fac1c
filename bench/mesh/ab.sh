#!/usr/bin/env bash
# Interleaved A/B of Weft proxy-pair variants on one machine: every variant is a client+server weft pair (same
# build, different runtime env), started side by side; rounds alternate between variants so background load hits all.
# Usage: WEFT_BIN=DIR bench/mesh/ab.sh "ENV_A" "ENV_B" ...   (ENV: space-separated VAR=value, "" = defaults)
#   A variant's own proxy binary: "BIN=/path/weft-proxy VAR=value…" (e.g. a trimmed build); else dotnet WEFT_BIN/weft.dll proxy.
#   ROUNDS=3 N=5000 (requests per fixed-rate round, 1000 RPS over 10 connections) PROTO=h1|h2 WARMUP=30000
# Prints per variant: CPU ms per 1,000 requests (both proxies; sys = the kernel's share), context switches per request, p50/p99 (ms), max req/s.
set -euo pipefail
bin="${WEFT_BIN:?WEFT_BIN=prebuilt weft output directory}"
ROUNDS="${ROUNDS:-3}"; N="${N:-5000}"; PROTO="${PROTO:-h1}"; WARMUP="${WARMUP:-30000}"; MAXSECS="${MAXSECS:-5}"
work="$(mktemp -d /tmp/wtmesh-ab-XXXXXX)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
weft() { dotnet "$bin/weft.dll" "$@"; }
weft mesh ca init --dir "$work/ca" >/dev/null
for sa in client server; do weft mesh issue --ca-dir "$work/ca" -n bench --service-account $sa --out-cert "$work/$sa.crt" --out-key "$work/$sa.key" >/dev/null; done
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NG
daemon off; master_process off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi; keepalive_requests 1000000;
  server { listen 127.0.0.1:18280; location / { default_type text/plain; return 200 "hello from upstream\n"; } } }
NG
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & pids+=($!)
base=(DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x400000 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
declare -a cpids spids ports; variants=("$@")
i=0
for variant in "$@"; do
  sp=$((19600 + i * 10)); cp=$((sp + 1)); proxy=(dotnet "$bin/weft.dll" proxy)
  case "$variant" in BIN=*) proxy=("${variant%% *}"); proxy=("${proxy[0]#BIN=}"); variant="${variant#"BIN=${proxy[0]}"}";; esac
  # shellcheck disable=SC2086
  env "${base[@]}" $variant "${proxy[@]}" --listen 127.0.0.1:$sp --upstream 127.0.0.1:18280 --upstream-protocol http1 --mtls server \
    --tls-cert "$work/server.crt" --tls-key "$work/server.key" --tls-ca "$work/ca/root.crt" --admin 127.0.0.1:$((sp + 2)) 2>"$work/s$i.log" & pids+=($!); spids[$i]=$!
  # shellcheck disable=SC2086
  env "${base[@]}" $variant "${proxy[@]}" --listen 127.0.0.1:$cp --upstream 127.0.0.1:$sp --mtls client \
    --tls-cert "$work/client.crt" --tls-key "$work/client.key" --tls-ca "$work/ca/root.crt" --tls-server-name server.bench --admin 127.0.0.1:$((sp + 3)) 2>"$work/c$i.log" & pids+=($!); cpids[$i]=$!
  ports[$i]=$cp; i=$((i + 1))
done
for p in "${ports[@]}"; do for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done; done
h1=(); [ "$PROTO" = h1 ] && h1=(--h1)
for p in "${ports[@]}"; do h2load "${h1[@]}" -n "$WARMUP" -c 8 -m 1 "http://127.0.0.1:$p/" >/dev/null 2>&1; done
stat_of() { local t=0 c=0 k=0; for p in "$@"; do read -r -a s < "/proc/$p/stat"; t=$((t + s[13] + s[14])); k=$((k + s[14]));
  c=$((c + $(cat /proc/$p/task/*/status 2>/dev/null | awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {n+=$2} END {print n+0}'))); done; echo "$t $c $k"; }
for r in $(seq "$ROUNDS"); do
  for v in $(seq 0 $((i - 1))); do
    read -r t0 c0 k0 < <(stat_of "${cpids[$v]}" "${spids[$v]}")
    h2load "${h1[@]}" -n "$N" -c 10 -m 1 --rps 100 --log-file "$work/lat.log" "http://127.0.0.1:${ports[$v]}/" >/dev/null 2>&1
    read -r t1 c1 k1 < <(stat_of "${cpids[$v]}" "${spids[$v]}")
    lat=$(python3 -c "import sys; d=sorted(int(l.split()[2]) for l in open('$work/lat.log') if l.strip()); print(f'{d[len(d)//2]/1000:.3f} {d[int(len(d)*0.99)]/1000:.3f}')")
    if [ "$PROTO" = h1 ]; then rps=$(wrk -t2 -c32 -d"${MAXSECS}s" "http://127.0.0.1:${ports[$v]}/" | awk '/Requests\/sec/ {print $2}')
    else rps=$(h2load -c 8 -m 16 -D "$MAXSECS" "http://127.0.0.1:${ports[$v]}/" 2>/dev/null | awk '/^finished in/ {print $4}'); fi
    printf "round %d variant %d [%s]: cpu_ms_per_1000=%s (sys %s) ctxsw_per_req=%s p50/p99=%s max_rps=%s load=%s\n" "$r" "$v" "${variants[$v]}" \
      "$(( (t1 - t0) * 10 * 1000 / N ))" "$(( (k1 - k0) * 10 * 1000 / N ))" "$(echo "scale=1; ($c1 - $c0) / $N" | bc)" "$lat" "$rps" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
