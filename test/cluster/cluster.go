package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/client-go/kubernetes"
	"k8s.io/klog/v2"
)

// logTailLines is how much of a failed component's log is shown.
const logTailLines = 40

// componentError names the part of the cluster that failed and its log.
type componentError struct {
	component string
	logPath   string
	err       error
}

func (e *componentError) Error() string { return e.component + ": " + e.err.Error() }
func (e *componentError) Unwrap() error { return e.err }

// cluster is one run of the control plane, all of it inside dir.
type cluster struct {
	dir      string
	keepDir  bool
	began    time.Time
	fail     context.CancelCauseFunc // ends the launcher, naming the cause
	stopping atomic.Bool             // set once children are expected to exit
	log      *slog.Logger
	logPath  string
	logFile  *os.File

	pki      *pki
	admin    *admin
	etcd     *embed.Etcd
	mu       sync.Mutex // guards children: an apiserver restart replaces one
	children []*child
	logs     *logServer
	simStop  context.CancelFunc
	simDone  chan struct{}
}

func newCluster(keepDir bool, fail context.CancelCauseFunc) (*cluster, error) {
	dir, err := os.MkdirTemp("", "testcluster-")
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "testcluster.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Everything goes to testcluster.log; only warnings also to stderr.
	log := slog.New(slog.NewMultiHandler(
		slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}),
		slog.NewTextHandler(logFile, nil),
	))
	redirectKlog(logFile)
	return &cluster{
		dir: dir, keepDir: keepDir, began: time.Now(), fail: fail,
		log: log, logPath: logPath, logFile: logFile,
	}, nil
}

// redirectKlog sends client-go's own logging (reflector errors while the
// apiserver shuts down, for instance) to our log file instead of stderr.
func redirectKlog(file *os.File) {
	flags := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(flags)
	_ = flags.Set("logtostderr", "false")
	_ = flags.Set("stderrthreshold", "FATAL")
	klog.SetOutput(file)
}

// startChild runs bin/<name> from the launcher's own folder, and fails the
// launcher if it exits before we stop it.
func (c *cluster) startChild(name string, args []string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if self, err = filepath.EvalSymlinks(self); err != nil {
		return nil, err
	}
	ch, err := startChild(c.dir, name, filepath.Join(filepath.Dir(self), name), args)
	if err != nil {
		return nil, &componentError{component: name, err: err}
	}
	c.mu.Lock()
	c.children = append(c.children, ch)
	c.mu.Unlock()
	go func() {
		<-ch.done
		if !c.stopping.Load() && !ch.replaced.Load() {
			c.fail(&componentError{component: name, logPath: ch.logPath,
				err: fmt.Errorf("exited unexpectedly: %v", ch.err)})
		}
	}()
	return ch, nil
}

func (c *cluster) startEtcd(clientPort, peerPort int) error {
	logPath := filepath.Join(c.dir, "etcd.log")
	e, err := startEtcd(c.dir, clientPort, peerPort)
	if err != nil {
		return &componentError{component: "etcd", logPath: logPath, err: err}
	}
	c.etcd = e
	go func() {
		if err, ok := <-e.Err(); ok && err != nil && !c.stopping.Load() {
			c.fail(&componentError{component: "etcd", logPath: logPath, err: err})
		}
	}()
	return nil
}

func (c *cluster) startSimulator(client kubernetes.Interface) error {
	sim := newSimulator(client, c.log.With("component", "simulator"))
	logs, err := newLogServer(c.pki.servingTLS, sim.pods)
	if err != nil {
		return &componentError{component: "kubelet log server", err: err}
	}
	c.logs = logs
	go func() {
		if err := logs.serve(); err != nil && !c.stopping.Load() {
			c.fail(&componentError{component: "kubelet log server", logPath: c.logPath, err: err})
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	c.simStop, c.simDone = cancel, make(chan struct{})
	go func() {
		defer close(c.simDone)
		var wg sync.WaitGroup
		wg.Go(func() { keepNode(ctx, client, logs.port(), sim.log) })
		sim.run(ctx)
		wg.Wait()
	}()
	return nil
}
