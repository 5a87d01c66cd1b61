#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine with only the .NET SDK and Node.js:
# installs the pinned Azurite (npm ci), restores and builds the solution, runs every test project
# (the tests start Azurite and the DevHost themselves) and ends with one line: N passed, N failed, N skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund --loglevel=error --prefer-offline || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
dotnet build FunctionsBot.sln -c Debug -nologo -clp:ErrorsOnly || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p TestResults
rm -f TestResults/figures.log
dotnet test --solution FunctionsBot.sln -c Debug --no-build 2>&1 | tee TestResults/test.log
status=${PIPESTATUS[0]}

# The Microsoft.Testing.Platform summary totals every test project of the solution.
summary=$(sed -n '/Test run summary/,$p' TestResults/test.log)
total=$(awk '/^ *total:/ {print $2}' <<<"$summary" | tail -1)
failed=$(awk '/^ *failed:/ {print $2}' <<<"$summary" | tail -1)
passed=$(awk '/^ *succeeded:/ {print $2}' <<<"$summary" | tail -1)
skipped=$(awk '/^ *skipped:/ {print $2}' <<<"$summary" | tail -1)
if [[ -z "$total" ]]; then
  echo "no test summary found"
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ -f TestResults/figures.log ]]; then
  echo "Figures measured by the end-to-end drills:"
  cat TestResults/figures.log
fi
if [[ "$status" -ne 0 && "${failed:-0}" -eq 0 ]]; then
  # A test host crashed or a project did not run: count it as a failure, never as a pass.
  failed=1
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
