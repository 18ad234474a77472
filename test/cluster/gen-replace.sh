#!/usr/bin/env bash
# Prints the go.mod replace block that pins every Kubernetes staging module
# (k8s.io/kubernetes replaces them with local folders, which a dependency's
# go.mod cannot do for us) to the published v0.<minor>.<patch> tag.
# Usage: bash gen-replace.sh v1.37.2 > replace.txt, then paste into go.mod.
set -euo pipefail
k8s_version="${1:?usage: gen-replace.sh <k8s.io/kubernetes version, e.g. v1.37.2>}"
staging_version="v0.${k8s_version#v1.}"
gomod="$(go mod download -json "k8s.io/kubernetes@${k8s_version}" |
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
echo "replace ("
grep -E '^[[:space:]]*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" |
  awk -v v="$staging_version" '{ printf "\t%s => %s %s\n", $1, $1, v }'
echo ")"
