// Command testcluster starts a throwaway Kubernetes control plane for tests:
// embedded etcd, kube-apiserver and kube-controller-manager as child
// processes, and a simulated node that runs pods as their SIM_* variables
// say. Once ready it prints one JSON line on stdout, then runs until SIGTERM,
// SIGINT or the end of its stdin. See README.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// readyTimeout bounds the whole start, from nothing to the JSON line.
const readyTimeout = 120 * time.Second

// readyLine is the launcher's whole stdout.
type readyLine struct {
	Ready      bool   `json:"ready"`
	Kubeconfig string `json:"kubeconfig"`
	Server     string `json:"server"`
	Token      string `json:"token"`
	Dir        string `json:"dir"`
}

// stopRequest is the cancel cause when the launcher is asked to stop.
type stopRequest struct{ why string }

func (s stopRequest) Error() string { return "stop requested: " + s.why }

func main() {
	keepDir := flag.Bool("keep-dir", false, "keep the temporary folder (logs, etcd data) after exit")
	flag.Parse()
	os.Exit(run(*keepDir))
}

func run(keepDir bool) int {
	ctx, stop := context.WithCancelCause(context.Background())
	go stopOnSignal(stop)
	go stopOnStdinEOF(stop)

	c, err := newCluster(keepDir, stop)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testcluster: cannot prepare:", err)
		return 1
	}
	defer c.shutdown()

	startCtx, cancel := context.WithTimeout(ctx, readyTimeout)
	err = c.start(startCtx)
	cancel()
	if err != nil {
		return report(err, false)
	}
	line, _ := json.Marshal(readyLine{
		Ready: true, Kubeconfig: c.admin.kubeconfigFile, Server: c.admin.server, Token: c.admin.token, Dir: c.dir,
	})
	fmt.Println(string(line))
	c.log.Info("ready", "after", time.Since(c.began).Round(time.Millisecond).String())

	<-ctx.Done()
	return report(context.Cause(ctx), true)
}

// report explains why the launcher stops, and gives its exit code: 0 only
// for a stop requested after the cluster was ready.
func report(err error, wasReady bool) int {
	var stopped stopRequest
	if errors.As(err, &stopped) {
		if !wasReady {
			fmt.Fprintln(os.Stderr, "testcluster: stopped before ready:", stopped.why)
			return 1
		}
		fmt.Fprintln(os.Stderr, "testcluster: stopping:", stopped.why)
		return 0
	}
	var failed *componentError
	if errors.As(err, &failed) {
		fmt.Fprintf(os.Stderr, "testcluster: %s failed: %v\n", failed.component, failed.err)
		if failed.logPath != "" {
			fmt.Fprintf(os.Stderr, "--- last %d lines of %s ---\n%s\n", logTailLines, failed.logPath, tailFile(failed.logPath, logTailLines))
		}
		return 1
	}
	fmt.Fprintln(os.Stderr, "testcluster: failed:", err)
	return 1
}

func stopOnSignal(stop context.CancelCauseFunc) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	sig := <-signals
	stop(stopRequest{why: sig.String()})
}

// stopOnStdinEOF stops the launcher when its parent goes away: the parent
// holds the write end of our stdin, and the kernel closes it when it dies.
func stopOnStdinEOF(stop context.CancelCauseFunc) {
	_, _ = io.Copy(io.Discard, os.Stdin)
	stop(stopRequest{why: "stdin closed"})
}
