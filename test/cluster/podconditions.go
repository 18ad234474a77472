package main

import (
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const simIP = "127.0.0.1"

// withContainers returns a copy of the pod's status in the given phase, with
// every container's state passed through next, and the conditions, IPs and
// start time a kubelet would report alongside.
func withContainers(pod *v1.Pod, now time.Time, phase v1.PodPhase, next containerStateFunc) *v1.PodStatus {
	status := pod.Status.DeepCopy()
	status.Phase = phase
	if status.StartTime == nil {
		t := metav1.NewTime(now)
		status.StartTime = &t
	}
	status.HostIP = simIP
	status.HostIPs = []v1.HostIP{{IP: simIP}}

	previous := map[string]v1.ContainerState{}
	for _, cs := range status.ContainerStatuses {
		previous[cs.Name] = cs.State
	}
	allRunning := true
	status.ContainerStatuses = nil
	for _, c := range pod.Spec.Containers {
		state := next(previous[c.Name])
		isRunning := state.Running != nil
		allRunning = allRunning && isRunning
		status.ContainerStatuses = append(status.ContainerStatuses, v1.ContainerStatus{
			Name:        c.Name,
			Image:       c.Image,
			ImageID:     c.Image,
			ContainerID: "sim://" + string(pod.UID) + "/" + c.Name,
			State:       state,
			Ready:       isRunning,
			Started:     &isRunning,
		})
	}
	if phase == v1.PodRunning {
		status.PodIP = simIP
		status.PodIPs = []v1.PodIP{{IP: simIP}}
	}
	setConditions(status, phase, allRunning, now)
	return status
}

func setConditions(status *v1.PodStatus, phase v1.PodPhase, ready bool, now time.Time) {
	notReadyReason := "ContainersNotReady"
	if phase == v1.PodSucceeded || phase == v1.PodFailed {
		notReadyReason = "PodCompleted"
	}
	sandboxReady := phase == v1.PodPending || phase == v1.PodRunning
	setCondition(status, v1.PodReadyToStartContainers, sandboxReady, "", now)
	setCondition(status, v1.PodInitialized, true, "", now)
	for _, t := range []v1.PodConditionType{v1.ContainersReady, v1.PodReady} {
		reason := ""
		if !ready {
			reason = notReadyReason
		}
		setCondition(status, t, ready, reason, now)
	}
}

// setCondition keeps lastTransitionTime when the condition's status is
// unchanged, as the kubelet does.
func setCondition(status *v1.PodStatus, t v1.PodConditionType, ok bool, reason string, now time.Time) {
	value := v1.ConditionFalse
	if ok {
		value = v1.ConditionTrue
	}
	for i := range status.Conditions {
		c := &status.Conditions[i]
		if c.Type != t {
			continue
		}
		if c.Status != value {
			c.LastTransitionTime = metav1.NewTime(now)
		}
		c.Status, c.Reason = value, reason
		return
	}
	status.Conditions = append(status.Conditions, v1.PodCondition{
		Type: t, Status: value, Reason: reason, LastTransitionTime: metav1.NewTime(now),
	})
}
