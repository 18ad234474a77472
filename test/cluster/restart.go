package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
)

// restartTimeout bounds one apiserver restart, from SIGTERM to /readyz.
const restartTimeout = 60 * time.Second

// restartAPIServerOnSignal restarts kube-apiserver on SIGUSR1, with the same
// flags, port and etcd, so a test can check that its clients' watches and
// requests recover from an API server that goes away and comes back. Each
// restart is logged to stderr once the new apiserver is ready.
func (c *cluster) restartAPIServerOnSignal(client kubernetes.Interface) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGUSR1)
	for range signals {
		if c.stopping.Load() {
			return
		}
		if err := c.restartAPIServer(client); err != nil {
			c.fail(err)
			return
		}
		c.log.Warn("kube-apiserver restarted")
	}
}

func (c *cluster) restartAPIServer(client kubernetes.Interface) error {
	c.mu.Lock()
	index := slices.IndexFunc(c.children, func(ch *child) bool { return ch.name == "kube-apiserver" })
	if index < 0 {
		c.mu.Unlock()
		return fmt.Errorf("no kube-apiserver to restart")
	}
	old := c.children[index]
	c.children = slices.Delete(c.children, index, index+1)
	c.mu.Unlock()
	old.replaced.Store(true)
	old.stop()
	fresh, err := c.startChild("kube-apiserver", old.args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), restartTimeout)
	defer cancel()
	return waitFor(ctx, "kube-apiserver", fresh.logPath, apiserverReady(client))
}
