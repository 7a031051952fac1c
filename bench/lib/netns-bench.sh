# Shared pieces of the namespace benchmarks (bench/services, bench/policy-datapath); source after setting
# `prefix` (every namespace the script creates starts with "$prefix-"), `work` (a temp dir) and `pids=()`.

[ "$(id -u)" = 0 ] || { echo "run as root (network namespaces)" >&2; rm -rf "$work"; exit 2; }

# Stops the background processes the script started (by PID), deletes its namespaces and its temp dir.
bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix-" || true); do ip netns del "$ns"; done
  rm -rf "$work"
}
trap bench_cleanup EXIT

# Builds the bench driver project at $1 (relative to the repository) and sets `driver` to the command that runs it.
build_driver() {
  local project="$root/$1" name
  name="$(basename "$1")"
  dotnet build "$project" -c Release -v q -clp:ErrorsOnly --nologo >&2
  driver=(dotnet "$project/bin/Release/net10.0/$name.dll")
}

# New-connection rate from namespace $1 to URL $2 (wrk, every request on a new connection):
# prints "requests/s avg_ms p99_ms".
measure_new_connections() {
  local ns=$1 url=$2 out
  out=$(ip netns exec "$ns" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Connection: close" "$url")
  [ -n "${DEBUG:-}" ] && echo "$out" >&2
  local rps avg p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  avg=$(awk '/^    Latency/ {print $2}' <<<"$out")
  p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
  echo "$rps $(to_ms "$avg") $(to_ms "$p99")"
}

# wrk's "12.3us" / "4.5ms" / "1.2s" as milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
# The median of the whitespace-separated numbers on standard input.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
