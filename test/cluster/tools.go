//go:build tools

// Package main lists the Kubernetes commands that build.sh compiles, so that
// `go mod tidy` keeps their dependencies in go.mod and go.sum.
package main

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
