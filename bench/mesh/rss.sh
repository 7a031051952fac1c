#!/usr/bin/env bash
# Memory of weft-proxy variants, each started side by side against one nginx: RSS / PSS / private (clean+dirty) MB of
#   plain — one proxy with a plain listener: 45 s after start + 2 requests, and 45 s after a 20,000-request h2load burst
#            (settled: the idle trim runs 30–40 s after the last traffic, src/Weft.Mesh/Hosting/IdleMemoryTrim.cs);
#   mTLS   — the server proxy of an mTLS pair (client proxy → mTLS → server proxy → nginx), same two moments;
#   and both LONG_IDLE (default 200) s after the burst: the pooled keep-alive connections have closed by then (Kestrel's
#   130 s keep-alive timeout) and the trim that follows has run — a sidecar's usual idle state.
# Usage: bench/mesh/rss.sh "LABEL=COMMAND…" …   e.g.  bench/mesh/rss.sh "lean=.weft/proxy/weft-proxy"
#        "LABEL=env VAR=value … COMMAND" sets a variant's environment; RSS_ENV="VAR=value …" applies to all.
#        WEFT_BIN=DIR (a CLI build with weft.dll, default src/Weft.Cli/bin/Release/net10.0) issues the certificates.
set -euo pipefail
bin="${WEFT_BIN:-src/Weft.Cli/bin/Release/net10.0}"
work="$(mktemp -d /tmp/wtmesh-rss-XXXXXX)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dotnet "$bin/weft.dll" mesh ca init --dir "$work/ca" >/dev/null
for sa in client server; do dotnet "$bin/weft.dll" mesh issue --ca-dir "$work/ca" -n bench --service-account $sa --out-cert "$work/$sa.crt" --out-key "$work/$sa.key" >/dev/null; done
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NG
daemon off; master_process off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; keepalive_requests 1000000;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:18380; location / { default_type text/plain; return 200 "hello\n"; } } }
NG
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & pids+=($!)
mem() { local r=0 p=0 u=0; while read -r k v _; do case "$k" in Rss:) r=$v;; Pss:) p=$v;; Private_Clean:|Private_Dirty:) u=$((u+v));; esac; done < "/proc/$1/smaps_rollup"
  printf "%.1f / %.1f / %.1f" "$(echo "$r/1024" | bc -l)" "$(echo "$p/1024" | bc -l)" "$(echo "$u/1024" | bc -l)"; }
declare -a labels plain server ports; i=0
for spec in "$@"; do
  label="${spec%%=*}"; cmd="${spec#*=}"; port=$((19700 + i * 10))
  # shellcheck disable=SC2086
  env ${RSS_ENV:-} $cmd --listen 127.0.0.1:$port --upstream 127.0.0.1:18380 --upstream-protocol http1 --admin 127.0.0.1:$((port + 1)) 2>"$work/p$i.log" & pids+=($!); plain[$i]=$!
  # shellcheck disable=SC2086
  env ${RSS_ENV:-} $cmd --listen 127.0.0.1:$((port + 2)) --upstream 127.0.0.1:18380 --upstream-protocol http1 --mtls server \
    --tls-cert "$work/server.crt" --tls-key "$work/server.key" --tls-ca "$work/ca/root.crt" --admin 127.0.0.1:$((port + 3)) 2>"$work/s$i.log" & pids+=($!); server[$i]=$!
  # shellcheck disable=SC2086
  env ${RSS_ENV:-} $cmd --listen 127.0.0.1:$((port + 4)) --upstream 127.0.0.1:$((port + 2)) --mtls client --tls-cert "$work/client.crt" \
    --tls-key "$work/client.key" --tls-ca "$work/ca/root.crt" --tls-server-name server.bench --admin 127.0.0.1:$((port + 5)) 2>"$work/c$i.log" & pids+=($!)
  labels[$i]="$label"; ports[$i]=$port; i=$((i + 1))
done
for p in "${ports[@]}"; do for q in $p $((p + 4)); do for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$q/" && break; sleep 0.1; done; done; done
for p in "${ports[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$p/"; curl -s -o /dev/null "http://127.0.0.1:$((p + 4))/"; done
sleep 45
declare -a a b
for v in $(seq 0 $((i - 1))); do a[$v]="$(mem "${plain[$v]}") | $(mem "${server[$v]}")"; done
for v in $(seq 0 $((i - 1))); do
  h2load --h1 -n 20000 -c 8 "http://127.0.0.1:${ports[$v]}/" >/dev/null 2>&1
  h2load --h1 -n 20000 -c 8 "http://127.0.0.1:$((ports[v] + 4))/" >/dev/null 2>&1
done
sleep 45
for v in $(seq 0 $((i - 1))); do b[$v]="$(mem "${plain[$v]}") | $(mem "${server[$v]}")"; done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC" >&2
sleep $(( ${LONG_IDLE:-200} - 45 ))
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M:%S) UTC"
echo "| variant | plain, idle | mTLS server, idle | plain, 45 s after 20,000 requests | mTLS server, 45 s after 20,000 requests | plain, ${LONG_IDLE:-200} s after | mTLS server, ${LONG_IDLE:-200} s after |"
echo "|---|---|---|---|---|---|---|"
for v in $(seq 0 $((i - 1))); do printf "| %s | %s | %s | %s | %s |\n" "${labels[$v]}" "${a[$v]}" "${b[$v]}" "$(mem "${plain[$v]}")" "$(mem "${server[$v]}")"; done
