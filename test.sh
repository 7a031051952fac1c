#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds everything, runs every test project.
# Privileged end-to-end tests need root (they create network namespaces); CI runs as root.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$root"
scripts/install-deps.sh test
dotnet build Weft.slnx -c Release --nologo -v q -clp:ErrorsOnly
# The lean sidecar proxy the mesh end-to-end tests run (their CLI lives in the test output, so the daemon is told
# where it is); republished only when the proxy's sources changed.
# A failed publish is reported, not fatal: the sidecars then run `weft mesh sidecar` (same code).
scripts/publish-proxy.sh --if-changed || echo "test.sh: publishing weft-proxy failed; sidecars fall back to 'weft mesh sidecar'" >&2
[ -x "$root/.weft/proxy/weft-proxy" ] && export WEFT_PROXY_BINARY="$root/.weft/proxy/weft-proxy"
results="$root/.weft/test-results"
rm -rf "$results"
status=0
dotnet test Weft.slnx -c Release --no-build --nologo --logger "trx" --results-directory "$results" "$@" || status=$?
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no tests ran" >&2; exit 1; fi
exit $status
