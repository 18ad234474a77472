#!/usr/bin/env bash
# Builds helm into bin/ from its Go module (helm.sh/helm/v3, pinned in
# go.mod), so the chart tests need no helm on the machine. Skips the build
# when nothing changed since the last one.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
start=$SECONDS
binary=bin/helm
stamp_file=.build-stamp

stamp="$(cat go.mod go.sum ./*.go build.sh | sha256sum | cut -d' ' -f1)"
if [[ -x "$binary" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  echo "build.sh: helm is up to date ($binary)"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' not found on PATH; install Go 1.26 or newer to build helm" >&2
  exit 1
fi

echo "build.sh: building helm (a cold build takes a few minutes)"
rm -f "$stamp_file"
go build -trimpath -buildvcs=false -ldflags='-s -w' -o bin/ helm.sh/helm/v3/cmd/helm
echo "$stamp" >"$stamp_file"
echo "build.sh: built $binary in $((SECONDS - start)) s"
