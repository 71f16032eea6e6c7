#!/usr/bin/env bash
# The whole test suite, on a machine that has only the .NET SDK, node and apt:
# installs the real servers the tests run against when they are missing, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Real peers the integration tests start on loopback (each test picks its own free ports).
APT_PACKAGES=(redis-server victoria-metrics mosquitto mosquitto-clients chromium fonts-noto-cjk postgresql-15 python3-aiosmtpd iproute2)

# Peers from npm (clients we did not write), installed when missing.
if [ ! -d tests/interop/node_modules/@grpc/grpc-js ] || [ ! -d tests/interop/node_modules/@grpc/proto-loader ] || [ ! -d tests/interop/node_modules/mqtt ]; then
  (cd tests/interop && npm ci --no-audit --no-fund >/dev/null)
fi

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "tests/run.sh: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The suite starts about a hundred short-lived .NET processes (silos, clusters, simulators): dynamic PGO's
# instrumented tier cost each about 2 s of CPU it never paid back (measured on a demo silo's start, 20 %).
export DOTNET_TieredPGO=0

configuration="${CONFIGURATION:-Release}"
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build GridDispatch.sln -c "$configuration" -warnaserror -nologo -v quiet

status=0
dotnet test GridDispatch.sln -c "$configuration" --no-build --nologo \
  --results-directory "$results" --logger "trx" \
  --blame-hang-timeout 8m --blame-hang-dump-type mini "$@" \
  2>&1 | tee "$results/console.log" || status=$?

# One plain closing line across all test assemblies, for humans and CI.
awk '
  /(Passed|Failed)! *- *Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
    seen = 1
  }
  END { if (seen) printf "tests: %d passed, %d failed, %d skipped\n", p, f, s; else print "tests: 0 passed, 1 failed (no test summary found)" }
' "$results/console.log"
exit "$status"
