#!/usr/bin/env bash
# Installs the Debian packages Weft needs, only when some are missing.
#   install-deps.sh runtime   what `weft` itself uses (iproute2, nftables, ...)
#   install-deps.sh test      runtime + the real clients the tests drive (curl, dig, reference CNI plugins, promtool, ...)
#   install-deps.sh bench     test + the peers the benchmarks compare against (haproxy, nginx, wrk, h2load, iperf3)
set -euo pipefail
# gcc, libc6-dev, zlib1g-dev: link the NativeAOT sidecar proxy (scripts/publish-proxy.sh, run by ./weft).
runtime=(iproute2 nftables conntrack procps util-linux gcc libc6-dev zlib1g-dev)
test=(curl dnsutils containernetworking-plugins iptables prometheus nghttp2-client python3)
bench=(haproxy nginx-light wrk iperf3 hyperfine dnsperf)
case "${1:-test}" in
  runtime) want=("${runtime[@]}") ;;
  test) want=("${runtime[@]}" "${test[@]}") ;;
  bench) want=("${runtime[@]}" "${test[@]}" "${bench[@]}") ;;
  *) echo "usage: $0 runtime|test|bench" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "weft: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "weft: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
