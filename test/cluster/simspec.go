package main

import (
	"fmt"
	"strconv"
	"time"

	v1 "k8s.io/api/core/v1"
)

// simSpec is what a test asks the simulated kubelet to do with a pod, read
// from SIM_* environment variables of the pod's first container.
type simSpec struct {
	startDelay        time.Duration // Pending (ContainerCreating) before running
	waitingReason     string        // when set, the pod stays Pending forever
	waitingMessage    string
	unschedulable     string        // when set, the pod is never bound: PodScheduled=False, Unschedulable, with this message
	run               time.Duration // Running before the container exits
	exitCode          int32
	terminatedMessage string
}

// parseSimSpec reads the spec; unparseable values fall back to the default
// and are reported in the returned warnings.
func parseSimSpec(pod *v1.Pod) (simSpec, []string) {
	spec := simSpec{run: time.Second}
	var warnings []string
	if len(pod.Spec.Containers) == 0 {
		return spec, nil
	}
	env := map[string]string{}
	for _, e := range pod.Spec.Containers[0].Env {
		env[e.Name] = e.Value
	}
	seconds := func(name string, def time.Duration) time.Duration {
		raw, ok := env[name]
		if !ok {
			return def
		}
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || f < 0 || f > 1e6 {
			warnings = append(warnings, fmt.Sprintf("%s=%q is not a number of seconds; using %v", name, raw, def))
			return def
		}
		return time.Duration(f * float64(time.Second))
	}
	spec.startDelay = seconds("SIM_START_DELAY_SECONDS", 0)
	spec.run = seconds("SIM_RUN_SECONDS", time.Second)
	if raw, ok := env["SIM_EXIT_CODE"]; ok {
		code, err := strconv.ParseInt(raw, 10, 32)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("SIM_EXIT_CODE=%q is not an integer; using 0", raw))
			code = 0
		}
		spec.exitCode = int32(code)
	}
	spec.waitingReason = env["SIM_WAITING_REASON"]
	spec.waitingMessage = env["SIM_WAITING_MESSAGE"]
	spec.terminatedMessage = env["SIM_TERMINATED_MESSAGE"]
	spec.unschedulable = env["SIM_UNSCHEDULABLE_MESSAGE"]
	return spec, warnings
}

// containerLog is the log text of the named container: its own SIM_LOG, or
// the first container's when it has none.
func containerLog(pod *v1.Pod, container string) string {
	var first string
	for i, c := range pod.Spec.Containers {
		for _, e := range c.Env {
			if e.Name != "SIM_LOG" {
				continue
			}
			if c.Name == container {
				return e.Value
			}
			if i == 0 {
				first = e.Value
			}
		}
	}
	return first
}
