package main

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

func TestActionFor(t *testing.T) {
	tests := map[string]struct {
		sig  os.Signal
		down bool
		want apiserverAction
	}{
		"SIGUSR1 restarts a running apiserver": {sig: syscall.SIGUSR1, down: false, want: restart},
		"SIGUSR2 kills a running apiserver":    {sig: syscall.SIGUSR2, down: false, want: kill},
		"SIGUSR2 revives a killed apiserver":   {sig: syscall.SIGUSR2, down: true, want: revive},
		"SIGUSR1 revives a killed apiserver":   {sig: syscall.SIGUSR1, down: true, want: revive},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := actionFor(tc.sig, tc.down); got != tc.want {
				t.Errorf("actionFor(%v, %v) = %v, want %v", tc.sig, tc.down, got, tc.want)
			}
		})
	}
}

func TestKillEndsAChildThatIgnoresSIGTERMAtOnce(t *testing.T) {
	ch, err := startChild(t.TempDir(), "stubborn", "/bin/sh", []string{"-c", `trap "" TERM; sleep 60 & wait`})
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	ch.kill()
	if elapsed := time.Since(began); elapsed >= stopGrace {
		t.Errorf("kill took %v; a SIGKILL must not wait for the %v grace period", elapsed, stopGrace)
	}
	var exit *exec.ExitError
	if !errors.As(ch.err, &exit) {
		t.Fatalf("child exit = %v, want an exit error", ch.err)
	}
	status := exit.Sys().(syscall.WaitStatus)
	if !status.Signaled() || status.Signal() != syscall.SIGKILL {
		t.Errorf("child ended with %v, want killed by SIGKILL", status)
	}
}
