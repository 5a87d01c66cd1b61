#!/usr/bin/env bash
# Runs the bot locally on a fresh machine with only the .NET SDK and Node.js: installs the pinned
# Azurite (npm ci), builds, starts Azurite (data in .azurite/) and the Binance simulator (port 5080),
# then the bot in the DevHost (Simulated mode), which prints the health URL. Ctrl+C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules/azurite || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error --prefer-offline
fi
dotnet build src/FunctionsBot.DevHost -c Debug -nologo -clp:ErrorsOnly
dotnet build src/FunctionsBot.Simulator -c Debug -nologo -clp:ErrorsOnly

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "FunctionsBot stopped."
}
trap cleanup EXIT INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_open 10000 && port_open 10002; then
  echo "Azurite (or another storage emulator) already answers on 10000/10002; using it."
else
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js --location .azurite --silent --skipApiVersionCheck --disableTelemetry \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  pids+=($!)
  for _ in $(seq 1 100); do port_open 10000 && port_open 10002 && break; sleep 0.2; done
  port_open 10002 || { echo "Azurite did not start on 127.0.0.1:10000/10002." >&2; exit 1; }
  echo "Azurite running (data in .azurite/)."
fi

if port_open 5080; then
  echo "Something already answers on 127.0.0.1:5080; using it as the exchange simulator."
else
  (cd src/FunctionsBot.Simulator/bin/Debug/net10.0 && exec dotnet FunctionsBot.Simulator.dll) &
  pids+=($!)
  for _ in $(seq 1 100); do port_open 5080 && break; sleep 0.2; done
  port_open 5080 || { echo "The exchange simulator did not start on 127.0.0.1:5080." >&2; exit 1; }
fi

(cd src/FunctionsBot.DevHost/bin/Debug/net10.0 && exec dotnet FunctionsBot.DevHost.dll "$@") &
pids+=($!)
wait "${pids[-1]}"
