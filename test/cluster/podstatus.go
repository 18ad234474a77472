package main

import (
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// stage is where a bound pod is in its simulated life. It is derived from
// the pod's status alone, so a restarted simulator picks up where it left.
type stage int

const (
	stageNew      stage = iota // bound, no status written yet
	stageWaiting               // Pending, containers waiting
	stageRunning               // first container running
	stageFinished              // Succeeded or Failed: never touched again
)

func podStage(pod *v1.Pod) stage {
	switch {
	case pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed:
		return stageFinished
	case pod.Status.StartTime == nil:
		return stageNew
	case len(pod.Status.ContainerStatuses) > 0 && pod.Status.ContainerStatuses[0].State.Running != nil:
		return stageRunning
	default:
		return stageWaiting
	}
}

// stageStart is when the pod entered its current stage, as recorded in its
// status (to the second: the API stores times without fractions).
func stageStart(pod *v1.Pod) time.Time {
	switch podStage(pod) {
	case stageWaiting:
		return pod.Status.StartTime.Time
	case stageRunning:
		return pod.Status.ContainerStatuses[0].State.Running.StartedAt.Time
	}
	return time.Time{}
}

// nextStatus decides the pod's next status. It returns nil when nothing is
// to be written now, and after > 0 when the pod must be looked at again then.
// since is when the current stage started.
func nextStatus(pod *v1.Pod, spec simSpec, since, now time.Time) (status *v1.PodStatus, after time.Duration) {
	switch podStage(pod) {
	case stageNew:
		if spec.waitingReason != "" {
			return withContainers(pod, now, v1.PodPending, waiting(spec.waitingReason, spec.waitingMessage)), 0
		}
		return withContainers(pod, now, v1.PodPending, waiting("ContainerCreating", "")), spec.startDelay
	case stageWaiting:
		if spec.waitingReason != "" {
			return nil, 0
		}
		if left := spec.startDelay - now.Sub(since); left > 0 {
			return nil, left
		}
		return withContainers(pod, now, v1.PodRunning, running(now)), spec.run
	case stageRunning:
		if left := spec.run - now.Sub(since); left > 0 {
			return nil, left
		}
		phase, reason := v1.PodSucceeded, "Completed"
		if spec.exitCode != 0 {
			phase, reason = v1.PodFailed, "Error"
		}
		return withContainers(pod, now, phase, exited(spec.exitCode, reason, spec.terminatedMessage, now)), 0
	}
	return nil, 0
}

// killedStatus is what a kubelet reports for a pod deleted before it
// finished: running containers are killed (137 = SIGKILL), containers that
// never started are reported the way the kubelet reports them.
func killedStatus(pod *v1.Pod, now time.Time) *v1.PodStatus {
	return withContainers(pod, now, v1.PodFailed, func(prev v1.ContainerState) v1.ContainerState {
		if prev.Running != nil {
			return exited(137, "Error", "", now)(prev)
		}
		if prev.Terminated != nil {
			return prev
		}
		return exited(137, "ContainerStatusUnknown", "The container could not be located when the pod was terminated", now)(prev)
	})
}

// containerStateFunc maps a container's previous state to its next one.
type containerStateFunc func(prev v1.ContainerState) v1.ContainerState

func waiting(reason, message string) containerStateFunc {
	return func(v1.ContainerState) v1.ContainerState {
		return v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: reason, Message: message}}
	}
}

func running(now time.Time) containerStateFunc {
	return func(v1.ContainerState) v1.ContainerState {
		return v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: metav1.NewTime(now)}}
	}
}

func exited(code int32, reason, message string, now time.Time) containerStateFunc {
	return func(prev v1.ContainerState) v1.ContainerState {
		started := metav1.NewTime(now)
		if prev.Running != nil {
			started = prev.Running.StartedAt
		}
		return v1.ContainerState{Terminated: &v1.ContainerStateTerminated{
			ExitCode: code, Reason: reason, Message: message,
			StartedAt: started, FinishedAt: metav1.NewTime(now),
		}}
	}
}
