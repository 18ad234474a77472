package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// start brings the cluster up in order and returns once it is ready for
// tests: apiserver ready, controllers working, node Ready.
func (c *cluster) start(ctx context.Context) error {
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	etcdClientPort, etcdPeerPort, apiPort := ports[0], ports[1], ports[2]
	if c.pki, err = newPKI(c.dir); err != nil {
		return err
	}
	server := fmt.Sprintf("https://127.0.0.1:%d", apiPort)
	if c.admin, err = newAdmin(c.dir, server, c.pki.caCertPEM); err != nil {
		return err
	}
	if err := c.startEtcd(etcdClientPort, etcdPeerPort); err != nil {
		return err
	}
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", etcdClientPort)
	apiserver, err := c.startChild("kube-apiserver", apiserverArgs(etcdURL, apiPort, c.pki, c.admin))
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(c.admin.restConfig())
	if err != nil {
		return err
	}
	if err := waitFor(ctx, "kube-apiserver", apiserver.logPath, apiserverReady(client)); err != nil {
		return err
	}
	// Started only now: it gives up if the apiserver is not healthy in 10 s.
	kcm, err := c.startChild("kube-controller-manager", controllerManagerArgs(c.pki, c.admin))
	if err != nil {
		return err
	}
	if err := c.startSimulator(client); err != nil {
		return err
	}
	if err := waitFor(ctx, "kube-controller-manager", kcm.logPath, defaultServiceAccountExists(client)); err != nil {
		return err
	}
	if err := waitFor(ctx, "simulator", c.logPath, nodeReady(client)); err != nil {
		return err
	}
	go c.controlAPIServerOnSignals(client)
	return nil
}

// shutdown stops everything in reverse order and removes the folder. It is
// safe after a partial start.
func (c *cluster) shutdown() {
	c.stopping.Store(true)
	if c.simStop != nil {
		c.simStop()
		<-c.simDone
	}
	if c.logs != nil {
		c.logs.close()
	}
	var wg sync.WaitGroup
	c.mu.Lock()
	for _, ch := range c.children {
		wg.Go(ch.stop)
	}
	c.mu.Unlock()
	wg.Wait()
	if c.etcd != nil {
		closed := make(chan struct{})
		go func() { c.etcd.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			fmt.Fprintln(os.Stderr, "testcluster: etcd did not close in 10s")
		}
	}
	c.logFile.Close()
	if c.keepDir {
		fmt.Fprintln(os.Stderr, "testcluster: kept", c.dir)
		return
	}
	if err := os.RemoveAll(c.dir); err != nil {
		fmt.Fprintln(os.Stderr, "testcluster: cannot remove", c.dir+":", err)
	}
}

func apiserverReady(client kubernetes.Interface) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err
	}
}

func defaultServiceAccountExists(client kubernetes.Interface) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := client.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		return err
	}
}

func nodeReady(client kubernetes.Interface) func(context.Context) error {
	return func(ctx context.Context) error {
		node, err := client.CoreV1().Nodes().Get(ctx, nodeName, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, cond := range node.Status.Conditions {
			if cond.Type == v1.NodeReady && cond.Status == v1.ConditionTrue {
				return nil
			}
		}
		return fmt.Errorf("node %s is not Ready", nodeName)
	}
}

// waitFor polls check until it passes. When ctx ends first, the error names
// the component: the one being waited for on a timeout, or whatever made
// the launcher stop (a crashed child, a signal).
func waitFor(ctx context.Context, component, logPath string, check func(context.Context) error) error {
	var last error
	for {
		checkCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		last = check(checkCtx)
		cancel()
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			if cause := context.Cause(ctx); cause != context.DeadlineExceeded {
				return cause
			}
			return &componentError{component: component, logPath: logPath,
				err: fmt.Errorf("not ready after %v: %v", readyTimeout, last)}
		case <-time.After(100 * time.Millisecond):
		}
	}
}
