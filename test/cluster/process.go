package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// stopGrace is how long a child gets between SIGTERM and SIGKILL.
const stopGrace = 5 * time.Second

// child is a control-plane binary running as our child process, with its
// stdout and stderr going to one log file.
type child struct {
	name     string
	args     []string
	logPath  string
	cmd      *exec.Cmd
	done     chan struct{} // closed when the process has exited
	err      error         // exit error, valid after done is closed
	replaced atomic.Bool   // set before a deliberate restart, so its exit is no failure
}

// startChild starts binary with args, logging to <dir>/<name>.log (appending,
// so a restarted child's log follows its predecessor's).
func startChild(dir, name, binary string, args []string) (*child, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		// Own process group, so stop() also reaches anything the child forks.
		Setpgid: true,
		// The kernel kills the child if the launcher dies without cleaning up
		// (e.g. SIGKILL), so no kube-apiserver outlives a crashed test run.
		Pdeathsig: syscall.SIGKILL,
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, args: args, logPath: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		logFile.Close()
		close(c.done)
	}()
	return c, nil
}

// stop sends SIGTERM to the child's process group, then SIGKILL after
// stopGrace, and waits for the child to exit.
func (c *child) stop() {
	pgid := -c.cmd.Process.Pid
	_ = syscall.Kill(pgid, syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(stopGrace):
		_ = syscall.Kill(pgid, syscall.SIGKILL)
		<-c.done
	}
	// Anything left in the group (nothing, normally) goes too.
	_ = syscall.Kill(pgid, syscall.SIGKILL)
}

// kill sends SIGKILL to the child's process group at once, as a crash or
// the OOM killer would, and waits for the child to exit.
func (c *child) kill() {
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-c.done
}

// tailFile returns the last n lines of the file at path.
func tailFile(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	defer f.Close()
	var lines []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}
