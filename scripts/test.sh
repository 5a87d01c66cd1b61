#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with only the .NET SDK and Node.js:
# installs the pinned Azurite (npm ci) and Debian's Chromium (apt-get, for the dashboard's browser tests), restores and
# builds the solution (the build installs the dashboard's chart library, uPlot, with npm), runs every test project (the
# tests start Azurite, the simulator and the DevHost themselves) and ends with one line: N passed, N failed, N skipped.
# The end-to-end project (the long pole) starts as soon as it is built; the rest builds and runs beside it.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p TestResults
rm -f TestResults/figures.log

integration_pid=""
fail() {
  echo "$1"
  [[ -n "$integration_pid" ]] && kill "$integration_pid" 2>/dev/null
  echo "0 passed, 1 failed"
  exit 1
}
module() { echo "tests/$1/bin/Debug/net10.0/$1.dll"; }

npm ci --no-audit --no-fund --loglevel=error --prefer-offline > TestResults/npm.log 2>&1 &
npm_pid=$!
# The end-to-end project and all it runs (the function app in the DevHost, the simulator, the CLI, the backtester) build
# first, so that the long pole starts as soon as they are ready.
dotnet build tests/FunctionsBot.Integration.Tests -c Debug -nologo -clp:ErrorsOnly || fail "build failed"
wait "$npm_pid" || { cat TestResults/npm.log; fail "npm ci failed"; }
dotnet test --test-modules "$(module FunctionsBot.Integration.Tests)" > TestResults/integration.log 2>&1 &
integration_pid=$!

# Beside it, at a lower CPU priority so the drills keep theirs: Debian's Chromium for the dashboard's browser tests
# (Playwright never downloads a browser) ...
chromium_pid=""
if [[ ! -x /usr/bin/chromium ]]; then
  { if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" nice -n 10 apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" nice -n 10 apt-get install -y -qq chromium; } > TestResults/apt.log 2>&1 &
  chromium_pid=$!
fi
# ... and the rest of the solution. Helpers that other projects reference build first, with their references (none is the
# function app); then every other project on its own, no reference rebuilt: rebuilding the function app would rewrite
# files under the drills' running DevHosts.
# The first build's compiler and MSBuild nodes would serve these builds at full priority: they are stopped, so the builds
# below start their own, niced like them.
dotnet build-server shutdown > /dev/null 2>&1
helpers=(tests/FunctionsBot.FakeKeyVault samples/MyStrategies bench/FunctionsBot.Bench.Baseline)
for helper in "${helpers[@]}"; do
  nice -n 10 dotnet build "$helper" -c Debug -nologo -clp:ErrorsOnly || fail "build of $helper failed"
done
rest=$(dotnet sln FunctionsBot.sln list | grep -E '^(tests|samples|bench)/' \
  | grep -vE 'FunctionsBot\.(Integration\.Tests|Testing|FakeAlertReceivers|FakeKeyVault|Bench\.Baseline)/|MyStrategies/' \
  | sed 's/.*/"&"/' | paste -sd, -)
echo "{\"solution\": {\"path\": \"../FunctionsBot.sln\", \"projects\": [$rest]}}" > TestResults/rest.slnf
nice -n 10 dotnet build TestResults/rest.slnf -c Debug -nologo -clp:ErrorsOnly -p:BuildProjectReferences=false || fail "build failed"
if [[ -n "$chromium_pid" ]]; then
  # A failed install is not fatal here: the browser tests then fail, each saying that /usr/bin/chromium is missing.
  wait "$chromium_pid" || { tail -5 TestResults/apt.log; echo "apt-get install chromium failed"; }
fi

# The other projects one after another, the browser tests last.
unit=$(for dir in tests/*.Tests; do name=$(basename "$dir"); [[ "$name" != FunctionsBot.Integration.Tests && "$name" != FunctionsBot.Dashboard.Tests ]] && module "$name"; done; module FunctionsBot.Dashboard.Tests)
unit=$(paste -sd';' <<<"$unit")

nice -n 10 dotnet test --test-modules "$unit" --max-parallel-test-modules 1 2>&1 | tee TestResults/unit.log
unit_status=${PIPESTATUS[0]}
wait "$integration_pid"
integration_status=$?
cat TestResults/integration.log

# Each Microsoft.Testing.Platform run ends with a summary; the totals are their sums.
passed=0 failed=0 skipped=0
for log in TestResults/unit.log TestResults/integration.log; do
  summary=$(sed -n '/Test run summary/,$p' "$log")
  if [[ -z "$(awk '/^ *total:/ {print $2}' <<<"$summary")" ]]; then
    echo "no test summary in $log"
    failed=$((failed + 1))
    continue
  fi
  for field in failed skipped; do
    value=$(awk -v f="$field:" '$1 == f {print $2}' <<<"$summary" | tail -1)
    declare "$field=$(( ${!field} + ${value:-0} ))"
  done
  value=$(awk '$1 == "succeeded:" {print $2}' <<<"$summary" | tail -1)
  passed=$((passed + ${value:-0}))
done

if [[ -f TestResults/figures.log ]]; then
  echo "Figures measured by the end-to-end drills:"
  cat TestResults/figures.log
fi
status=0
if [[ "$unit_status" -ne 0 || "$integration_status" -ne 0 ]]; then
  status=1
  # A test host crashed or a project did not run: count it as a failure, never as a pass.
  [[ "$failed" -eq 0 ]] && failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
