#!/usr/bin/env bash
# Property-based fuzzing of the scheduler's API against its own OpenAPI document.
#
#   test/fuzz/run.sh short   about 1,000 generated requests (npm run fuzz:short, part of npm test)
#   test/fuzz/run.sh long    several thousand, and a second pass with an API token (npm run fuzz)
#
# Installs schemathesis (pinned with hashes in requirements.txt) into .fuzz-venv/, starts
# `node dist/main.js` on the local runtime on a free port with a temporary app and data folder,
# fuzzes the document that scheduler serves (/swagger-json), and fails on any failed check or
# when fewer requests than required were sent. Reports go to .fuzz-report/.
# Needs python3 with venv (Debian/Ubuntu: apt-get install python3-venv) and `npm run build` first.
# Only the local runtime is fuzzed: it needs no control plane, and the HTTP layer, the
# validation and the document are the same code on both runtimes.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-short}"
case "$mode" in
  short) examples=20 required=1000 ;;
  long) examples=150 required=3000 ;;
  *) echo "usage: $0 short|long" >&2; exit 2 ;;
esac

venv=.fuzz-venv
if ! "$venv/bin/python" -c 'import schemathesis' 2>/dev/null || ! cmp -s test/fuzz/requirements.txt "$venv/requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: -r test/fuzz/requirements.txt
  cp test/fuzz/requirements.txt "$venv/requirements.txt"
fi

work="$(mktemp -d)"
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# One job definition whose jobs end at once, so waits, log follows and the queue stay short. A
# request may not choose the program (the local runtime's default), so no job fails and retries
# past the request timeout; the served document declares command and args refused.
mkdir -p "$work/fz"
cat >"$work/radixconfig.yaml" <<'YAML'
apiVersion: radix.equinor.com/v1
kind: RadixApplication
metadata:
  name: fuzz
spec:
  environments:
    - name: dev
  jobs:
    - name: fz
      src: fz
      schedulerPort: 8000
      payload:
        path: /fz/args
      command: ["true"]
YAML

free_port() { "$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# pass NAME [TOKEN]: one scheduler, one schemathesis run, its reports in .fuzz-report/NAME/.
pass() {
  local name="$1" token="${2:-}" port report
  port="$(free_port)"
  report=".fuzz-report/$name"
  rm -rf "$report" "$work/data"
  mkdir -p "$report"
  local settings=(RADIX_CONFIG_FILE="$work/radixconfig.yaml" RADIX_COMPONENT=fz JOB_SCHEDULER_RUNTIME=local
    JOB_SCHEDULER_DATA_DIR="$work/data" JOB_SCHEDULER_PORT="$port") auth=()
  if [ -n "$token" ]; then
    settings+=(JOB_SCHEDULER_API_TOKEN="$token")
    auth=(-H "Authorization: Bearer $token")
  fi
  env "${settings[@]}" node dist/main.js >"$report/scheduler.log" 2>&1 &
  server=$!
  local status=0
  "$venv/bin/schemathesis" --config-file test/fuzz/schemathesis.toml run "http://127.0.0.1:$port/swagger-json" \
    --wait-for-schema 60 --max-examples "$examples" "${auth[@]}" \
    --report junit,vcr --report-dir "$report" --report-vcr-path "$report/cassette.yaml" \
    --report-junit-path "$report/junit.xml" || status=$?
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  "$venv/bin/python" test/fuzz/count.py "$report/cassette.yaml" "$required" || status=1
  return "$status"
}

status=0
pass open || status=$?
if [ "$mode" = long ]; then pass token "fuzz-$RANDOM$RANDOM" || status=$?; fi
exit "$status"
