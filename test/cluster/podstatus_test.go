package main

import (
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func simPod(env map[string]string, status v1.PodStatus) *v1.Pod {
	var vars []v1.EnvVar
	for k, v := range env {
		vars = append(vars, v1.EnvVar{Name: k, Value: v})
	}
	return &v1.Pod{
		Spec:   v1.PodSpec{NodeName: nodeName, Containers: []v1.Container{{Name: "main", Image: "img", Env: vars}}},
		Status: status,
	}
}

func containerState(s v1.ContainerState) v1.PodStatus {
	start := metav1.NewTime(t0)
	return v1.PodStatus{Phase: v1.PodPending, StartTime: &start,
		ContainerStatuses: []v1.ContainerStatus{{Name: "main", State: s}}}
}

func TestNextStatus(t *testing.T) {
	running := v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: metav1.NewTime(t0)}}
	creating := v1.ContainerState{Waiting: &v1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	tests := map[string]struct {
		env        map[string]string
		status     v1.PodStatus
		now        time.Time
		wantPhase  v1.PodPhase // "" when nothing is written
		wantReason string      // waiting or terminated reason
		wantExit   int32
		wantAfter  time.Duration
	}{
		"new pod waits ContainerCreating for the start delay": {
			env: map[string]string{"SIM_START_DELAY_SECONDS": "2.5"}, now: t0,
			wantPhase: v1.PodPending, wantReason: "ContainerCreating", wantAfter: 2500 * time.Millisecond,
		},
		"new pod with a waiting reason stays there": {
			env: map[string]string{"SIM_WAITING_REASON": "ImagePullBackOff"}, now: t0,
			wantPhase: v1.PodPending, wantReason: "ImagePullBackOff",
		},
		"waiting pod before its delay is looked at later": {
			env: map[string]string{"SIM_START_DELAY_SECONDS": "3"}, status: containerState(creating), now: t0.Add(time.Second),
			wantAfter: 2 * time.Second,
		},
		"waiting pod after its delay runs": {
			status: containerState(creating), now: t0,
			wantPhase: v1.PodRunning, wantAfter: time.Second,
		},
		"running pod succeeds with exit code 0": {
			status: containerState(running), now: t0.Add(time.Second),
			wantPhase: v1.PodSucceeded, wantReason: "Completed",
		},
		"running pod fails with its exit code": {
			env: map[string]string{"SIM_EXIT_CODE": "3"}, status: containerState(running), now: t0.Add(time.Second),
			wantPhase: v1.PodFailed, wantReason: "Error", wantExit: 3,
		},
		"running pod keeps running until its time is up": {
			env: map[string]string{"SIM_RUN_SECONDS": "10"}, status: containerState(running), now: t0.Add(4 * time.Second),
			wantAfter: 6 * time.Second,
		},
		"finished pod is never rewritten": {
			status: v1.PodStatus{Phase: v1.PodSucceeded}, now: t0,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			pod := simPod(tc.env, tc.status)
			spec, _ := parseSimSpec(pod)
			got, after := nextStatus(pod, spec, stageStart(pod), tc.now)
			if after != tc.wantAfter {
				t.Errorf("after = %v, want %v", after, tc.wantAfter)
			}
			if got == nil {
				if tc.wantPhase != "" {
					t.Fatalf("no status, want phase %s", tc.wantPhase)
				}
				return
			}
			if got.Phase != tc.wantPhase {
				t.Fatalf("phase = %s, want %s", got.Phase, tc.wantPhase)
			}
			state := got.ContainerStatuses[0].State
			switch {
			case state.Waiting != nil && state.Waiting.Reason != tc.wantReason:
				t.Errorf("waiting reason = %q, want %q", state.Waiting.Reason, tc.wantReason)
			case state.Terminated != nil:
				term := state.Terminated
				if term.Reason != tc.wantReason || term.ExitCode != tc.wantExit || !term.StartedAt.Time.Equal(t0) {
					t.Errorf("terminated = %+v, want reason %q exit %d started %v", term, tc.wantReason, tc.wantExit, t0)
				}
			}
		})
	}
}

func TestKilledStatus(t *testing.T) {
	running := simPod(nil, containerState(v1.ContainerState{Running: &v1.ContainerStateRunning{StartedAt: metav1.NewTime(t0)}}))
	if term := killedStatus(running, t0).ContainerStatuses[0].State.Terminated; term.ExitCode != 137 || term.Reason != "Error" {
		t.Errorf("running container killed as %+v", term)
	}
	fresh := simPod(nil, v1.PodStatus{})
	status := killedStatus(fresh, t0)
	if term := status.ContainerStatuses[0].State.Terminated; status.Phase != v1.PodFailed || term.Reason != "ContainerStatusUnknown" {
		t.Errorf("unstarted pod killed as %s %+v", status.Phase, term)
	}
}

func TestParseSimSpecFallsBackOnBadValues(t *testing.T) {
	spec, warnings := parseSimSpec(simPod(map[string]string{"SIM_RUN_SECONDS": "soon", "SIM_EXIT_CODE": "x"}, v1.PodStatus{}))
	if spec.run != time.Second || spec.exitCode != 0 || len(warnings) != 2 {
		t.Errorf("spec %+v warnings %q", spec, warnings)
	}
}

func TestUnschedulableStatus(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	pod := &v1.Pod{}
	status := unschedulableStatus(pod, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity.", t0)
	if status == nil || status.Phase != v1.PodPending || len(status.Conditions) != 1 || status.Conditions[0].Reason != v1.PodReasonUnschedulable {
		t.Fatalf("want Pending with PodScheduled=False Unschedulable, got %+v", status)
	}
	pod.Status = *status
	if again := unschedulableStatus(pod, "x", t0); again != nil {
		t.Fatalf("want nothing more to write, got %+v", again)
	}
}
