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

// restartTimeout bounds one apiserver restart or revival, from the stop to /readyz.
const restartTimeout = 60 * time.Second

// apiserverAction is what one signal does to kube-apiserver.
type apiserverAction int

const (
	restart apiserverAction = iota // graceful stop, then start
	kill                           // SIGKILL, and stay down
	revive                         // start the killed one again
)

// actionFor decides what a signal does, given whether kube-apiserver is down
// (killed and not revived yet). SIGUSR1 restarts a running apiserver and
// revives a killed one; SIGUSR2 toggles between killed and running.
func actionFor(sig os.Signal, down bool) apiserverAction {
	switch {
	case down:
		return revive
	case sig == syscall.SIGUSR2:
		return kill
	default:
		return restart
	}
}

// controlAPIServerOnSignals restarts, kills and revives kube-apiserver on
// SIGUSR1 and SIGUSR2 (see actionFor), with the same flags, port and etcd,
// so a test can check that its clients recover from an API server that goes
// away, gracefully or not, and comes back. Each change is logged to stderr
// once done: "kube-apiserver restarted" and "kube-apiserver revived" once the
// new apiserver is ready, "kube-apiserver killed" once the old one is gone.
func (c *cluster) controlAPIServerOnSignals(client kubernetes.Interface) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGUSR1, syscall.SIGUSR2)
	var killed *child // the apiserver while it is down
	for sig := range signals {
		if c.stopping.Load() {
			return
		}
		var err error
		var done string
		switch actionFor(sig, killed != nil) {
		case restart:
			err, done = c.restartAPIServer(client), "restarted"
		case kill:
			killed, err = c.detachAPIServer()
			if err == nil {
				killed.kill()
			}
			done = "killed"
		case revive:
			err, done = c.startAPIServer(client, killed.args), "revived"
			killed = nil
		}
		if err != nil {
			c.fail(err)
			return
		}
		c.log.Warn("kube-apiserver " + done)
	}
}

func (c *cluster) restartAPIServer(client kubernetes.Interface) error {
	old, err := c.detachAPIServer()
	if err != nil {
		return err
	}
	old.stop()
	return c.startAPIServer(client, old.args)
}

// detachAPIServer takes kube-apiserver off the children, and marks it
// replaced, so that its exit is no failure.
func (c *cluster) detachAPIServer() (*child, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	index := slices.IndexFunc(c.children, func(ch *child) bool { return ch.name == "kube-apiserver" })
	if index < 0 {
		return nil, fmt.Errorf("no kube-apiserver running")
	}
	old := c.children[index]
	c.children = slices.Delete(c.children, index, index+1)
	old.replaced.Store(true)
	return old, nil
}

func (c *cluster) startAPIServer(client kubernetes.Interface, args []string) error {
	fresh, err := c.startChild("kube-apiserver", args)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), restartTimeout)
	defer cancel()
	return waitFor(ctx, "kube-apiserver", fresh.logPath, apiserverReady(client))
}
