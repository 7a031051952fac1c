#!/usr/bin/env bash
# CPU profile of the Weft proxy pair under load: perf record on both proxies while h2load drives the chain.
# Usage: WEFT_BIN=DIR bench/mesh/profile.sh [h1|h2] [seconds]   (needs perf; JIT frames via DOTNET_PerfMapEnabled)
# Prints the top symbols of each proxy (client side first, then server side).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
proto="${1:-h2}"; secs="${2:-5}"
work="$(mktemp -d /tmp/wtmesh-prof-XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
bin="${WEFT_BIN:?WEFT_BIN=prebuilt weft output directory}"
weft() { dotnet "$bin/weft.dll" "$@"; }
weft mesh ca init --dir "$work/ca" >/dev/null
weft mesh issue --ca-dir "$work/ca" -n bench --service-account client --out-cert "$work/client.crt" --out-key "$work/client.key" >/dev/null
weft mesh issue --ca-dir "$work/ca" -n bench --service-account server --out-cert "$work/server.crt" --out-key "$work/server.key" >/dev/null
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<NG
daemon off; master_process off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi; keepalive_requests 1000000;
  server { listen 127.0.0.1:18180; location / { default_type text/plain; return 200 "hello from upstream\n"; } } }
NG
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" & pids+=($!)
env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_gcServer=0 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 ${WEFT_ENV:-})
env "${env[@]}" dotnet "$bin/weft.dll" proxy --listen 127.0.0.1:19543 --upstream 127.0.0.1:18180 --upstream-protocol http1 --mtls server \
  --tls-cert "$work/server.crt" --tls-key "$work/server.key" --tls-ca "$work/ca/root.crt" --admin 127.0.0.1:14292 2>"$work/s.log" & pids+=($!); server=$!
env "${env[@]}" dotnet "$bin/weft.dll" proxy --listen 127.0.0.1:19181 --upstream 127.0.0.1:19543 --mtls client \
  --tls-cert "$work/client.crt" --tls-key "$work/client.key" --tls-ca "$work/ca/root.crt" --tls-server-name server.bench --admin 127.0.0.1:14291 2>"$work/c.log" & pids+=($!); client=$!
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:19181/ && break; sleep 0.1; done
h1=(); [ "$proto" = h1 ] && h1=(--h1)
h2load "${h1[@]}" -n "${WARMUP:-20000}" -c 8 -m 4 http://127.0.0.1:19181/ >/dev/null 2>&1
h2load "${h1[@]}" -c 8 -m 16 -D $((secs + 2)) http://127.0.0.1:19181/ > "$work/load.out" 2>&1 & load=$!
sleep 1
perf record -F 499 -g -o "$work/c.data" -p "$client" -- sleep "$secs" 2>"$work/perf-c.err" & perfc=$!
perf record -F 499 -g -o "$work/s.data" -p "$server" -- sleep "$secs" 2>"$work/perf-s.err" || { cat "$work/perf-s.err"; exit 1; }
wait "$perfc" || cat "$work/perf-c.err"; wait "$load" || true
grep -E "finished in|requests:" "$work/load.out"
for side in c s; do
  echo "## $side: top symbols (self)"
  perf report -i "$work/$side.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null | grep -v '^#' | grep -E '^ +[0-9]' | head -n "${TOP:-40}" || true
  echo "## $side: by dso"
  perf report -i "$work/$side.data" --no-children --sort dso -g none --stdio 2>/dev/null | grep -v '^#' | grep -E '^ +[0-9]' | head -n 12 || true
done
