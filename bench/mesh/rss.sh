#!/usr/bin/env bash
# Idle memory of one weft-proxy: RSS / PSS / private (clean+dirty), after start-up, after 2 requests and after a
# short burst (h2load 20,000 h1 requests), each variant started side by side against one nginx.
# Usage: bench/mesh/rss.sh "LABEL=COMMAND…" …   e.g.  bench/mesh/rss.sh "fdd=dotnet src/Weft.Proxy/bin/Release/net10.0/weft-proxy.dll"
set -euo pipefail
work="$(mktemp -d /tmp/wtmesh-rss-XXXXXX)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NG
daemon off; master_process off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:18380; location / { default_type text/plain; return 200 "hello\n"; } } }
NG
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & pids+=($!)
mem() { local r=0 p=0 u=0; while read -r k v _; do case "$k" in Rss:) r=$v;; Pss:) p=$v;; Private_Clean:|Private_Dirty:) u=$((u+v));; esac; done < "/proc/$1/smaps_rollup"
  printf "%.1f / %.1f / %.1f" "$(echo "$r/1024" | bc -l)" "$(echo "$p/1024" | bc -l)" "$(echo "$u/1024" | bc -l)"; }
declare -a labels ppids ports; i=0
for spec in "$@"; do
  label="${spec%%=*}"; cmd="${spec#*=}"; port=$((19700 + i))
  # shellcheck disable=SC2086
  env ${RSS_ENV:-} $cmd --listen 127.0.0.1:$port --upstream 127.0.0.1:18380 --upstream-protocol http1 --admin 127.0.0.1:$((port + 50)) 2>"$work/$i.log" & pids+=($!)
  labels[$i]="$label"; ppids[$i]=$!; ports[$i]=$port; i=$((i + 1))
done
for p in "${ports[@]}"; do for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$p/" && break; sleep 0.1; done; done
sleep 2
echo "| variant | after start + 1 request | after 2 requests | after 20,000 requests (idle 3 s) |"
echo "|---|---|---|---|"
declare -a a b
for v in $(seq 0 $((i - 1))); do a[$v]=$(mem "${ppids[$v]}"); curl -s -o /dev/null "http://127.0.0.1:${ports[$v]}/"; done
for v in $(seq 0 $((i - 1))); do b[$v]=$(mem "${ppids[$v]}"); h2load --h1 -n 20000 -c 8 "http://127.0.0.1:${ports[$v]}/" >/dev/null 2>&1; done
sleep 3
for v in $(seq 0 $((i - 1))); do printf "| %s | %s | %s | %s |\n" "${labels[$v]}" "${a[$v]}" "${b[$v]}" "$(mem "${ppids[$v]}")"; done
