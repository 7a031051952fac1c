#!/usr/bin/env bash
# Publishes the lean sidecar / standalone proxy: one self-contained, trimmed, single-file `weft-proxy` executable
# (no .NET install needed where it runs; idle RSS ~30 MB plain / ~41 MB with mTLS, framework-dependent ~55 MB — bench/mesh/RESULTS.md).
# Usage: scripts/publish-proxy.sh [OUT_DIR=out/weft-proxy] [RID=linux-x64]   →  OUT_DIR/weft-proxy
# (a relative OUT_DIR is taken from the repository root).
# For the smallest heap after load, launch it with DOTNET_GCgen0size=0x100000 (an environment-only GC setting).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/weft-proxy}"; rid="${2:-linux-x64}"
# The trimmer's output is cached in obj/; a stale copy from other switches would be bundled silently, so start clean.
rm -rf "src/Weft.Proxy/obj/Release/net10.0/$rid/linked"
dotnet publish src/Weft.Proxy -c Release -p:WeftTrim=true -r "$rid" -o "$out" -v q -clp:ErrorsOnly --nologo
rm -f "$out"/*.pdb
echo "$out/weft-proxy ($(du -h "$out/weft-proxy" | cut -f1))"
