#!/usr/bin/env bash
# Publishes the lean sidecar / standalone proxy: one self-contained, trimmed, single-file `weft-proxy` executable
# (no .NET install needed where it runs; idle RSS figures in bench/mesh/RESULTS.md, framework-dependent ~55 MB).
# Usage: scripts/publish-proxy.sh [OUT_DIR=out/weft-proxy] [RID=linux-x64]   →  OUT_DIR/weft-proxy
#        scripts/publish-proxy.sh --if-changed   →  .weft/proxy/weft-proxy, only when its sources changed since the
#        last publish (./weft and ./test.sh run this; the local cluster's sidecars run that binary when it is there,
#        see src/Weft.Local/Mesh/SidecarProgram.cs). Adds ~13 s after a solution build (2 cores, load 5.5), ~0.01 s when up to date.
# (a relative OUT_DIR is taken from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--if-changed" ]; then
  out=.weft/proxy; stamp="$out/.published"
  # Only the proxy's own sources (Weft.Proxy → Weft.Mesh → Weft.Api) and the build settings count.
  stale() {
    [ ! -x "$out/weft-proxy" ] || [ ! -f "$stamp" ] && return 0
    [ -n "$(find src/Weft.Proxy src/Weft.Mesh src/Weft.Api Directory.Build.props Directory.Packages.props \
        \( -name bin -o -name obj \) -prune -o -newer "$stamp" \
        -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) -print -quit 2>/dev/null)" ]
  }
  stale || exit 0
  mkdir -p "$out"
  exec 8>.weft/proxy.lock
  flock 8
  stale || exit 0
  echo "weft: publishing the lean sidecar proxy (sources changed)..." >&2
  touch "$stamp.next"
  "$0" "$out" >&2
  mv "$stamp.next" "$stamp"
  exit 0
fi
out="${1:-out/weft-proxy}"; rid="${2:-linux-x64}"
# The trimmer's output is cached in obj/; a stale copy from other switches would be bundled silently, so start clean.
rm -rf "src/Weft.Proxy/obj/Release/net10.0/$rid/linked"
dotnet publish src/Weft.Proxy -c Release -p:WeftTrim=true -r "$rid" -o "$out" -v q -clp:ErrorsOnly --nologo
rm -f "$out"/*.pdb
echo "$out/weft-proxy ($(du -h "$out/weft-proxy" | cut -f1))"
