//go:build tools

// Package main lists the helm command that build.sh compiles, so that
// `go mod tidy` keeps its dependencies in go.mod and go.sum.
package main

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
