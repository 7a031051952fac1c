#!/usr/bin/env bash
# Publishes the lean sidecar / standalone proxy: one self-contained `weft-proxy` executable, NativeAOT by default
# (WEFT_PROXY_BUILD=jit: trimmed single file on the .NET 10 runtime instead); no .NET install needed where it runs.
# Idle RSS figures in bench/mesh/RESULTS.md (framework-dependent ~55 MB).
# Usage: scripts/publish-proxy.sh [OUT_DIR=out/weft-proxy] [RID=linux-x64]   →  OUT_DIR/weft-proxy
#        scripts/publish-proxy.sh --if-changed   →  .weft/proxy/weft-proxy, only when its sources changed since the
#        last publish (./weft and ./test.sh run this; the local cluster's sidecars run that binary when it is there,
#        see src/Weft.Local/Mesh/SidecarProgram.cs). Adds ~40 s (NativeAOT, 2 cores) when the proxy's sources changed, ~0.01 s when up to date.
# (a relative OUT_DIR is taken from the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--if-changed" ]; then
  out=.weft/proxy; stamp="$out/.published"
  # Only the proxy's own sources (Weft.Proxy → Weft.Mesh → Weft.Api) and the build settings count.
  stale() {
    [ ! -x "$out/weft-proxy" ] || [ ! -f "$stamp" ] && return 0
    [ "$(cat "$stamp")" != "${WEFT_PROXY_BUILD:-aot}" ] && return 0 # built the other way
    [ -n "$(find src/Weft.Proxy src/Weft.Mesh src/Weft.Api Directory.Build.props Directory.Packages.props scripts/publish-proxy.sh \
        \( -name bin -o -name obj \) -prune -o -newer "$stamp" \
        -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.sh' \) -print -quit 2>/dev/null)" ]
  }
  stale || exit 0
  mkdir -p "$out"
  exec 8>.weft/proxy.lock
  flock 8
  stale || exit 0
  echo "weft: publishing the lean sidecar proxy (sources changed)..." >&2
  echo "${WEFT_PROXY_BUILD:-aot}" > "$stamp.next"
  "$0" "$out" >&2
  mv "$stamp.next" "$stamp"
  exit 0
fi
out="${1:-out/weft-proxy}"; rid="${2:-linux-x64}"
case "${WEFT_PROXY_BUILD:-aot}" in
  aot)
    # NativeAOT (idle RSS 16 MB plain, 23 MB with mTLS; ~40 s to compile on 2 cores), compiled for net9.0 because
    # .NET 10's NativeAOT runtime pack is not in the package mirror here (Directory.Build.props). Its own artifacts
    # directory keeps the net9.0 restore away from the solution's net10.0 obj/ folders.
    dotnet publish src/Weft.Proxy -c Release -p:WeftProxyAot=true -r "$rid" --artifacts-path .weft/aot-build -o "$out" -v q -clp:ErrorsOnly --nologo
    ;;
  jit)
    # Trimmed self-contained single file on .NET 10 (idle RSS 27 MB plain, 34 MB with mTLS). The trimmer's output is
    # cached in obj/; a stale copy from other switches would be bundled silently, so start clean.
    rm -rf "src/Weft.Proxy/obj/Release/net10.0/$rid/linked"
    dotnet publish src/Weft.Proxy -c Release -p:WeftTrim=true -r "$rid" -o "$out" -v q -clp:ErrorsOnly --nologo
    ;;
  *) echo "WEFT_PROXY_BUILD: aot or jit, not '${WEFT_PROXY_BUILD}'" >&2; exit 2 ;;
esac
rm -f "$out"/*.pdb "$out"/*.dbg
echo "$out/weft-proxy ($(du -h "$out/weft-proxy" | cut -f1))"
