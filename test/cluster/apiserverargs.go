package main

import (
	"flag"
	"strings"
)

// argList collects a repeatable string flag.
type argList []string

func (l *argList) String() string       { return strings.Join(*l, " ") }
func (l *argList) Set(arg string) error { *l = append(*l, arg); return nil }

// extraAPIServerArgs are kube-apiserver flags a test adds for a control plane
// of its own, e.g. --watch-cache=false and a short --etcd-compaction-interval
// so that a watch resumed from an old resourceVersion gets 410 Gone. They come
// after the launcher's own flags, so they also override them.
var extraAPIServerArgs argList

func init() {
	flag.Var(&extraAPIServerArgs, "apiserver-arg", "an extra kube-apiserver flag (repeatable), e.g. --apiserver-arg=--watch-cache=false")
}
