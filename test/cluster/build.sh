#!/usr/bin/env bash
# Builds the test control plane into bin/: kube-apiserver and
# kube-controller-manager from k8s.io/kubernetes, and our launcher
# (testcluster). Skips the build when nothing changed since the last one.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
start=$SECONDS
binaries=(bin/kube-apiserver bin/kube-controller-manager bin/testcluster)
stamp_file=.build-stamp
min_free_gb=8

stamp="$(cat go.mod go.sum ./*.go build.sh | sha256sum | cut -d' ' -f1)"
all_built=true
for b in "${binaries[@]}"; do [[ -x "$b" ]] || all_built=false; done
if $all_built && [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  echo "build.sh: test cluster is up to date (${binaries[*]})"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' not found on PATH; install Go 1.26 or newer to build the test cluster" >&2
  exit 1
fi

# Free space (GB) on the filesystem holding $1, or its nearest existing parent.
free_gb() {
  local path="$1"
  while [[ ! -e "$path" ]]; do path="$(dirname "$path")"; done
  df -Pk "$path" | awk 'NR == 2 { print int($4 / 1024 / 1024) }'
}
for dir in "$(go env GOMODCACHE)" "$(go env GOCACHE)" "$PWD"; do
  free="$(free_gb "$dir")"
  if ((free < min_free_gb)); then
    echo "build.sh: only ${free} GB free under $dir; building the test cluster needs about ${min_free_gb} GB" >&2
    exit 1
  fi
done

echo "build.sh: building kube-apiserver, kube-controller-manager and testcluster (a cold build takes several minutes)"
rm -f "$stamp_file"
go build -trimpath -buildvcs=false -ldflags='-s -w' -o bin/ \
  k8s.io/kubernetes/cmd/kube-apiserver \
  k8s.io/kubernetes/cmd/kube-controller-manager \
  .
echo "$stamp" >"$stamp_file"
echo "build.sh: built ${binaries[*]} in $((SECONDS - start)) s"
