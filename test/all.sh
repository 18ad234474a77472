#!/usr/bin/env bash
# npm test: every check and every test, in this order, stopping at the first step that fails.
# Prints how long each step took and the whole, so that a slower suite is seen when it grows.
set -uo pipefail
cd "$(dirname "$0")/.."
steps=(client:check typecheck lint boundaries build fuzz:short cluster:build helm:build cluster:test jest test:lts)
start=$SECONDS
took=()
summary() {
  echo
  echo "npm test: $1"
  printf '%s\n' "${took[@]}"
  printf '%6d s  in all\n' $((SECONDS - start))
}
for step in "${steps[@]}"; do
  began=$SECONDS
  npm run "$step"
  status=$?
  took+=("$(printf '%6d s  %s' $((SECONDS - began)) "$step")")
  if [ "$status" -ne 0 ]; then
    summary "failed at $step (exit $status)"
    exit "$status"
  fi
done
summary "passed"
